"""The formula shifter (addin/files/refs.py) on its own: references move as Excel moves them when rows are
inserted into (or deleted from) the plan sheet. Every expected formula is written by hand.

The shift below is Excel's "insert 3 rows above row 10 of `Kế hoạch 2027`": rows 10 and below move down by 3.
"""
from __future__ import annotations

import pytest

from addin.files.refs import RowShift

SHEET = "Kế hoạch 2027"
INSERT = RowShift(SHEET, before=10, count=3)
DELETE = RowShift(SHEET, before=12, count=-2)  # rows 10 and 11 deleted: rows 12 and below move up by 2


@pytest.mark.parametrize(("formula", "moved"), [
    # relative and absolute: both move with their rows
    ("A9", "A9"),
    ("A10", "A13"),
    ("B12*2", "B15*2"),
    ("$A$10", "$A$13"),
    ("A$10+$A10", "A$13+$A13"),
    ("$XFD$1048000", "$XFD$1048003"),
    # ranges: each end on its own
    ("SUM(A5:C12)", "SUM(A5:C15)"),
    ("SUM(A10:A12)", "SUM(A13:A15)"),
    ("SUM($B$2:$B$9)", "SUM($B$2:$B$9)"),
    # whole rows move, whole columns do not
    ("SUM(10:12)", "SUM(13:15)"),
    ("SUM($9:$11)", "SUM($9:$14)"),
    ("SUM(A:C)", "SUM(A:C)"),
    ("SUM($B:$B)", "SUM($B:$B)"),
    # texts in quotes are left alone
    ('"A12"&A12', '"A12"&A15'),
    ('"say ""B12"""&B12', '"say ""B12"""&B15'),
    # functions and names that look like references are not references
    ("LOG10(A12)", "LOG10(A15)"),
    ("Tong_A12+A12", "Tong_A12+A15"),
    ("ABCD12+AB12", "ABCD12+AB15"),
    ("_xlfn.XLOOKUP(A12,B1:B20,C1:C20)", "_xlfn.XLOOKUP(A15,B1:B23,C1:C23)"),
    ("KeHoach.A12", "KeHoach.A12"),
    # errors stay
    ("SUM(#REF!)+A12", "SUM(#REF!)+A15"),
    ("IFERROR(A12,#N/A)", "IFERROR(A15,#N/A)"),
    # structured references name columns, not cells, even a column named like a cell
    ("SUM(Bảng1[Số])+A12", "SUM(Bảng1[Số])+A15"),
    ("Bảng1[A12]", "Bảng1[A12]"),
    ("Bảng1[[#This Row],[Cột A12]]", "Bảng1[[#This Row],[Cột A12]]"),
    ("SUM(Bảng1[[#Data],[Ngày '[B12']]])+B12", "SUM(Bảng1[[#Data],[Ngày '[B12']]])+B15"),
])
def test_references_in_the_home_sheet(formula: str, moved: str) -> None:
    assert INSERT.formula(formula, SHEET) == moved


@pytest.mark.parametrize(("formula", "home", "moved"), [
    # sheet-qualified: quoted (a space), any case, an apostrophe doubled
    ("'Kế hoạch 2027'!A12", "Tổng hợp", "'Kế hoạch 2027'!A15"),
    ("'KẾ HOẠCH 2027'!A10:B11", "Tổng hợp", "'KẾ HOẠCH 2027'!A13:B14"),
    ("SUM('Kế hoạch 2027'!12:12)", "Tổng hợp", "SUM('Kế hoạch 2027'!15:15)"),
    # an unqualified reference in another sheet is that sheet's own cell
    ("A12", "Tổng hợp", "A12"),
    ("A12+'Kế hoạch 2027'!A12", "Tổng hợp", "A12+'Kế hoạch 2027'!A15"),
    # a reference to another sheet from the moved one does not move
    ("Khác!A12+A12", SHEET, "Khác!A12+A15"),
    ("'Kế hoạch 2026'!A12", SHEET, "'Kế hoạch 2026'!A12"),
    # a sheet of the same name in another workbook does not move
    ("'[1]Kế hoạch 2027'!A12", "Tổng hợp", "'[1]Kế hoạch 2027'!A12"),
    ("[1]Sheet1!A12", "Tổng hợp", "[1]Sheet1!A12"),
])
def test_references_from_other_sheets(formula: str, home: str, moved: str) -> None:
    assert INSERT.formula(formula, home) == moved


def test_quoted_sheet_name_with_an_apostrophe() -> None:
    shift = RowShift("Chi bộ's plan", before=5, count=1)
    assert shift.formula("'Chi bộ''s plan'!C7*2", "Khác") == "'Chi bộ''s plan'!C8*2"
    assert shift.formula("'Chi bộ''s plan'!C4", "Khác") == "'Chi bộ''s plan'!C4"


def test_a_defined_name_formula_has_no_home() -> None:
    assert INSERT.formula("'Kế hoạch 2027'!$A$10:$H$40", None) == "'Kế hoạch 2027'!$A$13:$H$43"
    assert INSERT.formula("Khác!$A$10", None) == "Khác!$A$10"


@pytest.mark.parametrize(("formula", "moved"), [
    ("A9+A12", "A9+A10"),
    ("SUM(A2:A20)", "SUM(A2:A18)"),
    ("SUM(14:15)", "SUM(12:13)"),
])
def test_references_below_deleted_rows_move_up(formula: str, moved: str) -> None:
    assert DELETE.formula(formula, SHEET) == moved


def test_ranges_of_a_sqref() -> None:
    """Space-separated ranges of this sheet, as conditional formats and validations list them."""
    assert INSERT.ranges("A5:C9 E12 A1:H40") == "A5:C9 E15 A1:H43"
    assert INSERT.ranges("$A$10:$A$11") == "$A$13:$A$14"
    assert INSERT.ranges("B:B") == "B:B"
