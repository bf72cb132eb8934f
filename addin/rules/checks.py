"""The Party's admission rules and the register's data-quality checks, applied to every record.

Each check is evaluated on the date its rule names (e.g. age on the cell's vote date); where
that event has not happened yet, on the reference date, and the message says so. Findings
are collected all at once, never stopping at the first.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from . import catalogue, coverage
from .calendar import WorkCalendar, add_months, completed_months
from .findings import Finding, Severity
from .records import LABELS, Candidate, Member, person_key
from .settings import Settings
from .stages import Halt, Phase, VoteWindow, legal_deadlines, probation_end, stage_of
from .text import fold
from .values import Education, PartialDate, Period, format_date
from .votes import Outcome, Roll, Tally, Vote, convened, tallies

REGISTER_SHEET = "Theo dõi"


@dataclass
class Context:
    """What every check needs besides the candidate."""

    settings: Settings
    calendar: WorkCalendar
    as_of: dt.date
    members: tuple[Member, ...] = ()
    members_present: bool = True
    sheet: str = REGISTER_SHEET
    fields: frozenset[str] | None = None  # the register's columns; None: every column (coverage.applicable)
    _by_name: dict[str, Member] = field(default_factory=dict)
    _official_on: dict[dt.date, tuple[int, int]] = field(default_factory=dict)  # many votes share a meeting date

    def __post_init__(self) -> None:
        self._by_name = {person_key(m.name): m for m in self.members}

    def member(self, name: str) -> Member | None:
        return self._by_name.get(person_key(name))

    def convened_on(self, day: dt.date) -> tuple[int, int]:
        """VOTE_DENOM: official members convened on `day`, and how many of them are exempted (votes.convened)."""
        if day not in self._official_on:
            self._official_on[day] = convened(self.members, day)
        return self._official_on[day]

    def official_members_on(self, day: dt.date) -> int:
        """VOTE_DENOM: official members convened on `day` (here, not attached elsewhere), exempted ones included."""
        return self.convened_on(day)[0]

    @property
    def roll(self) -> Roll | None:
        """Counts the members on a vote's day, when the workbook has a members' list."""
        return self.convened_on if self.members_present and self.members else None


Emit = Callable[..., Finding | None]


def _emitter(c: Candidate, ctx: Context) -> Emit:
    """A finding maker for `c`; None for a Party rule not in force on the event date (its `effective_from`)."""
    def emit(rule_id: str, column: str | None, on: dt.date | None, /, *, severity: Severity | None = None,
             pending: bool = False, note: str = "", **fields) -> Finding | None:
        rule = catalogue.rule(rule_id)
        if on is not None and rule.kind == "party" and not rule.in_force(on):
            return None
        if pending:
            note = f"{note} {_text('pending').format(day=format_date(ctx.as_of))}".strip()
        return catalogue.finding(rule_id, sheet=ctx.sheet, row=c.row, column=column, person=c.name, on=on,
                                 severity=severity or ctx.settings.severity(rule_id), note=note, **fields)
    return emit


def _text(key: str) -> str:
    """A word of the catalogue's `[texts]` (Vietnamese)."""
    value = catalogue.texts()[key]
    return value[0] if isinstance(value, list) else value


def _pair(key: str, **fields: object) -> tuple[str, str]:
    """A (Vietnamese, English) text of the catalogue's `[texts]`, filled."""
    vi, en = catalogue.texts()[key]
    return vi.format(**fields), en.format(**fields)


def _same_month(a: dt.date, b: dt.date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def _age(months: int) -> tuple[str, str]:
    years, rest = divmod(months, 12)
    return _pair("age", years=years, months=rest)


def _planned(c: Candidate) -> dt.date | None:
    if isinstance(c.expected, Period):
        return c.expected.latest()
    return c.expected


def check_age(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """REQUIRED_FIELD (birth date), DATE_PARTIAL, AGE_MIN, AGE_MAX, AGE_OVER60 — on the cell's vote date."""
    if c.dob is None:
        yield emit("REQUIRED_FIELD", "dob", None, case="dob")
        return
    vote, pending = c.cell_vote_date, c.cell_vote_date is None
    on = vote or ctx.as_of
    youngest = c.dob.latest() if isinstance(c.dob, PartialDate) else c.dob
    oldest = c.dob.earliest() if isinstance(c.dob, PartialDate) else c.dob
    if isinstance(c.dob, PartialDate):
        yield emit("DATE_PARTIAL", "dob", None, value=str(c.dob))
    min_months = ctx.settings.param("AGE_MIN", "min_months")
    max_months = ctx.settings.param("AGE_MAX", "max_months")
    months = completed_months(youngest, on)
    adult_on = add_months(youngest, min_months)
    planned = _planned(c)
    if months < min_months and not pending:
        review = _same_month(on, adult_on)
        yield emit("AGE_MIN", "dob", on, severity=Severity.WARNING if review else None,
                   note=_text("birth_month") if review else "",
                   day=format_date(on), age=_age(months), birthday=format_date(adult_on))
    elif months < min_months and planned and planned < adult_on:
        yield emit("AGE_MIN", "expected", planned, severity=Severity.WARNING, day=format_date(planned),
                   age=_age(completed_months(youngest, planned)), birthday=format_date(adult_on))
    oldest_months = completed_months(oldest, on)
    whole_months = (on.year - oldest.year) * 12 + on.month - oldest.month
    consent = c.over60_consent_date
    if consent and (oldest_months > max_months or whole_months > max_months):
        if c.decision_date and consent > c.decision_date:
            yield emit("AGE_OVER60", "over60_consent_date", c.decision_date, severity=Severity.ERROR, case="late",
                       consent=format_date(consent), decision=format_date(c.decision_date))
        else:
            yield emit("AGE_OVER60", "over60_consent_date", on, case="consented", consent=format_date(consent))
    elif oldest_months > max_months and pending:
        yield emit("AGE_OVER60", "dob", on, severity=Severity.WARNING, pending=True)  # the consent is a step still to come
    elif oldest_months > max_months:
        yield emit("AGE_MAX", "dob", on, day=format_date(on), age=_age(oldest_months))
    elif whole_months > max_months:
        by_day, by_month = _age(oldest_months), _age(whole_months)
        vi, en = catalogue.texts()["age_whole_months"]
        yield emit("AGE_MAX", "dob", on, severity=Severity.WARNING, pending=pending, note=_text("birth_month"),
                   day=format_date(on), age=(vi.format(age=by_day[0], whole=by_month[0]),
                                             en.format(age=by_day[1], whole=by_month[1])))
    elif pending and planned and completed_months(oldest, planned) > max_months:
        yield emit("AGE_OVER60", "expected", planned, severity=Severity.WARNING)


def check_plausible_age(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """AGE_IMPLAUSIBLE: an age on the reference date no candidate can have (a mistyped birth year)."""
    if c.dob is None:
        return
    youngest = c.dob.latest() if isinstance(c.dob, PartialDate) else c.dob
    oldest = c.dob.earliest() if isinstance(c.dob, PartialDate) else c.dob
    low, high = (ctx.settings.param("AGE_IMPLAUSIBLE", key) for key in ("min_years", "max_years"))
    young = max(completed_months(youngest, ctx.as_of) // 12, 0)  # born after the reference date: 0
    old = completed_months(oldest, ctx.as_of) // 12
    if young < low or old > high:
        yield emit("AGE_IMPLAUSIBLE", "dob", None, dob=format_date(c.dob), day=format_date(ctx.as_of),
                   age=young if young < low else old, min_years=low, max_years=high)


def check_education(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """EDU_MIN and EDU_EXC: lower-secondary or higher; primary with the remote-area exception."""
    on = c.cell_vote_date or ctx.as_of
    pending = c.cell_vote_date is None
    if c.education is None:
        if not c.education_text:
            yield emit("EDU_MIN", "education", on, severity=Severity.WARNING, case="missing")
        return
    if c.edu_exception:
        if c.education < Education.PRIMARY:
            yield emit("EDU_EXC", "education", on, pending=pending, education=c.education_text)
        elif c.education < Education.LOWER_SECONDARY:
            yield emit("EDU_EXC", "edu_exception", on, severity=Severity.INFO, case="applied")
        return
    if c.education < Education.LOWER_SECONDARY:
        yield emit("EDU_MIN", "education", on, pending=pending, education=c.education_text)
    elif (c.education == Education.LOWER_SECONDARY and "hoan thanh" in fold(c.education_text)
          and on <= (until := ctx.settings.param("EDU_MIN", "diploma_until"))):
        yield emit("EDU_MIN", "education", on, severity=Severity.WARNING, case="diploma", education=c.education_text,
                   completion_from=format_date(until + dt.timedelta(days=1)))


def check_courses(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """COURSE_NT_REQ, COURSE_NT_VALID (on the vote date) and COURSE_DVM (before recognition)."""
    vote = c.cell_vote_date
    valid = ctx.settings.param("COURSE_NT_VALID", "valid_months")
    if c.course_date is None:
        if vote:
            yield emit("COURSE_NT_REQ", "course_date", vote, vote=format_date(vote))
    else:
        expiry = add_months(c.course_date, valid)
        if vote and c.course_date > vote:
            yield emit("COURSE_NT_REQ", "course_date", vote, case="after", course=format_date(c.course_date),
                       vote=format_date(vote))
        elif vote and vote > expiry:
            yield emit("COURSE_NT_VALID", "course_date", vote, course=format_date(c.course_date),
                       expiry=format_date(expiry), months=valid, vote=format_date(vote))
        elif not vote and ctx.as_of > expiry:
            yield emit("COURSE_NT_VALID", "course_date", ctx.as_of, pending=True, case="expired",
                       course=format_date(c.course_date), expiry=format_date(expiry))
        elif not vote and (planned := _planned(c)) and planned > expiry:
            yield emit("COURSE_NT_VALID", "course_date", ctx.as_of, severity=Severity.WARNING, pending=True,
                       case="before_plan", expiry=format_date(expiry), planned=format_date(c.expected))
    if c.ceremony_date and c.recognition_vote_date:
        if c.new_member_course_date is None:
            yield emit("COURSE_DVM", "new_member_course_date", c.recognition_vote_date)
        elif c.new_member_course_date > c.recognition_vote_date:
            yield emit("COURSE_DVM", "new_member_course_date", c.recognition_vote_date, case="after",
                       course=format_date(c.new_member_course_date))
    elif c.ceremony_date and c.new_member_course_date is None:
        end = probation_end(c, ctx.settings)
        if end and ctx.as_of >= add_months(end, -ctx.settings.param("COURSE_DVM", "warn_months")):
            yield emit("COURSE_DVM", "new_member_course_date", ctx.as_of, severity=Severity.WARNING, case="soon",
                       end=format_date(end))


def is_youth(c: Candidate, settings: Settings, on: dt.date) -> bool:
    """YOUTH_DV: of Youth Union age on `on` (an unknown birth date is not)."""
    if c.dob is None:
        return False
    youngest = c.dob.latest() if isinstance(c.dob, PartialDate) else c.dob
    return completed_months(youngest, on) < (settings.param("YOUTH_DV", "youth_max_years") + 1) * 12


def _left_before(member: Member, day: dt.date) -> bool:
    """The member had left the cell by `day` (a status without a date counts as gone)."""
    return member.left <= day if member.left else member.gone


def _left_text(member: Member) -> tuple[str, str]:
    return _pair("left_on", day=format_date(member.left)) if member.left else (member.status, member.status)


def _introducers_enough(c: Candidate, ctx: Context, gone: int) -> bool:
    """INTRO_N: two official members, or one and the Youth Union / trade-union resolution (Điều lệ Đ4.1),
    counting the replacement and not the introducers who left."""
    count = len(c.introducers) - gone + (1 if c.introducer_replacement else 0)
    needed = ctx.settings.param("INTRO_N", "members")
    return count >= needed or (count == needed - 1 and c.union_intro_date is not None)


def check_introducers(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """INTRO_N, INTRO_OFFICIAL, INTRO_12M, INTRO_REPL, INTRO_UNKNOWN, YOUTH_DV, CD_CASE.

    An introducer who left the cell before the vote no longer counts (QĐ §3.2.2): the one the
    cell assigned instead (`Người giới thiệu thay thế`) does, without the 12 months.
    """
    vote, pending = c.cell_vote_date, c.cell_vote_date is None
    on = vote or ctx.as_of
    youth = ctx.settings.has_youth_union and is_youth(c, ctx.settings, on)
    if youth and not c.youth_member:
        yield emit("YOUTH_DV", "youth_member", on, pending=pending)
    keys = ("introducer_1", "introducer_2", "introducer_replacement", "helper")
    named = [(key, getattr(c, key)) for key in keys if getattr(c, key)]
    if named and not ctx.members_present:
        yield emit("INTRO_UNKNOWN", named[0][0], None, case="no_sheet")
        named = []
    months_needed = ctx.settings.param("INTRO_12M", "months")
    left: list[tuple[str, tuple[str, str]]] = []  # (name, how) of introducers gone before the vote
    for key, name in named:
        member = ctx.member(name)
        if member is None:
            yield emit("INTRO_UNKNOWN", key, None, member=name, field=LABELS[key])
            continue
        if key == "helper":
            continue
        if key != "introducer_replacement" and _left_before(member, on):
            left.append((name, _left_text(member)))
            continue
        if not member.is_official_on(on):
            since = _pair("official_since", day=format_date(member.official)) if member.official else _pair("not_official")
            since = (f" {since[0]}", f" {since[1]}")
            yield emit("INTRO_OFFICIAL", key, on, severity=None if vote else Severity.WARNING, pending=pending,
                       introducer=name, day=format_date(on), since=since)
        if key != "introducer_replacement":  # QĐ §3.2.2: the replacement needs no 12 months
            yield from _check_time_together(c, ctx, emit, key, name, member, on, months_needed)
    replacement = c.introducer_replacement
    count = len(c.introducers) - len(left) + (1 if replacement else 0)
    enough = _introducers_enough(c, ctx, len(left))
    if replacement and left:
        name, how = left.pop(0)
        yield emit("INTRO_REPL", "introducer_replacement", on, introducer=name, left=how, replacement=replacement)
    union = c.union_intro_date is not None
    if left and not enough:  # one who left is needed: the cell must assign a replacement (QĐ §3.2.2)
        name, how = left[0]
        yield emit("INTRO_N", "introducer_replacement", on, case="left", severity=None if vote else Severity.WARNING,
                   pending=pending, introducer=name, left=how, day=format_date(on), count=count)
    elif vote and youth and not union:
        yield emit("INTRO_N", "union_intro_date", vote, case="youth")
    elif vote and not enough:
        yield emit("INTRO_N", "introducer_1", vote, count=count, union=_pair("with_union") if union else ("", ""))
    if vote and union and count == 1 and not ctx.settings.has_youth_union:
        yield emit("CD_CASE", "union_intro_date", vote)


def _check_time_together(c: Candidate, ctx: Context, emit: Emit, key: str, name: str, member: Member,
                         on: dt.date, months_needed: int) -> Iterator[Finding | None]:
    """INTRO_12M: the overlap of the candidate's time in the unit and the member's time in the cell."""
    member_since = member.arrived or member.admitted
    if c.unit_since is None or member_since is None:
        missing = _pair("candidate_unit_since") if c.unit_since is None else _pair("member_arrived", name=name)
        yield emit("INTRO_12M", "unit_since" if c.unit_since is None else key, on, severity=Severity.WARNING,
                   case="missing", missing=missing, months=months_needed)
        return
    start = max(c.unit_since, member_since)
    enough_on = add_months(start, months_needed)
    if enough_on <= on:
        return
    if c.cell_vote_date:
        yield emit("INTRO_12M", key, on, introducer=name, start=format_date(start), day=format_date(on),
                   months=months_needed, enough=format_date(enough_on))
    elif (planned := _planned(c)) and planned < enough_on:
        yield emit("INTRO_12M", key, ctx.as_of, severity=Severity.WARNING, pending=True, case="before_plan",
                   introducer=name, enough=format_date(enough_on), months=months_needed, planned=format_date(c.expected))


def check_dossier(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """APPLY_FIRST and DOSSIER_12M."""
    if c.application_date and c.cv_date and c.cv_date < c.application_date:
        yield emit("APPLY_FIRST", "cv_date", c.cv_date, cv=format_date(c.cv_date), application=format_date(c.application_date))
    months = ctx.settings.param("DOSSIER_12M", "months")
    on = c.cell_vote_date or ctx.as_of
    papers = [(getattr(c, key), key) for key in ("union_intro_date", "opinions_date", "cv_date") if getattr(c, key)]
    stale = [(d, key) for d, key in papers if add_months(d, months) < on]
    if stale and not (c.cell_vote_date is None and c.decision_date):
        oldest, key = min(stale)
        yield emit("DOSSIER_12M", key, on, case="" if c.cell_vote_date else "pending", field=LABELS[key],
                   date=format_date(oldest), months=months, day=format_date(on))


# The register columns of each vote: votes in favour, recorded total, present, exempted absent, failures.
_VOTE_COLUMNS = {
    Vote.ADMISSION: ("cell_vote_yes", "cell_vote_total", "cell_vote_present", "cell_vote_exempt_absent", "cell_vote_failures"),
    Vote.COMMITTEE: ("committee_vote_yes", "committee_members", None, None, None),
    Vote.RECOGNITION: ("recognition_vote_yes", "recognition_vote_total", "recognition_vote_present",
                       "recognition_vote_exempt_absent", "recognition_vote_failures"),
}


def _exempt_absences_needed(t: Tally) -> int:
    """The fewest exempted members absent for which the vote reaches the threshold."""
    assert t.base is not None and t.yes is not None
    return next(k for k in range(t.base + 1) if t.yes >= t.needed(t.base - k))


def check_votes(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """VOTE_CELL, VOTE_DU and VOTE_RECOG on their VOTE_DENOM base; VOTE_QUORUM; VOTE_3FAIL."""
    for t in tallies(c, ctx.roll, ctx.settings):
        rule_id, day = t.vote.value, format_date(t.day)
        yes_col, total_col, present_col, absent_col, failures_col = _VOTE_COLUMNS[t.vote]
        recorded = getattr(c, total_col)
        if t.vote is not Vote.COMMITTEE and recorded is not None and ctx.roll:
            derived = ctx.official_members_on(t.day)
            if derived != recorded:
                yield emit("VOTE_DENOM", total_col, t.day, case="mismatch", recorded=recorded, derived=derived, day=day)
        outcome = t.outcome
        if t.yes is None:
            yield emit(rule_id, yes_col, t.day, severity=Severity.WARNING, case="missing", day=day)
        elif not t.base:
            if t.vote is not Vote.COMMITTEE:
                yield emit("VOTE_DENOM", total_col, t.day, day=day)
        elif outcome is Outcome.OVER:
            yield emit(rule_id, yes_col, t.day, case="over", yes=t.yes, base=t.base)
        elif outcome is Outcome.FAILED:
            lowest = t.lowest_base if t.lowest_base is not None else t.base
            third = t.failures >= ctx.settings.param("VOTE_3FAIL", "attempts")
            yield emit(rule_id, yes_col, t.day, case="third" if third else "", day=day, yes=t.yes, base=lowest,
                       needed=t.needed(lowest), failures=t.failures)
            if third:
                yield emit("VOTE_3FAIL", failures_col or yes_col, t.day, case=t.vote.name.lower(), failures=t.failures)
        elif outcome is Outcome.UNSURE:
            absent = _exempt_absences_needed(t)
            yield emit("VOTE_DENOM", absent_col or yes_col, t.day, case="attendance", day=day, yes=t.yes,
                       absent=absent, needed=t.needed(t.base - absent), lowest=t.base - absent, base=t.base)
        if present_col and t.present is not None and t.lowest_base:
            num, den = ctx.settings.param("VOTE_QUORUM", "share")
            needed = -(-t.lowest_base * num // den)
            if t.present < needed:
                yield emit("VOTE_QUORUM", present_col, t.day, day=day, present=t.present, base=t.lowest_base, needed=needed)


def _lateness(calendar: WorkCalendar, due: dt.date, day: dt.date) -> tuple[str, str]:
    """How late `day` is after `due`, in working days (in days when only days off have passed)."""
    working = calendar.working_days_between(due, day)
    vi, en = catalogue.texts()["late_working_days" if working else "late_days_off"]
    n = working or (day - due).days
    return vi.format(n=n), en.format(n=n)


def check_deadlines(c: Candidate, ctx: Context, emit: Emit, halted: bool = False) -> Iterator[Finding | None]:
    """DEC_60WD, CEREMONY_30WD, RECOG_CELL_30WD, RECOG_DEC_30WD: late, overdue, or due soon (none after a halt)."""
    lead = ctx.settings.param("DEADLINE_SOON", "lead_working_days")
    missed: list[tuple[str, str, str]] = []  # (column, step vi, step en) of deadlines missed beyond any extension
    column_of = {"DEC_60WD": "decision_date", "CEREMONY_30WD": "ceremony_date",
                 "RECOG_CELL_30WD": "recognition_vote_date", "RECOG_DEC_30WD": "recognition_date"}
    for d in legal_deadlines(c, ctx.settings, ctx.calendar, halted):
        if d.rule not in column_of:
            continue
        column = column_of[d.rule]
        met_on = d.done or ctx.as_of
        late = met_on > d.due  # DESIGN §3: the deadline is the N-th working day; any later day is late
        late_vi, late_en = _lateness(ctx.calendar, d.due, met_on) if late else ("", "")
        within_extension = d.extension_due is not None and met_on <= d.extension_due
        if late and not within_extension:
            missed.append((column, d.step, d.step_en))
        fields = {"step": (d.step, d.step_en), "step_lower": (d.step.lower(), d.step_en), "due": format_date(d.due),
                  "late": (late_vi, late_en), "extension": d.extension_days}
        if d.done and late:
            yield emit(d.rule, column, d.done, severity=Severity.WARNING if within_extension else None,
                       case="extended" if within_extension else "", done=format_date(d.done), **fields)
        elif d.done is None and late:
            yield emit(d.rule, column, ctx.as_of, severity=Severity.WARNING if within_extension else None,
                       case="overdue_extended" if within_extension else "overdue", day=format_date(ctx.as_of), **fields)
        elif d.done is None:
            left = ctx.calendar.working_days_between(ctx.as_of, d.due)
            if left <= lead:
                yield emit("DEADLINE_SOON", column, ctx.as_of, step=(d.step, d.step_en), deadline=format_date(d.due), left=left, rule=d.rule)
    if missed:  # LATE (QĐ §4.2, §4.3.1): once per person, naming every missed step
        yield emit("LATE", missed[0][0], ctx.as_of, steps=("; ".join(vi.lower() for _, vi, _ in missed),
                                                            "; ".join(en for _, _, en in missed)))


def check_membership_dates(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """RECOG_DATE and PARTY_AGE: the dates the register implies, and `Đảng viên`'s own, must agree."""
    end = probation_end(c, ctx.settings)
    if end and c.recognition_date and c.recognition_date < end:
        yield emit("RECOG_DATE", "recognition_date", c.recognition_date, severity=Severity.ERROR, case="early",
                   decision=format_date(c.recognition_date), ceremony=format_date(c.ceremony_date), date=format_date(end))
    member = ctx.member(c.name) if ctx.members_present else None
    if member is None:
        return
    if c.decision_date and member.admitted and member.admitted != c.decision_date:
        yield emit("PARTY_AGE", "decision_date", c.decision_date, date=format_date(c.decision_date),
                   recorded=format_date(member.admitted))
    if end and c.recognition_date and member.official and member.official != end:
        yield emit("RECOG_DATE", "recognition_date", end, date=format_date(end), recorded=format_date(member.official))


# Milestones that must come in this order: (earlier, later).
_ORDER = (
    ("application_date", "cell_vote_date"), ("cv_date", "verification_date"), ("verification_date", "cell_vote_date"),
    ("cv_date", "cell_vote_date"), ("union_intro_date", "cell_vote_date"), ("opinions_date", "cell_vote_date"),
    ("cell_vote_date", "committee_date"), ("committee_date", "decision_date"), ("cell_vote_date", "decision_date"),
    ("decision_date", "decision_received_date"), ("decision_date", "ceremony_date"), ("decision_received_date", "ceremony_date"),
    ("ceremony_date", "recognition_vote_date"), ("recognition_vote_date", "recognition_date"),
)
_MILESTONES = (
    "unit_since", "source_date", "course_date", "application_date", "cv_date", "verification_date", "union_intro_date",
    "opinions_date", "cell_vote_date", "committee_date", "decision_date", "decision_received_date", "ceremony_date",
    "new_member_course_date", "recognition_vote_date", "recognition_date",
)


def check_dates(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding | None]:
    """DATE_ORDER (including birth first and recognition after probation), DATE_FUTURE and EXPECTED_PAST."""
    reported: set[str] = set()
    for earlier, later in _ORDER:
        a, b = getattr(c, earlier), getattr(c, later)
        if a and b and b < a and later not in reported:
            reported.add(later)
            yield emit("DATE_ORDER", later, b, later=LABELS[later], later_date=format_date(b),
                       earlier=LABELS[earlier], earlier_date=format_date(a))
    born = c.dob.earliest() if isinstance(c.dob, PartialDate) else c.dob
    for key in _MILESTONES:
        day = getattr(c, key)
        if born and day and day <= born and key not in reported:
            reported.add(key)
            yield emit("DATE_ORDER", key, day, later=LABELS[key], later_date=format_date(day),
                       earlier=LABELS["dob"], earlier_date=format_date(c.dob))
    end = probation_end(c, ctx.settings)
    if end and c.recognition_vote_date and c.recognition_vote_date < end and "recognition_vote_date" not in reported:
        yield emit("DATE_ORDER", "recognition_vote_date", c.recognition_vote_date,
                   later=LABELS["recognition_vote_date"], later_date=format_date(c.recognition_vote_date),
                   earlier=_pair("end_of_probation"), earlier_date=format_date(end))
    for key in _MILESTONES:
        day = getattr(c, key)
        if day and day > ctx.as_of:
            yield emit("DATE_FUTURE", key, day, field=LABELS[key], date=format_date(day), day=format_date(ctx.as_of))
    expected_end = c.expected.latest() if isinstance(c.expected, Period) else c.expected
    if expected_end and expected_end < ctx.as_of and not (c.decision_date or c.ceremony_date):
        yield emit("EXPECTED_PAST", "expected", None, expected=format_date(c.expected), day=format_date(ctx.as_of))


CANDIDATE_CHECKS = (check_age, check_plausible_age, check_education, check_courses, check_introducers, check_dossier, check_votes,
                    check_membership_dates)


@dataclass(frozen=True)
class Assessment:
    """Everything the rules say about one register row."""

    findings: tuple[Finding, ...]
    halt: Halt | None  # the error that stops the dossier, with its remedy
    window: VoteWindow  # when the cell may legally vote on admission


_VOTE_RULES = frozenset(v.value for v in Vote)


def _halt(c: Candidate, found: Iterable[Finding]) -> Halt | None:
    """The error that stops `c`'s dossier at its stage (a failed vote first), from the catalogue's `blocks`."""
    stage = stage_of(c)
    halting = [f for f in found if f.severity is Severity.ERROR and f.remedy
               and (phase := catalogue.rule(f.rule).blocks) and Phase(phase).covers(stage)]
    if not halting:
        return None
    first = min(halting, key=lambda f: f.rule not in _VOTE_RULES)
    return Halt(first.rule, first.remedy, first.message)


def vote_window(c: Candidate, ctx: Context) -> VoteWindow:
    """The legal days for the cell's admission vote: AGE_MIN, INTRO_12M, INTRO_OFFICIAL (from),
    COURSE_NT_VALID (until); AGE_OVER60; none known yet while an introducer is missing (INTRO_N) or
    awaits recognition (INTRO_OFFICIAL)."""
    starts: list[tuple[dt.date, str]] = []
    youngest = c.dob.latest() if isinstance(c.dob, PartialDate) else c.dob
    oldest = c.dob.earliest() if isinstance(c.dob, PartialDate) else c.dob
    if youngest:
        adult = add_months(youngest, ctx.settings.param("AGE_MIN", "min_months"))
        starts.append((adult, _text("adult_on").format(day=format_date(adult))))
    months = ctx.settings.param("INTRO_12M", "months")
    unknown: list[tuple[str, str, str]] = []  # (rule, why, remedy): no legal day can be known yet
    left: list[Member] = []
    for name in (*c.introducers, c.introducer_replacement):
        member = ctx.member(name) if name and ctx.members_present else None
        if member is None:
            continue
        replacement = name == c.introducer_replacement
        if not replacement and _left_before(member, ctx.as_of):
            left.append(member)
            continue
        if member.official is None:  # INTRO_OFFICIAL: recognition still pending, its date unknown
            unknown.append(("INTRO_OFFICIAL", _text("official_pending").format(name=name),
                            _text("remedy_official_pending").format(name=name)))
        elif member.official > ctx.as_of:
            starts.append((member.official, _text("official_on").format(name=name, day=format_date(member.official))))
        since = member.arrived or member.admitted
        if since and c.unit_since and not replacement:  # QĐ §3.2.2: the replacement needs no 12 months
            together = add_months(max(c.unit_since, since), months)
            starts.append((together, _text("together_on").format(name=name, months=months, day=format_date(together))))
    if left and not _introducers_enough(c, ctx, len(left)):  # INTRO_N: the vote waits for a replacement
        how = _left_text(left[0])[0]
        unknown.insert(0, ("INTRO_N", _text("introducer_missing").format(name=left[0].name, left=how),
                           _text("remedy_introducer_missing").format(name=left[0].name, left=how)))
    earliest, earliest_why = max(starts, default=(None, ""))
    latest, latest_why = None, ""
    if c.course_date:
        latest = add_months(c.course_date, ctx.settings.param("COURSE_NT_VALID", "valid_months"))
        latest_why = _text("certificate_until").format(day=format_date(latest))
    on = c.cell_vote_date or _planned(c) or ctx.as_of
    over_60 = bool(oldest and completed_months(oldest, max(on, ctx.as_of)) > ctx.settings.param("AGE_MAX", "max_months"))
    unknown_rule, unknown_why, unknown_remedy = unknown[0] if unknown else ("", "", "")
    return VoteWindow(earliest, earliest_why, latest, latest_why, needs_consent=over_60,
                      unknown=unknown_why, unknown_rule=unknown_rule, unknown_remedy=unknown_remedy)


def assess(c: Candidate, ctx: Context) -> Assessment:
    """Every rule for one register row; a halted dossier's deadlines stop where it stands."""
    emit = _emitter(c, ctx)
    found = [f for check in CANDIDATE_CHECKS for f in check(c, ctx, emit) if f is not None]
    if ctx.fields is not None:  # a rule resting on an absent column is unknown: it neither fires nor halts
        found = coverage.applicable(found, (c,), ctx.fields, ctx.sheet)
    halt = _halt(c, found)
    found.extend(f for f in check_deadlines(c, ctx, emit, halted=halt is not None) if f is not None)
    found.extend(f for f in check_dates(c, ctx, emit) if f is not None)
    return Assessment(tuple(found), halt, vote_window(c, ctx))


def check_candidate(c: Candidate, ctx: Context) -> list[Finding]:
    """Every rule for one register row."""
    return list(assess(c, ctx).findings)


def check_duplicates(candidates: Iterable[Candidate], ctx: Context) -> Iterator[Finding | None]:
    """DUPLICATE: same name and birth date as an earlier row."""
    seen: dict[tuple[str, str], int] = {}
    for c in candidates:
        if c.dob is None:
            continue
        key = (person_key(c.name), str(c.dob))
        if key in seen:
            yield _emitter(c, ctx)("DUPLICATE", "name", None, other_row=seen[key])
        else:
            seen[key] = c.row


def assess_register(candidates: Iterable[Candidate], ctx: Context) -> tuple[list[Finding], dict[int, Assessment]]:
    """All findings for the register, row by row, then the cross-row checks; each row's assessment by row."""
    candidates = list(candidates)
    by_row = {c.row: assess(c, ctx) for c in candidates}
    found = [f for c in candidates for f in by_row[c.row].findings]
    found.extend(f for f in check_duplicates(candidates, ctx) if f is not None)
    return found, by_row


def check_register(candidates: Iterable[Candidate], ctx: Context) -> list[Finding]:
    """All findings for the register, row by row, then the cross-row checks."""
    return assess_register(candidates, ctx)[0]
