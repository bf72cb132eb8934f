"""Issue 17 §4: `Kiểm tra`, `Chỉ tiêu` and `Lịch` print as what they are (title, cell, date, bordered rows,
a chart counting people in whole numbers), and a book refreshed by the chibo before this layout is still chibo's."""
from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
from workbook_builders import write_register_book

from addin.files.jobs import refresh_file

AS_OF = dt.date(2026, 11, 15)
# The sample as the chibo of main before issue 17 refreshed it (`chibo refresh --as-of 15/11/2026`):
# `Kiểm tra` with its header in row 1, `Chỉ tiêu` from row 1 with its chart, `Lịch 2027` under its defined name.
OLD = Path(__file__).parent / "data" / "mau-refreshed-before-issue17.xlsx"
FINDINGS_TITLE = "KẾT QUẢ KIỂM TRA HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN"
QUOTA_TITLE = "CHỈ TIÊU VÀ KẾT QUẢ KẾT NẠP ĐẢNG VIÊN"
SAMPLE_LINE = "Chi bộ Viện kiểm sát nhân dân khu vực 2 – tính đến ngày 15/11/2026"
FINDINGS_HEADER = ["STT", "Mức độ", "Sheet", "Ô", "Họ và tên", "Nội dung", "Căn cứ", "Mã quy tắc (cho kỹ thuật)"]


def grid(path: Path, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))


def column_a(rows: list[tuple]) -> list[object]:
    return [r[0] for r in rows if r and r[0] is not None]


def refreshed_old(tmp_path: Path) -> Path:
    book = tmp_path / "so.xlsx"
    shutil.copyfile(OLD, book)
    result = refresh_file(book, as_of=AS_OF)
    assert result.ok, result.error
    return book


def test_the_old_book_really_has_the_old_layout() -> None:
    assert list(grid(OLD, "Kiểm tra")[0]) == FINDINGS_HEADER
    assert grid(OLD, "Chỉ tiêu")[0][:2] == ("Năm", "Chỉ tiêu được giao")
    assert grid(OLD, "Lịch 2027")[2][0] is None


def test_findings_sheet_of_the_old_book_is_rewritten_under_a_title(tmp_path: Path) -> None:
    book = refreshed_old(tmp_path)
    rows = grid(book, "Kiểm tra")
    assert rows[0][0] == FINDINGS_TITLE and rows[1][0] == SAMPLE_LINE and set(rows[2]) == {None}
    assert list(rows[3]) == FINDINGS_HEADER
    assert [r[0] for r in rows[4:]] == list(range(1, 13))  # 12 findings (EXPECTED_PAST is new) once each, nothing left of row 1's header
    assert [r[0] for r in grid(OLD, "Kiểm tra")[1:]] == list(range(1, 12))  # as many as the old book listed


def test_quota_sheet_of_the_old_book_is_rewritten_in_place(tmp_path: Path) -> None:
    """A table chibo began in row 1 keeps its place (no room for a title there) and is not duplicated."""
    book = refreshed_old(tmp_path)
    rows = grid(book, "Chỉ tiêu")
    assert rows[0][:4] == ("Năm", "Chỉ tiêu được giao", "Chỉ tiêu theo nghị quyết", "Đã kết nạp")
    assert [r[0] for r in rows[1:4]] == [2026, 2027, None]
    assert sum(1 for r in rows for v in r if v == "Đã kết nạp") == 1
    assert sum(1 for r in rows for v in r if v == QUOTA_TITLE) == 0


def test_schedule_of_the_old_book_gets_the_dated_line(tmp_path: Path) -> None:
    book = refreshed_old(tmp_path)
    rows = grid(book, "Lịch 2027")
    assert rows[0][0] == "LỊCH THỰC HIỆN CHI TIẾT NĂM 2027" and rows[2][0] == SAMPLE_LINE
    assert rows[3][:3] == ("STT", "Họ và tên", "Nội dung công việc")
    assert sum(1 for r in rows if r[0] == "STT") == 1


def test_refreshing_again_changes_nothing(tmp_path: Path) -> None:
    book = refreshed_old(tmp_path)
    before = {s: grid(book, s) for s in ("Kiểm tra", "Chỉ tiêu", "Lịch 2027")}
    result = refresh_file(book, as_of=AS_OF)
    assert result.ok, result.error
    assert {s: grid(book, s) for s in before} == before


def test_findings_rows_have_thin_borders_and_the_title_none(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(refreshed_old(tmp_path))["Kiểm tra"]
    for row in (4, 5, 15):
        for column in range(1, 9):
            border = ws.cell(row, column).border
            assert (border.left.style, border.right.style, border.top.style, border.bottom.style) == ("thin",) * 4
    assert ws["A1"].border.bottom.style is None and ws["A1"].font.b is True and ws["A1"].font.sz == 14
    assert ws["F5"].alignment.wrap_text is True and ws["E5"].alignment.wrap_text is True
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:H16"
    assert ws.print_title_rows == "$4:$4"


def test_a_new_quota_sheet_starts_under_its_title(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "so.xlsx")
    assert refresh_file(book, as_of=AS_OF).ok
    first = grid(book, "Chỉ tiêu")
    assert first[0][0] == QUOTA_TITLE and first[1][0] == "Chi bộ …… – tính đến ngày 15/11/2026"
    assert first[2][0] is None and first[3][:2] == ("Năm", "Chỉ tiêu được giao")
    assert refresh_file(book, as_of=AS_OF).ok
    assert grid(book, "Chỉ tiêu") == first  # recognised as chibo's: not refused, not written twice


def quota_book(path: Path, a1: str | None) -> Path:
    """A committee's `Chỉ tiêu` whose header is in row 4; A1 holds `a1`."""
    book = write_register_book(path)
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("Chỉ tiêu")
    if a1:
        ws["A1"] = a1
    ws.append([])
    ws.append([])
    ws.append([])
    for row in (["Năm", "Chỉ tiêu được giao", "Chỉ tiêu theo nghị quyết"], [2026, 2, 3]):
        ws.append(row)
    wb.save(book)
    return book


def test_a_committee_table_from_row_4_gets_the_title(tmp_path: Path) -> None:
    book = quota_book(tmp_path / "so.xlsx", None)
    assert refresh_file(book, as_of=AS_OF).ok
    rows = grid(book, "Chỉ tiêu")
    assert rows[0][0] == QUOTA_TITLE and rows[1][0] == "Chi bộ …… – tính đến ngày 15/11/2026"
    assert rows[4][:4] == (2026, 2, 3, 0)
    assert refresh_file(book, as_of=dt.date(2026, 12, 1)).ok  # the title is chibo's: rewritten with the new date
    assert grid(book, "Chỉ tiêu")[1][0] == "Chi bộ …… – tính đến ngày 01/12/2026"


def test_the_committee_s_own_line_above_its_table_is_left_alone(tmp_path: Path) -> None:
    book = quota_book(tmp_path / "so.xlsx", "Chỉ tiêu của chi bộ giao năm 2026")
    assert refresh_file(book, as_of=AS_OF).ok
    rows = grid(book, "Chỉ tiêu")
    assert rows[0][0] == "Chỉ tiêu của chi bộ giao năm 2026" and rows[1][0] is None
    assert sum(1 for r in rows for v in r if v == QUOTA_TITLE) == 0


def test_quota_chart_counts_people_in_whole_numbers(tmp_path: Path) -> None:
    book = refreshed_old(tmp_path)
    with zipfile.ZipFile(book) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    [chart] = [c for c in charts if "Chỉ tiêu và kết quả kết nạp đảng viên" in c]
    value_axis = chart[chart.index("<valAx>"):chart.index("</valAx>")]
    assert '<majorUnit val="1"/>' in value_axis and '<numFmt formatCode="0" sourceLinked="0"/>' in value_axis
    assert '<min val="0"/>' in value_axis
    assert chart.count("<valAx>") == 1
