"""Locating tables in grids: sheets, header rows, columns, records (DESIGN §2)."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from addin.errors import WorkbookFormatError
from addin.workbook.schema import CALENDAR, MEMBERS, PLAN_TABLE, REGISTER, SETTINGS
from addin.workbook.tables import (
    CellError,
    KeyValue,
    cell_ref,
    clean_value,
    column_letter,
    find_sheet,
    read_key_values,
    read_table,
)


def test_clean_value_conventions():
    assert clean_value("  Nguye\u0302\u0303n  ") == "Nguyễn"
    assert clean_value("   ") is None and clean_value("") is None
    assert clean_value(3.0) == 3 and type(clean_value(3.0)) is int
    assert clean_value(3.5) == 3.5
    assert clean_value(True) is True
    assert clean_value(dt.datetime(2024, 3, 5)) == dt.date(2024, 3, 5)
    assert type(clean_value(dt.datetime(2024, 3, 5))) is dt.date
    assert clean_value(dt.datetime(2024, 3, 5, 8)) == dt.datetime(2024, 3, 5, 8)
    error = clean_value("#DIV/0!")
    assert isinstance(error, CellError) and error == "#DIV/0!"
    assert clean_value(error) == error and isinstance(clean_value(error), CellError)
    assert not isinstance(clean_value("#HASHTAG"), CellError)


def test_refs():
    assert column_letter(3) == "C" and column_letter(28) == "AB"
    assert cell_ref("Theo dõi", 7, 3) == "'Theo dõi'!C7"
    assert cell_ref("Chi bộ 'A'", 1, 1) == "'Chi bộ ''A'''!A1"


def test_find_sheet_by_name_alias_accent_case_spacing():
    assert find_sheet(["Cài đặt", "THEO  DOI"], REGISTER) == "THEO  DOI"
    assert find_sheet(["Danh sách quần chúng"], REGISTER) == "Danh sách quần chúng"
    nfd = unicodedata.normalize("NFD", "Đảng viên")
    assert find_sheet([nfd], MEMBERS) == nfd
    assert find_sheet(["Sheet1"], REGISTER) is None


def test_two_register_sheets_is_an_error():
    with pytest.raises(WorkbookFormatError) as info:
        find_sheet(["Theo dõi", "Quần chúng", "Cài đặt"], REGISTER)
    assert "'Theo dõi'" in info.value.message and "'Quần chúng'" in info.value.message


def test_header_below_title_rows_with_free_order_and_aliases():
    grid = [
        ["ĐẢNG BỘ PHƯỜNG X", None, None, None],
        ["DANH SÁCH QUẦN CHÚNG ƯU TÚ", None, None, None],
        [None],
        ["ngày  SINH", "HO TEN", "tt", "Quê quán", "Người giới thiệu 1", "Ngày QĐ kết nạp", "Giai đoạn"],
        [dt.date(2000, 1, 2), "Nguyễn Văn An", 1, "Hà Nội", " Lê Bình ", "#REF!", "Đã nộp đơn"],
    ]
    table = read_table("Theo dõi", grid, REGISTER)
    assert table.header_row == 4 and table.header_top == 4
    assert table.columns == {"dob": 1, "name": 2, "stt": 3, "introducer_1": 5, "decision_date": 6}
    assert table.owned == {"stage": 7}
    assert table.last_column == 7
    assert table.extra_headers == {4: "Quê quán"}
    (row,) = table.rows
    assert row.row == 5
    assert row.values == {
        "dob": dt.date(2000, 1, 2), "name": "Nguyễn Văn An", "stt": 1,
        "introducer_1": "Lê Bình", "decision_date": CellError("#REF!"),
    }
    assert isinstance(row.values["decision_date"], CellError)


def test_headers_with_hints_nfd_and_line_breaks():
    grid = [[
        unicodedata.normalize("NFD", "Họ và tên"),
        "Ngày sinh\n(dd/mm/yyyy)",
        "Giới tính *",
    ], ["Trần Thị Hoa", "01/02/2003", "Nữ"]]
    table = read_table("Theo dõi", grid, REGISTER)
    assert table.columns == {"name": 1, "dob": 2, "gender": 3}
    assert table.rows[0].values["dob"] == "01/02/2003"


def test_rows_with_empty_name_are_skipped_but_reading_goes_on():
    grid = [
        ["STT", "Họ và tên", "Ghi chú"],
        [1, "An", None],
        [2, "  ", "chưa có tên"],
        [None, None, None],
        [],
        [3, "Bình", None],
        [None, None, "ghi chú lạc"],
    ]
    table = read_table("Theo dõi", grid, REGISTER)
    assert [(r.row, r.values["name"]) for r in table.rows] == [(2, "An"), (6, "Bình")]


def test_column_numbering_row_under_header_is_not_a_record():
    grid = [["STT", "Họ và tên", "Ngày sinh"], ["(1)", "(2)", "(3)"], [1, "An", None]]
    assert [r.row for r in read_table("Theo dõi", grid, REGISTER).rows] == [3]


def test_merged_name_header_spreads_over_family_and_given_name_columns():
    # "Họ và tên" merged over B4:C4: the value sits in B4, C4 reads as None.
    grid = [
        ["DANH SÁCH", None, None, None],
        [],
        [],
        ["STT", "Họ và tên", None, "Ngày sinh"],
        [1, "Nguyễn Văn", "An", dt.date(1999, 9, 9)],
        [2, "Lê Thị Bình", None, None],
    ]
    table = read_table("Theo dõi", grid, REGISTER)
    assert table.columns == {"stt": 1, "name": 2, "dob": 4}
    assert [r.values["name"] for r in table.rows] == ["Nguyễn Văn An", "Lê Thị Bình"]


def test_two_row_header_with_merged_group_cells():
    grid = [
        ["STT", "Họ và tên", None, "Người giới thiệu", None, "Chi bộ xét kết nạp", None, "Ghi chú"],
        [None, "Họ đệm", "Tên", 1, 2, "Ngày", "Số tán thành", None],
        [1, "Phạm Văn", "Cường", "Lê A", "Trần B", dt.date(2026, 5, 4), 9, None],
    ]
    table = read_table("Theo dõi", grid, REGISTER)
    assert table.header_row == 2 and table.header_top == 1
    assert table.columns == {
        "stt": 1, "name": 2, "introducer_1": 4, "introducer_2": 5,
        "cell_vote_date": 6, "cell_vote_yes": 7, "notes": 8,
    }
    (row,) = table.rows
    assert row.values["name"] == "Phạm Văn Cường"
    assert row.values["cell_vote_date"] == dt.date(2026, 5, 4) and row.values["cell_vote_yes"] == 9


def test_two_aliases_of_one_field_the_better_one_wins_and_the_other_is_left_alone():
    grid = [["Họ và tên", "Sinh ngày", "Đơn vị", "Ngày sinh", "Chức vụ"], ["An", None, "Xã", "02/03/2001", "Cán bộ"]]
    table = read_table("Theo dõi", grid, REGISTER)
    assert table.columns == {"name": 1, "dob": 4, "unit": 5}
    assert table.extra_headers == {2: "Sinh ngày", 3: "Đơn vị"}
    assert table.rows[0].values == {"name": "An", "dob": "02/03/2001", "unit": "Cán bộ"}


def test_the_same_header_twice_names_both_columns():
    grid = [["Họ và tên", "Ngày sinh", "Ghi chú", "NGÀY SINH"], ["An", None, None, None]]
    with pytest.raises(WorkbookFormatError) as info:
        read_table("Theo dõi", grid, REGISTER)
    message = info.value.message
    assert "'Ngày sinh'" in message and "cột B" in message and "cột D" in message
    assert "Cột Ngày sinh" in message  # the `Cài đặt` item that settles it


def test_no_header_row_suggests_the_nearest_cell():
    grid = [["Báo cáo"], [], [], [None, "Ho ten QC", "Ngay sinh"], [None, "An", None]]
    with pytest.raises(WorkbookFormatError) as info:
        read_table("Theo dõi", grid, REGISTER)
    message = info.value.message
    assert "sheet 'Theo dõi'" in message and "15 dòng đầu" in message
    assert "'Họ và tên'" in message and "'Ho ten QC' ở ô B4" in message


def test_header_below_row_15_is_not_found():
    grid = [[None]] * 15 + [["Họ và tên", "Ngày sinh"], ["An", None]]
    with pytest.raises(WorkbookFormatError, match="không có ô nào gần giống"):
        read_table("Theo dõi", grid, REGISTER)


def test_plan_task_table_under_a_document_header():
    grid = [
        ["ĐẢNG BỘ XÃ Y", None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["CHI BỘ THÔN Z", None, None, None],
        ["*", None, None, None],
        ["Số 01-KH/CB", None, None, "Y, ngày 5 tháng 1 năm 2027"],
        ["KẾ HOẠCH", None, None, None],
        ["TT", "Nội dung", "Người/đối tượng", "Thời hạn", "Người phụ trách"],
        [1, "Họp chi bộ xét kết nạp", "Nguyễn Văn An", dt.date(2027, 3, 1), "Bí thư"],
        [None, None, None, None, None],
        ["T/M CHI BỘ", None, None, None, None],
    ]
    table = read_table("Kế hoạch 2027", grid, PLAN_TABLE)
    assert table.header_row == 6
    assert table.columns == {"stt": 1, "task": 2, "subject": 3, "deadline": 4, "owner": 5}
    assert [r.row for r in table.rows] == [7]


def test_table_without_required_key_columns_uses_any_value():
    grid = [["Ngày", "Loại", "Ghi chú"], [dt.date(2027, 1, 2), "Nghỉ", None], [None, None, None]]
    table = read_table("Ngày nghỉ", grid, CALENDAR)
    assert [r.values for r in table.rows] == [{"date": dt.date(2027, 1, 2), "kind": "Nghỉ", "notes": None}]


def test_settings_key_values():
    grid = [
        ["CÀI ĐẶT"],
        ["Mục", "Giá trị", "Giải thích"],
        ["Tên chi bộ", "Chi bộ Thôn Z", None],
        ["NĂM KẾ HOẠCH", 2027.0, None],
        ["Ngày tính", None, "để trống = hôm nay"],
    ]
    values = read_key_values(grid, SETTINGS)
    assert values["nam ke hoach"] == KeyValue(row=4, value=2027, label="NĂM KẾ HOẠCH")
    assert values["ten chi bo"].value == "Chi bộ Thôn Z"
    assert values["ngay tinh"] == KeyValue(row=5, value=None, label="Ngày tính")


def test_settings_item_twice_is_an_error():
    grid = [["Mục", "Giá trị"], ["Năm kế hoạch", 2027], ["nam ke hoach", 2028]]
    with pytest.raises(WorkbookFormatError, match="dòng 2 và 3"):
        read_key_values(grid, SETTINGS, sheet="Cai dat")


def test_a_first_data_row_of_numbers_is_data_not_a_numbering_row():
    """`Chỉ tiêu` rows are all numbers (2026, 3, 3): only 1, 2, 3… in order is the form's numbering row."""
    from addin.workbook.schema import QUOTA

    grid = [["Năm", "Chỉ tiêu được giao", "Chỉ tiêu theo nghị quyết"], [2026, 3, 3], [2027, 4, 5]]
    assert [line.values["year"] for line in read_table("Chỉ tiêu", grid, QUOTA).rows] == [2026, 2027]
    numbered = [grid[0], [1, 2, 3], *grid[1:]]
    assert [line.row for line in read_table("Chỉ tiêu", numbered, QUOTA).rows] == [3, 4]
    numbered_text = [grid[0], ["(1)", "(2)", "(3)"], *grid[1:]]
    assert len(read_table("Chỉ tiêu", numbered_text, QUOTA).rows) == 2


def test_a_date_time_within_a_millisecond_of_a_second_is_that_second():
    """Far from 1900 a serial's float error reaches a millisecond, and the two readers round it apart."""
    assert clean_value(dt.datetime(7493, 5, 22, 3, 8, 22, 1000)) == dt.datetime(7493, 5, 22, 3, 8, 22)
    assert clean_value(dt.datetime(2026, 1, 1, 23, 59, 59, 999500)) == dt.date(2026, 1, 2)
    assert clean_value(dt.datetime(2026, 1, 1, 8, 0, 0, 500000)) == dt.datetime(2026, 1, 1, 8, 0, 0, 500000)
