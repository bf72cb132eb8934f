"""The plan sheet: the HD 36 document a committee signs (golden file, PDF via LibreOffice), chibo's own
document written anew, and the committee's own plan sheet filled in place."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
from golden import cell_marks, check_golden, producer
from printing import needs_print_tools, print_sheet
from rules_helpers import context, timelines
from test_plan import AS_OF, CAL, PEOPLE, tasks

from addin.files.reader import read_grids
from addin.files.splice import write_updates
from addin.rules.plan_outline import YearPlan, year_plan
from addin.rules.quota import YearTarget, quota_rows
from addin.rules.settings import Settings
from addin.rules.text import fold
from addin.workbook.plan_sheet import date_line, number_line, owned_name, plan_updates

SHEET = "Kế hoạch 2027"
SETTINGS = Settings(cell_name="Chi bộ Văn phòng", superior="Đảng bộ Viện kiểm sát nhân dân tỉnh Quảng Ninh",
                    place="Uông Bí", plan_year=2027, plan_number="05", secretary="Nguyễn Thị Hoa", as_of=AS_OF)


def rewrite(path: Path, update) -> None:
    """Apply one update to the file at `path` (through a second file, as a save does)."""
    spliced = path.with_name("spliced-" + path.name)
    write_updates(path, spliced, [update])
    spliced.replace(path)


def the_plan(people=PEOPLE) -> YearPlan:
    stories = timelines(people, context(AS_OF, settings=SETTINGS))
    quota = quota_rows([YearTarget(2027, 4, 5)], stories, SETTINGS, CAL, AS_OF)[0]
    return year_plan(2027, AS_OF, tasks(people=people, settings=SETTINGS), stories, quota, SETTINGS)


def new_plan(path: Path, people=PEOPLE) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    del book["Sheet"]
    book.create_sheet(SHEET)
    book.save(path)
    rewrite(path, plan_updates(the_plan(people), SETTINGS, None, None))
    return openpyxl.load_workbook(path)


def snapshot(book: openpyxl.Workbook) -> dict:
    ws = book[SHEET]
    margins = ws.page_margins
    return {
        "cells": cell_marks(ws),
        "merges": sorted(str(m) for m in ws.merged_cells.ranges),
        "names": {n: book.defined_names[n].attr_text for n in book.defined_names},
        "print_titles": ws.print_title_rows,
        "paper": ws.page_setup.paperSize,
        "fit_to_width": [ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight],
        "margins_mm": [round(v * 25.4, 1) for v in (margins.top, margins.bottom, margins.left, margins.right)],
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
        "heights": {str(r): d.height for r, d in sorted(ws.row_dimensions.items()) if d.height},
    }


@producer("plan_2027")
def plan_golden(tmp: Path) -> dict:
    return snapshot(new_plan(tmp / "plan.xlsx"))


def test_new_plan_matches_golden(tmp_path):
    check_golden("plan_2027", plan_golden(tmp_path))


def rows_of(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def row_with(ws, text: str) -> int:
    return next(r for r, row in enumerate(rows_of(ws), start=1) if text in row)


def test_new_plan_has_the_sections_of_a_committee_plan(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    values = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert values["CHI BỘ VĂN PHÒNG"].font.b and values["CHI BỘ VĂN PHÒNG"].font.name == "Times New Roman"
    assert ws.cell(values["CHI BỘ VĂN PHÒNG"].row + 1, 1).value == "*"
    party = values["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert party.font.b and party.font.u == "single" and party.font.sz == 15
    assert values["Uông Bí, ngày 05 tháng 01 năm 2027"].font.i
    assert "Số 05-KH/CB" in values and values["KẾ HOẠCH"].font.b
    order = [row_with(ws, text) for text in (
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", "I. MỤC ĐÍCH, YÊU CẦU", "II. CHỈ TIÊU",
        "III. NGUỒN VÀ PHÂN CÔNG ĐẢNG VIÊN GIÚP ĐỠ", "IV. NHIỆM VỤ VÀ TIẾN ĐỘ THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN",
        "T/M CHI ỦY")]
    assert order == sorted(order)
    # The implementing regulation in force on 05/01/2027 (QĐ 208-QĐ/TW, from 26/07/2026) is cited by number.
    assert any(str(v).startswith("- Căn cứ Quy định số 208-QĐ/TW") for v in values)
    text = " ".join(str(v) for v in values)
    assert "chỉ tiêu cấp ủy cấp trên giao 4 đảng viên; chỉ tiêu theo nghị quyết 5 đảng viên" in text
    for text_in in ("T/M CHI ỦY", "BÍ THƯ", "Nguyễn Thị Hoa"):
        assert values[text_in].font.b


def test_sources_table_names_each_candidate_and_helper(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    header = row_with(ws, "Giai đoạn hiện nay")
    assert rows_of(ws)[header - 1] == ["STT", "Họ và tên", "Chức vụ, đơn vị", "Năm sinh", "Đoàn viên",
                                       "Giai đoạn hiện nay", "Đảng viên giúp đỡ", "Dự kiến kết nạp"]
    # one format in the column: the month the timeline plans the admission (the decision) in
    assert rows_of(ws)[header] == [1, "Nguyễn Văn An", None, None, "Không", "Chi bộ đã xét", "Trần Văn Bình", "03/2027"]
    assert rows_of(ws)[header + 1][1:] == ["Phạm Văn Dũng", None, None, "Không", "Nguồn", "Chưa phân công", "09/2027"]
    assert rows_of(ws)[header + 2][1:] == ["Vũ Văn Giang", None, None, "Không", "Cấp trên đã xét", "Chưa phân công",
                                          "01/2027"]


def test_work_by_quarter_with_overdue_work_first_and_waiting_work_last(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    header = row_with(ws, "Nội dung công việc")
    assert rows_of(ws)[header - 1] == ["STT", "Nội dung công việc", "Đối tượng", "Thời gian thực hiện", "Hạn chót",
                                       "Phụ trách", "Căn cứ", "Ghi chú"]
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.cell(header + 1, 1).value == "Thường xuyên trong năm 2027"
    body = rows_of(ws)[header:]
    ceremonies = [row[2:6] for row in body if row[1] == "Tổ chức lễ kết nạp đảng viên"]
    # "Thời gian thực hiện" is the planned month, "Hạn chót" the legal deadline (none from a decision not yet
    # made); Giang's ceremony waits for his overdue decision
    assert ceremonies == [
        ["Lê Thị Cúc", "Tháng 01/2027", "16/02/2027", "Bí thư chi bộ"],
        ["Nguyễn Văn An", "Tháng 03/2027", None, "Bí thư chi bộ"],
        ["Phạm Văn Dũng", "Tháng 09/2027", None, "Bí thư chi bộ"],
        ["Vũ Văn Giang", "Sau khi có quyết định kết nạp", None, "Bí thư chi bộ"],
    ]
    quarter_one = row_with(ws, "Quý I/2027")
    overdue = rows_of(ws)[quarter_one]
    assert overdue[1:5] == ["Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp", "Vũ Văn Giang",
                            "Tháng 01/2027", "28/10/2026"]
    assert "quá hạn 28/10/2026" in overdue[7]
    end = row_with(ws, "V. TỔ CHỨC THỰC HIỆN")
    periods = [row[0] for row in rows_of(ws)[header:end - 1] if isinstance(row[0], str)]
    assert periods == ["Thường xuyên trong năm 2027", "Quý I/2027", "Quý II/2027", "Quý III/2027", "Quý IV/2027",
                       "Chưa xác định được thời gian (chờ bước trước)"]


def test_date_and_number_lines():
    assert date_line("Uông Bí", dt.date(2027, 1, 5)) == "Uông Bí, ngày 05 tháng 01 năm 2027"
    assert date_line("Uông Bí", dt.date(2027, 3, 15)) == "Uông Bí, ngày 15 tháng 3 năm 2027"
    assert date_line("Hạ Long", dt.date(2027, 12, 1)) == "Hạ Long, ngày 01 tháng 12 năm 2027"
    assert number_line("05") == "Số 05-KH/CB" and number_line("12-KH/CB") == "Số 12-KH/CB"
    assert number_line("").startswith("Số ") and number_line("").endswith("-KH/CB")


# --- chibo's own document, refreshed --------------------------------------------------------

def refresh_document(path: Path, people) -> str:
    grid = read_grids(path)[SHEET]
    owned = openpyxl.load_workbook(path).defined_names[owned_name(2027)].attr_text
    update = plan_updates(the_plan(people), SETTINGS, (SHEET, grid), owned)
    rewrite(path, update)
    return update.names[owned_name(2027)]


def test_chibos_document_is_written_anew_and_rows_below_move_with_it(tmp_path):
    path = tmp_path / "plan.xlsx"
    first = new_plan(path)[SHEET]
    end = first.max_row
    book = openpyxl.load_workbook(path)
    book[SHEET].cell(end + 2, 2, "Ghi chú của chi ủy")  # the committee writes under the document
    book.save(path)
    ref = refresh_document(path, PEOPLE[:1])  # fewer people: a shorter document
    ws = openpyxl.load_workbook(path)[SHEET]
    new_end = int(ref.split(":H")[1])
    assert ref.startswith("A1:") and new_end < end
    assert ws.cell(new_end + 2, 2).value == "Ghi chú của chi ủy"  # moved up with the document's end
    texts = [v for row in rows_of(ws) for v in row if isinstance(v, str)]
    assert texts.count("KẾ HOẠCH") == 1 and texts.count("T/M CHI ỦY") == 1
    assert "Phạm Văn Dũng" not in " ".join(texts)
    longer = refresh_document(path, PEOPLE)
    ws = openpyxl.load_workbook(path)[SHEET]
    assert int(longer.split(":H")[1]) == end and ws.cell(end + 2, 2).value == "Ghi chú của chi ủy"


# --- the committee's own plan sheet --------------------------------------------------------

def committee_book(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "KH 2027"
    ws["A1"] = "ĐẢNG BỘ PHƯỜNG QUANG TRUNG"
    ws["A3"] = "KẾ HOẠCH CỦA CHI BỘ (bản của chi ủy)"
    ws.append([])
    ws.append(["TT", "Nội dung", "Thời gian", "Người thực hiện"])  # row 5: no deadline column
    ws.append([1, "Học tập nghị quyết", "Quý I", "Chi ủy"])
    ws.append([2, "Kiểm tra chéo hồ sơ", "Tháng 6", "Bí thư"])
    ws.append([])
    ws["C10"] = "T/M CHI BỘ"
    ws["C10"].font = openpyxl.styles.Font(name="Arial", bold=True, color="FF0000FF")
    ws["C11"] = "BÍ THƯ"
    book.save(path)


def refresh(path: Path, people, owned_ref: str | None) -> str:
    grid = read_grids(path)["KH 2027"]
    update = plan_updates(the_plan(people), SETTINGS, ("KH 2027", grid), owned_ref)
    rewrite(path, update)
    return update.names[owned_name(2027)]


def column_values(ws, column: int) -> list:
    return [ws.cell(r, column).value for r in range(1, ws.max_row + 1)]


def test_existing_sheet_rows_replaced_signature_moves(tmp_path):
    path = tmp_path / "committee.xlsx"
    committee_book(path)
    ref = refresh(path, PEOPLE[:2], None)
    ws = openpyxl.load_workbook(path)["KH 2027"]
    assert ws["A1"].value == "ĐẢNG BỘ PHƯỜNG QUANG TRUNG" and ws["A3"].value.startswith("KẾ HOẠCH CỦA")
    assert ws["B6"].value == "Học tập nghị quyết" and ws["B7"].value == "Kiểm tra chéo hồ sơ"
    # One line per kind of work and month: the monthly meetings; in quarter I the review of sources, Cúc's
    # ceremony (01), An's đảng ủy (01), decision (03) and ceremony (03), course wave 1 (03); the mid-year
    # review; the new-member course of Cúc (07) and An (09) and course wave 2 in quarter III; the year's review.
    # Their recognitions wait for 12 months from ceremonies of 2027: a matter for the plan of 2028.
    assert ref == "A8:D19"
    last = 19
    assert ws["A8"].value == 3  # numbering goes on after the committee's rows
    assert ws["C8"].value == "Thường xuyên trong năm 2027, tháng 01 – 12/2027"
    ceremony = column_values(ws, 2).index("Tổ chức lễ kết nạp đảng viên (Lê Thị Cúc)") + 1
    # no column for the people: their names follow the work; no deadline column: it goes into `Thời gian`
    assert ws.cell(ceremony, 3).value == "Quý I/2027, tháng 01/2027 (hạn chót 16/02/2027)"
    assert ws.cell(ceremony, 4).value == "Bí thư chi bộ"
    signature = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "T/M CHI BỘ")
    assert signature == last + 3 and ws.cell(signature + 1, 3).value == "BÍ THƯ"  # the two blank rows stay
    assert ws.cell(signature, 3).font.name == "Arial" and ws.cell(signature, 3).font.b

    # the committee adds a row under chibo's; the next refresh replaces exactly chibo's rows
    book = openpyxl.load_workbook(path)
    book["KH 2027"].cell(last + 1, 2, "Việc chi ủy tự thêm")
    book.save(path)
    owned = openpyxl.load_workbook(path).defined_names[owned_name(2027)].attr_text
    new_ref = refresh(path, PEOPLE[:1], owned.split("!")[1].replace("$", ""))
    ws = openpyxl.load_workbook(path)["KH 2027"]
    new_last = int(new_ref.split(":D")[1])
    texts = column_values(ws, 2)
    assert texts.count("Học tập nghị quyết") == 1 and "Việc chi ủy tự thêm" in texts
    assert texts.index("Việc chi ủy tự thêm") + 1 > new_last
    assert sum(1 for t in texts if t and t.startswith("Rà soát, đánh giá nguồn")) == 1
    assert any(ws.cell(r, 3).value == "T/M CHI BỘ" for r in range(new_last + 1, ws.max_row + 1))


# --- LibreOffice renders the plan to A4 ----------------------------------------------------

@needs_print_tools
def test_libreoffice_prints_the_plan_on_a4_within_the_page_width(tmp_path):
    path = tmp_path / "plan.xlsx"
    new_plan(path)
    printed = print_sheet(path, SHEET, tmp_path)
    assert "(A4)" in printed.info and "595.304 x 841.89" in printed.info  # portrait A4
    first = printed.pages[0]
    for text in ("KẾ HOẠCH", "CHI BỘ VĂN PHÒNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "I. MỤC ĐÍCH, YÊU CẦU",
                 "III. NGUỒN VÀ PHÂN CÔNG ĐẢNG VIÊN GIÚP ĐỠ", "Trần Văn Bình"):
        assert text in first, text
    for text in ("IV. NHIỆM VỤ VÀ TIẾN ĐỘ THỰC HIỆN", "Quý IV/2027", "V. TỔ CHỨC THỰC HIỆN", "T/M CHI ỦY",
                 "Nguyễn Thị Hoa", "29/03/2027"):
        assert text in printed.text, text
    # one page across: every page with the work table's first column also shows its last one
    for page in printed.pages:
        if "Nội dung công việc" in page:
            assert "Ghi chú" in page
    assert "###" not in printed.text and len(printed.pages) <= 3


def test_a_shorter_plan_deletes_chibo_rows_and_the_signature_moves_back_up(tmp_path):
    """When a refresh has fewer tasks, chibo's surplus rows go: no blank rows, the committee's row and
    the signature block sit right under the new body, with their formatting."""
    path = tmp_path / "committee.xlsx"
    committee_book(path)
    ref = refresh(path, PEOPLE[:2], None)
    last = int(ref.split(":D")[1])
    book = openpyxl.load_workbook(path)
    book["KH 2027"].cell(last + 1, 2, "Việc chi ủy tự thêm")
    book.save(path)
    long_ws = openpyxl.load_workbook(path)["KH 2027"]
    gap = next(r for r in range(1, long_ws.max_row + 1) if long_ws.cell(r, 3).value == "T/M CHI BỘ") - last
    owned = openpyxl.load_workbook(path).defined_names[owned_name(2027)].attr_text.split("!")[1].replace("$", "")
    shorter = refresh(path, [], owned)  # only the recurring tasks are left
    ws = openpyxl.load_workbook(path)["KH 2027"]
    new_last = int(shorter.split(":D")[1])
    assert new_last < last
    assert ws.cell(new_last + 1, 2).value == "Việc chi ủy tự thêm"  # right under chibo's rows
    signature = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "T/M CHI BỘ")
    assert signature - new_last == gap  # moved up by exactly the deleted rows
    assert ws.cell(signature, 3).font.name == "Arial" and ws.cell(signature + 1, 3).value == "BÍ THƯ"
    assert all(ws.cell(r, 2).value for r in range(8, new_last + 1))  # no blank row inside chibo's body
    heights = {r for r, d in ws.row_dimensions.items() if d.height}
    assert max(heights) <= new_last  # no row height left behind below the body


def test_basis_cites_the_document_types_and_format_guide_of_cai_dat(tmp_path):
    # Defaults: QĐ 399-QĐ/TW of 09/01/2026 (document types, who issues them) and HD 36-HD/VPTW of 03/4/2018 (layout).
    text = " ".join(" ".join(str(v).split()) for row in rows_of(new_plan(tmp_path / "a.xlsx")[SHEET]) for v in row if v)
    assert ("- Căn cứ Quy định số 399-QĐ/TW ngày 09/01/2026 về thể loại, thẩm quyền ban hành văn bản và Hướng dẫn "
            "số 36-HD/VPTW ngày 03/4/2018 về thể thức văn bản của Đảng;") in text
    # A committee that follows a newer guide writes it in `Cài đặt`: the plan cites that one.
    settings = replace(SETTINGS, items={fold("Kế hoạch: hướng dẫn thể thức văn bản"): "Hướng dẫn số 99-HD/VPTW ngày 01/02/2027"})
    path = tmp_path / "b.xlsx"
    new_plan(path)
    rewrite(path, plan_updates(the_plan(), settings, None, None))
    text = " ".join(str(v) for row in rows_of(openpyxl.load_workbook(path)[SHEET]) for v in row if v)
    assert "Hướng dẫn số 99-HD/VPTW ngày 01/02/2027 về thể thức" in text and "36-HD/VPTW" not in text


def test_the_header_numbers_pages_from_the_second(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    assert ws.HeaderFooter.differentFirst is True
    assert (ws.oddHeader.center.text, ws.oddHeader.center.font, ws.oddHeader.center.size) == (
        "&P", "Times New Roman,Regular", 13)
    assert ws.firstHeader.center.text is None


@needs_print_tools
def test_libreoffice_numbers_the_plans_pages_from_the_second_at_the_top(tmp_path):
    path = tmp_path / "plan.xlsx"
    new_plan(path)
    printed = print_sheet(path, SHEET, tmp_path)
    pages, tops = printed.pages, printed.tops
    assert len(pages) >= 2
    assert tops[0].startswith("ĐẢNG BỘ VIỆN KIỂM SÁT")  # no number on the first page
    assert tops[1:] == [str(n) for n in range(2, len(pages) + 1)]


def test_the_header_block_breaks_the_superiors_name_between_words(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    assert [ws.cell(r, 1).value for r in (1, 2, 3, 4)] == [
        "ĐẢNG BỘ VIỆN KIỂM SÁT", "NHÂN DÂN TỈNH QUẢNG NINH", "CHI BỘ VĂN PHÒNG", "*"]


def signature_block(ws) -> list[list]:
    first = row_with(ws, "Nơi nhận:")
    return [[ws.cell(r, 1).value, ws.cell(r, 5).value] for r in range(first, first + 4)]


def test_the_committee_signs_and_the_superior_committee_receives_the_plan(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    assert signature_block(ws) == [
        ["Nơi nhận:", "T/M CHI ỦY"], ["- Đảng ủy Viện kiểm sát nhân dân tỉnh Quảng Ninh (để báo cáo),", "BÍ THƯ"],
        ["- Đảng viên trong chi bộ,", None], ["- Lưu chi bộ.", None]]


def test_a_cell_with_only_a_secretary_signs_on_behalf_of_the_cell(tmp_path):
    path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.save(path)
    secretary_only = replace(SETTINGS, has_committee=False, superior="Đảng bộ phường Uông Bí")
    rewrite(path, plan_updates(the_plan(), secretary_only, None, None))
    ws = openpyxl.load_workbook(path)[SHEET]
    assert signature_block(ws)[:2] == [["Nơi nhận:", "T/M CHI BỘ"], ["- Đảng ủy phường Uông Bí (để báo cáo),", "BÍ THƯ"]]


def _plan_text(path: Path, settings: Settings) -> str:
    book = openpyxl.Workbook()
    del book["Sheet"]
    book.create_sheet(SHEET)
    book.save(path)
    rewrite(path, plan_updates(the_plan(), settings, None, None))
    rows = rows_of(openpyxl.load_workbook(path)[SHEET])
    return " ".join(" ".join(str(v).split()) for row in rows for v in row if v)


def test_sections_one_and_five_say_what_a_cell_plan_says(tmp_path):
    """Issue 17 §3: purposes and requirements; who does what (the committee, the helpers, the Youth Union and the
    trade union) and the reporting — with the committee, the superior and the unions of this cell."""
    text = _plan_text(tmp_path / "a.xlsx", SETTINGS)
    assert "I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích: Nâng cao chất lượng công tác tạo nguồn" in text
    assert "phát triển đảng viên năm 2027 do cấp ủy cấp trên giao. 2. Yêu cầu: Thực hiện đúng nguyên tắc" in text
    assert ("1. Chi ủy chỉ đạo, phân công đảng viên thực hiện kế hoạch; hằng quý kiểm điểm tiến độ, kịp thời đề nghị "
            "Đảng ủy Viện kiểm sát nhân dân tỉnh Quảng Ninh xem xét những quần chúng đủ điều kiện.") in text
    assert "2. Đảng viên được phân công giúp đỡ quần chúng thường xuyên gặp gỡ, bồi dưỡng, nhận xét quần chúng" in text
    assert "3. Đoàn Thanh niên Cộng sản Hồ Chí Minh, Công đoàn cơ quan giới thiệu đoàn viên ưu tú" in text
    assert ("4. Chi bộ sơ kết 6 tháng, tổng kết cuối năm việc thực hiện kế hoạch và báo cáo Đảng ủy Viện kiểm sát "
            "nhân dân tỉnh Quảng Ninh theo quy định.") in text
    assert "[" not in text and "{" not in text  # every field filled
    # A cell with only a secretary and no Youth Union organisation.
    text = _plan_text(tmp_path / "b.xlsx", replace(SETTINGS, has_committee=False, has_youth_union=False))
    assert "1. Bí thư chi bộ chỉ đạo, phân công đảng viên" in text
    assert "3. Công đoàn cơ quan giới thiệu đoàn viên ưu tú" in text and "Đoàn Thanh niên" not in text


def test_fields_of_an_older_workbook_in_braces_are_still_filled(tmp_path):
    older = "Chi bộ tổng kết năm {year} và báo cáo {superior_committee}; căn cứ Quy định {regulation}."
    settings = replace(SETTINGS, items={fold("Kế hoạch: tổ chức thực hiện"): older})
    text = _plan_text(tmp_path / "a.xlsx", settings)
    assert ("Chi bộ tổng kết năm 2027 và báo cáo Đảng ủy Viện kiểm sát nhân dân tỉnh Quảng Ninh; căn cứ Quy định "
            "208-QĐ/TW ngày 26/7/2026.") in text


def test_cai_dat_shows_fields_in_words_not_code():
    """Issue 17 §1: `Cài đặt` shows the plan's texts as written; a field a person reads there is in words."""
    from addin.rules.plan import planning

    for key, item in planning()["texts"].items():
        assert "{" not in item["default"] + item.get("note", ""), key
    assert "[năm kế hoạch]" in planning()["texts"]["subject"]["default"]
