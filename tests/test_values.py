"""Tests for addin.rules.values and records: raw cell values → typed fields (DESIGN §2 "Values").

An unreadable value is a finding at its cell (row, column key), never an exception
(DATE_INVALID, DATE_PARTIAL, TEXT_LEGACY of party-rules.md §15).
"""
from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import d, only

from addin.rules.catalogue import rule
from addin.rules.findings import Severity
from addin.rules.records import person_key, read_candidate, read_member, read_override
from addin.rules.values import (
    Education,
    PartialDate,
    Period,
    Unreadable,
    format_date,
    parse_birth_date,
    parse_count,
    parse_date,
    parse_education,
    parse_yes_no,
)

JAN_15_2020 = dt.date(2020, 1, 15)


# --- dates (DATE_INVALID) ----------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    dt.date(2020, 1, 15),
    dt.datetime(2020, 1, 15, 0, 0),
    dt.datetime(2020, 1, 15, 14, 30),
    43845,  # Excel serial
    43845.0,
    43845.75,  # a serial with a time of day
    "43845",
    "15/01/2020",
    "15/1/2020",
    "15-01-2020",
    "15.01.2020",
    "15 / 01 / 2020",
    "2020-01-15",
    "2020-01-15 00:00:00",
    "  15/01/2020  ",
])
def test_date_forms(raw: object) -> None:
    assert parse_date(raw) == JAN_15_2020


def test_d_m_yyyy_is_day_first() -> None:
    assert parse_date("3/2/2025") == dt.date(2025, 2, 3)
    assert parse_date("03.02.2025") == dt.date(2025, 2, 3)


@pytest.mark.parametrize("serial, expected", [
    (1, dt.date(1900, 1, 1)),
    (59, dt.date(1900, 2, 28)),
    (61, dt.date(1900, 3, 1)),
    (45658, dt.date(2025, 1, 1)),
    (46023, dt.date(2026, 1, 1)),
])
def test_excel_serials(serial: int, expected: dt.date) -> None:
    """The 1900 date system, including Excel's phantom 29/02/1900 (serial 60)."""
    assert parse_date(serial) == expected


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_empty_date_is_none(raw: object) -> None:
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", [
    "31/02/2026", "29/02/2025", "00/01/2020", "15/13/2020", "abc", "15/01", "2020-02-30",
    "#REF!", "#VALUE!", True, 0, -5, 60, 1e12, math.inf, -math.inf, math.nan,
    dt.date(1899, 12, 31), "31/12/1899", "01/01/1850", "1850-01-01", "01/01/2101", 10_000_000, 10**400, "99999",
])
def test_impossible_dates_are_unreadable(raw: object) -> None:
    with pytest.raises(Unreadable):
        parse_date(raw)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                 st.dates(), st.booleans(), st.none()))
def test_any_cell_value_is_read_or_unreadable(raw: object) -> None:
    """Hostile cells: every parser returns a value or raises Unreadable, nothing else."""
    for parser in (parse_date, parse_birth_date, parse_yes_no, parse_count, parse_education):
        try:
            parser(raw)
        except Unreadable:
            pass


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_written_dates_read_back(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day


# --- partial birth dates (DATE_PARTIAL) ----------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("1985", PartialDate(1985)),
    (1985, PartialDate(1985)),
    (1985.0, PartialDate(1985)),
    ("3/1985", PartialDate(1985, 3)),
    ("03/1985", PartialDate(1985, 3)),
    ("03-1985", PartialDate(1985, 3)),
    ("15/03/1985", dt.date(1985, 3, 15)),
    (31121, dt.date(1985, 3, 15)),  # a real serial is a full date
])
def test_birth_date_forms(raw: object, expected: object) -> None:
    assert parse_birth_date(raw) == expected


def test_partial_date_bounds() -> None:
    assert PartialDate(1985).earliest() == dt.date(1985, 1, 1)
    assert PartialDate(1985).latest() == dt.date(1985, 12, 31)
    assert PartialDate(2004, 2).latest() == dt.date(2004, 2, 29)
    assert str(PartialDate(1985, 3)) == "03/1985"


@pytest.mark.parametrize("raw", ["13/1985", "0/1985", "3/1850", "1985a"])
def test_bad_partial_birth_dates(raw: str) -> None:
    with pytest.raises(Unreadable):
        parse_birth_date(raw)


# --- yes/no ------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["Có", "có", "CÓ", "co", "x", "X", "✓", "Yes", "yes", "TRUE", "True", True, 1, 1.0, "1", "Đúng"])
def test_yes_words(raw: object) -> None:
    assert parse_yes_no(raw) is True


@pytest.mark.parametrize("raw", ["Không", "không", "KHÔNG", "ko", "No", "FALSE", False, 0, "0", None, "", "  "])
def test_no_words(raw: object) -> None:
    assert parse_yes_no(raw) is False


@pytest.mark.parametrize("raw", ["có lẽ", "2", 2, 0.5, "maybe"])
def test_unreadable_yes_no(raw: object) -> None:
    with pytest.raises(Unreadable):
        parse_yes_no(raw)


# --- counts --------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [(14, 14), (14.0, 14), ("14", 14), (" 14 ", 14), ("14.0", 14), (None, None), ("", None)])
def test_counts(raw: object, expected: int | None) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", [-1, 2.5, "mười", "14 người", True, math.nan, math.inf])
def test_unreadable_counts(raw: object) -> None:
    with pytest.raises(Unreadable):
        parse_count(raw)


# --- education (EDU_MIN) --------------------------------------------------------------------------

@pytest.mark.parametrize("raw, level", [
    ("9/12", Education.LOWER_SECONDARY),
    ("12/12", Education.UPPER_SECONDARY),
    ("7/10", Education.LOWER_SECONDARY),  # old 10-year system: grade 7 completes lower secondary
    ("6/10", Education.PRIMARY),
    ("10/10", Education.UPPER_SECONDARY),
    ("8/12", Education.PRIMARY),
    ("5/12", Education.PRIMARY),
    ("4/10", Education.PRIMARY),
    ("THCS", Education.LOWER_SECONDARY),
    ("Hoàn thành THCS", Education.LOWER_SECONDARY),
    ("Hoàn thành chương trình trung học cơ sở", Education.LOWER_SECONDARY),
    ("THPT", Education.UPPER_SECONDARY),
    ("Trung cấp", Education.VOCATIONAL),
    ("Cao đẳng", Education.COLLEGE),
    ("Đại học", Education.UNIVERSITY),
    ("12/12, Đại học", Education.UNIVERSITY),
    ("Thạc sĩ", Education.MASTER),
    ("Tiến sĩ", Education.DOCTOR),
    ("Tiểu học", Education.PRIMARY),
    ("TIỂU HỌC", Education.PRIMARY),
])
def test_education_levels(raw: str, level: Education) -> None:
    assert parse_education(raw) == level


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_empty_education(raw: object) -> None:
    assert parse_education(raw) is None


@pytest.mark.parametrize("raw", ["13/12", "11/10", "giỏi", 12])
def test_unreadable_education(raw: object) -> None:
    with pytest.raises(Unreadable):
        parse_education(raw)


# --- records: findings at the cell ------------------------------------------------------------------

def test_read_candidate_types_every_form() -> None:
    c, problems = read_candidate("Theo dõi", 7, {
        "name": "  Nguyễn   Văn An ", "dob": "3/1990", "education": "7/10", "edu_exception": "Không",
        "youth_member": "x", "unit_since": dt.datetime(2018, 3, 1), "course_date": 43845, "application_date": "01.04.2024",
        "cv_date": "2024-04-05", "cell_vote_date": "12-06-2024", "cell_vote_yes": "9", "cell_vote_total": 10.0,
        "decision_no": 123, "expected": "6/2024", "stt": 1, "unknown_column": "kept and ignored",
    })
    assert problems == []
    assert c.row == 7 and c.name == "Nguyễn Văn An"
    assert c.dob == PartialDate(1990, 3)
    assert c.education is Education.LOWER_SECONDARY and c.education_text == "7/10"
    assert c.youth_member is True and c.edu_exception is False
    assert c.unit_since == dt.date(2018, 3, 1)
    assert c.course_date == JAN_15_2020
    assert (c.application_date, c.cv_date, c.cell_vote_date) == (d("01/04/2024"), d("05/04/2024"), d("12/06/2024"))
    assert (c.cell_vote_yes, c.cell_vote_total) == (9, 10)
    assert c.decision_no == "123"
    assert c.expected == Period(2024, 6, 6)


@pytest.mark.parametrize("column, raw, rule_id", [
    ("dob", "31/02/2001", "DATE_INVALID"),
    ("course_date", "31/02/2026", "DATE_INVALID"),
    ("cell_vote_date", "abc", "DATE_INVALID"),
    ("decision_date", "01/01/1850", "DATE_INVALID"),
    ("ceremony_date", 1e12, "DATE_INVALID"),
    ("expected", "13/2027", "DATE_INVALID"),
    ("education", "giỏi", "EDU_MIN"),
    ("edu_exception", "có lẽ", "EDU_EXC"),
    ("youth_member", "chưa rõ", "YOUTH_DV"),
    ("cell_vote_yes", "mười", "VOTE_CELL"),
    ("cell_vote_total", -3, "VOTE_DENOM"),
    ("recognition_vote_yes", 2.5, "VOTE_RECOG"),
])
def test_unreadable_cell_is_a_finding_at_that_cell(column: str, raw: object, rule_id: str) -> None:
    c, problems = read_candidate("Theo dõi", 12, {"name": "Trần Thị Hoa", "dob": "01/02/2001", column: raw})
    found = only(problems, rule_id)
    assert (found.sheet, found.row, found.column, found.person) == ("Theo dõi", 12, column, "Trần Thị Hoa")
    assert found.severity is rule(rule_id).severity
    assert found.message and "{" not in found.message
    assert getattr(c, column) in (None, False)


def test_date_invalid_message_names_field_and_value() -> None:
    _, problems = read_candidate("Theo dõi", 3, {"name": "A", "course_date": "31/02/2026"})
    message = only(problems, "DATE_INVALID").message
    assert "Ngày cấp GCN lớp nhận thức" in message and "31/02/2026" in message


def test_all_bad_cells_of_a_row_are_reported() -> None:
    """Findings are collected all at once, never stopping at the first."""
    _, problems = read_candidate("Theo dõi", 4, {
        "name": "A", "dob": "abc", "course_date": "31/02/2026", "cell_vote_date": "1/13/2024", "education": "giỏi",
    })
    assert sorted(f.column for f in problems) == ["cell_vote_date", "course_date", "dob", "education"]


def test_text_legacy_finding_gives_unicode_reading() -> None:
    """TEXT_LEGACY (§15): a TCVN3 name is read as Unicode and reported at its cell."""
    c, problems = read_candidate("Theo dõi", 9, {"name": "NguyÔn V¨n Phóc", "unit": "Phßng Tæ chøc"})
    assert c.name == "Nguyễn Văn Phúc" and c.unit == "Phòng Tổ chức"
    names = [f for f in problems if f.rule == "TEXT_LEGACY"]
    assert [(f.row, f.column) for f in names] == [(9, "name"), (9, "unit")]
    assert names[0].severity is Severity.WARNING
    assert "Nguyễn Văn Phúc" in names[0].message and "TCVN3" in names[0].message
    assert names[0].person == "Nguyễn Văn Phúc"


def test_vni_text_is_detected() -> None:
    c, problems = read_candidate("Theo dõi", 2, {"name": "Nguyeãn Vaên Phuùc"})
    assert c.name == "Nguyễn Văn Phúc"
    assert "VNI" in only(problems, "TEXT_LEGACY").message


def test_unicode_text_is_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    c, problems = read_candidate("Theo dõi", 2, {"name": decomposed})
    assert c.name == "Nguyễn Văn An" and problems == []


def test_read_member() -> None:
    m, problems = read_member("Đảng viên", 5, {
        "name": "Trần Văn Bình", "admitted": "15/07/2009", "official": "15/07/2010", "arrived": "01/01/2012",
        "left": None, "exempt": "Có", "attached_elsewhere": "Không",
    })
    assert problems == []
    assert (m.admitted, m.official, m.arrived, m.left) == (d("15/07/2009"), d("15/07/2010"), d("01/01/2012"), None)
    assert m.exempt and not m.attached_elsewhere
    assert m.is_official_on(d("15/07/2010")) and not m.is_official_on(d("14/07/2010"))


def test_read_member_bad_date() -> None:
    _, problems = read_member("Đảng viên", 6, {"name": "Lê Văn C", "official": "30/02/2015"})
    found = only(problems, "DATE_INVALID")
    assert (found.sheet, found.row, found.column) == ("Đảng viên", 6, "official")


@pytest.mark.parametrize("kind, expected", [("Nghỉ", "off"), ("nghi", "off"), ("", "off"), ("Làm bù", "work"), ("LÀM BÙ", "work")])
def test_read_override(kind: str, expected: str) -> None:
    item, problems = read_override("Ngày nghỉ", 3, {"date": "24/11/2026", "kind": kind, "notes": "Ngày Văn hóa"})
    assert problems == []
    assert item is not None and (item.day, item.kind, item.row) == (d("24/11/2026"), expected, 3)


def test_read_override_bad_values_are_findings() -> None:
    item, problems = read_override("Ngày nghỉ", 4, {"date": "31/02/2026", "kind": "Nghỉ"})
    assert item is None and only(problems, "DATE_INVALID").column == "date"
    item, problems = read_override("Ngày nghỉ", 5, {"date": "02/03/2026", "kind": "đi chơi"})
    assert item is None and problems[0].column == "kind" and problems[0].row == 5
    assert "đi chơi" in problems[0].message


def test_person_key_ignores_case_spacing_and_normal_form() -> None:
    assert person_key(" TRẦN  văn   bình ") == person_key("Tra\u0302\u0300n Văn Bình")
    assert person_key("Trần Văn Bình") != person_key("Trần Văn Binh")
