"""The plan's work by period: the year's tasks as one line per kind of work and quarter.

Consumes `plan.plan_tasks`. A plan looks forward, so overdue tasks and the remedies of
blocked procedures stay out of it (they are reported in `Kiểm tra` and `Chỉ tiêu`). Work
of every month (a general task spanning several quarters) is one line for the whole year.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .plan import PlanTask, planning
from .values import format_date

ALL_YEAR = 0  # the period of work done every month
QUARTER_NAMES = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class PeriodLine:
    """One kind of work in one period, with the people it concerns and the deadlines falling in it."""

    period: int  # 1–4: the quarter; ALL_YEAR: every month of the year
    content: str
    people: tuple[str, ...]
    first: dt.date  # earliest and latest planned dates of the line inside the year
    last: dt.date
    deadlines: tuple[tuple[str, dt.date], ...]  # (person, legal deadline) inside the period
    responsible: str
    basis: str
    notes: tuple[str, ...]


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def period_label(period: int, year: int) -> str:
    """"Quý II/2027", or "Thường xuyên trong năm 2027"."""
    if period == ALL_YEAR:
        return f"Thường xuyên trong năm {year}"
    return f"Quý {QUARTER_NAMES[period - 1]}/{year}"


def months_text(first: dt.date, last: dt.date) -> str:
    """"Tháng 01/2027", or "Tháng 01 – 03/2027" (the months of a line's planned dates)."""
    if (first.year, first.month) == (last.year, last.month):
        return f"Tháng {first.month:02d}/{first.year}"
    if first.year == last.year:
        return f"Tháng {first.month:02d} – {last.month:02d}/{last.year}"
    return f"Tháng {first.month:02d}/{first.year} – {last.month:02d}/{last.year}"


def _bounds(period: int, year: int) -> tuple[dt.date, dt.date]:
    if period == ALL_YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year, 3 * period - 2, 1)
    last = dt.date(year + 1, 1, 1) if period == 4 else dt.date(year, 3 * period + 1, 1)
    return first, last - dt.timedelta(days=1)


def _span(task: PlanTask, year: int) -> tuple[dt.date, dt.date]:
    """The task's dates inside the year: a general task's window; a person's step its planned date,
    or its start when it finishes after the year."""
    start, end = max(task.start, dt.date(year, 1, 1)), min(task.end, dt.date(year, 12, 31))
    if not task.person:
        return start, end
    day = task.end if task.end == end else start
    return day, day


def period_of(task: PlanTask, year: int) -> int:
    """The quarter of a task's planned date; ALL_YEAR for general work spanning several quarters."""
    first, last = _span(task, year)
    if not task.person and quarter_of(first) != quarter_of(last):
        return ALL_YEAR
    return quarter_of(last)


def in_plan(task: PlanTask, year: int) -> bool:
    """A task the plan document shows: inside the year, neither overdue nor the remedy of a blocked dossier."""
    return not task.overdue and not task.blocked and task.start.year <= year <= task.end.year


def _distinct(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _responsible(tasks: Sequence[PlanTask]) -> str:
    """Who does the line's work; several named helpers are "Đảng viên giúp đỡ"."""
    names = _distinct([t.responsible for t in tasks])
    helper = planning()["responsible"]["helper"]
    if len(names) > 1 and all(n.startswith(helper) for n in names):
        return helper
    return "; ".join(names)


def period_lines(tasks: Sequence[PlanTask], year: int) -> list[PeriodLine]:
    """The plan's work lines: by period (the whole year first, then quarters), then by date and content."""
    groups: dict[tuple[int, str], list[PlanTask]] = {}
    for task in tasks:
        if in_plan(task, year):
            groups.setdefault((period_of(task, year), task.content), []).append(task)
    lines = []
    for (period, content), group in groups.items():
        group.sort(key=lambda t: _span(t, year))
        low, high = _bounds(period, year)
        lines.append(PeriodLine(
            period=period,
            content=content,
            people=_distinct([t.person for t in group]),
            first=min(_span(t, year)[0] for t in group),
            last=max(_span(t, year)[1] for t in group),
            deadlines=tuple((t.person, t.deadline) for t in group if t.deadline and low <= t.deadline <= high),
            responsible=_responsible(group),
            basis="; ".join(_distinct([t.basis for t in group])),
            notes=_distinct([f"{t.person}: {t.note}" if t.person else t.note for t in group if t.note]),
        ))
    return sorted(lines, key=lambda line: (line.period, line.first, line.last, line.content))


def deadlines_text(line: PeriodLine) -> str:
    """The line's legal deadlines: the date alone for one person, else one "date – name" per line."""
    if len(line.people) <= 1:
        return "\n".join(format_date(day) for _, day in line.deadlines)
    return "\n".join(f"{format_date(day)} – {person}" for person, day in line.deadlines)
