"""A procedure an error stops: the next step is the remedy, the plan does not go on, the quota does not count it."""
from __future__ import annotations

import datetime as dt

from addin.rules.plan import earliest_admission, plan_tasks
from addin.workbook.book import BookInput
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


def test_a_failed_vote_stops_the_procedure_and_says_what_to_do() -> None:
    result = run()
    failed, passed, expired = (result.progress[r] for r in (2, 3, 4))
    assert failed.blocked.startswith("Chi bộ xét kết nạp không đạt (lần 1)") and failed.deadline is None
    assert failed.stage_label == "Chi bộ xét kết nạp không đạt"
    assert failed.next_step == failed.blocked and failed.status == "blocked"
    assert not passed.blocked and passed.deadline_rule == "DEC_60WD"
    assert expired.blocked.startswith("GCN lớp nhận thức hết giá trị: cử đi học lại")


def test_the_plan_gives_a_blocked_person_the_remedy_only() -> None:
    result = run()
    tasks = plan_tasks(2027, result.data.candidates, result.progress, result.data.settings, result.calendar, AS_OF)
    linh = [t for t in tasks if t.person == "Đoàn Thị Mỹ Linh"]
    assert len(linh) == 1 and linh[0].content.startswith("Chi bộ xét kết nạp không đạt (lần 1)")
    assert linh[0].start.year == 2027 and result.calendar.is_working_day(linh[0].start)
    tu = [t.content for t in tasks if t.person == "Phạm Văn Tú"]
    assert tu and not any(t.startswith("Chi bộ xét kết nạp không đạt") for t in tu)


def test_blocked_people_are_not_counted_as_admissions_still_possible() -> None:
    result = run()
    quota = result.quota[0]
    data = result.data
    assert quota.year == 2026 and quota.in_pipeline == 3
    earliest = {c.name: earliest_admission(c, data.settings, result.calendar, AS_OF) for c in data.candidates}
    assert earliest["Đoàn Thị Mỹ Linh"].year == 2026  # were the failed vote ignored, she would count this year
    counted = [name for name, day in earliest.items()
               if day and day.year == 2026 and name not in ("Đoàn Thị Mỹ Linh", "Đinh Văn Quang")]
    assert quota.more_expected == len(counted) == 1  # Phạm Văn Tú only


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
    progress = result.progress[2]
    assert not progress.blocked and progress.deadline == dt.date(2026, 10, 2) and progress.status == "overdue"
