"""Apply neutral sheet updates to an openpyxl workbook, touching nothing else (DESIGN §5).

The same `SheetUpdate`s drive the Excel front, so a refresh gives one result either way.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from typing import TypeVar

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.chart import BarChart as XlBarChart
from openpyxl.chart import Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.formula import Tokenizer
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import absolute_coordinate, get_column_letter, quote_sheetname
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from addin.workbook.updates import (
    Area,
    BarChart,
    Block,
    Cell,
    CellStyle,
    PageSetup,
    SheetUpdate,
    Value,
)

DATE_FORMAT = "dd/mm/yyyy"
PAPER_SIZES = {"A4": 9, "A3": 8, "A5": 11, "Letter": 1}
MM_PER_INCH = 25.4
_T = TypeVar("_T")
_THIN = Side(style="thin")
_COLOR = re.compile(r"#?([0-9A-Fa-f]{6})")
_SHEET_REF = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!]+)!)?(?P<ref>[^!]+)$")
_REF_PART = re.compile(r"^(?P<col>\$?[A-Za-z]{1,3})?(?P<dollar>\$?)(?P<row>\d+)$")


def apply_updates(book: Workbook, updates: Iterable[SheetUpdate]) -> None:
    """Apply each update to its sheet (created when missing); nothing outside the updates changes."""
    styler = _Styler()
    for update in updates:
        _apply_update(book, update, styler)


def _apply_update(book: Workbook, update: SheetUpdate, styler: _Styler) -> None:
    ws = _sheet(book, update.sheet)
    for before, count in update.insert_rows:
        _insert_rows(ws, before, count)
    for first, count in update.delete_rows:
        _delete_rows(ws, first, count)
    for area in update.clear:
        _clear(ws, area)
    for ref in update.merges:
        _merge(ws, ref)
    for block in update.blocks:
        _write_block(ws, block, styler)
    for column, width in update.column_widths.items():
        _column_dimension(ws, column).width = width
    for row, height in update.row_heights.items():
        ws.row_dimensions[row].height = height
    if update.freeze is not None:
        ws.freeze_panes = update.freeze
    if update.autofilter is not None:
        ws.auto_filter.ref = update.autofilter
    if update.page_setup is not None:
        _set_page_setup(ws, update.page_setup)
    for name, target in update.names.items():
        ref = f"{quote_sheetname(ws.title)}!{absolute_coordinate(target)}"
        book.defined_names[name] = DefinedName(name, attr_text=ref)
    for chart in update.charts:
        _put_chart(ws, chart)


def _sheet(book: Workbook, title: str) -> Worksheet:
    """The sheet Excel would call `title` (names are case-insensitive there), else a new last sheet."""
    key = _fold(title)
    for ws in book.worksheets:
        if _fold(ws.title) == key:
            return ws
    return book.create_sheet(title)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


# --- inserting rows -----------------------------------------------------------------------


@dataclass(frozen=True)
class _RowShift:
    """Rows `before` and below of sheet `sheet` move down by `count`, as Excel's Insert Rows."""

    sheet: str
    before: int
    count: int

    def row(self, row: int) -> int:
        return row + self.count if row >= self.before else row

    def cell_range(self, cr: CellRange) -> CellRange:
        """The range moved down, or stretched when the insertion point falls inside it."""
        return CellRange(min_col=cr.min_col, max_col=cr.max_col,
                         min_row=self.row(cr.min_row), max_row=self.row(cr.max_row))

    def ranges(self, ranges: MultiCellRange) -> MultiCellRange:
        return MultiCellRange([self.cell_range(cr) for cr in ranges.ranges])

    def ref(self, ref: str) -> str:
        return self.cell_range(CellRange(ref)).coord

    def formula(self, text: str, home: str | None) -> str:
        """`text` (with or without "=") with its references to this sheet shifted."""
        if home != self.sheet and "!" not in text:
            return text
        tokens = Tokenizer(text if text.startswith("=") else "=" + text)
        for token in tokens.items:
            if token.type == "OPERAND" and token.subtype == "RANGE":
                token.value = self._operand(token.value, home)
        rendered = tokens.render()
        return rendered if text.startswith("=") else rendered[1:]

    def _operand(self, operand: str, home: str | None) -> str:
        match = _SHEET_REF.match(operand)
        if not match:
            return operand
        quoted = match["sheet"]
        sheet = quoted.strip("'").replace("''", "'") if quoted else home
        if sheet is None or _fold(sheet) != _fold(self.sheet):
            return operand
        parts = [self._part(p) for p in match["ref"].split(":")]
        prefix = operand[: match.start("ref")]
        if not all(parts):
            return operand
        return prefix + ":".join(p for p in parts if p)

    def _part(self, part: str) -> str | None:
        """One end of a reference shifted; None when it is no cell, row or column."""
        match = _REF_PART.match(part)
        if match:
            row = self.row(int(match["row"]))
            return f"{match['col'] or ''}{match['dollar']}{row}"
        return part if re.fullmatch(r"\$?[A-Za-z]{1,3}", part) else None


def _insert_rows(ws: Worksheet, before: int, count: int) -> None:
    """Insert rows like Excel: everything at `before` and below moves down intact."""
    if count <= 0:
        return
    ws.insert_rows(before, count)
    _shift_all(ws, _RowShift(ws.title, before, count))


def _delete_rows(ws: Worksheet, first: int, count: int) -> None:
    """Delete rows like Excel: what lies below moves up intact (for chibo's own rows, which nothing refers to)."""
    if count <= 0:
        return
    last = first + count - 1
    for mcr in [m for m in ws.merged_cells.ranges if first <= m.min_row and m.max_row <= last]:
        ws.unmerge_cells(mcr.coord)
    for row in [r for r in ws.row_dimensions if first <= r <= last]:
        del ws.row_dimensions[row]
    ws.delete_rows(first, count)
    _shift_all(ws, _RowShift(ws.title, first + count, -count))


def _shift_all(ws: Worksheet, shift: _RowShift) -> None:
    """After openpyxl moved the cells: move everything it leaves behind (merges, heights, rules, names…)."""
    _shift_merges(ws, shift)
    _shift_row_dimensions(ws, shift)
    _shift_hyperlinks(ws, shift)
    for dv in ws.data_validations.dataValidation:
        dv.sqref = shift.ranges(dv.sqref)
    _shift_conditional_formats(ws, shift)
    _shift_sheet_ranges(ws, shift)
    _shift_drawings(ws, shift)
    _shift_formulas(ws.parent, shift)


def _shift_merges(ws: Worksheet, shift: _RowShift) -> None:
    ranges = list(ws.merged_cells.ranges)
    for mcr in ranges:
        moved = shift.cell_range(mcr)
        if moved.min_row != mcr.min_row:
            mcr.shift(row_shift=shift.count)
        elif moved.max_row != mcr.max_row:
            mcr.expand(down=shift.count)
            mcr.format()  # covers the inserted rows with MergedCells
    ws.merged_cells.ranges = set(ranges)  # rehash: the set holds ranges by coordinates


def _shift_row_dimensions(ws: Worksheet, shift: _RowShift) -> None:
    dims = ws.row_dimensions
    moving = sorted((r for r in dims if r >= shift.before), reverse=shift.count > 0)  # never onto a row not yet moved
    for row in moving:
        dim = dims.pop(row)
        dim.index = shift.row(row)
        dims[dim.index] = dim


def _shift_hyperlinks(ws: Worksheet, shift: _RowShift) -> None:
    for (row, _), cell in ws._cells.items():
        if row >= shift.before + shift.count and cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate


def _shift_conditional_formats(ws: Worksheet, shift: _RowShift) -> None:
    rules_by_range = ws.conditional_formatting._cf_rules
    items = list(rules_by_range.items())
    rules_by_range.clear()
    for cf, rules in items:
        cf.sqref = shift.ranges(cf.sqref)
        rules_by_range[cf] = rules


def _shift_sheet_ranges(ws: Worksheet, shift: _RowShift) -> None:
    """Autofilter, tables, print titles, print area and manual page breaks."""
    if ws.auto_filter.ref:
        ws.auto_filter.ref = shift.ref(ws.auto_filter.ref)
    for table in ws.tables.values():
        table.ref = shift.ref(table.ref)
        if table.autoFilter is not None and table.autoFilter.ref:
            table.autoFilter.ref = shift.ref(table.autoFilter.ref)
    if ws._print_rows is not None:
        ws._print_rows.min_row = shift.row(ws._print_rows.min_row)
        ws._print_rows.max_row = shift.row(ws._print_rows.max_row)
    if ws._print_area:
        ws._print_area.ranges = [shift.cell_range(cr) for cr in ws._print_area.ranges]
    for brk in ws.row_breaks.brk:
        brk.id = shift.row(brk.id + 1) - 1  # id is the 0-based first row of the next page


def _shift_drawings(ws: Worksheet, shift: _RowShift) -> None:
    for drawing in [*ws._charts, *ws._images]:
        anchor = drawing.anchor
        if isinstance(anchor, str):
            column, row = coordinate_from_string(anchor)
            drawing.anchor = f"{column}{shift.row(row)}"
            continue
        for marker in (getattr(anchor, "_from", None), getattr(anchor, "to", None)):
            if marker is not None:
                marker.row = shift.row(marker.row + 1) - 1


def _shift_formulas(book: Workbook, shift: _RowShift) -> None:
    """Every reference into the shifted rows: cell formulas, validations, rules, names."""
    for name in book.defined_names.values():
        name.attr_text = shift.formula(name.attr_text, None)
    for ws in book.worksheets:
        for name in ws.defined_names.values():
            name.attr_text = shift.formula(name.attr_text, None)
        for cell in ws._cells.values():
            _shift_cell_formula(cell, shift, ws.title)
        for dv in ws.data_validations.dataValidation:
            dv.formula1 = dv.formula1 and shift.formula(dv.formula1, ws.title)
            dv.formula2 = dv.formula2 and shift.formula(dv.formula2, ws.title)
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                rule.formula = [shift.formula(f, ws.title) for f in rule.formula]


def _shift_cell_formula(cell: XlCell, shift: _RowShift, home: str) -> None:
    if cell.data_type != "f":
        return
    value = cell._value
    if isinstance(value, ArrayFormula):
        value.text = shift.formula(value.text, home)
        if home == shift.sheet:
            value.ref = shift.ref(value.ref)
    elif isinstance(value, str):
        cell._value = shift.formula(value, home)


# --- clearing and merging -----------------------------------------------------------------


def _clear(ws: Worksheet, area: Area) -> None:
    """Empty values and formats of `area` and remove the merges lying inside it."""
    box = CellRange(min_row=area.first_row, min_col=area.first_column,
                    max_row=area.last_row, max_col=area.last_column)
    for mcr in list(ws.merged_cells.ranges):
        if mcr.issubset(box):
            ws.merged_cells.remove(mcr)
    straddling = [mcr for mcr in ws.merged_cells.ranges if not mcr.isdisjoint(box)]
    for key in [key for key in ws._cells if _inside(key, box)]:
        covered = isinstance(ws._cells[key], MergedCell) and any(_inside(key, m) for m in straddling)
        if not covered:
            del ws._cells[key]


def _inside(key: tuple[int, int], box: CellRange) -> bool:
    row, column = key
    return box.min_row <= row <= box.max_row and box.min_col <= column <= box.max_col


def _merge(ws: Worksheet, ref: str) -> None:
    """Merge `ref`, first unmerging ranges that overlap it (Excel rejects overlapping merges)."""
    target = CellRange(ref)
    if target.size == {"rows": 1, "columns": 1}:
        return
    if any(mcr.coord == target.coord for mcr in ws.merged_cells.ranges):
        return
    for mcr in list(ws.merged_cells.ranges):
        if not mcr.isdisjoint(target):
            ws.unmerge_cells(mcr.coord)
    ws.merge_cells(target.coord)


def _merged_range(ws: Worksheet, row: int, column: int) -> CellRange | None:
    if not isinstance(ws._cells.get((row, column)), MergedCell):
        return None
    return next((m for m in ws.merged_cells.ranges if _inside((row, column), m)), None)


# --- writing blocks -----------------------------------------------------------------------


def _write_block(ws: Worksheet, block: Block, styler: _Styler) -> None:
    for i, row in enumerate(block.cells):
        for j, item in enumerate(row):
            _write_cell(ws, block, (block.row + i, block.column + j), item, styler)


def _write_cell(ws: Worksheet, block: Block, key: tuple[int, int], item: Cell,
                styler: _Styler) -> None:
    """Write value, style and link (none when None); a covered cell of a merge writes to
    its anchor, or only styles itself when the block writes the anchor too."""
    row, column = key
    merged = _merged_range(ws, row, column)
    if merged is not None:
        if _block_has(block, merged.min_row, merged.min_col):
            if item.style is not None:
                styler.apply(ws._cells[key], item.style)  # edges of the merge
            return
        row, column = merged.min_row, merged.min_col
    cell = ws.cell(row, column)
    cell.hyperlink = _hyperlink(cell, item.hyperlink)
    _write_value(cell, item.value)
    if item.style is not None:
        styler.apply(cell, item.style)


def _block_has(block: Block, row: int, column: int) -> bool:
    i, j = row - block.row, column - block.column
    return 0 <= i < block.height and 0 <= j < len(block.cells[i])


def _hyperlink(cell: XlCell, location: str | None) -> Hyperlink | None:
    """An internal link (a place in this workbook), never an external target."""
    if location is None:
        return None
    return Hyperlink(ref=cell.coordinate, location=location.lstrip("#"))


def _write_value(cell: XlCell, value: Value) -> None:
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text, never a formula or an error code
        return
    if type(value) is dt.date and not is_date_format(cell.number_format):
        cell.number_format = DATE_FORMAT
    cell.value = value


# --- styles -------------------------------------------------------------------------------


class _Styler:
    """Applies CellStyles of one workbook, reusing the result for cells that start alike."""

    def __init__(self) -> None:
        self._results: dict[tuple[tuple[int, ...], CellStyle], StyleArray] = {}

    def apply(self, cell: XlCell, style: CellStyle) -> None:
        key = (tuple(cell._style or StyleArray()), style)
        result = self._results.get(key)
        if result is None:
            _apply_style(cell, style)
            self._results[key] = copy(cell._style)
        else:
            cell._style = copy(result)


def _apply_style(cell: XlCell, style: CellStyle) -> None:
    """Set the formats `style` names; the others stay as they are."""
    if style.number_format is not None:
        cell.number_format = style.number_format
    if style.fill is not None:
        cell.fill = PatternFill(fill_type="solid", fgColor=_argb(style.fill))
    font = _font_changes(style)
    if font:
        cell.font = _updated(cell.font, font)
    alignment: dict[str, object] = {k: v for k, v in (("horizontal", style.h_align), ("vertical", style.v_align),
                                   ("wrap_text", style.wrap)) if v is not None}
    if alignment:
        cell.alignment = _updated(cell.alignment, alignment)
    if style.border is not None:
        cell.border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN) if style.border else Border()


def _font_changes(style: CellStyle) -> dict[str, object]:
    changes: dict[str, object] = {}
    if style.font_color is not None:
        changes["color"] = _argb(style.font_color)
    if style.bold is not None:
        changes["b"] = style.bold
    if style.italic is not None:
        changes["i"] = style.italic
    if style.underline is not None:
        changes["u"] = "single" if style.underline else None
    if style.font_name is not None:
        changes["name"] = style.font_name
    if style.font_size is not None:
        changes["sz"] = style.font_size
    return changes


def _updated(obj: _T, changes: dict[str, object]) -> _T:
    new = copy(obj)
    for attr, value in changes.items():
        setattr(new, attr, value)
    return new


def _argb(color: str) -> str:
    match = _COLOR.fullmatch(color)
    if not match:
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    return "FF" + match[1].upper()


# --- sheet settings -----------------------------------------------------------------------


def _column_dimension(ws: Worksheet, column: int) -> ColumnDimension:
    """The dimension of exactly `column`, splitting a <col min..max> group that spans it."""
    dims = ws.column_dimensions
    for dim in list(dims.values()):
        dim.reindex()
        if dim.min <= column <= dim.max and dim.min != dim.max:
            del dims[dim.index]
            for low, high in ((dim.min, column - 1), (column, column), (column + 1, dim.max)):
                if low <= high:
                    part = copy(dim)
                    part.index, part.min, part.max = get_column_letter(low), low, high
                    dims[part.index] = part
    return dims[get_column_letter(column)]


def _set_page_setup(ws: Worksheet, setup: PageSetup) -> None:
    if setup.paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {setup.paper!r}")
    ws.page_setup.paperSize = PAPER_SIZES[setup.paper]
    ws.page_setup.orientation = "landscape" if setup.landscape else "portrait"
    top, bottom, left, right = (mm / MM_PER_INCH for mm in setup.margins_mm)
    margins = ws.page_margins
    margins.top, margins.bottom, margins.left, margins.right = top, bottom, left, right
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = setup.fit_to_width
    if setup.fit_to_width:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if setup.title_rows is not None:
        ws.print_title_rows = f"{setup.title_rows[0]}:{setup.title_rows[1]}"
    if setup.print_areas:
        ws.print_area = list(setup.print_areas)


# --- charts -------------------------------------------------------------------------------


def _put_chart(ws: Worksheet, spec: BarChart) -> None:
    """Add the chart, replacing the one already anchored at the same cell."""
    chart = _bar_chart(ws, spec)
    chart.anchor = spec.anchor
    for index, old in enumerate(ws._charts):
        if _anchor_cell(old.anchor) == spec.anchor.replace("$", "").upper():
            ws._charts[index] = chart
            return
    ws._charts.append(chart)


def _bar_chart(ws: Worksheet, spec: BarChart) -> XlBarChart:
    chart = XlBarChart()
    chart.type, chart.grouping = "col", "clustered"
    chart.title = spec.title
    sheet = quote_sheetname(ws.title)
    for column in spec.series_columns:
        values = Reference(ws, min_col=column, min_row=spec.first_row, max_row=spec.last_row)
        series = Series(values)
        title_ref = f"{sheet}!${get_column_letter(column)}${spec.header_row}"
        series.tx = SeriesLabel(strRef=StrRef(f=title_ref))
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=spec.category_column,
                                   min_row=spec.first_row, max_row=spec.last_row))
    return chart


def _anchor_cell(anchor: object) -> str | None:
    if isinstance(anchor, str):
        return anchor.replace("$", "").upper()
    marker = getattr(anchor, "_from", None)
    if marker is None:
        return None
    return f"{get_column_letter(marker.col + 1)}{marker.row + 1}"
