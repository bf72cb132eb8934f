"""Tests for addin.rules.checks: every rule of the issue, passing, failing and at its boundary.

Rule ids and paragraphs are those of shared/domain/party-rules.md (§1–§7, §15, §16).
"""
from __future__ import annotations

import datetime as dt

import pytest
from rules_helpers import (
    AS_OF,
    INTRODUCER_1,
    INTRODUCER_2,
    cell_members,
    context,
    d,
    dossier,
    make_settings,
    member,
    only,
    rules_of,
    serious,
    youth_dossier,
)

from addin.rules.checks import Context, check_candidate, check_register
from addin.rules.findings import Severity
from addin.rules.records import Member, read_candidate
from addin.rules.stages import Stage
from addin.rules.values import Education, PartialDate, Period

PENDING_NOTE = "chi bộ chưa họp xét"


def voted(**changes: object):
    """A clean dossier voted on 12/06/2024 by a 10-member cell, with `changes`."""
    return dossier(Stage.CELL_VOTED, **changes)


def findings(c, as_of: str | dt.date = "14/06/2024", **kwargs) -> list:
    return check_candidate(c, context(as_of, **kwargs))


# --- no false errors on a clean dossier ---------------------------------------------------------

@pytest.mark.parametrize("stage", list(Stage))
def test_clean_adult_dossier_has_no_error_or_warning(stage: Stage) -> None:
    assert serious(findings(dossier(stage), AS_OF[stage])) == []


@pytest.mark.parametrize("stage", list(Stage))
def test_clean_youth_dossier_has_no_error_or_warning(stage: Stage) -> None:
    """A Youth Union member introduced by the Youth Union committee and one official member."""
    assert serious(findings(youth_dossier(stage), AS_OF[stage])) == []


def test_clean_dossier_read_from_raw_cells_has_no_finding() -> None:
    """The official-stage dossier as a spreadsheet gives it (text dates, real dates, serials, numbers)."""
    raw = {
        "stt": 1, "name": "Nguyễn Văn An", "dob": "10/05/1989", "gender": "Nam", "education": "12/12",
        "edu_exception": "Không", "unit": "Chuyên viên", "unit_since": dt.datetime(2018, 3, 1), "youth_member": None,
        "source_date": "10/01/2024", "helper": INTRODUCER_1, "course_date": 45371, "application_date": "1/4/2024",
        "cv_date": "05-04-2024", "verification_date": "20.05.2024", "introducer_1": INTRODUCER_1,
        "introducer_2": INTRODUCER_2, "opinions_date": "2024-06-01", "cell_vote_date": "12/06/2024",
        "cell_vote_yes": 9, "cell_vote_total": None, "committee_date": "20/06/2024", "decision_date": "15/07/2024",
        "decision_no": "123-QĐ/ĐU", "decision_received_date": "18/07/2024", "ceremony_date": "02/08/2024",
        "new_member_course_date": "20/10/2024", "recognition_vote_date": "08/08/2025", "recognition_vote_yes": "9",
        "recognition_date": "25/08/2025", "expected": "", "notes": "",
    }
    c, problems = read_candidate("Theo dõi", 5, raw)
    assert problems == []
    assert c.course_date == d("20/03/2024")
    assert check_candidate(c, context(AS_OF[Stage.OFFICIAL])) == []


def test_clean_dossier_with_the_new_member_listed_in_member_sheet() -> None:
    """The cell's new member also appears in `Đảng viên`, probationary then official: still clean."""
    probationary = cell_members() + (member("Nguyễn Văn An", official=None, admitted="15/07/2024",
                                            arrived="15/07/2024", row=20),)
    official = cell_members() + (member("Nguyễn Văn An", official="02/08/2025", admitted="15/07/2024",
                                        arrived="15/07/2024", row=20),)
    assert serious(findings(dossier(Stage.PROBATIONARY), AS_OF[Stage.PROBATIONARY], members=probationary)) == []
    assert serious(findings(dossier(Stage.OFFICIAL), AS_OF[Stage.OFFICIAL], members=official)) == []


# --- AGE_MIN / AGE_MAX / AGE_OVER60 (§2) ---------------------------------------------------------

def _age_case(dob: str, vote: str, **changes) -> list:
    c = voted(dob=d(dob), cell_vote_date=d(vote), youth_member=True, union_intro_date=d("25/05/2024"), **changes)
    return findings(c, vote)


def test_age_min_18_years_0_months_passes() -> None:
    assert "AGE_MIN" not in rules_of(_age_case("15/03/2007", "15/03/2025"))


def test_age_min_17_years_11_months_fails() -> None:
    found = only(_age_case("15/03/2007", "20/02/2025"), "AGE_MIN")
    assert found.severity is Severity.ERROR and found.column == "dob"
    assert "17 tuổi 11 tháng" in found.message and "15/03/2025" in found.message
    assert found.source == "Điều lệ Đảng Điều 1.2; QĐ 232-QĐ/TW ngày 20/01/2025 §1.1.1"  # the regulation in force on the vote date


def test_age_min_in_the_birthday_month_is_flagged_for_review() -> None:
    """§2 [C]: some committees count whole months only; a vote in the 18th-birthday month before the day is flagged."""
    found = only(_age_case("15/03/2007", "14/03/2025"), "AGE_MIN")
    assert found.severity is Severity.WARNING
    assert "17 tuổi 11 tháng" in found.message and "đối chiếu" in found.message


def test_age_min_not_reached_is_no_error_before_the_vote() -> None:
    """A 17-year-old on the source list is not an error: the age is checked on the vote date."""
    c = dossier(Stage.DOSSIER, dob=d("01/09/2006"), youth_member=True)
    assert "AGE_MIN" not in rules_of(findings(c, "05/06/2024"))


def test_age_min_planned_vote_before_18th_birthday_warns() -> None:
    c = dossier(Stage.DOSSIER, dob=d("01/09/2006"), youth_member=True, expected=Period(2024, 7, 7))
    found = only(findings(c, "05/06/2024"), "AGE_MIN")
    assert found.severity is Severity.WARNING and found.column == "expected" and "01/09/2024" in found.message


def test_age_partial_birth_year_uses_the_conservative_reading() -> None:
    """DATE_PARTIAL: born '2007' could be 31/12/2007, so a vote on 15/06/2025 may be under 18."""
    c = voted(dob=PartialDate(2007), cell_vote_date=d("15/06/2025"), youth_member=True)
    found = findings(c, "15/06/2025")
    assert only(found, "AGE_MIN").severity is Severity.ERROR
    partial = only(found, "DATE_PARTIAL")
    assert partial.severity is Severity.WARNING and "2007" in partial.message


def test_age_max_60_years_0_months_passes() -> None:
    found = _age_case("15/03/1965", "15/03/2025")
    assert not {"AGE_MAX", "AGE_OVER60"} & set(rules_of(found))


def test_age_max_60_years_1_month_fails_without_the_provincial_consent() -> None:
    found = _age_case("15/03/1965", "15/04/2025")
    over = only(found, "AGE_MAX")
    assert over.severity is Severity.ERROR and "60 tuổi 1 tháng" in over.message
    assert over.remedy.startswith("Quá 60 tuổi: đề nghị Ban Thường vụ tỉnh ủy đồng ý bằng văn bản")
    assert "AGE_OVER60" not in rules_of(found)


def test_age_over_60_with_the_provincial_consent_is_not_an_error() -> None:
    """AGE_OVER60 (QĐ 294 §1.1.2): with the standing committee's prior written consent, over 60 may be admitted."""
    found = _age_case("15/03/1965", "15/04/2025", over60_consent_date=d("01/04/2025"))
    assert "AGE_MAX" not in rules_of(found)
    consent = only(found, "AGE_OVER60")
    assert consent.severity is Severity.INFO and "01/04/2025" in consent.message


def test_age_over_60_consent_after_the_decision_is_an_error() -> None:
    c = dossier(Stage.DECIDED, dob=d("15/03/1964"), over60_consent_date=d("20/07/2024"))  # decision 15/07/2024
    late = only(findings(c, AS_OF[Stage.DECIDED]), "AGE_OVER60")
    assert late.severity is Severity.ERROR and "20/07/2024" in late.message and "15/07/2024" in late.message


def test_age_max_past_the_birthday_month_is_flagged_for_review() -> None:
    """§2 [C]: 60 years 0 months by the day, but no longer in the 60th-birthday month."""
    found = only(_age_case("15/03/1965", "14/04/2025"), "AGE_MAX")
    assert found.severity is Severity.WARNING and "60 tuổi 1 tháng" in found.message and "đối chiếu" in found.message
    assert "AGE_OVER60" not in rules_of(_age_case("15/03/1965", "14/04/2025"))


def test_over_60_before_the_vote_asks_for_the_consent_early() -> None:
    """Before the vote, over 60 is not yet an error: the consent is a step still to come, said on the reference date."""
    c = dossier(Stage.DOSSIER, dob=d("01/01/1963"))
    found = findings(c, "05/06/2024")
    assert "AGE_MAX" not in rules_of(found)
    consent = only(found, "AGE_OVER60")
    assert consent.severity is Severity.WARNING and PENDING_NOTE in consent.message


# --- EDU_MIN / EDU_EXC (§2) --------------------------------------------------------------------

@pytest.mark.parametrize("level, text, failing", [
    (Education.LOWER_SECONDARY, "9/12", False),
    (Education.LOWER_SECONDARY, "7/10", False),
    (Education.PRIMARY, "8/12", True),
    (Education.PRIMARY, "6/10", True),
    (Education.UNIVERSITY, "Đại học", False),
])
def test_edu_min(level: Education, text: str, failing: bool) -> None:
    found = findings(voted(education=level, education_text=text))
    assert ("EDU_MIN" in rules_of(found, Severity.ERROR)) is failing


def test_edu_min_reported_before_the_vote() -> None:
    c = dossier(Stage.DOSSIER, education=Education.PRIMARY, education_text="6/12")
    found = only(findings(c, "05/06/2024"), "EDU_MIN")
    assert found.severity is Severity.ERROR and PENDING_NOTE in found.message and "05/06/2024" in found.message


def test_edu_missing_is_a_warning() -> None:
    found = only(findings(voted(education=None, education_text="")), "EDU_MIN")
    assert found.severity is Severity.WARNING


def test_edu_completion_note_counts_from_2026() -> None:
    """§0/§2: the THCS diploma was abolished on 01/01/2026; before that a completion note is not enough."""
    before = voted(education=Education.LOWER_SECONDARY, education_text="Hoàn thành THCS")
    assert only(findings(before), "EDU_MIN").severity is Severity.WARNING
    after = voted(education=Education.LOWER_SECONDARY, education_text="Hoàn thành THCS", cell_vote_date=d("05/01/2026"))
    assert "EDU_MIN" not in rules_of(findings(after, "06/01/2026"))


def test_edu_exc_primary_with_exception_is_no_error() -> None:
    found = findings(voted(education=Education.PRIMARY, education_text="5/12", edu_exception=True))
    assert "EDU_MIN" not in rules_of(found)
    assert only(found, "EDU_EXC").severity is Severity.INFO


def test_edu_exc_below_primary_fails() -> None:
    found = findings(voted(education=Education.NONE, education_text="3/12", edu_exception=True))
    assert only(found, "EDU_EXC").severity is Severity.ERROR


# --- COURSE_NT_REQ / COURSE_NT_VALID / COURSE_DVM (§3) ------------------------------------------------

def test_course_nt_req_missing_at_the_vote() -> None:
    found = only(findings(voted(course_date=None)), "COURSE_NT_REQ")
    assert found.severity is Severity.ERROR and found.column == "course_date"


def test_course_nt_req_after_the_vote() -> None:
    assert only(findings(voted(course_date=d("13/06/2024"))), "COURSE_NT_REQ").severity is Severity.ERROR


def test_course_nt_req_not_yet_needed_before_the_vote() -> None:
    assert "COURSE_NT_REQ" not in rules_of(findings(dossier(Stage.COURSE), AS_OF[Stage.COURSE]))


def _course_case(vote: str) -> list:
    c = voted(course_date=d("15/01/2020"), cell_vote_date=d(vote), application_date=d("01/12/2024"),
              cv_date=d("05/12/2024"), verification_date=d("10/01/2025"), opinions_date=d("12/01/2025"))
    return findings(c, vote)


@pytest.mark.parametrize("vote", ["14/01/2025", "15/01/2025"])  # 60 months minus a day; exactly 60 months
def test_course_nt_valid_within_60_months(vote: str) -> None:
    assert "COURSE_NT_VALID" not in rules_of(_course_case(vote))


def test_course_nt_valid_expired_the_day_after() -> None:
    assert only(_course_case("16/01/2025"), "COURSE_NT_VALID").severity is Severity.ERROR


def test_worked_example_certificate_expired() -> None:
    """§16: certificate 15/01/2020, valid 60 months; a vote on 03/02/2025 breaks COURSE_NT_VALID."""
    found = only(_course_case("03/02/2025"), "COURSE_NT_VALID")
    assert found.severity is Severity.ERROR
    assert "15/01/2020" in found.message and "15/01/2025" in found.message and "03/02/2025" in found.message


def test_course_nt_valid_expired_before_the_vote() -> None:
    c = dossier(Stage.DOSSIER, course_date=d("15/01/2019"))
    found = only(findings(c, "05/06/2024"), "COURSE_NT_VALID")
    assert found.severity is Severity.ERROR and PENDING_NOTE in found.message


def test_course_dvm_required_for_recognition() -> None:
    c = dossier(Stage.OFFICIAL, new_member_course_date=None)
    assert only(findings(c, AS_OF[Stage.OFFICIAL]), "COURSE_DVM").severity is Severity.ERROR


def test_course_dvm_after_recognition_vote() -> None:
    c = dossier(Stage.OFFICIAL, new_member_course_date=d("09/08/2025"))
    assert only(findings(c, AS_OF[Stage.OFFICIAL]), "COURSE_DVM").severity is Severity.ERROR


def test_course_dvm_on_the_recognition_vote_day_passes() -> None:
    c = dossier(Stage.OFFICIAL, new_member_course_date=d("08/08/2025"))
    assert "COURSE_DVM" not in rules_of(findings(c, AS_OF[Stage.OFFICIAL]))


def test_course_dvm_missing_near_the_end_of_probation_warns() -> None:
    c = dossier(Stage.PROBATIONARY, new_member_course_date=None)
    assert "COURSE_DVM" not in rules_of(findings(c, "01/12/2024"))
    assert only(findings(c, "10/06/2025"), "COURSE_DVM").severity is Severity.WARNING


# --- INTRO_N / INTRO_OFFICIAL / INTRO_12M / YOUTH_DV / CD_CASE (§4) ------------------------------------

def test_intro_n_one_introducer_without_vote_is_not_missing() -> None:
    """A dossier in progress is not an error for what it has not reached yet."""
    c = dossier(Stage.DOSSIER, introducer_2="")
    assert serious(findings(c, "05/06/2024")) == []


def test_intro_n_one_introducer_at_the_vote_fails() -> None:
    found = only(findings(voted(introducer_2="")), "INTRO_N")
    assert found.severity is Severity.ERROR and "1 đảng viên" in found.message


def test_intro_n_none_at_the_vote_fails() -> None:
    assert only(findings(voted(introducer_1="", introducer_2="")), "INTRO_N").severity is Severity.ERROR


def test_intro_n_one_member_plus_trade_union_passes() -> None:
    assert "INTRO_N" not in rules_of(findings(voted(introducer_2="", union_intro_date=d("25/05/2024"))))


def test_intro_n_youth_needs_the_youth_union_resolution() -> None:
    """§4: a youth-age candidate is introduced by the Youth Union committee plus one official member."""
    c = voted(dob=d("03/09/2001"), youth_member=True)  # two members, no Youth Union resolution
    assert only(findings(c), "INTRO_N").column == "union_intro_date"
    assert serious(findings(youth_dossier(Stage.CELL_VOTED))) == []


def test_intro_official_probationary_introducer_fails() -> None:
    members = cell_members()[:1] + (member(INTRODUCER_2, official=None, admitted="01/03/2024"),) + cell_members()[2:]
    found = only(findings(voted(), members=members), "INTRO_OFFICIAL")
    assert found.severity is Severity.ERROR and found.column == "introducer_2" and INTRODUCER_2 in found.message


def test_intro_official_boundary_official_on_the_vote_day() -> None:
    """No minimum length of official membership (§4): official on the vote day is enough."""
    on_day = cell_members()[:1] + (member(INTRODUCER_2, official="12/06/2024", arrived="01/01/2015"),) + cell_members()[2:]
    day_after = cell_members()[:1] + (member(INTRODUCER_2, official="13/06/2024", arrived="01/01/2015"),) + cell_members()[2:]
    assert "INTRO_OFFICIAL" not in rules_of(findings(voted(), members=on_day))
    assert "INTRO_OFFICIAL" in rules_of(findings(voted(), members=day_after, as_of="14/06/2024"))


def test_intro_official_before_the_vote_is_a_warning() -> None:
    members = cell_members()[:1] + (member(INTRODUCER_2, official=None, admitted="01/03/2024"),) + cell_members()[2:]
    found = only(findings(dossier(Stage.DOSSIER), "05/06/2024", members=members), "INTRO_OFFICIAL")
    assert found.severity is Severity.WARNING and PENDING_NOTE in found.message


@pytest.mark.parametrize("unit_since, failing", [("12/06/2023", False), ("13/06/2023", True)])
def test_intro_12m_time_together(unit_since: str, failing: bool) -> None:
    """12 months together on the vote date (12/06/2024): from 12/06/2023 passes, from 13/06/2023 fails."""
    found = findings(voted(unit_since=d(unit_since), source_date=d("01/09/2023")))
    assert (rules_of(found, Severity.ERROR).count("INTRO_12M") == 2) is failing


def test_intro_12m_counts_from_the_later_arrival() -> None:
    """Time together is the overlap: a member who joined the cell on 01/09/2023 has 9 months on 12/06/2024."""
    members = (member(INTRODUCER_1, arrived="01/09/2023"),) + cell_members()[1:]
    found = only(findings(voted(), members=members), "INTRO_12M")
    assert found.column == "introducer_1" and "01/09/2023" in found.message and "01/09/2024" in found.message


def test_intro_12m_not_about_the_introducers_own_official_time() -> None:
    """§4 note: official for 6 months, together for 2 years: eligible."""
    members = (member(INTRODUCER_1, official="01/12/2023", admitted="01/12/2022", arrived="01/01/2022"),) + cell_members()[1:]
    assert not {"INTRO_12M", "INTRO_OFFICIAL"} & set(rules_of(findings(voted(unit_since=d("01/01/2022")), members=members)))


def test_intro_12m_missing_start_date_warns() -> None:
    found = [f for f in findings(voted(unit_since=None)) if f.rule == "INTRO_12M"]
    assert found and all(f.severity is Severity.WARNING and f.column == "unit_since" for f in found)


def test_introducer_who_left_before_the_vote_without_replacement_leaves_one_introducer() -> None:
    """QĐ §3.2.2: an introducer who left no longer counts; without a replacement INTRO_N is an error (Điều lệ Đ4.1)."""
    members = cell_members()[:1] + (member(INTRODUCER_2, left="01/05/2024"),) + cell_members()[2:]
    found = findings(voted(), members=members)
    assert "INTRO_REPL" not in rules_of(found) and "INTRO_12M" not in rules_of(found)
    short = only(found, "INTRO_N")
    assert short.severity is Severity.ERROR
    assert short.message == ("Người giới thiệu Lê Thị Cúc đã rời chi bộ (chuyển đi ngày 01/05/2024) trước ngày "
                             "12/06/2024 và chưa có người giới thiệu thay thế: còn 1 đảng viên giới thiệu.")


def test_introducer_replaced_after_leaving_counts_the_replacement() -> None:
    members = cell_members()[:1] + (member(INTRODUCER_2, left="01/05/2024"),) + cell_members()[2:]
    found = findings(voted(introducer_replacement="Đảng viên Số 3"), members=members)
    repl = only(found, "INTRO_REPL")
    assert repl.severity is Severity.INFO and "Đảng viên Số 3" in repl.message and "01/05/2024" in repl.message
    assert "INTRO_N" not in rules_of(found) and "INTRO_12M" not in rules_of(found)


def test_introducer_whose_status_says_died_no_longer_counts() -> None:
    gone = Member(row=3, name=INTRODUCER_2, admitted=d("01/01/2009"), official=d("01/01/2010"),
                  arrived=d("01/01/2012"), status="Từ trần")
    found = findings(voted(), members=cell_members()[:1] + (gone,) + cell_members()[2:])
    assert "Từ trần" in only(found, "INTRO_N").message


def test_introducer_who_left_before_a_pending_vote_is_a_warning() -> None:
    members = cell_members()[:1] + (member(INTRODUCER_2, left="01/05/2024"),) + cell_members()[2:]
    found = findings(dossier(Stage.DOSSIER), "05/06/2024", members=members)
    assert only(found, "INTRO_N").severity is Severity.WARNING


@pytest.mark.parametrize("dob, youth", [
    ("13/06/1993", True),  # 30 years 11 months on 12/06/2024: still of youth age
    ("12/06/1993", False),  # 31 years 0 months
    ("12/06/2006", True),  # 18 years
])
def test_youth_dv_age_range(dob: str, youth: bool) -> None:
    found = findings(voted(dob=d(dob), union_intro_date=d("25/05/2024"), introducer_2=""))
    assert ("YOUTH_DV" in rules_of(found, Severity.ERROR)) is youth


def test_youth_dv_reported_before_the_vote() -> None:
    """Where the cell has a Youth Union, a 25-year-old non-member is reported before the vote, on the reference date."""
    c = dossier(Stage.COURSE, dob=d("01/01/1999"))
    found = only(findings(c, AS_OF[Stage.COURSE]), "YOUTH_DV")
    assert found.severity is Severity.ERROR and found.column == "youth_member"
    assert PENDING_NOTE in found.message and "15/02/2024" in found.message


def test_youth_dv_member_passes() -> None:
    assert "YOUTH_DV" not in rules_of(findings(dossier(Stage.COURSE, dob=d("01/01/1999"), youth_member=True),
                                               AS_OF[Stage.COURSE]))


def test_youth_dv_not_applied_without_youth_union() -> None:
    c = dossier(Stage.COURSE, dob=d("01/01/1999"))
    no_union = make_settings({"Có tổ chức Đoàn": "Không"})
    assert "YOUTH_DV" not in rules_of(findings(c, AS_OF[Stage.COURSE], settings=no_union))


def test_cd_case_trade_union_introduction() -> None:
    """CD_CASE: no Youth Union here; trade-union committee + one official member is a valid introduction."""
    no_union = make_settings({"Có tổ chức Đoàn": "Không"})
    c = voted(dob=d("03/09/2001"), introducer_2="", union_intro_date=d("25/05/2024"))
    found = findings(c, settings=no_union)
    assert only(found, "CD_CASE").severity is Severity.INFO
    assert serious(found) == []


# --- APPLY_FIRST / DOSSIER_12M (§5) --------------------------------------------------------------------

def test_apply_first() -> None:
    """APPLY_FIRST comes from HD 06-HD/TW of 09/6/2025: a CV dated from then on must follow the application."""
    later = {"application_date": d("01/08/2025"), "cv_date": d("31/07/2025")}
    assert only(findings(dossier(Stage.DOSSIER, **later), "05/08/2025"), "APPLY_FIRST").severity is Severity.WARNING
    in_order = {**later, "cv_date": d("01/08/2025")}
    assert "APPLY_FIRST" not in rules_of(findings(dossier(Stage.DOSSIER, **in_order), "05/08/2025"))


def test_a_rule_is_not_raised_for_events_before_its_effective_date() -> None:
    """`effective_from` is consulted: a CV of 31/03/2024 before the application is before HD 06 (09/6/2025)."""
    assert "APPLY_FIRST" not in rules_of(findings(voted(cv_date=d("31/03/2024"))))
    # AGE_MIN holds since the Charter and QĐ 29-QĐ/TW (25/7/2016): a 2019 vote of a 17-year-old is still an error
    young = voted(dob=d("01/06/2002"), cell_vote_date=d("12/06/2019"), youth_member=True, union_intro_date=d("25/05/2019"))
    assert only(findings(young, "14/06/2019"), "AGE_MIN").severity is Severity.ERROR


@pytest.mark.parametrize("vote, stale", [("05/04/2025", False), ("06/04/2025", True)])
def test_dossier_12m_boundary(vote: str, stale: bool) -> None:
    """CV of 05/04/2024: a vote 12 months later passes, a day later the dossier is stale."""
    c = voted(cv_date=d("05/04/2024"), verification_date=d("20/05/2024"), opinions_date=d("01/04/2025"),
              cell_vote_date=d(vote))
    found = findings(c, vote)
    assert ("DOSSIER_12M" in rules_of(found, Severity.WARNING)) is stale


def test_dossier_12m_before_the_vote() -> None:
    c = dossier(Stage.DOSSIER)
    assert "DOSSIER_12M" not in rules_of(findings(c, "05/04/2025"))
    found = only(findings(c, "07/04/2025"), "DOSSIER_12M")
    assert found.column == "cv_date" and "05/04/2024" in found.message


# --- VOTE_CELL / VOTE_DENOM / VOTE_RECOG (§6) ---------------------------------------------------------

def test_worked_example_14_of_20() -> None:
    """§16: 20 official members, 17 present → at least 14 "yes" votes (⌈2/3 × 20⌉); absent members count."""
    members = cell_members(20)
    assert "VOTE_CELL" not in rules_of(findings(voted(cell_vote_yes=14), members=members))
    found = only(findings(voted(cell_vote_yes=13), members=members), "VOTE_CELL")
    assert found.severity is Severity.ERROR and "13/20" in found.message and "14" in found.message


@pytest.mark.parametrize("yes, failing", [(10, False), (9, True)])
def test_vote_cell_exactly_two_thirds(yes: int, failing: bool) -> None:
    assert ("VOTE_CELL" in rules_of(findings(voted(cell_vote_yes=yes, cell_vote_total=15)))) is failing


def test_vote_cell_more_yes_than_members() -> None:
    assert only(findings(voted(cell_vote_yes=11)), "VOTE_CELL").severity is Severity.ERROR


def test_vote_cell_missing_count_warns() -> None:
    assert only(findings(voted(cell_vote_yes=None)), "VOTE_CELL").severity is Severity.WARNING


def test_vote_denom_derived_from_members_on_the_vote_date() -> None:
    """VOTE_DENOM: official and here on the vote date, not attached elsewhere; exempted members absent not counted."""
    members = cell_members(6) + (
        member("Dự bị", official=None, admitted="01/01/2024"),
        member("Chính thức sau", official="13/06/2024"),
        member("Đã chuyển đi", left="01/06/2024"),
        member("Chuyển đến sau", arrived="13/06/2024"),
        member("Sinh hoạt nơi khác", attached_elsewhere=True),
        member("Miễn sinh hoạt", exempt=True),
    )
    ctx = context("14/06/2024", members=members)
    assert ctx.official_members_on(d("12/06/2024")) == 7  # 6 + the exempted member
    assert "VOTE_CELL" not in rules_of(check_candidate(voted(cell_vote_yes=5), ctx))  # 5/7 ≥ 2/3
    assert "VOTE_CELL" in rules_of(check_candidate(voted(cell_vote_yes=3), ctx))  # 3 < 4 = ⌈2/3 × 6⌉ even without them
    # 4 in favour: 4/7 fails if the exempted member attended, 4/6 passes if absent; attendance not recorded → warning
    unsure = check_candidate(voted(cell_vote_yes=4), ctx)
    assert "VOTE_CELL" not in rules_of(unsure)
    attendance = only(unsure, "VOTE_DENOM")
    assert attendance.severity is Severity.WARNING and attendance.column == "cell_vote_exempt_absent"
    assert "ít nhất 1 đảng viên miễn sinh hoạt vắng mặt (khi đó cần 4/6)" in attendance.message
    assert "VOTE_CELL" not in rules_of(check_candidate(voted(cell_vote_yes=4, cell_vote_exempt_absent=1), ctx))
    assert "VOTE_CELL" in rules_of(check_candidate(voted(cell_vote_yes=4, cell_vote_exempt_absent=0), ctx))


def test_vote_denom_recorded_total_wins_and_mismatch_warns() -> None:
    found = findings(voted(cell_vote_yes=9, cell_vote_total=15))
    assert only(found, "VOTE_DENOM").severity is Severity.WARNING
    assert only(found, "VOTE_CELL").severity is Severity.ERROR  # 9/15 < 2/3 with the recorded total


def test_vote_denom_without_members_or_total() -> None:
    found = findings(voted(), members=(), members_present=False)
    assert "VOTE_DENOM" in rules_of(found) and "VOTE_CELL" not in rules_of(found)


@pytest.mark.parametrize("yes, failing", [(7, False), (6, True)])  # 10 official members: 7 needed
def test_vote_recog(yes: int, failing: bool) -> None:
    found = findings(dossier(Stage.OFFICIAL, recognition_vote_yes=yes), AS_OF[Stage.OFFICIAL])
    assert ("VOTE_RECOG" in rules_of(found, Severity.ERROR)) is failing
    assert "VOTE_3FAIL" not in rules_of(found)  # a first failed vote: the cell votes again


# --- DEC_60WD / CEREMONY_30WD / RECOG_CELL_30WD / RECOG_DEC_30WD (§7) ----------------------------------

def _decided_on(day: str):
    return dossier(Stage.DECIDED, decision_date=d(day), decision_received_date=d(day))


@pytest.mark.parametrize("decision, severity", [
    ("06/09/2024", None),  # the 60th working day after the vote of 12/06/2024
    ("09/09/2024", Severity.WARNING),  # the 61st: only within the 30-day extension
    ("18/10/2024", Severity.WARNING),  # the 90th
    ("21/10/2024", Severity.ERROR),  # the 91st
])
def test_dec_60wd(decision: str, severity: Severity | None) -> None:
    found = [f for f in findings(_decided_on(decision), decision) if f.rule == "DEC_60WD"]
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_dec_60wd_decision_on_the_weekend_after_the_deadline_is_late() -> None:
    """DESIGN §3: the deadline is the 60th working day (Friday 06/09/2024); a decision on Saturday is after it."""
    found = only(findings(_decided_on("07/09/2024"), "09/09/2024"), "DEC_60WD")
    assert found.severity is Severity.WARNING


def test_dec_60wd_overdue_without_decision() -> None:
    c = dossier(Stage.COMMITTEE_REVIEWED)
    assert "DEC_60WD" not in rules_of(findings(c, "06/09/2024"))
    found = only(findings(c, "09/09/2024"), "DEC_60WD")
    assert found.severity is Severity.WARNING and "06/09/2024" in found.message
    assert only(findings(c, "21/10/2024"), "DEC_60WD").severity is Severity.ERROR


def _ceremony_case(received: str, ceremony: str | None, as_of: str) -> list:
    c = dossier(Stage.PROBATIONARY if ceremony else Stage.DECIDED, decision_date=d("30/01/2026"),
                decision_received_date=d(received), cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"),
                ceremony_date=d(ceremony) if ceremony else None, new_member_course_date=None)
    return findings(c, as_of)


def test_worked_example_ceremony_deadline() -> None:
    """§16: decision received Monday 02/02/2026 → ceremony by Monday 23/03/2026 (Tết 16–20/02 off)."""
    assert "CEREMONY_30WD" not in rules_of(_ceremony_case("02/02/2026", "23/03/2026", "25/03/2026"))
    late = only(_ceremony_case("02/02/2026", "24/03/2026", "25/03/2026"), "CEREMONY_30WD")
    assert late.severity is Severity.ERROR and "23/03/2026" in late.message and "đồng ý" in late.message


def test_ceremony_deadline_runs_from_the_decision_date_when_receipt_is_unknown() -> None:
    c = dossier(Stage.PROBATIONARY, decision_date=d("02/02/2026"), decision_received_date=None,
                cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"), ceremony_date=d("24/03/2026"),
                new_member_course_date=None)
    assert only(findings(c, "25/03/2026"), "CEREMONY_30WD").severity is Severity.ERROR


def test_ceremony_on_the_sunday_after_a_friday_deadline_is_late() -> None:
    """Received Friday 06/02/2026 → due Friday 27/03/2026; a ceremony on Sunday 29/03/2026 is after the deadline."""
    assert "CEREMONY_30WD" not in rules_of(_ceremony_case("06/02/2026", "27/03/2026", "30/03/2026"))
    assert only(_ceremony_case("06/02/2026", "29/03/2026", "30/03/2026"), "CEREMONY_30WD").severity is Severity.ERROR


def test_ceremony_overdue_and_due_soon() -> None:
    assert "CEREMONY_30WD" not in rules_of(_ceremony_case("02/02/2026", None, "23/03/2026"))
    soon = only(_ceremony_case("02/02/2026", None, "09/03/2026"), "DEADLINE_SOON")
    assert soon.severity is Severity.INFO and "23/03/2026" in soon.message and "10 ngày" in soon.message
    assert "DEADLINE_SOON" not in rules_of(_ceremony_case("02/02/2026", None, "06/03/2026"))  # 11 working days left
    overdue = only(_ceremony_case("02/02/2026", None, "24/03/2026"), "CEREMONY_30WD")
    assert overdue.severity is Severity.ERROR and "Quá hạn" in overdue.message
    assert "DEADLINE_SOON" not in rules_of(_ceremony_case("02/02/2026", None, "28/03/2026"))


def _recognition_case(vote: str | None, as_of: str, decision: str | None = None) -> list:
    """Ceremony 20/04/2025, so probation ends Monday 20/04/2026."""
    c = dossier(Stage.OFFICIAL if decision else Stage.PROBATIONARY, cell_vote_date=d("10/02/2025"),
                committee_date=d("20/02/2025"), decision_date=d("01/04/2025"), decision_received_date=d("03/04/2025"),
                ceremony_date=d("20/04/2025"), new_member_course_date=d("01/10/2025"),
                recognition_vote_date=d(vote) if vote else None, recognition_vote_yes=9 if vote else None,
                recognition_date=d(decision) if decision else None,
                source_date=d("01/06/2024"), course_date=d("20/06/2024"), application_date=d("01/07/2024"),
                cv_date=d("05/07/2024"), verification_date=d("01/09/2024"), opinions_date=d("10/01/2025"))
    return check_candidate(c, context(as_of))


def test_worked_example_recognition_vote_deadline() -> None:
    """§16: probation ended Monday 20/04/2026 → recognition vote by Thursday 04/06/2026."""
    assert serious(_recognition_case("04/06/2026", "05/06/2026")) == []
    late = only(_recognition_case("05/06/2026", "08/06/2026"), "RECOG_CELL_30WD")
    assert late.severity is Severity.ERROR and "04/06/2026" in late.message


def test_recognition_vote_before_the_end_of_probation_is_out_of_order() -> None:
    assert only(_recognition_case("17/04/2026", "20/04/2026"), "DATE_ORDER").column == "recognition_vote_date"


def test_recognition_vote_overdue() -> None:
    assert only(_recognition_case(None, "05/06/2026"), "RECOG_CELL_30WD").severity is Severity.ERROR


@pytest.mark.parametrize("decision, severity", [
    ("16/07/2026", None),  # the 30th working day after the vote of 04/06/2026
    ("17/07/2026", Severity.WARNING),  # the 31st: within the extension
    ("26/08/2026", Severity.WARNING),  # the 60th
    ("27/08/2026", Severity.ERROR),  # the 61st
])
def test_recog_dec_30wd(decision: str, severity: Severity | None) -> None:
    found = [f for f in _recognition_case("04/06/2026", decision, decision) if f.rule == "RECOG_DEC_30WD"]
    assert [f.severity for f in found] == ([severity] if severity else [])


# --- data quality (§15) ------------------------------------------------------------------------

def test_required_field_birth_date() -> None:
    found = only(findings(voted(dob=None)), "REQUIRED_FIELD")
    assert found.severity is Severity.ERROR and found.column == "dob" and "Ngày sinh" in found.message
    assert not {"AGE_MIN", "AGE_MAX"} & set(rules_of(findings(voted(dob=None))))


def test_date_invalid_cell_is_reported_once_by_the_register_reader() -> None:
    c, problems = read_candidate("Theo dõi", 8, {"name": "Lê Văn D", "dob": "01/01/1995", "ceremony_date": "31/02/2026"})
    assert [(f.rule, f.column) for f in problems] == [("DATE_INVALID", "ceremony_date")]
    assert c.ceremony_date is None


@pytest.mark.parametrize("changes, column", [
    ({"ceremony_date": d("10/07/2024")}, "ceremony_date"),  # ceremony before the decision of 15/07/2024
    ({"cell_vote_date": d("25/03/2024")}, "cell_vote_date"),  # vote before the application
    ({"decision_received_date": d("14/07/2024")}, "decision_received_date"),
    ({"committee_date": d("10/06/2024")}, "committee_date"),
    ({"unit_since": d("01/01/1980")}, "unit_since"),  # before the birth date
])
def test_date_order(changes: dict, column: str) -> None:
    found = [f for f in findings(dossier(Stage.PROBATIONARY, **changes), AS_OF[Stage.PROBATIONARY]) if f.rule == "DATE_ORDER"]
    assert [(f.column, f.severity) for f in found] == [(column, Severity.ERROR)]


def test_date_order_same_day_is_in_order() -> None:
    c = dossier(Stage.PROBATIONARY, decision_received_date=d("15/07/2024"), ceremony_date=d("15/07/2024"))
    assert "DATE_ORDER" not in rules_of(findings(c, AS_OF[Stage.PROBATIONARY]))


def test_date_future() -> None:
    found = only(findings(voted(), "11/06/2024"), "DATE_FUTURE")
    assert found.severity is Severity.WARNING and found.column == "cell_vote_date"
    assert "DATE_FUTURE" not in rules_of(findings(voted(), "12/06/2024"))


def test_duplicate() -> None:
    rows = [dossier(Stage.SOURCE, row=3), dossier(Stage.SOURCE, row=9, name=" NGUYỄN  văn an "),
            dossier(Stage.SOURCE, row=10, dob=d("11/05/1989"))]
    found = [f for f in check_register(rows, context(AS_OF[Stage.SOURCE])) if f.rule == "DUPLICATE"]
    assert [(f.row, f.severity) for f in found] == [(9, Severity.WARNING)]
    assert "3" in found[0].message


def test_intro_unknown() -> None:
    found = only(findings(voted(introducer_2="Phạm Văn Lạ")), "INTRO_UNKNOWN")
    assert found.severity is Severity.WARNING and found.column == "introducer_2" and "Phạm Văn Lạ" in found.message


def test_intro_unknown_names_match_loosely() -> None:
    assert "INTRO_UNKNOWN" not in rules_of(findings(voted(introducer_1=" trần  VĂN bình ")))


def test_intro_unknown_without_member_sheet() -> None:
    found = [f for f in findings(voted(), members=(), members_present=False) if f.rule == "INTRO_UNKNOWN"]
    assert len(found) == 1 and "Đảng viên" in found[0].message


# --- register ---------------------------------------------------------------------------------------

def test_register_collects_every_finding_of_every_row() -> None:
    rows = [voted(row=3, dob=None), voted(row=4, course_date=None, introducer_2=""), dossier(Stage.SOURCE, row=5)]
    found = check_register(rows, context("14/06/2024"))
    assert {(f.row, f.rule) for f in found if f.severity is Severity.ERROR} == {
        (3, "REQUIRED_FIELD"), (4, "COURSE_NT_REQ"), (4, "INTRO_N")}
    assert all(f.sheet == "Theo dõi" and f.person for f in found)


def test_context_member_lookup() -> None:
    ctx = Context(settings=make_settings(), calendar=context("01/01/2025").calendar, as_of=d("01/01/2025"),
                  members=cell_members())
    assert ctx.member("TRẦN VĂN BÌNH") is not None and ctx.member("Ai Đó") is None


def test_unreadable_birth_date_is_reported_once_at_its_cell(tmp_path) -> None:
    """DATE_INVALID at the cell, and no second 'missing' REQUIRED_FIELD for the same cell."""
    from addin.workbook.book import BookInput
    from addin.workbook.run import evaluate

    grid = [["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", "31/02/2000"]]
    result = evaluate(BookInput({"Theo dõi": grid}), as_of=dt.date(2026, 1, 5))
    at_dob = [f.rule for f in result.findings if f.row == 2 and f.column == "dob"]
    assert at_dob == ["DATE_INVALID"]


def test_three_fail_only_for_a_failed_vote_not_a_data_error() -> None:
    """VOTE_3FAIL counts the failed votes recorded, never a count above the members (VOTE_RECOG data error)."""
    from addin.rules.calendar import WorkCalendar
    from addin.rules.settings import Settings

    members = tuple(Member(row=i + 2, name=f"Đảng viên {i}", admitted=dt.date(2010, 1, 1), official=dt.date(2011, 1, 1))
                    for i in range(9))
    ctx = Context(Settings(), WorkCalendar(), dt.date(2026, 6, 1), members)

    def rules_for(yes: int, failures: int | None = None) -> list[str]:
        c, _ = read_candidate("Theo dõi", 5, {"name": "Lê Thị Hoa", "dob": dt.date(1995, 1, 1),
                                              "ceremony_date": dt.date(2025, 3, 2),
                                              "new_member_course_date": dt.date(2025, 9, 1),
                                              "recognition_vote_date": dt.date(2026, 3, 10), "recognition_vote_yes": yes,
                                              "recognition_vote_failures": failures})
        return [f.rule for f in check_candidate(c, ctx)]

    assert "VOTE_3FAIL" not in rules_for(5) and "VOTE_RECOG" in rules_for(5)  # 5/9 < 2/3, the first failure
    assert "VOTE_3FAIL" in rules_for(5, 3)  # the third recorded failure: the superior committee decides
    assert "VOTE_3FAIL" not in rules_for(12, 3) and "VOTE_RECOG" in rules_for(12)  # 12 > 9 members: a data error
    assert "VOTE_3FAIL" not in rules_for(6, 3)  # 6/9 = 2/3 passes


def test_a_past_expected_admission_is_a_finding_not_a_forecast() -> None:
    """issue 17 §3: `Dự kiến kết nạp` 09/2026 on 15/11/2026 with no decision: a warning; none once decided, none ahead."""
    past = dossier(Stage.DOSSIER, expected=Period(2026, 9, 9))
    found = [f for f in findings(past, "15/11/2026") if f.rule == "EXPECTED_PAST"]
    assert [(f.severity, f.column, f.message) for f in found] == [(
        Severity.WARNING, "expected",
        "Dự kiến kết nạp 09/2026 đã qua (ngày tính 15/11/2026) mà chưa có quyết định kết nạp: hãy ghi lại thời gian "
        "dự kiến; chibo không dùng thời gian đã qua để lập kế hoạch.")]
    decided = dossier(Stage.DECIDED, expected=Period(2026, 9, 9))
    assert not [f for f in findings(decided, "15/11/2026") if f.rule == "EXPECTED_PAST"]
    ahead = dossier(Stage.DOSSIER, expected=Period(2026, 12, 12))
    assert not [f for f in findings(ahead, "15/11/2026") if f.rule == "EXPECTED_PAST"]
