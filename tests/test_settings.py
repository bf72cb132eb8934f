"""Tests for addin.rules.settings: `Cài đặt` items and overrides of configurable rule parameters."""
from __future__ import annotations

import pytest
from rules_helpers import context, d, dossier, make_settings, only, rules_of

from addin.rules.catalogue import configurable_params
from addin.rules.checks import check_candidate
from addin.rules.findings import Severity
from addin.rules.settings import read_settings
from addin.rules.stages import Stage
from addin.rules.text import fold


def _read(items: dict[str, object]):
    return read_settings({fold(label): (row, value) for row, (label, value) in enumerate(items.items(), start=2)})


def test_defaults_without_a_settings_sheet() -> None:
    settings, problems = read_settings({})
    assert problems == []
    assert settings.has_youth_union is True and settings.as_of is None and settings.quota_basis == "decision"
    assert settings.param("COURSE_NT_VALID", "valid_months") == 60
    assert settings.severity("DOSSIER_12M") is Severity.WARNING


def test_fixed_items() -> None:
    settings = make_settings({
        "Tên chi bộ": "Chi bộ Phòng Tổ chức", "Ngày tính": "15/06/2026", "Năm kế hoạch": 2027,
        "Có tổ chức Đoàn": "Không", "Tính chỉ tiêu theo": "Ngày lễ kết nạp", "Bí thư chi bộ": "Trần Văn Bình",
    })
    assert settings.cell_name == "Chi bộ Phòng Tổ chức"
    assert settings.as_of == d("15/06/2026") and settings.plan_year == 2027
    assert settings.has_youth_union is False and settings.quota_basis == "ceremony"
    assert settings.item("Bí thư chi bộ") == "Trần Văn Bình"


def test_labels_match_without_accents_case_or_spacing() -> None:
    settings, problems = read_settings({fold("GIA TRI  GCN lop nhan thuc ve Dang (thang)"): (3, 48)})
    assert problems == [] and settings.param("COURSE_NT_VALID", "valid_months") == 48


@pytest.mark.parametrize("rule_id, key, raw, expected", [
    ("COURSE_NT_VALID", "valid_months", "48", 48),
    ("YOUTH_DV", "youth_max_years", 35, 35),
    ("DOSSIER_12M", "months", 18.0, 18),
    ("HOL", "culture_day_off", "Không", False),
    ("DEADLINE_SOON", "lead_working_days", 5, 5),
])
def test_configurable_parameters_are_overridden(rule_id: str, key: str, raw: object, expected: object) -> None:
    label = next(p.label for r, p in configurable_params() if (r.id, p.key) == (rule_id, key))
    assert make_settings({label: raw}).param(rule_id, key) == expected


def test_legal_values_are_not_configurable() -> None:
    """[A] values (18 years, 60 working days) cannot be changed from `Cài đặt`."""
    settings, problems = _read({"Tuổi tối thiểu (tháng)": 200, "Hạn quyết định kết nạp (ngày làm việc)": 90})
    assert problems == []
    assert settings.param("AGE_MIN", "min_months") == 216
    assert settings.param("DEC_60WD", "working_days") == 60


def test_certificate_validity_override_changes_the_outcome() -> None:
    """COURSE_NT_VALID with 48 months: a certificate of 15/01/2020 is expired at a vote on 03/02/2024."""
    c = dossier(Stage.CELL_VOTED, course_date=d("15/01/2020"), cell_vote_date=d("03/02/2024"),
                application_date=d("01/12/2023"), cv_date=d("05/12/2023"), verification_date=d("10/01/2024"),
                opinions_date=d("20/01/2024"))
    assert "COURSE_NT_VALID" not in rules_of(check_candidate(c, context("10/02/2024")))
    short = make_settings({"Giá trị GCN lớp nhận thức về Đảng (tháng)": 48})
    found = only(check_candidate(c, context("10/02/2024", settings=short)), "COURSE_NT_VALID")
    assert found.severity is Severity.ERROR and "15/01/2024" in found.message


def test_youth_age_override_changes_the_outcome() -> None:
    """YOUTH_DV with youth up to 35: a 33-year-old non-member must now be a Youth Union member."""
    c = dossier(Stage.DOSSIER, dob=d("01/01/1991"))
    assert "YOUTH_DV" not in rules_of(check_candidate(c, context("05/06/2024")))
    wide = make_settings({"Tuổi thanh niên tối đa (năm)": 35})
    assert "YOUTH_DV" in rules_of(check_candidate(c, context("05/06/2024", settings=wide)))


def test_no_youth_union_setting_turns_off_youth_dv() -> None:
    c = dossier(Stage.DOSSIER, dob=d("01/01/2000"))
    assert "YOUTH_DV" in rules_of(check_candidate(c, context("05/06/2024")))
    none = make_settings({"Có tổ chức Đoàn": "Không"})
    assert "YOUTH_DV" not in rules_of(check_candidate(c, context("05/06/2024", settings=none)))


def test_lead_time_override_changes_deadline_soon() -> None:
    """DEADLINE_SOON: the ceremony due 23/03/2026 is 'soon' at 10 working days, not at 5."""
    c = dossier(Stage.DECIDED, decision_date=d("30/01/2026"), decision_received_date=d("02/02/2026"),
                cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026"))
    as_of = d("10/03/2026")  # 9 working days before 23/03/2026
    assert "DEADLINE_SOON" in rules_of(check_candidate(c, context(as_of)))
    short = make_settings({"Cảnh báo trước hạn (ngày làm việc)": 5})
    assert "DEADLINE_SOON" not in rules_of(check_candidate(c, context(as_of, settings=short)))


def test_severity_override() -> None:
    settings = make_settings({"Mức độ DOSSIER_12M": "Lỗi"})
    assert settings.severity("DOSSIER_12M") is Severity.ERROR
    c = dossier(Stage.DOSSIER, cv_date=d("05/04/2023"), application_date=d("01/04/2023"))
    found = only(check_candidate(c, context("05/06/2024", settings=settings)), "DOSSIER_12M")
    assert found.severity is Severity.ERROR


@pytest.mark.parametrize("label, raw", [
    ("Ngày tính", "31/02/2026"),
    ("Năm kế hoạch", "năm sau"),
    ("Có tổ chức Đoàn", "chưa rõ"),
    ("Tính chỉ tiêu theo", "Ngày họp"),
    ("Giá trị GCN lớp nhận thức về Đảng (tháng)", "năm năm"),
    ("Cảnh báo trước hạn (ngày làm việc)", "mười"),
    ("Nghỉ Ngày Văn hóa Việt Nam 24/11", "có lẽ"),
    ("Mức độ DOSSIER_12M", "Rất nặng"),
])
def test_unreadable_setting_is_a_finding_at_its_row(label: str, raw: object) -> None:
    """A bad value is a finding at its row of `Cài đặt` whose message names the item and the value."""
    settings, problems = _read({"Tên chi bộ": "Chi bộ A", label: raw})
    assert len(problems) == 1
    found = problems[0]
    assert (found.sheet, found.row, found.column) == ("Cài đặt", 3, "value")
    assert label in found.message and str(raw) in found.message
    assert "{" not in found.message and "()" not in found.message
    assert found.severity in (Severity.ERROR, Severity.WARNING)
    assert settings.cell_name == "Chi bộ A"  # the other items are still read
