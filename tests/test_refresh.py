"""The file front end to end: `check` reads only, `refresh` writes only chibo's areas, safely."""
from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from workbook_builders import REGISTER_KEYS, write_register_book

from addin.files.jobs import check_file, expand, refresh_file, run_batch
from addin.workbook.schema import FINDINGS, REGISTER

AS_OF = dt.date(2025, 1, 15)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(path: Path) -> dict:
    """Every cell's value, formula, number format, font and fill, by (sheet, coordinate)."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    cells[(ws.title, c.coordinate)] = (c.value, c.number_format, c.font.b, c.fill.fgColor.rgb)
    return cells


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_register_book(tmp_path / "chi-bo.xlsx")


def test_check_reads_only_and_locates_findings(book: Path) -> None:
    before = sha(book)
    result = check_file(book, as_of=AS_OF)
    assert sha(book) == before
    assert result.ok and result.exit_code == 1
    expired = [f for f in result.findings if f["rule"] == "COURSE_NT_VALID"]
    assert expired and expired[0]["row"] == 5 and expired[0]["column"] == "H"
    assert expired[0]["severity"] == "error" and expired[0]["sheet"] == REGISTER.name
    for f in result.findings:
        assert set(f) == {"rule", "severity", "sheet", "row", "column", "person", "message", "source"}
        assert f["severity"] in ("error", "warning", "info")


def test_refresh_writes_owned_areas_only(book: Path, tmp_path: Path) -> None:
    before = snapshot(book)
    result = refresh_file(book, as_of=AS_OF)
    assert result.ok, result.error
    assert result.backup and Path(result.backup).read_bytes()  # the old version is kept
    after = snapshot(book)
    header_row = 3
    owned_columns = {c for c in range(len(REGISTER_KEYS) + 1, len(REGISTER_KEYS) + 20)}
    wb = openpyxl.load_workbook(book)
    ws = wb[REGISTER.name]
    headers = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    owned = {headers[col.header] for col in REGISTER.owned_columns}
    assert owned <= owned_columns
    for key, value in before.items():
        sheet, coordinate = key
        column = openpyxl.utils.cell.column_index_from_string("".join(ch for ch in coordinate if ch.isalpha()))
        if sheet == REGISTER.name and column in owned:
            continue
        assert after.get(key) == value, key
    # The owned columns now hold the results; user columns the user wrote are untouched.
    assert ws.cell(header_row + 1, headers["Giai đoạn"]).value == "Đã có quyết định"
    assert ws.cell(header_row + 3, headers["Giai đoạn"]).value == "Nguồn"
    deadline = ws.cell(header_row + 1, headers["Hạn"])
    assert isinstance(deadline.value, dt.datetime) and deadline.number_format == "dd/mm/yyyy"
    # The data validation the user made is still there.
    assert ws.data_validations.dataValidation and ws.data_validations.dataValidation[0].formula1 == '"Có,Không"'


def test_findings_sheet_links_each_finding_to_its_cell(book: Path) -> None:
    refresh_file(book, as_of=AS_OF)
    wb = openpyxl.load_workbook(book)
    ws = wb[FINDINGS.name]
    assert ws["A1"].value == "KẾT QUẢ KIỂM TRA HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN"  # issue 17: a title, the cell, the date
    assert ws["A2"].value == "Chi bộ …… – tính đến ngày 15/01/2025"  # the book names no cell
    assert [c.value for c in ws[4]] == [col.header for col in FINDINGS.owned_columns]
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("A4:H")
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert rows and rows[0][1] == "Lỗi"  # errors first
    linked = ws.cell(5, 4)  # `Ô`
    assert linked.hyperlink is not None and linked.hyperlink.location.startswith(f"'{REGISTER.name}'!")
    # User text beginning with "=" is written back as text, never as a formula.
    names = [ws.cell(r, 5) for r in range(5, ws.max_row + 1)]  # `Họ và tên`
    suspicious = [c for c in names if isinstance(c.value, str) and c.value.startswith("=")]
    assert suspicious and all(c.data_type == "s" for c in suspicious)
    with zipfile.ZipFile(book) as z:
        sheet_xml = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>L\xc3\xaa" in z.read(n) for n in sheet_xml)


def test_refresh_twice_is_stable(book: Path) -> None:
    first = refresh_file(book, as_of=AS_OF)
    snap = snapshot(book)
    second = refresh_file(book, as_of=AS_OF)
    assert first.ok and second.ok, second.error
    assert snapshot(book) == snap


def test_missing_sheets_are_created_with_headers(book: Path) -> None:
    refresh_file(book, as_of=AS_OF)
    wb = openpyxl.load_workbook(book)
    assert {"Cài đặt", "Chỉ tiêu", "Ngày nghỉ", "Kiểm tra"} <= set(wb.sheetnames)
    settings = {r[0]: r[1] for r in wb["Cài đặt"].iter_rows(min_row=2, values_only=True)}
    assert settings["Giá trị GCN lớp nhận thức về Đảng (tháng)"] == 60
    assert settings["Tính chỉ tiêu theo"] == "Ngày quyết định"


def _book_with_image(path: Path) -> Path:
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(REGISTER.name)
    ws.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh"])
    ws.write_row(1, 0, [1, "Nguyễn Văn An", "15/03/1998"])
    ws.insert_textbox("E2", "Ghi chú của chi ủy")
    wb.close()
    return path


def test_refresh_in_place_keeps_a_text_box_and_output_copies_it(tmp_path: Path) -> None:
    book = _book_with_image(tmp_path / "co-hinh.xlsx")
    with zipfile.ZipFile(book) as zf:
        drawing = zf.read("xl/drawings/drawing1.xml")
    out = tmp_path / "out"
    copied = refresh_file(book, as_of=AS_OF, output=out)
    assert copied.ok and Path(copied.written) == out / book.name
    refreshed = refresh_file(book, as_of=AS_OF)
    assert refreshed.ok, refreshed.error
    for path in (book, out / book.name):
        with zipfile.ZipFile(path) as zf:
            assert zf.read("xl/drawings/drawing1.xml") == drawing
        assert "Kiểm tra" in openpyxl.load_workbook(path).sheetnames


def test_refresh_refuses_a_workbook_open_in_excel(book: Path) -> None:
    (book.parent / f"~${book.name}").write_bytes(b"owner")
    before = sha(book)
    result = refresh_file(book, as_of=AS_OF)
    assert not result.ok and result.exit_code == 2 and "đang mở" in result.error
    assert sha(book) == before


def test_a_batch_processes_good_files_despite_bad_ones(tmp_path: Path) -> None:
    for i in range(3):
        write_register_book(tmp_path / f"tot-{i}.xlsx")
    (tmp_path / "hong.xlsx").write_bytes(b"not a workbook")
    (tmp_path / "~$tot-0.xlsx").write_bytes(b"owner file, not a workbook to process")
    files = expand([tmp_path])
    assert [f.name for f in files] == ["hong.xlsx", "tot-0.xlsx", "tot-1.xlsx", "tot-2.xlsx"]
    results = {Path(r.path).name: r for r in run_batch(check_file, files, jobs=2, as_of=AS_OF)}
    assert not results["hong.xlsx"].ok and results["hong.xlsx"].exit_code == 2
    assert all(results[f"tot-{i}.xlsx"].ok for i in range(3))


def test_register_without_header_names_the_sheet_and_suggests(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTER.name
    ws.append(["TT", "Ho ten QC", "Ngay sinh"])
    ws.append([1, "Nguyễn Văn An", "01/01/2000"])
    path = tmp_path / "sai-tieu-de.xlsx"
    wb.save(path)
    result = check_file(path)
    assert not result.ok and result.exit_code == 2
    assert REGISTER.name in result.error and "Họ và tên" in result.error
