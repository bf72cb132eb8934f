"""One layout of each sheet: `Cài đặt` and `Ngày nghỉ` that a refresh creates in a workbook lacking them are the
sheets `chibo new` writes (issue 19 §1), built by the same updates and written by the same package writer."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import openpyxl
import pytest
from golden import cell_marks
from workbook_builders import write_register_book

from addin.excel.template import build_template
from addin.files.jobs import refresh_file

YEAR = 2027


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[openpyxl.Workbook, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("layout")
    new = folder / "SoMoi.xlsm"
    build_template(new, YEAR)
    register = write_register_book(folder / "so.xlsx")  # a register and members; no `Cài đặt`, no `Ngày nghỉ`
    assert {"Cài đặt", "Ngày nghỉ"}.isdisjoint(openpyxl.load_workbook(register).sheetnames)
    result = refresh_file(register, as_of=dt.date(2026, 11, 16))
    assert result.ok, result.error
    return openpyxl.load_workbook(new), openpyxl.load_workbook(register)


def snapshot(book: openpyxl.Workbook, name: str) -> dict[str, Any]:
    """All a sheet shows and does: cells with their looks, columns, rows, merges, lists, highlights, panes,
    printing, and the workbook's names that point into it."""
    ws = book[name]
    columns = {letter: (d.width, d.number_format, d.alignment.wrap_text, d.font.name, d.font.sz)
               for letter, d in ws.column_dimensions.items() if d.width or d.number_format != "General"}
    rows = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    lists = sorted((str(v.sqref), v.type, v.formula1, v.prompt, v.errorStyle, v.error) for v in ws.data_validations.dataValidation)
    fills = sorted((str(area.sqref), rule.formula[0], rule.stopIfTrue or False, rule.dxf.fill.bgColor.rgb if rule.dxf.fill else None,
                    rule.dxf.font.color.rgb if rule.dxf.font and rule.dxf.font.color else None)
                   for area in ws.conditional_formatting for rule in area.rules)
    names = {n: d.attr_text for n, d in book.defined_names.items() if d.attr_text.startswith(f"'{name}'!")}
    setup = ws.page_setup
    return {"cells": cell_marks(ws), "columns": columns, "rows": rows, "merges": sorted(map(str, ws.merged_cells.ranges)),
            "lists": lists, "fills": fills, "names": names, "freeze": ws.freeze_panes,
            "page": (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight,
                     ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows, ws.print_area,
                     tuple(round(getattr(ws.page_margins, side), 4) for side in ("top", "bottom", "left", "right")))}


def test_settings_a_refresh_creates_is_the_new_workbooks(books) -> None:
    new, refreshed = books
    made, created = snapshot(new, "Cài đặt"), snapshot(refreshed, "Cài đặt")
    # `Năm kế hoạch` (row 5): a new workbook is made for its year; a refresh leaves it empty, so the plan year
    # keeps following the reference date. Every other cell, look, list and name is the same.
    assert new["Cài đặt"]["A5"].value == refreshed["Cài đặt"]["A5"].value == "Năm kế hoạch"
    assert made["cells"].pop("B5") == "2027 ‖ Times New Roman 12"
    assert "B5" not in created["cells"]
    assert made == created
    assert created["names"] == {"CAI_DAT": "'Cài đặt'!$A$2:$B$42", "NGAY_TINH": "'Cài đặt'!$B$6",
                                "CANH_BAO_TRUOC_HAN": "'Cài đặt'!$B$16", "DM_CO_KHONG": "'Cài đặt'!$E$2:$E$3",
                                "DM_LOAI_NGAY": "'Cài đặt'!$F$2:$F$3", "DM_TINH_CHI_TIEU": "'Cài đặt'!$G$2:$G$3"}
    assert refreshed["Cài đặt"]["A16"].value == "Cảnh báo trước hạn (ngày làm việc)"
    assert refreshed["Cài đặt"]["A6"].value == "Ngày tính"
    assert refreshed["Cài đặt"]["A9"].value == "Tính chỉ tiêu theo"  # the 8th item (ITEMS, DESIGN §2)
    assert ("B9", "list", "DM_TINH_CHI_TIEU", None, None, None) in created["lists"]


def test_calendar_a_refresh_creates_is_the_new_workbooks(books) -> None:
    new, refreshed = books
    created = snapshot(refreshed, "Ngày nghỉ")
    assert snapshot(new, "Ngày nghỉ") == created
    assert created["cells"] == {"A1": "Ngày ‖ Times New Roman 12 B fill FFFFF2CC border center wrap",
                                "B1": "Loại ‖ Times New Roman 12 B fill FFFFF2CC border center wrap",
                                "C1": "Ghi chú ‖ Times New Roman 12 B fill FFFFF2CC border center wrap"}
    assert created["lists"] == [("B2:B1000", "list", "DM_LOAI_NGAY", "'Nghỉ' = nghỉ thêm; 'Làm bù' = ngày làm việc bù.",
                                 "warning", "Hãy chọn trong danh sách.")]
    assert created["columns"]["A"][1] == "dd/mm/yyyy" and created["freeze"] == "A2"


def test_findings_sheet_of_a_new_workbook_is_the_one_a_refresh_writes(books) -> None:
    """`Kiểm tra` is refresh's own sheet with nothing found yet: the same title, header row (4), looks, widths,
    pane and print titles; only the dated line waits for a check ("tính đến ngày ……")."""
    new, refreshed = books
    made, written = snapshot(new, "Kiểm tra"), snapshot(refreshed, "Kiểm tra")

    def header_of(cells: dict[str, str]) -> dict[str, str]:  # the sheet keeps its workbook's default font
        return {k: re.sub(r" ‖ (Times New Roman|Calibri) \d+", " ‖", v) for k, v in cells.items() if k[1:] in ("1", "4")}

    header = header_of(written["cells"])
    assert header_of(made["cells"]) == header
    assert header["A1"].startswith("KẾT QUẢ KIỂM TRA HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN") and header["A4"].startswith("STT")
    assert new["Kiểm tra"]["A2"].value == "Chi bộ …… – tính đến ngày ……"
    assert refreshed["Kiểm tra"]["A2"].value.endswith("tính đến ngày 16/11/2026")
    assert ({k: v[:3] for k, v in made["columns"].items()} == {k: v[:3] for k, v in written["columns"].items()}
            and made["freeze"] == written["freeze"] == "A5")  # widths and formats (fonts: the workbook's default)
    assert made["rows"][4] == written["rows"][4] == 31.5  # the rule id's header on two lines
    assert made["page"][:6] == written["page"][:6]  # paper, orientation, fit, print titles
