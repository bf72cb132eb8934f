"""Quota numbers for a scenario register, on exact dates."""
from __future__ import annotations

import datetime as dt

from rules_helpers import INTRODUCER_1, INTRODUCER_2, context, timelines

from addin.rules.calendar import WorkCalendar
from addin.rules.quota import (
    AT_RISK,
    LIKELY,
    MISSED,
    REACHED,
    YearTarget,
    as_on,
    quota_rows,
    stage_times,
)
from addin.rules.records import Candidate
from addin.rules.settings import Settings
from addin.rules.stages import Stage
from addin.rules.text import fold

D = dt.date
CAL = WorkCalendar()
AS_OF = D(2027, 1, 5)

PEOPLE = (
    # admitted 2026 by decision, ceremony 2027
    Candidate(row=2, name="Lê Thị Cúc", cell_vote_date=D(2026, 10, 20), committee_date=D(2026, 11, 20),
              decision_date=D(2026, 12, 28), ceremony_date=D(2027, 1, 4)),
    # admitted 2025, official 2026
    Candidate(row=3, name="Hoàng Thị Em", cell_vote_date=D(2025, 3, 1), decision_date=D(2025, 4, 20),
              ceremony_date=D(2025, 5, 15), recognition_vote_date=D(2026, 5, 20), recognition_date=D(2026, 6, 10)),
    # cell voted 25/12/2026: decision due 29/03/2027 (Tết), fits 2027
    Candidate(row=4, name="Nguyễn Văn An", source_date=D(2026, 3, 1), helper="Trần Văn Bình",
              course_date=D(2026, 9, 10), verification_date=D(2026, 12, 1), opinions_date=D(2026, 12, 15),
              introducer_1=INTRODUCER_1, introducer_2=INTRODUCER_2, cell_vote_date=D(2026, 12, 25)),
    # just entered the source list: ~7.5 months of steps, fits 2027
    Candidate(row=5, name="Phạm Văn Dũng", source_date=D(2026, 6, 1)),
    # overdue decision since 28/10/2026
    Candidate(row=6, name="Vũ Văn Giang", course_date=D(2026, 3, 6), introducer_1=INTRODUCER_1, introducer_2=INTRODUCER_2,
              cell_vote_date=D(2026, 8, 3), committee_date=D(2026, 9, 1)),
    # entered the source list after the reference date of 2026
    Candidate(row=7, name="Mai Thị Lan", source_date=D(2027, 1, 4)),
)
TARGETS = (YearTarget(2025, 1, row=2), YearTarget(2026, 3, 2, row=3), YearTarget(2027, 4, 5, row=4))


def stories(settings: Settings = Settings(), as_of: dt.date = AS_OF, people=PEOPLE):
    return timelines(people, context(as_of, settings=settings))


def rows(settings: Settings = Settings(), as_of: dt.date = AS_OF, people=PEOPLE):
    return {r.year: r for r in quota_rows(TARGETS, stories(settings, as_of, people), settings, CAL, as_of)}


def test_assessment_labels_are_the_catalogue_words():
    assert (REACHED, LIKELY, AT_RISK, MISSED) == ("Đã đạt", "Có khả năng đạt", "Nguy cơ không đạt", "Không đạt")


def test_past_years():
    by_year = rows()
    y2025, y2026 = by_year[2025], by_year[2026]
    assert (y2025.admitted, y2025.rate, y2025.assessment) == (1, 1.0, REACHED)
    assert (y2026.admitted, y2026.target, y2026.more_expected) == (1, 3, 0)
    assert y2026.rate == 1 / 3 and y2026.resolution_rate == 0.5
    assert y2026.assessment == MISSED
    assert y2026.recognised == 1 and y2026.probationary == 0  # Cúc's ceremony is in 2027
    # at 31/12/2026: An voted, Dũng in the source list, Giang reviewed; Lan not yet there
    assert dict(y2026.pipeline) == {Stage.SOURCE: 1, Stage.CELL_VOTED: 1, Stage.COMMITTEE_REVIEWED: 1}
    assert y2026.overdue == 1  # Giang's decision, due 28/10/2026


def test_current_year():
    y = rows()[2027]
    assert y.admitted == 0 and y.rate == 0.0
    assert y.in_pipeline == 4 and dict(y.pipeline)[Stage.SOURCE] == 2
    assert y.more_expected == 4  # all can still make it before 31/12/2027
    assert y.projected == 4
    assert y.assessment == LIKELY
    assert y.probationary == 1 and y.overdue == 0


def test_late_in_the_year_few_fit():
    y = rows(as_of=D(2027, 10, 1))[2027]
    # Dũng and Lan need ~160 working days from now; Giang's overdue decision can still come now; An's
    # committee missed DEC_60WD (29/03/2027), so the decision waits for it: not dated, not expected.
    assert y.more_expected == 1
    assert y.assessment == AT_RISK


def test_ceremony_basis():
    by_year = rows(Settings(quota_basis="ceremony"))
    assert by_year[2026].admitted == 0
    assert by_year[2027].admitted == 1  # Cúc's ceremony 04/01/2027
    assert by_year[2025].admitted == 1


def test_as_on_drops_later_milestones():
    c = as_on(PEOPLE[0], D(2026, 11, 1))
    assert c.decision_date is None and c.cell_vote_date == D(2026, 10, 20) and c.committee_date is None


def test_days_in_stage_and_stale_flag():
    times = {t.name: t for t in stage_times(stories(), Settings(), AS_OF)}
    assert "Hoàng Thị Em" not in times  # official
    assert times["Phạm Văn Dũng"].stale and times["Phạm Văn Dũng"].days == 218
    assert not times["Nguyễn Văn An"].stale
    assert not times["Lê Thị Cúc"].stale  # probation is timed by law
    relaxed = Settings(items={fold("Số ngày ở một giai đoạn cần lưu ý"): 365})
    assert not any(t.stale for t in stage_times(stories(relaxed), relaxed, AS_OF))
