"""What the yearly plan document says: its targets, its sources with their helpers, its work by period.

Built from the year's tasks (`plan.plan_tasks`), the register and everyone's progress. Like
the work lines (`plan_periods`), targets and sources leave out overdue and blocked items.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .plan import PlanTask, admission_step
from .plan_periods import QUARTER_NAMES, PeriodLine, in_plan, period_lines, quarter_of
from .quota import QuotaRow
from .records import Candidate
from .settings import Settings
from .stages import Progress, stage_of
from .values import PartialDate, format_date

RECOGNITION_STEPS = ("recognition_vote", "recognition_decision")
COURSE_STEP = "course"


@dataclass(frozen=True)
class Source:
    """A candidate the plan works on (a row of `III. Nguồn và phân công giúp đỡ`)."""

    name: str
    birth_year: str
    unit: str
    youth_member: str  # "Có" | "Không" | "" (the register has no such column)
    stage: str
    helper: str  # "" when nobody is assigned yet
    expected: str  # the expected admission period ("Quý II/2027", "06/2028") or ""


@dataclass(frozen=True)
class Targets:
    """`II. Chỉ tiêu`: the admission targets and who is due for admission, recognition and the course."""

    target: int | None
    resolution_target: int | None
    admitted: int  # admitted in the year so far
    admissions: tuple[str, ...]  # planned to be admitted within the year
    recognitions: tuple[str, ...]  # whose recognition as official members the year's plan works on
    course: tuple[str, ...]  # to be proposed for the awareness course in the year


@dataclass(frozen=True)
class YearPlan:
    year: int
    targets: Targets
    sources: tuple[Source, ...]
    lines: tuple[PeriodLine, ...]
    tasks: tuple[PlanTask, ...]  # every task of the year, for the detailed schedule


def _people(tasks: Sequence[PlanTask], steps: Sequence[str], year: int, done_in_year: bool = False) -> tuple[str, ...]:
    """Who has one of `steps` in the plan of `year` (`done_in_year`: planned to be completed within it)."""
    return tuple(dict.fromkeys(t.person for t in tasks if t.step in steps and in_plan(t, year)
                               and (not done_in_year or t.end.year == year)))


def _birth_year(dob: dt.date | PartialDate | None) -> str:
    return "" if dob is None else str(dob.year)


def _expected(c: Candidate, planned: PlanTask | None, year: int) -> str:
    """The planned admission's quarter in the plan year, its month otherwise; else what the register says."""
    if planned is not None:
        day = planned.end
        return f"Quý {QUARTER_NAMES[quarter_of(day) - 1]}/{year}" if day.year == year else f"{day.month:02d}/{day.year}"
    if isinstance(c.expected, dt.date):
        return f"{c.expected.month:02d}/{c.expected.year}"
    return format_date(c.expected)


def _not_admitted(c: Candidate, settings: Settings) -> bool:
    return not (c.ceremony_date if admission_step(settings) == "ceremony" else c.decision_date)


def _sources(candidates: Sequence[Candidate], progress_by_row: Mapping[int, Progress], tasks: Sequence[PlanTask],
             settings: Settings, year: int, youth_known: bool) -> tuple[Source, ...]:
    target = admission_step(settings)
    admission = {t.person: t for t in tasks if t.step == target and not t.awaiting}  # no date from an unknown outcome
    found = []
    for c in candidates:
        progress = progress_by_row.get(c.row)
        if not _not_admitted(c, settings) or (progress is not None and progress.blocked):
            continue
        stage = progress.stage if progress else stage_of(c)
        youth = ("Có" if c.youth_member else "Không") if youth_known else ""
        found.append(Source(c.name, _birth_year(c.dob), c.unit, youth, stage.label, c.helper,
                            _expected(c, admission.get(c.name), year)))
    return tuple(found)


def year_plan(year: int, tasks: Sequence[PlanTask], candidates: Sequence[Candidate],
              progress_by_row: Mapping[int, Progress], quota: QuotaRow | None, settings: Settings,
              youth_known: bool = True) -> YearPlan:
    """The plan of `year` from its tasks; `youth_known` is False when the register has no `Đoàn viên` column."""
    targets = Targets(
        target=quota.target if quota else None,
        resolution_target=quota.resolution_target if quota else None,
        admitted=quota.admitted if quota else 0,
        admissions=_people(tasks, (admission_step(settings),), year, done_in_year=True),
        recognitions=_people(tasks, RECOGNITION_STEPS, year),
        course=_people(tasks, (COURSE_STEP,), year),
    )
    return YearPlan(year, targets, _sources(candidates, progress_by_row, tasks, settings, year, youth_known),
                    tuple(period_lines(tasks, year)), tuple(tasks))
