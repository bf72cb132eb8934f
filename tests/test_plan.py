"""The yearly plan's tasks: exact dates (across Tết 2027 and calendar overrides), order, working days."""
from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from addin.rules.calendar import CalendarOverride, WorkCalendar
from addin.rules.plan import PlanTask, earliest_admission, plan_tasks, schedule, working_days_before
from addin.rules.records import Candidate
from addin.rules.settings import Settings
from addin.rules.stages import progress
from addin.rules.text import fold
from addin.rules.values import Period

D = dt.date
AS_OF = D(2027, 1, 5)
SETTINGS = Settings(cell_name="Chi bộ Văn phòng", plan_year=2027)
CAL = WorkCalendar()

VOTED = Candidate(row=2, name="Nguyễn Văn An", source_date=D(2026, 3, 1), helper="Trần Văn Bình",
                  course_date=D(2026, 9, 10), application_date=D(2026, 10, 1), cv_date=D(2026, 10, 15),
                  verification_date=D(2026, 12, 1), opinions_date=D(2026, 12, 15), cell_vote_date=D(2026, 12, 25))
DECIDED = Candidate(row=3, name="Lê Thị Cúc", cell_vote_date=D(2026, 10, 20), committee_date=D(2026, 11, 20),
                    decision_date=D(2026, 12, 28))
SOURCE = Candidate(row=4, name="Phạm Văn Dũng", source_date=D(2026, 6, 1), expected=Period(2027, 9, 9))
PROBATION = Candidate(row=5, name="Hoàng Thị Em", cell_vote_date=D(2025, 10, 1), decision_date=D(2025, 12, 20),
                      ceremony_date=D(2026, 1, 15))
LATE = Candidate(row=6, name="Vũ Văn Giang", cell_vote_date=D(2026, 8, 3), committee_date=D(2026, 9, 1))
OFFICIAL = Candidate(row=7, name="Đỗ Văn Hải", ceremony_date=D(2025, 1, 10), decision_date=D(2024, 12, 20),
                     recognition_vote_date=D(2026, 1, 20), recognition_date=D(2026, 2, 10))
PEOPLE = (VOTED, DECIDED, SOURCE, PROBATION, LATE, OFFICIAL)


def tasks(people=PEOPLE, settings=SETTINGS, calendar=CAL, as_of=AS_OF, year=2027) -> list[PlanTask]:
    found = {c.row: progress(c, settings, calendar, as_of) for c in people}
    return plan_tasks(year, people, found, settings, calendar, as_of)


def of(person: str, content_word: str, found: list[PlanTask] | None = None) -> PlanTask:
    return next(t for t in (found or tasks()) if t.person == person and fold(content_word) in fold(t.content))


def test_decision_deadline_crosses_tet_2027():
    # 60 working days after 25/12/2026: 1/1 and Tết 04–10/02/2027 are days off.
    task = of("Nguyễn Văn An", "quyết định kết nạp")
    assert task.deadline == D(2027, 3, 29)
    assert (task.start, task.end) == (D(2027, 1, 26), D(2027, 3, 1))
    assert task.basis == "QĐ 208-QĐ/TW ngày 26/7/2026"  # its text was not seen: no section cited
    assert task.responsible == "Chi ủy"


def test_ceremony_within_30_working_days_of_decision():
    task = of("Lê Thị Cúc", "lễ kết nạp")
    assert task.deadline == D(2027, 2, 16)  # 30 wd after 28/12/2026, Tết skipped
    assert task.end == D(2027, 1, 12)
    assert task.responsible == "Bí thư chi bộ"


def test_recognition_vote_after_probation():
    vote = of("Hoàng Thị Em", "chính thức")
    assert vote.start == D(2027, 1, 15)  # probation ends 15/01/2027
    assert vote.deadline == D(2027, 3, 5)
    course = of("Hoàng Thị Em", "đảng viên mới")
    assert course.deadline == vote.deadline and course.end == AS_OF  # late already: do it now


def test_backward_from_expected_month():
    # Dự kiến kết nạp 09/2027: the decision is planned for the last working day of September.
    assert of("Phạm Văn Dũng", "quyết định kết nạp").end == D(2027, 9, 30)
    assert of("Phạm Văn Dũng", "chi bộ họp xét").end == D(2027, 8, 3)
    assert of("Phạm Văn Dũng", "lớp bồi dưỡng nhận thức").end == D(2027, 5, 4)
    helper = of("Phạm Văn Dũng", "phân công")
    assert helper.start == AS_OF and helper.responsible == "Chi ủy"


def test_overdue_first_and_highlighted():
    found = tasks()
    late = of("Vũ Văn Giang", "quyết định kết nạp", found)
    assert late.overdue and late.note == "Quá hạn; Các bước sau lập kế hoạch khi nhận được quyết định"
    assert late.deadline == D(2026, 10, 28)  # 60 wd after 03/08/2026: 31/8–2/9 off, Sat 22/8 worked
    assert found[0] == late
    rest = found[1:]
    assert not any(t.overdue for t in rest)
    assert [t.start for t in rest] == sorted(t.start for t in rest)


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
    assert of("Lê Thị Cúc", "lễ kết nạp", tasks(calendar=calendar)).deadline == D(2027, 2, 17)
    # A make-up Saturday (Làm bù) pulls it one working day earlier.
    calendar = WorkCalendar([CalendarOverride(D(2027, 1, 16), "work")])
    assert of("Lê Thị Cúc", "lễ kết nạp", tasks(calendar=calendar)).deadline == D(2027, 2, 15)


def test_planning_duration_from_settings():
    settings = Settings(items={fold("Kế hoạch: tổ chức lễ kết nạp sau khi nhận quyết định (ngày làm việc)"): 3})
    assert of("Lê Thị Cúc", "lễ kết nạp", tasks(settings=settings)).end == D(2027, 1, 5)


def test_a_planned_date_never_passes_its_legal_deadline():
    settings = Settings(items={fold("Kế hoạch: tổ chức lễ kết nạp sau khi nhận quyết định (ngày làm việc)"): 90})
    task = of("Lê Thị Cúc", "lễ kết nạp", tasks(settings=settings))
    assert task.end == task.deadline == D(2027, 2, 16)


def test_expected_too_early_is_noted():
    rushed = Candidate(row=8, name="Mai Thị Lan", source_date=D(2026, 12, 1), expected=D(2027, 2, 3))
    task = of("Mai Thị Lan", "quyết định kết nạp", tasks(people=(rushed,)))
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
        for day in (task.start, task.end, task.deadline):
            assert day is None or calendar.is_working_day(day), (task, day)
        assert task.start <= task.end
    for c in people:
        for planned in schedule(c, settings, calendar, as_of):
            assert calendar.is_working_day(planned.end)


# ---- the plan of the next year, drawn on 15/11/2026 (party-rules.md §7 DEC_60WD, §10 steps 7–10)
NOV_15 = D(2026, 11, 15)


def test_an_overdue_decision_dates_no_admission():
    # Cell vote 08/07/2026: DEC_60WD is the 60th working day after it, 31/8–2/9/2026 off and Sat 22/8 worked:
    # July 9–31 = 17, Aug 3–28 + 22/8 = 38, Sep 3–30 = 58, 1–2/10 → 02/10/2026. The result, yes or no, is
    # unknown on 15/11/2026: the cell chases it, and nothing after it (ceremony, probation) gets a date.
    # The 2027 plan keeps the dates from the reference date: what is overdue is done now, not in 2027.
    voted = Candidate(row=9, name="Lê Văn Hiếu", course_date=D(2025, 9, 26), verification_date=D(2026, 4, 10),
                      opinions_date=D(2026, 6, 30), cell_vote_date=D(2026, 7, 8))
    found = tasks(people=(voted,), as_of=NOV_15)
    mine = [t for t in found if t.person == "Lê Văn Hiếu"]
    decision = of("Lê Văn Hiếu", "quyết định kết nạp", found)
    assert decision.overdue and decision.deadline == D(2026, 10, 2)
    assert decision.note == "Quá hạn; Các bước sau lập kế hoạch khi nhận được quyết định"
    # the overdue step is done now (the đảng ủy's step on Mon 16/11/2026 belongs to 2026, not to this plan):
    # 20 wd after 16/11 with 24/11/2026 off (the Culture Day toggle, on by default) is 15/12/2026
    assert [t.step for t in mine] == ["decision"]  # no ceremony, no new-member course, no recognition
    assert (decision.start, decision.end) == (D(2026, 11, 17), D(2026, 12, 15))
    assert earliest_admission(voted, SETTINGS, CAL, NOV_15) == D(2026, 12, 15)


def test_next_years_plan_holds_every_step_before_the_ceremony():
    # Dossier verified, no opinions, no cell vote on 15/11/2026: the 2027 plan starts on Mon 04/01/2027 and
    # holds opinions, the cell vote, the đảng ủy, the decision and the ceremony in that order (§10 steps 6–10),
    # each its planning duration after the previous one; Tết 2027 (04–10/02) is skipped.
    dossier = Candidate(row=10, name="Mai Thị Huyền", course_date=D(2026, 3, 27), application_date=D(2026, 6, 1),
                        cv_date=D(2026, 6, 15), verification_date=D(2026, 9, 18), introducer_1="Bùi Thị Thanh Xuân")
    mine = [t for t in tasks(people=(dossier,), as_of=NOV_15) if t.person == "Mai Thị Huyền"]
    ends = {t.step: t.end for t in mine}
    assert list(ends)[:5] == ["opinions", "cell_vote", "committee", "decision", "ceremony"]
    assert ends["opinions"] == D(2027, 1, 4)
    assert ends["cell_vote"] == D(2027, 1, 18)  # 10 wd after 04/01
    assert ends["committee"] == D(2027, 2, 22)  # 20 wd after 18/01, 04–10/02 off
    assert ends["decision"] == D(2027, 3, 22)  # 20 wd after 22/02
    assert ends["ceremony"] == D(2027, 4, 5)  # 10 wd after 22/03
    assert min(t.start for t in mine) == D(2027, 1, 4)


def test_next_years_plan_keeps_a_step_the_law_wants_sooner():
    # Decision received 02/11/2026: CEREMONY_30WD ends 15/12/2026 (30 wd, 24/11/2026 off), before 2027. The
    # ceremony is done now (Mon 16/11/2026), not moved into 2027; the 2027 plan then holds the recognition vote
    # when the 12 months (PROB_12M) end, Tue 16/11/2027.
    decided = Candidate(row=11, name="Phạm Thu Hằng", cell_vote_date=D(2026, 9, 2), committee_date=D(2026, 9, 30),
                        decision_date=D(2026, 10, 28), decision_received_date=D(2026, 11, 2))
    mine = {t.step: t for t in tasks(people=(decided,), as_of=NOV_15) if t.person == "Phạm Thu Hằng"}
    assert "ceremony" not in mine
    assert mine["recognition_vote"].start == D(2027, 11, 16)
    ceremony = schedule(decided, SETTINGS, CAL, NOV_15)[0]
    assert (ceremony.step.key, ceremony.end, ceremony.deadline) == ("ceremony", D(2026, 11, 16), D(2026, 12, 15))
