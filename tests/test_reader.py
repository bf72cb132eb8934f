"""Both read paths give the same grids for real workbook files (DESIGN §1: two fronts, one format)."""
from __future__ import annotations

import datetime as dt
import os
import string
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference

from addin.errors import UnreadableWorkbook
from addin.files.reader import read_grids
from addin.workbook.schema import REGISTER
from addin.workbook.tables import CellError, clean_value, find_sheet, read_table

ENGINES = ("calamine", "openpyxl")
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Đào")


def both(path: Path) -> dict:
    """The grids of `path`, asserting that both engines agree."""
    calamine, openpyxl_grids = (read_grids(path, engine) for engine in ENGINES)
    assert calamine == openpyxl_grids
    for grid_a, grid_b in zip(calamine.values(), openpyxl_grids.values()):
        for row_a, row_b in zip(grid_a, grid_b):
            assert [type(v) for v in row_a] == [type(v) for v in row_b]
    return calamine


def _xlsxwriter_register(path: Path) -> None:
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Theo dõi")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.merge_range("A1:F1", "DANH SÁCH QUẦN CHÚNG ƯU TÚ")
    sheet.write_row("A3", ["STT", "Họ và tên", "Ngày sinh", "Đoàn viên", "Ngày làm đơn", "Ngày QĐ kết nạp"])
    sheet.write_row("H3", ["Số quyết định"])
    sheet.write_number("A4", 1)
    sheet.write_string("B4", NFD_NAME)
    sheet.write_datetime("C4", dt.datetime(2001, 2, 3), date)
    sheet.write_boolean("D4", True)
    sheet.write_number("E4", 46000, date)  # a serial number shown as a date
    sheet.write_formula("F4", "=NA()", None, "#N/A")
    sheet.write_string("H4", "0123")  # a number kept as text
    sheet.write_number("A5", 2.0)
    sheet.write_string("B5", "  Lê Văn Bình ")
    sheet.write_string("C5", "15/08/2002")  # a text date
    sheet.write_boolean("D5", False)
    sheet.write_datetime("E5", dt.datetime(2026, 3, 4, 9, 30), stamp)
    sheet.write_formula("F5", "=1/0", None, "#DIV/0!")
    sheet.write_formula("H5", "=Z99", None, "#REF!")
    sheet.write_formula("A6", "=A5+1", None, 3)
    sheet.write_formula("B6", '="Hà "&"Nam"', None, "Hà Nam")
    sheet.write_formula("F6", "=X1", None, "#NAME?")
    sheet.write_formula("H6", "=1/0", None, "#VALUE!")
    sheet.merge_range("B8:C8", "ô gộp")
    sheet.write_blank("K20", None, date)  # formatted but empty: trimmed
    hidden = book.add_worksheet("Ẩn")
    hidden.write("C3", 1.5)
    hidden.hide()
    book.add_worksheet("Trống")
    book.close()


def test_xlsxwriter_workbook_reads_the_same_with_both_engines(tmp_path):
    path = tmp_path / "Kế hoạch.xlsx"
    _xlsxwriter_register(path)
    grids = both(path)
    assert list(grids) == ["Theo dõi", "Ẩn", "Trống"]
    grid = grids["Theo dõi"]
    assert len(grid) == 8 and {len(row) for row in grid} == {8}
    assert grid[0][:2] == ["DANH SÁCH QUẦN CHÚNG ƯU TÚ", None]
    assert grid[1] == [None] * 8
    assert grid[3] == [1, "Nguyễn Thị Đào", dt.date(2001, 2, 3), True, dt.date(2025, 12, 9),
                       CellError("#N/A"), None, "0123"]
    assert grid[3][1] == unicodedata.normalize("NFC", NFD_NAME)
    assert grid[4] == [2, "Lê Văn Bình", "15/08/2002", False, dt.datetime(2026, 3, 4, 9, 30),
                       CellError("#DIV/0!"), None, CellError("#REF!")]
    assert grid[5] == [3, "Hà Nam", None, None, None, CellError("#NAME?"), None, CellError("#VALUE!")]
    assert all(isinstance(v, CellError) for v in (grid[3][5], grid[4][5], grid[4][7]))
    assert grid[7][1:4] == ["ô gộp", None, None]
    assert grids["Ẩn"] == [[None] * 3, [None] * 3, [None, None, 1.5]]
    assert grids["Trống"] == []


def test_openpyxl_workbook_reads_the_same_with_both_engines(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Quần chúng"
    sheet["B2"] = "Chi bộ " + unicodedata.normalize("NFD", "Thôn Đông")
    sheet.merge_cells("B2:E2")
    sheet.append([])
    sheet.append([None, "TT", "Họ tên", "Ngày sinh", "Ghi chú"])
    sheet.append([None, 1, NFD_NAME, dt.datetime(1998, 7, 6), "#N/A"])
    sheet.append([None, 2.0, "Đinh Văn Em", dt.date(1999, 1, 1), 0.25])
    sheet["D6"].number_format = "dd/mm/yyyy"
    sheet["C7"] = "="  # a lone "=" is text
    sheet["F9"] = None
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=5, max_row=6))
    book.create_chartsheet("Biểu đồ").add_chart(chart)
    path = tmp_path / "chi-bo.xlsm"
    book.save(path)
    grids = both(path)
    assert list(grids) == ["Quần chúng"]  # chartsheets are no grids
    grid = grids["Quần chúng"]
    assert grid[1] == [None, "Chi bộ Thôn Đông", None, None, None]
    assert grid[4] == [None, 1, "Nguyễn Thị Đào", dt.date(1998, 7, 6), CellError("#N/A")]
    assert grid[5] == [None, 2, "Đinh Văn Em", dt.date(1999, 1, 1), 0.25]
    assert len(grid) == 7

    table = read_table("Quần chúng", grid, REGISTER)
    assert find_sheet(list(grids), REGISTER) == "Quần chúng"
    assert table.header_row == 4 and table.columns == {"stt": 2, "name": 3, "dob": 4, "notes": 5}
    assert [r.values["name"] for r in table.rows] == ["Nguyễn Thị Đào", "Đinh Văn Em"]  # a lone "=" names no one
    assert table.skipped == 1


def test_openpyxl_engine_closes_the_file(tmp_path):
    path = tmp_path / "a.xlsx"
    _xlsxwriter_register(path)
    fds = Path("/proc/self/fd")  # Linux, as CI
    before = len(os.listdir(fds))
    for engine in ENGINES:
        read_grids(path, engine)
    assert len(os.listdir(fds)) == before


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("thiếu.xlsx", None, "Không tìm thấy"),
        ("cũ.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        ("mật khẩu.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "mật khẩu"),
        ("văn bản.xlsx", "Họ và tên;Ngày sinh\n".encode(), "không phải sổ tính"),
        ("bảng.csv", b"a,b\n", "không phải sổ tính"),
    ],
)
def test_unreadable_files_get_a_vietnamese_message(tmp_path, engine, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook) as info:
        read_grids(path, engine)
    assert words in info.value.message and name in info.value.message


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_workbook_is_unreadable(tmp_path, engine):
    good = tmp_path / "good.xlsx"
    _xlsxwriter_register(good)
    bad = tmp_path / "hỏng.xlsx"
    data = good.read_bytes()
    bad.write_bytes(data[:200] + b"\0" * 200 + data[400:])
    with pytest.raises(UnreadableWorkbook, match="hỏng.xlsx"):
        read_grids(bad, engine)


# Values a user types, as openpyxl writes them. A zero time reads back as a date.
_TEXT = st.text(
    alphabet=string.ascii_letters + string.digits + " ,./-()" + "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐƯ"
    + "\u0300\u0301\u0303\u0309\u0323",
    max_size=12,
)
_VALUES = st.one_of(
    st.none(),
    _TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_subnormal=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"]),
)
_GRIDS = st.lists(st.lists(_VALUES, max_size=6), max_size=6)


def _as_written(value: object) -> object:
    """openpyxl writes a float with 16 significant digits."""
    return float(f"{value:.16g}") if isinstance(value, float) else value


def _expected(rows: list[list[object]]) -> list[list[object]]:
    cleaned = [[clean_value(_as_written(v)) for v in row] for row in rows]
    height = max((r + 1 for r, row in enumerate(cleaned) if any(v is not None for v in row)), default=0)
    width = max((c + 1 for row in cleaned for c, v in enumerate(row) if v is not None), default=0)
    return [row[:width] + [None] * (width - len(row[:width])) for row in cleaned[:height]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_GRIDS)
def test_random_grids_round_trip_through_both_engines(tmp_path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    path = tmp_path / "ngẫu nhiên.xlsx"
    book.save(path)
    assert both(path) == {"Dữ liệu": _expected(rows)}
