"""write_updates on real files: build with XlsxWriter/openpyxl, splice, reload with openpyxl, inspect XML."""
from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import zipfile
from copy import copy
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter
import xlwings
from openpyxl.chart import BarChart as XlBarChart
from openpyxl.chart import Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break

from addin.errors import FidelityRisk
from addin.files.splice import write_updates
from addin.workbook.updates import (
    Area,
    BarChart,
    Block,
    Cell,
    CellStyle,
    PageSetup,
    SheetUpdate,
)

PLAN = "Kế hoạch 2027"
CHECKS = "Kiểm tra"
TEXTS = ('=HYPERLINK("http://x","y")', "=1+1", "+84 912 345 678", "-", "@x", "#N/A", "-5")


# --- helpers ------------------------------------------------------------------------------


def save_and_reload(book: openpyxl.Workbook, path: Path, **load) -> openpyxl.Workbook:
    book.save(path)
    return openpyxl.load_workbook(path, **load)


def spliced(source: openpyxl.Workbook | Path, path: Path, *runs: list[SheetUpdate], **load) -> openpyxl.Workbook:
    """Write `source` (saved first when a workbook) with each run of updates in turn into `path`; reload it."""
    if isinstance(source, openpyxl.Workbook):
        saved = path.with_name(path.stem + ".source.xlsx")
        source.save(saved)
        source = saved
    for i, updates in enumerate(runs):
        target = path if i == len(runs) - 1 else path.with_name(f"{path.stem}.{i}{path.suffix}")
        write_updates(source, target, updates)
        source = target
    return openpyxl.load_workbook(path, **load)


def sheet_part(path: Path, title: str) -> str:
    """The worksheet part of sheet `title`, found through the workbook's relationships."""
    with zipfile.ZipFile(path) as zf:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                   for s in book.iter(ns + "sheet") if s.get("name") == title)
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return zf.read("xl/" + target.removeprefix("/xl/")).decode()


def sheet_xml(path: Path, book: openpyxl.Workbook, title: str) -> str:
    """The worksheet part of an openpyxl-saved file (sheets are numbered in order)."""
    with zipfile.ZipFile(path) as zf:
        return zf.read(f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml").decode()


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode()


def cell_state(cell) -> tuple:
    return (cell.value, cell.data_type, cell.number_format, copy(cell.font), copy(cell.fill),
            copy(cell.border), copy(cell.alignment), cell.hyperlink and cell.hyperlink.location)


def snapshot(ws, skip: tuple[int, int, int, int] | None = None,
             size: tuple[int, int] = (1, 1)) -> dict[str, tuple]:
    """Every cell's value and formats (at least `size` rows x columns), except the `skip` box."""
    result = {}
    max_row, max_col = max(ws.max_row, size[0]), max(ws.max_column, size[1])
    for row in ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col):
        for cell in row:
            if skip and skip[0] <= cell.row <= skip[2] and skip[1] <= cell.column <= skip[3]:
                continue
            result[cell.coordinate] = cell_state(cell)
    return result


def book_state(book: openpyxl.Workbook) -> dict:
    return {
        "sheets": book.sheetnames,
        "cells": {ws.title: snapshot(ws) for ws in book.worksheets},
        "merges": {ws.title: sorted(str(m) for m in ws.merged_cells.ranges) for ws in book.worksheets},
        "names": {n: d.attr_text for n, d in book.defined_names.items()},
        "charts": {ws.title: len(ws._charts) for ws in book.worksheets},
        "widths": {ws.title: {k: d.width for k, d in ws.column_dimensions.items()}
                   for ws in book.worksheets},
    }


def block(row: int, column: int, *rows: tuple) -> Block:
    return Block(row, column, tuple(tuple(c if isinstance(c, Cell) else Cell(c) for c in r)
                                    for r in rows))


def register_workbook(path: Path) -> None:
    """A committee's register as Excel-like tools write it: styles, formulas, validation, rules."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Theo dõi")
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Đoàn viên", "Điểm"], bold)
    for i in range(1, 6):
        ws.write_number(i, 0, i)
        ws.write_string(i, 1, f"Nguyễn Văn {chr(64 + i)}")
        ws.write_datetime(i, 2, dt.datetime(2000, i, 1), date)
        ws.write_string(i, 3, "Có")
        ws.write_formula(i, 4, f"=LEN(B{i + 1})")
    ws.data_validation("D2:D50", {"validate": "list", "source": ["Có", "Không"]})
    ws.conditional_format("E2:E50", {"type": "cell", "criteria": ">", "value": 12,
                                     "format": wb.add_format({"font_color": "#9C0006"})})
    ws.set_column("A:E", 14)
    notes = wb.add_worksheet("Ghi chú")
    notes.write_string(0, 0, "Không sửa sheet này")
    notes.write_formula(1, 0, "='Theo dõi'!B2")
    wb.close()


def plan_workbook() -> openpyxl.Workbook:
    """A committee's plan sheet: task table at rows 5-8, signature block (merged, styled) at 9-11."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = PLAN
    ws["A1"] = "ĐẢNG BỘ XÃ AN BÌNH"
    ws.merge_cells("A1:C1")
    ws.append([])
    ws.append([])
    ws.append([])
    ws.append(["STT", "Nội dung công việc", "Đối tượng", "Số", "Thời gian", "Hạn chót", "Phụ trách", "Ghi chú"])
    for i in range(6, 9):
        ws.append([i - 5, f"Việc {i - 5}", "", i])
    ws.merge_cells("G6:G8")  # spans the insertion point: stretches
    ws["E9"], ws["E10"], ws["E11"] = "T/M CHI BỘ", "BÍ THƯ", "Trần Thị B"
    for row in (9, 10, 11):
        ws.merge_cells(f"E{row}:H{row}")
        ws[f"E{row}"].font = Font(name="Times New Roman", size=13, bold=True)
        ws[f"E{row}"].alignment = Alignment(horizontal="center")
    ws.row_dimensions[5].height = 25
    ws.row_dimensions[10].height = 60
    ws["A9"] = "=COUNTA(B6:B8)"
    ws["A11"] = "Sổ theo dõi"
    ws["A11"].hyperlink = Hyperlink(ref="A11", location="'Theo dõi'!A1")
    dv = DataValidation(type="list", formula1='"Có,Không"')
    dv.add("C10")
    ws.add_data_validation(dv)
    yellow = PatternFill("solid", fgColor="FFFF00")
    ws.conditional_formatting.add("A9:H11", FormulaRule(formula=['$A$9<>""'], fill=yellow))
    ws.print_area = "A1:H11"
    wb.defined_names["KyTen"] = DefinedName("KyTen", attr_text=f"'{PLAN}'!$E$9:$H$11")
    chart = XlBarChart()
    chart.add_data(Reference(ws, min_col=4, min_row=5, max_row=8), titles_from_data=True)
    ws.add_chart(chart, "J9")
    other = wb.create_sheet("Theo dõi")
    other["A1"] = f"='{PLAN}'!E9"
    other["A2"] = f"=SUM('{PLAN}'!D6:D8)"
    return wb


# --- creating sheets ----------------------------------------------------------------------


def test_missing_sheet_is_created_at_the_end_and_existing_found_case_insensitively(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Theo dõi"
    wb.create_sheet("Cài đặt")
    wb = spliced(wb, tmp_path / "new.xlsx", [SheetUpdate(CHECKS, blocks=(block(1, 1, ("STT",)),)),
                                             SheetUpdate("THEO DÕI", blocks=(block(1, 1, ("x",)),))])
    assert wb.sheetnames == ["Theo dõi", "Cài đặt", CHECKS]
    assert wb[CHECKS]["A1"].value == "STT"
    assert wb["Theo dõi"]["A1"].value == "x"


# --- values -------------------------------------------------------------------------------


def test_strings_are_always_text_never_formulas(tmp_path):
    wb = openpyxl.Workbook()
    path = tmp_path / "texts.xlsx"
    back = spliced(wb, path, [SheetUpdate(CHECKS, blocks=(block(1, 1, *[(t,) for t in TEXTS]),))])
    xml = sheet_part(path, CHECKS)
    assert "<f>" not in xml and "<f " not in xml
    assert [back[CHECKS].cell(i + 1, 1).value for i in range(len(TEXTS))] == list(TEXTS)
    assert {back[CHECKS].cell(i + 1, 1).data_type for i in range(len(TEXTS))} == {"s"}


def test_dates_are_real_dates(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C1"].number_format = "mm-dd-yy"
    update = SheetUpdate(ws.title, blocks=(block(1, 1, (
        dt.date(2026, 3, 1),
        Cell(dt.date(2026, 3, 2), CellStyle(number_format="d/m/yyyy")),
        dt.date(2026, 3, 3),
        dt.datetime(2026, 3, 4, 8, 30),
    )),))
    path = tmp_path / "dates.xlsx"
    row = spliced(wb, path, [update]).active[1]
    assert [c.value for c in row] == [dt.datetime(2026, 3, d) for d in (1, 2, 3)] + [dt.datetime(2026, 3, 4, 8, 30)]
    assert all(c.is_date for c in row)
    assert re.search(r'<c r="A1" s="\d+"><v>46082</v></c>', sheet_part(path, ws.title))  # a serial number
    assert [c.number_format for c in row[:3]] == ["dd/mm/yyyy", "d/m/yyyy", "mm-dd-yy"]


def test_numbers_bools_and_none_are_written_as_given(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["D1"] = "old"
    back = spliced(wb, tmp_path / "n.xlsx", [SheetUpdate(wb.active.title, blocks=(block(1, 1, (3, 0.75, True, None)),))]).active
    assert [back.cell(1, c).value for c in range(1, 5)] == [3, 0.75, True, None]


def test_control_characters_are_kept_as_escapes(tmp_path):
    """OOXML ST_Xstring: a character XML cannot hold is stored as _xHHHH_ (never dropped); a CR too, since XML
    would read it back as LF. Read back by python-calamine and by chibo's reader (both engines) as typed."""
    from python_calamine import CalamineWorkbook

    from addin.files.reader import read_grids

    wb = openpyxl.Workbook()
    text = "Nguyễn\x00 Văn\x07 A\x1f\tghi chú\r\ndòng 2\x0b."
    path = tmp_path / "ctrl.xlsx"
    spliced(wb, path, [SheetUpdate(wb.active.title, blocks=(block(1, 1, (text,)),))])
    assert ("<t xml:space=\"preserve\">Nguyễn_x0000_ Văn_x0007_ A_x001F_\tghi chú_x000D_\ndòng 2_x000B_.</t>"
            in sheet_part(path, wb.active.title))
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0][0] == text
    for engine in ("calamine", "openpyxl"):
        assert read_grids(path, engine)[wb.active.title][0][0] == text, engine


@pytest.mark.parametrize(("typed", "stored"), [
    ("_x0041_", "_x005F_x0041_"),
    ("a_x000D_b", "a_x005F_x000D_b"),
    ("_x005F_", "_x005F_x005F_"),
    ("_x00e9__x0041_", "_x005F_x00e9__x005F_x0041_"),
    ("_x41_ _xZZZZ_ x0041_", "_x41_ _xZZZZ_ x0041_"),  # not an escape: stored as typed
])
def test_literal_escapes_are_escaped_and_read_back_as_typed(tmp_path, typed, stored):
    from python_calamine import CalamineWorkbook

    from addin.files.reader import read_grids

    wb = openpyxl.Workbook()
    path = tmp_path / "esc.xlsx"
    spliced(wb, path, [SheetUpdate(wb.active.title, blocks=(block(1, 1, (typed,)),))])
    assert f'<is><t>{stored}</t></is>' in sheet_part(path, wb.active.title)
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[0][0] == typed
    for engine in ("calamine", "openpyxl"):
        assert read_grids(path, engine)[wb.active.title][0][0] == typed, engine


def test_write_into_covered_cell_goes_to_anchor(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.merge_cells("B2:D3")
    ws.merge_cells("B5:D5")
    bold = CellStyle(bold=True, border=True)
    back = spliced(wb, tmp_path / "merged.xlsx", [SheetUpdate(ws.title, blocks=(
        block(3, 3, ("vào ô gộp",)),
        block(5, 2, (Cell("Tiêu đề", bold), Cell(None, bold), Cell(None, bold))),
    ))]).active
    assert back["B2"].value == "vào ô gộp"
    assert back["B5"].value == "Tiêu đề" and back["B5"].font.b
    assert back["D5"].border.right.style == "thin"
    assert sorted(str(m) for m in back.merged_cells.ranges) == ["B2:D3", "B5:D5"]


# --- styles -------------------------------------------------------------------------------


def test_style_fields_apply_only_when_set(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for coord in ("A1", "B1", "C1", "D1"):
        ws[coord].font = Font(name="Times New Roman", size=13, italic=True, color="FFFF0000")
        ws[coord].alignment = Alignment(vertical="top", wrap_text=True)
        ws[coord].number_format = "0.00"
    update = SheetUpdate(ws.title, blocks=(block(1, 1, (
        Cell("a", CellStyle(bold=True)),
        Cell("b", CellStyle(font_color="#0000FF", underline=True, h_align="center")),
        Cell("c", CellStyle(fill="#FFEEDD", border=True, number_format="@", font_name="Arial",
                            font_size=11, italic=False, v_align="center", wrap=False)),
        Cell("d"),
    )),))
    a, b, c, d = spliced(wb, tmp_path / "styles.xlsx", [update]).active[1]
    assert (a.font.name, a.font.sz, a.font.i, a.font.b, a.font.color.rgb) == ("Times New Roman", 13, True, True, "FFFF0000")
    assert (a.alignment.vertical, a.alignment.wrap_text, a.number_format) == ("top", True, "0.00")
    assert (b.font.color.rgb, b.font.u, b.font.i, b.font.b) == ("FF0000FF", "single", True, False)
    assert (b.alignment.horizontal, b.alignment.vertical) == ("center", "top")
    assert (c.fill.fill_type, c.fill.fgColor.rgb, c.number_format) == ("solid", "FFFFEEDD", "@")
    assert {c.border.left.style, c.border.right.style, c.border.top.style, c.border.bottom.style} == {"thin"}
    assert (c.font.name, c.font.sz, c.font.i, c.font.color.rgb) == ("Arial", 11, False, "FFFF0000")
    assert c.alignment.vertical == "center" and not c.alignment.wrap_text
    assert (d.value, d.font.name, d.font.i, d.number_format) == ("d", "Times New Roman", True, "0.00")


def test_bad_colour_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    with pytest.raises(ValueError):
        spliced(wb, tmp_path / "red.xlsx", [SheetUpdate("x", blocks=(block(1, 1, (Cell("a", CellStyle(fill="red")),)),))])


def test_internal_hyperlink_survives_save_and_reload(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Theo dõi"
    link = Cell("C7", hyperlink="'Theo dõi'!C7")
    path = tmp_path / "links.xlsx"
    back = spliced(wb, path, [SheetUpdate(CHECKS, blocks=(block(2, 5, (link,)),))])
    cell = back[CHECKS]["E2"]
    assert (cell.value, cell.hyperlink.location, cell.hyperlink.target) == ("C7", "'Theo dõi'!C7", None)
    stored = ElementTree.fromstring(sheet_part(path, CHECKS))  # lxml and ElementTree escape "'" differently
    links = stored.findall("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}hyperlinks/*")
    assert [link.get("location") for link in links] == ["'Theo dõi'!C7"]
    with zipfile.ZipFile(path) as zf:
        assert not any("External" in zf.read(n).decode() for n in zf.namelist() if n.endswith(".rels"))


# --- clear and merges ---------------------------------------------------------------------


def test_clear_empties_values_styles_and_inner_merges_only(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in range(1, 8):
        for col in range(1, 8):
            ws.cell(row, col, f"{row}-{col}").fill = PatternFill("solid", fgColor="FFCCCCCC")
    ws.merge_cells("B3:C3")  # inside the area
    ws.merge_cells("E4:G4")  # straddles the area's edge
    ws["B4"].hyperlink = Hyperlink(ref="B4", location="A1")
    before = snapshot(ws, skip=(2, 2, 5, 5))
    back = spliced(wb, tmp_path / "clear.xlsx", [SheetUpdate(ws.title, clear=(Area(2, 2, 5, 5),))]).active
    assert all(back.cell(r, c).value is None and not back.cell(r, c).has_style
               for r in range(2, 6) for c in range(2, 6))
    assert back["B4"].hyperlink is None
    assert sorted(str(m) for m in back.merged_cells.ranges) == ["E4:G4"]
    after = snapshot(back, skip=(2, 2, 5, 5))
    kept = [k for k in before if k not in ("F4", "G4")]  # covered cells of the straddling merge
    assert {k: after[k] for k in kept} == {k: before[k] for k in kept}


def test_merges_are_idempotent_and_replace_overlapping_ones(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.merge_cells("A1:B1")
    ws.merge_cells("D1:E1")
    update = SheetUpdate(ws.title, merges=("A1:C1", "D1:E1", "A3:H3"))
    back = spliced(wb, tmp_path / "m.xlsx", [update, update], [update]).active
    assert sorted(str(m) for m in back.merged_cells.ranges) == ["A1:C1", "A3:H3", "D1:E1"]


# --- inserting rows -----------------------------------------------------------------------


def test_insert_rows_moves_the_signature_block_intact(tmp_path):
    body = tuple((i, f"Việc mới {i}") for i in range(1, 4))
    update = SheetUpdate(PLAN, insert_rows=((9, 3),), blocks=(block(9, 1, *body),))
    path = tmp_path / "plan.xlsx"
    back = spliced(plan_workbook(), path, [update])
    ws = back[PLAN]
    assert [ws[f"E{r}"].value for r in (12, 13, 14)] == ["T/M CHI BỘ", "BÍ THƯ", "Trần Thị B"]
    assert all(ws[f"E{r}"].font.b and ws[f"E{r}"].font.name == "Times New Roman" for r in (12, 13, 14))
    assert ws["E12"].alignment.horizontal == "center"
    assert sorted(str(m) for m in ws.merged_cells.ranges) == ["A1:C1", "E12:H12", "E13:H13", "E14:H14", "G6:G8"]
    assert ws.row_dimensions[13].height == 60 and ws.row_dimensions[5].height == 25
    assert ws.row_dimensions[10].height is None
    assert [str(dv.sqref) for dv in ws.data_validations.dataValidation] == ["C13"]
    [cf] = list(ws.conditional_formatting)
    assert str(cf.sqref) == "A12:H14" and cf.rules[0].formula == ['$A$12<>""']
    assert ws["A14"].hyperlink.location == "'Theo dõi'!A1" and ws["A14"].value == "Sổ theo dõi"
    assert ws["A12"].value == "=COUNTA(B6:B8)"
    assert [ws.cell(r, 2).value for r in range(9, 12)] == ["Việc mới 1", "Việc mới 2", "Việc mới 3"]
    assert back.defined_names["KyTen"].attr_text == f"'{PLAN}'!$E$12:$H$14"
    assert ws.print_area == f"'{PLAN}'!$A$1:$H$14"
    assert back["Theo dõi"]["A1"].value == f"='{PLAN}'!E12"
    assert back["Theo dõi"]["A2"].value == f"=SUM('{PLAN}'!D6:D8)"
    assert ws._charts[0].anchor._from.row == 11  # J9 -> J12 (0-based rows)
    assert 'ref="A14"' in sheet_part(path, PLAN)


def test_insert_rows_stretches_ranges_that_span_the_insertion_point(tmp_path):
    wb = plan_workbook()
    wb[PLAN].print_title_rows = "7:9"
    wb[PLAN].row_breaks.append(Break(id=8))  # page 2 starts at row 9
    ws = spliced(wb, tmp_path / "span.xlsx", [SheetUpdate(PLAN, insert_rows=((8, 2),))])[PLAN]
    assert ws.print_title_rows == "$7:$11"
    assert [b.id for b in ws.row_breaks.brk] == [10]
    assert "G6:G10" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["A11"].value == "=COUNTA(B6:B10)"
    assert ws["D10"].value == 8 and ws["D8"].value is None
    assert ws._charts[0].anchor._from.row == 10  # J9 -> J11


# --- sheet settings -----------------------------------------------------------------------


def test_column_widths_split_grouped_columns(tmp_path):
    path = tmp_path / "register.xlsx"
    register_workbook(path)  # <col min="1" max="5" width="14">
    out = tmp_path / "widths.xlsx"
    ws = spliced(path, out, [SheetUpdate("Theo dõi", column_widths={3: 30, 7: 12.5})])["Theo dõi"]
    cols = ElementTree.fromstring(sheet_part(out, "Theo dõi")).iter(
        "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}col")
    spans = sorted((int(c.get("min")), int(c.get("max")), float(c.get("width"))) for c in cols)
    assert [(lo, hi) for lo, hi, _ in spans] == [(1, 2), (3, 3), (4, 5), (7, 7)]
    assert [w for *_, w in spans][1:] == [30, pytest.approx(14, abs=1), 12.5]
    assert ws.column_dimensions["C"].width == 30


def test_freeze_autofilter_page_setup(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = PLAN
    setup = PageSetup(landscape=True, margins_mm=(20, 20, 30, 15), title_rows=(5, 5))
    path = tmp_path / "setup.xlsx"
    ws = spliced(wb, path, [SheetUpdate(PLAN, freeze="A6", autofilter="A5:H20", page_setup=setup)])[PLAN]
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:H20"
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    margins = ws.page_margins
    inches = [mm / 25.4 for mm in (20, 20, 30, 15)]
    assert [margins.top, margins.bottom, margins.left, margins.right] == pytest.approx(inches)
    assert ws.print_title_rows == "$5:$5"
    assert f"'{PLAN}'!$5:$5" in part(path, "xl/workbook.xml")


def test_defined_names_are_quoted_and_replace_existing(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = PLAN
    wb.defined_names["chibo_plan_rows"] = DefinedName("chibo_plan_rows", attr_text=f"'{PLAN}'!$A$1:$A$2")
    back = spliced(wb, tmp_path / "names.xlsx", [SheetUpdate(PLAN, names={"chibo_plan_rows": "A5:H9"}),
                                                 SheetUpdate("Chỉ tiêu", names={"chibo_quota": "A1:K3"})])
    assert back.defined_names["chibo_plan_rows"].attr_text == f"'{PLAN}'!$A$5:$H$9"
    assert list(back.defined_names["chibo_plan_rows"].destinations) == [(PLAN, "$A$5:$H$9")]
    assert list(back.defined_names["chibo_quota"].destinations) == [("Chỉ tiêu", "$A$1:$K$3")]
    assert len(back.defined_names) == 2


def quota_update() -> SheetUpdate:
    rows = (("Năm", "Chỉ tiêu được giao", "Đã kết nạp"), (2025, 3, 2), (2026, 4, 4), (2027, 3, 1))
    chart = BarChart(title="Chỉ tiêu và kết quả", header_row=1, first_row=2, last_row=4,
                     category_column=1, series_columns=(2, 3), anchor="N2")
    return SheetUpdate("Chỉ tiêu", blocks=(block(1, 1, *rows),), charts=(chart,))


def test_chart_is_a_clustered_column_chart_and_replaced_on_reapply(tmp_path):
    first = tmp_path / "chart1.xlsx"
    spliced(openpyxl.Workbook(), first, [quota_update()])
    second = tmp_path / "chart2.xlsx"
    again = spliced(first, second, [quota_update()])
    assert len(again["Chỉ tiêu"]._charts) == 1
    with zipfile.ZipFile(second) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/chart")]
        xml = zf.read(charts[0]).decode()
        drawing = zf.read("xl/drawings/drawing1.xml").decode()
        drawing = re.sub(r"</?xdr:", lambda m: m.group().replace("xdr:", ""), drawing)
    assert len(charts) == 1
    assert '<barDir val="col"' in xml and '<grouping val="clustered"' in xml
    assert xml.count("<ser>") == 2
    assert "'Chỉ tiêu'!$A$2:$A$4" in xml and "'Chỉ tiêu'!$C$2:$C$4" in xml
    assert "'Chỉ tiêu'!$B$1" in xml and "'Chỉ tiêu'!$C$1" in xml
    assert "Chỉ tiêu và kết quả" in xml
    assert "<from><col>13</col><colOff>0</colOff><row>1</row>" in drawing  # N2


# --- idempotence and leaving the rest alone -----------------------------------------------


def checks_update() -> SheetUpdate:
    header = CellStyle(bold=True, fill="#DDEBF7", border=True, h_align="center", wrap=True)
    headers = ("STT", "Mức độ", "Mã", "Sheet", "Ô", "Họ và tên", "Nội dung", "Căn cứ")
    rows = [tuple(Cell(h, header) for h in headers)]
    for i in range(1, 4):
        rows.append((
            Cell(i), Cell("Lỗi", CellStyle(font_color="#9C0006")), Cell("AGE_MIN"), Cell("Theo dõi"),
            Cell(f"C{i + 1}", hyperlink=f"'Theo dõi'!C{i + 1}"), Cell(f"Nguyễn Văn {i}"),
            Cell("=chưa đủ tuổi", CellStyle(wrap=True)), Cell("Điều lệ Đảng, Điều 1"),
        ))
    return SheetUpdate(
        CHECKS, clear=(Area(1, 1, 200, 8),), blocks=(Block(1, 1, tuple(rows)),), merges=("A10:H10",),
        column_widths={2: 10, 7: 50}, freeze="A2", autofilter="A1:H4",
        page_setup=PageSetup(landscape=True, title_rows=(1, 1)), names={"chibo_findings": "A1:H4"},
    )


def test_applying_twice_gives_the_same_workbook_as_once(tmp_path):
    path = tmp_path / "register.xlsx"
    register_workbook(path)
    updates = [checks_update(), quota_update(),
               SheetUpdate("Theo dõi", blocks=(block(1, 6, ("Giai đoạn",), ("Nguồn",)),))]
    once = spliced(path, tmp_path / "once.xlsx", updates)
    twice = spliced(path, tmp_path / "twice.xlsx", updates, updates)
    assert book_state(once) == book_state(twice)
    with zipfile.ZipFile(tmp_path / "once.xlsx") as a, zipfile.ZipFile(tmp_path / "twice.xlsx") as b:
        assert a.namelist() == b.namelist()
        assert [n for n in a.namelist() if a.read(n) != b.read(n)] == []  # a second refresh adds nothing


def test_everything_outside_the_updates_is_unchanged(tmp_path):
    path = tmp_path / "register.xlsx"
    register_workbook(path)
    original = openpyxl.load_workbook(path)
    owned = SheetUpdate("Theo dõi", blocks=(block(1, 6, ("Giai đoạn", "Kết quả kiểm tra"), ("Nguồn", "=sai")),))
    back = spliced(path, tmp_path / "out.xlsx", [owned, checks_update()])
    with zipfile.ZipFile(path) as before_zip, zipfile.ZipFile(tmp_path / "out.xlsx") as after_zip:
        same = [n for n in before_zip.namelist() if n != "xl/worksheets/sheet1.xml" and n in after_zip.namelist()
                and not n.startswith(("xl/workbook.xml", "xl/styles.xml", "[Content_Types]", "xl/_rels/", "docProps/app"))]
        assert "xl/worksheets/sheet2.xml" in same and "xl/sharedStrings.xml" in same
        assert all(before_zip.read(n) == after_zip.read(n) for n in same)
    for title in ("Theo dõi", "Ghi chú"):
        size = (back[title].max_row, back[title].max_column)
        assert snapshot(back[title], (1, 6, 2, 7), size) == snapshot(original[title], (1, 6, 2, 7), size)
    ws, before = back["Theo dõi"], original["Theo dõi"]
    assert ws["E3"].value == "=LEN(B3)" and ws["C2"].number_format == "dd/mm/yyyy"
    assert [(str(d.sqref), d.formula1) for d in ws.data_validations.dataValidation] == \
        [(str(d.sqref), d.formula1) for d in before.data_validations.dataValidation]
    assert [(str(c.sqref), [r.formula for r in c.rules]) for c in ws.conditional_formatting] == \
        [(str(c.sqref), [r.formula for r in c.rules]) for c in before.conditional_formatting]
    assert ws["G2"].value == "=sai" and ws["G2"].data_type == "s"


def test_xlsm_keeps_vba_project_byte_identical(tmp_path):
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm") as zf:
        vba = zf.read("xl/vbaProject.bin")
    (tmp_path / "vbaProject.bin").write_bytes(vba)
    source = tmp_path / "Sổ theo dõi.xlsm"
    wb = xlsxwriter.Workbook(str(source))
    wb.add_worksheet("Theo dõi").write_row(0, 0, ["STT", "Họ và tên"])
    wb.add_vba_project(str(tmp_path / "vbaProject.bin"))
    wb.close()
    out = tmp_path / "Sổ theo dõi (mới).xlsm"
    write_updates(source, out, [checks_update()])
    with zipfile.ZipFile(out) as zf:
        assert zf.read("xl/vbaProject.bin") == vba
    assert openpyxl.load_workbook(out, keep_vba=True)[CHECKS]["A1"].value == "STT"


@pytest.mark.needs("soffice")
def test_libreoffice_reads_text_values_as_text(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = CHECKS
    rows = [("Nguyễn Văn A", text) for text in TEXTS] + [("Ngày", dt.date(2026, 3, 1))]
    path = tmp_path / "lo.xlsx"
    spliced(wb, path, [SheetUpdate(CHECKS, blocks=(block(1, 1, *rows),))])
    out = tmp_path / "csv"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile-writer", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180,
    )
    assert "Error:" not in result.stdout + result.stderr
    with open(out / "lo.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table == [[name, value] for name, value in rows[:-1]] + [["Ngày", "01/03/2026"]]


def test_delete_rows_moves_what_lies_below_back_up(tmp_path):
    """delete_rows: merges, heights, validations, conditional formats and names below move up intact."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Kế hoạch 2027"
    for r in range(5, 10):
        ws.cell(r, 1, f"việc {r}")
    ws["A12"] = "T/M CHI BỘ"
    ws.merge_cells("A12:C12")
    ws.row_dimensions[12].height = 30
    dv = DataValidation(type="list", formula1='"Có,Không"')
    ws.add_data_validation(dv)
    dv.add("D12:D13")
    ws.conditional_formatting.add("E12:E13", CellIsRule(operator="equal", formula=['"x"'], fill=None))
    ws["F14"] = "=A12"
    ws = spliced(book, tmp_path / "deleted.xlsx", [SheetUpdate(sheet="Kế hoạch 2027", delete_rows=((7, 3),))])["Kế hoạch 2027"]
    assert [ws.cell(r, 1).value for r in range(5, 10)] == ["việc 5", "việc 6", None, None, "T/M CHI BỘ"]
    assert [str(m) for m in ws.merged_cells.ranges] == ["A9:C9"]
    assert ws.row_dimensions[9].height == 30
    assert str(ws.data_validations.dataValidation[0].sqref) == "D9:D10"
    assert [str(cf.sqref) for cf in ws.conditional_formatting] == ["E9:E10"]
    assert ws["F11"].value == "=A9"


# --- what chibo refuses to write over ------------------------------------------------------


def test_write_into_a_table_is_refused(tmp_path):
    path = tmp_path / "table.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Theo dõi")
    ws.add_table("A1:C4", {"name": "DanhSach", "columns": [{"header": "STT"}, {"header": "Họ và tên"}, {"header": "Ghi chú"}]})
    wb.close()
    with pytest.raises(FidelityRisk) as caught:
        write_updates(path, tmp_path / "out.xlsx", [SheetUpdate("Theo dõi", blocks=(block(1, 3, ("Giai đoạn",)),))])
    assert "DanhSach" in caught.value.message and "A1:C4" in caught.value.message
    assert not (tmp_path / "out.xlsx").exists() or (tmp_path / "out.xlsx").stat().st_size == 0
    write_updates(path, tmp_path / "beside.xlsx", [SheetUpdate("Theo dõi", blocks=(block(1, 4, ("Giai đoạn",)),))])
    assert openpyxl.load_workbook(tmp_path / "beside.xlsx")["Theo dõi"]["D1"].value == "Giai đoạn"


@pytest.mark.parametrize("row, refused", [(2, False), (10, True)])
def test_rows_move_only_when_no_note_lies_below(tmp_path, row: int, refused: bool):
    path = tmp_path / "notes.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(PLAN)
    for r in range(12):
        ws.write_string(r, 0, f"dòng {r + 1}")
    ws.write_comment(row - 1, 1, "Ghi chú của chi ủy")
    wb.close()
    update = SheetUpdate(PLAN, insert_rows=((9, 2),))
    if refused:
        with pytest.raises(FidelityRisk) as caught:
            write_updates(path, tmp_path / "out.xlsx", [update])
        assert "ghi chú" in caught.value.message and "dòng 9" in caught.value.message
        return
    back = spliced(path, tmp_path / "out.xlsx", [update])
    assert back[PLAN]["A12"].value == "dòng 10" and back[PLAN][f"B{row}"].comment.text == "Ghi chú của chi ủy"
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(tmp_path / "out.xlsx") as after:
        assert before.read("xl/comments1.xml") == after.read("xl/comments1.xml")
