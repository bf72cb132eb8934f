"""The package layer of the splice writer: members copied as stored, whatever their zip flags; the
global parts (calculation chain, app properties) kept consistent with what changed."""
from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

from addin.files.splice import write_updates
from addin.workbook.updates import Block, Cell, SheetUpdate

PLAN = "Kế hoạch 2027"
CALC_CHAIN = (b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<c r="B9" i="1"/></calcChain>')


def source_book(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Theo dõi")
    ws.write_row(0, 0, ["STT", "Họ và tên"])
    ws.write_row(1, 0, [1, "Nguyễn Văn An"])
    plan = book.add_worksheet(PLAN)
    for r in range(1, 9):
        plan.write_number(r - 1, 0, r)
    plan.write_formula(8, 1, "=SUM(A1:A8)", None, 36)
    book.close()
    return path


def stored(path: Path, name: str) -> bytes:
    """A member's compressed bytes as the file holds them."""
    with zipfile.ZipFile(path) as zf, open(path, "rb") as raw:
        info = zf.getinfo(name)
        raw.seek(info.header_offset)
        header = raw.read(30)
        name_length, extra_length = struct.unpack("<2H", header[26:30])
        raw.seek(info.header_offset + 30 + name_length + extra_length)
        return raw.read(info.compress_size)


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes data descriptors after each member."""

    def __init__(self, target: io.BufferedWriter) -> None:
        self.target = target

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        return self.target.write(data)


def with_descriptors_and_zip64(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as old, open(dst, "wb") as out:
        with zipfile.ZipFile(_Unseekable(out), "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                with new.open(zipfile.ZipInfo(info.filename, info.date_time), "w", force_zip64=True) as member:
                    member.write(old.read(info))
    return dst


def test_members_with_data_descriptors_and_zip64_fields_are_copied_as_stored(tmp_path: Path) -> None:
    src = with_descriptors_and_zip64(source_book(tmp_path / "plain.xlsx"), tmp_path / "descriptors.xlsx")
    with zipfile.ZipFile(src) as zf:
        assert all(info.flag_bits & 0x08 for info in zf.infolist())  # really data descriptors
        before = {info.filename: zf.read(info) for info in zf.infolist()}
    out = tmp_path / "out.xlsx"
    write_updates(src, out, [SheetUpdate("Kiểm tra", blocks=(Block(1, 1, ((Cell("STT"),),)),))])
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        after = {info.filename: zf.read(info) for info in zf.infolist()}
        assert not any(info.flag_bits & 0x08 for info in zf.infolist())
    untouched = ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/theme/theme1.xml",
                 "docProps/core.xml", "_rels/.rels"]
    for name in untouched:
        assert after[name] == before[name]
        assert stored(out, name) == stored(src, name)  # never inflated and deflated again
    assert openpyxl.load_workbook(out)["Kiểm tra"]["A1"].value == "STT"


def test_calc_chain_goes_when_formula_cells_move(tmp_path: Path) -> None:
    src = source_book(tmp_path / "plain.xlsx")
    chained = tmp_path / "chain.xlsx"
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(chained, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                                    b"</Relationships>")
            new.writestr(info, data)
        new.writestr("xl/calcChain.xml", CALC_CHAIN)
    kept = tmp_path / "kept.xlsx"
    write_updates(chained, kept, [SheetUpdate("Kiểm tra", blocks=(Block(1, 1, ((Cell("STT"),),)),))])
    with zipfile.ZipFile(kept) as zf:
        assert zf.read("xl/calcChain.xml") == CALC_CHAIN  # no formula moved: the chain stays
    moved = tmp_path / "moved.xlsx"
    write_updates(chained, moved, [SheetUpdate(PLAN, insert_rows=((5, 2),))])
    with zipfile.ZipFile(moved) as zf:
        assert "xl/calcChain.xml" not in zf.namelist()
        assert b"calcChain" not in zf.read("[Content_Types].xml")
        assert b"calcChain" not in zf.read("xl/_rels/workbook.xml.rels")
    ws = openpyxl.load_workbook(moved)[PLAN]
    assert ws["B11"].value == "=SUM(A1:A10)" and ws["A7"].value == 5


def test_app_properties_list_the_new_sheets(tmp_path: Path) -> None:
    src = source_book(tmp_path / "plain.xlsx")
    out = tmp_path / "out.xlsx"
    write_updates(src, out, [SheetUpdate("Kiểm tra", blocks=(Block(1, 1, ((Cell("STT"),),)),)),
                             SheetUpdate("Chỉ tiêu", blocks=(Block(1, 1, ((Cell("Năm"),),)),))])
    with zipfile.ZipFile(out) as zf:
        app = zf.read("docProps/app.xml").decode()
    assert "<vt:i4>4</vt:i4>" in app
    assert ('<vt:vector size="4" baseType="lpstr"><vt:lpstr>Theo dõi</vt:lpstr><vt:lpstr>Kế hoạch 2027</vt:lpstr>'
            "<vt:lpstr>Kiểm tra</vt:lpstr><vt:lpstr>Chỉ tiêu</vt:lpstr></vt:vector>") in app


def test_check_and_refresh_load_neither_openpyxl_nor_xlsxwriter(tmp_path: Path) -> None:
    """The file front's commands import only what they need (issue 11): no openpyxl, XlsxWriter or pandas."""
    sample = Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx"
    copy = tmp_path / "so.xlsx"
    copy.write_bytes(sample.read_bytes())
    script = ("import contextlib, io, sys\nfrom addin.cli import main\n"
              f"for args in (['check', {str(sample)!r}], ['refresh', {str(copy)!r}]):\n"
              "    with contextlib.redirect_stdout(io.StringIO()):\n"
              "        assert main(args) in (0, 1)\n"
              "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'pandas', 'numpy') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert "Kiểm tra" in openpyxl.load_workbook(copy).sheetnames
