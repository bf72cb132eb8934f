"""`Lịch <năm>`: the plan's appendix, every step of every person with real dates, overdue ones marked."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from printing import needs_print_tools, print_sheet
from test_plan_sheet import SETTINGS, rewrite, the_plan

from addin.workbook.schedule_sheet import schedule_name, schedule_update
from addin.workbook.tables import ref_box

SHEET = "Lịch 2027"


def written(path: Path) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.save(path)
    rewrite(path, schedule_update(the_plan(), SETTINGS, None))
    return openpyxl.load_workbook(path)


def test_every_step_per_person_on_the_plans_day(tmp_path):
    book = written(tmp_path / "lich.xlsx")
    ws = book[SHEET]
    assert ws["A1"].value == "LỊCH THỰC HIỆN CHI TIẾT NĂM 2027"
    assert ws["A2"].value == "(Kèm theo Kế hoạch số 05-KH/CB ngày 05/01/2027 của Chi bộ Văn phòng; để chi ủy theo dõi)"
    assert [c.value for c in ws[4]] == ["STT", "Họ và tên", "Nội dung công việc", "Ngày thực hiện", "Đến ngày",
                                      "Hạn chót", "Phụ trách", "Căn cứ", "Ghi chú"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    blocks = [r[0] for r in rows if r[1] is None and r[0]]
    assert blocks[0].startswith("Việc đã quá hạn theo quy định")
    assert blocks[1:] == ["Năm 2027", "Chưa xác định được thời gian (chờ bước trước)"]
    people = [r[1] for r in rows if r[1]]
    # overdue work first; then the cell's general work, then people in Vietnamese name order (by given name)
    assert list(dict.fromkeys(people)) == ["Vũ Văn Giang", "Chi bộ", "Nguyễn Văn An", "Lê Thị Cúc", "Phạm Văn Dũng",
                                           "Hoàng Thị Em"]
    # the same days as the plan (test_plan): An's decision on 01/03/2027, due 29/03/2027
    decision = next(r for r in rows if r[1] == "Nguyễn Văn An" and r[2].startswith("Theo dõi kết quả"))
    assert decision[3:6] == [dt.datetime(2027, 3, 1), None, dt.datetime(2027, 3, 29)]
    late = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value == "Vũ Văn Giang" and ws.cell(r, 9).value)
    assert "quá hạn 28/10/2026" in ws.cell(late, 9).value
    assert ws.cell(late, 6).value == dt.datetime(2026, 10, 28) and ws.cell(late, 4).value == dt.datetime(2027, 1, 5)
    assert ws.cell(late, 3).fill.fgColor.rgb == "FFF8CBAD"  # the follow-up sheet keeps overdue steps, marked
    assert ws.cell(late, 4).number_format == "dd/mm/yyyy"
    waiting = rows[-1]
    assert waiting[1:4] == ["Vũ Văn Giang", "Tổ chức lễ kết nạp đảng viên", "sau khi có quyết định kết nạp"]
    assert book.defined_names[schedule_name(2027)].attr_text == f"'{SHEET}'!$A$1:$I${ws.max_row}"
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == f"A4:I{ws.max_row}"


def test_a_refresh_clears_what_it_wrote_before(tmp_path):
    path = tmp_path / "lich.xlsx"
    book = written(path)
    ref = book.defined_names[schedule_name(2027)].attr_text
    rewrite(path, schedule_update(the_plan([]), SETTINGS, ref_box(ref)))  # only the general work left
    book = openpyxl.load_workbook(path)
    people = {book[SHEET].cell(r, 2).value for r in range(5, book[SHEET].max_row + 1)} - {None}
    assert people == {"Chi bộ"}


@needs_print_tools
def test_libreoffice_prints_it_landscape_with_full_names(tmp_path):
    path = tmp_path / "lich.xlsx"
    written(path)
    printed = print_sheet(path, SHEET, tmp_path)
    assert "841.89 x 595.304 pts (A4)" in printed.info  # landscape A4
    assert "###" not in printed.text and "Nguyễn Văn An" in printed.text and "29/03/2027" in printed.text
    for page in printed.pages:  # the header row repeats on every page
        assert "Nội dung công việc" in page and "Ghi chú" in page


@needs_print_tools
def test_libreoffice_numbers_its_pages_from_the_second_at_the_top(tmp_path):
    path = tmp_path / "lich.xlsx"
    written(path)
    printed = print_sheet(path, SHEET, tmp_path)
    pages, tops = printed.pages, printed.tops
    assert len(pages) >= 2
    assert tops[0] == "LỊCH THỰC HIỆN CHI TIẾT NĂM 2027"
    assert tops[1:] == [str(n) for n in range(2, len(pages) + 1)]
