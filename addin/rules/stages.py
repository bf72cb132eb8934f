"""Where each person stands (the stage) and the legal time limits of the procedure (PROB_12M and the deadlines)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from . import catalogue
from .calendar import WorkCalendar, add_months
from .records import Candidate
from .settings import Settings
from .text import fold
from .values import Unreadable, parse_yes_no


class Stage(IntEnum):
    SOURCE = 0
    COURSE = 1
    DOSSIER = 2
    CELL_VOTED = 3
    COMMITTEE_REVIEWED = 4
    DECIDED = 5
    PROBATIONARY = 6
    OFFICIAL = 7

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {stage: catalogue.data_file("planning.toml")["stages"][stage.name.lower()] for stage in Stage}


@dataclass(frozen=True)
class Deadline:
    """A legal time limit of the catalogue running from `start`, met when `done` is set."""

    rule: str
    start: dt.date
    due: dt.date
    done: dt.date | None
    extension_due: dt.date | None = None  # the latest date with the allowed extension

    @property
    def step(self) -> str:
        return catalogue.rule(self.rule).step_vi

    @property
    def step_en(self) -> str:
        return catalogue.rule(self.rule).step_en

    @property
    def extension_days(self) -> int:
        params = catalogue.rule(self.rule).params
        return int(params["extension_days"].default) if "extension_days" in params else 0


def legal_due(rule_id: str, start: dt.date, settings: Settings, calendar: WorkCalendar,
              extended: bool = False) -> dt.date:
    """The last day of the time limit `rule_id` running from `start` (working days or months, per the catalogue)."""
    params = catalogue.rule(rule_id).params
    if "working_days" in params:
        n = settings.param(rule_id, "working_days")
        if extended and "extension_days" in params:
            n += settings.param(rule_id, "extension_days")
        return calendar.add_working_days(start, n)
    months = next(settings.param(rule_id, key) for key in ("months", "valid_months") if key in params)
    return add_months(start, months)


def _deadline(rule_id: str, start: dt.date, done: dt.date | None, settings: Settings, calendar: WorkCalendar) -> Deadline:
    extension = "extension_days" in catalogue.rule(rule_id).params
    return Deadline(rule_id, start, legal_due(rule_id, start, settings, calendar), done,
                    legal_due(rule_id, start, settings, calendar, extended=True) if extension else None)


class Phase(StrEnum):
    """The part of the procedure an error can stop (catalogue `blocks`)."""

    ADMISSION = "admission"  # up to the admission decision
    RECOGNITION = "recognition"  # probation, up to the recognition decision

    def covers(self, stage: Stage) -> bool:
        if self is Phase.ADMISSION:
            return stage < Stage.DECIDED
        return stage is Stage.PROBATIONARY


@dataclass(frozen=True)
class Halt:
    """An error that stops the dossier where it stands: what the cell must do first."""

    rule: str
    remedy: str
    why: str = ""  # the finding that stops it, as `Kiểm tra` shows it


@dataclass(frozen=True)
class VoteWindow:
    """The days on which the cell may legally vote on admission (party-rules.md §2–§4); None = unbounded."""

    earliest: dt.date | None = None
    earliest_why: str = ""  # e.g. "đủ 18 tuổi ngày 05/03/2028"
    latest: dt.date | None = None
    latest_why: str = ""
    needs_consent: bool = False  # AGE_OVER60: the provincial standing committee's consent comes before the decision
    unknown: str = ""  # why no legal day can be known yet (an introducer not yet official, one missing)
    unknown_rule: str = ""  # the rule behind `unknown`: INTRO_OFFICIAL or INTRO_N
    unknown_remedy: str = ""  # what the cell can do about it (catalogue `[texts]`)


class Status(StrEnum):
    """Where the next deadline stands on the reference date (`Hạn` is coloured by it)."""

    NONE = ""  # no deadline runs
    OK = "ok"
    SOON = "soon"  # within the DEADLINE_SOON lead time
    OVERDUE = "overdue"
    BLOCKED = "blocked"  # the dossier is halted: its remedy comes first


def stage_of(c: Candidate) -> Stage:
    """The furthest milestone the register shows for `c`."""
    if c.recognition_date:
        return Stage.OFFICIAL
    if c.ceremony_date:
        return Stage.PROBATIONARY
    if c.decision_date:
        return Stage.DECIDED
    if c.committee_date:
        return Stage.COMMITTEE_REVIEWED
    if c.cell_vote_date:
        return Stage.CELL_VOTED
    if c.course_date:
        return Stage.DOSSIER
    if c.helper or c.application_date or c.cv_date:
        return Stage.COURSE
    return Stage.SOURCE


_PROBATIONARY_WORDS = ("du bi",)  # `Đảng viên` = "Dự bị"
_OFFICIAL_WORDS = ("chinh thuc",)  # `Đảng viên` = "Chính thức"
_RECOGNITION_FIELDS = ("recognition_vote_date", "recognition_date")


def membership(c: Candidate) -> Stage | None:
    """What a list's `Đảng viên` cell says of `c`: OFFICIAL ("x", "Có", "Chính thức"), PROBATIONARY
    ("Dự bị"), None (empty, "Không", or a text that says neither)."""
    key = fold(c.party_member)
    if any(key.startswith(word) for word in _PROBATIONARY_WORDS):
        return Stage.PROBATIONARY
    if any(key.startswith(word) for word in _OFFICIAL_WORDS):
        return Stage.OFFICIAL
    try:
        return Stage.OFFICIAL if parse_yes_no(c.party_member) else None
    except Unreadable:
        return None


def settled_member(c: Candidate, fields: Collection[str], settings: Settings, calendar: WorkCalendar,
                   as_of: dt.date) -> bool:
    """Whether `c` is an official member though the register holds no recognition date: a list of
    members, not a dossier. Marked a member (`Đảng viên` = x, Chính thức) with no admission date, or
    admitted so long ago — by a register with no recognition column — that the ceremony (CEREMONY_30WD),
    the 12 months of probation (PROB_12M) and the recognition (RECOG_CELL_30WD, RECOG_DEC_30WD) are all
    past their legal limits on `as_of`. A member marked "Dự bị" is probationary: never settled."""
    if c.recognition_date is not None or membership(c) is Stage.PROBATIONARY:
        return False
    if c.decision_date is None:
        return membership(c) is Stage.OFFICIAL and stage_of(c) < Stage.CELL_VOTED
    if any(key in fields for key in _RECOGNITION_FIELDS):
        return False
    ceremony = c.ceremony_date or legal_due("CEREMONY_30WD", c.decision_date, settings, calendar)
    vote = legal_due("RECOG_CELL_30WD", add_months(ceremony, settings.param("PROB_12M", "months")), settings, calendar)
    return legal_due("RECOG_DEC_30WD", vote, settings, calendar) < as_of


def probation_end(c: Candidate, settings: Settings) -> dt.date | None:
    """PROB_12M: 12 months from the ceremony; also the official date (RECOG_DATE)."""
    if c.ceremony_date is None:
        return None
    return add_months(c.ceremony_date, settings.param("PROB_12M", "months"))


def premature_recognition_vote(c: Candidate, settings: Settings) -> bool:
    """A recognition vote held before the 12 months of probation ended (it does not count: RECOG_CELL_30WD)."""
    end = probation_end(c, settings)
    return bool(end and c.recognition_vote_date and c.recognition_vote_date < end)


def legal_deadlines(c: Candidate, settings: Settings, calendar: WorkCalendar, halted: bool = False) -> list[Deadline]:
    """Every legal time limit that has started for `c`, in the order of the procedure.

    A `halted` dossier (failed vote, blocking error) sends nothing up: only the limits already
    met remain, so nothing downstream runs or becomes overdue.
    """
    found = _deadlines(c, settings, calendar)
    return [d for d in found if d.done is not None] if halted else found


def _deadlines(c: Candidate, settings: Settings, calendar: WorkCalendar) -> list[Deadline]:
    found: list[Deadline] = []
    if c.course_date and not c.cell_vote_date:
        found.append(_deadline("COURSE_NT_VALID", c.course_date, None, settings, calendar))
    papers = [d for d in (c.cv_date, c.union_intro_date, c.opinions_date) if d]
    if papers and not c.cell_vote_date:
        found.append(_deadline("DOSSIER_12M", min(papers), None, settings, calendar))
    if c.cell_vote_date:
        found.append(_deadline("DEC_60WD", c.cell_vote_date, c.decision_date, settings, calendar))
    received = c.decision_received_date or c.decision_date
    if received:
        found.append(_deadline("CEREMONY_30WD", received, c.ceremony_date, settings, calendar))
    end = probation_end(c, settings)
    premature = premature_recognition_vote(c, settings)
    if end:
        found.append(_deadline("RECOG_CELL_30WD", end, None if premature else c.recognition_vote_date, settings, calendar))
    if c.recognition_vote_date and not premature:
        found.append(_deadline("RECOG_DEC_30WD", c.recognition_vote_date, c.recognition_date, settings, calendar))
    return found
