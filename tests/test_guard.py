"""A write never lands on a user's cell (DESIGN §5, issue 9 §1): where the owned columns go, and
the guard that stops a refresh, the file untouched, rather than overwrite a cell or a merged range."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from addin.errors import WouldOverwrite
from addin.files.jobs import refresh_file
from addin.files.reader import read_sheets
from addin.workbook.book import BookInput
from addin.workbook.guard import check_updates, table_extent
from addin.workbook.schema import REGISTER
from addin.workbook.tables import read_table
from addin.workbook.updates import WHOLE_SHEET, Area, Block, Cell, SheetUpdate

AS_OF = dt.date(2026, 1, 15)
D = dt.date
OWNED = [c.header for c in REGISTER.owned_columns]  # Giai đoạn, Kết quả kiểm tra, Việc tiếp theo, Hạn
HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn"]
PEOPLE = [[1, "Nguyễn Văn An", D(2000, 1, 2), D(2025, 3, 1)], [2, "Trần Thị Bình", D(1999, 5, 6), D(2025, 4, 1)]]


# --- the guard on its own ----------------------------------------------------------------------


def one_cell(row: int, column: int, value: object = "x") -> Block:
    return Block(row, column, ((Cell(value),),))  # type: ignore[arg-type]


GRID = [
    ["Họ và tên", "Ghi chú", None],
    ["An", None, "ý kiến riêng"],
    [None, None, None],
    ["Bình", None, None],
]


def test_a_write_on_a_user_cell_is_refused_naming_sheet_cell_and_value() -> None:
    book = BookInput({"Theo dõi": GRID}, merges={})
    with pytest.raises(WouldOverwrite) as refused:
        check_updates(book, [SheetUpdate("Theo dõi", blocks=(Block(1, 3, ((Cell("Giai đoạn"),), (Cell("x"),))),))])
    message = refused.value.message
    assert "ô C2 của sheet 'Theo dõi'" in message and "“ý kiến riêng”" in message and "tệp được giữ nguyên" in message
    assert refused.value.exit_code == 2


def test_empty_cells_and_owned_cells_may_be_written() -> None:
    book = BookInput({"Theo dõi": GRID}, merges={})
    check_updates(book, [SheetUpdate("Theo dõi", blocks=(one_cell(3, 3), one_cell(2, 3)), clear=(Area(2, 3, 4, 3),),
                                     owned=(Area(2, 3, 2, 3),))])


def test_clearing_a_user_cell_is_refused() -> None:
    book = BookInput({"Theo dõi": GRID}, merges={})
    with pytest.raises(WouldOverwrite, match="ô A4 của sheet 'Theo dõi'.*“Bình”"):
        check_updates(book, [SheetUpdate("Theo dõi", clear=(Area(3, 1, 4, 3),))])


def test_a_cell_of_a_user_merge_is_refused_even_when_empty() -> None:
    book = BookInput({"Theo dõi": GRID}, merges={"Theo dõi": (Area(3, 1, 3, 2),)})
    with pytest.raises(WouldOverwrite, match="ô B3 của sheet 'Theo dõi'.*vùng ô gộp A3:B3"):
        check_updates(book, [SheetUpdate("Theo dõi", blocks=(one_cell(3, 2),))])
    check_updates(book, [SheetUpdate("Theo dõi", blocks=(one_cell(3, 2),), owned=(Area(3, 1, 3, 3),))])  # its own merge


def test_without_merges_the_guard_checks_values() -> None:
    """The remote engine cannot read merged ranges: the guard still refuses every non-empty cell."""
    book = BookInput({"Theo dõi": GRID})
    check_updates(book, [SheetUpdate("Theo dõi", blocks=(one_cell(3, 2),))])
    with pytest.raises(WouldOverwrite, match="ô B1 "):
        check_updates(book, [SheetUpdate("Theo dõi", blocks=(one_cell(1, 2),))])


def test_a_sheet_chibo_creates_is_not_checked_and_names_match_as_excel_does() -> None:
    book = BookInput({"Kiểm tra": [["Ghi chép của tôi"]]}, merges={})
    check_updates(book, [SheetUpdate("Kiểm tra mới", blocks=(one_cell(1, 1),))])
    with pytest.raises(WouldOverwrite, match="ô A1 của sheet 'Kiểm tra'.*“Ghi chép của tôi”"):
        check_updates(book, [SheetUpdate("KIỂM TRA", blocks=(one_cell(1, 1),))])
    check_updates(book, [SheetUpdate("kiểm tra", blocks=(one_cell(1, 1),), owned=(WHOLE_SHEET,))])


def test_targets_are_read_after_inserted_rows() -> None:
    """Rows inserted before row 3 push the user's row 4 down to 6; the new rows 3–4 are empty."""
    book = BookInput({"Theo dõi": GRID}, merges={})
    insert = ((3, 2),)
    check_updates(book, [SheetUpdate("Theo dõi", insert_rows=insert, blocks=(one_cell(3, 1), one_cell(4, 1), one_cell(5, 1)))])
    with pytest.raises(WouldOverwrite, match="ô A4 .*“Bình”"):  # named where the user sees it now
        check_updates(book, [SheetUpdate("Theo dõi", insert_rows=insert, blocks=(one_cell(6, 1),))])


def test_deleting_a_row_refuses_user_content_outside_the_owned_columns() -> None:
    book = BookInput({"Theo dõi": GRID}, merges={})
    owned = (Area(2, 1, 2, 2),)  # chibo's row 2 over columns A:B; C2 is the user's
    with pytest.raises(WouldOverwrite, match="xóa dòng 2.*ô C2|ô C2.*xóa dòng 2"):
        check_updates(book, [SheetUpdate("Theo dõi", delete_rows=((2, 1),), owned=owned)])
    check_updates(book, [SheetUpdate("Theo dõi", delete_rows=((3, 1),))])  # an empty row
    with pytest.raises(WouldOverwrite, match="vùng ô gộp B3:C3"):
        check_updates(BookInput({"Theo dõi": GRID}, merges={"Theo dõi": (Area(3, 2, 3, 3),)}),
                      [SheetUpdate("Theo dõi", delete_rows=((3, 1),))])


def test_inserting_rows_through_a_user_merge_is_refused() -> None:
    book = BookInput({"Theo dõi": GRID}, merges={"Theo dõi": (Area(2, 2, 4, 2),)})
    with pytest.raises(WouldOverwrite, match="chèn dòng trước dòng 3.*B2:B4"):
        check_updates(book, [SheetUpdate("Theo dõi", insert_rows=((3, 1),))])
    check_updates(book, [SheetUpdate("Theo dõi", insert_rows=((5, 1),))])  # below the merge


# --- the table's true extent -------------------------------------------------------------------


def extent(grid: list[list[object]], merges: tuple[Area, ...] = ()) -> tuple[int, int]:
    found = table_extent(read_table("Theo dõi", grid, REGISTER), grid, merges)
    return found.bottom, found.right


def test_extent_covers_notes_data_beyond_the_headers_and_merges() -> None:
    base = [["DANH SÁCH", None, None, None, None, None, None, None],
            ["Họ và tên", "Ngày sinh", None, None, None, None, None, None],
            ["An", None, None, None, None, None, None, None],
            ["Bình", None, None, None, None, None, None, None]]
    assert extent(base) == (4, 2)
    assert extent(base, (Area(1, 1, 1, 8),)) == (4, 2)  # a title merged above the header is no part of it
    noted = [row[:] for row in base]
    noted[1][4] = "ghi chú ngoài bảng"  # in the header row, right of the table
    assert extent(noted) == (4, 5)
    data = [row[:] for row in base]
    data[3][2] = "số liệu không có tiêu đề"
    assert extent(data) == (4, 3)
    assert extent(base, (Area(2, 2, 2, 3),)) == (4, 3)  # the last header merged over C
    assert extent(base, (Area(4, 5, 4, 6),)) == (4, 6)  # a merge in a data row


def test_extent_rows_end_at_the_first_empty_row_after_the_records() -> None:
    grid = [["STT", "Họ và tên", None, None],
            [1, "An", None, None],
            ["Cộng: 1 người", None, None, None],  # straight below: part of the table
            [None, None, None, None],
            ["Ghi chú: số liệu đến ngày 15/01/2026", None, None, "người lập biểu"]]  # a footnote after a gap
    assert extent(grid) == (3, 2)
    assert extent(grid, (Area(5, 1, 5, 6),)) == (3, 2)


def test_extent_of_a_two_row_header_with_group_merges() -> None:
    grid = [["STT", "Họ và tên", "Người giới thiệu", None, "Ghi chú"],
            [None, None, 1, 2, None],
            [1, "An", "Lê A", "Trần B", None]]
    merges = (Area(1, 1, 2, 1), Area(1, 2, 2, 2), Area(1, 3, 1, 4), Area(1, 5, 2, 6))
    table = read_table("Theo dõi", grid, REGISTER)
    assert (table.header_top, table.header_row) == (1, 2)
    assert extent(grid, merges) == (3, 6)


# --- refresh on real files ---------------------------------------------------------------------


def write_book(path: Path, build: Callable[[xlsxwriter.Workbook], None]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    build(book)
    book.close()
    return path


def register_sheet(book: xlsxwriter.Workbook, *, headers: list[str] = HEADERS, rows: list[list] = PEOPLE,
                   first_row: int = 0):
    ws = book.add_worksheet(REGISTER.name)
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(first_row, 0, headers)
    for r, row in enumerate(rows, start=first_row + 1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            elif value is not None:
                ws.write(r, c, value)
    return ws


def owned_at(path: Path, header_row: int = 1) -> list[int]:
    """The columns (1-based) of the owned headers, in the order Giai đoạn … Hạn."""
    ws = openpyxl.load_workbook(path)[REGISTER.name]
    found = {ws.cell(header_row, c).value: c for c in range(1, ws.max_column + 1)}
    return [found[h] for h in OWNED]


def cells(path: Path, sheet: str = REGISTER.name) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_a_note_where_giai_doan_would_go_moves_the_owned_columns_right_and_a_second_run_reuses_them(tmp_path: Path) -> None:
    def build(book):
        ws = register_sheet(book)
        ws.write("E2", "chuyển công tác 3/2026")  # right of the table, where `Giai đoạn` would go

    path = write_book(tmp_path / "a.xlsx", build)
    first = refresh_file(path, as_of=AS_OF)
    assert first.ok, first.error
    assert owned_at(path) == [6, 7, 8, 9]
    after_first = cells(path)
    assert after_first["E2"] == "chuyển công tác 3/2026" and after_first["B3"] == "Trần Thị Bình"
    second = refresh_file(path, as_of=AS_OF)
    assert second.ok, second.error
    assert owned_at(path) == [6, 7, 8, 9]  # no drift right
    assert cells(path) == after_first


def test_a_header_merged_across_the_would_be_column_moves_them_further(tmp_path: Path) -> None:
    def build(book):
        register_sheet(book)
        book.worksheets()[0].merge_range("D1:E1", "Ngày vào nguồn")

    path = write_book(tmp_path / "a.xlsx", build)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    assert owned_at(path) == [6, 7, 8, 9]
    ws = openpyxl.load_workbook(path)[REGISTER.name]
    assert "D1:E1" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["D1"].value == "Ngày vào nguồn"


def test_a_data_cell_beyond_the_headers_moves_them_further(tmp_path: Path) -> None:
    def build(book):
        ws = register_sheet(book)
        ws.write("G3", 123)  # a number with no header, in a person's row

    path = write_book(tmp_path / "a.xlsx", build)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    assert owned_at(path) == [8, 9, 10, 11]
    assert cells(path)["G3"] == 123


def test_owned_headers_in_the_second_row_of_a_merged_two_row_header(tmp_path: Path) -> None:
    def build(book):
        ws = book.add_worksheet(REGISTER.name)
        ws.merge_range("A1:A2", "STT")
        ws.merge_range("B1:B2", "Họ và tên")
        ws.merge_range("C1:D1", "Người giới thiệu")
        ws.write_row("C2", [1, 2])
        ws.merge_range("E1:F2", "Ghi chú")
        ws.write_row("A3", [1, "Nguyễn Văn An", "Lê A", "Trần B", "đang xác minh"])
        ws.write("A5", "Ghi chú: danh sách cập nhật đến 15/01/2026")

    path = write_book(tmp_path / "a.xlsx", build)
    before = cells(path)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    assert owned_at(path, header_row=2) == [7, 8, 9, 10]
    ws = openpyxl.load_workbook(path)[REGISTER.name]
    assert {"A1:A2", "B1:B2", "C1:D1", "E1:F2"} <= {str(m) for m in ws.merged_cells.ranges}
    after = cells(path)
    assert {k: after.get(k) for k in before} == before
    assert ws["G5"].value is None  # nothing written beside the footnote below the table


def refused(path: Path) -> str:
    """Refresh in place; assert it stopped with exit 2 and left the file byte-identical; the message."""
    before = path.read_bytes()
    result = refresh_file(path, as_of=AS_OF)
    assert not result.ok and result.exit_code == 2
    assert path.read_bytes() == before
    assert not (path.parent / ".chibo-backup").exists() or not any((path.parent / ".chibo-backup").iterdir())
    assert result.error is not None and path.name in result.error
    return result.error


def test_a_kiem_tra_sheet_the_user_made_stops_the_refresh(tmp_path: Path) -> None:
    def build(book):
        register_sheet(book)
        notes = book.add_worksheet("Kiểm tra")
        notes.write("A1", "Biên bản kiểm tra chi bộ quý I")
        notes.write("B3", "Đồng chí Lâm phụ trách")

    error = refused(write_book(tmp_path / "a.xlsx", build))
    assert "sheet 'Kiểm tra'" in error and "ô A1" in error and "“Biên bản kiểm tra chi bộ quý I”" in error


def test_a_chi_tieu_column_named_almost_like_chibo_s_is_the_user_s(tmp_path: Path) -> None:
    """Issue 18 §4: the user's "ĐÃ KẾT NẠP" is kept; chibo's columns follow it, marked as chibo's."""
    def build(book):
        register_sheet(book)
        quota = book.add_worksheet("Chỉ tiêu")
        quota.write_row("A1", ["Năm", "Chỉ tiêu được giao", "ĐÃ KẾT NẠP"])
        quota.write_row("A2", [2026, 3, "2 (theo sổ của huyện)"])

    path = write_book(tmp_path / "a.xlsx", build)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    after = cells(path, "Chỉ tiêu")
    assert (after["C1"], after["C2"]) == ("ĐÃ KẾT NẠP", "2 (theo sổ của huyện)")
    assert (after["D1"], after["E1"]) == ("Đã kết nạp (chibo)", "Tỷ lệ đạt (chibo)")
    assert refresh_file(path, as_of=AS_OF).ok  # the second run finds its marked columns: no drift
    assert cells(path, "Chỉ tiêu")["D1"] == "Đã kết nạp (chibo)" and "N1" not in cells(path, "Chỉ tiêu")


def test_a_note_where_the_days_in_stage_table_goes_stops_the_refresh(tmp_path: Path) -> None:
    """`Chỉ tiêu` with two user columns: owned C:L, the chart from N over 9 columns, the days-in-stage table from W5 (its first person on row 7)."""
    def build(book):
        register_sheet(book)
        quota = book.add_worksheet("Chỉ tiêu")
        quota.write_row("A1", ["Năm", "Chỉ tiêu được giao"])
        quota.write_row("A2", [2026, 3])
        quota.write("W7", "Số liệu huyện giao bổ sung")

    error = refused(write_book(tmp_path / "a.xlsx", build))
    assert "ô W7 của sheet 'Chỉ tiêu'" in error and "“Số liệu huyện giao bổ sung”" in error


def test_a_user_merge_inside_an_owned_column_stops_the_refresh(tmp_path: Path) -> None:
    def build(book):
        register_sheet(book, headers=[*HEADERS, *OWNED])
        book.worksheets()[0].merge_range("F3:G3", "ghi chú của bí thư")

    error = refused(write_book(tmp_path / "a.xlsx", build))
    assert "ô F3 của sheet 'Theo dõi'" in error and "vùng ô gộp F3:G3" in error


def test_the_command_line_exits_2_and_names_the_cell(tmp_path: Path) -> None:
    def build(book):
        register_sheet(book)
        book.add_worksheet("Kiểm tra").write("C2", "của tôi")

    path = write_book(tmp_path / "a.xlsx", build)
    before = path.read_bytes()
    env = {**os.environ, "COLUMNS": "200"}
    run = subprocess.run([sys.executable, "-m", "addin", "refresh", str(path), "--as-of", "15/01/2026", "--json"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "ô C2 của sheet 'Kiểm tra'" in run.stdout + run.stderr
    assert path.read_bytes() == before


def test_both_read_engines_give_the_merged_ranges(tmp_path: Path) -> None:
    def build(book):
        ws = register_sheet(book)
        ws.merge_range("F1:H2", "nhóm")
        ws.merge_range("A5:A7", "dọc")
        book.add_worksheet("Khác").merge_range("B2:C2", None)

    path = write_book(tmp_path / "a.xlsx", build)
    expected = {REGISTER.name: {Area(1, 6, 2, 8), Area(5, 1, 7, 1)}, "Khác": {Area(2, 2, 2, 3)}}
    for engine in ("calamine", "openpyxl"):
        merges = read_sheets(path, engine).merges
        assert {name: set(found) for name, found in merges.items()} == expected, engine


def test_a_note_below_the_table_in_an_owned_column_survives_every_refresh(tmp_path: Path) -> None:
    def build(book):
        ws = register_sheet(book)
        ws.write("G4", "người lập: Lê Văn Tâm")  # below the last person, where `Việc tiếp theo` comes to stand

    path = write_book(tmp_path / "a.xlsx", build)
    for _ in range(2):
        result = refresh_file(path, as_of=AS_OF)
        assert result.ok, result.error
        assert owned_at(path) == [5, 6, 7, 8]
        assert cells(path)["G4"] == "người lập: Lê Văn Tâm"


def test_dropping_chibo_s_plan_rows_stops_when_a_user_note_stands_on_one(tmp_path: Path) -> None:
    """chibo's rows of `Kế hoạch 2026` (its defined name) are A2:H61; fewer tasks now would delete rows,
    and row 61 carries the user's note in J, outside chibo's columns."""
    headers = ["STT", "Nội dung công việc", "Đối tượng", "Thời gian thực hiện", "Hạn chót", "Phụ trách", "Căn cứ", "Ghi chú"]

    def build(book):
        register_sheet(book)
        plan = book.add_worksheet("Kế hoạch 2026")
        plan.write_row("A1", headers)
        for r in range(2, 62):
            plan.write_row(f"A{r}", [r - 1, f"Việc cũ số {r - 1}", "Nguyễn Văn An"])
        plan.write("J61", "ý kiến bí thư")
        book.define_name("chibo_ke_hoach_2026", "='Kế hoạch 2026'!$A$2:$H$61")

    error = refused(write_book(tmp_path / "a.xlsx", build))
    assert "ô J61 của sheet 'Kế hoạch 2026'" in error and "xóa dòng 61" in error and "“ý kiến bí thư”" in error


def test_an_owned_column_with_its_exact_header_is_reused_where_it_stands(tmp_path: Path) -> None:
    def build(book):
        register_sheet(book, headers=["STT", "Họ và tên", "Giai đoạn", "Ngày sinh"],
                       rows=[[1, "Nguyễn Văn An", "cũ", D(2000, 1, 2)]])

    path = write_book(tmp_path / "a.xlsx", build)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    assert owned_at(path) == [3, 5, 6, 7]
    after = cells(path)
    assert after["C2"] != "cũ" and after["D2"] == dt.datetime(2000, 1, 2)


def test_a_register_column_named_almost_like_chibo_s_is_the_user_s(tmp_path: Path) -> None:
    """Issue 18 §4: "HẠN" is the user's column, kept; chibo writes its four columns right of it, marked."""
    def build(book):
        register_sheet(book, headers=[*HEADERS, "HẠN"], rows=[[*row, "30/06/2026"] for row in PEOPLE])

    path = write_book(tmp_path / "a.xlsx", build)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    after = cells(path)
    assert (after["E1"], after["E2"], after["E3"]) == ("HẠN", "30/06/2026", "30/06/2026")
    assert [after[f"{c}1"] for c in "FGHI"] == [f"{h} (chibo)" for h in OWNED]


