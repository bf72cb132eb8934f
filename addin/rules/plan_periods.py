"""The plan's work by period: the year's tasks as one line per kind of work, month and deadline.

Consumes `plan.plan_tasks`. A person's step sits in the quarter of its planned day; what remains
before the plan year (a plan drafted late in the year before) comes first, and the steps that
cannot be dated yet come last, each with what it waits for. Work of every month (a general task
spanning several quarters) is one line for the whole year.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .plan import PlanTask, planning
from .values import format_date

BEFORE_YEAR = -1  # the period of steps planned before the plan year begins
ALL_YEAR = 0  # the period of work done every month
UNDATED = 5  # the period of steps that cannot be dated yet
QUARTER_NAMES = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class PeriodLine:
    """One kind of work in one period and month, with the people it concerns and their legal deadline."""

    period: int  # BEFORE_YEAR, ALL_YEAR, 1–4 (the quarter), UNDATED
    content: str
    people: tuple[str, ...]
    first: dt.date | None  # earliest and latest planned days of the line (None: undated)
    last: dt.date | None
    deadline: dt.date | None  # the legal deadline every person of the line shares
    responsible: str
    basis: str
    notes: tuple[str, ...]
    after: str = ""  # UNDATED: what the steps wait for
    overdue: bool = False


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def period_label(period: int, year: int, before: dt.date | None = None) -> str:
    """"Quý II/2027", "Thường xuyên trong năm 2027", "Từ ngày 15/11/2026 đến hết năm 2026", "Chưa xác định được thời gian"."""
    if period == ALL_YEAR:
        return f"Thường xuyên trong năm {year}"
    if period == BEFORE_YEAR:
        return f"Từ ngày {format_date(before)} đến hết năm {year - 1}" if before else f"Trước năm {year}"
    if period == UNDATED:
        return "Chưa xác định được thời gian (chờ bước trước)"
    return f"Quý {QUARTER_NAMES[period - 1]}/{year}"


def months_text(first: dt.date, last: dt.date) -> str:
    """"Tháng 01/2027", or "Tháng 01 – 03/2027" (the months of a line's planned dates)."""
    if (first.year, first.month) == (last.year, last.month):
        return f"Tháng {first.month:02d}/{first.year}"
    if first.year == last.year:
        return f"Tháng {first.month:02d} – {last.month:02d}/{last.year}"
    return f"Tháng {first.month:02d}/{first.year} – {last.month:02d}/{last.year}"


def _span(task: PlanTask, year: int) -> tuple[dt.date, dt.date]:
    """The task's days inside the year: a general task's window; a person's step its planned day."""
    assert task.start is not None and task.end is not None
    if task.person:
        return task.start, task.end
    return max(task.start, dt.date(year, 1, 1)), min(task.end, dt.date(year, 12, 31))


def period_of(task: PlanTask, year: int) -> int:
    """The period a task belongs to in the plan of `year`."""
    if task.start is None:
        return UNDATED
    if task.start.year < year:
        return BEFORE_YEAR
    first, last = _span(task, year)
    if not task.person and quarter_of(first) != quarter_of(last):
        return ALL_YEAR
    return quarter_of(last)


def in_plan(task: PlanTask, year: int) -> bool:
    """A task the plan of `year` shows: up to the year's end (a person's step before it, when the plan is drafted
    the year before), or a step not yet dated."""
    if task.start is None or task.end is None:
        return True
    return task.end.year <= year and (task.person != "" or task.start.year <= year <= task.end.year)


def _distinct(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _responsible(tasks: Sequence[PlanTask]) -> str:
    """Who does the line's work; several named helpers are "Đảng viên giúp đỡ"."""
    names = _distinct([t.responsible for t in tasks])
    helper = planning()["responsible"]["helper"]
    if len(names) > 1 and all(n.startswith(helper) for n in names):
        return helper
    return "; ".join(names)


def _month(task: PlanTask) -> tuple[int, int]:
    return (task.end.year, task.end.month) if task.end else (0, 0)


def period_lines(tasks: Sequence[PlanTask], year: int) -> list[PeriodLine]:
    """The plan's work lines: by period, then by day and content; a person appears once in a line."""
    groups: dict[tuple, list[PlanTask]] = {}
    for task in tasks:
        if not in_plan(task, year):
            continue
        period = period_of(task, year)
        month = _month(task) if task.person else (0, 0)
        key = (period, task.content, month, task.deadline, task.after, task.overdue)
        groups.setdefault(key, []).append(task)
    lines = []
    for (period, content, _, deadline, after, overdue), group in groups.items():
        dated = [_span(t, year) for t in group if t.start is not None]
        lines.append(PeriodLine(
            period=period,
            content=content,
            people=_distinct([t.person for t in group]),
            first=min((d[0] for d in dated), default=None),
            last=max((d[1] for d in dated), default=None),
            deadline=deadline,
            responsible=_responsible(group),
            basis="; ".join(_distinct([t.basis for t in group])),
            notes=_distinct([t.note for t in group]),
            after=after,
            overdue=overdue,
        ))
    far = dt.date.max
    return sorted(lines, key=lambda line: (line.period, not line.overdue, line.first or far, line.last or far,
                                           line.content, line.people))


def deadlines_text(line: PeriodLine) -> str:
    """The line's legal deadline (the same for every person of the line)."""
    return format_date(line.deadline) if line.deadline else ""
