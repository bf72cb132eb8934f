"""A dossier's life after something goes wrong (issue 10 §1, §3), on a real register grid.

Expected dates and ids are worked by hand from party-rules.md (§4, §6, §7, §16), never computed
by the code under test.
"""
from __future__ import annotations

import datetime as dt

import pytest

from addin.rules.findings import Severity
from addin.rules.plan import PlanTask, plan_tasks
from addin.rules.stages import Status
from addin.rules.timeline import REMEDY, Timeline, When
from addin.rules.values import Period, Unreadable, parse_period
from addin.workbook.book import BookInput
from addin.workbook.outputs import next_step_text
from addin.workbook.run import RunResult, evaluate

AS_OF = dt.date(2026, 11, 16)
HEADER = ["Họ và tên", "Ngày sinh", "Trình độ học vấn", "Ngày về đơn vị", "Ngày cấp GCN lớp nhận thức",
          "Ngày làm đơn", "Ngày khai lý lịch", "Người giới thiệu 1", "Người giới thiệu 2", "Người giới thiệu thay thế",
          "Ngày tổng hợp nhận xét", "Ngày chi bộ xét kết nạp", "Số tán thành", "Tổng số đảng viên chính thức",
          "Số đảng viên dự họp", "Số miễn sinh hoạt vắng mặt", "Số lần xét kết nạp không đạt",
          "Ngày đảng ủy xét", "Số cấp ủy viên tán thành", "Tổng số cấp ủy viên", "Ngày BTV tỉnh ủy đồng ý",
          "Ngày quyết định kết nạp", "Ngày lễ kết nạp", "Ngày cấp GCN lớp đảng viên mới", "Ngày chi bộ xét chính thức",
          "Số tán thành chính thức", "Tổng số đảng viên chính thức khi xét chính thức", "Số lần xét chính thức không đạt",
          "Đoàn viên", "Dự kiến kết nạp", "Ngày quyết định chính thức"]
MEMBERS = [["Họ và tên", "Ngày vào Đảng", "Ngày chính thức", "Ngày về chi bộ", "Ngày chuyển đi", "Tình trạng"],
           ["Trần Văn Bình", "01/05/2008", "01/05/2009", "01/01/2015", None, None],
           ["Lê Thị Cúc", "01/05/2008", "01/05/2009", "01/01/2015", None, None],
           ["Hoàng Văn Dũng", "01/05/2008", "01/05/2009", "01/01/2015", "01/02/2026", "Chuyển đi"],
           ["Vũ Thị Én", "01/05/2008", "01/05/2009", "01/01/2015", None, None]]


def person(name: str, **values: object) -> list[object]:
    """A register row of a clean adult dossier up to the cell vote of 10/03/2026, with `values` by header."""
    row: dict[str, object] = {
        "Họ và tên": name, "Ngày sinh": "11/02/1990", "Trình độ học vấn": "Đại học", "Ngày về đơn vị": "01/08/2018",
        "Ngày cấp GCN lớp nhận thức": "20/10/2025", "Ngày làm đơn": "03/11/2025", "Ngày khai lý lịch": "10/11/2025",
        "Người giới thiệu 1": "Trần Văn Bình", "Người giới thiệu 2": "Lê Thị Cúc", "Ngày tổng hợp nhận xét": "20/02/2026",
        "Ngày chi bộ xét kết nạp": "10/03/2026", "Số tán thành": 9, "Tổng số đảng viên chính thức": 10,
    }
    row.update(values)
    return [row.get(h) for h in HEADER]


def run(*rows: list[object], year: int = 2026, members: list[list[object]] = MEMBERS) -> RunResult:
    grids = {"Theo dõi": [HEADER, *rows], "Đảng viên": members, "Chỉ tiêu": [["Năm", "Chỉ tiêu được giao"], [2026, 3]]}
    return evaluate(BookInput(grids), as_of=AS_OF, year=year)


def rules_at(result: RunResult, row: int) -> list[str]:
    return [f.rule for f in result.findings if f.row == row and f.sheet == "Theo dõi"]


def story(result: RunResult, row: int) -> Timeline:
    """The dossier timeline of register row `row`, as every output renders it."""
    return result.timelines[row]


# The cell's next monthly meeting after 16/11/2026 (Monday): the 25th (planning.toml), Wednesday 25/11/2026,
# a working day (24/11, the culture day, is off but not the 25th). A remedy is planned on it.
NEXT_MEETING = dt.date(2026, 11, 25)


# --- §1 a failed vote sends nothing up ---------------------------------------------------------------

def test_a_failed_cell_vote_runs_no_decision_deadline_and_is_not_overdue() -> None:
    """6/10 < 7 = ⌈2/3 × 10⌉ (VOTE_CELL): no DEC_60WD after it; the passed vote of the same day is overdue."""
    result = run(person("Nguyễn Thị Hỏng", **{"Số tán thành": 6}), person("Phạm Văn Đạt"))
    failed, passed = story(result, 2), story(result, 3)
    assert "DEC_60WD" not in rules_at(result, 2) and "VOTE_CELL" in rules_at(result, 2)
    assert not [todo for todo in failed.todo if todo.deadline is not None]  # no legal period runs from a failed vote
    assert failed.status is Status.BLOCKED and failed.state == "Chi bộ xét kết nạp không đạt"
    assert (failed.next.key, failed.next.day) == (REMEDY, NEXT_MEETING)
    assert next_step_text(failed) == ("Chi bộ xét kết nạp không đạt (lần 1): chưa đề nghị cấp trên; chi ủy tiếp tục bồi "
                                      "dưỡng, chi bộ xem xét lại khi đủ điều kiện (dự kiến 25/11/2026)")
    # the passed vote: 60 working days after 10/03/2026 (27/04 Giỗ Tổ, 30/04, 01/05 off) is 05/06/2026, long past
    # on 16/11/2026: the committee's step is overdue, planned now
    assert (passed.next.key, passed.next.when, passed.next.deadline, passed.next.deadline_rule, passed.status) == (
        "committee", When.OVERDUE, dt.date(2026, 6, 5), "DEC_60WD", Status.OVERDUE)
    assert result.quota[0].overdue == 1  # only the passed vote's decision


def test_third_failed_cell_vote_goes_to_the_superior_committee() -> None:
    """VOTE_3FAIL (QĐ §4.2.c) counts the failed votes recorded, here 3, and applies to admission too."""
    result = run(person("Nguyễn Thị Hỏng", **{"Số tán thành": 6, "Số lần xét kết nạp không đạt": 3}),
                 person("Lê Văn Lần Hai", **{"Số tán thành": 6, "Số lần xét kết nạp không đạt": 2}))
    assert "VOTE_3FAIL" in rules_at(result, 2) and "VOTE_3FAIL" not in rules_at(result, 3)
    third, second = story(result, 2), story(result, 3)
    assert third.next.key == REMEDY
    assert third.next.content == "Đã 3 lần biểu quyết không đủ 2/3: báo cáo cấp ủy cấp trên xem xét, quyết định"
    assert second.next.key == REMEDY and second.next.content.startswith("Chi bộ xét kết nạp không đạt (lần 2)")


def test_a_failed_party_committee_vote_stops_the_decision_deadline() -> None:
    """VOTE_DU (HD 06 §3.7.a): 5 of 9 committee members < 6 = ⌈2/3 × 9⌉."""
    result = run(person("Đỗ Văn Ủy", **{"Ngày đảng ủy xét": "20/03/2026", "Số cấp ủy viên tán thành": 5,
                                         "Tổng số cấp ủy viên": 9}),
                 person("Đỗ Văn Đủ", **{"Ngày đảng ủy xét": "20/03/2026", "Số cấp ủy viên tán thành": 6,
                                         "Tổng số cấp ủy viên": 9}))
    assert "VOTE_DU" in rules_at(result, 2) and "DEC_60WD" not in rules_at(result, 2)
    failed = story(result, 2)
    assert failed.state == "Đảng ủy xét không đạt" and failed.next.key == REMEDY
    assert failed.step("decision").when is When.AFTER and failed.step("decision").deadline is None
    assert "VOTE_DU" not in rules_at(result, 3) and "DEC_60WD" in rules_at(result, 3)


def test_a_failed_recognition_vote_runs_no_recognition_decision_deadline() -> None:
    """Ceremony 02/03/2025 → probation ends 02/03/2026; the vote of 10/03/2026 is on time, 5/10 fails (VOTE_RECOG)."""
    recognised = {"Ngày quyết định kết nạp": "10/02/2025", "Ngày lễ kết nạp": "02/03/2025",
                  "Ngày cấp GCN lớp đảng viên mới": "01/09/2025", "Ngày chi bộ xét chính thức": "10/03/2026",
                  "Tổng số đảng viên chính thức khi xét chính thức": 10, "Ngày chi bộ xét kết nạp": "10/12/2024",
                  "Ngày cấp GCN lớp nhận thức": "20/10/2024", "Ngày làm đơn": "03/11/2024",
                  "Ngày khai lý lịch": "10/11/2024", "Ngày tổng hợp nhận xét": "01/12/2024"}
    result = run(person("Mai Văn Dự", **recognised, **{"Số tán thành chính thức": 5}),
                 person("Mai Văn Đỗ", **recognised, **{"Số tán thành chính thức": 7}))
    assert "VOTE_RECOG" in rules_at(result, 2) and "RECOG_DEC_30WD" not in rules_at(result, 2)
    failed = story(result, 2)
    assert failed.state == "Xét chuyển chính thức không đạt"
    assert not [todo for todo in failed.todo if todo.deadline is not None]
    assert failed.next.key == REMEDY
    assert failed.next.content.startswith("Xét chuyển chính thức không đạt (lần 1): chi bộ xem xét lại")
    # no recommending step after the failed vote: the decision waits for the vote held again
    assert [(t.key, t.when) for t in failed.todo[1:]] == [("recognition_vote", When.AFTER),
                                                          ("recognition_decision", When.AFTER)]
    assert "RECOG_DEC_30WD" in rules_at(result, 3)  # the passed one's decision is overdue on 16/11/2026


def test_premature_recognition_vote_is_voted_again_after_probation() -> None:
    """§16: ceremony 15/09/2024 → probation ends 15/09/2025; a vote on 01/09/2025 does not count.

    RECOG_CELL_30WD runs from 15/09/2025 (Monday): 30 working days later is Monday 27/10/2025. The vote again is
    planned 10 working days (planning.toml) after the probation's end: 16–19, 22–26, 29/09 → Monday 29/09/2025.
    """
    early = person("Trịnh Thị Sớm", **{"Ngày chi bộ xét kết nạp": "10/07/2024", "Ngày quyết định kết nạp": "25/08/2024",
                                        "Ngày lễ kết nạp": "15/09/2024", "Ngày cấp GCN lớp đảng viên mới": "01/03/2025",
                                        "Ngày chi bộ xét chính thức": "01/09/2025", "Số tán thành chính thức": 9,
                                        "Ngày cấp GCN lớp nhận thức": "20/10/2023", "Ngày làm đơn": "03/11/2023",
                                        "Ngày khai lý lịch": "10/11/2023", "Ngày tổng hợp nhận xét": "20/06/2024"})
    grids = {"Theo dõi": [HEADER, early], "Đảng viên": MEMBERS}
    result = evaluate(BookInput(grids), as_of=dt.date(2025, 9, 10), year=2025)
    vote = story(result, 2).next
    assert (vote.key, vote.when, vote.day) == ("recognition_vote", When.PLANNED, dt.date(2025, 9, 29))
    assert vote.note == "Chi bộ xét chuyển chính thức trước khi hết dự bị: chi bộ xét lại sau ngày 14/09/2025"
    assert (vote.deadline, vote.deadline_rule) == (dt.date(2025, 10, 27), "RECOG_CELL_30WD")
    assert "RECOG_DEC_30WD" not in rules_at(result, 2)


# --- §1 errors at the vote block the dossier ------------------------------------------------------------

def test_an_expired_certificate_at_the_vote_blocks_and_stops_the_deadlines() -> None:
    """§16: certificate 15/01/2020 expired after 15/01/2025; a vote on 03/02/2025 breaks COURSE_NT_VALID."""
    row = person("Cao Văn Hạn", **{"Ngày cấp GCN lớp nhận thức": "15/01/2020", "Ngày làm đơn": "01/10/2024",
                                   "Ngày khai lý lịch": "10/10/2024", "Ngày tổng hợp nhận xét": "20/01/2025",
                                   "Ngày chi bộ xét kết nạp": "03/02/2025"})
    result = run(row)
    assert "COURSE_NT_VALID" in rules_at(result, 2) and "DEC_60WD" not in rules_at(result, 2)
    t = story(result, 2)
    assert t.next.key == REMEDY and t.next.content.startswith("GCN lớp nhận thức hết giá trị: cử đi học lại")
    assert not [todo for todo in t.todo if todo.dated and not todo.is_remedy]  # nothing after it is dated
    assert result.quota[0].more_expected == 0 and result.quota[0].overdue == 0


def test_over_60_without_consent_at_the_vote_blocks_and_with_consent_does_not() -> None:
    """AGE_MAX/AGE_OVER60 (QĐ 294 §1.1.1–2): born 01/01/1963, 63 on 10/03/2026."""
    without = person("Lương Văn Lão", **{"Ngày sinh": "01/01/1963"})
    consented = person("Lương Văn Thọ", **{"Ngày sinh": "01/01/1963", "Ngày BTV tỉnh ủy đồng ý": "25/03/2026"})
    result = run(without, consented)
    assert "AGE_MAX" in rules_at(result, 2) and story(result, 2).halt.remedy.startswith("Quá 60 tuổi: đề nghị Ban Thường vụ")
    assert story(result, 2).next.key == REMEDY
    assert "AGE_MAX" not in rules_at(result, 3) and story(result, 3).halt is None
    consent = [f for f in result.findings if f.row == 3 and f.rule == "AGE_OVER60"]
    assert consent and consent[0].severity is Severity.INFO and "25/03/2026" in consent[0].message


# --- §3 introducers who left; who counts in a vote ----------------------------------------------------------

def test_an_introducer_who_left_before_the_vote_blocks_without_a_replacement() -> None:
    """Hoàng Văn Dũng left on 01/02/2026, before the vote of 10/03/2026 (QĐ §3.2.2, Điều lệ Đ4.1)."""
    alone = person("Tạ Văn Một", **{"Người giới thiệu 2": "Hoàng Văn Dũng"})
    replaced = person("Tạ Văn Hai", **{"Người giới thiệu 2": "Hoàng Văn Dũng", "Người giới thiệu thay thế": "Vũ Thị Én"})
    result = run(alone, replaced)
    assert "INTRO_N" in rules_at(result, 2) and "INTRO_REPL" not in rules_at(result, 2)
    alone_story = story(result, 2)
    assert alone_story.halt.remedy.startswith("Người giới thiệu Hoàng Văn Dũng đã rời chi bộ")
    assert alone_story.next.key == REMEDY and alone_story.step("committee").when is When.AFTER
    assert "INTRO_REPL" in rules_at(result, 3) and "INTRO_N" not in rules_at(result, 3)
    assert story(result, 3).halt is None and story(result, 3).next.key == "committee"


def test_two_thirds_of_all_official_members_with_absent_ones_counted() -> None:
    """§16: 20 official members, 17 present → at least 14 in favour (⌈2/3 × 20⌉)."""
    pass_ = person("Quách Văn Đủ", **{"Số tán thành": 14, "Tổng số đảng viên chính thức": 20, "Số đảng viên dự họp": 17,
                                      "Số miễn sinh hoạt vắng mặt": 0})
    fail = person("Quách Văn Thiếu", **{"Số tán thành": 13, "Tổng số đảng viên chính thức": 20, "Số đảng viên dự họp": 17,
                                        "Số miễn sinh hoạt vắng mặt": 0})
    exempt = person("Quách Văn Miễn", **{"Số tán thành": 12, "Tổng số đảng viên chính thức": 20,
                                         "Số miễn sinh hoạt vắng mặt": 2})  # 20 − 2 = 18 → 12 needed
    result = run(pass_, fail, exempt)
    assert "VOTE_CELL" not in rules_at(result, 2)
    assert "VOTE_CELL" in rules_at(result, 3) and story(result, 3).halt is not None
    assert story(result, 3).state == "Chi bộ xét kết nạp không đạt"
    assert "VOTE_CELL" not in rules_at(result, 4) and story(result, 4).halt is None
    assert "VOTE_QUORUM" not in rules_at(result, 2)  # 17 ≥ 14 = ⌈2/3 × 20⌉ present


def test_quorum_under_two_thirds_present_is_a_warning() -> None:
    """VOTE_QUORUM [C]: 20 official members, 13 present < 14."""
    row = person("Quách Văn Vắng", **{"Số tán thành": 13, "Tổng số đảng viên chính thức": 20, "Số đảng viên dự họp": 13,
                                      "Số miễn sinh hoạt vắng mặt": 0})
    result = run(row)
    quorum = [f for f in result.findings if f.rule == "VOTE_QUORUM"]
    assert quorum and quorum[0].severity is Severity.WARNING and "13/20" in quorum[0].message


# --- §2 the plan never schedules what the rules forbid -----------------------------------------------------

def _plan_2027(*rows: list[object], members: list[list[object]] = MEMBERS) -> tuple[RunResult, list[PlanTask]]:
    result = run(*rows, year=2027, members=members)
    return result, plan_tasks(2027, list(result.timelines.values()), result.data.settings, result.calendar, AS_OF)


def tasks_of(tasks: list[PlanTask], name: str) -> list[tuple[str, dt.date | None]]:
    """(step, planned day) of a person's tasks in the plan, in plan order."""
    return [(t.step, t.start) for t in tasks if t.person == name]


PENDING = {"Ngày chi bộ xét kết nạp": None, "Số tán thành": None, "Tổng số đảng viên chính thức": None,
           "Ngày tổng hợp nhận xét": "20/10/2026"}
# A clean pending dossier: opinions 20/10/2026 + 10 working days (planning.toml) = 03/11/2026, already past on
# 16/11/2026, so the vote is planned on the reference day, Monday 16/11/2026; the committee 20 working days
# later (24/11 off) on Tuesday 15/12/2026; the decision 20 more on 13/01/2027 (01/01 off); the ceremony 10 more
# on 27/01/2027.
CLEAN_VOTE = dt.date(2026, 11, 16)


def test_no_cell_vote_is_planned_before_the_18th_birthday() -> None:
    """AGE_MIN (by months): born 05/03/2010, a full 18 on Sunday 05/03/2028 — the vote on Monday 06/03/2028, so
    nothing of hers is dated in the plan of 2027, and she is not expected to be admitted."""
    young = person("Đinh Thị Trẻ", **PENDING, **{"Ngày sinh": "05/03/2010", "Đoàn viên": "Có"})
    result, tasks = _plan_2027(young)
    t = story(result, 2)
    vote = t.step("cell_vote")
    assert (vote.when, vote.earliest, vote.day) == (When.PLANNED, dt.date(2028, 3, 5), dt.date(2028, 3, 6))
    assert t.window.earliest_why == "đủ 18 tuổi ngày 05/03/2028"
    assert [task for task in tasks_of(tasks, "Đinh Thị Trẻ") if task[1] is not None] == []  # nothing dated in 2027
    assert result.quota[0].more_expected == 0


def test_no_cell_vote_is_planned_before_twelve_months_with_each_introducer() -> None:
    """INTRO_12M: in the unit from 15/06/2026 → 12 months together on Tuesday 15/06/2027."""
    newcomer = person("Bùi Văn Mới", **PENDING, **{"Ngày về đơn vị": "15/06/2026"})
    result, tasks = _plan_2027(newcomer)
    vote = story(result, 2).step("cell_vote")
    assert (vote.when, vote.earliest, vote.day) == (When.PLANNED, dt.date(2027, 6, 15), dt.date(2027, 6, 15))
    assert [day for step, day in tasks_of(tasks, "Bùi Văn Mới") if step == "cell_vote"] == [dt.date(2027, 6, 15)]


def test_no_legal_day_when_the_certificate_expires_before_the_introducers_qualify() -> None:
    """COURSE_NT_VALID: certificate 01/03/2022 valid until 01/03/2027; INTRO_12M reached only on 15/06/2027.
    The plan holds the remedy only (at the next meeting), nothing after it."""
    stuck = person("Lý Văn Kẹt", **PENDING, **{"Ngày về đơn vị": "15/06/2026", "Ngày cấp GCN lớp nhận thức": "01/03/2022"})
    result, tasks = _plan_2027(stuck)
    why = "Trần Văn Bình đủ 12 tháng cùng công tác ngày 15/06/2027; GCN lớp nhận thức hết giá trị sau ngày 01/03/2027"
    t = story(result, 2)
    assert (t.next.key, t.next.rule, t.next.day) == (REMEDY, "COURSE_NT_VALID", NEXT_MEETING)
    assert t.next.content == (f"GCN lớp nhận thức hết giá trị trước ngày sớm nhất chi bộ được xét ({why}): "
                              "đề nghị cử đi học lại lớp bồi dưỡng nhận thức về Đảng")
    assert (t.step("cell_vote").when, t.step("cell_vote").reason) == (When.AFTER, why)
    assert tasks_of(tasks, "Lý Văn Kẹt") == [(REMEDY, NEXT_MEETING)]
    assert result.quota[0].more_expected == 0


# Đào Văn Sau: official from 20/03/2027 (recorded); Tạ Văn Dự: probationary since 05/11/2025, recognition pending.
LATE_OFFICIAL = MEMBERS + [["Đào Văn Sau", "20/03/2026", "20/03/2027", "01/01/2020", None, None],
                           ["Tạ Văn Dự", "05/11/2025", None, "01/01/2020", None, "Đảng viên dự bị"]]


def test_no_cell_vote_is_planned_before_the_introducer_is_official() -> None:
    """INTRO_OFFICIAL: the introducer is official from Saturday 20/03/2027 → the vote on Monday 22/03/2027 at the
    earliest; a control dossier introduced by two long-official members is planned earlier."""
    waiting = person("Phan Văn Chờ", **PENDING, **{"Người giới thiệu 2": "Đào Văn Sau"})
    result, tasks = _plan_2027(waiting, person("Phạm Văn Tú", **PENDING), members=LATE_OFFICIAL)
    vote = story(result, 2).step("cell_vote")
    assert (vote.when, vote.earliest, vote.day, vote.note) == (When.PLANNED, dt.date(2027, 3, 20), dt.date(2027, 3, 22), "")
    assert ("cell_vote", dt.date(2027, 3, 22)) in tasks_of(tasks, "Phan Văn Chờ")
    assert ("cell_vote", CLEAN_VOTE) in tasks_of(tasks, "Phạm Văn Tú")


def test_no_cell_vote_is_planned_while_the_introducer_awaits_recognition() -> None:
    """INTRO_OFFICIAL: a probationary introducer with no official date yet — no legal day is known, none invented:
    the vote waits (AFTER) and the remedy (another introducer, or wait for the recognition) is planned instead."""
    waiting = person("Phan Thị Đợi", **PENDING, **{"Người giới thiệu 2": "Tạ Văn Dự"})
    result, tasks = _plan_2027(waiting, members=LATE_OFFICIAL)
    t = story(result, 2)
    assert (t.next.key, t.next.rule, t.next.day) == (REMEDY, "INTRO_OFFICIAL", NEXT_MEETING)
    assert t.next.content == ("Cử đảng viên chính thức khác giới thiệu thay đồng chí Tạ Văn Dự (chưa là đảng viên "
                              "chính thức), hoặc chờ đồng chí Tạ Văn Dự được công nhận chính thức rồi chi bộ xét")
    vote = t.step("cell_vote")
    assert (vote.when, vote.day, vote.reason) == (
        When.AFTER, None, "Tạ Văn Dự chưa là đảng viên chính thức (chờ quyết định công nhận)")
    mine = [task for task in tasks if task.person == "Phan Thị Đợi"]
    assert [(task.step, task.start) for task in mine] == [(REMEDY, NEXT_MEETING)]
    assert mine[0].basis.startswith("Điều lệ Đảng")
    assert result.quota[0].more_expected == 0


def test_no_cell_vote_is_planned_until_a_departed_introducer_is_replaced() -> None:
    """INTRO_N: Hoàng Văn Dũng left 01/02/2026 and no replacement is recorded — the vote waits for one; with
    Vũ Thị Én recorded as replacement (INTRO_REPL, no 12 months needed) the vote is planned like a clean dossier."""
    alone = person("Đỗ Văn Một", **PENDING, **{"Người giới thiệu 2": "Hoàng Văn Dũng"})
    replaced = person("Đỗ Văn Hai", **PENDING, **{"Người giới thiệu 2": "Hoàng Văn Dũng",
                                                   "Người giới thiệu thay thế": "Vũ Thị Én"})
    result, tasks = _plan_2027(alone, replaced, person("Phạm Văn Tú", **PENDING))
    t = story(result, 2)
    assert (t.next.key, t.next.rule) == (REMEDY, "INTRO_N")
    assert t.next.content == ("Chi bộ cử đảng viên chính thức giới thiệu thay đồng chí Hoàng Văn Dũng (chuyển đi ngày "
                              "01/02/2026); ghi ở cột Người giới thiệu thay thế")
    assert (t.step("cell_vote").when, t.step("cell_vote").reason) == (
        When.AFTER, "thiếu người giới thiệu: Hoàng Văn Dũng chuyển đi ngày 01/02/2026, chưa có người giới thiệu thay thế")
    assert tasks_of(tasks, "Đỗ Văn Một") == [(REMEDY, NEXT_MEETING)]
    vote = story(result, 3).step("cell_vote")
    assert (vote.when, vote.day, vote.note) == (When.PLANNED, CLEAN_VOTE, "")
    other = story(result, 4).step("cell_vote")
    assert (other.when, other.day) == (When.PLANNED, CLEAN_VOTE)


def test_over_60_plan_includes_the_provincial_consent_step() -> None:
    """AGE_OVER60: born 01/01/1963; the consent comes before the competent committee decides. Committee on
    15/12/2026 (see CLEAN_VOTE); consent 20 working days later (01/01 off) on 13/01/2027; the decision 20 more,
    Tết 04–05/02 and 08–10/02/2027 off, on Wednesday 17/02/2027."""
    old = person("Lương Văn Lão", **PENDING, **{"Ngày sinh": "01/01/1963"})
    young = person("Phạm Văn Tú", **PENDING)
    _, tasks = _plan_2027(old, young)
    consent = "Đề nghị Ban Thường vụ tỉnh ủy đồng ý bằng văn bản (người vào Đảng trên 60 tuổi)"
    old_steps = tasks_of(tasks, "Lương Văn Lão")
    assert old_steps[:4] == [("cell_vote", CLEAN_VOTE), ("committee", dt.date(2026, 12, 15)),
                             ("consent", dt.date(2027, 1, 13)), ("decision", dt.date(2027, 2, 17))]
    assert consent in [t.content for t in tasks if t.person == "Lương Văn Lão"]
    assert consent not in [t.content for t in tasks if t.person == "Phạm Văn Tú"]
    assert ("decision", dt.date(2027, 1, 13)) in tasks_of(tasks, "Phạm Văn Tú")


def test_the_calendar_of_deadlines_has_nothing_after_a_failed_vote() -> None:
    """`chibo lich`: a failed vote leaves no DEC_60WD event and no step of the procedure, only its remedy at the
    next monthly meeting (Friday 20/03/2026 → Wednesday 25/03/2026); the passed vote keeps its deadline."""
    from addin.reports.agenda import agenda

    result = evaluate(BookInput({"Theo dõi": [HEADER, person("Nguyễn Thị Hỏng", **{"Số tán thành": 6}),
                                               person("Phạm Văn Đạt")], "Đảng viên": MEMBERS}),
                      as_of=dt.date(2026, 3, 20), year=2026)
    events = agenda(result, "Chi bộ A")
    assert [(e.day, e.summary) for e in events if "Nguyễn Thị Hỏng" in e.summary] == [
        (dt.date(2026, 3, 25), "Kế hoạch: Chi bộ xét kết nạp không đạt (lần 1): chưa đề nghị cấp trên; chi ủy tiếp tục "
                               "bồi dưỡng, chi bộ xem xét lại khi đủ điều kiện – Nguyễn Thị Hỏng")]
    # 60 working days after 10/03/2026 (27/04 Giỗ Tổ in lieu, 30/04, 01/05 off): Friday 05/06/2026
    assert ("Hạn: Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp – Phạm Văn Đạt", dt.date(2026, 6, 5)) in {
        (e.summary, e.day) for e in events}


# --- §4 rules that used to be silent ----------------------------------------------------------------------------

MEMBER_HEADER = ["Họ và tên", "Ngày vào Đảng", "Ngày chính thức", "Ngày về chi bộ"]
RECOGNISED = {"Ngày chi bộ xét kết nạp": "10/07/2024", "Ngày quyết định kết nạp": "25/08/2024",
              "Ngày lễ kết nạp": "15/09/2024", "Ngày cấp GCN lớp đảng viên mới": "01/03/2025",
              "Ngày chi bộ xét chính thức": "17/09/2025", "Số tán thành chính thức": 9,
              "Ngày cấp GCN lớp nhận thức": "20/10/2023", "Ngày làm đơn": "03/11/2023", "Ngày khai lý lịch": "10/11/2023",
              "Ngày tổng hợp nhận xét": "20/06/2024"}


def _recognised(decided: str, admitted: str, official: str) -> RunResult:
    row = person("Trịnh Văn Đủ", **RECOGNISED, **{"Ngày quyết định chính thức": decided})
    members = MEMBERS + [["Trịnh Văn Đủ", admitted, official, "15/09/2024", None, None]]
    return evaluate(BookInput({"Theo dõi": [HEADER, row], "Đảng viên": members}), as_of=dt.date(2025, 11, 1), year=2025)


def test_recognition_and_party_age_are_shown_and_compared_with_the_member_list() -> None:
    """§16: decision 25/08/2024, ceremony 15/09/2024 → party age from 25/08/2024; official from 15/09/2025."""
    agreeing = _recognised("01/10/2025", "25/08/2024", "15/09/2025")
    assert next_step_text(story(agreeing, 2)) == ("Đảng viên chính thức từ ngày 15/09/2025; tuổi đảng tính từ ngày "
                                                  "25/08/2024")
    assert not {"RECOG_DATE", "PARTY_AGE"} & set(rules_at(agreeing, 2))
    wrong = _recognised("01/10/2025", "15/09/2024", "01/10/2025")  # the ceremony and the decision typed instead
    found = {f.rule: f for f in wrong.findings if f.row == 2}
    assert found["PARTY_AGE"].message == ("Tuổi đảng tính từ ngày 25/08/2024 (ngày quyết định kết nạp), nhưng sheet "
                                          "Đảng viên ghi Ngày vào Đảng 15/09/2024.")
    assert found["RECOG_DATE"].message == ("Là đảng viên chính thức từ ngày 15/09/2025 (hết 12 tháng dự bị), nhưng "
                                           "sheet Đảng viên ghi Ngày chính thức 01/10/2025.")
    assert found["PARTY_AGE"].severity is found["RECOG_DATE"].severity is Severity.WARNING


def test_a_recognition_decided_before_the_twelve_months_is_an_error() -> None:
    early = _recognised("01/09/2025", "25/08/2024", "15/09/2025")
    found = [f for f in early.findings if f.row == 2 and f.rule == "RECOG_DATE"]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert "01/09/2025" in found[0].message and "15/09/2025" in found[0].message


def test_late_is_raised_once_for_missed_deadlines() -> None:
    """LATE (QĐ §4.2, §4.3.1): the passed vote of 10/03/2026 had its decision due 05/06/2026 (+30: 17/07/2026)."""
    result = run(person("Phạm Văn Đạt"), person("Nguyễn Văn Kịp", **{"Ngày chi bộ xét kết nạp": "02/11/2026"}))
    late = [f for f in result.findings if f.rule == "LATE"]
    assert [(f.row, f.severity) for f in late] == [(2, Severity.INFO)]
    assert "cấp có thẩm quyền ra quyết định kết nạp" in late[0].message


# --- §5 `Dự kiến kết nạp` takes periods ------------------------------------------------------------------------

@pytest.mark.parametrize("raw, period", [
    ("Quý III/2026", Period(2026, 7, 9)),
    ("quý 3/2026", Period(2026, 7, 9)),
    ("III/2026", Period(2026, 7, 9)),
    ("Q4/2026", Period(2026, 10, 12)),
    ("6/2026", Period(2026, 6, 6)),
    ("tháng 6/2026", Period(2026, 6, 6)),
    ("Tháng 12/2026", Period(2026, 12, 12)),
    ("2026", Period(2026)),
    (2026, Period(2026)),
])
def test_forecasts_are_read_as_periods(raw: object, period: Period) -> None:
    assert parse_period(raw) == period


def test_a_period_s_bounds_and_its_text() -> None:
    assert (Period(2026, 7, 9).earliest(), Period(2026, 7, 9).latest()) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert (str(Period(2026, 7, 9)), str(Period(2026, 6, 6)), str(Period(2026))) == ("Quý III/2026", "06/2026", "2026")
    assert parse_period("15/06/2026") == dt.date(2026, 6, 15)
    with pytest.raises(Unreadable):
        parse_period("13/2026")


def test_periods_in_the_register_are_no_date_errors() -> None:
    rows = [person(f"Người Số {i}", **PENDING, **{"Dự kiến kết nạp": text})
            for i, text in enumerate(["Quý III/2027", "III/2027", "6/2027", "tháng 6/2027", "2027"])]
    result = run(*rows)
    assert not [f for f in result.findings if f.column == "expected"]
    assert [c.expected for c in result.data.candidates] == [
        Period(2027, 7, 9), Period(2027, 7, 9), Period(2027, 6, 6), Period(2027, 6, 6), Period(2027)]


def test_the_quota_projection_follows_the_forecast_period() -> None:
    """Ready on 01/06/2026 to be admitted within 2026, but forecast for Quý I/2027: counted in 2027, not 2026."""
    may = {**PENDING, "Ngày tổng hợp nhận xét": "20/05/2026"}
    grids = {"Theo dõi": [HEADER, person("Hà Văn Sau", **may, **{"Dự kiến kết nạp": "Quý I/2027"}),
                          person("Hà Văn Nay", **may)],
             "Đảng viên": MEMBERS, "Chỉ tiêu": [["Năm", "Chỉ tiêu được giao"], [2026, 3], [2027, 3]]}
    result = evaluate(BookInput(grids), as_of=dt.date(2026, 6, 1), year=2026)
    assert [(q.year, q.more_expected) for q in result.quota] == [(2026, 1), (2027, 1)]


def test_the_plan_places_the_admission_inside_the_forecast_quarter() -> None:
    """Forecast Quý III/2027: the vote waits so that the decision falls on the quarter's first working day,
    Thursday 01/07/2027: counted back 20 + 20 working days (committee, decision; no day off in May–June 2027)
    the vote is Thursday 06/05/2027 and the committee Thursday 03/06/2027."""
    _, tasks = _plan_2027(person("Hà Văn Quý", **PENDING, **{"Dự kiến kết nạp": "Quý III/2027"}))
    assert tasks_of(tasks, "Hà Văn Quý")[:3] == [
        ("cell_vote", dt.date(2027, 5, 6)), ("committee", dt.date(2027, 6, 3)), ("decision", dt.date(2027, 7, 1))]
    decision = [t for t in tasks if t.person == "Hà Văn Quý" and t.step == "decision"]
    assert decision[0].content == "Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp" and not decision[0].note


def test_a_certificate_years_from_its_end_is_not_the_votes_deadline() -> None:
    """Issue 17 §4: the vote planned on 16/11/2026 (see PENDING). A certificate of 20/10/2025 is valid until
    20/10/2030: it caps the vote's day but is not shown as its deadline (nor in `Hạn`). One of 20/02/2022 ends on
    Sunday 20/02/2027, within 12 months (planning.toml [deadlines]): the vote's deadline is Friday 19/02/2027."""
    fresh = person("Ngô Văn Mới", **PENDING)
    ending = person("Ngô Văn Hạn", **PENDING, **{"Ngày cấp GCN lớp nhận thức": "20/02/2022"})
    result = run(fresh, ending, year=2027)
    far, near = story(result, 2).step("cell_vote"), story(result, 3).step("cell_vote")
    assert (far.when, far.day, far.deadline, far.deadline_rule) == (When.PLANNED, dt.date(2026, 11, 16), None, "")
    assert (near.day, near.deadline, near.deadline_rule) == (dt.date(2026, 11, 16), dt.date(2027, 2, 19), "COURSE_NT_VALID")
