"""The procedure of admission and recognition as data: its steps, their typical durations, who does them.

The steps come from data/planning.toml (durations graded [C] in the rules reference, each a
`Cài đặt` setting); the legal limits that bound them come from the catalogue (`stages.legal_due`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

from . import catalogue
from .calendar import WorkCalendar
from .records import Candidate
from .settings import Settings
from .values import Unreadable, parse_count


class StepKey(StrEnum):
    """The steps of the procedure (planning.toml `[[step]]` keys), in order."""

    HELPER = "helper"
    COURSE = "course"
    DOSSIER = "dossier"
    OPINIONS = "opinions"
    CELL_VOTE = "cell_vote"
    COMMITTEE = "committee"
    CONSENT = "consent"
    DECISION = "decision"
    CEREMONY = "ceremony"
    NEW_MEMBER_COURSE = "new_member_course"
    RECOGNITION_OPINIONS = "recognition_opinions"
    RECOGNITION_VOTE = "recognition_vote"
    RECOGNITION_DECISION = "recognition_decision"


@dataclass(frozen=True)
class Step:
    """One step of the procedure with its typical duration after the previous step."""

    key: StepKey
    after: str  # how a later step waiting for this one says so ("sau khi tổ chức lễ kết nạp")
    content: str
    responsible: str
    rule: str
    after_days: int
    label: str
    source: str
    evidence: str
    at_meeting: bool = False  # decided at the cell's monthly meeting: planned on the next one
    fresh_for_vote: bool = False  # its papers must be recent when the cell votes: planned close before the vote


# The register field holding each step's date (None: the step leaves no date of its own).
DONE_FIELD: Mapping[StepKey, str | None] = {
    StepKey.HELPER: None, StepKey.COURSE: "course_date", StepKey.DOSSIER: "verification_date",
    StepKey.OPINIONS: "opinions_date", StepKey.CELL_VOTE: "cell_vote_date", StepKey.COMMITTEE: "committee_date",
    StepKey.CONSENT: "over60_consent_date", StepKey.DECISION: "decision_date", StepKey.CEREMONY: "ceremony_date",
    StepKey.NEW_MEMBER_COURSE: "new_member_course_date", StepKey.RECOGNITION_OPINIONS: None,
    StepKey.RECOGNITION_VOTE: "recognition_vote_date", StepKey.RECOGNITION_DECISION: "recognition_date",
}

# Steps whose outcome a higher body decides (DEC_60WD, RECOG_DEC_30WD: "yes or no" is notified to the cell).
DECIDED_ABOVE = frozenset({StepKey.DECISION, StepKey.RECOGNITION_DECISION})
RECOGNITION_STEPS = frozenset({StepKey.RECOGNITION_OPINIONS, StepKey.RECOGNITION_VOTE, StepKey.RECOGNITION_DECISION})


@lru_cache(maxsize=1)
def planning() -> Mapping[str, Any]:
    """The planning data (steps, recurring tasks, settings, texts) from data/planning.toml."""
    return catalogue.data_file("planning.toml")


@lru_cache(maxsize=1)
def _steps() -> tuple[Step, ...]:
    return tuple(Step(**{**s, "key": StepKey(s["key"])}) for s in planning()["step"])


def setting_number(settings: Settings, label: str, default: int) -> int:
    """A whole-number item of `Cài đặt` by label; the default when empty or unreadable."""
    try:
        value = parse_count(settings.item(label))
    except Unreadable:
        return default
    return default if value is None else value


def steps(settings: Settings) -> tuple[Step, ...]:
    """The procedure's steps with durations overridden by `Cài đặt`."""
    return tuple(
        replace(s, after_days=setting_number(settings, s.label, s.after_days)) if s.label else s
        for s in _steps()
    )


def responsible_text(role: str, c: Candidate | None = None) -> str:
    """Who does a task: the helper member by name when known, else the chi ủy or the secretary."""
    names = planning()["responsible"]
    if role == "helper" and c is not None and c.helper:
        return f"{names['helper']} {c.helper}"
    return names[role]


def admission_step(settings: Settings) -> StepKey:
    """The step that counts as admission for the quota: the decision, or the ceremony."""
    return StepKey.CEREMONY if settings.quota_basis == "ceremony" else StepKey.DECISION


def working_days_before(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The n-th working day before `day` (`day` itself not counted); n = 0 gives `day`."""
    left = n
    while left:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def meeting_day(settings: Settings) -> int:
    """`Ngày sinh hoạt chi bộ hằng tháng` (1–28)."""
    item = planning()["settings"]["meeting_day"]
    return min(max(setting_number(settings, item["label"], item["default"]), 1), 28)


def next_meeting(settings: Settings, calendar: WorkCalendar, day: dt.date) -> dt.date:
    """The cell's first monthly meeting on or after `day` (moved to a working day)."""
    number = meeting_day(settings)
    meeting = calendar.next_working_day(dt.date(day.year, day.month, number))
    if meeting < day:
        following = dt.date(day.year + (day.month == 12), day.month % 12 + 1, number)
        meeting = calendar.next_working_day(following)
    return meeting
