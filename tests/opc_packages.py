"""Hand-made variants of a workbook package for the writer's edge cases (issue 19 §3): a base workbook from
XlsxWriter, then parts replaced, added, removed or renamed byte for byte with zipfile."""
from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import xlsxwriter

PLAN = "Kế hoạch 2027"
QUOTA = "Chỉ tiêu"

Change = bytes | Callable[[bytes], bytes] | None  # new bytes, an edit of the old bytes, or removal


def base_book(path: Path, *, sheets: tuple[str, ...] = ("Theo dõi", PLAN)) -> Path:
    """A small workbook: `Theo dõi` with a header and one person, then the other sheets, empty."""
    book = xlsxwriter.Workbook(str(path))
    register = book.add_worksheet(sheets[0])
    register.write_row(0, 0, ["STT", "Họ và tên"])
    register.write_row(1, 0, [1, "Nguyễn Văn An"])
    for name in sheets[1:]:
        book.add_worksheet(name)
    book.close()
    return path


def rebuilt(src: Path, dst: Path, changes: Mapping[str, Change] = {}, *, add: Mapping[str, bytes] = {},
            rename: Mapping[str, str] = {}) -> Path:
    """`src` with parts changed, added and renamed; every other part keeps its bytes."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = old.read(name)
            if name in changes:
                change = changes[name]
                if change is None:
                    continue
                data = change(data) if callable(change) else change
            new.writestr(rename.get(name, name), data)
        for name, data in add.items():
            new.writestr(name, data)
    return dst


def parts(path: Path) -> dict[str, bytes]:
    """Every part's uncompressed bytes, by name."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """An edit replacing `old` (which must be there) by `new`."""
    def edit(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new)
    return edit


WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def sheet_renamed(src: Path, dst: Path) -> Path:
    """The first sheet's member stored as `Sheet1.xml` while every reference says `sheet1.xml`."""
    return rebuilt(src, dst, rename={"xl/worksheets/sheet1.xml": "xl/worksheets/Sheet1.xml"})


def workbook_by_default(src: Path, dst: Path) -> Path:
    """The workbook's content type declared by `<Default Extension="xml">`, with no `<Override>` for it."""
    return rebuilt(src, dst, {"[Content_Types].xml": lambda data: data
        .replace(b'<Override PartName="/xl/workbook.xml" ContentType="' + WORKBOOK_TYPE.encode() + b'"/>', b"")
        .replace(b'<Default Extension="xml" ContentType="application/xml"/>',
                 b'<Default Extension="xml" ContentType="' + WORKBOOK_TYPE.encode() + b'"/>')})


def workbook_renamed(src: Path, dst: Path) -> Path:
    """The workbook part stored as `xl/Book.xml` (its relationships beside it), as the package rules allow."""
    return rebuilt(src, dst, {
        "_rels/.rels": replace(b'Target="xl/workbook.xml"', b'Target="xl/Book.xml"'),
        "[Content_Types].xml": replace(b'PartName="/xl/workbook.xml"', b'PartName="/xl/Book.xml"'),
    }, rename={"xl/workbook.xml": "xl/Book.xml", "xl/_rels/workbook.xml.rels": "xl/_rels/Book.xml.rels"})


TRANSITIONAL_TO_STRICT = {  # namespaces Excel writes in a "Strict Open XML Spreadsheet" (ISO/IEC 29500 Strict)
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    b"http://schemas.openxmlformats.org/drawingml/2006/main": b"http://purl.oclc.org/ooxml/drawingml/main",
}


def strict(src: Path, dst: Path) -> Path:
    """The workbook as Strict OOXML: every part's transitional namespaces (and relationship types) replaced."""
    def convert(data: bytes) -> bytes:
        for old, new in TRANSITIONAL_TO_STRICT.items():
            data = data.replace(old, new)
        return data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
    with zipfile.ZipFile(src) as z:
        names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
    return rebuilt(src, dst, dict.fromkeys(names, convert))
