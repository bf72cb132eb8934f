"""Refresh IN PLACE keeps every part chibo does not own byte for byte (DESIGN §5).

One workbook per feature a committee's file may carry, built with XlsxWriter or raw XML; each is
refreshed in place, then: every original part outside chibo's own is unchanged, chibo's results
are there, and LibreOffice opens the file (buttons still bound to their macros).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import corpus
import openpyxl
import pytest
import xlwings
from uno_session import run_uno

from addin.files.jobs import refresh_file

AS_OF = dt.date(2026, 1, 5)
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
GLOBAL_PARTS = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                "docProps/app.xml", "xl/calcChain.xml"}
X = b'<x xmlns="urn:chibo-test"/>'
CUSTOM_UI = (b'<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui"><ribbon><tabs>'
             b'<tab id="chibo" label="Chi bo"><group id="g" label="G"><button id="b" label="Chay" onAction="Chay"/>'
             b'</group></tab></tabs></ribbon></customUI>')
CUSTOM_UI_REL = (b'<Relationship Id="rIdUI" Type="http://schemas.microsoft.com/office/2007/relationships/'
                 b'ui/extensibility" Target="customUI/customUI14.xml"/></Relationships>')
EXTERNAL_LINK = (b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                 b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                 b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook>'
                 b'</externalLink>')
EXTERNAL_LINK_RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      b'relationships/externalLinkPath" Target="file:///C:/Khac/So%20cu.xlsx" TargetMode="External"/>'
                      b'</Relationships>')
PIVOT_CACHE = (b'<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" refreshOnLoad="1" '
               b'recordCount="0"><cacheSource type="worksheet"><worksheetSource ref="A1:B6" sheet="Theo d\xc3\xb5i"/>'
               b'</cacheSource><cacheFields count="2"><cacheField name="STT" numFmtId="0"><sharedItems/></cacheField>'
               b'<cacheField name="H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan" numFmtId="0"><sharedItems/></cacheField>'
               b'</cacheFields></pivotCacheDefinition>')


def fake_vba() -> bytes:
    """A real VBA project (xlwings' standalone quickstart), so LibreOffice can bind buttons to it."""
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm") as zf:
        return zf.read("xl/vbaProject.bin")


def with_parts(src: Path, dst: Path, *, add: dict[str, tuple[str | None, bytes]],
               replace: dict[str, Callable[[bytes], bytes]]) -> Path:
    """Copy a package, adding parts (content type None: no override) and editing parts."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in replace:
                data = replace[info.filename](data)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", "".join(
                    f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, (kind, _) in add.items() if kind
                ).encode() + b"</Types>")
            new.writestr(info.filename, data)
        for part, (_, data) in add.items():
            new.writestr(part, data)
    return dst


def workbook_rel(rel_id: str, kind: str, target: str) -> Callable[[bytes], bytes]:
    rel = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"/></Relationships>'.encode()
    return lambda xml: xml.replace(b"</Relationships>", rel)


def insert_after(tag: bytes, element: bytes) -> Callable[[bytes], bytes]:
    """Insert `element` just after the first `<tag …>` element of a part."""
    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<" + tag)
        close = xml.index(b">", start)
        end = close + 1 if xml[close - 1:close] == b"/" else xml.index(b">", xml.index(b"</" + tag, start)) + 1
        return xml[:end] + element + xml[end:]
    return edit


def _x14_cf(directory: Path) -> Path:
    return corpus.workbook(directory, "x14 cf.xlsx", lambda b, s: s.conditional_format(
        "A2:A6", {"type": "data_bar", "data_bar_2010": True}))


def _image(directory: Path) -> Path:
    return corpus.workbook(directory, "ảnh.xlsx", lambda b, s: s.insert_image(
        "K2", "logo.png", {"image_data": io.BytesIO(corpus.png())}))


def _shape(directory: Path) -> Path:
    return corpus.workbook(directory, "hình.xlsx", lambda b, s: s.insert_textbox("K2", "Ghi chú của chi ủy"))


def _chart(directory: Path) -> Path:
    def setup(book, sheet) -> None:
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": "='Theo dõi'!$A$2:$A$6", "fill": {"color": "#C00000"}})
        sheet.insert_chart("K2", chart)
    return corpus.workbook(directory, "biểu đồ.xlsx", setup)


def _comment(directory: Path) -> Path:
    return corpus.workbook(directory, "ghi chú.xlsx", lambda b, s: s.write_comment("B2", "Đã xác minh"))


def _table(directory: Path) -> Path:
    def setup(book, sheet) -> None:
        other = book.add_worksheet("Danh mục")
        other.add_table("A1:B4", {"name": "DanhMuc", "columns": [{"header": "Mã"}, {"header": "Tên"}]})
    return corpus.workbook(directory, "bảng.xlsx", setup)


def _protected(directory: Path) -> Path:
    def setup(book, sheet) -> None:
        book.get_worksheet_by_name("Cài đặt").protect("", {"select_locked_cells": True})
        book.add_worksheet("Ẩn").hide()
    src = corpus.workbook(directory, "bảo vệ nguồn.xlsx", setup)
    lock = insert_after(b"workbookPr", b'<workbookProtection lockStructure="1"/>')
    return with_parts(src, directory / "bảo vệ.xlsx", add={}, replace={"xl/workbook.xml": lock})


def _pivot_cache(directory: Path) -> Path:
    src = corpus.workbook(directory, "pivot nguồn.xlsx")
    caches = b'<pivotCaches><pivotCache cacheId="1" r:id="rIdPivot"/></pivotCaches>'
    return with_parts(src, directory / "pivot.xlsx", add={
        "xl/pivotCache/pivotCacheDefinition1.xml": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml", PIVOT_CACHE)},
        replace={"xl/_rels/workbook.xml.rels": workbook_rel(
            "rIdPivot", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition",
            "pivotCache/pivotCacheDefinition1.xml"),
            "xl/workbook.xml": insert_after(b"calcPr", caches)})


def _external_link(directory: Path) -> Path:
    src = corpus.workbook(directory, "liên kết nguồn.xlsx")
    refs = b'<externalReferences><externalReference r:id="rIdExt"/></externalReferences>'
    return with_parts(src, directory / "liên kết.xlsx", add={
        "xl/externalLinks/externalLink1.xml": (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml", EXTERNAL_LINK),
        "xl/externalLinks/_rels/externalLink1.xml.rels": (None, EXTERNAL_LINK_RELS)},
        replace={"xl/_rels/workbook.xml.rels": workbook_rel(
            "rIdExt", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink",
            "externalLinks/externalLink1.xml"),
            "xl/workbook.xml": insert_after(b"sheets", refs)})


def _xlsm_button(directory: Path) -> Path:
    (directory / "vbaProject.bin").write_bytes(fake_vba())
    path = directory / "nút.xlsm"
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    book.add_vba_project(str(directory / "vbaProject.bin"))
    register = book.add_worksheet("Theo dõi")
    register.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn"])
    for row in range(1, 6):
        register.write_row(row, 0, [row, f"Nguyễn Văn {chr(64 + row)}", "01/02/2001", "15/03/2025"])
    register.insert_button("K2", {"macro": "SampleCall", "caption": "Chạy"})
    book.add_worksheet("Cài đặt").write_row(0, 0, ["Mục", "Giá trị"])
    book.close()
    return path


def _custom_ui(directory: Path) -> Path:
    src = _xlsm_button(directory)
    return with_parts(src, directory / "ribbon.xlsm", add={"customUI/customUI14.xml": (None, CUSTOM_UI)},
                      replace={"_rels/.rels": lambda xml: xml.replace(b"</Relationships>", CUSTOM_UI_REL)})


FEATURES: dict[str, Callable[[Path], Path]] = {
    "x14_validation": corpus.x14_validation,
    "x14_conditional_format": _x14_cf,
    "image": _image,
    "shape": _shape,
    "user_chart": _chart,
    "comment": _comment,
    "table": _table,
    "pivot_cache": _pivot_cache,
    "external_link": _external_link,
    "custom_ui": _custom_ui,
    "protection_and_hidden_sheet": _protected,
    "xlsm_button_bound_to_macro": _xlsm_button,
}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → worksheet part."""
    with zipfile.ZipFile(path) as zf:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = {r.get("Id"): r.get("Target") for r in ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))}
    return {s.get("name"): "xl/" + rels[s.get(REL_ID)].removeprefix("/xl/") for s in book.iter(MAIN + "sheet")}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, bytes], Path]]:
    """Each feature workbook, its parts before, refreshed in place twice."""
    out = {}
    for kind, build in FEATURES.items():
        folder = tmp_path_factory.mktemp(kind)
        path = build(folder)
        before = members(path)
        for _ in range(2):
            result = refresh_file(path, as_of=AS_OF)
            assert result.ok, (kind, result.error)
        out[kind] = (before, path)
    return out


@pytest.mark.parametrize("kind", sorted(FEATURES))
def test_every_part_chibo_does_not_own_is_byte_identical(refreshed, kind: str) -> None:
    before, path = refreshed[kind]
    after = members(path)
    owned = GLOBAL_PARTS | {sheet_parts(path)["Theo dõi"]}
    kept = [name for name in before if name not in owned]
    assert kept, kind
    assert [name for name in kept if after.get(name) != before[name]] == []
    assert "xl/worksheets/sheet2.xml" in kept  # the committee's own `Cài đặt` sheet


def user_cells(sheet_xml: bytes) -> list[bytes]:
    """The stored cells of the committee's own columns A–D of the register."""
    return re.findall(rb'<c r="[A-D]\d+".*?(?:/>|</c>)', sheet_xml)


@pytest.mark.parametrize("kind", sorted(FEATURES))
def test_register_sheet_keeps_its_own_cells_and_extensions(refreshed, kind: str) -> None:
    before, path = refreshed[kind]
    part = sheet_parts(path)["Theo dõi"]
    old, new = before[part], members(path)[part]
    assert len(user_cells(old)) == 24 and user_cells(new) == user_cells(old)
    for element in (b"<x14:dataValidation ", b"<x14:conditionalFormatting", b"<drawing ", b"<legacyDrawing "):
        assert (element in new) == (element in old), element


@pytest.mark.parametrize("kind", sorted(FEATURES))
def test_owned_results_are_written(refreshed, kind: str) -> None:
    _, path = refreshed[kind]
    book = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")
    assert {"Kiểm tra", "Chỉ tiêu", "Ngày nghỉ"} <= set(book.sheetnames)
    headers = [c.value for c in book["Theo dõi"][1]]
    assert headers[:4] == ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn"]
    assert "Kết quả kiểm tra" in headers
    assert book["Kiểm tra"]["A4"].value == "STT"


def test_styles_are_appended_once(refreshed) -> None:
    before, path = refreshed["comment"]
    count = ElementTree.fromstring(members(path)["xl/styles.xml"]).find(MAIN + "cellXfs").get("count")
    again = refresh_file(path, as_of=AS_OF)
    assert again.ok
    assert ElementTree.fromstring(members(path)["xl/styles.xml"]).find(MAIN + "cellXfs").get("count") == count
    original = ElementTree.fromstring(before["xl/styles.xml"]).find(MAIN + "cellXfs")
    assert int(count) > len(original)  # chibo's formats were appended after the committee's


_OPEN_ALL = """
    for path in args:
        doc = load(path)
        sheets = doc.Sheets
        register = sheets.getByName("Theo dõi").DrawPage
        result[path] = {"sheets": list(sheets.ElementNames), "buttons": form_buttons(register),
                        "check": sheets.getByName("Kiểm tra").getCellByPosition(0, 3).getString(),
                        "shapes": register.Count}
        doc.close(True)
"""


@pytest.mark.needs("soffice", "uno")
def test_libreoffice_opens_every_refreshed_workbook(refreshed, tmp_path: Path) -> None:
    paths = {kind: str(path) for kind, (_, path) in refreshed.items()}
    seen = run_uno(_OPEN_ALL, list(paths.values()), tmp_path, timeout=600)
    for kind, path in paths.items():
        assert seen[path]["check"] == "STT", kind
        assert {"Theo dõi", "Cài đặt", "Kiểm tra"} <= set(seen[path]["sheets"]), kind
    for kind in ("image", "shape", "user_chart"):
        assert seen[paths[kind]]["shapes"] >= 1, kind
    macro = "vnd.sun.star.script:VBAProject.{}.SampleCall?language=Basic&location=document"
    for kind in ("xlsm_button_bound_to_macro", "custom_ui"):
        [[caption, scripts]] = seen[paths[kind]]["buttons"]
        assert caption == "Chạy" and len(scripts) == 1 and scripts[0].endswith(".SampleCall?language=Basic&location=document")
        assert scripts[0].startswith(macro.split("{}")[0])
