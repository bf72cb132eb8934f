"""Where each person stands: stage, next step, its deadline, and derived dates (PROB_12M, RECOG_DATE, PARTY_AGE)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from . import catalogue
from .calendar import WorkCalendar, add_months
from .records import Candidate
from .settings import Settings
from .values import format_date


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


def _step(key: str, **fields: object) -> str:
    """A next step as `Việc tiếp theo` writes it (planning.toml `[next_steps]`)."""
    return str(catalogue.data_file("planning.toml")["next_steps"][key]).format(**fields)


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
    stage_label: str = ""  # how `Giai đoạn` reads (a failed vote), else the stage's own label


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


class Status(StrEnum):
    """Where the next deadline stands on the reference date (`Hạn` is coloured by it)."""

    NONE = ""  # no deadline runs
    OK = "ok"
    SOON = "soon"  # within the DEADLINE_SOON lead time
    OVERDUE = "overdue"
    BLOCKED = "blocked"  # the dossier is halted: its remedy comes first


@dataclass(frozen=True)
class Progress:
    stage: Stage
    next_step: str
    deadline: dt.date | None
    deadline_rule: str | None
    status: Status
    probation_end: dt.date | None  # PROB_12M
    official_from: dt.date | None  # RECOG_DATE
    party_age_from: dt.date | None  # PARTY_AGE
    blocked: str = ""  # why the procedure cannot go on as planned (from an error finding); empty when it can
    stage_label: str = ""  # `Giai đoạn` as written (a failed vote reads as the failed step)
    window: VoteWindow = VoteWindow()


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


def _next_dossier_item(c: Candidate) -> str:
    missing = [
        (c.application_date, "application"),
        (c.cv_date, "cv"),
        (c.verification_date, "verification"),
        (c.introducers or c.union_intro_date, "introductions"),
        (c.opinions_date, "opinions"),
    ]
    return _step(next((key for present, key in missing if not present), "cell_vote"))


def progress(c: Candidate, settings: Settings, calendar: WorkCalendar, as_of: dt.date, halt: Halt | None = None,
             window: VoteWindow = VoteWindow()) -> Progress:
    """Stage, next step and its deadline for `c` on `as_of`; a halted procedure's next step is its remedy."""
    stage = stage_of(c)
    end = probation_end(c, settings)
    if halt:
        return Progress(stage=stage, next_step=halt.remedy, deadline=None, deadline_rule=None, status=Status.BLOCKED,
                        probation_end=end, official_from=None, party_age_from=c.decision_date, blocked=halt.remedy,
                        stage_label=halt.stage_label or stage.label, window=window)
    open_deadlines = [d for d in legal_deadlines(c, settings, calendar) if d.done is None]
    deadline = min(open_deadlines, key=lambda d: d.due) if open_deadlines else None
    if stage is Stage.SOURCE:
        step = _step("helper")
    elif stage is Stage.COURSE:
        step = _step("course")
    elif stage is Stage.DOSSIER:
        step = _next_dossier_item(c)
    elif stage is Stage.CELL_VOTED:
        step = _step("committee")
    elif stage is Stage.COMMITTEE_REVIEWED:
        step = _step("decision")
    elif stage is Stage.DECIDED:
        step = _step("ceremony")
    elif stage is Stage.PROBATIONARY and not c.new_member_course_date:
        step = _step("new_member_course")
    elif stage is Stage.PROBATIONARY and end and premature_recognition_vote(c, settings):
        step = _step("vote_again", day=format_date(end - dt.timedelta(days=1)))
    elif stage is Stage.PROBATIONARY and not c.recognition_vote_date:
        step = _step("recognition_vote")
    elif stage is Stage.PROBATIONARY:
        step = _step("recognition_decision")
    elif end and c.decision_date:  # RECOG_DATE, PARTY_AGE: what the member's record must say
        step = _step("official", official=format_date(end), party_age=format_date(c.decision_date))
    else:
        step = ""
    status = Status.NONE
    if deadline:
        lead = settings.param("DEADLINE_SOON", "lead_working_days")
        if as_of > deadline.due:
            status = Status.OVERDUE
        elif calendar.working_days_between(as_of, deadline.due) <= lead:
            status = Status.SOON
        else:
            status = Status.OK
    return Progress(
        stage=stage,
        next_step=step,
        deadline=deadline.due if deadline else None,
        deadline_rule=deadline.rule if deadline else None,
        status=status,
        probation_end=end,
        official_from=end if c.recognition_date or c.recognition_vote_date else None,
        party_age_from=c.decision_date,
        stage_label=stage.label,
        window=window,
    )
