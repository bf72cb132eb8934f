"""Issue 17 §3: a printed cell is as tall as its text, no taller — measured in Times New Roman, checked against
LibreOffice's own wrapping; and the plan's body text runs across the width of its tables."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import xlsxwriter
from printing import needs_print_tools

from addin.workbook.text_metrics import column_points, printed_lines, text_points, wrap


def test_widths_are_times_roman_and_marks_do_not_change_them():
    # Adobe Times-Roman AFM: a = 444, m = 778, D = 722, space = 250 (thousandths of an em).
    assert text_points("a" * 10, 12) == pytest.approx(53.28)
    assert text_points("ạ ấ ầ ẩ", 10) == pytest.approx((4 * 444 + 3 * 250) * 10 / 1000)
    assert text_points("Đề", 14) == pytest.approx((722 + 444) * 14 / 1000)
    assert column_points(10) == pytest.approx(52.5)  # 10 characters of 7 pixels, 0.75 point each


def test_lines_by_hand():
    # 30 × "m" (9.336 pt at 12 pt) in a column of 52.5 pt: five to a line, six lines.
    assert printed_lines("m" * 30, 10, 12) == 6
    # "Bí thư chi bộ" is 5555/1000 em = 66.7 pt at 12 pt: one line in 20 characters (105 pt), two in 12 (63 pt).
    assert printed_lines("Bí thư chi bộ", 20, 12) == 1
    assert printed_lines("Bí thư chi bộ", 12, 12) == 2
    assert printed_lines(None, 5, 12) == printed_lines("", 5, 12) == 1
    assert wrap("Chi ủy chỉ đạo", 40, 12, indent="  ") == ["Chi ủy", "  chỉ", "  đạo"]


# Texts of a real plan (sample, 15/11/2026) in the widths of its columns (characters).
CASES = [
    ("quá hạn 01/10/2026: báo cáo cấp ủy cấp trên trực tiếp, thực hiện ngay khi được đồng ý", 12),
    ("quá hạn 01/10/2026: báo cáo cấp ủy cấp trên trực tiếp, thực hiện ngay khi được đồng ý", 17),
    ("HD 12-HD/BTCTW ngày 18/01/2022 (hồ sơ chuyển chính thức)", 15),
    ("Đề nghị đảng ủy cơ sở xét, đề nghị cấp có thẩm quyền kết nạp", 24),
    ("Chi bộ cử đảng viên chính thức giới thiệu thay đồng chí Ngô Minh Tuấn (chuyển đi ngày 01/08/2026); "
     "ghi ở cột Người giới thiệu thay thế", 24),
    ("Nguyễn Đức Mạnh, Nguyễn Văn Thọ, Trịnh Thị Phương Thảo, Hoàng Thị Thanh Tâm", 16),
    ("Lấy nhận xét của đoàn thể, chi ủy nơi cư trú đối với đảng viên dự bị; tổng hợp nhận xét", 24),
    ("Bí thư chi bộ", 11),
    ("Chi bộ xét kết nạp không đạt", 11),
    ("Chuyên viên Văn phòng", 16),
]


@needs_print_tools
def test_estimates_never_cut_a_cell_and_overshoot_by_a_line_at_most(tmp_path: Path):
    """Each text alone on a page, in Times New Roman 12 in a workbook whose default font is Times New Roman 12
    (as the sample's and many committees' are): LibreOffice's printed lines ≤ the estimate ≤ them + 1."""
    path = tmp_path / "widths.xlsx"
    book = xlsxwriter.Workbook(path)
    book.formats[0].set_font_name("Times New Roman")
    book.formats[0].set_font_size(12)
    cell = book.add_format({"font_name": "Times New Roman", "font_size": 12, "text_wrap": True, "valign": "top"})
    for i, (text, width) in enumerate(CASES):
        sheet = book.add_worksheet(f"s{i}")
        sheet.set_column(0, 0, width)
        sheet.set_row(0, 15.75 * 12)  # room for more lines than any text takes: the client wraps, we count
        sheet.write_string(0, 0, text, cell)
    book.close()
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180)
    pages = subprocess.run(["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"],
                           capture_output=True, text=True).stdout.split("\f")
    printed = [len([line for line in page.splitlines() if line.strip()]) for page in pages[:len(CASES)]]
    estimated = [printed_lines(text, width, 12) for text, width in CASES]
    assert all(p <= e <= p + 1 for p, e in zip(printed, estimated, strict=True)), list(zip(printed, estimated))
    assert printed[:2] == [7, 5]  # the same note in a wider column: fewer lines (read off the PDF by hand)
