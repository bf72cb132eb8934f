"""Every sheet chibo writes prints cleanly on A4 through LibreOffice: the refreshed sample, sheet by sheet,
and the `summary` report (page counts, orientation, no `###`, full names, header rows repeated)."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from printing import needs_print_tools, print_sheet, refreshed_copy
from test_summary import cell_summary

from addin.reports.summary import FAILURES_SHEET, SUMMARY_SHEET, summary_book
from addin.workbook.quota_sheet import STAGES_NAME

SAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx"
LANDSCAPE, PORTRAIT = "841.89 x 595.304 pts (A4)", "595.304 x 841.89 pts (A4)"
# The sample's people who are not yet official members (make_sample.py), as the days-in-stage table lists them.
IN_PROGRESS = ("Tạ Quang Vinh", "Nguyễn Hoàng Yến", "Vi Văn Sơn", "Phạm Thu Hằng", "Nguyễn Đức Mạnh", "Lê Văn Hiếu",
               "Trịnh Thị Phương Thảo", "Đoàn Thị Mỹ Linh", "Mai Thị Huyền", "Hoàng Thị Thanh Tâm", "Đinh Văn Quang",
               "Phan Minh Khoa", "Lý Thị Thu Trang", "Trương Văn Dũng", "Nguyễn Thị Ngọc Ánh")


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return refreshed_copy(SAMPLE, tmp_path_factory.mktemp("sample"))


def test_quota_sheet_print_areas_put_the_table_first(refreshed: Path) -> None:
    book = openpyxl.load_workbook(refreshed)
    ws = book["Chỉ tiêu"]
    # The title (A1, A2), then the targets table A4:M6 (13 columns, 2 years) printed from A1; the chart from O4
    # over 9 columns, the days-in-stage table from X8 (4 rows under the header) over 6 columns and 18 people
    # (title, header, 18 rows: to row 27).
    assert ws.print_area == "'Chỉ tiêu'!$A$1:$M$6,'Chỉ tiêu'!$O$4:$AC$27"
    assert book.defined_names[STAGES_NAME].attr_text == "'Chỉ tiêu'!$X$8:$AC$27"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.column_dimensions["Y"].width == len("Trịnh Thị Phương Thảo") + 2  # the longest name, uncut
    assert ws.column_dimensions["AA"].width == 12  # dd/mm/yyyy


@needs_print_tools
def test_quota_sheet_prints_on_two_landscape_pages(refreshed: Path, tmp_path: Path) -> None:
    printed = print_sheet(refreshed, "Chỉ tiêu", tmp_path)
    assert LANDSCAPE in printed.info and len(printed.pages) == 2
    assert "Đánh giá" in printed.pages[0] and "Có khả năng đạt" in printed.pages[0]  # the table, whole, first
    assert "CHỈ TIÊU VÀ KẾT QUẢ KẾT NẠP ĐẢNG VIÊN" in printed.pages[0]  # issue 17: its title, the cell, the date
    assert "Chi bộ Viện kiểm sát nhân dân khu vực 2 – tính đến ngày 15/11/2026" in printed.pages[0]
    assert "Chỉ tiêu và kết quả kết nạp" in printed.pages[1] and "Thời gian ở giai đoạn" in printed.pages[1]
    assert "###" not in printed.text
    for name in IN_PROGRESS:
        assert name in printed.pages[1], name


@needs_print_tools
def test_plan_and_its_appendix_print_on_a4(refreshed: Path, tmp_path: Path) -> None:
    plan = print_sheet(refreshed, "Kế hoạch 2027", tmp_path)
    assert PORTRAIT in plan.info
    # every person's steps of the year are in the table: no page but the last is left half empty
    assert all(len(page.splitlines()) >= 40 for page in plan.pages[:-1]), [len(p.splitlines()) for p in plan.pages]
    assert "###" not in plan.text and "Phạm Văn Thành" in plan.pages[-1]  # the secretary signs the last page
    for page in plan.pages:
        if "Nội dung công việc" in page:
            assert "Ghi chú" in page  # the table fits the page width
    schedule = print_sheet(refreshed, "Lịch 2027", tmp_path)
    assert LANDSCAPE in schedule.info and "###" not in schedule.text
    assert all("Nội dung công việc" in page for page in schedule.pages)  # the header row repeats
    findings = print_sheet(refreshed, "Kiểm tra", tmp_path)
    assert LANDSCAPE in findings.info and len(findings.pages) == 1 and "###" not in findings.text


def summary_of(count: int, path: Path) -> Path:
    results = [cell_summary(f"Chi bộ số {i} thuộc Đảng bộ phường Quang Trung") for i in range(1, count + 1)]
    summary_book(results, [("hong.xlsx", "Tệp bị hỏng")], path)
    return path


def test_summary_report_page_setup(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(summary_of(3, tmp_path / "tong_hop.xlsx"))[SUMMARY_SHEET]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # fitToWidth 1 is the file format's default, left out of the file (read back as None)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.row_dimensions[4].height == 2 * 15.75  # the cell name wraps on two lines
    assert ws.print_title_rows == "$3:$3"
    assert ws.column_dimensions["B"].width == 32  # the longest cell name (44 characters) wraps at the widest allowed


@needs_print_tools
def test_summary_report_prints_landscape_fitted_with_its_header_on_every_page(tmp_path: Path) -> None:
    path = summary_of(45, tmp_path / "tong_hop.xlsx")
    printed = print_sheet(path, SUMMARY_SHEET, tmp_path)
    assert LANDSCAPE in printed.info and len(printed.pages) >= 2
    for page in printed.pages:
        if "Chi bộ số" in page:
            assert "STT" in page and "Số lỗi" in page  # header repeated, last column on the page
    assert "Chi bộ số 45" in printed.text
    assert "###" not in printed.text
    failures = print_sheet(path, FAILURES_SHEET, tmp_path)
    assert LANDSCAPE in failures.info and "Tệp bị hỏng" in failures.text
