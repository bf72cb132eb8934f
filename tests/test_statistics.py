"""`chibo summary` adds `Thống kê`: the HD 11-HD/BTCTW breakdowns, per cell and in total.

Two hand-built cells; the counts below are worked out by hand from their rows (year 2026,
admission = decision date, age on that date). The second cell's register has no `Dân tộc`,
`Tôn giáo` or `Đoàn viên` column: its people are `không rõ` there.
"""
from __future__ import annotations

import os
import subprocess
import sys

import openpyxl
import pytest
from register_books import D, write_book

MEMBERS = [{"name": n, "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)} for n in ("Trần Văn Bình", "Lê Thị Cúc", "Hoàng Văn Đức")]
VOTED = {"course_date": D(2026, 2, 1), "application_date": D(2026, 3, 1), "cv_date": D(2026, 3, 5),
         "verification_date": D(2026, 4, 1), "opinions_date": D(2026, 5, 1), "cell_vote_yes": 3, "cell_vote_total": 3}
OFFICE = [  # Chi bộ Văn phòng
    {"name": "Nguyễn Văn An", "gender": "Nam", "dob": D(1996, 5, 1), "ethnicity": "Kinh", "religion": "Không",
     "education": "Đại học", "youth_member": "Có", **VOTED, "cell_vote_date": D(2026, 1, 10),
     "decision_date": D(2026, 3, 10), "ceremony_date": D(2026, 4, 1)},  # 29 years old: probationary
    {"name": "Hà Thị Bích", "gender": "Nữ", "dob": D(1985, 2, 1), "ethnicity": "Tày", "religion": "Phật giáo",
     "education": "12/12", "youth_member": "Không", **VOTED, "cell_vote_date": D(2026, 5, 10),
     "decision_date": D(2026, 6, 1)},  # 41, decided
    {"name": "Lê Thị Cẩm", "gender": "Nữ", "dob": D(2000, 1, 1), "ethnicity": "Kinh", "education": "Thạc sĩ",
     **VOTED, "cell_vote_date": D(2025, 9, 1), "decision_date": D(2025, 11, 1)},  # admitted in 2025
    {"name": "Phạm Văn Dũng", "gender": "Nam", "dob": D(2001, 4, 4)},  # source
    {"name": "Đỗ Thị Em", "gender": "Nữ", "dob": D(1999, 9, 9), "education": "Đại học", "youth_member": "Có",
     **VOTED, "cell_vote_date": D(2026, 11, 20)},  # cell voted
]
TECH = [  # Chi bộ Kỹ thuật: no ethnicity, religion, Youth Union columns
    {"name": "Vũ Văn Giang", "gender": "Nam", "dob": "1990", "education": "9/12", **VOTED,
     "cell_vote_date": D(2026, 6, 1), "decision_date": D(2026, 8, 1)},  # 35 or 36: 31–40 either way
    {"name": "Bùi Thị Hoa", "gender": "nữ", "dob": D(1966, 9, 1), **VOTED, "cell_vote_date": D(2026, 8, 1),
     "decision_date": D(2026, 10, 1)},  # 60, education blank
    {"name": "Mai Văn Khoa", "gender": "Nam", "dob": D(1998, 1, 1), "course_date": D(2026, 5, 1)},  # dossier
]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("cells")
    write_book(folder / "a.xlsx", OFFICE, settings={"Tên chi bộ": "Chi bộ Văn phòng"}, members=MEMBERS)
    write_book(folder / "b.xlsx", TECH, settings={"Tên chi bộ": "Chi bộ Kỹ thuật"}, members=MEMBERS)
    report = folder / "out" / "tong-hop.xlsx"
    report.parent.mkdir()
    run = subprocess.run([sys.executable, "-m", "addin", "summary", str(folder), "--output", str(report),
                          "--year", "2026", "--as-of", "31/12/2026"], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "200"})
    assert run.returncode == 0, run.stdout + run.stderr
    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["Tổng hợp", "Thống kê", "Tệp không tính"]
    return book["Thống kê"]


def tables(sheet) -> dict[str, list[tuple]]:
    """Each numbered section: its header row then its rows, as values."""
    found: dict[str, list[tuple]] = {}
    current: list[tuple] | None = None
    for row in sheet.iter_rows(min_row=3, values_only=True):
        values = tuple(v for v in row if v is not None)
        if not values:
            current = None
        elif current is None:
            current = found.setdefault(values[0].split(". ", 1)[1], [])
        else:
            current.append(values)
    return found


def test_breakdowns_of_members_admitted_in_the_year(sheet) -> None:
    assert sheet["A1"].value == "THỐNG KÊ PHÁT TRIỂN ĐẢNG VIÊN NĂM 2026"
    assert "11-HD/BTCTW" in sheet["A2"].value
    t = tables(sheet)
    assert t["Đảng viên mới kết nạp trong năm, chia theo giới tính"] == [
        ("Chi bộ", "Nam", "Nữ", "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 1, 1, 0, 2),
        ("Chi bộ Kỹ thuật", 1, 1, 0, 2),
        ("Tổng cộng", 2, 2, 0, 4),
    ]
    assert t["Đảng viên mới kết nạp trong năm, chia theo tuổi đời (tại ngày kết nạp)"] == [
        ("Chi bộ", "Dưới 18 tuổi", "Từ 18 đến 30 tuổi", "Từ 31 đến 40 tuổi", "Từ 41 đến 50 tuổi",
         "Từ 51 đến 60 tuổi", "Trên 60 tuổi", "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 0, 1, 0, 1, 0, 0, 0, 2),
        ("Chi bộ Kỹ thuật", 0, 0, 1, 0, 1, 0, 0, 2),
        ("Tổng cộng", 0, 1, 1, 1, 1, 0, 0, 4),
    ]
    assert t["Đảng viên mới kết nạp trong năm, chia theo dân tộc"] == [
        ("Chi bộ", "Kinh", "Tày", "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 1, 1, 0, 2),
        ("Chi bộ Kỹ thuật", 0, 0, 2, 2),
        ("Tổng cộng", 1, 1, 2, 4),
    ]
    assert t["Đảng viên mới kết nạp trong năm, chia theo tôn giáo"] == [
        ("Chi bộ", "Không", "Phật giáo", "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 1, 1, 0, 2),
        ("Chi bộ Kỹ thuật", 0, 0, 2, 2),
        ("Tổng cộng", 1, 1, 2, 4),
    ]
    # school level kept apart from professional qualification (HD 11-HD/BTCTW): An wrote only "Đại học"
    # (school level unknown), Bích "12/12" (no qualification), Giang "9/12", Hoa nothing
    assert t["Đảng viên mới kết nạp trong năm, chia theo trình độ giáo dục phổ thông"] == [
        ("Chi bộ", "Chưa hết tiểu học", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông", "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 0, 0, 0, 1, 1, 2),
        ("Chi bộ Kỹ thuật", 0, 0, 1, 0, 1, 2),
        ("Tổng cộng", 0, 0, 1, 1, 2, 4),
    ]
    assert t["Đảng viên mới kết nạp trong năm, chia theo trình độ chuyên môn"] == [
        ("Chi bộ", "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ", "Chưa qua đào tạo chuyên môn",
         "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 0, 0, 1, 0, 0, 1, 0, 2),
        ("Chi bộ Kỹ thuật", 0, 0, 0, 0, 0, 1, 1, 2),
        ("Tổng cộng", 0, 0, 1, 0, 0, 2, 1, 4),
    ]
    assert t["Đảng viên mới kết nạp trong năm là đoàn viên"] == [
        ("Chi bộ", "Đoàn viên", "Không là đoàn viên", "không rõ", "Tổng số"),
        ("Chi bộ Văn phòng", 1, 1, 0, 2),
        ("Chi bộ Kỹ thuật", 0, 0, 2, 2),
        ("Tổng cộng", 1, 1, 2, 4),
    ]


def test_candidates_by_stage(sheet) -> None:
    assert tables(sheet)["Quần chúng trong quy trình, chia theo giai đoạn"] == [
        ("Chi bộ", "Nguồn", "Học lớp nhận thức", "Hoàn thiện hồ sơ", "Chi bộ đã xét", "Cấp trên đã xét",
         "Đã có quyết định", "Tổng số"),
        ("Chi bộ Văn phòng", 1, 0, 0, 1, 0, 0, 2),  # Dũng (source), Em (voted); a decision is an admission
        ("Chi bộ Kỹ thuật", 0, 0, 1, 0, 0, 0, 1),  # Khoa (certificate, no papers)
        ("Tổng cộng", 1, 0, 1, 1, 0, 0, 3),
    ]


def test_summary_and_statistics_count_the_same_people(sheet) -> None:
    """Tổng hợp's stage columns and Thống kê's stage table agree cell by cell (issue 16 §4)."""
    summary = sheet.parent["Tổng hợp"]
    header = [c.value for c in summary[3]]
    rows = {r[1]: r for r in summary.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)}
    stages = tables(sheet)["Quần chúng trong quy trình, chia theo giai đoạn"]
    for line in stages[1:3]:
        cell = rows[line[0]]
        assert tuple(cell[header.index(label)] for label in stages[0][1:-1]) == line[1:-1]
        assert cell[header.index("Đang trong quy trình")] == line[-1]


def test_prints_landscape_on_the_page_width(sheet) -> None:
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("landscape", 9, 0)
    assert setup.fitToWidth in (None, 1)  # absent means 1, the OOXML default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_pandas_is_imported_only_for_the_report() -> None:
    code = ("import sys, addin.cli, addin.files.jobs, addin.reports.summary, addin.reports.statistics;"
            "print('pandas' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "False", run.stderr
