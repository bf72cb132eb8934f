"""Neutral sheet updates: what to write where, applied alike by the file and the Excel fronts.

Rows and columns are 1-based, as Excel shows them. A value is None, str, int, float,
bool, datetime.date or a `Formula`; a str is always written as text, never as a formula: only a
`Formula`, which chibo's own code builds (a report's totals), is written as one.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Formula:
    """A formula chibo builds (never a user's text), e.g. a total: "SUM(D4:D5)", without the "=".
    `cached` is its value as computed when written, shown by clients that do not recalculate."""

    text: str
    cached: None | str | int | float | bool = None


Value = None | str | int | float | bool | dt.date | Formula


def sheet_key(title: str) -> str:
    """A sheet name as Excel compares names (case-insensitively): both writers add a sheet only when none matches."""
    return unicodedata.normalize("NFC", title).casefold()


@dataclass(frozen=True)
class CellStyle:
    """Formats to set on a cell; None leaves that format as it is."""

    number_format: str | None = None
    fill: str | None = None  # "#RRGGBB"
    font_color: str | None = None  # "#RRGGBB"
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    font_name: str | None = None
    font_size: float | None = None
    h_align: str | None = None  # "left" | "center" | "right"
    v_align: str | None = None  # "top" | "center" | "bottom"
    wrap: bool | None = None
    border: bool | None = None  # thin border on all four sides


@dataclass(frozen=True)
class Cell:
    value: Value
    style: CellStyle | None = None
    hyperlink: str | None = None  # internal target, e.g. "'Theo dõi'!C7"


@dataclass(frozen=True)
class Block:
    """A rectangle of cells whose top-left corner is (row, column)."""

    row: int
    column: int
    cells: tuple[tuple[Cell, ...], ...]

    @property
    def height(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.cells), default=0)


@dataclass(frozen=True)
class Area:
    """A rectangle of cells: one to empty (values and formats) before the blocks are written,
    one chibo owns, or a merged range read from a sheet."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    def holds(self, row: int, column: int) -> bool:
        return self.first_row <= row <= self.last_row and self.first_column <= column <= self.last_column

    def within(self, others: Sequence[Area]) -> bool:
        """True when one of `others` holds the whole of this rectangle."""
        return any(o.first_row <= self.first_row and self.last_row <= o.last_row and
                   o.first_column <= self.first_column and self.last_column <= o.last_column for o in others)


WHOLE_SHEET = Area(1, 1, 1_048_576, 16_384)  # every cell of a worksheet


FONT = "Times New Roman"  # the font of the Party's documents (HD 36-HD/VPTW) and of every sheet chibo prints
DATE_FORMAT = "dd/mm/yyyy"  # how chibo shows a date in a cell
PAPER_SIZES = {"A4": 9, "A3": 8, "A5": 11, "Letter": 1}  # OOXML paperSize = Excel's XlPaperSize
PAGE_NUMBER_HEADER = f'&C&"{FONT},Regular"&13&P'  # Excel's header codes: centre, font, size, page


@dataclass(frozen=True)
class PageSetup:
    paper: str = "A4"
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    fit_to_width: bool = True
    title_rows: tuple[int, int] | None = None  # rows repeated at the top of every page
    print_areas: tuple[str, ...] = ()  # "A1:M4", "O1:Z20": the ranges printed, each from a new page
    # The page number at the top centre of every page but the first (HD 36-HD/VPTW): the header `&C&P`
    # with a different, empty, first-page header.
    page_numbers: bool = False


@dataclass(frozen=True)
class BarChart:
    """A clustered column chart over a table of this sheet (one category column, series columns)."""

    title: str
    header_row: int
    first_row: int
    last_row: int
    category_column: int
    series_columns: tuple[int, ...]
    anchor: str  # top-left cell of the chart, e.g. "N2"
    name: str = "chibo_chart"
    value_unit: float | None = None  # the value axis's major unit (1: whole steps); None: the client's choice
    value_format: str | None = None  # the value axis's number format ("0"); None: as the data


@dataclass(frozen=True)
class ListValidation:
    """A drop-down list on the cells of `ref` ("B2:B1000"), its items those of the defined name `source`."""

    ref: str
    source: str  # a defined name of the workbook, e.g. "DM_CO_KHONG" (never a cross-sheet reference)
    prompt: str | None = None  # shown when a cell is selected
    error_title: str | None = None  # with error_message: a warning (the user may keep another value)
    error_message: str | None = None


@dataclass(frozen=True)
class ConditionalFill:
    """Cells of `ref` take the look `style` (fill, font colour, bold) while `formula` is TRUE; `formula` is
    written for the top-left cell of `ref` (relative references move with each cell) and is chibo's own."""

    ref: str
    formula: str  # without "=", e.g. "AND(ISNUMBER($X2),$X2<TODAY())"
    style: CellStyle
    stop: bool = False  # when TRUE, the rules after this one are not evaluated


@dataclass(frozen=True)
class MacroButton:
    """A form button at the top-left of cell (row, column) that runs the workbook's VBA macro `macro`."""

    caption: str
    macro: str
    row: int
    column: int
    width_px: int = 150
    height_px: int = 34
    offset_px: tuple[int, int] = (2, 4)  # right of and below the cell's corner


@dataclass(frozen=True)
class SheetUpdate:
    """Everything one run writes to one sheet; the sheet is created when missing."""

    sheet: str
    clear: tuple[Area, ...] = ()
    blocks: tuple[Block, ...] = ()
    insert_rows: tuple[tuple[int, int], ...] = ()  # (before_row, count), applied first
    delete_rows: tuple[tuple[int, int], ...] = ()  # (first_row, count) of rows chibo wrote; applied next
    merges: tuple[str, ...] = ()  # "A1:C1"
    column_widths: dict[int, float] = field(default_factory=dict)
    row_heights: dict[int, float] = field(default_factory=dict)  # points, e.g. for wrapped text
    freeze: str | None = None  # top-left cell of the scrolling pane, e.g. "A2"
    autofilter: str | None = None  # "A1:H20"
    page_setup: PageSetup | None = None
    names: dict[str, str] = field(default_factory=dict)  # defined name -> "A5:H9" on this sheet
    charts: tuple[BarChart, ...] = ()
    # The cells of the existing sheet chibo owns and may overwrite (rows as before any insert or
    # delete); every other target cell must be empty and outside any merged range (addin.workbook.guard).
    owned: tuple[Area, ...] = ()
    column_styles: dict[int, CellStyle] = field(default_factory=dict)  # the format of a whole column's empty cells
    validations: tuple[ListValidation, ...] = ()  # replace the sheet's validations of the same ranges
    conditional_fills: tuple[ConditionalFill, ...] = ()  # replace the sheet's rules of the same ranges
    gridlines: bool | None = None  # False hides the grid on screen
    hidden: bool = False  # a sheet the committee neither sees nor prints (xlwings.conf)
    buttons: tuple[MacroButton, ...] = ()  # on a sheet chibo creates (the file front only: a new workbook)
    code_name: str | None = None  # the sheet's VBA code name, matching a document module of the VBA project
