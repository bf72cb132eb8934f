"""The xlwings adapter: read a live workbook into grids and apply neutral sheet updates to it.

The same code runs under Windows COM (RunPython) and xlwings' remote engine. It reads values,
names and (under COM only) merged ranges once, before writing, and never reads a format, a formula or anything it wrote: the
remote engine answers reads from a snapshot and raises on every property read.

All or nothing: every update is computed before the first write, and each write records how to
undo it (values from the grids read before writing, rows, added sheets, names, added charts).
When a write fails, the undo log runs backwards, so the workbook's values, rows, sheets and names
are those of before the click; only the look of chibo's own areas (formats, widths, merges, links,
frozen panes, a replaced chart) may keep what was written.

Applied on every engine: values, clearing, row insertion, merges, number formats, fills, font
colour/bold/italic/name/size, wrap, borders, hyperlinks, column widths and formats, freeze panes,
defined names, charts, hidden sheets. Applied where the engine can, skipped elsewhere (the file front
always applies them): alignment and gridlines (COM and Office.js clients), underline, autofilter, page
setup, drop-down lists and conditional fills (COM only: xlwings has no portable call for them), charts
over non-adjacent series columns (COM only). Form buttons and VBA code names belong to a new workbook
(`chibo new`), which only the file front writes.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress

import xlwings as xw

from addin.errors import UpdateInterrupted
from addin.workbook.book import BookInput
from addin.workbook.tables import Grid, absolute, clean_value, column_letter, quote_sheet, range_bounds
from addin.workbook.updates import (
    PAGE_NUMBER_HEADER,
    PAPER_SIZES,
    Area,
    BarChart,
    Block,
    Cell,
    CellStyle,
    ConditionalFill,
    Formula,
    ListValidation,
    PageSetup,
    SheetUpdate,
    Value,
)

COM = "excel"  # xlwings' engine name for desktop Excel driven through COM (Windows)
REMOTE = "remote"
POINTS_PER_MM = 72 / 25.4
_XL_UNDERLINE = {True: 2, False: -4142}  # xlUnderlineStyleSingle, xlUnderlineStyleNone
_EDGES = ["edge_top", "edge_bottom", "edge_left", "edge_right"]
LAST_ROW = 1_048_576
_XL_VALIDATE_LIST, _XL_BETWEEN, _XL_EXPRESSION = 3, 1, 2
_XL_ALERT_STOP, _XL_ALERT_WARNING = 1, 2
_BOOLEAN_TEXT = re.compile(r"^(?:TRUE|FALSE)$", re.IGNORECASE)

Box = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based)


# --- reading ------------------------------------------------------------------------------


def read_book(book: xw.Book) -> BookInput:
    """Every worksheet's values as a grid (as `addin.files.reader` gives them), the book-scoped names,
    and the merged ranges where the engine can tell them (COM); the remote engine cannot (it raises on
    every synchronous property read), so there the guard knows the values only."""
    grids = {sheet.name: _grid(sheet) for sheet in book.sheets}
    names = {}
    for name in book.names:
        refers_to = name.refers_to
        if "!" not in name.name and refers_to:  # sheet-scoped names are "Sheet!name"
            names[name.name] = refers_to.removeprefix("=")
    merges = {sheet.name: _com_merges(sheet) for sheet in book.sheets} if book.app.engine.name == COM else None
    return BookInput(grids, names, merges)


def _grid(sheet: xw.Sheet) -> Grid:
    """The used range's values padded to start at A1, cleaned and trimmed to the last value."""
    used = sheet.used_range
    values = used.options(ndim=2, err_to_str=True).value
    rows = [[None] * (used.column - 1) + [clean_value(v) for v in row] for row in values]
    rows = [[] for _ in range(used.row - 1)] + rows
    height = max((r + 1 for r, row in enumerate(rows) if any(v is not None for v in row)), default=0)
    width = max((c + 1 for row in rows for c, v in enumerate(row) if v is not None), default=0)
    return [(row + [None] * width)[:width] for row in rows[:height]]


def _com_merges(sheet: xw.Sheet) -> tuple[Area, ...]:
    """The merged ranges of the used range through COM: one call when there is none, else one per
    row, and per cell only in rows that hold a merge (`MergeCells` is False, True or None = mixed)."""
    used = sheet.api.UsedRange
    if used.MergeCells is False:
        return ()
    found: dict[str, Area] = {}
    for r in range(1, used.Rows.Count + 1):
        line = used.Rows(r)
        if line.MergeCells is False:
            continue
        for c in range(1, used.Columns.Count + 1):
            cell = line.Cells(1, c)
            if cell.MergeCells:
                area = cell.MergeArea
                found.setdefault(area.Address, Area(area.Row, area.Column, area.Row + area.Rows.Count - 1,
                                                    area.Column + area.Columns.Count - 1))
    return tuple(found.values())


# --- writing ------------------------------------------------------------------------------


def apply_updates(book: xw.Book, updates: Iterable[SheetUpdate], before: BookInput | None = None) -> None:
    """Apply each update to its sheet (added at the end when missing); the active sheet stays active.

    `before` is the book as read before any write (read here when not given). A failed write is
    undone and raised as `UpdateInterrupted`, whose message says whether the undo was complete.
    """
    updates = list(updates)
    writer = _Writer(book, before if before is not None else read_book(book))
    try:
        for update in updates:
            writer.apply(update)
    except Exception as exc:
        raise writer.undo(exc) from exc
    if writer.moved_focus:
        writer.active.activate()


class _Shadow:
    """The values of one sheet as the writer changes them: what an undo must put back."""

    def __init__(self, grid: Grid) -> None:
        self.rows: list[list[object]] = [list(row) for row in grid]

    def get(self, top: int, left: int, bottom: int, right: int) -> list[list[object]]:
        return [[self._value(r, c) for c in range(left, right + 1)] for r in range(top, bottom + 1)]

    def put(self, top: int, left: int, matrix: Sequence[Sequence[object]]) -> None:
        for i, row in enumerate(matrix):
            r = top + i - 1
            while len(self.rows) <= r:
                self.rows.append([])
            line = self.rows[r]
            for j, value in enumerate(row):
                c = left + j - 1
                line.extend([None] * (c + 1 - len(line)))
                line[c] = value

    def insert(self, before: int, count: int) -> None:
        self.rows[before - 1:before - 1] = [[] for _ in range(count)]

    def delete(self, first: int, count: int) -> None:
        del self.rows[first - 1:first - 1 + count]

    @property
    def width(self) -> int:
        return max(map(len, self.rows), default=1) or 1

    def _value(self, row: int, column: int) -> object:
        line = self.rows[row - 1] if row - 1 < len(self.rows) else []
        return line[column - 1] if column - 1 < len(line) else None


class _Writer:
    def __init__(self, book: xw.Book, before: BookInput) -> None:
        self.book = book
        self.engine = book.app.engine.name
        self.active = book.sheets.active
        self.moved_focus = False
        self.names = dict(before.names)  # book-scoped names as they stand, without the leading "="
        self.shadows = {_fold(name): _Shadow(grid) for name, grid in before.grids.items()}
        self.journal: list[Callable[[], None]] = []  # how to undo each write, in order

    def undo(self, cause: Exception) -> UpdateInterrupted:
        """Run the journal backwards; the error to show says what happened and whether all was put back."""
        failed = 0
        for step in reversed(self.journal):
            try:
                step()
            except Exception:  # keep undoing the rest; the message says the undo was incomplete
                failed += 1
        what = f"chibo gặp lỗi khi ghi vào sổ ({type(cause).__name__}: {cause})."
        if failed == 0:
            return UpdateInterrupted(
                f"{what} chibo đã trả lại các giá trị, dòng, sheet và tên vùng như trước khi bấm nút; chỉ định dạng "
                "ở các vùng chibo ghi có thể đã đổi. Hãy sửa nguyên nhân rồi bấm lại nút.", restored=True)
        return UpdateInterrupted(
            f"{what} chibo không trả lại được hết ({failed} bước), nên sổ có thể mới được cập nhật một phần. "
            "Hãy đóng sổ mà KHÔNG lưu (Don't Save) rồi mở lại: sổ sẽ như lần lưu trước.", restored=False)

    def _set_values(self, sheet: xw.Sheet, top: int, left: int, matrix: list[list[Value]]) -> None:
        """Write a matrix of values; the journal gets the values it replaces."""
        shadow = self._shadow(sheet)
        bottom, right = top + len(matrix) - 1, left + len(matrix[0]) - 1
        target = sheet.range((top, left), (bottom, right))
        self.journal.append(functools.partial(_restore, target, shadow.get(top, left, bottom, right)))
        target.value = [[_excel_value(v) for v in row] for row in matrix]
        shadow.put(top, left, matrix)

    def _shadow(self, sheet: xw.Sheet) -> _Shadow:
        return self.shadows.setdefault(_fold(sheet.name), _Shadow([]))

    def apply(self, update: SheetUpdate) -> None:
        sheet = self._sheet(update.sheet)
        shadow = self._shadow(sheet)
        for before, count in update.insert_rows:
            if count > 0:
                rows = sheet.range(f"{before}:{before + count - 1}")
                self.journal.append(functools.partial(rows.delete, "up"))
                rows.insert("down")
                shadow.insert(before, count)
        for first, count in update.delete_rows:
            if count > 0:
                rows = sheet.range(f"{first}:{first + count - 1}")
                removed = shadow.get(first, 1, first + count - 1, shadow.width)
                self.journal.append(functools.partial(_reinsert, rows, sheet.range((first, 1), (first + count - 1, shadow.width)),
                                                      removed))
                rows.delete("up")
                shadow.delete(first, count)
        for area in update.clear:
            box = (area.first_row, area.first_column, area.last_row, area.last_column)
            previous = shadow.get(*box)
            target = sheet.range(box[:2], box[2:])
            self.journal.append(functools.partial(_restore, target, previous))
            target.clear()
            shadow.put(box[0], box[1], [[None] * len(previous[0]) for _ in previous])
        merges = [_box(ref) for ref in update.merges]
        for box, ref in zip(merges, update.merges):
            if box[:2] != box[2:]:
                target = sheet.range(ref)
                target.unmerge()  # like the file front: overlapping merges give way
                target.merge()
        written: dict[tuple[int, int], Cell] = {}
        for block in update.blocks:
            written.update(self._write_block(sheet, block, merges))
        self._format(sheet, written)
        for column, width in update.column_widths.items():
            sheet.range((1, column)).column_width = width if self.engine != REMOTE else _points(width)
        for row, height in update.row_heights.items():
            sheet.range((row, 1)).row_height = height
        if update.freeze is not None:
            self._freeze(sheet, update.freeze)
        if update.autofilter is not None and self.engine == COM:
            sheet.api.AutoFilterMode = False
            sheet.range(update.autofilter).api.AutoFilter()
        if update.page_setup is not None and self.engine == COM:
            _com_page_setup(self.book, sheet, update.page_setup)
        for column, style in update.column_styles.items():
            self._style(sheet.range((1, column), (LAST_ROW, column)), style)
        if update.validations and self.engine == COM:
            _com_validations(sheet, update.validations)
        if update.conditional_fills and self.engine == COM:
            _com_conditional_fills(sheet, update.conditional_fills)
        if update.gridlines is not None:
            with suppress(NotImplementedError):  # COM and Office.js clients only
                sheet.show_gridlines = update.gridlines
        if update.hidden:
            sheet.visible = False
        for defined, refers in update.names.items():
            self._name(defined, f"={quote_sheet(sheet.name)}!{absolute(refers)}")
        for chart in update.charts:
            self._chart(sheet, chart)

    def _name(self, defined: str, refers_to: str) -> None:
        self.journal.append(functools.partial(self._put_name_back, defined, self.names.get(defined)))
        self.book.names[defined] = refers_to
        self.names[defined] = refers_to.removeprefix("=")

    def _put_name_back(self, defined: str, old: str | None) -> None:
        if old is None:
            self.book.names[defined].delete()
        else:
            self.book.names[defined] = "=" + old

    def _sheet(self, title: str) -> xw.Sheet:
        """The sheet Excel would call `title` (case-insensitive), else a new last sheet."""
        key = _fold(title)
        for sheet in self.book.sheets:
            if _fold(sheet.name) == key:
                return sheet
        self.moved_focus = True  # Excel activates a sheet it adds
        added = self.book.sheets.add(title, after=self.book.sheets[-1])
        self.journal.append(added.delete)
        self.shadows[key] = _Shadow([])
        return added

    def _write_block(self, sheet: xw.Sheet, block: Block, merges: list[Box]) -> dict[tuple[int, int], Cell]:
        """Values as one 2-D write per run of equal-length rows; returns the cells to format."""
        cells = {(block.row + i, block.column + j): cell
                 for i, row in enumerate(block.cells) for j, cell in enumerate(row)}
        values = {key: cell.value for key, cell in cells.items()}
        for key, cell in list(cells.items()):
            anchor = _anchor(key, merges)
            if anchor is None:
                continue
            values[key] = None  # a covered cell of a merge holds no value
            if anchor not in cells:  # the file front writes it to the merge's anchor instead
                values[anchor] = cell.value
                cells[anchor] = cell
                del cells[key]
        for first, last, width in _runs(block):
            self._set_values(sheet, first, block.column, [[values[(r, c)] for c in range(block.column, block.column + width)]
                                                          for r in range(first, last + 1)])
        for key in values.keys() - _block_keys(block):
            self._set_values(sheet, *key, [[values[key]]])
        return cells

    def _format(self, sheet: xw.Sheet, cells: dict[tuple[int, int], Cell]) -> None:
        """Styles grouped into as few rectangles as possible, then hyperlinks."""
        by_style: dict[CellStyle, list[tuple[int, int]]] = defaultdict(list)
        for key, cell in cells.items():
            if cell.style is not None:
                by_style[cell.style].append(key)
        for style, keys in by_style.items():
            for top, left, bottom, right in _rectangles(keys):
                self._style(sheet.range((top, left), (bottom, right)), style)
        for key, cell in cells.items():
            if cell.hyperlink is not None:
                target = cell.hyperlink.lstrip("#")
                sheet.range(key).add_hyperlink("#" + target, _link_text(cell), f"Đến ô {target}")

    def _style(self, rng: xw.Range, style: CellStyle) -> None:
        if style.number_format is not None:
            rng.number_format = style.number_format
        if style.fill is not None:
            rng.color = style.fill
        font = rng.font
        for attribute, value in (("color", style.font_color), ("bold", style.bold), ("italic", style.italic),
                                 ("name", style.font_name), ("size", style.font_size)):
            if value is not None:
                setattr(font, attribute, value)
        if style.underline is not None and self.engine == COM:
            rng.api.Font.Underline = _XL_UNDERLINE[style.underline]
        for attribute, value in (("horizontal_alignment", style.h_align), ("vertical_alignment", style.v_align)):
            if value is not None:
                with suppress(NotImplementedError):  # only COM and Office.js clients align
                    setattr(rng, attribute, value)
        if style.wrap is not None:
            rng.wrap_text = style.wrap
        if style.border is not None:
            rows, columns = rng.shape
            sides = [*_EDGES, *["inside_vertical"] * (columns > 1), *["inside_horizontal"] * (rows > 1)]
            if style.border:  # thin on every side of every cell
                rng.borders.set(sides, line_style="continuous", weight="thin")
            else:
                rng.borders.clear(sides + ["diagonal_down", "diagonal_up"])

    def _freeze(self, sheet: xw.Sheet, top_left: str) -> None:
        """Freeze the rows above and the columns left of `top_left` ("A1" unfreezes)."""
        row, column = _cell(top_left)
        if self.engine != COM:
            if (row, column) == (1, 1):
                sheet.freeze_panes.unfreeze()
            else:
                sheet.freeze_panes.freeze_at(_frozen_cells(row, column))
            return
        # xlwings' COM engine has no freeze panes: Excel freezes the active window.
        sheet.activate()
        self.moved_focus = True
        window = self.book.app.api.ActiveWindow
        window.FreezePanes = False
        window.ScrollRow, window.ScrollColumn = 1, 1
        window.SplitRow, window.SplitColumn = row - 1, column - 1
        window.FreezePanes = (row, column) != (1, 1)

    def _chart(self, sheet: xw.Sheet, spec: BarChart) -> None:
        """A clustered column chart named `spec.name`, replacing the one of that name."""
        series = _series_address(spec)
        if "," in series and self.engine != COM:
            return
        if spec.name in sheet.charts:
            sheet.charts[spec.name].delete()
        chart = sheet.charts.add(name=spec.name, anchor=sheet.range(spec.anchor))
        self.journal.append(chart.delete)
        chart.set_source_data(sheet.range(series), plot_by="columns")
        chart.chart_type = "column_clustered"
        chart.set_x_axis_values(sheet.range((spec.first_row, spec.category_column),
                                            (spec.last_row, spec.category_column)))
        chart.title = spec.title
        if self.engine == COM and (spec.value_unit or spec.value_format):
            axis = chart.api[1].Axes(2)  # xlValue
            if spec.value_unit:
                axis.MinimumScale, axis.MajorUnit = 0, spec.value_unit
            if spec.value_format:
                axis.TickLabels.NumberFormat = spec.value_format


def _com_validations(sheet: xw.Sheet, rules: Sequence[ListValidation]) -> None:
    """Drop-down lists through Excel's Validation object (xlwings has no call for them)."""
    for rule in rules:
        validation = sheet.range(rule.ref).api.Validation
        validation.Delete()
        validation.Add(Type=_XL_VALIDATE_LIST, AlertStyle=_XL_ALERT_WARNING if rule.error_message else _XL_ALERT_STOP,
                       Operator=_XL_BETWEEN, Formula1=f"={rule.source}")
        validation.IgnoreBlank = True
        validation.InCellDropdown = True
        if rule.prompt:
            validation.InputMessage = rule.prompt
        if rule.error_message:
            validation.ErrorTitle = rule.error_title or ""
            validation.ErrorMessage = rule.error_message


def _com_conditional_fills(sheet: xw.Sheet, rules: Sequence[ConditionalFill]) -> None:
    """Formula rules through Excel's FormatConditions (xlwings has no call for them); a range's old rules go first."""
    for ref in dict.fromkeys(rule.ref for rule in rules):
        sheet.range(ref).api.FormatConditions.Delete()
    for rule in rules:
        condition = sheet.range(rule.ref).api.FormatConditions.Add(Type=_XL_EXPRESSION, Formula1=f"={rule.formula}")
        if rule.style.fill is not None:
            condition.Interior.Color = _com_color(rule.style.fill)
        if rule.style.font_color is not None:
            condition.Font.Color = _com_color(rule.style.font_color)
        if rule.style.bold is not None:
            condition.Font.Bold = rule.style.bold
        condition.StopIfTrue = rule.stop


def _com_color(color: str) -> int:
    """"#RRGGBB" as Excel's colour number (BGR)."""
    value = int(color.lstrip("#"), 16)
    return (value & 0xFF) << 16 | (value & 0xFF00) | value >> 16


def _com_page_setup(book: xw.Book, sheet: xw.Sheet, setup: PageSetup) -> None:
    """Paper, orientation, margins, fit to width, title rows, print areas and page numbers through Excel's PageSetup object."""
    if setup.paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {setup.paper!r}")
    app = book.app.api
    app.PrintCommunication = False  # one round-trip to the printer driver instead of one per property
    try:
        page = sheet.api.PageSetup
        page.PaperSize = PAPER_SIZES[setup.paper]
        page.Orientation = 2 if setup.landscape else 1  # xlLandscape, xlPortrait
        top, bottom, left, right = (mm * POINTS_PER_MM for mm in setup.margins_mm)
        page.TopMargin, page.BottomMargin, page.LeftMargin, page.RightMargin = top, bottom, left, right
        if setup.fit_to_width:
            page.Zoom = False
            page.FitToPagesWide, page.FitToPagesTall = 1, False
        if setup.title_rows is not None:
            page.PrintTitleRows = f"${setup.title_rows[0]}:${setup.title_rows[1]}"
        if setup.print_areas:
            page.PrintArea = ",".join(absolute(ref) for ref in setup.print_areas)
        if setup.page_numbers:  # from the second page: the first page has its own, empty, header
            page.DifferentFirstPageHeaderFooter = True
            page.CenterHeader = PAGE_NUMBER_HEADER.removeprefix("&C")
            page.FirstPage.CenterHeader.Text = ""
    finally:
        app.PrintCommunication = True


# --- values and shapes --------------------------------------------------------------------


def _excel_value(value: Value) -> None | str | int | float | bool | dt.date:
    """A value as Excel must receive it; text that Excel would parse (a formula, a number,
    TRUE) gets the leading apostrophe that makes it text, which Excel does not store. Only a
    `Formula` chibo built is sent as a formula."""
    if isinstance(value, Formula):
        return "=" + value.text
    if isinstance(value, str) and value and (not value[0].isalpha() or _BOOLEAN_TEXT.match(value)):
        return "'" + value
    return value


def _restore(target: xw.Range, previous: list[list[object]]) -> None:
    """Put back the values a write replaced (an empty cell gets its value cleared)."""
    target.value = [[_excel_value(v) for v in row] for row in previous]  # type: ignore[arg-type]


def _reinsert(rows: xw.Range, cells: xw.Range, previous: list[list[object]]) -> None:
    """Undo a row deletion: insert the rows again and put their values back."""
    rows.insert("down")
    if any(v is not None for row in previous for v in row):
        _restore(cells, previous)


def _link_text(cell: Cell) -> str:
    return (cell.hyperlink or "") if cell.value is None else str(cell.value)


def _runs(block: Block) -> Iterator[tuple[int, int, int]]:
    """(first row, last row, width) of each run of consecutive block rows of equal length."""
    start = 0
    for i in range(1, len(block.cells) + 1):
        if i == len(block.cells) or len(block.cells[i]) != len(block.cells[start]):
            if block.cells[start]:
                yield block.row + start, block.row + i - 1, len(block.cells[start])
            start = i


def _block_keys(block: Block) -> set[tuple[int, int]]:
    return {(block.row + i, block.column + j) for i, row in enumerate(block.cells) for j in range(len(row))}


def _rectangles(keys: Iterable[tuple[int, int]]) -> list[Box]:
    """Cover the cells with few rectangles: runs along each row, stacked when they line up."""
    columns_by_row: dict[int, list[int]] = defaultdict(list)
    for row, column in sorted(keys):
        columns_by_row[row].append(column)
    done: list[Box] = []
    growing: dict[tuple[int, int], list[int]] = {}  # (left, right) → [top, bottom]
    for row, columns in columns_by_row.items():
        runs = []
        start = previous = columns[0]
        for column in columns[1:]:
            if column != previous + 1:
                runs.append((start, previous))
                start = column
            previous = column
        runs.append((start, previous))
        for span in runs:
            rows = growing.get(span)
            if rows is not None and rows[1] == row - 1:
                rows[1] = row
                continue
            if rows is not None:
                done.append((rows[0], span[0], rows[1], span[1]))
            growing[span] = [row, row]
    done.extend((rows[0], span[0], rows[1], span[1]) for span, rows in growing.items())
    return done


def _box(ref: str) -> Box:
    return range_bounds(ref)


def _anchor(key: tuple[int, int], merges: list[Box]) -> tuple[int, int] | None:
    """The top-left cell of the merge covering `key` when `key` is not that cell itself."""
    row, column = key
    for top, left, bottom, right in merges:
        if top <= row <= bottom and left <= column <= right and (row, column) != (top, left):
            return top, left
    return None


def _cell(ref: str) -> tuple[int, int]:
    row, column, _, _ = range_bounds(ref)
    return row, column


def _frozen_cells(row: int, column: int) -> str:
    """The cells that stay in view when the scrolling pane starts at (row, column)."""
    if column == 1:
        return f"1:{row - 1}"
    if row == 1:
        return f"A:{column_letter(column - 1)}"
    return f"A1:{column_letter(column - 1)}{row - 1}"


def _series_address(spec: BarChart) -> str:
    """The series columns from the header row down; one area when they are adjacent."""
    columns = sorted(spec.series_columns)
    if columns == list(range(columns[0], columns[-1] + 1)):
        spans = [(columns[0], columns[-1])]
    else:
        spans = [(c, c) for c in columns]
    return ",".join(f"{column_letter(a)}{spec.header_row}:{column_letter(b)}{spec.last_row}"
                    for a, b in spans)


def _points(width: float) -> float:
    """A column width in characters of the default font (Calibri 11: 7 px) as points."""
    return round((width * 7 + 5) * 0.75, 2)


def _fold(title: str) -> str:
    return unicodedata.normalize("NFC", title).casefold()
