"""Progress against the yearly admission target (`Chỉ tiêu`, party-rules.md §9).

Admissions are counted from the register only (DESIGN §2), by the decision date or, per
`Tính chỉ tiêu theo`, by the ceremony date; the people expected to be admitted are those whose
timeline plans the admission within the year (`timeline.py`), the same people the plan names.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from .calendar import WorkCalendar
from .plan import setting_days
from .procedure import admission_step, planning
from .records import Candidate
from .settings import Settings
from .stages import Stage, legal_deadlines, stage_of
from .timeline import Timeline, admitted_on

# `Đánh giá` of a year (planning.toml `[assessment]`); MISSED is for a closed year below its target
REACHED, LIKELY, AT_RISK, MISSED = (str(planning()["assessment"][key]) for key in ("reached", "likely", "at_risk", "missed"))


@dataclass(frozen=True)
class YearTarget:
    """One row of `Chỉ tiêu`: the year, its assigned target and the resolution's target."""

    year: int
    target: int | None
    resolution_target: int | None = None
    row: int | None = None  # Excel row in `Chỉ tiêu`


@dataclass(frozen=True)
class QuotaRow:
    """The owned columns of one year of `Chỉ tiêu`."""

    year: int
    target: int | None
    resolution_target: int | None
    admitted: int
    rate: float | None  # admitted / target
    resolution_rate: float | None
    pipeline: tuple[tuple[Stage, int], ...]  # people not yet admitted, by stage, on the reference day
    more_expected: int  # pipeline people whose admission is planned within the year
    probationary: int
    recognised: int
    overdue: int  # legal deadlines due in the year and missed
    assessment: str
    row: int | None = None

    @property
    def in_pipeline(self) -> int:
        return sum(n for _, n in self.pipeline)

    @property
    def projected(self) -> int:
        return self.admitted + self.more_expected


@dataclass(frozen=True)
class StageTime:
    """How long a person has been where they stand, flagged when past the setting."""

    row: int
    name: str
    state: str  # `Giai đoạn` as the register shows it (a failed vote included)
    since: dt.date | None
    days: int | None
    stale: bool


_DATE_FIELDS = tuple(f.name for f in fields(Candidate) if f.type == "dt.date | None")


def as_on(c: Candidate, day: dt.date) -> Candidate:
    """`c` as the register stood on `day`: milestones dated later are removed."""
    later: dict[str, Any] = {name: None for name in _DATE_FIELDS if getattr(c, name) and getattr(c, name) > day}
    return replace(c, **later)


def stale_days(settings: Settings) -> int:
    return setting_days(settings, "stale_days")


def stage_times(timelines: Iterable[Timeline], settings: Settings, as_of: dt.date) -> list[StageTime]:
    """Days in the current state for everyone not yet official; probation is timed by law, so never stale
    (a failed recognition vote is: the cell must act on it)."""
    limit = stale_days(settings)
    found = []
    for t in timelines:
        if t.official:
            continue
        days = (as_of - t.since).days if t.since else None
        timed_by_law = t.stage is Stage.PROBATIONARY and t.state == Stage.PROBATIONARY.label
        stale = days is not None and days > limit and not timed_by_law
        found.append(StageTime(t.row, t.label, t.state, t.since, days, stale))
    return found


def expected_admissions(timelines: Iterable[Timeline], year: int, settings: Settings) -> list[Timeline]:
    """The people not yet admitted whose timeline plans their admission within `year` (plan II.1, `Chỉ tiêu`)."""
    basis = admission_step(settings)
    return [t for t in timelines if t.in_pipeline and (day := t.admission_day(basis)) is not None and day.year == year]


def _rate(admitted: int, target: int | None) -> float | None:
    return admitted / target if target else None


def _assessment(admitted: int, projected: int, target: int | None, closed: bool) -> str:
    if not target:
        return ""
    if admitted >= target:
        return REACHED
    if closed:
        return MISSED
    return LIKELY if projected >= target else AT_RISK


def _pipeline(timelines: Sequence[Timeline], settings: Settings, on: dt.date, as_of: dt.date) -> list[Stage]:
    """The stage of everyone in the pipeline on `on` (entered the register, not yet admitted): the timeline's
    on the reference day, the register's as it stood then for a past year."""
    basis = admission_step(settings)
    if on == as_of:
        return [t.stage for t in timelines if t.in_pipeline]
    found = []
    for t in timelines:
        then = as_on(t.candidate, on)
        if admitted_on(then, basis) is not None or (then.source_date is None and t.candidate.source_date):
            continue
        stage = stage_of(then)
        if stage < Stage.PROBATIONARY:
            found.append(stage)
    return found


def _overdue(timelines: Sequence[Timeline], settings: Settings, calendar: WorkCalendar, year: int, as_of: dt.date) -> int:
    """Legal deadlines due in `year` before `as_of` that were not met by their due date (none after a halt)."""
    return sum(
        1
        for t in timelines
        for d in legal_deadlines(t.candidate, settings, calendar, halted=t.halt is not None)
        if d.due.year == year and d.due < as_of and (d.done is None or d.done > d.due)
    )


def quota_row(target: YearTarget, timelines: Sequence[Timeline], settings: Settings, calendar: WorkCalendar,
              as_of: dt.date) -> QuotaRow:
    """Progress of one year, seen on `as_of` (a past year on its 31/12)."""
    basis = admission_step(settings)
    year_end = dt.date(target.year, 12, 31)
    on = min(as_of, year_end)
    people = [t.candidate for t in timelines]
    admitted = sum(1 for c in people if (d := admitted_on(c, basis)) and d.year == target.year and d <= on)
    stages = _pipeline(timelines, settings, on, as_of)
    more = 0 if target.year < as_of.year else len(expected_admissions(timelines, target.year, settings))
    by_stage = tuple((s, n) for s in Stage if (n := stages.count(s)))
    probationary = sum(
        1 for c in people
        if c.ceremony_date and c.ceremony_date <= on and not (c.recognition_date and c.recognition_date <= on)
    )
    recognised = sum(1 for c in people if c.recognition_date and c.recognition_date.year == target.year and c.recognition_date <= on)
    return QuotaRow(
        year=target.year,
        target=target.target,
        resolution_target=target.resolution_target,
        admitted=admitted,
        rate=_rate(admitted, target.target),
        resolution_rate=_rate(admitted, target.resolution_target),
        pipeline=by_stage,
        more_expected=more,
        probationary=probationary,
        recognised=recognised,
        overdue=_overdue(timelines, settings, calendar, target.year, as_of),
        assessment=_assessment(admitted, admitted + more, target.target, closed=year_end < as_of),
        row=target.row,
    )


def quota_rows(targets: Sequence[YearTarget], timelines: Sequence[Timeline], settings: Settings,
               calendar: WorkCalendar, as_of: dt.date) -> list[QuotaRow]:
    """One QuotaRow per target year, in the order of `targets`."""
    return [quota_row(t, timelines, settings, calendar, as_of) for t in targets]
