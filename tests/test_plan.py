"""The yearly plan's tasks: each person's steps on the days their timeline plans (across Tết 2027 and
calendar overrides), inside the legal windows, in order; what waits is named, not dated."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from rules_helpers import INTRODUCER_1, INTRODUCER_2, context, timelines

from addin.rules.calendar import CalendarOverride, WorkCalendar
from addin.rules.plan import PlanTask, plan_tasks
from addin.rules.procedure import working_days_before
from addin.rules.records import Candidate
from addin.rules.settings import Settings
from addin.rules.text import fold
from addin.rules.values import Period

D = dt.date
AS_OF = D(2027, 1, 5)
SETTINGS = Settings(cell_name="Chi bộ Văn phòng", plan_year=2027)
CAL = WorkCalendar()
BOTH = {"introducer_1": INTRODUCER_1, "introducer_2": INTRODUCER_2}  # two official members of the cell

VOTED = Candidate(row=2, name="Nguyễn Văn An", source_date=D(2026, 3, 1), helper="Trần Văn Bình",
                  course_date=D(2026, 9, 10), application_date=D(2026, 10, 1), cv_date=D(2026, 10, 15),
                  verification_date=D(2026, 12, 1), opinions_date=D(2026, 12, 15), cell_vote_date=D(2026, 12, 25),
                  **BOTH)
DECIDED = Candidate(row=3, name="Lê Thị Cúc", course_date=D(2026, 3, 1), cell_vote_date=D(2026, 10, 20),
                    committee_date=D(2026, 11, 20), decision_date=D(2026, 12, 28), **BOTH)
SOURCE = Candidate(row=4, name="Phạm Văn Dũng", source_date=D(2026, 6, 1), expected=Period(2027, 9, 9))
PROBATION = Candidate(row=5, name="Hoàng Thị Em", course_date=D(2025, 3, 1), cell_vote_date=D(2025, 10, 1),
                      decision_date=D(2025, 12, 20), ceremony_date=D(2026, 1, 15), **BOTH)
LATE = Candidate(row=6, name="Vũ Văn Giang", course_date=D(2026, 3, 1), cell_vote_date=D(2026, 8, 3),
                 committee_date=D(2026, 9, 1), **BOTH)
OFFICIAL = Candidate(row=7, name="Đỗ Văn Hải", ceremony_date=D(2025, 1, 10), decision_date=D(2024, 12, 20),
                     recognition_vote_date=D(2026, 1, 20), recognition_date=D(2026, 2, 10))
PEOPLE = (VOTED, DECIDED, SOURCE, PROBATION, LATE, OFFICIAL)


def tasks(people=PEOPLE, settings=SETTINGS, calendar=CAL, as_of=AS_OF, year=2027) -> list[PlanTask]:
    ctx = context(as_of, settings=settings)
    ctx = type(ctx)(**{**ctx.__dict__, "calendar": calendar})
    return plan_tasks(year, timelines(people, ctx), settings, calendar, as_of)


def of(person: str, step: str, found: list[PlanTask] | None = None) -> PlanTask:
    return next(t for t in (found or tasks()) if t.person == person and t.step == step)


def test_decision_deadline_crosses_tet_2027():
    # DEC_60WD: 60 working days after 25/12/2026, 1/1 and Tết 04–10/02/2027 off → 29/03/2027. Planned: the
    # đảng ủy 20 wd after the vote (25/01/2027), the decision 20 wd later (Feb 1–3, 11–12, 15–26, 01/03).
    task = of("Nguyễn Văn An", "decision")
    assert (task.start, task.end, task.deadline) == (D(2027, 3, 1), D(2027, 3, 1), D(2027, 3, 29))
    assert of("Nguyễn Văn An", "committee").start == D(2027, 1, 25)
    assert task.basis == "QĐ 208-QĐ/TW ngày 26/7/2026"  # its text was not seen: no section cited
    assert task.responsible == "Chi ủy"


def test_ceremony_within_30_working_days_of_decision():
    task = of("Lê Thị Cúc", "ceremony")
    assert task.deadline == D(2027, 2, 16)  # CEREMONY_30WD: 30 wd after 28/12/2026, 1/1 and Tết skipped
    assert task.start == D(2027, 1, 12)  # 10 wd after 28/12/2026 (1/1 off)
    assert task.responsible == "Bí thư chi bộ"


def test_recognition_steps_after_probation():
    # PROB_12M: ceremony 15/01/2026 → probation ends Fri 15/01/2027; RECOG_CELL_30WD: 30 wd later, Tết
    # 04–10/02 off → 05/03/2027. Opinions on the first day, the vote 10 wd later.
    opinions, vote = of("Hoàng Thị Em", "recognition_opinions"), of("Hoàng Thị Em", "recognition_vote")
    assert (opinions.start, vote.start, vote.deadline) == (D(2027, 1, 15), D(2027, 1, 29), D(2027, 3, 5))
    course = of("Hoàng Thị Em", "new_member_course")
    assert (course.start, course.deadline) == (AS_OF, D(2027, 1, 15))  # COURSE_DVM: within probation, now


def test_backward_from_expected_month():
    # Dự kiến kết nạp 09/2027: the vote is counted back from 01/09/2027 by the đảng ủy's and the decision's
    # 20 + 20 working days (07/07/2027); the decision then falls on Wed 01/09/2027, inside September.
    assert of("Phạm Văn Dũng", "cell_vote").start == D(2027, 7, 7)
    assert of("Phạm Văn Dũng", "committee").start == D(2027, 8, 4)
    assert of("Phạm Văn Dũng", "decision").start == D(2027, 9, 1)
    helper = of("Phạm Văn Dũng", "helper")
    assert helper.start == D(2027, 1, 25) and helper.responsible == "Chi ủy"  # the January meeting (the 25th)


def test_overdue_first_and_what_follows_waits():
    found = tasks()
    late = of("Vũ Văn Giang", "decision", found)
    assert late.overdue and late.deadline == D(2026, 10, 28)  # 60 wd after 03/08/2026: 31/8–2/9 off
    assert late.start == AS_OF  # done now, with the report the rules ask for
    assert "quá hạn 28/10/2026" in late.note
    assert found[0] == late
    ceremony = of("Vũ Văn Giang", "ceremony", found)
    assert (ceremony.start, ceremony.after) == (None, "sau khi có quyết định kết nạp")
    dated = [t for t in found[1:] if t.dated]
    assert not any(t.overdue for t in dated)
    assert [t.start for t in dated] == sorted(t.start for t in dated)


def test_official_members_get_no_tasks_and_recurring_tasks_are_there():
    found = tasks()
    assert not [t for t in found if t.person == "Đỗ Văn Hải"]
    general = [t for t in found if not t.person]
    assert len(general) == 6
    assert general[0].start == D(2027, 1, 4) and general[0].end == D(2027, 2, 26)
    monthly = next(t for t in general if "hằng tháng" in t.content)
    assert (monthly.start, monthly.end) == (D(2027, 1, 25), D(2027, 12, 24))


def test_calendar_override_moves_deadline():
    # An extra day off (Ngày nghỉ) inside the window pushes the deadline one working day later.
    calendar = WorkCalendar([CalendarOverride(D(2027, 1, 20), "off")])
    assert of("Lê Thị Cúc", "ceremony", tasks(calendar=calendar)).deadline == D(2027, 2, 17)
    # A make-up Saturday (Làm bù) pulls it one working day earlier.
    calendar = WorkCalendar([CalendarOverride(D(2027, 1, 16), "work")])
    assert of("Lê Thị Cúc", "ceremony", tasks(calendar=calendar)).deadline == D(2027, 2, 15)


def test_planning_duration_from_settings():
    # 3 wd after 28/12/2026 is 31/12/2026, before the reference date: planned on the next working day, 05/01/2027
    settings = Settings(items={fold("Kế hoạch: tổ chức lễ kết nạp sau khi nhận quyết định (ngày làm việc)"): 3})
    assert of("Lê Thị Cúc", "ceremony", tasks(settings=settings)).start == D(2027, 1, 5)


def test_a_planned_date_never_passes_its_legal_deadline():
    settings = Settings(items={fold("Kế hoạch: tổ chức lễ kết nạp sau khi nhận quyết định (ngày làm việc)"): 90})
    task = of("Lê Thị Cúc", "ceremony", tasks(settings=settings))
    assert task.start == task.deadline == D(2027, 2, 16)


def test_expected_too_early_is_noted():
    rushed = Candidate(row=8, name="Mai Thị Lan", source_date=D(2026, 12, 1), expected=D(2027, 2, 3))
    task = of("Mai Thị Lan", "decision", tasks(people=(rushed,)))
    assert "Không kịp thời gian dự kiến kết nạp 03/02/2027" in task.note


def test_working_days_before_is_inverse_of_add():
    day = D(2027, 2, 11)
    assert working_days_before(CAL, day, 1) == D(2027, 2, 3)
    assert CAL.add_working_days(working_days_before(CAL, day, 25), 25) == day


# --- property: every date in the plan is a working day -------------------------------------

DATES = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 6, 30))
FIELDS = ("source_date", "course_date", "verification_date", "opinions_date", "cell_vote_date", "committee_date",
          "decision_date", "ceremony_date", "new_member_course_date", "recognition_vote_date")


@st.composite
def candidates(draw, row: int) -> Candidate:
    upto = draw(st.integers(0, len(FIELDS)))
    days = sorted(draw(st.lists(DATES, min_size=upto, max_size=upto)))
    expected = draw(st.none() | DATES | st.integers(1, 12).flatmap(lambda m: st.builds(Period, st.integers(2026, 2028), st.just(m), st.just(m))))
    return Candidate(row=row, name=f"Người {row}", expected=expected, helper=draw(st.sampled_from(["", "Trần B"])),
                     **dict(zip(FIELDS, days)))


@hsettings(max_examples=150, deadline=None)
@given(people=st.lists(st.integers(2, 50), min_size=1, max_size=4, unique=True).flatmap(
           lambda rows: st.tuples(*(candidates(r) for r in rows))),
       as_of=DATES, year=st.integers(2025, 2028),
       extra=st.lists(st.tuples(DATES, st.sampled_from(["off", "work"])), max_size=6),
       basis=st.sampled_from(["decision", "ceremony"]))
def test_every_plan_date_is_a_working_day(people, as_of, year, extra, basis):
    calendar = WorkCalendar([CalendarOverride(d, k) for d, k in extra])
    settings = Settings(quota_basis=basis)
    for task in tasks(people, settings, calendar, as_of, year):
        for day in (task.start, task.end):  # a deadline may be a calendar day: the probation's end (PROB_12M)
            assert day is None or calendar.is_working_day(day), (task, day)
        assert (task.start is None) == (task.end is None) == bool(task.after)  # dated, or waiting for a step
        assert task.start is None or task.start <= task.end
        # a person's step is planned inside its legal window (an overdue one is done now, and says so)
        assert not task.person or task.overdue or task.deadline is None or task.end <= task.deadline, task


# ---- the plan of the next year, drawn on 15/11/2026 (party-rules.md §7 DEC_60WD, §10 steps 7–10)
NOV_15 = D(2026, 11, 15)


def test_an_overdue_step_dates_nothing_after_it():
    # Cell vote 08/07/2026: DEC_60WD is the 60th working day after it, 31/8–2/9/2026 off and Sat 22/8 worked:
    # July 9–31 = 17, Aug 3–28 + 22/8 = 38, Sep 3–30 = 58, 1–2/10 → 02/10/2026. The đảng ủy has not met on
    # 15/11/2026: the cell reports and does it now (Mon 16/11/2026); nothing after it gets a date.
    voted = Candidate(row=9, name="Lê Văn Hiếu", course_date=D(2025, 9, 26), verification_date=D(2026, 4, 10),
                      opinions_date=D(2026, 6, 30), cell_vote_date=D(2026, 7, 8), **BOTH)
    mine = [t for t in tasks(people=(voted,), as_of=NOV_15) if t.person == "Lê Văn Hiếu"]
    assert [(t.step, t.start, t.deadline, t.overdue) for t in mine] == [
        ("committee", D(2026, 11, 16), D(2026, 10, 2), True),
        ("decision", None, None, False),
    ]
    assert mine[1].after == "sau khi đảng ủy cơ sở xét"


def test_next_years_plan_holds_every_step_before_the_ceremony_in_order():
    # Dossier verified, no opinions, no cell vote on 15/11/2026: opinions now (Mon 16/11), the vote 10 wd later
    # (24/11/2026 off: 01/12), the đảng ủy 20 wd later (29/12), the decision 20 wd later (1/1 off: 27/01/2027),
    # the ceremony 10 wd later (Tết 04–10/02 off: 17/02/2027).
    dossier = Candidate(row=10, name="Mai Thị Huyền", course_date=D(2026, 3, 27), application_date=D(2026, 6, 1),
                        cv_date=D(2026, 6, 15), verification_date=D(2026, 9, 18), **BOTH)
    mine = [t for t in tasks(people=(dossier,), as_of=NOV_15) if t.person == "Mai Thị Huyền"]
    assert [(t.step, t.start) for t in mine][:5] == [
        ("opinions", D(2026, 11, 16)), ("cell_vote", D(2026, 12, 1)), ("committee", D(2026, 12, 29)),
        ("decision", D(2027, 1, 27)), ("ceremony", D(2027, 2, 17))]
    assert of("Mai Thị Huyền", "cell_vote", mine).deadline is None  # COURSE_NT_VALID ends 27/03/2031: > 12 months away


def test_next_years_plan_keeps_a_step_the_law_wants_sooner():
    # Decision received 02/11/2026: CEREMONY_30WD ends 15/12/2026 (30 wd, 24/11/2026 off). The ceremony is done
    # now (Mon 16/11/2026); recognition waits for the 12 months from a ceremony the register does not hold yet.
    decided = Candidate(row=11, name="Phạm Thu Hằng", course_date=D(2026, 3, 1), cell_vote_date=D(2026, 9, 2),
                        committee_date=D(2026, 9, 30), decision_date=D(2026, 10, 28),
                        decision_received_date=D(2026, 11, 2), **BOTH)
    mine = {t.step: t for t in tasks(people=(decided,), as_of=NOV_15) if t.person == "Phạm Thu Hằng"}
    assert (mine["ceremony"].start, mine["ceremony"].deadline) == (D(2026, 11, 16), D(2026, 12, 15))
    waiting = mine["recognition_opinions"]
    assert waiting.start is None and waiting.after.startswith("sau khi hết 12 tháng dự bị")
