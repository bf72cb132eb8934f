"""The plan document's content: work by quarter, targets and sources, from the people of test_plan.

Dates are those test_plan works out by hand (decision of Nguyễn Văn An due 29/03/2027, ceremony of
Lê Thị Cúc due 16/02/2027, recognition vote of Hoàng Thị Em due 05/03/2027, Vũ Văn Giang's decision
overdue since 28/10/2026); the quarter a date falls in is read off the calendar.
"""
from __future__ import annotations

import datetime as dt

from rules_helpers import context, timelines
from test_plan import AS_OF, CAL, PEOPLE, SETTINGS, tasks

from addin.rules.plan import PlanTask, plan_tasks
from addin.rules.plan_outline import year_plan
from addin.rules.plan_periods import (
    ALL_YEAR,
    BEFORE_YEAR,
    UNDATED,
    PeriodLine,
    months_text,
    period_label,
    period_lines,
)
from addin.rules.records import Candidate

D = dt.date


def lines() -> list[PeriodLine]:
    return period_lines(tasks(), 2027)


def line(period: int, content: str, person: str) -> PeriodLine:
    return next(x for x in lines() if x.period == period and x.content.startswith(content) and person in x.people)


def test_labels_of_periods_and_months():
    assert period_label(2, 2027) == "Quý II/2027"
    assert period_label(ALL_YEAR, 2027) == "Thường xuyên trong năm 2027"
    assert period_label(BEFORE_YEAR, 2027, D(2026, 11, 15)) == "Từ ngày 15/11/2026 đến hết năm 2026"
    assert period_label(UNDATED, 2027) == "Chưa xác định được thời gian (chờ bước trước)"
    assert months_text(D(2027, 1, 12), D(2027, 3, 15)) == "Tháng 01 – 03/2027"
    assert months_text(D(2027, 5, 4), D(2027, 5, 4)) == "Tháng 05/2027"


def test_monthly_meetings_are_one_line_for_the_whole_year():
    monthly = [x for x in lines() if x.period == ALL_YEAR]
    assert len(monthly) == 1 and monthly[0].content.startswith("Sinh hoạt chi bộ hằng tháng")
    assert (monthly[0].first, monthly[0].last) == (D(2027, 1, 25), D(2027, 12, 24))
    assert lines()[0] == monthly[0]  # the whole year comes first


def test_a_line_is_a_kind_of_work_in_a_month_with_its_legal_deadline():
    # the days test_plan works out by hand: Cúc's ceremony 12/01 (due 16/02/2027); An's 15/03, after a decision
    # the register does not hold yet: no deadline is counted from it
    cuc = line(1, "Tổ chức lễ kết nạp", "Lê Thị Cúc")
    assert (cuc.people, cuc.first, cuc.deadline, cuc.responsible) == (("Lê Thị Cúc",), D(2027, 1, 12),
                                                                         D(2027, 2, 16), "Bí thư chi bộ")
    an = line(1, "Tổ chức lễ kết nạp", "Nguyễn Văn An")
    assert (an.people, an.first, an.deadline) == (("Nguyễn Văn An",), D(2027, 3, 15), None)
    decision = line(1, "Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp", "Nguyễn Văn An")
    assert (decision.first, decision.deadline) == (D(2027, 3, 1), D(2027, 3, 29))
    recognition = line(1, "Chi bộ xét, đề nghị công nhận đảng viên chính thức", "Hoàng Thị Em")
    assert (recognition.first, recognition.deadline) == (D(2027, 1, 29), D(2027, 3, 5))


def test_overdue_work_leads_its_quarter_and_what_waits_comes_last():
    # Giang's decision was due 28/10/2026: done now (05/01/2027), first of quarter I, marked; the ceremony after it
    # is not dated and sits in the last period with what it waits for
    quarter_one = [x for x in lines() if x.period == 1]
    assert quarter_one[0].people == ("Vũ Văn Giang",) and quarter_one[0].overdue
    assert quarter_one[0].first == D(2027, 1, 5) and quarter_one[0].deadline == D(2026, 10, 28)
    last = lines()[-1]
    assert (last.period, last.content, last.people, last.after, last.first) == (
        UNDATED, "Tổ chức lễ kết nạp đảng viên", ("Vũ Văn Giang",), "sau khi có quyết định kết nạp", None)


def test_a_blocked_dossier_plans_its_remedy_not_its_vote():
    # COURSE_NT_VALID: a certificate of 01/03/2021 ended 01/03/2026; the remedy is planned at the next monthly
    # meeting (25/01/2027), and the vote is not dated
    stuck = Candidate(row=9, name="Đào Văn Khánh", source_date=D(2026, 1, 5), course_date=D(2021, 3, 1))
    stories = timelines([stuck], context(AS_OF, settings=SETTINGS))
    found = plan_tasks(2027, stories, SETTINGS, CAL, AS_OF)
    mine = [(t.step, t.start) for t in found if t.person]
    assert mine == [("remedy", D(2027, 1, 25))]
    remedy = next(x for x in period_lines(found, 2027) if x.people)
    assert remedy.content.startswith("GCN lớp nhận thức hết giá trị: cử đi học lại lớp bồi dưỡng nhận thức về Đảng")
    plan = year_plan(2027, AS_OF, found, stories, None, SETTINGS)
    assert [(s.name, s.stage, s.expected) for s in plan.sources] == [
        ("Đào Văn Khánh", "Hoàn thiện hồ sơ", "Chưa xác định")]
    assert plan.targets.admissions == ()


def test_targets_and_sources():
    stories = timelines(PEOPLE, context(AS_OF, settings=SETTINGS))
    plan = year_plan(2027, AS_OF, tasks(), stories, None, SETTINGS)
    # Decisions planned in 2027: An 01/03, Dũng 01/09; Giang's is overdue and may come now (05/01/2027)
    assert plan.targets.admissions == ("Nguyễn Văn An", "Phạm Văn Dũng", "Vũ Văn Giang")
    assert plan.targets.recognitions == ("Hoàng Thị Em",)
    assert plan.targets.course == ("Phạm Văn Dũng",)
    # III: everyone not yet admitted (An, Dũng, Giang); Cúc, Em and Hải are members already
    assert [(s.name, s.stage, s.helper, s.expected) for s in plan.sources] == [
        ("Nguyễn Văn An", "Chi bộ đã xét", "Trần Văn Bình", "03/2027"),
        ("Phạm Văn Dũng", "Nguồn", "", "09/2027"),
        ("Vũ Văn Giang", "Cấp trên đã xét", "", "01/2027"),
    ]
    assert year_plan(2027, AS_OF, tasks(), stories, None, SETTINGS, youth_known=False).sources[0].youth_member == ""


def test_general_work_spanning_quarters_goes_to_the_whole_year_but_a_persons_step_to_its_date():
    general = PlanTask("Việc chung", "", D(2027, 3, 1), D(2027, 4, 30), None, "Chi ủy", "", "", False)
    personal = PlanTask("Việc riêng", "Lê A", D(2027, 3, 1), D(2027, 3, 1), None, "Chi ủy", "", "", False)
    found = period_lines([general, personal], 2027)
    assert [(x.period, x.content) for x in found] == [(ALL_YEAR, "Việc chung"), (1, "Việc riêng")]


def test_a_plan_drafted_the_year_before_starts_with_what_remains_of_that_year():
    late = PlanTask("Việc riêng", "Lê A", D(2026, 12, 1), D(2026, 12, 1), None, "Chi ủy", "", "", False)
    assert [x.period for x in period_lines([late], 2027)] == [BEFORE_YEAR]
