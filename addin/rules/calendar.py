"""Vietnamese working days, month arithmetic and ages (DESIGN §3; party-rules.md §12).

Public holidays, days in lieu and the government's make-up Saturdays come from data/holidays.toml
(1990–2045, written from the `holidays` library by tools/build_holidays.py); `KNOWN_SWAPS` adds announced
swaps that library lacks, and the workbook's `Ngày nghỉ` overrides win over both. Outside the table's
years only the solar-calendar holidays and weekends are days off: Tết, Giỗ Tổ and swaps are not known there.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from . import catalogue

OverrideKind = Literal["off", "work"]


@dataclass(frozen=True)
class CalendarOverride:
    """One line of `Ngày nghỉ`: an extra day off ("off") or a make-up working day ("work")."""

    day: dt.date
    kind: OverrideKind
    note: str = ""
    row: int | None = None


@dataclass(frozen=True)
class Swap:
    day: dt.date
    kind: OverrideKind
    source: str


# Civil-service swaps announced for 2026 that holidays 0.109 does not carry (party-rules.md §12 [A]).
KNOWN_SWAPS: tuple[Swap, ...] = (
    Swap(dt.date(2026, 1, 2), "off", "Thông báo nghỉ Tết Dương lịch 2026: nghỉ 01–04/01, hoán đổi thứ Sáu 02/01"),
    Swap(dt.date(2026, 1, 10), "work", "Thông báo nghỉ Tết Dương lịch 2026: làm bù thứ Bảy 10/01"),
)

CULTURE_DAY = (11, 24)  # "Ngày Văn hóa Việt Nam", NQ 80-NQ/TW; legal status unconfirmed [C]
FIRST_CULTURE_DAY_YEAR = 2026


def _culture_day(day: dt.date) -> bool:
    return (day.month, day.day) == CULTURE_DAY and day.year >= FIRST_CULTURE_DAY_YEAR


# Days off every year outside the table's years; the lunar ones (Tết, Giỗ Tổ) and the PM's swaps are unknown there.
SOLAR_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))  # BLLĐ 2019 Điều 112


@lru_cache(maxsize=1)
def _table() -> tuple[int, int, frozenset[dt.date], frozenset[dt.date]]:
    """The years covered, the days off and the make-up Saturdays of data/holidays.toml.

    tools/build_holidays.py writes the file from the `holidays` library; chibo never imports that library."""
    data = catalogue.data_file("holidays.toml")
    return (data["first_year"], data["last_year"],
            frozenset(item["day"] for item in data["off"]), frozenset(data["work"]))


@lru_cache(maxsize=32)
def _working_days(changes: tuple[tuple[dt.date, OverrideKind], ...], culture_day_off: bool
                  ) -> tuple[frozenset[dt.date], frozenset[dt.date], tuple[int, ...]]:
    """Days off, make-up working days and the ordinals of every working day of the table's years.

    Built once per set of overrides: a batch over many workbooks shares it.
    """
    first_year, last_year, days_off, make_up = _table()
    off = set(days_off)
    work = set(make_up)
    if not culture_day_off:
        off -= {d for d in off if _culture_day(d)}
    for day, kind in [(swap.day, swap.kind) for swap in KNOWN_SWAPS] + list(changes):
        (off if kind == "off" else work).add(day)
        (work if kind == "off" else off).discard(day)
    first, last = dt.date(first_year, 1, 1).toordinal(), dt.date(last_year, 12, 31).toordinal()
    ordinals = tuple(
        o for o in range(first, last + 1)
        if (d := dt.date.fromordinal(o)) in work or (d not in off and d.weekday() < 5)
    )
    return frozenset(off), frozenset(work), ordinals


def covered_years() -> tuple[int, int]:
    """The first and last year of the holiday table; other years know only `SOLAR_HOLIDAYS` and weekends."""
    first_year, last_year, _, _ = _table()
    return first_year, last_year


class WorkCalendar:
    """Working days of a Vietnamese state office, with the workbook's overrides on top."""

    def __init__(self, overrides: Iterable[CalendarOverride] = (), *, culture_day_off: bool = True) -> None:
        changes = tuple({item.day: item.kind for item in overrides}.items())  # the last row for a day wins
        self._off, self._work, self._days = _working_days(changes, culture_day_off)
        self._culture_day_off = culture_day_off
        self._covered = covered_years()

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._work:
            return True
        if day in self._off:
            return False
        return day.weekday() < 5 and not self._solar_holiday_outside_table(day)

    def _solar_holiday_outside_table(self, day: dt.date) -> bool:
        if self._covered[0] <= day.year <= self._covered[1]:
            return False
        culture = self._culture_day_off and _culture_day(day)
        return culture or (day.month, day.day) in SOLAR_HOLIDAYS

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted); n = 0 gives `start`."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return start
        index = bisect_right(self._days, start.toordinal()) + n - 1
        if self._days and self._days[0] <= start.toordinal() and index < len(self._days):
            return dt.date.fromordinal(self._days[index])
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        if self._days and self._days[0] <= start.toordinal() and end.toordinal() <= self._days[-1]:
            return bisect_right(self._days, end.toordinal()) - bisect_right(self._days, start.toordinal())
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + dt.timedelta(days=i)))

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the one before."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day


@lru_cache(maxsize=65536)  # the same milestones are shifted by the same months over and over
def add_months(day: dt.date, months: int) -> dt.date:
    """Same day number `months` later; the month's last day when that day does not exist."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = _cal.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def completed_months(start: dt.date, on: dt.date) -> int:
    """Completed months from `start` to `on`; a month completes when the day of month is reached.

    A start on the 31st completes its month on the last day of a shorter month.
    """
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if on < add_months(start, months):
        months -= 1
    return months
