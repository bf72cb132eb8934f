"""The `Kế hoạch <năm>` sheet: a plan in the Party's document format (HD 36-HD/VPTW), or the
committee's own plan sheet with only chibo's task rows replaced.

Rows chibo writes into the task table are tracked by a defined name (`owned_name(year)`);
rows the committee typed stay. The signature block moves down when the body grows.
"""
from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from addin.rules.plan import PlanTask, planning, setting_number
from addin.rules.quota import QuotaRow
from addin.rules.settings import Settings
from addin.rules.values import Unreadable, format_date, parse_date
from addin.workbook.outputs import LINE_HEIGHT, wrapped_lines
from addin.workbook.schema import PLAN_TABLE, plan_sheet_name
from addin.workbook.tables import Grid, clean_value, column_letter, is_numbering, read_table
from addin.workbook.updates import WHOLE_SHEET, Area, Block, Cell, CellStyle, PageSetup, SheetUpdate, Value

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12
OVERDUE_FILL = "#F8CBAD"
TEXT_WIDTH = 72  # characters of 14-pt body text that fit the printed width of the table
HALF_WIDTH = 30  # upper-case 14-pt characters that fit one half of the header block
# Column key → width (characters) of a new plan sheet; sums to about the A4 width between margins.
WIDTHS: dict[str, float] = {"stt": 4.5, "task": 26, "subject": 13, "period": 12, "deadline": 11,
                            "owner": 10, "basis": 14, "notes": 8}
_KEYS = tuple(WIDTHS)
_HALF = 3  # columns of each half of the header block (the left one, A:C; the right one ends at the last)

_DOC = CellStyle(font_name=FONT, font_size=BODY_SIZE)
_CENTER = CellStyle(font_name=FONT, font_size=BODY_SIZE, h_align="center", v_align="center")
_BOLD_CENTER = CellStyle(font_name=FONT, font_size=BODY_SIZE, bold=True, h_align="center", v_align="center")
_HEADER = CellStyle(font_name=FONT, font_size=TABLE_SIZE, bold=True, h_align="center", v_align="center",
                    wrap=True, border=True)


PLAN_HEADER_ROWS = 80  # a plan document's header block and sections run well past the register's 15 rows


def owned_name(year: int) -> str:
    """The defined name of the task rows chibo wrote into the plan of `year`."""
    return f"chibo_ke_hoach_{year}"


# ---------------------------------------------------------------- texts

def _setting_text(settings: Settings, key: str, year: int) -> str:
    item = planning()["texts"][key]
    raw = settings.item(item["label"])
    text = str(raw).strip() if raw not in (None, "") else item["default"]
    return text.replace("{year}", str(year))


def date_line(place: str, day: dt.date) -> str:
    """"Uông Bí, ngày 05 tháng 01 năm 2027": a zero before days under 10 and months 1–2 (HD 36)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place or '……'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(plan_number: str) -> str:
    """"Số 05-KH/CB"; a blank to fill by hand when `Số kế hoạch` is empty."""
    number = plan_number.strip()
    if not number:
        return "Số       -KH/CB"
    return f"Số {number}" if "-" in number else f"Số {number}-KH/CB"


def _cell_name(settings: Settings) -> str:
    name = settings.cell_name.strip() or "Chi bộ ……"
    return (name if name.casefold().startswith("chi bộ") else f"Chi bộ {name}").upper()


def _issue_date(settings: Settings) -> dt.date:
    try:
        day = parse_date(settings.item("Ngày ban hành kế hoạch"))
    except Unreadable:
        day = None
    return day or settings.as_of or dt.date.today()


def _period(task: PlanTask, with_deadline: bool) -> str:
    span = format_date(task.end) if task.start == task.end else f"{format_date(task.start)} - {format_date(task.end)}"
    if with_deadline and task.deadline:
        span += f" (hạn chót {format_date(task.deadline)})"
    return span


def _task_values(task: PlanTask, number: int, has_deadline_column: bool) -> dict[str, object]:
    return {
        "stt": number,
        "task": task.content,
        "subject": task.person,
        "period": _period(task, not has_deadline_column),
        "deadline": format_date(task.deadline),
        "owner": task.responsible,
        "basis": task.basis,
        "notes": task.note,
    }


_ROW_STYLES = {
    (key, overdue): CellStyle(font_name=FONT, font_size=TABLE_SIZE, border=True, wrap=True, v_align="top",
                              h_align="center" if key in ("stt", "period", "deadline") else "left",
                              fill=OVERDUE_FILL if overdue else None, bold=key == "notes" and overdue)
    for key in WIDTHS for overdue in (False, True)
}


@dataclass(frozen=True)
class _Body:
    """Task rows laid out in the sheet: one row per task, tall enough for its longest cell."""

    block: Block
    heights: dict[int, float]
    height: int


def _task_body(tasks: Sequence[PlanTask], columns: dict[str, int], first_row: int, first_number: int) -> _Body:
    """One row per task over the table's columns, with a row height that fits its wrapped text."""
    low, high = min(columns.values()), max(columns.values())
    by_column = {col: key for key, col in columns.items()}
    rows: list[tuple[Cell, ...]] = []
    heights: dict[int, float] = {}
    for i, task in enumerate(tasks):
        values = _task_values(task, first_number + i, "deadline" in columns)
        lines = max(wrapped_lines(values[key], WIDTHS[key]) for key in by_column.values())
        heights[first_row + i] = lines * LINE_HEIGHT
        rows.append(tuple(
            Cell(cast(Value, values[by_column[col]]), _ROW_STYLES[(by_column[col], task.overdue)]) if col in by_column else Cell(None)
            for col in range(low, high + 1)
        ))
    return _Body(Block(first_row, low, tuple(rows)), heights, len(rows))


def _page_setup(settings: Settings, title_rows: tuple[int, int]) -> PageSetup:
    margins = planning()["settings"]["margins"]
    top, bottom, left, right = (setting_number(settings, margins[side]["label"], margins[side]["default"])
                   for side in ("top", "bottom", "left", "right"))
    return PageSetup(paper="A4", margins_mm=(top, bottom, left, right), fit_to_width=True, title_rows=title_rows)


# ---------------------------------------------------------------- a new document

@dataclass
class _Doc:
    """Rows of a new plan sheet, written top to bottom."""

    blocks: list[Block]
    merges: list[str]
    row: int = 1

    @property
    def last(self) -> str:
        return column_letter(len(_KEYS))

    def line(self, text: str, style: CellStyle = _DOC, merge: bool = False) -> None:
        self.blocks.append(Block(self.row, 1, ((Cell(text, style),),)))
        if merge:
            self.merges.append(f"A{self.row}:{self.last}{self.row}")
        self.row += 1

    def pair(self, left: str, left_style: CellStyle, right: str = "", right_style: CellStyle = _CENTER) -> None:
        """One line of the two-column header or signature block."""
        first_right = len(_KEYS) - _HALF
        self.blocks.append(Block(self.row, 1, ((Cell(left, left_style),),)))
        self.merges.append(f"A{self.row}:{column_letter(_HALF)}{self.row}")
        if right:
            self.blocks.append(Block(self.row, first_right, ((Cell(right, right_style),),)))
            self.merges.append(f"{column_letter(first_right)}{self.row}:{self.last}{self.row}")
        self.row += 1

    def paragraphs(self, text: str) -> None:
        for paragraph in text.splitlines():
            for piece in textwrap.wrap(paragraph.strip(), TEXT_WIDTH) or [""]:
                self.line(piece)

    def skip(self, n: int = 1) -> None:
        self.row += n


def _target_text(quota: QuotaRow | None, year: int) -> str:
    if quota is None or quota.target is None:
        return f"Phấn đấu kết nạp đảng viên mới năm {year} theo chỉ tiêu cấp ủy cấp trên giao."
    text = f"Phấn đấu kết nạp ít nhất {quota.target} đảng viên mới trong năm {year} (chỉ tiêu cấp ủy cấp trên giao)"
    if quota.resolution_target:
        text += f"; chỉ tiêu theo nghị quyết: {quota.resolution_target} đảng viên"
    text += (f". Hiện có {quota.in_pipeline} quần chúng trong quy trình, trong đó {quota.more_expected} người "
             f"có thể hoàn thành thủ tục kết nạp trong năm; đã kết nạp {quota.admitted}.")
    return text


def _document(year: int, tasks: Sequence[PlanTask], quota: QuotaRow | None, settings: Settings) -> SheetUpdate:
    doc = _Doc([], [])
    bold = CellStyle(font_name=FONT, font_size=BODY_SIZE, bold=True)
    superior = (settings.superior.strip() or "Đảng bộ ……").upper()
    left = [(line, _CENTER) for line in textwrap.wrap(superior, HALF_WIDTH)]
    left += [(line, _BOLD_CENTER) for line in textwrap.wrap(_cell_name(settings), HALF_WIDTH)]
    left += [("*", _CENTER), (number_line(settings.plan_number), _CENTER)]
    right = {0: ("ĐẢNG CỘNG SẢN VIỆT NAM", CellStyle(font_name=FONT, font_size=15, bold=True, underline=True,
                                                     h_align="center")),
             len(left) - 1: (date_line(settings.place, _issue_date(settings)),
                             CellStyle(font_name=FONT, font_size=BODY_SIZE, italic=True, h_align="center"))}
    for i, (text, style) in enumerate(left):
        doc.pair(text, style, *right.get(i, ("", _CENTER)))
    doc.skip()
    doc.line("KẾ HOẠCH", CellStyle(font_name=FONT, font_size=16, bold=True, h_align="center"), merge=True)
    doc.line(_setting_text(settings, "subject", year), _BOLD_CENTER, merge=True)
    doc.line("-----", _CENTER, merge=True)
    doc.skip()
    for heading, text in (("I. MỤC ĐÍCH, YÊU CẦU", _setting_text(settings, "purpose", year)),
                          ("II. CHỈ TIÊU", _target_text(quota, year))):
        doc.line(heading, bold)
        doc.paragraphs(text)
    doc.line("III. NHIỆM VỤ VÀ THỜI GIAN THỰC HIỆN", bold)
    header_row = doc.row
    headers = tuple(Cell(PLAN_TABLE.column(key).header, _HEADER) for key in _KEYS)
    doc.blocks.append(Block(header_row, 1, (headers, tuple(Cell(None, _HEADER) for _ in _KEYS))))
    doc.merges.extend(f"{column_letter(i + 1)}{header_row}:{column_letter(i + 1)}{header_row + 1}" for i in range(len(_KEYS)))
    columns = {key: i + 1 for i, key in enumerate(_KEYS)}
    first = header_row + 2
    body = _task_body(tasks, columns, first, 1)
    doc.blocks.append(body.block)
    last = first + max(body.height, 1) - 1
    doc.row = last + 2
    doc.line("IV. TỔ CHỨC THỰC HIỆN", bold)
    doc.paragraphs(_setting_text(settings, "organisation", year))
    doc.skip()
    _signature(doc, settings)
    return SheetUpdate(
        sheet=plan_sheet_name(year),
        blocks=tuple(doc.blocks),
        merges=tuple(doc.merges),
        column_widths={i + 1: WIDTHS[key] for i, key in enumerate(_KEYS)},
        row_heights=body.heights,
        page_setup=_page_setup(settings, (header_row, header_row + 1)),
        names={owned_name(year): f"A{first}:{doc.last}{last}"},
    )


def _signature(doc: _Doc, settings: Settings) -> None:
    recipients = _setting_text(settings, "recipients", 0).splitlines()
    right = ["T/M CHI BỘ", "BÍ THƯ", "", "", "", settings.secretary.strip()]
    left = ["Nơi nhận:", *recipients]
    heading = CellStyle(font_name=FONT, font_size=BODY_SIZE, underline=True, h_align="left")
    small = CellStyle(font_name=FONT, font_size=TABLE_SIZE, h_align="left")
    for i in range(max(len(left), len(right))):
        doc.pair(left[i] if i < len(left) else "", heading if i == 0 else small,
                 right[i] if i < len(right) else "", _BOLD_CENTER)


# ---------------------------------------------------------------- the committee's own sheet

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _ref_rows(ref: str | None) -> tuple[int, int] | None:
    """First and last row of an "A5:H9" reference (sheet prefix and $ allowed)."""
    if not ref:
        return None
    match = _REF.match(ref.split("!")[-1].upper())
    if not match:
        return None
    first = int(match[2])
    return first, int(match[4] or first)


def _row_empty(grid: Grid, row: int, columns: Sequence[int]) -> bool:
    line = grid[row - 1] if row - 1 < len(grid) else []
    return all(c - 1 >= len(line) or clean_value(line[c - 1]) is None for c in columns)


def _body_end(grid: Grid, start: int, columns: Sequence[int], owned: tuple[int, int] | None) -> int:
    """The last row of the task table: rows go on until the first empty one outside chibo's rows."""
    row = start - 1
    while True:
        nxt = row + 1
        inside = owned is not None and owned[0] <= nxt <= owned[1]
        if not inside and _row_empty(grid, nxt, columns):
            return row
        row = nxt


def _in_place(year: int, tasks: Sequence[PlanTask], sheet: str, grid: Grid, owned_ref: str | None) -> SheetUpdate:
    table = read_table(sheet, grid, PLAN_TABLE, header_rows=PLAN_HEADER_ROWS)
    columns = dict(table.columns)
    table_columns = sorted(columns.values())
    start = table.header_row + 1
    if start - 1 < len(grid) and is_numbering(grid[start - 1]):
        start += 1  # the "(1) (2) (3)" row under the headers of Vietnamese forms
    owned = _ref_rows(owned_ref)
    if owned is not None and owned[0] < start:
        owned = None
    end = _body_end(grid, start, table_columns, owned)
    if owned is not None:
        first, old_count = owned[0], owned[1] - owned[0] + 1
    else:
        first, old_count = end + 1, 0
    theirs_above = sum(1 for r in range(start, first) if not _row_empty(grid, r, table_columns))
    body = _task_body(tasks, columns, first, theirs_above + 1)
    new_count = max(body.height, 1)
    low, high = min(table_columns), max(table_columns)
    insert = ((first + old_count, new_count - old_count),) if new_count > old_count else ()
    delete = ((first + new_count, old_count - new_count),) if new_count < old_count else ()
    # chibo owns the rows it wrote last time, over the table's columns: the range of its defined name.
    mine = (Area(first, low, first + old_count - 1, high),) if old_count else ()
    clear = (Area(first, low, first + min(old_count, new_count) - 1, high),) if old_count else ()
    return SheetUpdate(
        sheet=sheet,
        insert_rows=insert,
        delete_rows=delete,
        clear=clear,
        owned=mine,
        blocks=(body.block,),
        row_heights=body.heights,
        names={owned_name(year): f"{column_letter(low)}{first}:{column_letter(high)}{first + new_count - 1}"},
    )


PLACEHOLDER_CELLS = 3  # a plan sheet with no more than a title and a hint in its first rows


def _is_placeholder(grid: Grid) -> bool:
    """A plan sheet holding only a title and a hint (as `chibo new` makes it): no content to keep."""
    filled = [(r, c) for r, line in enumerate(grid) for c, v in enumerate(line) if clean_value(v) is not None]
    return len(filled) <= PLACEHOLDER_CELLS and all(r < PLACEHOLDER_CELLS for r, _ in filled)


def plan_updates(year: int, tasks: Sequence[PlanTask], quota_row: QuotaRow | None, settings: Settings,
                 existing: tuple[str, Grid] | None, owned_ref: str | None) -> SheetUpdate:
    """The plan of `year`: a new HD 36 document, or chibo's rows in the committee's existing sheet.

    An existing sheet that is only a placeholder (a title, a hint) gets the whole document.
    """
    if existing is not None and _is_placeholder(existing[1]):
        sheet, grid = existing
        document = _document(year, tasks, quota_row, settings)
        width = max(len(line) for line in grid) if grid else 1
        return replace(document, sheet=sheet, clear=(Area(1, 1, max(len(grid), 1), max(width, 1)), *document.clear),
                       owned=(WHOLE_SHEET,))
    if existing is None:
        return _document(year, tasks, quota_row, settings)
    sheet, grid = existing
    return _in_place(year, tasks, sheet, grid, owned_ref)
