"""What the yearly plan document says: its targets, its sources with their helpers, its work by period.

Every part is read off the people's timelines (`timeline.py`) and the year's quota row: the plan
names for admission exactly the people `Chỉ tiêu` expects to admit, and lists every candidate not
yet admitted, whatever stops them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .plan import PlanTask, people
from .plan_periods import PeriodLine, period_lines
from .procedure import RECOGNITION_STEPS, StepKey, admission_step
from .quota import QuotaRow, expected_admissions
from .settings import Settings
from .timeline import Timeline
from .values import PartialDate

UNDATED_ADMISSION = "Chưa xác định"


@dataclass(frozen=True)
class Source:
    """A candidate the plan works on (a row of `III. Nguồn và phân công giúp đỡ`)."""

    name: str
    birth_year: str
    unit: str
    youth_member: str  # "Có" | "Không" | "" (the register has no such column)
    stage: str
    helper: str  # "" when nobody is assigned yet
    expected: str  # the planned admission's month "06/2027", or UNDATED_ADMISSION


@dataclass(frozen=True)
class Targets:
    """`II. Chỉ tiêu`: the admission targets and who is due for admission, recognition and the course."""

    target: int | None
    resolution_target: int | None
    admitted: int  # admitted in the year so far
    admissions: tuple[str, ...]  # planned to be admitted within the year (the quota's `Dự kiến kết nạp thêm`)
    recognitions: tuple[str, ...]  # whose recognition as official members is planned within the year
    course: tuple[str, ...]  # to be proposed for the awareness course in the year


@dataclass(frozen=True)
class YearPlan:
    year: int
    as_of: dt.date
    targets: Targets
    sources: tuple[Source, ...]
    lines: tuple[PeriodLine, ...]
    tasks: tuple[PlanTask, ...]  # every task of the plan, for the detailed schedule


def _birth_year(dob: dt.date | PartialDate | None) -> str:
    return "" if dob is None else str(dob.year)


def _expected(t: Timeline, basis: StepKey) -> str:
    """The planned admission's month; UNDATED_ADMISSION when the timeline cannot date it."""
    day = t.admission_day(basis)
    return f"{day.month:02d}/{day.year}" if day else UNDATED_ADMISSION


def _sources(timelines: Iterable[Timeline], settings: Settings, youth_known: bool) -> tuple[Source, ...]:
    basis = admission_step(settings)
    found = []
    for t in timelines:
        if not t.in_pipeline:
            continue
        c = t.candidate
        youth = ("Có" if c.youth_member else "Không") if youth_known else ""
        found.append(Source(t.label, _birth_year(c.dob), c.unit, youth, t.state, c.helper, _expected(t, basis)))
    return tuple(found)


def year_plan(year: int, as_of: dt.date, tasks: Sequence[PlanTask], timelines: Sequence[Timeline],
              quota: QuotaRow | None, settings: Settings, youth_known: bool = True) -> YearPlan:
    """The plan of `year` from its tasks; `youth_known` is False when the register has no `Đoàn viên` column."""
    targets = Targets(
        target=quota.target if quota else None,
        resolution_target=quota.resolution_target if quota else None,
        admitted=quota.admitted if quota else 0,
        admissions=tuple(t.label for t in expected_admissions(timelines, year, settings)),
        recognitions=people(tasks, (k.value for k in RECOGNITION_STEPS if k is not StepKey.RECOGNITION_OPINIONS), year),
        course=people(tasks, (StepKey.COURSE.value,), year),
    )
    return YearPlan(year, as_of, targets, _sources(timelines, settings, youth_known), tuple(period_lines(tasks, year)),
                    tuple(tasks))
