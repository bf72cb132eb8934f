"""Vietnamese working days, month arithmetic and ages (DESIGN §3; party-rules.md §12).

Public holidays, days in lieu and the government's make-up Saturdays come from the
`holidays` package; `KNOWN_SWAPS` adds announced swaps that package lacks, and the
workbook's `Ngày nghỉ` overrides win over both.
"""
from __future__ import annotations

import calendar as _cal
import datetime as dt
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
import uuid
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

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


def _vietnam_class() -> type:
    """holidays' Vietnam calendar, importing its module alone: `holidays.Vietnam` and the
    `holidays.countries` package import all 250 country modules (about a second)."""
    name = "holidays.countries.vietnam"
    module = sys.modules.get(name)
    if module is None:
        import holidays  # the base package only; its countries load lazily

        spec = importlib.util.spec_from_file_location(name, Path(holidays.__file__).parent / "countries" / "vietnam.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return module.Vietnam


@lru_cache(maxsize=4)
def _base_calendar(first_year: int, last_year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """Days off and make-up Saturdays from the holidays package for a span of years.

    Computed once per installed holidays version and kept in the user's temporary folder: importing
    holidays and computing 56 years costs a command more than reading the table back (issue 11)."""
    cache = _cache_file(first_year, last_year)
    found = _read_cache(cache, first_year, last_year) if cache else None
    if found is not None:
        return found
    vn = _vietnam_class()(years=range(first_year, last_year + 1), language="vi")
    make_up = frozenset(d for d in vn.weekend_workdays if first_year <= d.year <= last_year)
    table = frozenset(vn.keys()), make_up
    if cache:
        _write_cache(cache, table)
    return table


CACHE_DIR = Path(tempfile.gettempdir()) / "chibo-cache"
CACHE_FORMAT = 1


def _cache_file(first_year: int, last_year: int) -> Path | None:
    """The cache of the holiday table, named after the installed holidays files it comes from:
    upgrading holidays rewrites them, so a new version is never read from an old table."""
    spec = importlib.util.find_spec("holidays")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    try:
        stamps = [f"{root / part}:{(root / part).stat().st_mtime_ns}:{(root / part).stat().st_size}"
                  for part in ("__init__.py", "countries/vietnam.py")]
    except OSError:
        return None
    key = hashlib.sha256("|".join([str(CACHE_FORMAT), str(first_year), str(last_year), *stamps]).encode()).hexdigest()
    return CACHE_DIR / f"holidays-vn-{key[:32]}.json"


def _read_cache(path: Path, first_year: int, last_year: int
                ) -> tuple[frozenset[dt.date], frozenset[dt.date]] | None:
    """The cached table; None when absent, damaged, out of range, or not written by this user alone."""
    try:
        info = path.stat()
        if os.name != "nt" and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        data = json.loads(path.read_text("ascii"))
        off, work = (frozenset(dt.date.fromordinal(o) for o in data[k] if type(o) is int) for k in ("off", "work"))
        if len(off) != len(data["off"]) or len(work) != len(data["work"]):
            return None
    except (OSError, ValueError, KeyError, TypeError, OverflowError):
        return None
    if not all(first_year <= d.year <= last_year for d in off | work):
        return None
    return off, work


def _write_cache(path: Path, table: tuple[frozenset[dt.date], frozenset[dt.date]]) -> None:
    """Keep the table for the next command (written whole, then renamed); a folder that refuses is no error."""
    off, work = table
    text = json.dumps({"off": sorted(d.toordinal() for d in off), "work": sorted(d.toordinal() for d in work)})
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        handle = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


FIRST_YEAR, LAST_YEAR = 1990, 2045


@lru_cache(maxsize=32)
def _working_days(changes: tuple[tuple[dt.date, OverrideKind], ...], culture_day_off: bool
                  ) -> tuple[frozenset[dt.date], frozenset[dt.date], tuple[int, ...]]:
    """Days off, make-up working days and the ordinals of every working day, 1990–2045.

    Built once per set of overrides: a batch over many workbooks shares it.
    """
    days_off, make_up = _base_calendar(FIRST_YEAR, LAST_YEAR)
    off = set(days_off)
    work = set(make_up)
    if not culture_day_off:
        off -= {d for d in off if (d.month, d.day) == CULTURE_DAY and d.year >= FIRST_CULTURE_DAY_YEAR}
    for day, kind in [(swap.day, swap.kind) for swap in KNOWN_SWAPS] + list(changes):
        (off if kind == "off" else work).add(day)
        (work if kind == "off" else off).discard(day)
    first, last = dt.date(FIRST_YEAR, 1, 1).toordinal(), dt.date(LAST_YEAR, 12, 31).toordinal()
    ordinals = tuple(
        o for o in range(first, last + 1)
        if (d := dt.date.fromordinal(o)) in work or (d not in off and d.weekday() < 5)
    )
    return frozenset(off), frozenset(work), ordinals


class WorkCalendar:
    """Working days of a Vietnamese state office, with the workbook's overrides on top."""

    FIRST_YEAR = FIRST_YEAR
    LAST_YEAR = LAST_YEAR

    def __init__(self, overrides: Iterable[CalendarOverride] = (), *, culture_day_off: bool = True) -> None:
        changes = tuple({item.day: item.kind for item in overrides}.items())  # the last row for a day wins
        self._off, self._work, self._days = _working_days(changes, culture_day_off)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._work:
            return True
        if day in self._off:
            return False
        return day.weekday() < 5

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
