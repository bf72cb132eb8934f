"""Real workbooks and bad or hostile files for tests, written into a (pytest tmp) directory.

Each builder takes a directory and returns the path of the file it wrote. Nothing here
is committed as a binary: everything is built at test time.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path

import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

MIB = 1 << 20
WORKBOOK_NAME = "Sổ theo dõi.xlsx"
PASSWORD = "chibo-123"
FAKE_VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not a real VBA project"
X14_NS = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"

Setup = Callable[[xlsxwriter.Workbook, "xlsxwriter.worksheet.Worksheet"], None]


# --- real workbooks --------------------------------------------------------------------

def workbook(directory: Path, name: str = WORKBOOK_NAME, setup: Setup | None = None, *,
             vba: bool = False) -> Path:
    """A small register workbook made by XlsxWriter; `setup` may add features to it."""
    path = directory / name
    book = xlsxwriter.Workbook(str(path))
    if vba:
        book.add_vba_project(io.BytesIO(FAKE_VBA), is_stream=True)
    register = book.add_worksheet("Theo dõi")
    settings = book.add_worksheet("Cài đặt")
    register.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn"])
    for row in range(1, 6):
        register.write_row(row, 0, [row, f"Nguyễn Văn {chr(64 + row)}", "01/02/2001", "15/03/2025"])
    settings.write_row(0, 0, ["Mục", "Giá trị"])
    settings.write_row(1, 0, ["Tên chi bộ", "Chi bộ Kiểm thử"])
    if setup is not None:
        setup(book, register)
    book.close()
    return path


def large_workbook(directory: Path, rows: int = 5000, columns: int = 35) -> Path:
    """A register of realistic size, for timing."""
    path = directory / "Sổ lớn.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Theo dõi")
    for row in range(rows):
        sheet.write_row(row, 0, [f"Ô {row}-{col} Nguyễn Thị Hà" if col % 3 else row * col for col in range(columns)])
    book.close()
    return path


def png() -> bytes:
    """A 1×1 red PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def rewrite(src: Path, dst: Path, *, replace: Mapping[str, Callable[[bytes], bytes]] = {},
            add: Mapping[str, tuple[str, bytes]] = {}) -> Path:
    """Copy a package, editing parts and adding parts (name -> (content type, bytes))."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in replace:
                data = replace[info.filename](data)
            if info.filename == "[Content_Types].xml" and add:
                overrides = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>'
                                    for part, (kind, _) in add.items())
                data = data.replace(b"</Types>", overrides.encode() + b"</Types>")
            new.writestr(info.filename, data)
        for part, (_, data) in add.items():
            new.writestr(part, data)
    return dst


def with_sheet_extension(src: Path, dst: Path, extension: str) -> Path:
    """Append a worksheet-level `<extLst>` (as Excel 2010+ writes x14 content) to sheet 1."""
    def edit(xml: bytes) -> bytes:
        block = f'<extLst><ext xmlns:x14="{X14_NS}" uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}">{extension}</ext></extLst>'
        return xml.replace(b"</worksheet>", block.encode() + b"</worksheet>")
    return rewrite(src, dst, replace={"xl/worksheets/sheet1.xml": edit})


def x14_validation(directory: Path) -> Path:
    """A list validation whose source is on another sheet, written the x14 way."""
    ext = ('<x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
           '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>\'Cài đặt\'!$B$2:$B$3</xm:f>'
           '</x14:formula1><xm:sqref>E2:E6</xm:sqref></x14:dataValidation></x14:dataValidations>')
    return with_sheet_extension(workbook(directory, "nguồn.xlsx"), directory / "Kiểm tra x14.xlsx", ext)


def text_file(directory: Path) -> Path:
    """A note saved with a workbook's name."""
    path = directory / "ghi chú.xlsx"
    path.write_text("Danh sách quần chúng ưu tú — bản nháp\n", encoding="utf-8")
    return path


def csv_renamed(directory: Path) -> Path:
    """A CSV export renamed to .xlsx."""
    path = directory / "Theo dõi (CSV).xlsx"
    path.write_text("STT,Họ và tên,Ngày sinh\n1,Nguyễn Văn A,01/02/2001\n", encoding="utf-8-sig")
    return path


def empty_file(directory: Path) -> Path:
    path = directory / "rỗng.xlsx"
    path.write_bytes(b"")
    return path


def truncated(directory: Path) -> Path:
    """A real workbook cut off in the middle, as an interrupted copy leaves it."""
    data = workbook(directory, "đầy đủ.xlsx").read_bytes()
    path = directory / "bị cắt.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_member(directory: Path) -> Path:
    """A workbook whose central directory is intact but one part's data is garbage."""
    path = workbook(directory, "hỏng dữ liệu.xlsx")
    data = bytearray(path.read_bytes())
    start = data.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return path


def encrypted(directory: Path) -> Path:
    """A genuine password-protected workbook (ECMA-376 agile encryption in an OLE file)."""
    plain = workbook(directory, "chưa mã hóa.xlsx")
    path = directory / "có mật khẩu.xlsx"
    with open(plain, "rb") as source, open(path, "wb") as target:
        OOXMLFile(source).encrypt(PASSWORD, target)
    return path


def old_xls(directory: Path) -> Path:
    """A minimal Excel 97–2003 file: a compound file (CFB v3) with a BIFF8 `Workbook` stream.

    Layout (MS-CFB): header, sector 0 = FAT, sector 1 = directory, sectors 2–9 = stream.
    """
    sector, end, free, fat_sector, no_stream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006)
    eof = struct.pack("<HH", 0x000A, 0)
    stream = (bof + eof).ljust(8 * sector, b"\0")  # 4096 bytes: regular sectors, no mini stream
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    fat = struct.pack("<10I", fat_sector, end, 3, 4, 5, 6, 7, 8, 9, end).ljust(sector, b"\xff")

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", no_stream, no_stream, child) + b"\0" * 36
                + struct.pack("<IQ", start, size))
    directory_sector = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, no_stream, 2, len(stream))
                        + entry("", 0, no_stream, 0, 0) * 2)
    path = directory / "danh sách cũ.xls"
    path.write_bytes(header + fat + directory_sector + stream)
    return path


def xls_renamed(directory: Path) -> Path:
    """An old .xls somebody renamed to .xlsx."""
    source = old_xls(directory)
    path = directory / "đổi đuôi.xlsx"
    path.write_bytes(source.read_bytes())
    return path


def zip_not_workbook(directory: Path) -> Path:
    path = directory / "ảnh chụp.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "Không phải sổ tính")
    return path


def zip_without_workbook_part(directory: Path) -> Path:
    """A package with content types but no workbook part."""
    def drop_workbook(xml: bytes) -> bytes:
        return xml.replace(b"sheet.main+xml", b"sheet.gone+xml")
    return rewrite(workbook(directory, "nguồn.xlsx"), directory / "thiếu workbook.xlsx",
                   replace={"[Content_Types].xml": drop_workbook})


def xlsb(directory: Path) -> Path:
    """A package declaring a binary (.xlsb) workbook part."""
    return rewrite(workbook(directory, "nguồn.xlsx"), directory / "nhị phân.xlsx",
                   add={"xl/workbook.bin": ("application/vnd.ms-excel.sheet.binary.macroEnabled.main", b"\0")})


def _zeros(archive: zipfile.ZipFile, name: str, size: int) -> None:
    """Stream `size` bytes of zeros into a new part (the archive's compression level applies)."""
    with archive.open(name, "w", force_zip64=True) as stream:
        chunk = b"\0" * MIB
        for _ in range(size // MIB):
            stream.write(chunk)


def bomb_by_ratio(directory: Path) -> Path:
    """A workbook with a 50 MB part of zeros that compresses about a thousandfold."""
    path = rewrite(workbook(directory, "nguồn.xlsx"), directory / "bom tỷ lệ.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _zeros(archive, "xl/media/padding.bin", 50 * MIB)
    return path


def bomb_by_total(directory: Path) -> Path:
    """A workbook whose parts, each under the ratio check, add up to 230 MB."""
    path = rewrite(workbook(directory, "nguồn.xlsx"), directory / "bom tổng.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for index in range(23):
            _zeros(archive, f"xl/media/padding{index}.bin", 10 * MIB)
    return path


def bomb_with_forged_size(directory: Path) -> Path:
    """A part that declares 1 KB but inflates to 5 MB (its declared sizes are patched)."""
    path = rewrite(workbook(directory, "nguồn.xlsx"), directory / "bom khai gian.xlsx")
    name = b"xl/sharedStrings2.xml"
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _zeros(archive, name.decode(), 5 * MIB)
    data = bytearray(path.read_bytes())
    # (signature, offset of the uncompressed size, offset of the name) in local and central headers
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_at: start + name_at + len(name)] == name:
                data[start + size_at: start + size_at + 4] = struct.pack("<I", 1024)
            start += len(signature)
    path.write_bytes(bytes(data))
    return path


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol9;" sheetId="1"/></sheets></workbook>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>
"""


def billion_laughs(directory: Path) -> Path:
    return rewrite(workbook(directory, "nguồn.xlsx"), directory / "cười tỷ lần.xlsx",
                   replace={"xl/workbook.xml": lambda _: BILLION_LAUGHS})


def external_entity(directory: Path) -> Path:
    return rewrite(workbook(directory, "nguồn.xlsx"), directory / "thực thể ngoài.xlsx",
                   replace={"xl/sharedStrings.xml": lambda _: EXTERNAL_ENTITY})


def hostile_vml(directory: Path) -> Path:
    """An entity declaration in a legacy VML part (which is not parsed as XML)."""
    src = workbook(directory, "ghi chú nguồn.xlsx", lambda book, sheet: sheet.write_comment("B2", "Ghi chú"))
    return rewrite(src, directory / "vml độc.xlsx",
                   replace={"xl/drawings/vmlDrawing1.vml": lambda xml: b'<!DOCTYPE x [<!ENTITY a "b">]>' + xml})


def malformed_xml(directory: Path) -> Path:
    return rewrite(workbook(directory, "nguồn.xlsx"), directory / "XML hỏng.xlsx",
                   replace={"xl/styles.xml": lambda xml: xml[: len(xml) // 2]})


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "text": text_file,
    "csv": csv_renamed,
    "empty": empty_file,
    "truncated": truncated,
    "corrupt_member": corrupt_member,
    "encrypted": encrypted,
    "xls": old_xls,
    "xls_renamed": xls_renamed,
    "zip_not_workbook": zip_not_workbook,
    "no_workbook_part": zip_without_workbook_part,
    "xlsb": xlsb,
    "bomb_ratio": bomb_by_ratio,
    "bomb_total": bomb_by_total,
    "bomb_forged": bomb_with_forged_size,
    "billion_laughs": billion_laughs,
    "external_entity": external_entity,
    "hostile_vml": hostile_vml,
    "malformed_xml": malformed_xml,
}


# --- registers with bad data (typed by hand over years) ---------------------------------

class Formula(tuple):
    """A formula cell with the value Excel last saved, e.g. Formula(("=NA()", "#N/A"))."""

    @property
    def text(self) -> str:
        return self[0]

    @property
    def cached(self) -> object:
        return self[1]


DATA_HEADERS = ("STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn", "Ngày làm đơn", "Số tán thành",
                "Ngày chi bộ xét kết nạp", "Ghi chú")  # columns A…H


def write_value(sheet: xlsxwriter.worksheet.Worksheet, row: int, column: int, value: object,
                date_format: object) -> None:
    """Write one value with its own type: text always as text, never as a formula."""
    import datetime as dt

    if value is None:
        return
    if isinstance(value, Formula):
        sheet.write_formula(row, column, value.text, None, value.cached)
    elif isinstance(value, str):
        sheet.write_string(row, column, value)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, column, value, date_format)
    else:
        raise TypeError(f"cannot write {value!r}")


def register_book(directory: Path, name: str, rows: list[list[object]], *,
                  headers: tuple[str | None, ...] = DATA_HEADERS, sheet: str = "Theo dõi",
                  title_rows: int = 0, other_sheets: Mapping[str, list[list[object]]] = {}) -> Path:
    """A register written by XlsxWriter cell by cell, so each value keeps exactly its type."""
    path = directory / name
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    register = book.add_worksheet(sheet)
    if title_rows:
        register.write_string(0, 0, "DANH SÁCH THEO DÕI QUẦN CHÚNG ƯU TÚ")
    for c, header in enumerate(headers):
        write_value(register, title_rows, c, header, date_format)
    for r, values in enumerate(rows, start=title_rows + 1):
        for c, value in enumerate(values):
            write_value(register, r, c, value, date_format)
    for title, grid in other_sheets.items():
        ws = book.add_worksheet(title)
        for r, values in enumerate(grid):
            for c, value in enumerate(values):
                write_value(ws, r, c, value, date_format)
    book.close()
    return path


def without_register(directory: Path) -> Path:
    """No sheet is a register: names without birth dates, under other sheet names."""
    rows = [["STT", "Họ và tên", "Chi bộ"], [1, "Nguyễn Văn An", "Chi bộ 1"]]
    return register_book(directory, "không có sổ.xlsx", [], headers=(), sheet="Danh sách 2025",
                         other_sheets={"Tổng hợp": rows})


def without_header(directory: Path) -> Path:
    """A register whose headers were typed without accents and abbreviated beyond recognition."""
    return register_book(directory, "sai tiêu đề.xlsx", [[1, "Nguyễn Văn An", "15/03/1998"]],
                         headers=("TT", "Ho ten QC", "Ngay sinh"), title_rows=1)


def two_registers(directory: Path) -> Path:
    """The register copied to a second sheet under an alias name."""
    rows = [[1, "Nguyễn Văn An", "15/03/1998"]]
    return register_book(directory, "hai sổ.xlsx", rows, headers=DATA_HEADERS[:3],
                         other_sheets={"Quần chúng": [list(DATA_HEADERS[:3]), *rows]})


def merged_header(directory: Path) -> Path:
    """A committee's two-row header: vertical merges, and "Người giới thiệu" merged over "1" | "2"."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Theo dõi"
    ws["A1"] = "DANH SÁCH QUẦN CHÚNG ƯU TÚ"
    ws.merge_cells("A1:G1")
    for column, text in zip("ABCDFG", ["STT", "Họ và tên", "Ngày sinh", "Người giới thiệu",
                                       "Ngày chi bộ xét kết nạp", "Ghi chú"]):
        ws[f"{column}3"] = text
    for ref in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4"):
        ws.merge_cells(ref)
    ws["D4"], ws["E4"] = "1", "2"
    ws.append([1, "Nguyễn Văn An", "15/03/1998", "Trần Văn Bình", "Lê Thị Cúc", "10/10/2024", None])
    ws.append([2, "Lê Thị Hoa", "01/02/2000", "Trần Văn Bình", None, "31/02/2026", "xét lại"])
    path = directory / "tiêu đề gộp.xlsx"
    wb.save(path)
    return path
