"""The plan sheet: a new HD 36 document (golden file, PDF via LibreOffice) and the committee's own sheet."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import openpyxl
import pytest
from test_plan import AS_OF, CAL, PEOPLE, tasks

from addin.files.reader import read_grids
from addin.files.writer import apply_updates
from addin.rules.quota import YearTarget, quota_rows
from addin.rules.settings import Settings
from addin.workbook.plan_sheet import date_line, number_line, owned_name, plan_updates

GOLDEN = Path(__file__).parent / "golden" / "plan_2027.json"
SHEET = "Kế hoạch 2027"
SETTINGS = Settings(cell_name="Chi bộ Văn phòng", superior="Đảng bộ Viện kiểm sát nhân dân tỉnh Quảng Ninh",
                    place="Uông Bí", plan_year=2027, plan_number="05", secretary="Nguyễn Thị Hoa", as_of=AS_OF)


def new_plan(path: Path, people=PEOPLE) -> openpyxl.Workbook:
    found = tasks(people=people, settings=SETTINGS)
    quota = quota_rows([YearTarget(2027, 4, 5)], people, {}, SETTINGS, CAL, AS_OF)[0]
    book = openpyxl.Workbook()
    apply_updates(book, [plan_updates(2027, found, quota, SETTINGS, None, None)])
    del book["Sheet"]
    book.save(path)
    return openpyxl.load_workbook(path)


def snapshot(book: openpyxl.Workbook) -> dict:
    ws = book[SHEET]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            value = c.value.date().isoformat() if isinstance(c.value, dt.datetime) else c.value
            marks = [f"{c.font.name} {c.font.sz:g}", "B" * bool(c.font.b), "I" * bool(c.font.i), "U" * bool(c.font.u),
                     f"fill {c.fill.fgColor.rgb}" if c.fill.fill_type == "solid" else "",
                     "border" if c.border.left.style else "", c.alignment.horizontal or ""]
            cells[c.coordinate] = f"{value} ‖ {' '.join(m for m in marks if m)}"
    margins = ws.page_margins
    return {
        "cells": cells,
        "merges": sorted(str(m) for m in ws.merged_cells.ranges),
        "names": {n: book.defined_names[n].attr_text for n in book.defined_names},
        "print_titles": ws.print_title_rows,
        "paper": ws.page_setup.paperSize,
        "fit_to_width": [ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight],
        "margins_mm": [round(v * 25.4, 1) for v in (margins.top, margins.bottom, margins.left, margins.right)],
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())},
        "heights": {str(r): d.height for r, d in sorted(ws.row_dimensions.items()) if d.height},
    }


def test_new_plan_matches_golden(tmp_path):
    found = snapshot(new_plan(tmp_path / "plan.xlsx"))
    if os.environ.get("CHIBO_REGEN_GOLDEN") == "1":  # regenerate deliberately only
        GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
    assert found == json.loads(GOLDEN.read_text("utf-8"))


def test_new_plan_header_block_and_table(tmp_path):
    ws = new_plan(tmp_path / "plan.xlsx")[SHEET]
    values = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert values["CHI BỘ VĂN PHÒNG"].font.b and values["CHI BỘ VĂN PHÒNG"].font.name == "Times New Roman"
    below = ws.cell(values["CHI BỘ VĂN PHÒNG"].row + 1, 1).value
    assert below == "*"
    party = values["ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert party.font.b and party.font.u == "single" and party.font.sz == 15
    assert values["Uông Bí, ngày 05 tháng 01 năm 2027"].font.i
    assert "Số 05-KH/CB" in values and values["KẾ HOẠCH"].font.b
    header = values["Nội dung công việc"].row
    assert [ws.cell(header, c).value for c in range(1, 9)] == [
        "STT", "Nội dung công việc", "Đối tượng", "Thời gian thực hiện", "Hạn chót", "Phụ trách", "Căn cứ", "Ghi chú"]
    first = ws.cell(header + 2, 2)
    assert first.value.startswith("Theo dõi, đôn đốc") and ws.cell(header + 2, 8).value == "Quá hạn"
    assert first.fill.fill_type == "solid" and first.font.sz == 12
    assert ws.print_title_rows == f"${header}:${header + 1}"
    for text in ("T/M CHI BỘ", "BÍ THƯ", "Nguyễn Thị Hoa"):
        assert values[text].font.b and values[text].row > header


def test_date_and_number_lines():
    assert date_line("Uông Bí", dt.date(2027, 1, 5)) == "Uông Bí, ngày 05 tháng 01 năm 2027"
    assert date_line("Uông Bí", dt.date(2027, 3, 15)) == "Uông Bí, ngày 15 tháng 3 năm 2027"
    assert date_line("Hạ Long", dt.date(2027, 12, 1)) == "Hạ Long, ngày 01 tháng 12 năm 2027"
    assert number_line("05") == "Số 05-KH/CB" and number_line("12-KH/CB") == "Số 12-KH/CB"
    assert number_line("").startswith("Số ") and number_line("").endswith("-KH/CB")


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
    found = tasks(people=people, settings=SETTINGS)
    update = plan_updates(2027, found, None, SETTINGS, ("KH 2027", grid), owned_ref)
    book = openpyxl.load_workbook(path)
    apply_updates(book, [update])
    book.save(path)
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
    assert ref.startswith("A8:D")
    last = int(ref.split(":D")[1])
    assert ws["A8"].value == 3  # numbering goes on after the committee's rows
    # no deadline column: the deadline goes into `Thời gian`
    periods = [v for v in column_values(ws, 3)[7:last] if v]
    assert any("hạn chót" in v for v in periods)
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

@pytest.mark.needs("soffice", "pdftotext", "pdfinfo")
def test_libreoffice_renders_plan_within_page_width(tmp_path):
    path = tmp_path / "plan.xlsx"
    new_plan(path, people=PEOPLE[:1])
    subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo-plan", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180)
    pdf = tmp_path / "plan.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    first = pages[0]
    for text in ("KẾ HOẠCH", "CHI BỘ VĂN PHÒNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "Nội dung công việc", "Ghi chú",
                 "Nguyễn Văn", "29/03/2027"):
        assert text in first, text
    # one page across: every page with the table's first column also shows its last one
    for page in pages:
        if "Nội dung công việc" in page:
            assert "Ghi chú" in page
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info  # portrait A4
    assert len(pages) <= 2


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
