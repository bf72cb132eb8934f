"""Build the sample workbook `chi-bo-mau.xlsx`: a fictional cell's register, members, quota,
settings and calendar, laid out the way a cell committee keeps its own workbook, after the same
one-page `Hướng dẫn` sheet as `chibo new` writes (without the buttons).

    python workbooks/make_sample.py [--output PATH]

Every person, unit and number is fictional. The reference date (`Ngày tính`) is 15/11/2026;
each candidate stands at the stage recorded in `STAGES`, most dossiers are clean, and a few
carry the problems a secretary wants to see flagged (`PROBLEMS`). The build is reproducible:
the same script gives the same bytes (fixed creation date; XlsxWriter writes fixed zip times).
"""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from addin.excel.template import GUIDE_SHEET, guide_update
from addin.files.splice import write_updates
from addin.rules.catalogue import configurable_params, confirm_text
from addin.rules.plan import planning_settings
from addin.rules.settings import ITEMS
from addin.rules.stages import STAGE_LABELS, Stage
from addin.workbook.outputs import LINE_HEIGHT, wrapped_lines
from addin.workbook.quota_sheet import NEW_HEADER_ROW as QUOTA_HEADER_ROW
from addin.workbook.quota_sheet import QUOTA_TITLE
from addin.workbook.schema import CALENDAR, MEMBERS, QUOTA, REGISTER, SETTINGS, SheetSpec

DEFAULT_OUTPUT = Path(__file__).with_name("chi-bo-mau.xlsx")
D = dt.date
AS_OF = D(2026, 11, 15)
CREATED = dt.datetime(2026, 11, 15, 8, 0, 0)

CELL = "Chi bộ Viện kiểm sát nhân dân khu vực 2"
SUPERIOR = "Đảng bộ phường Uông Bí"
SECRETARY = "Phạm Văn Thành"

# Fixed items of `Cài đặt`, in the order of settings.ITEMS.
SETTING_VALUES: dict[str, Any] = {
    "Tên chi bộ": CELL,
    "Đảng bộ cấp trên": SUPERIOR,
    "Địa danh": "Uông Bí",
    "Năm kế hoạch": 2027,
    "Ngày tính": AS_OF,
    "Số kế hoạch": "05",
    "Bí thư chi bộ": SECRETARY,
    "Tính chỉ tiêu theo": "Ngày quyết định",
    "Có tổ chức Đoàn": "Có",
    "Chi bộ có chi ủy": "Có",
}
SETTING_NOTES = {
    "Ngày tính": "Để trống = ngày hiện tại",
    "Tính chỉ tiêu theo": "Ngày quyết định hoặc Ngày lễ kết nạp",
    "Có tổ chức Đoàn": "Có/Không",
    "Chi bộ có chi ủy": "Có/Không",
}

# `Đảng viên`: (name, birth, gender, admitted, official, arrived, left, exempt, notes).
# Text dates ("1/9/2020") are typed the way users type them.
MEMBER_ROWS: tuple[tuple[Any, ...], ...] = (
    ("Phạm Văn Thành", D(1971, 3, 12), "Nam", D(1998, 5, 19), D(1999, 5, 19), D(2016, 8, 1), None, "", "Bí thư chi bộ"),
    ("Nguyễn Thị Thu Hà", D(1979, 9, 25), "Nữ", D(2006, 2, 3), D(2007, 2, 3), D(2017, 3, 15), None, "", "Phó Bí thư chi bộ"),
    ("Trần Quốc Hưng", D(1976, 11, 7), "Nam", D(2003, 8, 26), D(2004, 8, 26), D(2016, 8, 1), None, "", "Chi ủy viên"),
    ("Lê Thị Minh Nguyệt", D(1985, 2, 18), "Nữ", D(2010, 12, 10), D(2011, 12, 10), D(2018, 10, 1), None, "", ""),
    ("Vũ Đức Long", D(1983, 6, 30), "Nam", D(2009, 7, 15), D(2010, 7, 15), D(2019, 4, 1), None, "", ""),
    ("Đỗ Thị Lan Anh", D(1988, 1, 9), "Nữ", D(2013, 11, 20), D(2014, 11, 20), "1/9/2020", None, "", ""),
    ("Hoàng Văn Nam", D(1990, 4, 22), "Nam", D(2015, 2, 3), D(2016, 2, 3), D(2021, 6, 15), None, "", ""),
    ("Bùi Thị Thanh Xuân", D(1986, 8, 14), "Nữ", D(2012, 5, 18), D(2013, 5, 18), D(2019, 3, 1), None, "", ""),
    ("Ngô Minh Tuấn", D(1975, 5, 5), "Nam", D(2001, 12, 22), D(2002, 12, 22), D(2016, 8, 1), D(2026, 8, 1), "",
     "Chuyển sinh hoạt về Chi bộ Viện kiểm sát nhân dân tỉnh"),
    ("Đặng Văn Khải", D(1966, 10, 16), "Nam", D(1994, 3, 26), D(1995, 3, 26), D(2016, 8, 1), None, "Có",
     "Miễn sinh hoạt do sức khỏe từ 01/2026"),
    ("Lương Thị Hồng Nhung", D(1995, 7, 21), "Nữ", D(2025, 4, 21), D(2026, 5, 19), D(2025, 5, 19), None, "",
     "Kết nạp tại chi bộ ngày 19/5/2025"),
    ("Tạ Quang Vinh", D(1993, 10, 2), "Nam", D(2025, 11, 5), None, D(2025, 11, 19), None, "", "Đảng viên dự bị"),
    ("Nguyễn Hoàng Yến", D(2000, 12, 3), "Nữ", D(2026, 4, 22), None, D(2026, 5, 19), None, "", "Đảng viên dự bị"),
    ("Cao Thị Hạnh", D(1990, 4, 14), "Nữ", D(2025, 1, 15), None, D(2025, 2, 12), None, "",
     "Đảng viên dự bị; chi bộ xét chuyển chính thức không đạt ngày 25/02/2026"),
)
MEMBER_KEYS = ("name", "dob", "gender", "admitted", "official", "arrived", "left", "exempt", "notes")
MEMBER_STATUS = {"Ngô Minh Tuấn": "Chuyển đi"}  # `Tình trạng` of members no longer in the cell

# Frequent values of the register.
KINH, NONE = "Kinh", "Không"
LAW = "12/12, Đại học Luật"
BEFORE_JULY_2025 = "QĐ/TU"  # decided by the Thành ủy before the district tier was removed
AFTER_JULY_2025 = "QĐ/ĐU"  # decided by the standing board of the ward's Party committee


def _candidate(**values: Any) -> dict[str, Any]:
    return {"ethnicity": KINH, "religion": NONE, **values}


# `Theo dõi`, from the longest-standing person to the newest source, each with its stage on
# the reference date. Vote counts are out of the official members the member list gives on
# the vote date (10, or 11 between 19/05/2026 and 01/08/2026).
CANDIDATES: tuple[tuple[Stage, dict[str, Any]], ...] = (
    (Stage.OFFICIAL, _candidate(
        name="Lương Thị Hồng Nhung", dob=D(1995, 7, 21), gender="Nữ", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2019, 9, 16), youth_member="Có", source_date=D(2023, 3, 8),
        helper="Ngô Minh Tuấn", course_date=D(2023, 11, 24), application_date="05/3/2024", cv_date=D(2024, 3, 25),
        verification_date=D(2024, 7, 10), introducer_1="Ngô Minh Tuấn", union_intro_date=D(2025, 2, 14),
        opinions_date=D(2025, 2, 26), cell_vote_date=D(2025, 3, 12), cell_vote_yes=9, cell_vote_total=10,
        committee_date=D(2025, 3, 26), decision_date=D(2025, 4, 21), decision_no=f"412-{BEFORE_JULY_2025}",
        decision_received_date=D(2025, 4, 23), ceremony_date=D(2025, 5, 19), new_member_course_date=D(2025, 9, 15),
        recognition_vote_date=D(2026, 6, 10), recognition_vote_yes=10, recognition_date=D(2026, 7, 1),
    )),
    (Stage.PROBATIONARY, _candidate(
        name="Tạ Quang Vinh", dob=D(1993, 10, 2), gender="Nam", education="12/12, Thạc sĩ Luật",
        unit="Kiểm sát viên sơ cấp", unit_since=D(2018, 10, 1), youth_member="Không", source_date="15/8/2024",
        helper="Vũ Đức Long", course_date=D(2024, 12, 6), application_date=D(2025, 3, 3), cv_date=D(2025, 3, 17),
        verification_date=D(2025, 6, 20), introducer_1="Vũ Đức Long", introducer_2="Hoàng Văn Nam",
        opinions_date=D(2025, 8, 27), cell_vote_date=D(2025, 9, 10), cell_vote_yes=9, cell_vote_total=10,
        committee_date=D(2025, 9, 24), decision_date=D(2025, 11, 5), decision_no=f"37-{AFTER_JULY_2025}",
        decision_received_date=D(2025, 11, 7), ceremony_date=D(2025, 11, 19), new_member_course_date=D(2026, 3, 20),
        notes="Hết dự bị ngày 19/11/2026; chuẩn bị hồ sơ xét chuyển chính thức",
    )),
    (Stage.PROBATIONARY, _candidate(
        name="Nguyễn Hoàng Yến", dob=D(2000, 12, 3), gender="Nữ", education=LAW,
        unit="Chuyên viên Văn phòng", unit_since=D(2022, 8, 15), youth_member="Có", source_date=D(2024, 10, 9),
        helper="Đỗ Thị Lan Anh", course_date=D(2025, 6, 13), application_date=D(2025, 9, 8), cv_date=D(2025, 9, 22),
        verification_date=D(2025, 12, 18), introducer_1="Đỗ Thị Lan Anh", union_intro_date=D(2026, 2, 25),
        opinions_date=D(2026, 3, 4), cell_vote_date=D(2026, 3, 11), cell_vote_yes=10, cell_vote_total=10,
        committee_date=D(2026, 3, 25), decision_date=D(2026, 4, 22), decision_no=f"118-{AFTER_JULY_2025}",
        decision_received_date=D(2026, 4, 24), ceremony_date=D(2026, 5, 19),
        notes="Đăng ký học lớp bồi dưỡng đảng viên mới đợt tháng 12/2026",
    )),
    (Stage.DECIDED, _candidate(
        name="Vi Văn Sơn", dob=D(1998, 4, 17), gender="Nam", ethnicity="Tày", education="12/12, Cao đẳng",
        unit="Văn thư – lưu trữ", unit_since=D(2021, 3, 1), youth_member="Có", source_date=D(2025, 3, 12),
        helper="Trần Quốc Hưng", course_date=D(2025, 9, 26), application_date=D(2025, 12, 1), cv_date=D(2025, 12, 15),
        verification_date=D(2026, 3, 27), introducer_1="Trần Quốc Hưng", union_intro_date=D(2026, 6, 24),
        opinions_date=D(2026, 7, 1), cell_vote_date=D(2026, 7, 8), cell_vote_yes=10, cell_vote_total=11,
        committee_date=D(2026, 7, 22), decision_date=D(2026, 8, 14), decision_no=f"265-{AFTER_JULY_2025}",
        decision_received_date=D(2026, 8, 18), expected="9/2026",
        notes="Chờ bố trí thời gian tổ chức lễ kết nạp",
    )),
    (Stage.DECIDED, _candidate(
        name="Phạm Thu Hằng", dob=D(1994, 3, 27), gender="Nữ", religion="Công giáo", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2020, 7, 1), youth_member="Không", source_date=D(2025, 4, 9),
        helper="Bùi Thị Thanh Xuân", course_date=D(2025, 11, 21), application_date=D(2026, 1, 12), cv_date=D(2026, 1, 26),
        verification_date=D(2026, 5, 15), introducer_1="Nguyễn Thị Thu Hà", introducer_2="Bùi Thị Thanh Xuân",
        opinions_date=D(2026, 8, 5), cell_vote_date=D(2026, 8, 12), cell_vote_yes=9, cell_vote_total=10,
        committee_date=D(2026, 8, 26), decision_date=D(2026, 10, 28), decision_no=f"341-{AFTER_JULY_2025}",
        decision_received_date=D(2026, 11, 2), expected=D(2026, 12, 3),
        notes="Dự kiến tổ chức lễ kết nạp ngày 03/12/2026",
    )),
    (Stage.PROBATIONARY, _candidate(
        name="Cao Thị Hạnh", dob=D(1990, 4, 14), gender="Nữ", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2016, 3, 1), youth_member="Không", source_date=D(2024, 2, 5),
        helper="Trần Quốc Hưng", course_date=D(2024, 6, 14), application_date=D(2024, 7, 1), cv_date=D(2024, 7, 15),
        verification_date=D(2024, 10, 4), introducer_1="Trần Quốc Hưng", introducer_2="Lê Thị Minh Nguyệt",
        opinions_date=D(2024, 11, 20), cell_vote_date=D(2024, 12, 4), cell_vote_yes=10, cell_vote_total=10,
        committee_date=D(2024, 12, 18), decision_date=D(2025, 1, 15), decision_no=f"55-{BEFORE_JULY_2025}",
        decision_received_date=D(2025, 1, 17), ceremony_date=D(2025, 2, 12), new_member_course_date=D(2025, 6, 20),
        recognition_vote_date=D(2026, 2, 25), recognition_vote_yes=5, recognition_vote_total=10,
        recognition_vote_present=9, recognition_vote_exempt_absent=1, recognition_vote_failures=1,
        notes="Chi bộ xét chuyển chính thức ngày 25/02/2026: 5/9 đồng chí tán thành (đồng chí Khải miễn sinh hoạt, vắng)",
    )),
    (Stage.COMMITTEE_REVIEWED, _candidate(
        name="Nguyễn Văn Thọ", dob=D(1963, 5, 10), gender="Nam", education="12/12, Đại học",
        unit="Chuyên viên chính", unit_since=D(2010, 6, 1), youth_member="Không", source_date=D(2025, 4, 9),
        helper="Phạm Văn Thành", course_date=D(2025, 8, 15), application_date=D(2025, 10, 6), cv_date=D(2025, 10, 20),
        verification_date=D(2026, 2, 27), introducer_1="Phạm Văn Thành", introducer_2="Nguyễn Thị Thu Hà",
        opinions_date=D(2026, 8, 26), cell_vote_date=D(2026, 9, 9), cell_vote_yes=10, cell_vote_total=10,
        committee_date=D(2026, 9, 23), over60_consent_date=D(2026, 10, 21), expected="12/2026",
        notes="Trên 60 tuổi: Ban Thường vụ Tỉnh ủy đồng ý bằng văn bản ngày 21/10/2026",
    )),
    (Stage.COMMITTEE_REVIEWED, _candidate(
        name="Nguyễn Đức Mạnh", dob=D(1996, 12, 8), gender="Nam", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2021, 10, 1), youth_member="Có", source_date=D(2025, 5, 14),
        helper="Hoàng Văn Nam", course_date=D(2025, 11, 21), application_date=D(2026, 2, 2), cv_date=D(2026, 2, 9),
        verification_date=D(2026, 6, 5), introducer_1="Hoàng Văn Nam", union_intro_date=D(2026, 8, 28),
        opinions_date=D(2026, 9, 2), cell_vote_date=D(2026, 9, 9), cell_vote_yes=10, cell_vote_total=10,
        committee_date=D(2026, 9, 24), expected="12/2026",
    )),
    (Stage.CELL_VOTED, _candidate(
        name="Lê Văn Hiếu", dob=D(1987, 10, 20), gender="Nam", education="12/12, Trung cấp",
        unit="Kế toán", unit_since=D(2015, 5, 4), youth_member="Không", source_date=D(2025, 3, 12),
        helper="Phạm Văn Thành", course_date=D(2025, 9, 26), application_date=D(2025, 12, 1), cv_date=D(2025, 12, 8),
        verification_date=D(2026, 4, 10), introducer_1="Phạm Văn Thành", introducer_2="Vũ Đức Long",
        opinions_date=D(2026, 6, 30), cell_vote_date=D(2026, 7, 8), cell_vote_yes=11, cell_vote_total=11,
        expected="10/2026", notes="Đã gửi hồ sơ lên Đảng ủy phường ngày 15/7/2026",
    )),
    (Stage.CELL_VOTED, _candidate(
        name="Trịnh Thị Phương Thảo", dob=D(2001, 2, 11), gender="Nữ", education=LAW,
        unit="Chuyên viên Văn phòng", unit_since=D(2023, 8, 1), youth_member="Có", source_date=D(2025, 6, 11),
        helper="Đỗ Thị Lan Anh", course_date=D(2026, 3, 27), application_date=D(2026, 4, 6), cv_date=D(2026, 4, 20),
        verification_date=D(2026, 7, 24), introducer_1="Đỗ Thị Lan Anh", union_intro_date=D(2026, 9, 15),
        opinions_date=D(2026, 9, 30), cell_vote_date=D(2026, 10, 7), cell_vote_yes=9, cell_vote_total=10,
        expected="1/2027",
    )),
    (Stage.CELL_VOTED, _candidate(
        name="Đoàn Thị Mỹ Linh", dob=D(1992, 5, 30), gender="Nữ", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2019, 12, 2), youth_member="Không", source_date=D(2025, 6, 11),
        helper="Lê Thị Minh Nguyệt", course_date=D(2026, 3, 27), application_date=D(2026, 5, 4), cv_date=D(2026, 5, 18),
        verification_date=D(2026, 8, 21), introducer_1="Nguyễn Thị Thu Hà", introducer_2="Lê Thị Minh Nguyệt",
        opinions_date=D(2026, 10, 28), cell_vote_date=D(2026, 11, 4), cell_vote_yes=6, cell_vote_total=10,
        cell_vote_present=8, cell_vote_exempt_absent=0, cell_vote_failures=1,
        expected="2/2027", notes="8/10 đảng viên chính thức dự họp (đồng chí Khải có mặt), 6 đồng chí tán thành",
    )),
    (Stage.DOSSIER, _candidate(
        name="Mai Thị Huyền", dob=D(1995, 7, 3), gender="Nữ", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2019, 10, 1), youth_member="Không", source_date=D(2025, 10, 8),
        helper="Bùi Thị Thanh Xuân", course_date=D(2026, 3, 27), application_date=D(2026, 6, 1), cv_date=D(2026, 6, 15),
        verification_date=D(2026, 9, 18), introducer_1="Bùi Thị Thanh Xuân", introducer_2="Tạ Quang Vinh",
        expected="1/2027",
    )),
    (Stage.DOSSIER, _candidate(
        name="Đỗ Minh Quân", dob=D(1991, 11, 28), gender="Nam", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2017, 5, 2), youth_member="Không", source_date=D(2025, 5, 14),
        helper="Hoàng Văn Nam", course_date=D(2025, 11, 21), application_date=D(2026, 3, 2), cv_date=D(2026, 3, 16),
        verification_date=D(2026, 7, 10), introducer_1="Ngô Minh Tuấn", introducer_2="Hoàng Văn Nam",
        expected="3/2027", notes="Người giới thiệu Ngô Minh Tuấn chuyển sinh hoạt đi ngày 01/8/2026",
    )),
    (Stage.DOSSIER, _candidate(
        name="Hoàng Thị Thanh Tâm", dob=D(1997, 6, 14), gender="Nữ", religion="Công giáo", education=LAW,
        unit="Chuyên viên Văn phòng", unit_since=D(2022, 3, 1), youth_member="Có", source_date=D(2025, 12, 10),
        helper="Lê Thị Minh Nguyệt", course_date=D(2026, 6, 19), application_date=D(2026, 8, 3), cv_date=D(2026, 8, 17),
        verification_date=D(2026, 10, 30), introducer_1="Lê Thị Minh Nguyệt", expected="3/2027",
    )),
    (Stage.DOSSIER, _candidate(
        name="Đinh Văn Quang", dob=D(1984, 9, 9), gender="Nam", education="12/12",
        unit="Lái xe", unit_since=D(2012, 4, 2), youth_member="Không", source_date=D(2021, 3, 10),
        helper="Trần Quốc Hưng", course_date=D(2021, 8, 12), application_date=D(2026, 9, 7), cv_date=D(2026, 9, 21),
        expected="12/2026", notes="Hoãn làm hồ sơ từ 2022 vì hoàn cảnh gia đình",
    )),
    (Stage.COURSE, _candidate(
        name="Phan Minh Khoa", dob=D(1993, 1, 5), gender="Nam", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2020, 10, 1), youth_member="Không", source_date=D(2026, 3, 11),
        helper="Vũ Đức Long", expected="6/2027",
    )),
    (Stage.COURSE, _candidate(
        name="Lý Thị Thu Trang", dob=D(2000, 8, 23), gender="Nữ", ethnicity="Dao", education=LAW,
        unit="Chuyên viên Văn phòng", unit_since=D(2024, 3, 1), youth_member="Có", source_date=D(2026, 6, 10),
        helper="Nguyễn Thị Thu Hà", expected="9/2027", notes="Đã đăng ký lớp nhận thức về Đảng khóa tháng 12/2026",
    )),
    (Stage.SOURCE, _candidate(
        name="Trương Văn Dũng", dob=D(1989, 4, 12), gender="Nam", education="12/12",
        unit="Lái xe", unit_since=D(2017, 2, 6), youth_member="Không", source_date=D(2026, 9, 9), expected="6/2028",
    )),
    (Stage.SOURCE, _candidate(
        name="Nguyễn Thị Ngọc Ánh", dob=1999, gender="Nữ", education=LAW,
        unit="Kiểm tra viên", unit_since=D(2023, 9, 1), youth_member="Có", source_date=D(2026, 10, 7),
        expected="12/2027", notes="Chi bộ họp tháng 10/2026 đưa vào danh sách cảm tình Đảng",
    )),
)

STAGES: dict[str, str] = {values["name"]: STAGE_LABELS[stage] for stage, values in CANDIDATES}

# The deliberate problems of the sample: person → the rules the checks must raise for them.
PROBLEMS: dict[str, tuple[str, ...]] = {
    "Vi Văn Sơn": ("CEREMONY_30WD",),  # decision received 18/08/2026, no ceremony 30 working days on
    "Lê Văn Hiếu": ("DEC_60WD", "EXPECTED_PAST"),  # voted 08/07/2026, no decision in 60 (+30) wd; 10/2026 is past
    "Đoàn Thị Mỹ Linh": ("VOTE_CELL",),  # 6 of 10 official members in favour: 7 needed
    "Mai Thị Huyền": ("INTRO_OFFICIAL",),  # introducer Tạ Quang Vinh is still probationary
    "Đinh Văn Quang": ("COURSE_NT_VALID",),  # certificate of 12/08/2021 expired before the planned vote
    "Nguyễn Thị Ngọc Ánh": ("DATE_PARTIAL",),  # birth year only
    "Cao Thị Hạnh": ("VOTE_RECOG",),  # recognition vote 25/02/2026: 5 of 9 (the exempted member absent), 6 needed
    "Đỗ Minh Quân": ("INTRO_N",),  # introducer Ngô Minh Tuấn left the cell 01/08/2026, no replacement recorded
}
# Not a problem: Nguyễn Văn Thọ is over 60 with the provincial standing committee's consent (AGE_OVER60, a note).

QUOTA_ROWS = ((2026, 3, 3), (2027, 4, 5))

# `Ngày nghỉ`: a Tết 2027 swap announced by the office.
CALENDAR_ROWS = (
    (D(2027, 2, 3), "Nghỉ", "Nghỉ hoán đổi dịp Tết Đinh Mùi theo thông báo của Viện"),
    (D(2027, 2, 20), "Làm bù", "Làm bù cho ngày nghỉ 03/02/2027"),
)

DATE_FORMAT = "dd/mm/yyyy"
FONT = {"font_name": "Times New Roman", "font_size": 12, "font_scheme": "none"}  # not the theme's font
# Column widths by key; other columns get DEFAULT_WIDTH.
WIDTHS = {
    "stt": 5, "name": 24, "gender": 8, "ethnicity": 8, "religion": 10, "education": 20, "edu_exception": 10,
    "unit": 24, "helper": 22, "introducer_1": 22, "introducer_2": 22, "cell_vote_yes": 9, "cell_vote_total": 11,
    "recognition_vote_yes": 11, "decision_no": 13, "notes": 60, "exempt": 10, "attached_elsewhere": 12,
    "item": 46, "value": 30, "kind": 10,
}
DEFAULT_WIDTH = 12
SETTING_NOTE_WIDTH = 50


class _Styles:
    """The workbook's cell formats."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        cell = {"border": 1, "valign": "vcenter"}
        self.title = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.subtitle = book.add_format({"italic": True, "align": "center"})
        self.header = book.add_format({**cell, "bold": True, "text_wrap": True, "align": "center", "bg_color": "#DDEBF7"})
        self.text = book.add_format(cell)
        self.centred = book.add_format({**cell, "align": "center"})
        self.date = book.add_format({**cell, "num_format": DATE_FORMAT, "align": "center"})
        self.wrapped = book.add_format({**cell, "text_wrap": True, "valign": "top"})
        self.heading = book.add_format({"bold": True, "font_size": 14})


def _write_value(sheet: Worksheet, row: int, col: int, value: Any, styles: _Styles, wrap: bool = False) -> None:
    """A cell as a user would have typed it: dates as dates, numbers as numbers, all else as text (wrapped if `wrap`)."""
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), styles.date)
    elif isinstance(value, int):
        sheet.write_number(row, col, value, styles.centred)
    elif value is None or value == "":
        sheet.write_blank(row, col, None, styles.text)
    else:
        sheet.write_string(row, col, value, styles.wrapped if wrap else styles.text)


def _write_table(sheet: Worksheet, spec: SheetSpec, top: int, rows: list[dict[str, Any]], styles: _Styles,
                 extra: tuple[str, ...] = (), wrap: bool = False) -> None:
    """The user columns of `spec` (then `extra` headers) at row `top`, one record per row, numbered."""
    headers = [col.header for col in spec.columns] + list(extra)
    keys = [col.key for col in spec.columns] + list(extra)
    sheet.write_row(top, 0, headers, styles.header)
    for c, key in enumerate(keys):
        sheet.set_column(c, c, WIDTHS.get(key, DEFAULT_WIDTH))
    for r, record in enumerate(rows, start=top + 1):
        numbered = {"stt": r - top, **record} if "stt" in keys else record
        for c, key in enumerate(keys):
            _write_value(sheet, r, c, numbered.get(key), styles, wrap)


def _titles(sheet: Worksheet, lines: list[tuple[str, Any]], width: int) -> None:
    for r, (text, style) in enumerate(lines):
        sheet.merge_range(r, 0, r, width - 1, text, style)


def _register(book: xlsxwriter.Workbook, styles: _Styles) -> None:
    sheet = book.add_worksheet(REGISTER.name)
    width = len(REGISTER.columns)
    _titles(sheet, [
        ("DANH SÁCH THEO DÕI QUẦN CHÚNG PHÁT TRIỂN ĐẢNG VIÊN", styles.title),
        (f"{CELL} – {SUPERIOR}", styles.subtitle),
        (f"(Cập nhật đến ngày {AS_OF:%d/%m/%Y})", styles.subtitle),
    ], width)
    sheet.set_row(0, 24)
    top = 4
    sheet.set_row(top, 80)
    _write_table(sheet, REGISTER, top, [values for _, values in CANDIDATES], styles)
    sheet.freeze_panes(top + 1, 2)
    sheet.repeat_rows(top)
    _print_setup(sheet)


def _members(book: xlsxwriter.Workbook, styles: _Styles) -> None:
    sheet = book.add_worksheet(MEMBERS.name)
    _titles(sheet, [(f"DANH SÁCH ĐẢNG VIÊN {CELL.upper()}", styles.title)], len(MEMBERS.columns))
    top = 2
    sheet.set_row(top, 36)
    _write_table(sheet, MEMBERS, top, [dict(zip(MEMBER_KEYS, row), status=MEMBER_STATUS.get(row[0])) for row in MEMBER_ROWS], styles)
    sheet.freeze_panes(top + 1, 2)
    _print_setup(sheet)


def _quota(book: xlsxwriter.Workbook, styles: _Styles) -> None:
    sheet = book.add_worksheet(QUOTA.name)
    sheet.write_string(0, 0, QUOTA_TITLE, styles.heading)  # a refresh adds the cell's name and the date under it
    top = QUOTA_HEADER_ROW - 1
    sheet.set_row(top, 36)
    keys = [col.key for col in QUOTA.columns]
    _write_table(sheet, QUOTA, top, [dict(zip(keys, row)) for row in QUOTA_ROWS], styles)
    sheet.freeze_panes(top + 1, 0)


def _settings(book: xlsxwriter.Workbook, styles: _Styles) -> None:
    sheet = book.add_worksheet(SETTINGS.name)
    rows = [{"item": label, "value": SETTING_VALUES[label], "Ghi chú": SETTING_NOTES.get(label, "")} for label in ITEMS]
    for rule, param in configurable_params():
        value = param.default
        if isinstance(value, bool):
            value = "Có" if value else "Không"
        confirm = f" {confirm_text()}" if rule.uncertain else ""
        rows.append({"item": param.label, "value": value, "Ghi chú": f"{rule.title_vi}.{confirm}"})
    rows += [{"item": label, "value": default, "Ghi chú": source} for label, default, source in planning_settings()]
    _write_table(sheet, SETTINGS, 0, rows, styles, extra=("Ghi chú",), wrap=True)
    widths = (WIDTHS["item"], WIDTHS["value"], SETTING_NOTE_WIDTH)
    sheet.set_column(2, 2, SETTING_NOTE_WIDTH)
    for r, row in enumerate(rows, start=1):  # every line shown: LibreOffice keeps a saved height, lines would overlap
        texts = (row["item"], row["value"], row["Ghi chú"])
        sheet.set_row(r, LINE_HEIGHT * max(wrapped_lines(t, w) for t, w in zip(texts, widths)))
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)
    _print_setup(sheet)


def _calendar(book: xlsxwriter.Workbook, styles: _Styles) -> None:
    sheet = book.add_worksheet(CALENDAR.name)
    keys = [col.key for col in CALENDAR.columns]
    _write_table(sheet, CALENDAR, 0, [dict(zip(keys, row)) for row in CALENDAR_ROWS], styles)
    sheet.freeze_panes(1, 0)
    sheet.set_paper(9)  # A4 portrait, one page across
    sheet.fit_to_pages(1, 0)


def _print_setup(sheet: Worksheet) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def build_sample(path: Path) -> None:
    """Write the sample workbook to `path`; the same bytes on every run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # A copy: XlsxWriter adds to the dict it is given, which would change the next build.
    draft = path.with_name(f".{path.stem}-draft{path.suffix}")
    book = xlsxwriter.Workbook(str(draft), {"default_format_properties": dict(FONT)})
    book.set_properties({
        "title": "Sổ theo dõi phát triển đảng viên (mẫu)",
        "subject": f"{CELL} (dữ liệu hư cấu)",
        "author": "chibo",
        "created": CREATED,
    })
    styles = _Styles(book)
    book.add_worksheet(GUIDE_SHEET)  # first: filled below as `chibo new` fills it (without buttons)
    _register(book, styles)
    _members(book, styles)
    _quota(book, styles)
    _settings(book, styles)
    _calendar(book, styles)
    book.close()
    try:
        write_updates(draft, path, [guide_update(with_buttons=False)])
    finally:
        draft.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the sample workbook of a fictional cell.")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"where to write (default {DEFAULT_OUTPUT.name})")
    build_sample(parser.parse_args().output)


if __name__ == "__main__":
    main()
