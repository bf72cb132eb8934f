"""The workbook format of DESIGN §2 as `addin.workbook.schema` spells it."""
from __future__ import annotations

import pytest

from addin.rules.text import fold
from addin.workbook.schema import (
    CALENDAR,
    FINDINGS,
    MEMBERS,
    PLAN_TABLE,
    QUOTA,
    REGISTER,
    SETTINGS,
    SHEETS,
    is_plan_sheet,
    plan_sheet,
    plan_sheet_name,
)
from addin.workbook.tables import find_sheet

ALL_SPECS = (*SHEETS, PLAN_TABLE)


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.key)
def test_no_label_means_two_columns(spec):
    owners: dict[str, str] = {}
    for col in spec.all_columns:
        for label in col.labels:
            assert owners.setdefault(fold(label), col.key) == col.key, (spec.key, label)


@pytest.mark.parametrize("spec", ALL_SPECS, ids=lambda s: s.key)
def test_keys_unique_and_required_keys_exist(spec):
    keys = [col.key for col in spec.all_columns]
    assert len(keys) == len(set(keys))
    assert set(spec.required_keys) <= {col.key for col in spec.columns}


def test_register_matches_design():
    assert REGISTER.name == "Theo dõi"
    assert REGISTER.aliases == ("Theo doi", "Quần chúng", "Danh sách quần chúng", "Nguồn phát triển")
    assert [c.key for c in REGISTER.columns] == [
        "stt", "name", "dob", "gender", "ethnicity", "religion", "education", "edu_exception",
        "unit", "unit_since", "party_member", "youth_member", "source_date", "helper", "course_date",
        "application_date", "cv_date", "verification_date", "introducer_1", "introducer_2",
        "introducer_replacement", "union_intro_date", "opinions_date", "cell_vote_date", "cell_vote_yes",
        "cell_vote_total", "cell_vote_present", "cell_vote_exempt_absent", "cell_vote_failures",
        "committee_date", "committee_vote_yes", "committee_members", "over60_consent_date",
        "decision_date", "decision_no", "decision_received_date", "ceremony_date", "readmitted",
        "new_member_course_date", "recognition_vote_date", "recognition_vote_yes", "recognition_vote_total",
        "recognition_vote_present", "recognition_vote_exempt_absent", "recognition_vote_failures",
        "recognition_date", "expected", "notes",
    ]
    assert REGISTER.column("name").labels == (
        "Họ và tên", "Họ tên", "Họ và tên quần chúng", "Họ và tên đang dùng", "Họ tên đang dùng",
        "Họ và tên khai sinh", "Họ tên khai sinh",
    )
    assert REGISTER.column("name").parts == ("Họ đệm", "Họ và đệm", "Họ và chữ đệm", "Họ và tên đệm", "Họ", "Tên")
    # Aliases seen in real registers (issue 9 §3): a members' list's admission dates, Youth Union dates.
    assert {"Ngày vào Đảng", "Thời gian vào Đảng", "Ngày kết nạp", "Ngày kết nạp dự bị"} <= set(
        REGISTER.column("decision_date").aliases)
    assert {"Ngày chính thức", "Ngày kết nạp chính thức"} <= set(REGISTER.column("recognition_date").aliases)
    assert {"Ngày vào Đoàn", "Thời gian vào Đoàn"} <= set(REGISTER.column("youth_member").aliases)
    assert {"Trình độ", "Trình độ học vấn, học vị, học hàm"} <= set(REGISTER.column("education").aliases)
    assert {"Chức vụ hiện nay", "Chi bộ"} <= set(REGISTER.column("unit").aliases)
    assert REGISTER.column("union_intro_date").header == "Ngày NQ giới thiệu của Đoàn/Công đoàn"
    assert REGISTER.column("edu_exception").aliases == ()
    assert {c.key: c.header for c in REGISTER.owned_columns} == {
        "stage": "Giai đoạn", "check_result": "Kết quả kiểm tra",
        "next_step": "Việc tiếp theo", "deadline": "Hạn",
    }
    assert REGISTER.required_keys == ("name",)


def test_other_sheets_match_design():
    assert MEMBERS.name == "Đảng viên" and MEMBERS.aliases == ("Dang vien", "Danh sách đảng viên")
    assert [c.key for c in MEMBERS.columns] == [
        "stt", "name", "dob", "gender", "admitted", "official", "arrived", "left", "exempt",
        "attached_elsewhere", "status", "notes",
    ]
    assert MEMBERS.column("arrived").labels == ("Ngày về chi bộ", "Ngày chuyển đến")
    assert [c.key for c in QUOTA.columns] == ["year", "target", "resolution_target"]
    assert [c.header for c in QUOTA.owned_columns] == [
        "Đã kết nạp", "Tỷ lệ đạt", "Tỷ lệ theo nghị quyết", "Đang trong quy trình",
        "Dự kiến kết nạp thêm", "Dự kiến cả năm", "Đảng viên dự bị", "Chuyển chính thức",
        "Quá hạn", "Đánh giá",
    ]
    assert (SETTINGS.name, [c.header for c in SETTINGS.columns]) == ("Cài đặt", ["Mục", "Giá trị"])
    assert (CALENDAR.name, [c.header for c in CALENDAR.columns]) == ("Ngày nghỉ", ["Ngày", "Loại", "Ghi chú"])
    assert FINDINGS.name == "Kiểm tra"
    assert [c.header for c in FINDINGS.owned_columns] == [
        "STT", "Mức độ", "Sheet", "Ô", "Họ và tên", "Nội dung", "Căn cứ", "Mã quy tắc (cho kỹ thuật)",
    ]  # issue 17 §1: the rule id last, for whoever maintains the rules
    assert [c.header for c in PLAN_TABLE.columns] == [
        "STT", "Nội dung công việc", "Đối tượng", "Thời gian thực hiện", "Hạn chót",
        "Phụ trách", "Căn cứ", "Ghi chú",
    ]
    assert PLAN_TABLE.column("owner").aliases == ("Người thực hiện", "Người phụ trách", "Bộ phận thực hiện")


def test_column_lookup_covers_owned_and_rejects_unknown():
    assert REGISTER.column("deadline").header == "Hạn"
    with pytest.raises(KeyError):
        REGISTER.column("nope")


def test_plan_sheet_names():
    assert plan_sheet_name(2027) == "Kế hoạch 2027"
    for name in ("Kế hoạch 2027", "KE HOACH  2027", "kế hoạch năm 2027", "KH 2027", " KH2027 "):
        assert is_plan_sheet(name, 2027), name
    for name in ("Kế hoạch 2026", "Kế hoạch", "Theo dõi", "Kế hoạch 20270"):
        assert not is_plan_sheet(name, 2027), name
    assert find_sheet(["Theo dõi", "Kế hoạch 2026", "KH năm 2027"], plan_sheet(2027)) == "KH năm 2027"
    assert plan_sheet(2027).columns == PLAN_TABLE.columns
