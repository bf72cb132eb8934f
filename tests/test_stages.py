"""Tests for addin.rules.stages: stage, next step, next deadline, PROB_12M, RECOG_DATE, PARTY_AGE."""
from __future__ import annotations

import datetime as dt

import pytest
from rules_helpers import AS_OF, d, dossier, make_settings

from addin.rules.calendar import WorkCalendar, add_months
from addin.rules.stages import STAGE_LABELS, Stage, legal_deadlines, probation_end, progress, stage_of

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


# stage → (next step, rule of the next deadline, that deadline) on AS_OF[stage]
EXPECTED: dict[Stage, tuple[str, str | None, dt.date | None]] = {
    Stage.SOURCE: ("Phân công đảng viên chính thức giúp đỡ, theo dõi", None, None),
    Stage.COURSE: ("Cử đi học lớp bồi dưỡng nhận thức về Đảng", None, None),
    # DOSSIER_12M [C] comes before the certificate's 60 months (20/03/2029): 12 months from the first paper
    Stage.DOSSIER: ("Chi bộ họp xét, đề nghị kết nạp", "DOSSIER_12M",
                    add_months(min(x for x in (dossier(Stage.DOSSIER).cv_date, dossier(Stage.DOSSIER).union_intro_date,
                                              dossier(Stage.DOSSIER).opinions_date) if x), 12)),
    Stage.CELL_VOTED: ("Đảng ủy cơ sở xét, đề nghị cấp có thẩm quyền quyết định kết nạp", "DEC_60WD", d("06/09/2024")),
    Stage.COMMITTEE_REVIEWED: ("Chờ quyết định kết nạp của cấp có thẩm quyền", "DEC_60WD", d("06/09/2024")),
    Stage.DECIDED: ("Tổ chức lễ kết nạp", "CEREMONY_30WD", CALENDAR.add_working_days(d("18/07/2024"), 30)),
    Stage.PROBATIONARY: ("Chi bộ xét chuyển đảng viên chính thức", "RECOG_CELL_30WD",
                         CALENDAR.add_working_days(d("02/08/2025"), 30)),
    # RECOG_DATE: ceremony 02/08/2024 + 12 months; PARTY_AGE: the decision of 15/07/2024
    Stage.OFFICIAL: ("Đảng viên chính thức từ ngày 02/08/2025; tuổi đảng tính từ ngày 15/07/2024", None, None),
}


@pytest.mark.parametrize("stage", list(Stage))
def test_next_step_and_deadline_at_every_stage(stage: Stage) -> None:
    p = progress(dossier(stage), SETTINGS, CALENDAR, AS_OF[stage])
    step, rule, due = EXPECTED[stage]
    assert (p.stage, p.next_step, p.deadline_rule, p.deadline) == (stage, step, rule, due)
    assert p.status == ("ok" if due else "")


@pytest.mark.parametrize("changes, step", [
    ({"application_date": None, "cv_date": None, "verification_date": None, "introducer_1": "", "introducer_2": "",
      "opinions_date": None}, "Viết đơn xin vào Đảng"),
    ({"cv_date": None, "verification_date": None, "opinions_date": None}, "Khai lý lịch người xin vào Đảng"),
    ({"verification_date": None, "opinions_date": None}, "Thẩm tra lý lịch"),
    ({"introducer_1": "", "introducer_2": "", "opinions_date": None},
     "Giấy giới thiệu của đảng viên chính thức / NQ giới thiệu của Đoàn, Công đoàn"),
    ({"opinions_date": None}, "Tổng hợp nhận xét của đoàn thể và chi ủy nơi cư trú"),
])
def test_next_dossier_item(changes: dict, step: str) -> None:
    assert progress(dossier(Stage.DOSSIER, **changes), SETTINGS, CALENDAR, AS_OF[Stage.DOSSIER]).next_step == step


def test_probationary_steps() -> None:
    without_course = dossier(Stage.PROBATIONARY, new_member_course_date=None)
    assert progress(without_course, SETTINGS, CALENDAR, d("01/12/2024")).next_step.startswith("Học lớp bồi dưỡng")
    voted = dossier(Stage.PROBATIONARY, recognition_vote_date=d("08/08/2025"), recognition_vote_yes=9)
    p = progress(voted, SETTINGS, CALENDAR, d("11/08/2025"))
    assert p.next_step == "Chờ quyết định công nhận đảng viên chính thức"
    assert (p.deadline_rule, p.deadline) == ("RECOG_DEC_30WD", CALENDAR.add_working_days(d("08/08/2025"), 30))


def _ceremony_pending(as_of: str):
    c = dossier(Stage.DECIDED, cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"),
                decision_date=d("30/01/2026"), decision_received_date=d("02/02/2026"))
    return progress(c, SETTINGS, CALENDAR, d(as_of))


@pytest.mark.parametrize("as_of, status", [
    ("06/03/2026", "ok"),  # 11 working days before 23/03/2026
    ("09/03/2026", "soon"),  # 10 working days: the default lead time of DEADLINE_SOON
    ("23/03/2026", "soon"),  # the deadline itself
    ("24/03/2026", "overdue"),
])
def test_due_soon_and_overdue_thresholds(as_of: str, status: str) -> None:
    p = _ceremony_pending(as_of)
    assert (p.deadline, p.deadline_rule, p.status) == (d("23/03/2026"), "CEREMONY_30WD", status)


def test_due_soon_threshold_is_a_setting() -> None:
    c = dossier(Stage.DECIDED, cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"),
                decision_date=d("30/01/2026"), decision_received_date=d("02/02/2026"))
    short = make_settings({"Cảnh báo trước hạn (ngày làm việc)": 5})
    assert progress(c, short, CALENDAR, d("09/03/2026")).status == "ok"
    assert progress(c, short, CALENDAR, d("16/03/2026")).status == "soon"


def test_worked_example_probation_and_party_age() -> None:
    """§16: decision 25/08/2024, ceremony 15/09/2024 → party age from 25/08/2024, probation ends 15/09/2025."""
    c = dossier(Stage.OFFICIAL, cell_vote_date=d("20/06/2024"), committee_date=d("01/07/2024"),
                decision_date=d("25/08/2024"), decision_received_date=d("28/08/2024"), ceremony_date=d("15/09/2024"),
                new_member_course_date=d("01/12/2024"), recognition_vote_date=d("10/10/2025"),
                recognition_date=d("20/11/2025"))
    assert probation_end(c, SETTINGS) == d("15/09/2025")
    p = progress(c, SETTINGS, CALENDAR, d("01/12/2025"))
    assert p.party_age_from == d("25/08/2024")  # PARTY_AGE: the decision date, not the ceremony
    assert p.probation_end == d("15/09/2025")  # PROB_12M
    assert p.official_from == d("15/09/2025")  # RECOG_DATE: end of probation, although the cell voted late


def test_no_official_date_before_recognition() -> None:
    p = progress(dossier(Stage.PROBATIONARY), SETTINGS, CALENDAR, AS_OF[Stage.PROBATIONARY])
    assert p.probation_end == d("02/08/2025") and p.official_from is None
    assert p.party_age_from == d("15/07/2024")


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
    decided = dossier(Stage.DECIDED, cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"),
                      decision_date=d("30/01/2026"), decision_received_date=d("02/02/2026"))
    assert progress(decided, SETTINGS, CALENDAR, d("03/02/2026")).deadline == d("23/03/2026")
    probation = dossier(Stage.PROBATIONARY, ceremony_date=d("20/04/2025"), decision_date=d("01/04/2025"),
                        decision_received_date=d("03/04/2025"), new_member_course_date=d("01/10/2025"))
    p = progress(probation, SETTINGS, CALENDAR, d("21/04/2026"))
    assert (p.deadline_rule, p.deadline, p.status) == ("RECOG_CELL_30WD", d("04/06/2026"), "ok")
