"""Where each person stands: stage, next step, its deadline, and derived dates (PROB_12M, RECOG_DATE, PARTY_AGE)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from .calendar import WorkCalendar, add_months
from .records import Candidate
from .settings import Settings


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


STAGE_LABELS = {
    Stage.SOURCE: "Nguồn",
    Stage.COURSE: "Học lớp nhận thức",
    Stage.DOSSIER: "Hoàn thiện hồ sơ",
    Stage.CELL_VOTED: "Chi bộ đã xét",
    Stage.COMMITTEE_REVIEWED: "Cấp trên đã xét",
    Stage.DECIDED: "Đã có quyết định",
    Stage.PROBATIONARY: "Đảng viên dự bị",
    Stage.OFFICIAL: "Đảng viên chính thức",
}


@dataclass(frozen=True)
class Deadline:
    """A legal time limit running from `start`, met when `done` is set."""

    rule: str
    step: str
    step_en: str
    start: dt.date
    due: dt.date
    done: dt.date | None
    extension_due: dt.date | None = None  # the latest date with the allowed extension


@dataclass(frozen=True)
class Progress:
    stage: Stage
    next_step: str
    deadline: dt.date | None
    deadline_rule: str | None
    status: str  # "overdue" | "soon" | "ok" | "blocked" | "" (no deadline)
    probation_end: dt.date | None  # PROB_12M
    official_from: dt.date | None  # RECOG_DATE
    party_age_from: dt.date | None  # PARTY_AGE
    blocked: str = ""  # why the procedure cannot go on as planned (from an error finding); empty when it can


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


def legal_deadlines(c: Candidate, settings: Settings, calendar: WorkCalendar) -> list[Deadline]:
    """Every legal time limit that has started for `c`, in the order of the procedure."""
    found: list[Deadline] = []
    if c.course_date and not c.cell_vote_date:
        due = add_months(c.course_date, settings.param("COURSE_NT_VALID", "valid_months"))
        found.append(Deadline("COURSE_NT_VALID", "Chi bộ xét kết nạp (trước khi GCN lớp nhận thức hết giá trị)",
                              "Cell vote before the course certificate expires", c.course_date, due, None))
    papers = [d for d in (c.cv_date, c.union_intro_date, c.opinions_date) if d]
    if papers and not c.cell_vote_date:
        first = min(papers)
        found.append(Deadline("DOSSIER_12M", "Chi bộ xét kết nạp (trước khi giấy tờ trong hồ sơ quá 12 tháng)",
                              "Cell vote before the dossier papers are 12 months old", first,
                              add_months(first, settings.param("DOSSIER_12M", "months")), None))
    if c.cell_vote_date:
        n, ext = settings.param("DEC_60WD", "working_days"), settings.param("DEC_60WD", "extension_days")
        found.append(Deadline("DEC_60WD", "Cấp có thẩm quyền ra quyết định kết nạp", "Admission decision",
                              c.cell_vote_date, calendar.add_working_days(c.cell_vote_date, n), c.decision_date,
                              calendar.add_working_days(c.cell_vote_date, n + ext)))
    received = c.decision_received_date or c.decision_date
    if received:
        found.append(Deadline("CEREMONY_30WD", "Tổ chức lễ kết nạp", "Admission ceremony", received,
                              calendar.add_working_days(received, settings.param("CEREMONY_30WD", "working_days")),
                              c.ceremony_date))
    end = probation_end(c, settings)
    if end:
        found.append(Deadline("RECOG_CELL_30WD", "Chi bộ xét chuyển đảng viên chính thức", "Cell recognition vote", end,
                              calendar.add_working_days(end, settings.param("RECOG_CELL_30WD", "working_days")),
                              c.recognition_vote_date))
    if c.recognition_vote_date:
        n, ext = settings.param("RECOG_DEC_30WD", "working_days"), settings.param("RECOG_DEC_30WD", "extension_days")
        found.append(Deadline("RECOG_DEC_30WD", "Quyết định công nhận đảng viên chính thức", "Recognition decision",
                              c.recognition_vote_date, calendar.add_working_days(c.recognition_vote_date, n),
                              c.recognition_date, calendar.add_working_days(c.recognition_vote_date, n + ext)))
    return found


def _next_dossier_item(c: Candidate) -> str:
    missing = [
        (c.application_date, "Viết đơn xin vào Đảng"),
        (c.cv_date, "Khai lý lịch người xin vào Đảng"),
        (c.verification_date, "Thẩm tra lý lịch"),
        (c.introducers or c.union_intro_date, "Giấy giới thiệu của đảng viên chính thức / NQ giới thiệu của Đoàn, Công đoàn"),
        (c.opinions_date, "Tổng hợp nhận xét của đoàn thể và chi ủy nơi cư trú"),
    ]
    for present, step in missing:
        if not present:
            return step
    return "Chi bộ họp xét, đề nghị kết nạp"


# Error findings that stop the procedure where it stands, and what the cell must do instead.
BLOCKING: dict[str, tuple[Stage, ...] | None] = {
    "VOTE_CELL": (Stage.CELL_VOTED,),
    "COURSE_NT_VALID": (Stage.DOSSIER,),
    "COURSE_NT_REQ": (Stage.CELL_VOTED,),
    "AGE_MAX": (Stage.SOURCE, Stage.COURSE, Stage.DOSSIER),
    "EDU_MIN": (Stage.SOURCE, Stage.COURSE, Stage.DOSSIER),
    "EDU_EXC": (Stage.SOURCE, Stage.COURSE, Stage.DOSSIER),
    "YOUTH_DV": (Stage.SOURCE, Stage.COURSE, Stage.DOSSIER),
    "VOTE_RECOG": (Stage.PROBATIONARY,),
}
REMEDIES = {
    "VOTE_CELL": "Nghị quyết chi bộ chưa đủ 2/3 đảng viên chính thức tán thành: chưa đề nghị cấp trên; chi ủy xem xét, báo cáo chi bộ",
    "COURSE_NT_VALID": "GCN lớp nhận thức hết giá trị: cử đi học lại lớp bồi dưỡng nhận thức về Đảng trước khi chi bộ xét",
    "COURSE_NT_REQ": "Chưa có GCN lớp nhận thức hợp lệ khi chi bộ xét: chi ủy báo cáo cấp trên, hoàn thiện lại hồ sơ",
    "AGE_MAX": "Quá 60 tuổi: chỉ xét khi Ban Thường vụ tỉnh ủy đồng ý bằng văn bản",
    "EDU_MIN": "Chưa đủ trình độ học vấn THCS: chưa đủ điều kiện xét kết nạp",
    "EDU_EXC": "Chưa đủ trình độ tối thiểu của ngoại lệ học vấn: chưa đủ điều kiện xét kết nạp",
    "YOUTH_DV": "Trong độ tuổi thanh niên mà chưa là đoàn viên: cần kết nạp vào Đoàn trước khi xét",
    "VOTE_RECOG": "Biểu quyết chuyển chính thức chưa đủ 2/3: chi bộ xét lại; ba lần không đủ thì báo cáo cấp ủy cấp trên",
}


def blocking_reason(c: Candidate, error_rules: set[str]) -> str:
    """What the cell must do first when an error stops `c`'s procedure at its stage; "" when nothing does."""
    stage = stage_of(c)
    for rule_id, stages in BLOCKING.items():
        if rule_id in error_rules and stages and stage in stages:
            return REMEDIES[rule_id]
    return ""


def progress(c: Candidate, settings: Settings, calendar: WorkCalendar, as_of: dt.date, blocked: str = "") -> Progress:
    """Stage, next step and its deadline for `c` on `as_of`; a `blocked` procedure's next step is its remedy."""
    stage = stage_of(c)
    end = probation_end(c, settings)
    if blocked:
        return Progress(stage=stage, next_step=blocked, deadline=None, deadline_rule=None, status="blocked",
                        probation_end=end, official_from=None, party_age_from=c.decision_date, blocked=blocked)
    open_deadlines = [d for d in legal_deadlines(c, settings, calendar) if d.done is None]
    deadline = min(open_deadlines, key=lambda d: d.due) if open_deadlines else None
    if stage is Stage.SOURCE:
        step = "Phân công đảng viên chính thức giúp đỡ, theo dõi"
    elif stage is Stage.COURSE:
        step = "Cử đi học lớp bồi dưỡng nhận thức về Đảng"
    elif stage is Stage.DOSSIER:
        step = _next_dossier_item(c)
    elif stage is Stage.CELL_VOTED:
        step = "Đảng ủy cơ sở xét, đề nghị cấp có thẩm quyền quyết định kết nạp"
    elif stage is Stage.COMMITTEE_REVIEWED:
        step = "Chờ quyết định kết nạp của cấp có thẩm quyền"
    elif stage is Stage.DECIDED:
        step = "Tổ chức lễ kết nạp"
    elif stage is Stage.PROBATIONARY and not c.new_member_course_date:
        step = "Học lớp bồi dưỡng lý luận chính trị cho đảng viên mới"
    elif stage is Stage.PROBATIONARY and not c.recognition_vote_date:
        step = "Chi bộ xét chuyển đảng viên chính thức"
    elif stage is Stage.PROBATIONARY:
        step = "Chờ quyết định công nhận đảng viên chính thức"
    else:
        step = ""
    status = ""
    if deadline:
        lead = settings.param("DEADLINE_SOON", "lead_working_days")
        if as_of > deadline.due:
            status = "overdue"
        elif calendar.working_days_between(as_of, deadline.due) <= lead:
            status = "soon"
        else:
            status = "ok"
    return Progress(
        stage=stage,
        next_step=step,
        deadline=deadline.due if deadline else None,
        deadline_rule=deadline.rule if deadline else None,
        status=status,
        probation_end=end,
        official_from=end if c.recognition_date or c.recognition_vote_date else None,
        party_age_from=c.decision_date,
    )
