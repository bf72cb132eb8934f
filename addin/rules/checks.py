"""The Party's admission rules and the register's data-quality checks, applied to every record.

Each check is evaluated on the date its rule names (e.g. age on the cell's vote date); where
that event has not happened yet, on the reference date, and the message says so. Findings
are collected all at once, never stopping at the first.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from . import catalogue
from .calendar import WorkCalendar, add_months, completed_months
from .findings import Finding, Severity
from .records import LABELS, Candidate, Member, person_key
from .settings import Settings
from .stages import legal_deadlines, probation_end
from .text import fold
from .values import Education, PartialDate, format_date

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
    _by_name: dict[str, Member] = field(default_factory=dict)
    _official_on: dict[dt.date, int] = field(default_factory=dict)  # many votes share a meeting date

    def __post_init__(self) -> None:
        self._by_name = {person_key(m.name): m for m in self.members}

    def member(self, name: str) -> Member | None:
        return self._by_name.get(person_key(name))

    def official_members_on(self, day: dt.date) -> int:
        """VOTE_DENOM: official members on `day`, here and not attached elsewhere."""
        if day not in self._official_on:
            count_exempt = self.settings.param("VOTE_DENOM", "count_exempt")
            self._official_on[day] = sum(
                1 for m in self.members
                if m.is_official_on(day) and m.is_here_on(day) and not m.attached_elsewhere and (count_exempt or not m.exempt)
            )
        return self._official_on[day]


Emit = Callable[..., Finding]


def _emitter(c: Candidate, ctx: Context) -> Emit:
    def emit(rule_id: str, column: str | None, on: dt.date | None, /, *, severity: Severity | None = None,
             pending: bool = False, note: str = "", **fields) -> Finding:
        if pending:
            note = f"{note} (Tính đến ngày {format_date(ctx.as_of)}; chi bộ chưa họp xét.)".strip()
        return catalogue.finding(rule_id, sheet=ctx.sheet, row=c.row, column=column, person=c.name, on=on,
                                 severity=severity or ctx.settings.severity(rule_id), note=note, **fields)
    return emit


# party-rules.md §2 [C]: some committees count whole months and ignore the day, so a vote held in
# the month of the 18th (or, after it, of the 60th) birthday is flagged for review, not rejected.
_BIRTH_MONTH_NOTE = ("Tính theo ngày và tính theo tháng (không xét ngày sinh) cho kết quả khác nhau: "
                     "cần đối chiếu cách tính của cấp ủy cấp trên trước khi xét.")


def _same_month(a: dt.date, b: dt.date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def _age(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng"


def _planned(c: Candidate) -> dt.date | None:
    if isinstance(c.expected, PartialDate):
        return c.expected.latest()
    return c.expected


def check_age(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """REQUIRED_FIELD (birth date), DATE_PARTIAL, AGE_MIN, AGE_MAX, AGE_OVER60 — on the cell's vote date."""
    if c.dob is None:
        yield emit("REQUIRED_FIELD", "dob", None, field=("Ngày sinh", "birth date"), why=("tuổi", "the age"))
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
                   note=_BIRTH_MONTH_NOTE if review else "",
                   day=format_date(on), age=_age(months), birthday=format_date(adult_on))
    elif months < min_months and planned and planned < adult_on:
        yield emit("AGE_MIN", "expected", planned, severity=Severity.WARNING, day=format_date(planned),
                   age=_age(completed_months(youngest, planned)), birthday=format_date(adult_on))
    oldest_months = completed_months(oldest, on)
    whole_months = (on.year - oldest.year) * 12 + on.month - oldest.month
    if oldest_months > max_months:
        yield emit("AGE_MAX", "dob", on, pending=pending, day=format_date(on), age=_age(oldest_months))
        yield emit("AGE_OVER60", "dob", on)
    elif whole_months > max_months:
        yield emit("AGE_MAX", "dob", on, severity=Severity.WARNING, pending=pending, note=_BIRTH_MONTH_NOTE,
                   day=format_date(on), age=f"{_age(oldest_months)} (tính theo tháng, không xét ngày: {_age(whole_months)})")
    elif pending and planned and completed_months(oldest, planned) > max_months:
        yield emit("AGE_MAX", "expected", planned, severity=Severity.WARNING, day=format_date(planned),
                   age=_age(completed_months(oldest, planned)))
        yield emit("AGE_OVER60", "dob", planned)


def check_plausible_age(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
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


def check_education(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """EDU_MIN and EDU_EXC: lower-secondary or higher; primary with the remote-area exception."""
    on = c.cell_vote_date or ctx.as_of
    pending = c.cell_vote_date is None
    if c.education is None:
        if not c.education_text:
            yield emit("EDU_MIN", "education", on, severity=Severity.WARNING,
                       detail=("Chưa ghi trình độ học vấn.", "Education is not recorded."))
        return
    if c.edu_exception:
        if c.education < Education.PRIMARY:
            yield emit("EDU_EXC", "education", on, pending=pending,
                       detail=(f"Trình độ '{c.education_text}' chưa hoàn thành tiểu học, dưới mức tối thiểu của ngoại lệ.",
                               f"'{c.education_text}' is below completed primary school, the exception's minimum."))
        elif c.education < Education.LOWER_SECONDARY:
            yield emit("EDU_EXC", "edu_exception", on, severity=Severity.INFO,
                       detail=("Áp dụng ngoại lệ học vấn: chỉ cho vùng núi, biên giới, hải đảo, dân tộc thiểu số, vùng đặc biệt khó khăn, ngư dân; già làng, người có uy tín do BTV tỉnh ủy quyết định.",
                               "Education exception applied: only for remote, border, island, ethnic-minority areas and fishermen."))
        return
    if c.education < Education.LOWER_SECONDARY:
        yield emit("EDU_MIN", "education", on, pending=pending,
                   detail=(f"Trình độ '{c.education_text}' dưới trung học cơ sở (cần THCS trở lên, hoặc ghi 'Có' ở cột Ngoại lệ học vấn nếu thuộc vùng được ngoại lệ).",
                           f"'{c.education_text}' is below lower secondary."))
    elif (c.education == Education.LOWER_SECONDARY and "hoan thanh" in fold(c.education_text)
          and on <= ctx.settings.param("EDU_MIN", "diploma_until")):
        yield emit("EDU_MIN", "education", on, severity=Severity.WARNING,
                   detail=(f"Trước 01/01/2026 cần bằng tốt nghiệp THCS; '{c.education_text}' chỉ được chấp nhận từ năm 2026.",
                           "Before 2026 the THCS diploma is required; completion alone counts from 2026."))


def check_courses(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """COURSE_NT_REQ, COURSE_NT_VALID (on the vote date) and COURSE_DVM (before recognition)."""
    vote = c.cell_vote_date
    valid = ctx.settings.param("COURSE_NT_VALID", "valid_months")
    if c.course_date is None:
        if vote:
            yield emit("COURSE_NT_REQ", "course_date", vote,
                       detail=(f"Chi bộ đã xét ngày {format_date(vote)} nhưng chưa có ngày cấp GCN lớp bồi dưỡng nhận thức về Đảng.",
                               f"The cell voted on {format_date(vote)} without an awareness course certificate."))
    else:
        expiry = add_months(c.course_date, valid)
        if vote and c.course_date > vote:
            yield emit("COURSE_NT_REQ", "course_date", vote,
                       detail=(f"GCN cấp ngày {format_date(c.course_date)}, sau ngày chi bộ xét {format_date(vote)}.",
                               f"Certificate dated {format_date(c.course_date)}, after the vote on {format_date(vote)}."))
        elif vote and vote > expiry:
            yield emit("COURSE_NT_VALID", "course_date", vote,
                       detail=(f"GCN cấp ngày {format_date(c.course_date)} hết giá trị ngày {format_date(expiry)} ({valid} tháng); chi bộ xét ngày {format_date(vote)} là không hợp lệ.",
                               f"Certificate of {format_date(c.course_date)} expired on {format_date(expiry)}; the vote on {format_date(vote)} is invalid."))
        elif not vote and ctx.as_of > expiry:
            yield emit("COURSE_NT_VALID", "course_date", ctx.as_of, pending=True,
                       detail=(f"GCN cấp ngày {format_date(c.course_date)} đã hết giá trị ngày {format_date(expiry)}: phải học lại trước khi chi bộ xét.",
                               f"Certificate expired on {format_date(expiry)}: retake the course before the vote."))
        elif not vote and (planned := _planned(c)) and planned > expiry:
            yield emit("COURSE_NT_VALID", "course_date", ctx.as_of, severity=Severity.WARNING, pending=True,
                       detail=(f"GCN hết giá trị ngày {format_date(expiry)}, trước thời gian dự kiến kết nạp {format_date(c.expected)}.",
                               f"Certificate expires on {format_date(expiry)}, before the planned admission."))
    if c.ceremony_date and c.recognition_vote_date:
        if c.new_member_course_date is None:
            yield emit("COURSE_DVM", "new_member_course_date", c.recognition_vote_date,
                       detail=("Đã xét chuyển chính thức nhưng chưa có GCN lớp bồi dưỡng đảng viên mới.",
                               "Recognition voted without the new-member course certificate."))
        elif c.new_member_course_date > c.recognition_vote_date:
            yield emit("COURSE_DVM", "new_member_course_date", c.recognition_vote_date,
                       detail=(f"GCN lớp đảng viên mới cấp ngày {format_date(c.new_member_course_date)}, sau ngày xét chuyển chính thức.",
                               "New-member certificate dated after the recognition vote."))
    elif c.ceremony_date and c.new_member_course_date is None:
        end = probation_end(c, ctx.settings)
        if end and ctx.as_of >= add_months(end, -2):
            yield emit("COURSE_DVM", "new_member_course_date", ctx.as_of, severity=Severity.WARNING,
                       detail=(f"Hết dự bị ngày {format_date(end)} mà chưa học lớp bồi dưỡng đảng viên mới (cần GCN trước khi xét chuyển chính thức).",
                               f"Probation ends {format_date(end)} and the new-member course is not done."))


def _is_youth(c: Candidate, ctx: Context, on: dt.date) -> bool:
    if c.dob is None:
        return False
    youngest = c.dob.latest() if isinstance(c.dob, PartialDate) else c.dob
    return completed_months(youngest, on) < (ctx.settings.param("YOUTH_DV", "youth_max_years") + 1) * 12


def check_introducers(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """INTRO_N, INTRO_OFFICIAL, INTRO_12M, INTRO_REPL, INTRO_UNKNOWN, YOUTH_DV, CD_CASE."""
    vote, pending = c.cell_vote_date, c.cell_vote_date is None
    on = vote or ctx.as_of
    youth = ctx.settings.has_youth_union and _is_youth(c, ctx, on)
    if youth and not c.youth_member:
        yield emit("YOUTH_DV", "youth_member", on, pending=pending,
                   detail=("Trong độ tuổi thanh niên và đơn vị có tổ chức Đoàn nhưng chưa ghi là đoàn viên.",
                           "Of youth age where a Youth Union exists, but not recorded as a member."))
    named = [(key, getattr(c, key)) for key in ("introducer_1", "introducer_2", "helper") if getattr(c, key)]
    if named and not ctx.members_present:
        yield emit("INTRO_UNKNOWN", named[0][0], None,
                   detail=("Workbook không có sheet 'Đảng viên' nên không kiểm tra được người giới thiệu, người giúp đỡ.",
                           "No 'Đảng viên' sheet: introducers and helpers cannot be checked."))
        named = []
    months_needed = ctx.settings.param("INTRO_12M", "months")
    for key, name in named:
        member = ctx.member(name)
        if member is None:
            yield emit("INTRO_UNKNOWN", key, None,
                       detail=(f"'{name}' ({LABELS[key][0]}) không có trong sheet Đảng viên.", f"'{name}' is not in the member list."))
            continue
        if key == "helper":
            continue
        if member.left and member.left <= on:
            yield emit("INTRO_REPL", key, on, introducer=name, left=format_date(member.left))
            continue
        if not member.is_official_on(on):
            since = f" (chính thức từ {format_date(member.official)})" if member.official else " (chưa có ngày chính thức)"
            yield emit("INTRO_OFFICIAL", key, on, severity=None if vote else Severity.WARNING, pending=pending,
                       introducer=name, day=format_date(on), since=since)
        yield from _check_time_together(c, ctx, emit, key, name, member, on, months_needed)
    if vote:
        members_named = len(c.introducers)
        union = c.union_intro_date is not None
        if youth and not union:
            yield emit("INTRO_N", "union_intro_date", vote,
                       detail=("Người trong độ tuổi thanh niên phải được BCH Đoàn cơ sở giới thiệu (nghị quyết mẫu 4-KNĐ) cùng một đảng viên chính thức.",
                               "A youth-age candidate needs the Youth Union committee's resolution plus one official member."))
        elif members_named < 2 and not (members_named == 1 and union):
            yield emit("INTRO_N", "introducer_1", vote,
                       detail=(f"Có {members_named} đảng viên giới thiệu{' và NQ của Đoàn/Công đoàn' if union else ''}: cần 2 đảng viên chính thức, hoặc 1 đảng viên và nghị quyết giới thiệu của BCH Đoàn/Công đoàn cơ sở.",
                               f"{members_named} member introducer(s): two, or one plus the union resolution, are needed."))
        if union and members_named == 1 and not ctx.settings.has_youth_union:
            yield emit("CD_CASE", "union_intro_date", vote)


def _check_time_together(c: Candidate, ctx: Context, emit: Emit, key: str, name: str, member: Member,
                         on: dt.date, months_needed: int) -> Iterator[Finding]:
    """INTRO_12M: the overlap of the candidate's time in the unit and the member's time in the cell."""
    member_since = member.arrived or member.admitted
    if c.unit_since is None or member_since is None:
        missing = "Ngày về đơn vị của người vào Đảng" if c.unit_since is None else f"Ngày về chi bộ của {name}"
        yield emit("INTRO_12M", "unit_since" if c.unit_since is None else key, on, severity=Severity.WARNING,
                   detail=(f"Thiếu {missing}: không kiểm tra được thời gian cùng công tác 12 tháng.",
                           "Missing a start date: 12 months together cannot be checked."))
        return
    start = max(c.unit_since, member_since)
    enough_on = add_months(start, months_needed)
    if enough_on <= on:
        return
    if c.cell_vote_date:
        yield emit("INTRO_12M", key, on,
                   detail=(f"{name} cùng công tác với người vào Đảng từ {format_date(start)}, đến ngày chi bộ xét {format_date(on)} chưa đủ {months_needed} tháng (đủ ngày {format_date(enough_on)}).",
                           f"{name} worked with the candidate from {format_date(start)}: under {months_needed} months on the vote date."))
    elif (planned := _planned(c)) and planned < enough_on:
        yield emit("INTRO_12M", key, ctx.as_of, severity=Severity.WARNING, pending=True,
                   detail=(f"{name} đến ngày {format_date(enough_on)} mới đủ {months_needed} tháng cùng công tác, sau thời gian dự kiến kết nạp {format_date(c.expected)}.",
                           f"{name} reaches {months_needed} months together on {format_date(enough_on)}, after the planned admission."))


def check_dossier(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """APPLY_FIRST and DOSSIER_12M."""
    if c.application_date and c.cv_date and c.cv_date < c.application_date:
        yield emit("APPLY_FIRST", "cv_date", c.cv_date, cv=format_date(c.cv_date), application=format_date(c.application_date))
    months = ctx.settings.param("DOSSIER_12M", "months")
    on = c.cell_vote_date or ctx.as_of
    papers = [(getattr(c, key), key) for key in ("union_intro_date", "opinions_date", "cv_date") if getattr(c, key)]
    stale = [(d, key) for d, key in papers if add_months(d, months) < on]
    if stale and not (c.cell_vote_date is None and c.decision_date):
        oldest, key = min(stale)
        when = f"khi chi bộ xét ngày {format_date(on)}" if c.cell_vote_date else f"đến ngày {format_date(on)}"
        yield emit("DOSSIER_12M", key, on,
                   detail=(f"{LABELS[key][0]} ({format_date(oldest)}) đã quá {months} tháng {when}: phải làm lại giấy giới thiệu, nghị quyết giới thiệu của Đoàn/Công đoàn, bản tổng hợp nhận xét và bổ sung lý lịch.",
                           f"{LABELS[key][1]} ({format_date(oldest)}) is over {months} months old: redo the introductions, union resolution, opinion summary and update the CV."))


def _vote_check(rule_id: str, emit: Emit, column: str, day: dt.date, yes: int | None, total: int | None) -> Iterator[Finding]:
    if yes is None:
        yield emit(rule_id, column, day, severity=Severity.WARNING,
                   detail=(f"Chưa ghi số đảng viên tán thành trong lần xét ngày {format_date(day)}.", "The number of votes in favour is missing."))
    elif not total:
        yield emit("VOTE_DENOM", column, day,
                   detail=(f"Không tính được tổng số đảng viên chính thức ngày {format_date(day)} (cần sheet Đảng viên hoặc cột Tổng số đảng viên chính thức).",
                           "The number of official members cannot be determined."))
    elif yes > total:
        yield emit(rule_id, column, day,
                   detail=(f"Số tán thành {yes} lớn hơn tổng số đảng viên chính thức {total}.", f"{yes} votes exceed {total} official members."))
    elif yes * 3 < total * 2:
        need = -(-2 * total // 3)
        yield emit(rule_id, column, day,
                   detail=(f"{yes}/{total} đảng viên chính thức tán thành, cần ít nhất {need} (2/3 tổng số, kể cả người vắng mặt).",
                           f"{yes} of {total} official members in favour; at least {need} (two-thirds) are needed."))


def check_votes(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """VOTE_CELL with VOTE_DENOM; VOTE_RECOG (and VOTE_3FAIL as information)."""
    if c.cell_vote_date:
        derived = ctx.official_members_on(c.cell_vote_date) if ctx.members_present and ctx.members else None
        if c.cell_vote_total is not None and derived is not None and derived != c.cell_vote_total:
            yield emit("VOTE_DENOM", "cell_vote_total", c.cell_vote_date,
                       detail=(f"Ghi {c.cell_vote_total} đảng viên chính thức, theo sheet Đảng viên ngày {format_date(c.cell_vote_date)} là {derived}; dùng số đã ghi.",
                               f"Recorded {c.cell_vote_total} official members; the member list gives {derived}."))
        total = c.cell_vote_total if c.cell_vote_total is not None else derived
        yield from _vote_check("VOTE_CELL", emit, "cell_vote_yes", c.cell_vote_date, c.cell_vote_yes, total)
    if c.recognition_vote_date:
        total = ctx.official_members_on(c.recognition_vote_date) if ctx.members_present and ctx.members else None
        found = list(_vote_check("VOTE_RECOG", emit, "recognition_vote_yes", c.recognition_vote_date, c.recognition_vote_yes, total))
        yield from found
        yes = c.recognition_vote_yes
        if yes is not None and total and yes <= total and yes * 3 < total * 2:  # a failed vote, not a data error
            yield emit("VOTE_3FAIL", "recognition_vote_yes", c.recognition_vote_date)


def _lateness(calendar: WorkCalendar, due: dt.date, day: dt.date) -> tuple[str, str]:
    """How late `day` is after `due`, in working days (in days when only days off have passed)."""
    working = calendar.working_days_between(due, day)
    if working:
        return f"{working} ngày làm việc", f"{working} working days"
    days = (day - due).days
    return f"{days} ngày (ngày nghỉ)", f"{days} days (days off)"


def check_deadlines(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """DEC_60WD, CEREMONY_30WD, RECOG_CELL_30WD, RECOG_DEC_30WD: late, overdue, or due soon."""
    lead = ctx.settings.param("DEADLINE_SOON", "lead_working_days")
    column_of = {"DEC_60WD": "decision_date", "CEREMONY_30WD": "ceremony_date",
                 "RECOG_CELL_30WD": "recognition_vote_date", "RECOG_DEC_30WD": "recognition_date"}
    for d in legal_deadlines(c, ctx.settings, ctx.calendar):
        if d.rule not in column_of:
            continue
        column = column_of[d.rule]
        met_on = d.done or ctx.as_of
        late = met_on > d.due  # DESIGN §3: the deadline is the N-th working day; any later day is late
        late_vi, late_en = _lateness(ctx.calendar, d.due, met_on) if late else ("", "")
        within_extension = d.extension_due is not None and met_on <= d.extension_due
        consent = " Phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý." if d.rule == "CEREMONY_30WD" else ""
        extension = " Chỉ được kéo dài tối đa 30 ngày làm việc khi có lý do chính đáng." if within_extension else ""
        if d.done and late:
            yield emit(d.rule, column, d.done, severity=Severity.WARNING if within_extension else None,
                       detail=(f"{d.step} ngày {format_date(d.done)}, quá hạn {format_date(d.due)} {late_vi}.{extension}{consent}",
                               f"{d.step_en} on {format_date(d.done)}, {late_en} after the deadline {format_date(d.due)}."))
        elif d.done is None and late:
            yield emit(d.rule, column, ctx.as_of, severity=Severity.WARNING if within_extension else None,
                       detail=(f"Quá hạn: {d.step.lower()} chậm nhất ngày {format_date(d.due)}, đến ngày {format_date(ctx.as_of)} đã quá {late_vi}.{extension}{consent}",
                               f"Overdue: {d.step_en} was due {format_date(d.due)}; {late_en} late."))
        elif d.done is None:
            left = ctx.calendar.working_days_between(ctx.as_of, d.due)
            if left <= lead:
                yield emit("DEADLINE_SOON", column, ctx.as_of, step=(d.step, d.step_en), deadline=format_date(d.due), left=left, rule=d.rule)


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


def check_dates(c: Candidate, ctx: Context, emit: Emit) -> Iterator[Finding]:
    """DATE_ORDER (including birth first and recognition after probation) and DATE_FUTURE."""
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
                   earlier=("Ngày hết 12 tháng dự bị", "End of probation"), earlier_date=format_date(end))
    for key in _MILESTONES:
        day = getattr(c, key)
        if day and day > ctx.as_of:
            yield emit("DATE_FUTURE", key, day, field=LABELS[key], date=format_date(day), day=format_date(ctx.as_of))


CANDIDATE_CHECKS = (check_age, check_plausible_age, check_education, check_courses, check_introducers, check_dossier, check_votes,
                    check_deadlines, check_dates)


def check_candidate(c: Candidate, ctx: Context) -> list[Finding]:
    """Every rule for one register row."""
    emit = _emitter(c, ctx)
    return [f for check in CANDIDATE_CHECKS for f in check(c, ctx, emit)]


def check_duplicates(candidates: Iterable[Candidate], ctx: Context) -> Iterator[Finding]:
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


def check_register(candidates: Iterable[Candidate], ctx: Context) -> list[Finding]:
    """All findings for the register, row by row, then the cross-row checks."""
    candidates = list(candidates)
    found = [f for c in candidates for f in check_candidate(c, ctx)]
    found.extend(check_duplicates(candidates, ctx))
    return found
