"""Builders for the rules-core tests: dates, settings, members, contexts and clean dossiers."""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from addin.rules.calendar import CalendarOverride, WorkCalendar
from addin.rules.checks import Context, assess_register
from addin.rules.findings import Finding, Severity
from addin.rules.records import Candidate, Member
from addin.rules.settings import Settings, read_settings
from addin.rules.stages import Stage
from addin.rules.text import fold
from addin.rules.timeline import Timeline, build_timelines
from addin.rules.values import Education


def d(text: str) -> dt.date:
    """A date written as Vietnamese users write it: dd/mm/yyyy."""
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def make_settings(items: Mapping[str, Any] | None = None) -> Settings:
    """Settings from `Cài đặt` items given as label → value; fails on any reading finding."""
    raw = {fold(label): (row, value) for row, (label, value) in enumerate((items or {}).items(), start=2)}
    settings, problems = read_settings(raw)
    assert problems == [], problems
    return settings


def member(name: str, official: str | None = "01/01/2010", *, admitted: str | None = None,
           arrived: str | None = "01/01/2012", left: str | None = None, exempt: bool = False,
           attached_elsewhere: bool = False, row: int = 2) -> Member:
    """A `Đảng viên` row; `official=None` is a probationary member."""
    official_day = d(official) if official else None
    return Member(
        row=row,
        name=name,
        admitted=d(admitted) if admitted else (dt.date(official_day.year - 1, official_day.month, 1) if official_day else None),
        official=official_day,
        arrived=d(arrived) if arrived else None,
        left=d(left) if left else None,
        exempt=exempt,
        attached_elsewhere=attached_elsewhere,
    )


INTRODUCER_1 = "Trần Văn Bình"
INTRODUCER_2 = "Lê Thị Cúc"


def cell_members(count: int = 10) -> tuple[Member, ...]:
    """A cell of `count` official members who have all been here since 2012; the first two introduce."""
    names = [INTRODUCER_1, INTRODUCER_2] + [f"Đảng viên Số {i}" for i in range(3, count + 1)]
    return tuple(member(name, row=i + 2) for i, name in enumerate(names[:count]))


def context(as_of: str | dt.date, *, members: Iterable[Member] | None = None, members_present: bool = True,
            settings: Settings | None = None, overrides: Iterable[CalendarOverride] = (),
            culture_day_off: bool = True) -> Context:
    """What the checks need, with a 10-member cell by default."""
    return Context(
        settings=settings or make_settings(),
        calendar=WorkCalendar(overrides, culture_day_off=culture_day_off),
        as_of=as_of if isinstance(as_of, dt.date) else d(as_of),
        members=tuple(cell_members() if members is None else members),
        members_present=members_present,
    )


# A realistic complete dossier of an adult (35 at the vote) in a cell of 10 official members;
# every milestone is on time. Stages keep the milestones up to that stage only.
_ADULT = Candidate(
    row=5,
    name="Nguyễn Văn An",
    dob=d("10/05/1989"),
    gender="Nam",
    ethnicity="Kinh",
    education=Education.UPPER_SECONDARY,
    education_text="12/12",
    unit="Chuyên viên, Phòng Tổ chức",
    unit_since=d("01/03/2018"),
    source_date=d("10/01/2024"),
)

# Milestones in procedure order, with the stage each one opens; values for the adult dossier.
MILESTONES: tuple[tuple[Stage, Mapping[str, Any]], ...] = (
    (Stage.SOURCE, {"source_date": d("10/01/2024")}),
    (Stage.COURSE, {"helper": INTRODUCER_1}),
    (Stage.DOSSIER, {"course_date": d("20/03/2024"), "application_date": d("01/04/2024"), "cv_date": d("05/04/2024"),
                     "verification_date": d("20/05/2024"), "introducer_1": INTRODUCER_1, "introducer_2": INTRODUCER_2,
                     "opinions_date": d("01/06/2024")}),
    (Stage.CELL_VOTED, {"cell_vote_date": d("12/06/2024"), "cell_vote_yes": 9}),
    (Stage.COMMITTEE_REVIEWED, {"committee_date": d("20/06/2024")}),
    (Stage.DECIDED, {"decision_date": d("15/07/2024"), "decision_no": "123-QĐ/ĐU", "decision_received_date": d("18/07/2024")}),
    (Stage.PROBATIONARY, {"ceremony_date": d("02/08/2024"), "new_member_course_date": d("20/10/2024")}),
    (Stage.OFFICIAL, {"recognition_vote_date": d("08/08/2025"), "recognition_vote_yes": 9,
                      "recognition_date": d("25/08/2025")}),
)

# A reference date a few days after the last milestone of each stage: nothing is overdue yet.
AS_OF: Mapping[Stage, dt.date] = {
    Stage.SOURCE: d("15/01/2024"),
    Stage.COURSE: d("15/02/2024"),
    Stage.DOSSIER: d("05/06/2024"),
    Stage.CELL_VOTED: d("14/06/2024"),
    Stage.COMMITTEE_REVIEWED: d("25/06/2024"),
    Stage.DECIDED: d("22/07/2024"),
    Stage.PROBATIONARY: d("01/12/2024"),
    Stage.OFFICIAL: d("01/09/2025"),
}


def dossier(stage: Stage, **changes: Any) -> Candidate:
    """The clean adult dossier as it stands at `stage`, with `changes` applied."""
    values: dict[str, Any] = {}
    for opened, fields in MILESTONES:
        if opened <= stage:
            values.update(fields)
    values.update(changes)
    return dataclasses.replace(_ADULT, **values)


def youth_dossier(stage: Stage, **changes: Any) -> Candidate:
    """A clean dossier of a 22-year-old Youth Union member, introduced by the Youth Union and one member."""
    base = {"dob": d("03/09/2001"), "youth_member": True, "introducer_2": ""}
    if stage >= Stage.DOSSIER:
        base["union_intro_date"] = d("25/05/2024")
    base.update(changes)
    return dossier(stage, **base)


def rules_of(found: Iterable[Finding], severity: Severity | None = None) -> list[str]:
    """The rule ids of `found` (of one severity when given), in order."""
    return [f.rule for f in found if severity is None or f.severity is severity]


def only(found: Iterable[Finding], rule_id: str) -> Finding:
    """The single finding of `rule_id`; fails when there is none or more than one."""
    matching = [f for f in found if f.rule == rule_id]
    assert len(matching) == 1, f"expected one {rule_id}, got {[(f.rule, f.severity.value, f.message) for f in found]}"
    return matching[0]


def serious(found: Iterable[Finding]) -> list[tuple[str, str, str]]:
    """Errors and warnings as (rule, severity, message), for readable assertion failures."""
    return [(f.rule, f.severity.value, f.message) for f in found if f.severity is not Severity.INFO]



def timelines(candidates: Iterable[Candidate], ctx: Context) -> list[Timeline]:
    """Each person's dossier timeline, as a run computes it: every rule applied, then the one scheduler."""
    people = list(candidates)
    _, assessments = assess_register(people, ctx)
    halts = {row: a.halt for row, a in assessments.items()}
    return list(build_timelines(people, assessments, halts, ctx).values())
