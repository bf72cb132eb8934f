"""XML elements and attributes are matched by namespace URI and local name, not by local name alone and
not by prefix (issue 19 §3): an extension's element of the same local name is not the format's, and the
relationship id is found whatever prefix the file gives its namespace."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from opc_packages import PLAN, base_book, parts, rebuilt, replace

from addin.files.splice import write_updates
from addin.files.xmlparts import RELATIONSHIPS, outline, parse
from addin.workbook.updates import Block, Cell, SheetUpdate

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_outline_names_foreign_children_by_their_namespace() -> None:
    data = (f'<x:worksheet xmlns:x="{MAIN}" xmlns:o="urn:example"><x:dimension ref="A1"/><o:sheetData/>'
            f'<x:sheetData><x:row r="1"/></x:sheetData><sheetData xmlns="urn:other"/></x:worksheet>').encode()
    shape = outline(data)
    assert shape.uri == MAIN
    assert [s.name for s in shape.children] == ["dimension", "{urn:example}sheetData", "sheetData",
                                                "{urn:other}sheetData"]
    main = next(s for s in shape.children if s.name == "sheetData")
    assert data[main.start:main.end] == b'<x:sheetData><x:row r="1"/></x:sheetData>'


def test_elements_and_attributes_by_namespace() -> None:
    tree = parse(f'<workbook xmlns="{MAIN}" xmlns:rel="{REL}" xmlns:o="urn:example"><sheets>'
                 '<sheet name="A" o:id="rId9" rel:id="rId1"/><o:sheet name="B" rel:id="rId2"/>'
                 '<sheet xmlns="urn:other" name="C"/></sheets></workbook>')
    sheets = tree.first("sheets")
    assert sheets is not None
    found = sheets.elements("sheet")
    assert [s.attrs["name"] for s in found] == ["A"]
    assert found[0].attr("id", RELATIONSHIPS) == "rId1"  # not o:id, which comes first
    assert found[0].attr("name", RELATIONSHIPS) is None


def test_a_fragment_is_read_in_the_namespaces_of_its_part() -> None:
    data = f'<workbook xmlns="{MAIN}" xmlns:q="{REL}"><sheets><sheet name="A" q:id="rId3"/></sheets></workbook>'.encode()
    shape = outline(data, skip=frozenset())
    span = shape.children[0]
    sheet = parse(data[span.start:span.end], shape.scope).elements("sheet")[0]
    assert sheet.attr("id", RELATIONSHIPS) == "rId3"


def test_the_writer_finds_sheets_by_namespace_not_by_prefix(tmp_path: Path) -> None:
    """workbook.xml with the relationship namespace under another prefix and a foreign `o:id` on each sheet
    (first, pointing at the wrong sheet): the update lands on the plan sheet, other parts keep their bytes."""
    src = rebuilt(base_book(tmp_path / "base.xlsx"), tmp_path / "ns.xlsx", {"xl/workbook.xml": lambda data: data
        .replace(b'xmlns:r="', b'xmlns:o="urn:example" xmlns:rel="')
        .replace(b'r:id="rId1"', b'o:id="rId2" rel:id="rId1"').replace(b'r:id="rId2"', b'o:id="rId1" rel:id="rId2"')})
    out = tmp_path / "out.xlsx"
    write_updates(src, out, [SheetUpdate(PLAN, blocks=(Block(1, 1, ((Cell("Kế hoạch"),),)),))])
    book = openpyxl.load_workbook(out)
    assert book[PLAN]["A1"].value == "Kế hoạch"
    assert book["Theo dõi"]["B2"].value == "Nguyễn Văn An"
    before, after = parts(src), parts(out)
    assert after["xl/worksheets/sheet1.xml"] == before["xl/worksheets/sheet1.xml"]
    assert after["xl/workbook.xml"] == before["xl/workbook.xml"]
    assert b'rel:id="rId2"' in after["xl/workbook.xml"]


def test_a_foreign_element_of_the_same_name_is_kept_and_not_written_into(tmp_path: Path) -> None:
    """A sheet part holding an extension's `sheetData` before its own: chibo writes into the format's."""
    foreign = b'<o:sheetData xmlns:o="urn:example"><o:row r="1"/></o:sheetData>'
    src = rebuilt(base_book(tmp_path / "base.xlsx"), tmp_path / "ns.xlsx",
                  {"xl/worksheets/sheet2.xml": replace(b"<sheetData/>", foreign + b"<sheetData/>")})
    out = tmp_path / "out.xlsx"
    write_updates(src, out, [SheetUpdate(PLAN, blocks=(Block(1, 1, ((Cell("Kế hoạch"),),)),))])
    xml = parts(out)["xl/worksheets/sheet2.xml"].decode("utf-8")
    assert foreign.decode() in xml
    assert '<sheetData><row r="1" spans="1:1"><c r="A1" t="inlineStr"><is><t>Kế hoạch</t></is></c></row></sheetData>' in xml
