"""The yearly work plan: recurring tasks and each person's next steps, on working days.

A person's remaining steps are scheduled forward from the last known milestone with the
planning durations (data/planning.toml, overridable in `Cài đặt`), backward from
`Dự kiến kết nạp` when given, and never later than the legal deadlines of the catalogue.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

from . import catalogue
from .calendar import WorkCalendar
from .records import Candidate
from .settings import Settings
from .stages import Progress, Stage, VoteWindow, legal_due, stage_of
from .text import name_sort_key
from .values import Period, Unreadable, format_date, parse_count


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
    RECOGNITION_VOTE = "recognition_vote"
    RECOGNITION_DECISION = "recognition_decision"


@dataclass(frozen=True)
class Step:
    """One step of the procedure with its typical duration after the previous step."""

    key: StepKey
    content: str
    responsible: str
    rule: str
    after_days: int
    label: str
    source: str
    evidence: str


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
    """One row of the plan's task table."""

    content: str
    person: str
    start: dt.date
    end: dt.date
    deadline: dt.date | None
    responsible: str
    basis: str
    note: str
    overdue: bool
    step: str = ""  # key of the procedure step; "" for the year's recurring tasks and remedies
    blocked: bool = False  # the remedy of a procedure an error stops
    awaiting: bool = False  # an overdue decision of a higher body: nothing after it is dated


@dataclass(frozen=True)
class ScheduledStep:
    """A remaining step of one person: planned window, legal deadline, overdue on the reference date."""

    step: Step
    start: dt.date
    end: dt.date
    deadline: dt.date | None
    overdue: bool
    late_for_expected: bool = False
    barred: str = ""  # why the rules allow no date for this step (nothing after it is planned)
    awaiting: bool = False  # an overdue decision of a higher body: its outcome is unknown, nothing after it is dated


@lru_cache(maxsize=1)
def planning() -> Mapping[str, Any]:
    """The planning data (steps, recurring tasks, settings, texts) from data/planning.toml."""
    return catalogue.data_file("planning.toml")


@lru_cache(maxsize=1)
def _steps() -> tuple[Step, ...]:
    return tuple(Step(**{**s, "key": StepKey(s["key"])}) for s in planning()["step"])


def recurring_tasks() -> tuple[Recurring, ...]:
    return tuple(Recurring(**r) for r in planning()["recurring"])


def planning_settings() -> list[tuple[str, Any, str]]:
    """(label, default, source) of every `Cài đặt` item the plan reads: durations, thresholds, margins, texts."""
    data = planning()
    rows = [(s.label, s.after_days, s.source) for s in _steps() if s.label]
    for key in ("meeting_day", "remedy_days", "stale_days", "reminder_days"):
        item = data["settings"][key]
        rows.append((item["label"], item["default"], item["source"]))
    margins = data["settings"]["margins"]
    rows += [(margins[side]["label"], margins[side]["default"], margins["source"]) for side in ("top", "bottom", "left", "right")]
    rows += [(text["label"], text["default"], text.get("note", data["notes"]["default_text"]))
             for text in data["texts"].values()]
    return rows


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


def step(key: StepKey, settings: Settings) -> Step:
    return next(s for s in steps(settings) if s.key == key)


def responsible_text(role: str, c: Candidate | None = None) -> str:
    """Who does a task: the helper member by name when known, else the chi ủy or the secretary."""
    names = planning()["responsible"]
    if role == "helper" and c is not None and c.helper:
        return f"{names['helper']} {c.helper}"
    return names[role]


# ---------------------------------------------------------------- scheduling one person

# The register field holding each step's date (None: the step leaves no date).
_DONE_FIELD = {
    StepKey.HELPER: None, StepKey.COURSE: "course_date", StepKey.DOSSIER: "verification_date",
    StepKey.OPINIONS: "opinions_date", StepKey.CELL_VOTE: "cell_vote_date", StepKey.COMMITTEE: "committee_date",
    StepKey.CONSENT: "over60_consent_date", StepKey.DECISION: "decision_date", StepKey.CEREMONY: "ceremony_date",
    StepKey.NEW_MEMBER_COURSE: "new_member_course_date", StepKey.RECOGNITION_VOTE: "recognition_vote_date",
    StepKey.RECOGNITION_DECISION: "recognition_date",
}


def done_field(step: str) -> str | None:
    """The register field that records `step` as done (None: the step leaves no date)."""
    return _DONE_FIELD.get(StepKey(step)) if step in set(StepKey) else None


def _done_keys(c: Candidate, stage: Stage, chain: Sequence[Step]) -> set[StepKey]:
    """Steps already done: every step up to the furthest one with a date (the helper from the stage)."""
    keys = [s.key for s in chain]
    dated = [i for i, key in enumerate(keys) if (name := _DONE_FIELD[key]) and getattr(c, name)]
    done = set(keys[: max(dated) + 1]) if dated else set()
    if stage >= Stage.COURSE:
        done.add(StepKey.HELPER)
    return done


def working_days_before(calendar: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The n-th working day before `day` (`day` itself not counted); n = 0 gives `day`."""
    left = n
    while left:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day


def anchor_date(expected: dt.date | Period | None, calendar: WorkCalendar) -> dt.date | None:
    """`Dự kiến kết nạp` as the last working day it allows (a month means its end)."""
    if expected is None:
        return None
    day = expected.latest() if isinstance(expected, Period) else expected
    return calendar.previous_working_day(day)


def admission_step(settings: Settings) -> StepKey:
    """The step that counts as admission for the quota: the decision, or the ceremony."""
    return StepKey.CEREMONY if settings.quota_basis == "ceremony" else StepKey.DECISION


# Steps whose outcome a higher body decides (DEC_60WD, RECOG_DEC_30WD: "yes or no" is notified to the cell).
_DECIDED_ABOVE = frozenset({StepKey.DECISION, StepKey.RECOGNITION_DECISION})


def _last_known(c: Candidate) -> dt.date | None:
    known = [getattr(c, f) for f in _DONE_FIELD.values() if f and getattr(c, f)]
    known += [d for d in (c.source_date, c.application_date, c.cv_date) if d]
    return max(known, default=None)


class _Scheduler:
    """Plans one person's remaining steps."""

    def __init__(self, c: Candidate, settings: Settings, calendar: WorkCalendar, as_of: dt.date,
                 chain: Sequence[Step], window: VoteWindow, begin: dt.date | None = None,
                 forecast: bool = False) -> None:
        self.c, self.settings, self.calendar, self.as_of = c, settings, calendar, as_of
        self.window = window
        # AGE_OVER60: the provincial consent is a step only for those over 60
        self.chain = [s for s in chain if s.key is not StepKey.CONSENT or window.needs_consent]
        self.first = max(as_of, begin) if begin else as_of  # nothing is planned before this day
        self.forecast = forecast  # a forecast assumes an overdue decision comes now
        self.today = calendar.next_working_day(self.first)
        self.dates: dict[str, dt.date] = {}  # known or planned date of each step

    def legal_due(self, rule_id: str, start: dt.date | None) -> dt.date | None:
        return None if start is None else legal_due(rule_id, start, self.settings, self.calendar)

    def deadline(self, key: StepKey) -> dt.date | None:
        """The legal deadline of a step, from the known or planned date it runs from."""
        c, dates = self.c, self.dates
        if key is StepKey.CELL_VOTE and c.course_date:  # COURSE_NT_VALID: vote while the certificate is valid
            return self.calendar.previous_working_day(self.legal_due("COURSE_NT_VALID", c.course_date) or c.course_date)
        if key is StepKey.DECISION:
            return self.legal_due("DEC_60WD", dates.get(StepKey.CELL_VOTE))
        if key is StepKey.CEREMONY:
            return self.legal_due("CEREMONY_30WD", c.decision_received_date or dates.get(StepKey.DECISION))
        if key in (StepKey.NEW_MEMBER_COURSE, StepKey.RECOGNITION_VOTE):
            return self.legal_due("RECOG_CELL_30WD", self.probation_end())
        if key is StepKey.RECOGNITION_DECISION:
            return self.legal_due("RECOG_DEC_30WD", dates.get(StepKey.RECOGNITION_VOTE))
        return None

    def probation_end(self) -> dt.date | None:
        return self.legal_due("PROB_12M", self.dates.get(StepKey.CEREMONY))

    def backward(self, chain: Sequence[Step]) -> dict[str, dt.date]:
        """Dates backward from `Dự kiến kết nạp` for the steps up to the admission step."""
        anchor = anchor_date(self.c.expected, self.calendar)
        target = admission_step(self.settings)
        keys = [s.key for s in chain]
        if anchor is None or target not in keys:
            return {}
        back: dict[str, dt.date] = {}
        day = anchor
        for i in range(keys.index(target), -1, -1):
            back[keys[i]] = day
            day = working_days_before(self.calendar, day, chain[i].after_days)
        return back

    def start_of(self, key: StepKey, previous: dt.date | None) -> dt.date:
        if key is StepKey.RECOGNITION_VOTE and (end := self.probation_end()):
            return self.calendar.next_working_day(max(end, self.first))
        if previous is None or previous < self.first:
            return self.today
        return self.calendar.add_working_days(previous, 1)

    def run(self, stage: Stage) -> list[ScheduledStep]:
        chain = self.chain
        for s in chain:
            field = _DONE_FIELD[s.key]
            if field and getattr(self.c, field):
                self.dates[s.key] = getattr(self.c, field)
        done = _done_keys(self.c, stage, chain)
        remaining = [s for s in chain if s.key not in done]
        back = self.backward(remaining)
        previous = _last_known(self.c)
        planned: list[ScheduledStep] = []
        for s in remaining:
            earliest = self.calendar.next_working_day(self.calendar.add_working_days(previous, s.after_days)) if previous else self.today
            if s.key is StepKey.RECOGNITION_VOTE and (probation_end := self.probation_end()):
                earliest = self.calendar.add_working_days(probation_end, s.after_days)
            earliest = max(earliest, self.today)
            if s.key is StepKey.CELL_VOTE and self.window.unknown:  # INTRO_N, INTRO_OFFICIAL: no legal day known yet
                planned.append(ScheduledStep(s, earliest, earliest, self.deadline(s.key), False, barred=self.window.unknown))
                return planned
            if s.key is StepKey.CELL_VOTE and self.window.earliest:  # AGE_MIN, INTRO_12M, INTRO_OFFICIAL: never before the law allows
                earliest = max(earliest, self.calendar.next_working_day(self.window.earliest))
            end = max(earliest, back[s.key]) if s.key in back else earliest
            due = self.deadline(s.key)
            if s.key is StepKey.CELL_VOTE and due is not None and due < earliest:  # COURSE_NT_VALID: no legal day left
                why = "; ".join(w for w in (self.window.earliest_why, self.window.latest_why) if w)
                planned.append(ScheduledStep(s, earliest, earliest, due, False, barred=why))
                return planned
            if due is not None and due >= self.today:
                end = min(end, due)
            late = s.key in back and earliest > back[s.key] and s.key == admission_step(self.settings)
            start = min(self.start_of(s.key, previous), end)
            self.dates[s.key] = end
            overdue = due is not None and due < self.first
            if overdue and s.key in _DECIDED_ABOVE and not self.forecast:  # DEC_60WD, RECOG_DEC_30WD: no admission from an unknown outcome
                planned.append(ScheduledStep(s, start, end, due, overdue, late, awaiting=True))
                return planned
            planned.append(ScheduledStep(s, start, end, due, overdue, late))
            previous = end
        return planned


def schedule(c: Candidate, settings: Settings, calendar: WorkCalendar, as_of: dt.date,
             stage: Stage | None = None, chain: Sequence[Step] | None = None,
             window: VoteWindow = VoteWindow(), begin: dt.date | None = None,
             forecast: bool = False) -> list[ScheduledStep]:
    """Every remaining step of `c` from `as_of`, in procedure order, each on a working day the rules allow.

    `chain` is `steps(settings)`, passed in when scheduling many people with the same settings;
    `window` bounds the cell's vote (age, introducers, certificate) and says whether consent is needed;
    `begin` is the first day of the plan: no step still to do is planned before it.
    An overdue decision of a higher body ends the schedule (what follows depends on its unknown outcome)
    unless it is a `forecast`, which assumes the decision comes now (the quota's projection).
    """
    scheduler = _Scheduler(c, settings, calendar, as_of, chain if chain is not None else steps(settings), window,
                           begin, forecast)
    return scheduler.run(stage if stage is not None else stage_of(c))


def earliest_admission(c: Candidate, settings: Settings, calendar: WorkCalendar, as_of: dt.date,
                       chain: Sequence[Step] | None = None, window: VoteWindow = VoteWindow()) -> dt.date | None:
    """When `c` can be admitted at the earliest (forward only, ignoring `Dự kiến kết nạp`); None when never."""
    target = admission_step(settings)
    for planned in schedule(replace(c, expected=None), settings, calendar, as_of, chain=chain, window=window,
                            forecast=True):
        if planned.barred:
            return None
        if planned.step.key == target:
            return planned.end
    return None


# ---------------------------------------------------------------- the year's tasks

def _basis(rule_id: str, day: dt.date) -> str:
    return catalogue.rule(rule_id).source_on(day)


def _day_month(text: str, year: int) -> dt.date:
    day, month = (int(p) for p in text.split("/"))
    return dt.date(year, month, day)


def note(key: str, **fields: object) -> str:
    """A note the plan writes beside a task (planning.toml `[notes]`)."""
    return str(planning()["notes"][key]).format(**fields)


def _recurring(year: int, settings: Settings, calendar: WorkCalendar) -> list[PlanTask]:
    meeting = planning()["settings"]["meeting_day"]
    meeting_day = min(max(setting_number(settings, meeting["label"], meeting["default"]), 1), 28)
    tasks = []
    for r in recurring_tasks():
        start = calendar.next_working_day(_day_month(r.start, year))
        end = calendar.previous_working_day(_day_month(r.end, year))
        monthly = ""
        if r.monthly:
            start = calendar.next_working_day(dt.date(year, 1, meeting_day))
            end = calendar.previous_working_day(dt.date(year, 12, meeting_day))
            monthly = note("monthly", day=meeting_day)
        tasks.append(PlanTask(r.content, "", start, end, None, responsible_text(r.responsible),
                              _basis(r.rule, start), monthly, False))
    return tasks


def _person_tasks(c: Candidate, stage: Stage, year: int, settings: Settings, calendar: WorkCalendar,
                  as_of: dt.date, chain: Sequence[Step], window: VoteWindow) -> list[PlanTask]:
    tasks = []
    for planned in _plan_schedule(c, stage, year, settings, calendar, as_of, chain, window):
        s = planned.step
        if planned.barred:  # the rules leave no day for it (or none known yet): say so, never invent one
            rule, key = (window.unknown_rule, "unknown") if window.unknown else ("COURSE_NT_VALID", "barred")
            tasks.append(PlanTask(s.content, c.name, planned.start, planned.end, planned.deadline,
                                  responsible_text(s.responsible, c), _basis(rule, planned.end),
                                  note(key, why=planned.barred), False))
            break
        if s.key is StepKey.CELL_VOTE and window.earliest and window.earliest.year > year:
            tasks.append(PlanTask(s.content, c.name, planned.start, planned.end, None,
                                  responsible_text(s.responsible, c), _basis(s.rule, planned.end),
                                  note("not_this_year", year=year, why=window.earliest_why), False))
            break
        in_year = planned.start.year <= year <= planned.end.year
        if not (in_year or planned.overdue and year >= as_of.year):
            continue
        notes = []
        if planned.overdue:
            notes.append(note("overdue"))
        if planned.late_for_expected:
            notes.append(note("late_for_expected", expected=format_date(c.expected)))
        if planned.awaiting:
            notes.append(note("awaiting"))
        tasks.append(PlanTask(s.content, c.name, planned.start, planned.end, planned.deadline,
                              responsible_text(s.responsible, c), _basis(s.rule, planned.end),
                              "; ".join(notes), planned.overdue, step=s.key, awaiting=planned.awaiting))
    return tasks


def _plan_schedule(c: Candidate, stage: Stage, year: int, settings: Settings, calendar: WorkCalendar,
                   as_of: dt.date, chain: Sequence[Step], window: VoteWindow) -> list[ScheduledStep]:
    """The steps the plan of `year` gives `c`.

    The plan of a later year lists every step still to do from its first day, none assumed done
    before it begins; but when the law wants a step sooner (a deadline passed, or one before the
    year), the steps keep their dates from the reference date: that step is done now.
    """
    now = schedule(c, settings, calendar, as_of, stage, chain, window)
    if year <= as_of.year or _late(now, window):
        return now
    later = schedule(c, settings, calendar, as_of, stage, chain, window, begin=dt.date(year, 1, 1))
    return now if _late(later, window) else later


def _late(planned: Sequence[ScheduledStep], window: VoteWindow) -> bool:
    """A step the law wants sooner: overdue, or with no legal day left (not one merely unknown yet)."""
    return any(p.overdue or p.barred and not window.unknown for p in planned)


def _remedy_task(c: Candidate, remedy: str, year: int, settings: Settings, calendar: WorkCalendar,
                 as_of: dt.date) -> list[PlanTask]:
    """A blocked procedure: the one thing to do before anything else, at the next monthly meeting."""
    start = calendar.next_working_day(max(as_of, dt.date(year, 1, 1)))
    if start.year != year:
        return []
    item = planning()["settings"]["remedy_days"]
    end = calendar.add_working_days(start, setting_number(settings, item["label"], item["default"]))
    return [PlanTask(remedy, c.name, start, end, None, responsible_text("chi_uy", c), "",
                     note("halted"), False, blocked=True)]


def plan_tasks(year: int, candidates: Sequence[Candidate], progress_by_row: Mapping[int, Progress],
               settings: Settings, calendar: WorkCalendar, as_of: dt.date) -> list[PlanTask]:
    """The year's tasks: overdue ones first, then by date (start, end), recurring before personal."""
    tasks = _recurring(year, settings, calendar)
    chain = steps(settings)
    for c in candidates:
        found = progress_by_row.get(c.row)
        stage = found.stage if found else stage_of(c)
        if stage is Stage.OFFICIAL:
            continue
        if found and found.blocked:
            tasks.extend(_remedy_task(c, found.blocked, year, settings, calendar, as_of))
            continue
        tasks.extend(_person_tasks(c, stage, year, settings, calendar, as_of, chain,
                                   found.window if found else VoteWindow()))
    return sorted(tasks, key=lambda t: (not t.overdue, t.start, t.end, t.person != "", name_sort_key(t.person)))
