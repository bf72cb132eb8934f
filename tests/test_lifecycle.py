"""A dossier's life after something goes wrong (issue 10 §1, §3), on a real register grid.

Expected dates and ids are worked by hand from party-rules.md (§4, §6, §7, §16), never computed
by the code under test.
"""
from __future__ import annotations

import datetime as dt

import pytest

from addin.rules.findings import Severity
from addin.rules.values import Period, Unreadable, parse_period
from addin.workbook.book import BookInput
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


# --- §1 a failed vote sends nothing up ---------------------------------------------------------------

def test_a_failed_cell_vote_runs_no_decision_deadline_and_is_not_overdue() -> None:
    """6/10 < 7 = ⌈2/3 × 10⌉ (VOTE_CELL): no DEC_60WD after it; the passed vote of the same day is overdue."""
    result = run(person("Nguyễn Thị Hỏng", **{"Số tán thành": 6}), person("Phạm Văn Đạt"))
    failed, passed = result.progress[2], result.progress[3]
    assert "DEC_60WD" not in rules_at(result, 2) and "VOTE_CELL" in rules_at(result, 2)
    assert (failed.deadline, failed.deadline_rule, failed.status) == (None, None, "blocked")
    assert failed.stage_label == "Chi bộ xét kết nạp không đạt"
    assert failed.next_step == ("Chi bộ xét kết nạp không đạt (lần 1): chưa đề nghị cấp trên; chi ủy tiếp tục bồi dưỡng, "
                                "chi bộ xem xét lại khi đủ điều kiện")
    # the passed vote: 60 working days after 10/03/2026 (30/04, 01/05 off) is 05/06/2026, long past on 16/11/2026
    assert (passed.deadline, passed.deadline_rule, passed.status) == (dt.date(2026, 6, 5), "DEC_60WD", "overdue")
    assert result.quota[0].overdue == 1  # only the passed vote's decision


def test_third_failed_cell_vote_goes_to_the_superior_committee() -> None:
    """VOTE_3FAIL (QĐ §4.2.c) counts the failed votes recorded, here 3, and applies to admission too."""
    result = run(person("Nguyễn Thị Hỏng", **{"Số tán thành": 6, "Số lần xét kết nạp không đạt": 3}),
                 person("Lê Văn Lần Hai", **{"Số tán thành": 6, "Số lần xét kết nạp không đạt": 2}))
    assert "VOTE_3FAIL" in rules_at(result, 2) and "VOTE_3FAIL" not in rules_at(result, 3)
    assert result.progress[2].next_step == "Đã 3 lần biểu quyết không đủ 2/3: báo cáo cấp ủy cấp trên xem xét, quyết định"
    assert result.progress[3].next_step.startswith("Chi bộ xét kết nạp không đạt (lần 2)")


def test_a_failed_party_committee_vote_stops_the_decision_deadline() -> None:
    """VOTE_DU (HD 06 §3.7.a): 5 of 9 committee members < 6 = ⌈2/3 × 9⌉."""
    result = run(person("Đỗ Văn Ủy", **{"Ngày đảng ủy xét": "20/03/2026", "Số cấp ủy viên tán thành": 5,
                                         "Tổng số cấp ủy viên": 9}),
                 person("Đỗ Văn Đủ", **{"Ngày đảng ủy xét": "20/03/2026", "Số cấp ủy viên tán thành": 6,
                                         "Tổng số cấp ủy viên": 9}))
    assert "VOTE_DU" in rules_at(result, 2) and "DEC_60WD" not in rules_at(result, 2)
    assert result.progress[2].stage_label == "Đảng ủy xét không đạt"
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
    failed = result.progress[2]
    assert failed.stage_label == "Xét chuyển chính thức không đạt" and failed.deadline is None
    assert failed.next_step.startswith("Xét chuyển chính thức không đạt (lần 1): chi bộ xem xét lại")
    assert "RECOG_DEC_30WD" in rules_at(result, 3)  # the passed one's decision is overdue on 16/11/2026


def test_premature_recognition_vote_is_voted_again_after_probation() -> None:
    """§16: ceremony 15/09/2024 → probation ends 15/09/2025; a vote on 01/09/2025 does not count.

    RECOG_CELL_30WD runs from 15/09/2025 (Monday): 30 working days later is Monday 27/10/2025.
    """
    early = person("Trịnh Thị Sớm", **{"Ngày chi bộ xét kết nạp": "10/07/2024", "Ngày quyết định kết nạp": "25/08/2024",
                                        "Ngày lễ kết nạp": "15/09/2024", "Ngày cấp GCN lớp đảng viên mới": "01/03/2025",
                                        "Ngày chi bộ xét chính thức": "01/09/2025", "Số tán thành chính thức": 9,
                                        "Ngày cấp GCN lớp nhận thức": "20/10/2023", "Ngày làm đơn": "03/11/2023",
                                        "Ngày khai lý lịch": "10/11/2023", "Ngày tổng hợp nhận xét": "20/06/2024"})
    grids = {"Theo dõi": [HEADER, early], "Đảng viên": MEMBERS}
    result = evaluate(BookInput(grids), as_of=dt.date(2025, 9, 10), year=2025)
    p = result.progress[2]
    assert p.next_step == "Chi bộ xét chuyển chính thức trước khi hết dự bị: chi bộ xét lại sau ngày 14/09/2025"
    assert (p.deadline, p.deadline_rule) == (dt.date(2025, 10, 27), "RECOG_CELL_30WD")
    assert "RECOG_DEC_30WD" not in rules_at(result, 2)


# --- §1 errors at the vote block the dossier ------------------------------------------------------------

def test_an_expired_certificate_at_the_vote_blocks_and_stops_the_deadlines() -> None:
    """§16: certificate 15/01/2020 expired after 15/01/2025; a vote on 03/02/2025 breaks COURSE_NT_VALID."""
    row = person("Cao Văn Hạn", **{"Ngày cấp GCN lớp nhận thức": "15/01/2020", "Ngày làm đơn": "01/10/2024",
                                   "Ngày khai lý lịch": "10/10/2024", "Ngày tổng hợp nhận xét": "20/01/2025",
                                   "Ngày chi bộ xét kết nạp": "03/02/2025"})
    result = run(row)
    assert "COURSE_NT_VALID" in rules_at(result, 2) and "DEC_60WD" not in rules_at(result, 2)
    assert result.progress[2].next_step.startswith("GCN lớp nhận thức hết giá trị: cử đi học lại")
    assert result.quota[0].more_expected == 0 and result.quota[0].overdue == 0


def test_over_60_without_consent_at_the_vote_blocks_and_with_consent_does_not() -> None:
    """AGE_MAX/AGE_OVER60 (QĐ 294 §1.1.1–2): born 01/01/1963, 63 on 10/03/2026."""
    without = person("Lương Văn Lão", **{"Ngày sinh": "01/01/1963"})
    consented = person("Lương Văn Thọ", **{"Ngày sinh": "01/01/1963", "Ngày BTV tỉnh ủy đồng ý": "25/03/2026"})
    result = run(without, consented)
    assert "AGE_MAX" in rules_at(result, 2) and result.progress[2].blocked.startswith("Quá 60 tuổi: đề nghị Ban Thường vụ")
    assert "AGE_MAX" not in rules_at(result, 3) and not result.progress[3].blocked
    consent = [f for f in result.findings if f.row == 3 and f.rule == "AGE_OVER60"]
    assert consent and consent[0].severity is Severity.INFO and "25/03/2026" in consent[0].message


# --- §3 introducers who left; who counts in a vote ----------------------------------------------------------

def test_an_introducer_who_left_before_the_vote_blocks_without_a_replacement() -> None:
    """Hoàng Văn Dũng left on 01/02/2026, before the vote of 10/03/2026 (QĐ §3.2.2, Điều lệ Đ4.1)."""
    alone = person("Tạ Văn Một", **{"Người giới thiệu 2": "Hoàng Văn Dũng"})
    replaced = person("Tạ Văn Hai", **{"Người giới thiệu 2": "Hoàng Văn Dũng", "Người giới thiệu thay thế": "Vũ Thị Én"})
    result = run(alone, replaced)
    assert "INTRO_N" in rules_at(result, 2) and "INTRO_REPL" not in rules_at(result, 2)
    assert result.progress[2].blocked.startswith("Người giới thiệu Hoàng Văn Dũng đã rời chi bộ")
    assert "INTRO_REPL" in rules_at(result, 3) and "INTRO_N" not in rules_at(result, 3)
    assert not result.progress[3].blocked


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
    assert "VOTE_CELL" in rules_at(result, 3) and result.progress[3].blocked
    assert "VOTE_CELL" not in rules_at(result, 4) and not result.progress[4].blocked
    assert "VOTE_QUORUM" not in rules_at(result, 2)  # 17 ≥ 14 = ⌈2/3 × 20⌉ present


def test_quorum_under_two_thirds_present_is_a_warning() -> None:
    """VOTE_QUORUM [C]: 20 official members, 13 present < 14."""
    row = person("Quách Văn Vắng", **{"Số tán thành": 13, "Tổng số đảng viên chính thức": 20, "Số đảng viên dự họp": 13,
                                      "Số miễn sinh hoạt vắng mặt": 0})
    result = run(row)
    quorum = [f for f in result.findings if f.rule == "VOTE_QUORUM"]
    assert quorum and quorum[0].severity is Severity.WARNING and "13/20" in quorum[0].message


# --- §2 the plan never schedules what the rules forbid -----------------------------------------------------

def _plan_2027(*rows: list[object], members: list[list[object]] = MEMBERS):
    from addin.rules.plan import plan_tasks

    result = run(*rows, year=2027, members=members)
    data = result.data
    return result, plan_tasks(2027, data.candidates, result.progress, data.settings, result.calendar, AS_OF)


PENDING = {"Ngày chi bộ xét kết nạp": None, "Số tán thành": None, "Tổng số đảng viên chính thức": None,
           "Ngày tổng hợp nhận xét": "20/10/2026"}


def test_no_cell_vote_is_planned_before_the_18th_birthday() -> None:
    """AGE_MIN (by months): born 05/03/2010, a full 18 on 05/03/2028 — no legal vote day in 2027."""
    young = person("Đinh Thị Trẻ", **PENDING, **{"Ngày sinh": "05/03/2010", "Đoàn viên": "Có"})
    result, tasks = _plan_2027(young)
    mine = [t for t in tasks if t.person == "Đinh Thị Trẻ"]
    vote = [t for t in mine if t.content == "Chi bộ họp xét, đề nghị kết nạp"]
    assert len(vote) == 1 and vote[0].note == "Chưa có ngày hợp lệ trong năm 2027: đủ 18 tuổi ngày 05/03/2028"
    assert vote[0].end >= dt.date(2028, 3, 6)  # 05/03/2028 is a Sunday: the next working day is Monday 06/03/2028
    assert not any("lễ kết nạp" in t.content for t in mine)
    assert result.quota[0].more_expected == 0


def test_no_cell_vote_is_planned_before_twelve_months_with_each_introducer() -> None:
    """INTRO_12M: in the unit from 15/06/2026 → 12 months together on Tuesday 15/06/2027."""
    newcomer = person("Bùi Văn Mới", **PENDING, **{"Ngày về đơn vị": "15/06/2026"})
    _, tasks = _plan_2027(newcomer)
    vote = [t for t in tasks if t.person == "Bùi Văn Mới" and t.content == "Chi bộ họp xét, đề nghị kết nạp"]
    assert len(vote) == 1 and vote[0].end == dt.date(2027, 6, 15)


def test_no_legal_day_when_the_certificate_expires_before_the_introducers_qualify() -> None:
    """COURSE_NT_VALID: certificate 01/03/2022 valid until 01/03/2027; INTRO_12M reached only on 15/06/2027."""
    stuck = person("Lý Văn Kẹt", **PENDING, **{"Ngày về đơn vị": "15/06/2026", "Ngày cấp GCN lớp nhận thức": "01/03/2022"})
    result, tasks = _plan_2027(stuck)
    mine = [t for t in tasks if t.person == "Lý Văn Kẹt"]
    assert mine[-1].note == ("Không có ngày hợp lệ: Trần Văn Bình đủ 12 tháng cùng công tác ngày 15/06/2027; "
                             "GCN lớp nhận thức hết giá trị sau ngày 01/03/2027")
    assert not any("Đảng ủy" in t.content or "lễ kết nạp" in t.content for t in mine)
    assert result.quota[0].more_expected == 0


CELL_VOTE = "Chi bộ họp xét, đề nghị kết nạp"
# Đào Văn Sau: official from 20/03/2027 (recorded); Tạ Văn Dự: probationary since 05/11/2025, recognition pending.
LATE_OFFICIAL = MEMBERS + [["Đào Văn Sau", "20/03/2026", "20/03/2027", "01/01/2020", None, None],
                           ["Tạ Văn Dự", "05/11/2025", None, "01/01/2020", None, "Đảng viên dự bị"]]


def test_no_cell_vote_is_planned_before_the_introducer_is_official() -> None:
    """INTRO_OFFICIAL: the introducer is official from Saturday 20/03/2027 → the vote on Monday 22/03/2027 at the
    earliest; a control dossier introduced by two long-official members is planned earlier."""
    waiting = person("Phan Văn Chờ", **PENDING, **{"Người giới thiệu 2": "Đào Văn Sau"})
    _, tasks = _plan_2027(waiting, person("Phạm Văn Tú", **PENDING), members=LATE_OFFICIAL)
    vote = [t for t in tasks if t.person == "Phan Văn Chờ" and t.content == CELL_VOTE]
    control = [t for t in tasks if t.person == "Phạm Văn Tú" and t.content == CELL_VOTE]
    assert len(vote) == 1 and vote[0].end == dt.date(2027, 3, 22) and not vote[0].note
    assert control[0].end < dt.date(2027, 3, 20)


def test_no_cell_vote_is_planned_while_the_introducer_awaits_recognition() -> None:
    """INTRO_OFFICIAL: a probationary introducer with no official date yet — no legal day is known, none invented."""
    waiting = person("Phan Thị Đợi", **PENDING, **{"Người giới thiệu 2": "Tạ Văn Dự"})
    result, tasks = _plan_2027(waiting, members=LATE_OFFICIAL)
    mine = [t for t in tasks if t.person == "Phan Thị Đợi"]
    assert mine[-1].content == CELL_VOTE
    assert mine[-1].note == "Chưa xác định được ngày hợp lệ: Tạ Văn Dự chưa là đảng viên chính thức (chờ quyết định công nhận)"
    assert mine[-1].basis.startswith("Điều lệ Đảng")
    assert not any("Đảng ủy" in t.content or "lễ kết nạp" in t.content for t in mine)
    assert result.quota[0].more_expected == 0


def test_no_cell_vote_is_planned_until_a_departed_introducer_is_replaced() -> None:
    """INTRO_N: Hoàng Văn Dũng left 01/02/2026 and no replacement is recorded — the vote waits for one; with
    Vũ Thị Én recorded as replacement (INTRO_REPL, no 12 months needed) the vote is planned like a clean dossier."""
    alone = person("Đỗ Văn Một", **PENDING, **{"Người giới thiệu 2": "Hoàng Văn Dũng"})
    replaced = person("Đỗ Văn Hai", **PENDING, **{"Người giới thiệu 2": "Hoàng Văn Dũng",
                                                   "Người giới thiệu thay thế": "Vũ Thị Én"})
    _, tasks = _plan_2027(alone, replaced, person("Phạm Văn Tú", **PENDING))
    mine = [t for t in tasks if t.person == "Đỗ Văn Một"]
    assert mine[-1].content == CELL_VOTE
    assert mine[-1].note == ("Chưa xác định được ngày hợp lệ: thiếu người giới thiệu: Hoàng Văn Dũng chuyển đi "
                             "ngày 01/02/2026, chưa có người giới thiệu thay thế")
    assert not any("lễ kết nạp" in t.content for t in mine)
    vote = {t.person: t for t in tasks if t.content == CELL_VOTE}
    assert vote["Đỗ Văn Hai"].note == "" and vote["Đỗ Văn Hai"].end == vote["Phạm Văn Tú"].end


def test_over_60_plan_includes_the_provincial_consent_step() -> None:
    """AGE_OVER60: born 01/01/1963; the consent comes before the competent committee decides."""
    old = person("Lương Văn Lão", **PENDING, **{"Ngày sinh": "01/01/1963"})
    young = person("Phạm Văn Tú", **PENDING)
    _, tasks = _plan_2027(old, young)
    consent = "Đề nghị Ban Thường vụ tỉnh ủy đồng ý bằng văn bản (người vào Đảng trên 60 tuổi)"
    old_steps = [t.content for t in tasks if t.person == "Lương Văn Lão"]
    assert consent in old_steps
    assert old_steps.index(consent) < old_steps.index("Theo dõi, đôn đốc cấp có thẩm quyền ra quyết định kết nạp")
    assert consent not in [t.content for t in tasks if t.person == "Phạm Văn Tú"]


def test_the_calendar_of_deadlines_has_nothing_after_a_failed_vote() -> None:
    """`chibo lich`: a failed vote leaves no DEC_60WD event and no planned step; the passed vote keeps them."""
    from addin.workbook.agenda import agenda

    result = evaluate(BookInput({"Theo dõi": [HEADER, person("Nguyễn Thị Hỏng", **{"Số tán thành": 6}),
                                               person("Phạm Văn Đạt")], "Đảng viên": MEMBERS}),
                      as_of=dt.date(2026, 3, 20), year=2026)
    events = agenda(result, "Chi bộ A")
    assert not [e for e in events if "Nguyễn Thị Hỏng" in e.summary]
    # 60 working days after 10/03/2026 (30/04, 01/05 off; 27/04 Giỗ Tổ in lieu): Friday 05/06/2026
    assert ("Hạn: Cấp có thẩm quyền ra quyết định kết nạp – Phạm Văn Đạt", dt.date(2026, 6, 5)) in {
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
    assert agreeing.progress[2].next_step == "Đảng viên chính thức từ ngày 15/09/2025; tuổi đảng tính từ ngày 25/08/2024"
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
    """Forecast Quý III/2027: the decision is planned on the quarter's last working day, Thursday 30/09/2027."""
    _, tasks = _plan_2027(person("Hà Văn Quý", **PENDING, **{"Dự kiến kết nạp": "Quý III/2027"}))
    decision = [t for t in tasks if t.person == "Hà Văn Quý"
                and t.content == "Theo dõi, đôn đốc cấp có thẩm quyền ra quyết định kết nạp"]
    assert len(decision) == 1 and decision[0].end == dt.date(2027, 9, 30)
