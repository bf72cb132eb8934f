"""A procedure an error stops: the next step is the remedy, the plan does not go on, the quota does not count it;
and what must not stop it (an unneeded introducer who left) does not."""
from __future__ import annotations

import datetime as dt

import rules_helpers
from rules_helpers import (
    INTRODUCER_1,
    INTRODUCER_2,
    cell_members,
    context,
    d,
    dossier,
    member,
    rules_of,
    timelines,
    youth_dossier,
)

from addin.rules.checks import assess_register
from addin.rules.plan import plan_tasks
from addin.rules.procedure import StepKey
from addin.rules.stages import Stage, Status
from addin.rules.timeline import REMEDY, When
from addin.rules.votes import Outcome, Vote
from addin.workbook.book import BookInput
from addin.workbook.outputs import next_step_text
from addin.workbook.run import evaluate

AS_OF = dt.date(2026, 11, 16)
HEADER = ["Họ và tên", "Ngày sinh", "Trình độ học vấn", "Ngày về đơn vị", "Ngày cấp GCN lớp nhận thức", "Ngày làm đơn",
          "Ngày khai lý lịch", "Người giới thiệu 1", "Người giới thiệu 2", "Ngày tổng hợp nhận xét",
          "Ngày chi bộ xét kết nạp", "Số tán thành", "Tổng số đảng viên chính thức", "Dự kiến kết nạp"]
FAILED_VOTE = ["Đoàn Thị Mỹ Linh", "30/05/1992", "Đại học", "02/12/2019", "27/03/2026", "04/05/2026", "18/05/2026",
               "Trần Văn Bình", "Lê Thị Cúc", "28/10/2026", "04/11/2026", 6, 10, "2/2027"]
PASSED_VOTE = ["Phạm Văn Tú", "11/02/1990", "Đại học", "01/08/2018", "27/03/2026", "06/04/2026", "20/04/2026",
               "Trần Văn Bình", "Lê Thị Cúc", "30/09/2026", "07/10/2026", 9, 10, "12/2026"]
EXPIRED_COURSE = ["Đinh Văn Quang", "01/01/1988", "12/12", "01/01/2015", "12/08/2021", "01/10/2025", "10/10/2025",
                  "Trần Văn Bình", "Lê Thị Cúc", None, None, None, None, "12/2026"]
MEMBERS = [["Họ và tên", "Ngày vào Đảng", "Ngày chính thức", "Ngày về chi bộ"],
           ["Trần Văn Bình", "01/05/2008", "01/05/2009", "01/01/2015"],
           ["Lê Thị Cúc", "01/05/2008", "01/05/2009", "01/01/2015"]]


def run():
    grids = {"Theo dõi": [HEADER, FAILED_VOTE, PASSED_VOTE, EXPIRED_COURSE], "Đảng viên": MEMBERS,
             "Chỉ tiêu": [["Năm", "Chỉ tiêu được giao"], [2026, 3]]}
    return evaluate(BookInput(grids), as_of=AS_OF, year=2027)


# The cell's next monthly meeting after Monday 16/11/2026: the 25th (planning.toml), Wednesday 25/11/2026 (24/11,
# the culture day, is off; the 25th is not). A remedy is planned on it.
NEXT_MEETING = dt.date(2026, 11, 25)


def test_a_failed_vote_stops_the_procedure_and_says_what_to_do() -> None:
    result = run()
    failed, passed, expired = (result.timelines[r] for r in (2, 3, 4))
    assert failed.halt.remedy.startswith("Chi bộ xét kết nạp không đạt (lần 1)")
    assert failed.state == "Chi bộ xét kết nạp không đạt" and failed.status is Status.BLOCKED
    assert (failed.next.key, failed.next.content, failed.next.deadline) == (REMEDY, failed.halt.remedy, None)
    # DEC_60WD from the passed vote of Wednesday 07/10/2026: 60 working days, 24/11 off → Thursday 31/12/2026
    assert passed.halt is None and (passed.next.deadline_rule, passed.next.deadline) == ("DEC_60WD", dt.date(2026, 12, 31))
    assert expired.halt.remedy.startswith("GCN lớp nhận thức hết giá trị: cử đi học lại")
    assert expired.next.key == REMEDY


def test_after_a_failed_vote_the_remedy_comes_first_and_the_vote_waits_for_it() -> None:
    """Issue 16 §3: 6/10 < 7 = ⌈2/3 × 10⌉ (VOTE_CELL). The state is the failed vote, the first step is the remedy
    at the next meeting, the vote again waits for it ("sau khi …"), and nothing recommends admission."""
    linh = run().timelines[2]
    assert linh.state == "Chi bộ xét kết nạp không đạt"
    assert (linh.todo[0].key, linh.todo[0].when, linh.todo[0].day) == (REMEDY, When.PLANNED, NEXT_MEETING)
    vote = linh.step("cell_vote")
    assert vote.when is When.AFTER and vote.day is None and vote.reason.startswith("sau khi")
    assert all(t.when is When.AFTER for t in linh.todo[1:])  # no committee or decision step is dated
    assert linh.event(StepKey.CELL_VOTE).day == dt.date(2026, 11, 4) and linh.tally(Vote.ADMISSION).outcome is Outcome.FAILED
    assert next_step_text(linh) == ("Chi bộ xét kết nạp không đạt (lần 1): chưa đề nghị cấp trên; chi ủy tiếp tục bồi "
                                    "dưỡng, chi bộ xem xét lại khi đủ điều kiện (dự kiến 25/11/2026)")


def test_the_plan_gives_a_blocked_person_the_remedy_only() -> None:
    result = run()
    tasks = plan_tasks(2027, list(result.timelines.values()), result.data.settings, result.calendar, AS_OF)
    linh = [t for t in tasks if t.person == "Đoàn Thị Mỹ Linh"]
    assert [(t.step, t.start) for t in linh] == [(REMEDY, NEXT_MEETING)]
    assert linh[0].content.startswith("Chi bộ xét kết nạp không đạt (lần 1)")
    quang = [(t.step, t.start) for t in tasks if t.person == "Đinh Văn Quang"]
    assert quang == [(REMEDY, NEXT_MEETING)]
    tu = [t.content for t in tasks if t.person == "Phạm Văn Tú"]
    assert tu and not any(t.startswith("Chi bộ xét kết nạp không đạt") for t in tu)


def test_blocked_people_are_not_counted_as_admissions_still_possible() -> None:
    """Tú: committee on the reference day 16/11/2026 (07/10 + 20 working days is already past), the decision 20
    working days later (24/11 off) on Tuesday 15/12/2026 — within 2026. Linh's and Quang's admissions wait for
    their remedies: no day, not counted."""
    result = run()
    quota = result.quota[0]
    assert quota.year == 2026 and quota.in_pipeline == 3
    admission = {t.name: t.admission_day("decision") for t in result.timelines.values()}
    assert admission == {"Đoàn Thị Mỹ Linh": None, "Phạm Văn Tú": dt.date(2026, 12, 15), "Đinh Văn Quang": None}
    assert quota.more_expected == 1  # Phạm Văn Tú only


def test_a_halt_resting_on_an_absent_column_neither_halts_nor_hides_deadlines():
    # No `Đoàn viên` column: whether this 25-year-old is a Youth Union member is unknown, so YOUTH_DV (a
    # blocking error) is not checked, and the dossier is not halted: its decision deadline runs and shows.
    # Cell vote 08/07/2026 → DEC_60WD 02/10/2026 (60 wd, 31/8–2/9 off, Sat 22/8 worked); with the 30 wd
    # extension 13/11/2026 (Oct 5–30 = 20, Nov 2–13 = 10), also past on 16/11/2026: an error, and LATE.
    header = HEADER + ["Ngày NQ giới thiệu của Đoàn/Công đoàn", "Ngày quyết định kết nạp"]
    young = ["Trịnh Thị Thảo", "11/02/2001", "Đại học", "01/08/2023", "27/03/2026", "06/04/2026", "20/04/2026",
             "Trần Văn Bình", None, "30/06/2026", "08/07/2026", 2, 2, "12/2026", "25/06/2026", None]
    result = evaluate(BookInput({"Theo dõi": [header, young], "Đảng viên": MEMBERS}), as_of=AS_OF, year=2027)
    mine = [f for f in result.findings if f.person == "Trịnh Thị Thảo"]
    assert "YOUTH_DV" not in {f.rule for f in mine}
    decision = next(f for f in mine if f.rule == "DEC_60WD")
    assert decision.severity.name == "ERROR" and "02/10/2026" in decision.message
    assert "LATE" in {f.rule for f in mine}
    t = result.timelines[2]
    assert t.halt is None and t.status is not Status.BLOCKED
    assert (t.next.deadline, t.next.deadline_rule) == (dt.date(2026, 10, 2), "DEC_60WD")
    # no `Ngày đảng ủy xét` column: whether the đảng ủy met is unknown; the decision's column is there and empty,
    # so the decision is known not made and overdue, as `Kiểm tra` says (DEC_60WD), and `Hạn` is coloured so
    assert (t.next.key, t.next.when) == ("committee", When.UNKNOWN)
    decision = t.step("decision")
    assert (decision.when, decision.deadline) == (When.OVERDUE, dt.date(2026, 10, 2))
    assert t.status is Status.OVERDUE


# --- introducers (INTRO_N, INTRO_OFFICIAL) on the timeline -------------------------------------------------------

def test_a_youth_union_member_introduced_by_the_union_and_one_member_is_not_held_back_by_a_second_who_left() -> None:
    """Issue 16, the hand-worked case (INTRO_N, Điều lệ Đ4.1): a 22-year-old Youth Union member introduced by the
    Youth Union committee's resolution (25/05/2024) and one official member needs no second introducer; the
    second one recorded left the cell on 01/03/2024. No INTRO_N, and the vote is planned: opinions on Saturday
    01/06/2024 + 10 working days (no day off in June 2024) → Friday 14/06/2024."""
    members = (member(INTRODUCER_1, row=2), member(INTRODUCER_2, row=3, left="01/03/2024"), *cell_members()[2:])
    ctx = context(rules_helpers.AS_OF[Stage.DOSSIER], members=members)
    youth = youth_dossier(Stage.DOSSIER, introducer_2=INTRODUCER_2)
    found, _ = assess_register([youth], ctx)
    assert "INTRO_N" not in rules_of(found)
    t = timelines([youth], ctx)[0]
    assert t.halt is None and t.next.key == "cell_vote"
    assert (t.next.when, t.next.day) == (When.PLANNED, d("14/06/2024"))
    # control: without the Youth Union's resolution the member who left was needed — INTRO_N, the vote waits
    alone = youth_dossier(Stage.DOSSIER, introducer_2=INTRODUCER_2, union_intro_date=None)
    found, _ = assess_register([alone], ctx)
    assert "INTRO_N" in rules_of(found)
    assert timelines([alone], ctx)[0].step("cell_vote").when is When.AFTER


def test_an_introducer_still_probationary_holds_the_vote_and_plans_the_remedy() -> None:
    """INTRO_OFFICIAL (Điều lệ Đ4.2): the second introducer is a probationary member (no official date): the vote
    cannot be dated (AFTER) and the remedy — another introducer, or wait for the recognition — comes first."""
    members = (member(INTRODUCER_1, row=2), member(INTRODUCER_2, official=None, admitted="01/09/2023", row=3),
               *cell_members()[2:])
    ctx = context(rules_helpers.AS_OF[Stage.DOSSIER], members=members)
    t = timelines([dossier(Stage.DOSSIER)], ctx)[0]  # the adult dossier: introduced by the two members
    assert t.step("cell_vote").when is When.AFTER and t.step("cell_vote").day is None
    assert t.next.key == REMEDY and t.next.rule == "INTRO_OFFICIAL"
    assert t.next.content == ("Cử đảng viên chính thức khác giới thiệu thay đồng chí Lê Thị Cúc (chưa là đảng viên "
                              "chính thức), hoặc chờ đồng chí Lê Thị Cúc được công nhận chính thức rồi chi bộ xét")
