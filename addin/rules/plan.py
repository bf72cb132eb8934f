"""The yearly work plan's tasks: the cell's recurring work of the year and each person's timeline for it.

A person's task is a step of their timeline (`timeline.py`) with the day the timeline planned, or
its remedy; this module only chooses which steps a year shows and never dates anything itself.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import catalogue
from .calendar import WorkCalendar
from .procedure import meeting_day, planning, responsible_text, setting_number, steps
from .settings import Settings
from .text import name_sort_key
from .timeline import Timeline, Todo, When


@dataclass(frozen=True)
class Recurring:
    """A task of every year (start of year review, monthly meetings, reviews)."""

    content: str
    start: str  # "dd/mm"
    end: str
    responsible: str
    rule: str
    source: str
    evidence: str
    monthly: bool = False


@dataclass(frozen=True)
class PlanTask:
    """One task of the year: the cell's own work (a window), or a person's step on its planned day."""

    content: str
    person: str  # the person as outputs print them; "" for the cell's own work
    start: dt.date | None  # None: not dated yet (`after` says what it waits for)
    end: dt.date | None
    deadline: dt.date | None
    responsible: str
    basis: str
    note: str
    overdue: bool = False
    step: str = ""  # key of the procedure step; "remedy"; "" for the cell's own work
    after: str = ""  # an undated step: what it waits for
    row: int | None = None  # the person's register row

    @property
    def dated(self) -> bool:
        return self.start is not None


def recurring_tasks() -> tuple[Recurring, ...]:
    return tuple(Recurring(**r) for r in planning()["recurring"])


def planning_settings() -> list[tuple[str, Any, str]]:
    """(label, default, source) of every `Cài đặt` item the plan reads: durations, thresholds, margins, texts."""
    data = planning()
    rows = [(s.label, s.after_days, s.source) for s in steps(Settings()) if s.label]
    for key in ("meeting_day", "stale_days", "reminder_days"):
        item = data["settings"][key]
        rows.append((item["label"], item["default"], item["source"]))
    margins = data["settings"]["margins"]
    rows += [(margins[side]["label"], margins[side]["default"], margins["source"]) for side in ("top", "bottom", "left", "right")]
    rows += [(text["label"], text["default"], text.get("note", data["notes"]["default_text"]))
             for text in data["texts"].values()]
    return rows


def _basis(rule_id: str, day: dt.date | None) -> str:
    return catalogue.rule(rule_id).source_on(day) if rule_id else ""


def _day_month(text: str, year: int) -> dt.date:
    day, month = (int(p) for p in text.split("/"))
    return dt.date(year, month, day)


def note(key: str, **fields: object) -> str:
    """A note the plan writes beside a task (planning.toml `[notes]`)."""
    return str(planning()["notes"][key]).format(**fields)


def recurring(year: int, settings: Settings, calendar: WorkCalendar) -> list[PlanTask]:
    """The cell's own work of `year`, each in its window of working days."""
    day_of_meeting = meeting_day(settings)
    tasks = []
    for r in recurring_tasks():
        start = calendar.next_working_day(_day_month(r.start, year))
        end = calendar.previous_working_day(_day_month(r.end, year))
        monthly = ""
        if r.monthly:
            start = calendar.next_working_day(dt.date(year, 1, day_of_meeting))
            end = calendar.previous_working_day(dt.date(year, 12, day_of_meeting))
            monthly = note("monthly", day=day_of_meeting)
        tasks.append(PlanTask(r.content, "", start, end, None, responsible_text(r.responsible),
                              _basis(r.rule, start), monthly))
    return tasks


def _task(t: Timeline, todo: Todo, first: dt.date) -> PlanTask:
    """A person's step in the plan; one not yet dated happens from `first` on, under the regulation then in force."""
    overdue = todo.when is When.OVERDUE
    return PlanTask(
        content=todo.content, person=t.label, start=todo.day, end=todo.day, deadline=todo.deadline,
        responsible=todo.responsible, basis=_basis(todo.rule, todo.day or todo.not_before or first), note=todo.note,
        overdue=overdue, step=todo.key, after=todo.reason if not todo.dated else "", row=t.row,
    )


def person_tasks(t: Timeline, first: dt.date, last: dt.date) -> list[PlanTask]:
    """`t`'s steps planned from `first` to `last`, and the first undated one with what it waits for (or why the
    register cannot tell whether it was done) — never one that waits for a remedy: the remedy is listed."""
    tasks = [_task(t, todo, first) for todo in t.todo if todo.day is not None and first <= todo.day <= last]
    waiting = next((todo for todo in t.todo if not todo.dated), None)
    if (waiting is not None and not _waits_for_remedy(t, waiting)
            and (waiting.not_before is None or waiting.not_before <= last)):  # not one for a later year's plan
        tasks.append(_task(t, waiting, first))
    return tasks


def _waits_for_remedy(t: Timeline, todo: Todo) -> bool:
    index = t.todo.index(todo)
    return any(earlier.is_remedy for earlier in t.todo[:index])


def plan_tasks(year: int, timelines: Iterable[Timeline], settings: Settings, calendar: WorkCalendar,
               as_of: dt.date) -> list[PlanTask]:
    """The tasks of the plan of `year`: the cell's own work of the year, then every person's steps planned
    from the reference date to the year's end (the plan of a later year also shows what remains before it)."""
    first, last = min(as_of, dt.date(year, 1, 1)), dt.date(year, 12, 31)
    tasks = recurring(year, settings, calendar)
    for t in timelines:
        if not t.official:
            tasks.extend(person_tasks(t, first, last))
    return sorted(tasks, key=task_order)


def task_order(task: PlanTask) -> tuple:
    """Overdue first, then by day (undated last), the cell's own work before a person's, then by name."""
    day = task.start or dt.date.max
    return (not task.overdue, day, task.end or dt.date.max, task.person != "", name_sort_key(task.person), task.content)


def people(tasks: Sequence[PlanTask], keys: Iterable[str], year: int) -> tuple[str, ...]:
    """Who has one of the steps `keys` planned within `year`, in plan order."""
    wanted = set(keys)
    return tuple(dict.fromkeys(t.person for t in tasks if t.step in wanted and t.end is not None and t.end.year == year))


def setting_days(settings: Settings, key: str) -> int:
    """A whole-number setting of planning.toml `[settings]` (its `Cài đặt` label, else its default)."""
    item = planning()["settings"][key]
    return setting_number(settings, item["label"], item["default"])
