"""Progress against the yearly admission target (`Chỉ tiêu`, party-rules.md §9).

Admissions are counted from the register only (DESIGN §2), by the decision date or, per
`Tính chỉ tiêu theo`, by the ceremony date.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from .calendar import WorkCalendar
from .plan import earliest_admission, planning, setting_number, steps
from .records import Candidate
from .settings import Settings
from .stages import Progress, Stage, VoteWindow, legal_deadlines, stage_of
from .values import Period

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
    more_expected: int  # pipeline people whose remaining steps fit before 31/12
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
    """How long a person has been in the current stage, flagged when past the setting."""

    row: int
    name: str
    stage: Stage
    since: dt.date | None
    days: int | None
    stale: bool


def admitted_on(c: Candidate, settings: Settings) -> dt.date | None:
    """The date that counts `c` as admitted for the quota."""
    return c.ceremony_date if settings.quota_basis == "ceremony" else c.decision_date


_DATE_FIELDS = tuple(f.name for f in fields(Candidate) if f.type == "dt.date | None")


def as_on(c: Candidate, day: dt.date) -> Candidate:
    """`c` as the register stood on `day`: milestones dated later are removed."""
    later: dict[str, Any] = {name: None for name in _DATE_FIELDS if getattr(c, name) and getattr(c, name) > day}
    return replace(c, **later)


def _stage_start(c: Candidate, stage: Stage) -> dt.date | None:
    starts = {
        Stage.SOURCE: c.source_date,
        Stage.COURSE: min((d for d in (c.application_date, c.cv_date) if d), default=c.source_date),
        Stage.DOSSIER: c.course_date,
        Stage.CELL_VOTED: c.cell_vote_date,
        Stage.COMMITTEE_REVIEWED: c.committee_date,
        Stage.DECIDED: c.decision_date,
        Stage.PROBATIONARY: c.ceremony_date,
        Stage.OFFICIAL: c.recognition_date,
    }
    return starts[stage]


def days_in_stage(c: Candidate, as_of: dt.date) -> int | None:
    """Calendar days since the milestone that began `c`'s current stage; None when its date is unknown."""
    start = _stage_start(c, stage_of(c))
    return (as_of - start).days if start else None


def stale_days(settings: Settings) -> int:
    item = planning()["settings"]["stale_days"]
    return setting_number(settings, item["label"], item["default"])


def stage_times(candidates: Sequence[Candidate], settings: Settings, as_of: dt.date) -> list[StageTime]:
    """Days in stage for everyone not yet official; probation is timed by law, so never stale."""
    limit = stale_days(settings)
    found = []
    for c in candidates:
        stage = stage_of(c)
        if stage is Stage.OFFICIAL:
            continue
        days = days_in_stage(c, as_of)
        stale = days is not None and days > limit and stage is not Stage.PROBATIONARY
        found.append(StageTime(c.row, c.name, stage, _stage_start(c, stage), days, stale))
    return found


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


def _pipeline(candidates: Sequence[Candidate], progress_by_row: Mapping[int, Progress], settings: Settings,
              on: dt.date, as_of: dt.date) -> list[tuple[Candidate, Stage]]:
    """People in the pipeline on `on` (entered the register, not yet admitted), with their stage then."""
    found = []
    for c in candidates:
        then = as_on(c, on)
        if admitted_on(then, settings) is not None or (c.source_date and c.source_date > on):
            continue
        known = progress_by_row.get(c.row) if on == as_of else None
        stage = known.stage if known else stage_of(then)
        if stage < Stage.PROBATIONARY:
            found.append((c, stage))
    return found


def _overdue(candidates: Sequence[Candidate], progress_by_row: Mapping[int, Progress], settings: Settings,
             calendar: WorkCalendar, year: int, as_of: dt.date) -> int:
    """Legal deadlines due in `year` before `as_of` that were not met by their due date (none after a halt)."""
    halted = {row for row, p in progress_by_row.items() if p.blocked}
    return sum(
        1
        for c in candidates
        for d in legal_deadlines(c, settings, calendar, halted=c.row in halted)
        if d.due.year == year and d.due < as_of and (d.done is None or d.done > d.due)
    )


def _projected(c: Candidate, earliest: dt.date | None) -> dt.date | None:
    """When `c` is expected to be admitted: the earliest possible day, not before the committee's forecast begins."""
    if earliest is None:
        return None
    forecast = c.expected.earliest() if isinstance(c.expected, Period) else c.expected
    return max(earliest, forecast) if forecast else earliest


def quota_row(target: YearTarget, candidates: Sequence[Candidate], progress_by_row: Mapping[int, Progress],
              settings: Settings, calendar: WorkCalendar, as_of: dt.date,
              earliest: dict[int, dt.date | None] | None = None) -> QuotaRow:
    """Progress of one year, seen on `as_of` (a past year on its 31/12).

    `earliest` caches each person's earliest admission date by row across the years of one run.
    """
    earliest = {} if earliest is None else earliest
    year_end = dt.date(target.year, 12, 31)
    on = min(as_of, year_end)
    admitted = sum(1 for c in candidates if (d := admitted_on(c, settings)) and d.year == target.year and d <= on)
    pipeline = _pipeline(candidates, progress_by_row, settings, on, as_of)
    if target.year < as_of.year:
        more = 0
    else:
        chain = steps(settings)
        for c, _ in pipeline:
            if c.row not in earliest:
                known = progress_by_row.get(c.row)
                earliest[c.row] = earliest_admission(c, settings, calendar, as_of, chain, known.window if known else VoteWindow())
        blocked = {row for row, p in progress_by_row.items() if p.blocked}
        more = sum(1 for c, _ in pipeline
                   if c.row not in blocked and (d := _projected(c, earliest[c.row])) is not None and d.year == target.year)
    by_stage = tuple((s, n) for s in Stage if (n := sum(1 for _, st in pipeline if st is s)))
    probationary = sum(
        1 for c in candidates
        if c.ceremony_date and c.ceremony_date <= on and not (c.recognition_date and c.recognition_date <= on)
    )
    recognised = sum(1 for c in candidates if c.recognition_date and c.recognition_date.year == target.year and c.recognition_date <= on)
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
        overdue=_overdue(candidates, progress_by_row, settings, calendar, target.year, as_of),
        assessment=_assessment(admitted, admitted + more, target.target, closed=year_end < as_of),
        row=target.row,
    )


def quota_rows(targets: Sequence[YearTarget], candidates: Sequence[Candidate], progress_by_row: Mapping[int, Progress],
               settings: Settings, calendar: WorkCalendar, as_of: dt.date) -> list[QuotaRow]:
    """One QuotaRow per target year, in the order of `targets`."""
    earliest: dict[int, dt.date | None] = {}
    return [quota_row(t, candidates, progress_by_row, settings, calendar, as_of, earliest) for t in targets]
