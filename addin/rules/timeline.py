"""One story per person: the dossier timeline that every output renders (DESIGN §1, "One story").

Built once per run for every register row from the row itself and what the rules found: the
steps done (with the outcome of each vote), where the person stands, what stops the dossier and
its remedy, and every step still to do with its legal window and its planned day. The register's
columns, `Chỉ tiêu`, the plan, `Lịch`, the .ics, the drafts and the summary only format it.

Nothing is assumed that the register does not hold: a legal period is counted only from a date
the register holds, and a step after one that is overdue, awaiting a higher body, stopped or not
dated is itself not dated ("sau khi …"). Planned days follow the typical durations of
data/planning.toml (settings in `Cài đặt`), inside the legal windows of the catalogue.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from . import catalogue
from .calendar import WorkCalendar, add_months
from .checks import Assessment, Context
from .procedure import (
    DECIDED_ABOVE,
    DONE_FIELD,
    RECOGNITION_STEPS,
    Step,
    StepKey,
    admission_step,
    next_meeting,
    responsible_text,
    steps,
    working_days_before,
)
from .records import LABELS, Candidate, person_key
from .stages import (
    Halt,
    Stage,
    Status,
    VoteWindow,
    legal_due,
    membership,
    premature_recognition_vote,
    probation_end,
    stage_of,
)
from .values import Period, format_date
from .votes import Outcome, Tally, Vote, tallies

# A legal limit further than this from a step's planned day caps the day but is not shown as its deadline.
SHOWN_WITHIN_MONTHS = int(catalogue.data_file("planning.toml")["deadlines"]["shown_within_months"])
REMEDY = "remedy"  # the key of a remedy: what the cell must do before the procedure can go on


class When(StrEnum):
    """How a step still to do stands on the reference date."""

    PLANNED = "planned"  # on a planned day inside its legal window
    OVERDUE = "overdue"  # its legal deadline passed: planned now, with the report the rules ask for
    AFTER = "after"  # not dated: it waits for a step that is not dated, overdue or stopped
    UNKNOWN = "unknown"  # whether it was done is unknown: the register lacks its column


@dataclass(frozen=True)
class Event:
    """A step the register records as done, with the vote's tally for a vote."""

    key: StepKey
    day: dt.date | None  # the helper's assignment may carry no date
    tally: Tally | None = None

    @property
    def outcome(self) -> Outcome | None:
        return self.tally.outcome if self.tally else None


@dataclass(frozen=True)
class Todo:
    """A step still to do (or the remedy that comes first), with its legal window and planned day."""

    key: str  # a StepKey value, or REMEDY
    content: str
    responsible: str
    rule: str  # the rule the step (or its remedy) comes from, for its source
    when: When
    day: dt.date | None = None  # the planned day (PLANNED, OVERDUE)
    deadline: dt.date | None = None  # the legal last day, counted from a date the register holds
    deadline_rule: str = ""
    earliest: dt.date | None = None  # the first legal day, when the law sets one
    reason: str = ""  # AFTER/UNKNOWN: what it waits for; a remedy: the finding that stops the dossier
    note: str = ""  # e.g. too late for the committee's expected admission
    not_before: dt.date | None = None  # AFTER: the earliest it could come if what it waits for comes as planned

    @property
    def dated(self) -> bool:
        return self.day is not None

    @property
    def is_remedy(self) -> bool:
        return self.key == REMEDY


@dataclass(frozen=True)
class Timeline:
    """Everything every output says of one person."""

    candidate: Candidate
    label: str  # the name as outputs print it, told apart from a namesake
    stage: Stage  # the furthest step that stands (a failed vote does not)
    state: str  # `Giai đoạn` as written: the stage, or the failed vote
    since: dt.date | None  # the day the state began (days in stage)
    done: tuple[Event, ...]
    todo: tuple[Todo, ...]  # the remedy first when there is one, then the steps in procedure order
    halt: Halt | None
    window: VoteWindow
    admitted: dt.date | None  # the admission the quota counts (decision or ceremony), as the register holds it
    probation_end: dt.date | None  # PROB_12M, from the ceremony the register holds
    status: Status  # of the next step's deadline

    @property
    def row(self) -> int:
        return self.candidate.row

    @property
    def name(self) -> str:
        return self.candidate.name

    @property
    def next(self) -> Todo | None:
        return self.todo[0] if self.todo else None

    def step(self, key: str) -> Todo | None:
        """The step `key` still to do, if any."""
        return next((t for t in self.todo if t.key == key), None)

    def event(self, key: StepKey) -> Event | None:
        """The step `key` as done, if the register records it."""
        return next((e for e in self.done if e.key is key), None)

    def tally(self, vote: Vote) -> Tally | None:
        key = {Vote.ADMISSION: StepKey.CELL_VOTE, Vote.COMMITTEE: StepKey.COMMITTEE,
               Vote.RECOGNITION: StepKey.RECOGNITION_VOTE}[vote]
        found = self.event(key)
        return found.tally if found else None

    @property
    def official(self) -> bool:
        return self.stage is Stage.OFFICIAL

    @property
    def in_pipeline(self) -> bool:
        """Not yet admitted (for the quota) and not yet a probationary member."""
        return self.admitted is None and self.stage < Stage.PROBATIONARY

    def admission_day(self, basis: str) -> dt.date | None:
        """The admission's planned day, as `Chỉ tiêu`, the plan's II.1 and III forecast it: an overdue step
        (awaiting the competent body) may still come now."""
        found = self.step(basis)
        return found.day if found and found.when in (When.PLANNED, When.OVERDUE) else None

    @property
    def official_from(self) -> dt.date | None:
        """RECOG_DATE: official from the end of probation once the cell or the committee recognised it."""
        c = self.candidate
        return self.probation_end if c.recognition_date or c.recognition_vote_date else None

    @property
    def party_age_from(self) -> dt.date | None:
        """PARTY_AGE: counted from the date of the admission decision."""
        return self.candidate.decision_date


def _text(key: str, **fields: object) -> str:
    value = catalogue.texts()[key]
    return str(value[0] if isinstance(value, list) else value).format(**fields)


def _lower_first(text: str) -> str:
    """A sentence's first letter in lower case, to follow "sau khi"; an abbreviation (GCN) stays."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


# The vote that makes each stage, and the stage it leaves the dossier at when it fails.
_FAILED = {
    Vote.ADMISSION: (Stage.CELL_VOTED, Stage.DOSSIER),
    Vote.COMMITTEE: (Stage.COMMITTEE_REVIEWED, Stage.CELL_VOTED),
    Vote.RECOGNITION: (Stage.PROBATIONARY, Stage.PROBATIONARY),
}
_VOTE_OF_STEP = {StepKey.CELL_VOTE: Vote.ADMISSION, StepKey.COMMITTEE: Vote.COMMITTEE,
                 StepKey.RECOGNITION_VOTE: Vote.RECOGNITION}


def stage_start(c: Candidate, stage: Stage) -> dt.date | None:
    """The milestone that began `stage` for `c`."""
    return {
        Stage.SOURCE: c.source_date,
        Stage.COURSE: min((d for d in (c.application_date, c.cv_date) if d), default=c.source_date),
        Stage.DOSSIER: c.course_date,
        Stage.CELL_VOTED: c.cell_vote_date,
        Stage.COMMITTEE_REVIEWED: c.committee_date,
        Stage.DECIDED: c.decision_date,
        Stage.PROBATIONARY: c.ceremony_date,
        Stage.OFFICIAL: c.recognition_date,
    }[stage]


def admitted_on(c: Candidate, basis: StepKey) -> dt.date | None:
    """The date that counts `c` as admitted for the quota: the decision, or the ceremony."""
    return c.ceremony_date if basis is StepKey.CEREMONY else c.decision_date


def _last_known(c: Candidate) -> dt.date | None:
    known = [getattr(c, f) for f in DONE_FIELD.values() if f and getattr(c, f)]
    known += [d for d in (c.source_date, c.application_date, c.cv_date) if d]
    return max(known, default=None)


def _expected_start(c: Candidate, as_of: dt.date) -> dt.date | None:
    """The first day of `Dự kiến kết nạp`, when it is still ahead (a past one is a finding, not a forecast)."""
    expected = c.expected
    if expected is None:
        return None
    start, end = (expected.earliest(), expected.latest()) if isinstance(expected, Period) else (expected, expected)
    return start if end >= as_of else None


@dataclass
class _Builder:
    """Builds one person's timeline (a fresh builder per person)."""

    c: Candidate
    assessment: Assessment
    halt: Halt | None
    ctx: Context
    fields: Collection[str] | None
    chain: Sequence[Step]
    label: str
    dates: dict[StepKey, dt.date] = field(default_factory=dict)  # known or planned day of each step
    known: set[StepKey] = field(default_factory=set)  # steps whose day the register holds

    @property
    def calendar(self) -> WorkCalendar:
        return self.ctx.calendar

    def build(self) -> Timeline:
        c, settings = self.c, self.ctx.settings
        window = self.assessment.window
        chain = [s for s in self.chain if s.key is not StepKey.CONSENT or window.needs_consent]  # AGE_OVER60
        votes = {t.vote: t for t in tallies(c, self.ctx.roll, settings)}
        stage = stage_of(c)
        state, since = stage.label, stage_start(c, stage)
        redo: set[StepKey] = set()
        for vote, (made, left_at) in _FAILED.items():
            t = votes.get(vote)
            if t is not None and t.outcome is Outcome.FAILED and stage is made:  # the vote did not pass
                stage, state, since = left_at, catalogue.rule(vote.value).stage_vi, t.day
                redo.add(next(k for k, v in _VOTE_OF_STEP.items() if v is vote))
        if membership(c) is Stage.PROBATIONARY and stage < Stage.PROBATIONARY:  # a list marks a probationary member
            stage, state, since = Stage.PROBATIONARY, Stage.PROBATIONARY.label, c.ceremony_date or c.decision_date
        if premature_recognition_vote(c, settings):  # held before probation ended: it does not count
            redo.add(StepKey.RECOGNITION_VOTE)
        recorded = max(stage_of(c), Stage.PROBATIONARY) if membership(c) is Stage.PROBATIONARY else stage_of(c)
        done = self._done(chain, recorded, votes)
        done_keys = {e.key for e in done}
        remaining = [s for s in chain if s.key in redo or s.key not in done_keys]
        for e in done:
            if e.day is not None and e.key not in redo:  # a failed vote opens no legal period
                self.dates[e.key] = e.day
                self.known.add(e.key)
        todo = self._blocked(remaining) if self.halt else self._schedule(remaining, window)
        basis = admission_step(settings)
        end = probation_end(c, settings)
        return Timeline(
            candidate=c, label=self.label, stage=stage, state=state, since=since, done=done, todo=tuple(todo),
            halt=self.halt, window=window, admitted=admitted_on(c, basis), probation_end=end,
            status=self._status(todo),
        )

    def _done(self, chain: Sequence[Step], stage: Stage, votes: Mapping[Vote, Tally]) -> tuple[Event, ...]:
        """Every step up to the furthest one the register dates (a vote with its tally, passed or not);
        the helper's assignment also when a later stage shows it."""
        c = self.c
        keys = [s.key for s in chain]
        dated = [i for i, key in enumerate(keys) if (name := DONE_FIELD[key]) and getattr(c, name)]
        done_keys = keys[: max(dated) + 1] if dated else []
        if stage is Stage.PROBATIONARY and StepKey.CEREMONY in keys:  # admitted: the steps up to the ceremony are done
            done_keys = keys[: max(keys.index(StepKey.CEREMONY) + 1, len(done_keys))]
        if StepKey.HELPER not in done_keys and (c.helper or stage >= Stage.COURSE):
            done_keys.insert(0, StepKey.HELPER)
        events = []
        for key in done_keys:
            name = DONE_FIELD[key]
            day = getattr(c, name) if name else (c.source_date if key is StepKey.HELPER else None)
            vote = _VOTE_OF_STEP.get(key)
            events.append(Event(key, day, votes.get(vote) if vote else None))
        return tuple(events)

    # ------------------------------------------------------------ a stopped dossier

    def _remedy(self, content: str, rule: str, reason: str) -> Todo:
        """The remedy, planned at the cell's next monthly meeting."""
        day = next_meeting(self.ctx.settings, self.calendar, self.calendar.next_working_day(self.ctx.as_of))
        return Todo(REMEDY, content, responsible_text("chi_uy", self.c), rule, When.PLANNED, day=day, reason=reason)

    def _blocked(self, remaining: Sequence[Step]) -> list[Todo]:
        """A halted dossier: its remedy first; nothing after it is dated."""
        assert self.halt is not None
        remedy = self._remedy(self.halt.remedy, self.halt.rule, self.halt.why)
        wait = _text("after_remedy", remedy=_lower_first(self.halt.remedy))
        return [remedy, *(self._after(s, wait) for s in remaining)]

    def _after(self, s: Step, reason: str, not_before: dt.date | None = None) -> Todo:
        return Todo(s.key.value, s.content, responsible_text(s.responsible, self.c), s.rule, When.AFTER,
                    reason=reason, not_before=not_before)

    # ------------------------------------------------------------ the steps still to do

    def _window(self, key: StepKey) -> tuple[dt.date | None, dt.date | None, str]:
        """(first legal day, last legal day, the rule of the last) of a step, from dates the register holds."""
        settings, calendar, known, dates = self.ctx.settings, self.calendar, self.known, self.dates
        window = self.assessment.window
        c = self.c

        def due(rule_id: str, start: dt.date) -> dt.date:
            return legal_due(rule_id, start, settings, calendar)

        if key is StepKey.CELL_VOTE:
            earliest = window.earliest
            latest = calendar.previous_working_day(window.latest) if window.latest else None  # COURSE_NT_VALID
            return earliest, latest, "COURSE_NT_VALID" if latest else ""
        if key in (StepKey.COMMITTEE, StepKey.CONSENT, StepKey.DECISION) and StepKey.CELL_VOTE in known:
            return None, due("DEC_60WD", dates[StepKey.CELL_VOTE]), "DEC_60WD"
        received = c.decision_received_date or c.decision_date
        if key is StepKey.CEREMONY and received:
            return None, due("CEREMONY_30WD", received), "CEREMONY_30WD"
        end = probation_end(c, settings)
        if key is StepKey.NEW_MEMBER_COURSE and end:
            return c.ceremony_date, end, "COURSE_DVM"
        if key in (StepKey.RECOGNITION_OPINIONS, StepKey.RECOGNITION_VOTE) and end:
            return end, due("RECOG_CELL_30WD", end), "RECOG_CELL_30WD"
        if key is StepKey.RECOGNITION_DECISION and StepKey.RECOGNITION_VOTE in known:
            return None, due("RECOG_DEC_30WD", dates[StepKey.RECOGNITION_VOTE]), "RECOG_DEC_30WD"
        return None, None, ""

    def _vote_not_before(self, chain: Sequence[Step]) -> dt.date | None:
        """The cell's vote waits for the committee's expected admission (`Dự kiến kết nạp`), counted back
        by the typical durations from the vote to the admission step."""
        start = _expected_start(self.c, self.ctx.as_of)
        keys = [s.key for s in chain]
        target = admission_step(self.ctx.settings)
        if start is None or StepKey.CELL_VOTE not in keys or target not in keys:
            return None
        after = chain[keys.index(StepKey.CELL_VOTE) + 1: keys.index(target) + 1]
        return working_days_before(self.calendar, start, sum(s.after_days for s in after))

    def _unknown_column(self, key: StepKey) -> str:
        """Why a step's outcome is unknown: the register lacks the column that would record it."""
        name = DONE_FIELD.get(key)
        if self.fields is None or name is None or name in self.fields:
            return ""
        return _text("unknown_column", columns=LABELS[name][0])

    def _after_unknown(self, s: Step, reason: str) -> Todo:
        """A step after one the register cannot tell was done: overdue when its own legal deadline, counted from a
        date the register holds, has passed and the register shows it not done; else it waits."""
        _, latest, latest_rule = self._window(s.key)
        if latest is not None and latest < self.ctx.as_of and not self._unknown_column(s.key):
            return self._overdue(s, latest, latest_rule)
        return self._after(s, reason)

    def _overdue(self, s: Step, latest: dt.date, latest_rule: str) -> Todo:
        """A step past its legal deadline and not done: planned now, with the report the rules ask for."""
        key = "remedy_awaiting" if s.key in DECIDED_ABOVE else "remedy_overdue"
        return Todo(s.key.value, s.content, responsible_text(s.responsible, self.c), s.rule, When.OVERDUE,
                    day=self.calendar.next_working_day(self.ctx.as_of), deadline=latest, deadline_rule=latest_rule,
                    note=_text(key, step=s.content, due=format_date(latest)))

    def _schedule(self, remaining: Sequence[Step], window: VoteWindow) -> list[Todo]:
        c, settings, calendar = self.c, self.ctx.settings, self.calendar
        today = calendar.next_working_day(self.ctx.as_of)
        vote_not_before = self._vote_not_before(remaining)
        vote_step = next((s for s in remaining if s.key is StepKey.CELL_VOTE), None)
        previous = _last_known(c)
        wait = ""  # once set, every later step waits: it is not dated
        not_before: dt.date | None = None
        todos: list[Todo] = []
        unknown_before = ""  # a step before was UNKNOWN: later steps are dated only by their own legal window
        for s in remaining:
            if wait:
                todos.append(self._after(s, wait, not_before))
                continue
            if unknown_before:
                todos.append(self._after_unknown(s, unknown_before))
                if todos[-1].when is When.OVERDUE:
                    wait = s.after
                continue
            if s.key is StepKey.CELL_VOTE and window.unknown:  # INTRO_N, INTRO_OFFICIAL: no legal day known yet
                todos.append(self._remedy(window.unknown_remedy, window.unknown_rule, window.unknown))
                wait = window.unknown
                todos.append(self._after(s, wait))
                continue
            earliest, latest, latest_rule = self._window(s.key)
            if s.key in RECOGNITION_STEPS and StepKey.CEREMONY not in self.known:  # PROB_12M from a ceremony not held
                wait = _text("after_probation")
                ceremony = self.dates.get(StepKey.CEREMONY)
                not_before = legal_due("PROB_12M", ceremony, settings, calendar) if ceremony else None
                todos.append(self._after(s, wait, not_before))
                continue
            if s.at_meeting:
                day = next_meeting(settings, calendar, max(today, calendar.add_working_days(previous, 1) if previous else today))
            elif s.key in (StepKey.RECOGNITION_OPINIONS, StepKey.RECOGNITION_VOTE) and earliest:
                day = max(calendar.add_working_days(earliest, s.after_days),
                          calendar.add_working_days(previous, max(s.after_days, 1)) if previous else today)
            else:
                day = calendar.add_working_days(previous, s.after_days) if previous else today
            day = max(calendar.next_working_day(day), today)
            if earliest and earliest > day:
                day = calendar.next_working_day(earliest)
            if s.key is StepKey.CEREMONY and isinstance(c.expected, dt.date) and day < c.expected \
                    and (latest is None or c.expected <= latest):  # the ceremony's day the register holds
                day = calendar.next_working_day(c.expected)
            if s.key is StepKey.CELL_VOTE and vote_not_before and vote_not_before > day:
                day = calendar.next_working_day(vote_not_before)
            if s.fresh_for_vote and vote_not_before and vote_step:  # DOSSIER_12M: close before the vote
                day = max(day, working_days_before(calendar, vote_not_before, vote_step.after_days))
            unknown = self._unknown_column(s.key)
            if latest is not None and latest < self.ctx.as_of:  # the legal deadline passed and it is not done
                if unknown:  # it may have been done: the register cannot say
                    todos.append(Todo(s.key.value, s.content, responsible_text(s.responsible, c), s.rule, When.UNKNOWN,
                                      deadline=latest, deadline_rule=latest_rule, reason=unknown))
                    unknown_before = s.after
                    continue
                todos.append(self._overdue(s, latest, latest_rule))
                wait = s.after
                continue
            if latest is not None and day > latest:
                if s.key is StepKey.CELL_VOTE:  # COURSE_NT_VALID: the certificate ends before the first legal day
                    why = "; ".join(w for w in (window.earliest_why, window.latest_why) if w)
                    todos.append(self._remedy(_text("remedy_certificate", why=why), "COURSE_NT_VALID", why))
                    wait = why
                    todos.append(self._after(s, wait))
                    continue
                day = calendar.previous_working_day(latest)  # the typical durations give way to the legal limit
            note = ""
            if s.key is StepKey.RECOGNITION_VOTE and premature_recognition_vote(c, settings):
                note = str(catalogue.data_file("planning.toml")["next_steps"]["vote_again"]).format(
                    day=format_date(earliest - dt.timedelta(days=1)) if earliest else "")
            if s.key is admission_step(settings) and c.expected is not None and _expected_start(c, self.ctx.as_of):
                expected_end = c.expected.latest() if isinstance(c.expected, Period) else c.expected
                if day > expected_end:
                    note = _text("expected_missed", expected=format_date(c.expected))
            shown = bool(latest_rule) and latest is not None and latest <= add_months(day, SHOWN_WITHIN_MONTHS)
            todos.append(Todo(s.key.value, s.content, responsible_text(s.responsible, c), s.rule, When.PLANNED,
                              day=day, deadline=latest if shown else None, deadline_rule=latest_rule if shown else "",
                              earliest=earliest, note=note))
            self.dates[s.key] = day
            previous = day
        return todos

    def _status(self, todo: Sequence[Todo]) -> Status:
        """How the next step's deadline stands on the reference date (`Hạn` is coloured by it); past a step the
        register cannot tell was done, a later step it shows overdue still counts."""
        if self.halt:
            return Status.BLOCKED
        first = todo[0] if todo else None
        if first is not None and first.when is When.UNKNOWN:  # no alarm from what the register cannot say
            return Status.OVERDUE if any(t.when is When.OVERDUE for t in todo) else Status.NONE
        if first is None or first.deadline is None:
            return Status.NONE
        if first.when is When.OVERDUE:
            return Status.OVERDUE
        lead = self.ctx.settings.param("DEADLINE_SOON", "lead_working_days")
        return Status.SOON if self.calendar.working_days_between(self.ctx.as_of, first.deadline) <= lead else Status.OK


def labels(candidates: Sequence[Candidate]) -> dict[int, str]:
    """Each row's name as outputs print it: with the birth year (else the row) when the register has a namesake."""
    counts = Counter(person_key(c.name) for c in candidates)
    years = Counter((person_key(c.name), c.dob.year if c.dob else None) for c in candidates)
    found = {}
    for c in candidates:
        key = person_key(c.name)
        if counts[key] == 1:
            found[c.row] = c.name
        elif c.dob is not None and years[(key, c.dob.year)] == 1:
            found[c.row] = _text("namesake", name=c.name, year=c.dob.year)
        else:
            found[c.row] = _text("namesake_row", name=c.name, row=c.row)
    return found


def build_timelines(candidates: Sequence[Candidate], assessments: Mapping[int, Assessment],
                    halts: Mapping[int, Halt | None], ctx: Context,
                    fields: Collection[str] | None = None) -> dict[int, Timeline]:
    """Every row's timeline, by row: computed once per run, then only rendered."""
    chain = steps(ctx.settings)
    names = labels(candidates)
    return {
        c.row: _Builder(c, assessments[c.row], halts.get(c.row), ctx, fields, chain, names[c.row]).build()
        for c in candidates
    }
