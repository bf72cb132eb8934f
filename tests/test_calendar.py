"""Tests for addin.rules.calendar: Vietnamese working days (party-rules.md §12, HOL_*), DESIGN §3 arithmetic."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import d

from addin.rules.calendar import CalendarOverride, WorkCalendar, add_months, completed_months, covered_years
from addin.rules.catalogue import data_file

CALENDAR = WorkCalendar()
days = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2029, 12, 31))
counts = st.integers(min_value=0, max_value=130)


# --- HOL_BASE and the announced swaps (party-rules.md §12 table) -----------------------------

@pytest.mark.parametrize("day", [
    "01/01/2026", "02/01/2026",  # Tết Dương lịch 2026, Friday 02/01 swapped off
    "16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026",  # Tết Bính Ngọ, Mon–Fri
    "27/04/2026",  # Giỗ Tổ falls on Sunday 26/04, compensated Monday 27/04
    "30/04/2026", "01/05/2026",
    "31/08/2026", "01/09/2026", "02/09/2026",  # Quốc khánh 2026 with the Monday 31/08 swap
    "24/11/2026",  # Ngày Văn hóa Việt Nam, on by default (toggle, [C])
    "01/01/2025", "27/01/2025", "31/01/2025", "07/04/2025", "30/04/2025", "02/05/2025", "01/09/2025", "02/09/2025",
])
def test_hol_days_off(day: str) -> None:
    assert not CALENDAR.is_working_day(d(day))


@pytest.mark.parametrize("day", [
    "10/01/2026",  # make-up Saturday for the 02/01/2026 swap
    "22/08/2026",  # make-up Saturday for the 31/08/2026 swap
    "26/04/2025",  # make-up Saturday for the 02/05/2025 swap
    "05/01/2026", "13/02/2026", "23/02/2026", "28/04/2026", "04/05/2026", "03/09/2026", "23/11/2026", "25/11/2026",
])
def test_hol_working_days(day: str) -> None:
    assert CALENDAR.is_working_day(d(day))


def test_hol_weekends_are_off() -> None:
    assert not CALENDAR.is_working_day(d("14/03/2026"))  # Saturday
    assert not CALENDAR.is_working_day(d("15/03/2026"))  # Sunday


def test_hol_2026_culture_day_is_a_toggle() -> None:
    """HOL_2026_ADD [C]: 24/11/2026 is off by default and a working day when the toggle is off."""
    assert not WorkCalendar(culture_day_off=True).is_working_day(d("24/11/2026"))
    assert WorkCalendar(culture_day_off=False).is_working_day(d("24/11/2026"))
    # The toggle never touches other days.
    assert not WorkCalendar(culture_day_off=False).is_working_day(d("02/09/2026"))


def test_tet_2026_week_counts_no_working_day() -> None:
    assert CALENDAR.working_days_between(d("13/02/2026"), d("22/02/2026")) == 0
    assert CALENDAR.add_working_days(d("13/02/2026"), 1) == d("23/02/2026")


def test_n_working_days_does_not_count_the_event_day() -> None:
    monday = d("09/03/2026")
    assert CALENDAR.add_working_days(monday, 0) == monday
    assert CALENDAR.add_working_days(monday, 1) == d("10/03/2026")
    assert CALENDAR.add_working_days(monday, 5) == d("16/03/2026")
    assert CALENDAR.add_working_days(d("14/03/2026"), 1) == d("16/03/2026")  # from a Saturday


def test_worked_example_ceremony_deadline() -> None:
    """party-rules.md §16: decision received Monday 02/02/2026 → 30 working days → Monday 23/03/2026."""
    assert CALENDAR.add_working_days(d("02/02/2026"), 30) == d("23/03/2026")
    assert CALENDAR.working_days_between(d("02/02/2026"), d("23/03/2026")) == 30


def test_worked_example_recognition_deadline() -> None:
    """party-rules.md §16: probation ended Monday 20/04/2026 → 30 working days → Thursday 04/06/2026."""
    due = CALENDAR.add_working_days(d("20/04/2026"), 30)
    assert due == d("04/06/2026") and due.weekday() == 3


def test_working_days_between_is_signed() -> None:
    assert CALENDAR.working_days_between(d("09/03/2026"), d("09/03/2026")) == 0
    assert CALENDAR.working_days_between(d("16/03/2026"), d("09/03/2026")) == -5


def test_negative_working_days_rejected() -> None:
    with pytest.raises(ValueError):
        CALENDAR.add_working_days(d("09/03/2026"), -1)


def test_next_and_previous_working_day() -> None:
    assert CALENDAR.next_working_day(d("14/02/2026")) == d("23/02/2026")
    assert CALENDAR.previous_working_day(d("22/02/2026")) == d("13/02/2026")
    assert CALENDAR.next_working_day(d("10/01/2026")) == d("10/01/2026")  # a make-up Saturday


# --- properties --------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(days, counts)
def test_nth_working_day_is_a_working_day_strictly_after(start: dt.date, n: int) -> None:
    due = CALENDAR.add_working_days(start, n + 1)
    assert due > start
    assert CALENDAR.is_working_day(due)


@settings(max_examples=200, deadline=None)
@given(days, counts)
def test_nth_working_day_is_monotone(start: dt.date, n: int) -> None:
    assert CALENDAR.add_working_days(start, n) < CALENDAR.add_working_days(start, n + 1)


@settings(max_examples=200, deadline=None)
@given(days, counts)
def test_counting_back_gives_n(start: dt.date, n: int) -> None:
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@settings(max_examples=200, deadline=None)
@given(days, counts)
def test_no_working_day_is_skipped(start: dt.date, n: int) -> None:
    """Between the (n)-th and (n+1)-th working day after E there is no other working day."""
    a, b = CALENDAR.add_working_days(start, n), CALENDAR.add_working_days(start, n + 1)
    between = [a + dt.timedelta(days=i) for i in range(1, (b - a).days)]
    assert not any(CALENDAR.is_working_day(day) for day in between)


overrides = st.lists(
    st.builds(CalendarOverride, days, st.sampled_from(["off", "work"])),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(overrides, st.booleans())
def test_overrides_always_win(items: list[CalendarOverride], culture_day_off: bool) -> None:
    """`Ngày nghỉ`: a `Nghỉ` day is never a working day, a `Làm bù` day always is (the last line for a day wins)."""
    calendar = WorkCalendar(items, culture_day_off=culture_day_off)
    last = {item.day: item.kind for item in items}
    for day, kind in last.items():
        assert calendar.is_working_day(day) is (kind == "work")


@settings(max_examples=100, deadline=None)
@given(overrides, days, counts)
def test_properties_hold_with_overrides(items: list[CalendarOverride], start: dt.date, n: int) -> None:
    calendar = WorkCalendar(items)
    due = calendar.add_working_days(start, n + 1)
    assert due > start and calendar.is_working_day(due)
    assert calendar.working_days_between(start, due) == n + 1


def test_override_moves_a_deadline() -> None:
    """A `Nghỉ` line inside a span pushes the deadline one working day; a `Làm bù` Saturday pulls it back."""
    base = CALENDAR.add_working_days(d("02/03/2026"), 10)
    off = WorkCalendar([CalendarOverride(d("05/03/2026"), "off")])
    work = WorkCalendar([CalendarOverride(d("07/03/2026"), "work")])
    assert off.add_working_days(d("02/03/2026"), 10) == CALENDAR.add_working_days(base, 1)
    assert work.add_working_days(d("02/03/2026"), 10) == CALENDAR.previous_working_day(base - dt.timedelta(days=1))


def test_override_beats_built_in_holiday_and_swap() -> None:
    calendar = WorkCalendar([CalendarOverride(d("27/04/2026"), "work"), CalendarOverride(d("10/01/2026"), "off")])
    assert calendar.is_working_day(d("27/04/2026"))
    assert not calendar.is_working_day(d("10/01/2026"))


# --- "12 months from E" and ages in completed months -----------------------------------------

@pytest.mark.parametrize("start, months, expected", [
    ("15/09/2024", 12, "15/09/2025"),  # PROB_12M worked example
    ("15/01/2020", 60, "15/01/2025"),  # COURSE_NT_VALID worked example
    ("31/01/2025", 1, "28/02/2025"),  # end of month when the day does not exist
    ("31/01/2024", 1, "29/02/2024"),
    ("29/02/2024", 12, "28/02/2025"),
    ("31/03/2025", -1, "28/02/2025"),
    ("15/11/2025", 3, "15/02/2026"),
])
def test_add_months(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


@pytest.mark.parametrize("born, on, months", [
    ("15/03/2007", "14/03/2025", 215),  # 17 years 11 months
    ("15/03/2007", "15/03/2025", 216),  # 18 years 0 months: the day of month is reached
    ("29/02/2008", "27/02/2026", 215),
    ("29/02/2008", "28/02/2026", 216),  # no 29/02 in 2026: the month completes on its last day
    ("31/01/2025", "28/02/2025", 1),  # a 31st completes its month on a shorter month's last day
    ("15/03/1965", "15/03/2025", 720),
    ("15/03/1965", "14/04/2025", 720),
    ("15/03/1965", "15/04/2025", 721),
])
def test_completed_months(born: str, on: str, months: int) -> None:
    assert completed_months(d(born), d(on)) == months


@settings(max_examples=200, deadline=None)
@given(days, st.integers(min_value=0, max_value=900))
def test_completed_months_inverts_add_months(start: dt.date, months: int) -> None:
    end = add_months(start, months)
    assert completed_months(start, end) == months
    assert completed_months(start, end - dt.timedelta(days=1)) == months - 1 or start.day > end.day


# --- the holiday table: package data written from the `holidays` library by tools/build_holidays.py ---------

def test_holiday_table_is_what_the_holidays_library_gives() -> None:
    """A `holidays` upgrade that moves, adds or drops a day fails here: run tools/build_holidays.py and commit."""
    import holidays

    data = data_file("holidays.toml")
    assert (data["first_year"], data["last_year"]) == covered_years() == (1990, 2045)
    vn = holidays.country_holidays("VN", years=range(1990, 2046), language="vi")
    assert {item["day"]: item["name"] for item in data["off"]} == dict(vn.items())
    assert set(data["work"]) == {day for day in vn.weekend_workdays if 1990 <= day.year <= 2045}


@pytest.mark.parametrize("day", [
    "01/01/2027", "30/04/2027", "02/09/2027",  # fixed solar-calendar days (BLLĐ 2019 Điều 112)
    "03/05/2027",  # 01/05/2027 is a Saturday: compensated on Monday
    "06/02/2027", "08/02/2027", "09/02/2027",  # Tết Đinh Mùi: mùng 1 Saturday 06/02/2027, mùng 3 and 4 Mon–Tue
    "02/09/1995", "30/04/2045", "01/01/2045",
])
def test_hand_known_days_off_from_the_table(day: str) -> None:
    assert not CALENDAR.is_working_day(d(day))


def test_the_core_never_imports_holidays() -> None:
    """The table is read as data: loading the calendar in a fresh interpreter leaves `holidays` unimported."""
    code = ("import sys; from addin.rules.calendar import WorkCalendar; "
            "WorkCalendar().add_working_days(__import__('datetime').date(2026, 2, 13), 1); "
            "print('holidays' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("day, working", [
    ("01/01/2046", False), ("30/04/2046", False), ("01/05/2046", False), ("02/09/2047", False),  # solar holidays
    ("01/05/1989", False),  # before the table too
    ("24/11/2048", False),  # Ngày Văn hóa Việt Nam, on by default
    ("06/02/2046", True),  # mùng 1 Tết Bính Dần (a Tuesday): lunar days are not known outside the table
    ("03/09/2047", True),  # nor the day the PM adds to Quốc khánh
    ("04/09/2049", False),  # a Saturday
])
def test_outside_the_table_only_solar_holidays_are_off(day: str, working: bool) -> None:
    assert CALENDAR.is_working_day(d(day)) is working


def test_outside_the_table_the_toggle_and_overrides_still_apply() -> None:
    assert WorkCalendar(culture_day_off=False).is_working_day(d("24/11/2048"))
    calendar = WorkCalendar([CalendarOverride(d("02/09/2047"), "work"), CalendarOverride(d("06/02/2046"), "off")])
    assert calendar.is_working_day(d("02/09/2047")) and not calendar.is_working_day(d("06/02/2046"))
    # From Friday 29/12/2045 across the table's end: Monday 01/01/2046 is off
    assert CALENDAR.add_working_days(d("29/12/2045"), 1) == d("02/01/2046")
    assert CALENDAR.working_days_between(d("29/12/2045"), d("04/01/2046")) == 3
