"""The plan document's content: work by quarter, targets and sources, from the people of test_plan.

Dates are those test_plan works out by hand (decision of Nguyễn Văn An due 29/03/2027, ceremony of
Lê Thị Cúc due 16/02/2027, recognition vote of Hoàng Thị Em due 05/03/2027, Vũ Văn Giang's decision
overdue since 28/10/2026); the quarter a date falls in is read off the calendar.
"""
from __future__ import annotations

import datetime as dt

from test_plan import AS_OF, CAL, PEOPLE, SETTINGS, tasks

from addin.rules.plan import PlanTask, plan_tasks
from addin.rules.plan_outline import year_plan
from addin.rules.plan_periods import ALL_YEAR, PeriodLine, deadlines_text, months_text, period_label, period_lines
from addin.rules.records import Candidate
from addin.rules.stages import Halt, progress

D = dt.date


def lines() -> list[PeriodLine]:
    return period_lines(tasks(), 2027)


def line(period: int, content: str) -> PeriodLine:
    return next(x for x in lines() if x.period == period and x.content.startswith(content))


def test_labels_of_periods_and_months():
    assert period_label(2, 2027) == "Quý II/2027"
    assert period_label(ALL_YEAR, 2027) == "Thường xuyên trong năm 2027"
    assert months_text(D(2027, 1, 12), D(2027, 3, 15)) == "Tháng 01 – 03/2027"
    assert months_text(D(2027, 5, 4), D(2027, 5, 4)) == "Tháng 05/2027"


def test_monthly_meetings_are_one_line_for_the_whole_year():
    monthly = [x for x in lines() if x.period == ALL_YEAR]
    assert len(monthly) == 1 and monthly[0].content.startswith("Sinh hoạt chi bộ hằng tháng")
    assert (monthly[0].first, monthly[0].last) == (D(2027, 1, 25), D(2027, 12, 24))
    assert lines()[0] == monthly[0]  # the whole year comes first


def test_one_line_per_kind_of_work_in_a_quarter_with_its_deadlines():
    ceremony = line(1, "Tổ chức lễ kết nạp")
    # Cúc planned 12/01, An 15/03: both in quarter I. Giang's decision is overdue: no ceremony is dated from it.
    assert ceremony.people == ("Lê Thị Cúc", "Nguyễn Văn An")
    # An's ceremony deadline (12/04/2027) falls in quarter II: not a deadline of quarter I.
    assert ceremony.deadlines == (("Lê Thị Cúc", D(2027, 2, 16)),)
    assert deadlines_text(ceremony) == "16/02/2027 – Lê Thị Cúc"
    assert ceremony.responsible == "Bí thư chi bộ"
    decision = line(1, "Theo dõi, đôn đốc cấp có thẩm quyền ra quyết định kết nạp")
    assert decision.people == ("Nguyễn Văn An",) and deadlines_text(decision) == "29/03/2027"
    recognition = line(1, "Chi bộ xét, đề nghị công nhận đảng viên chính thức")
    assert recognition.people == ("Hoàng Thị Em",) and recognition.deadlines == (("Hoàng Thị Em", D(2027, 3, 5)),)


def test_overdue_items_stay_out_of_the_plan():
    # Vũ Văn Giang's admission decision was due 28/10/2026: it is in the tasks, not in the plan's lines.
    assert any(t.person == "Vũ Văn Giang" and t.overdue for t in tasks())
    decisions = [x for x in lines() if x.content.startswith("Theo dõi, đôn đốc cấp có thẩm quyền ra quyết định")]
    assert all("Vũ Văn Giang" not in x.people for x in decisions)


def test_a_step_finishing_after_the_year_is_planned_from_its_start():
    # Phạm Văn Dũng's new-member course runs from 15/10/2027 into 2028: quarter IV, October.
    course = line(4, "Cử đảng viên dự bị học lớp bồi dưỡng")
    assert course.people == ("Phạm Văn Dũng",) and months_text(course.first, course.last) == "Tháng 10/2027"
    assert course.deadlines == ()  # its deadline (2028) is not in quarter IV of 2027


def test_blocked_dossiers_stay_out_of_the_plan():
    stuck = Candidate(row=9, name="Đào Văn Khánh", source_date=D(2026, 1, 5), course_date=D(2021, 3, 1))
    blocked = {9: progress(stuck, SETTINGS, CAL, AS_OF, Halt("COURSE_NT_VALID", "GCN lớp nhận thức hết giá trị: cử đi học lại"))}
    found = plan_tasks(2027, [stuck], blocked, SETTINGS, CAL, AS_OF)
    assert [t.blocked for t in found if t.person] == [True]
    assert all("Đào Văn Khánh" not in x.people for x in period_lines(found, 2027))
    plan = year_plan(2027, found, [stuck], blocked, None, SETTINGS)
    assert plan.sources == ()


def test_targets_and_sources():
    found = {c.row: progress(c, SETTINGS, CAL, AS_OF) for c in PEOPLE}
    plan = year_plan(2027, tasks(), PEOPLE, found, None, SETTINGS)
    # Decisions planned in 2027 and not overdue: An (01/03/2027), Dũng (30/09/2027).
    assert plan.targets.admissions == ("Nguyễn Văn An", "Phạm Văn Dũng")
    assert plan.targets.recognitions == ("Hoàng Thị Em",)
    assert plan.targets.course == ("Phạm Văn Dũng",)
    # Not yet admitted (no decision): An, Dũng, Giang; Cúc, Em and Hải are members already. Giang's decision is
    # overdue, its outcome unknown: no expected period from it, and the register gives none.
    assert [(s.name, s.stage, s.helper, s.expected) for s in plan.sources] == [
        ("Nguyễn Văn An", "Chi bộ đã xét", "Trần Văn Bình", "Quý I/2027"),
        ("Phạm Văn Dũng", "Nguồn", "", "Quý III/2027"),
        ("Vũ Văn Giang", "Cấp trên đã xét", "", ""),
    ]
    assert year_plan(2027, tasks(), PEOPLE, found, None, SETTINGS, youth_known=False).sources[0].youth_member == ""


def test_general_work_spanning_quarters_goes_to_the_whole_year_but_a_persons_step_to_its_date():
    general = PlanTask("Việc chung", "", D(2027, 3, 1), D(2027, 4, 30), None, "Chi ủy", "", "", False)
    personal = PlanTask("Việc riêng", "Lê A", D(2027, 3, 1), D(2027, 4, 30), None, "Chi ủy", "", "", False)
    found = period_lines([general, personal], 2027)
    assert [(x.period, x.content) for x in found] == [(ALL_YEAR, "Việc chung"), (2, "Việc riêng")]
