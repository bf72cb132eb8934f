"""Tests for addin.rules.stages: stage, next step, next deadline, PROB_12M, RECOG_DATE, PARTY_AGE."""
from __future__ import annotations

import datetime as dt

import pytest
from rules_helpers import AS_OF, context, d, dossier, make_settings, timelines

from addin.rules.calendar import WorkCalendar
from addin.rules.records import Candidate
from addin.rules.settings import Settings
from addin.rules.stages import STAGE_LABELS, Stage, Status, legal_deadlines, probation_end, stage_of
from addin.rules.timeline import Timeline, When

CALENDAR = WorkCalendar()
SETTINGS = make_settings()


def test_stage_labels_are_the_issue_s_vietnamese_labels() -> None:
    assert [STAGE_LABELS[s] for s in Stage] == [
        "Nguồn", "Học lớp nhận thức", "Hoàn thiện hồ sơ", "Chi bộ đã xét", "Cấp trên đã xét", "Đã có quyết định",
        "Đảng viên dự bị", "Đảng viên chính thức"]
    assert Stage.PROBATIONARY.label == "Đảng viên dự bị"


@pytest.mark.parametrize("stage", list(Stage))
def test_stage_of_each_clean_dossier(stage: Stage) -> None:
    assert stage_of(dossier(stage)) is stage


# stage → (next step, its planned day, the rule of its deadline, that deadline) on AS_OF[stage], by hand:
# the helper at the next monthly meeting (the 25th); the course 40 working days after the source date
# 10/01/2024 (Tết 08-14/02/2024 off); the committee 20 working days after the vote of 12/06/2024; the
# vote inside COURSE_NT_VALID (certificate of 20/03/2024 + 60 months, more than 12 months away: no deadline shown,
# planning.toml [deadlines]); DEC_60WD from the vote of
# 12/06/2024; CEREMONY_30WD 30 working days from receipt on 18/07/2024 (no holiday in between);
# RECOG_CELL_30WD 30 working days after the probation's end (Saturday 02/08/2025; 01-02/09 are off).
EXPECTED: dict[Stage, tuple[str, dt.date | None, str, dt.date | None]] = {
    Stage.SOURCE: ("Phân công đảng viên chính thức giúp đỡ quần chúng", d("25/01/2024"), "", None),
    Stage.COURSE: ("Đề nghị đảng ủy cử đi học lớp bồi dưỡng nhận thức về Đảng", d("13/03/2024"), "", None),
    Stage.DOSSIER: ("Chi bộ họp xét, đề nghị kết nạp", d("14/06/2024"), "", None),
    Stage.CELL_VOTED: ("Đề nghị đảng ủy cơ sở xét, đề nghị cấp có thẩm quyền kết nạp", d("10/07/2024"),
                       "DEC_60WD", d("06/09/2024")),
    Stage.COMMITTEE_REVIEWED: ("Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp", d("18/07/2024"),
                               "DEC_60WD", d("06/09/2024")),
    Stage.DECIDED: ("Tổ chức lễ kết nạp đảng viên", d("29/07/2024"), "CEREMONY_30WD", d("29/08/2024")),
    Stage.PROBATIONARY: ("Lấy nhận xét của đoàn thể, chi ủy nơi cư trú đối với đảng viên dự bị; tổng hợp nhận xét",
                         d("04/08/2025"), "RECOG_CELL_30WD", d("16/09/2025")),
    Stage.OFFICIAL: ("", None, "", None),
}


def story(c: Candidate, as_of: dt.date, settings: Settings = SETTINGS) -> Timeline:
    return timelines([c], context(as_of, settings=settings))[0]


@pytest.mark.parametrize("stage", list(Stage))
def test_next_step_and_deadline_at_every_stage(stage: Stage) -> None:
    t = story(dossier(stage), AS_OF[stage])
    step, day, rule, due = EXPECTED[stage]
    n = t.next
    assert t.stage is stage
    assert ((n.content, n.day, n.deadline_rule, n.deadline) if n else ("", None, "", None)) == (step, day, rule, due)
    assert t.status == (Status.OK if due else Status.NONE)


def test_probationary_steps() -> None:
    without_course = dossier(Stage.PROBATIONARY, new_member_course_date=None)
    n = story(without_course, d("01/12/2024")).next
    assert n.content == "Cử đảng viên dự bị học lớp bồi dưỡng lý luận chính trị cho đảng viên mới"
    voted = dossier(Stage.PROBATIONARY, recognition_vote_date=d("08/08/2025"), recognition_vote_yes=9)
    n = story(voted, d("11/08/2025")).next
    assert n.content == "Theo dõi kết quả cấp có thẩm quyền xét, quyết định công nhận đảng viên chính thức"
    # RECOG_DEC_30WD: 30 working days from Friday 08/08/2025, 01-02/09 off
    assert (n.deadline_rule, n.deadline) == ("RECOG_DEC_30WD", d("23/09/2025"))


def _ceremony_pending(as_of: str, settings: Settings = SETTINGS) -> Timeline:
    c = dossier(Stage.DECIDED, cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"),
                decision_date=d("30/01/2026"), decision_received_date=d("02/02/2026"))
    return story(c, d(as_of), settings)


@pytest.mark.parametrize("as_of, status, when", [
    ("06/03/2026", Status.OK, When.PLANNED),  # 11 working days before 23/03/2026
    ("09/03/2026", Status.SOON, When.PLANNED),  # 10 working days: the default lead time of DEADLINE_SOON
    ("23/03/2026", Status.SOON, When.PLANNED),  # the deadline itself
    ("24/03/2026", Status.OVERDUE, When.OVERDUE),
])
def test_due_soon_and_overdue_thresholds(as_of: str, status: Status, when: When) -> None:
    t = _ceremony_pending(as_of)
    assert (t.next.deadline, t.next.deadline_rule, t.next.when, t.status) == (d("23/03/2026"), "CEREMONY_30WD", when, status)


def test_an_overdue_step_is_planned_now_and_what_follows_it_waits() -> None:
    t = _ceremony_pending("24/03/2026")
    assert t.next.day == d("24/03/2026")
    assert "quá hạn 23/03/2026" in t.next.note
    course = t.step("new_member_course")
    assert (course.when, course.day, course.reason) == (When.AFTER, None, "sau khi tổ chức lễ kết nạp")


def test_due_soon_threshold_is_a_setting() -> None:
    short = make_settings({"Cảnh báo trước hạn (ngày làm việc)": 5})
    assert _ceremony_pending("09/03/2026", short).status is Status.OK
    assert _ceremony_pending("16/03/2026", short).status is Status.SOON


def test_worked_example_probation_and_party_age() -> None:
    """§16: decision 25/08/2024, ceremony 15/09/2024 → party age from 25/08/2024, probation ends 15/09/2025."""
    c = dossier(Stage.OFFICIAL, cell_vote_date=d("20/06/2024"), committee_date=d("01/07/2024"),
                decision_date=d("25/08/2024"), decision_received_date=d("28/08/2024"), ceremony_date=d("15/09/2024"),
                new_member_course_date=d("01/12/2024"), recognition_vote_date=d("10/10/2025"),
                recognition_date=d("20/11/2025"))
    assert probation_end(c, SETTINGS) == d("15/09/2025")
    t = story(c, d("01/12/2025"))
    assert t.party_age_from == d("25/08/2024")  # PARTY_AGE: the decision date, not the ceremony
    assert t.probation_end == d("15/09/2025")  # PROB_12M
    assert t.official_from == d("15/09/2025")  # RECOG_DATE: end of probation, although the cell voted late
    assert t.todo == ()


def test_no_official_date_before_recognition() -> None:
    t = story(dossier(Stage.PROBATIONARY), AS_OF[Stage.PROBATIONARY])
    assert t.probation_end == d("02/08/2025") and t.official_from is None
    assert t.party_age_from == d("15/07/2024")


def test_legal_deadlines_in_procedure_order() -> None:
    found = legal_deadlines(dossier(Stage.OFFICIAL), SETTINGS, CALENDAR)
    assert [x.rule for x in found] == ["DEC_60WD", "CEREMONY_30WD", "RECOG_CELL_30WD", "RECOG_DEC_30WD"]
    assert all(x.done is not None for x in found)
    by_rule = {x.rule: x for x in found}
    assert by_rule["DEC_60WD"].extension_due == CALENDAR.add_working_days(d("12/06/2024"), 90)
    assert by_rule["CEREMONY_30WD"].start == d("18/07/2024")  # from receipt of the decision
    assert by_rule["RECOG_DEC_30WD"].extension_due == CALENDAR.add_working_days(d("08/08/2025"), 60)


def test_worked_example_deadlines_through_stages() -> None:
    """§16: received 02/02/2026 → ceremony by 23/03/2026; probation ended 20/04/2026 → vote by 04/06/2026."""
    assert _ceremony_pending("03/02/2026").next.deadline == d("23/03/2026")
    probation = dossier(Stage.PROBATIONARY, ceremony_date=d("20/04/2025"), decision_date=d("01/04/2025"),
                        decision_received_date=d("03/04/2025"), new_member_course_date=d("01/10/2025"))
    t = story(probation, d("21/04/2026"))
    vote = t.step("recognition_vote")
    assert (vote.deadline_rule, vote.deadline, t.status) == ("RECOG_CELL_30WD", d("04/06/2026"), Status.OK)


def test_a_list_marking_a_probationary_member_gives_recognition_steps_not_a_ceremony() -> None:
    # issue 18 §5: `Đảng viên` = "Dự bị", decided 01/03/2026, no ceremony date: admitted, so the ceremony is not
    # "to do"; the recognition waits for 12 months from a ceremony whose day the list does not hold
    member = Candidate(row=3, name="Lê Văn Dự", party_member="Dự bị", decision_date=d("01/03/2026"))
    t = story(member, d("15/11/2026"))
    assert (t.stage, t.state) == (Stage.PROBATIONARY, "Đảng viên dự bị")
    assert "ceremony" not in {x.key for x in t.todo}
    vote = t.step("recognition_vote")
    assert (vote.when, vote.reason) == (When.AFTER, "sau khi hết 12 tháng dự bị (tính từ ngày tổ chức lễ kết nạp)")
