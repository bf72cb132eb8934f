"""Results → sheet updates for the register's output columns and the `Kiểm tra` sheet."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from addin.rules.findings import Finding, Severity
from addin.rules.procedure import planning
from addin.rules.settings import Settings
from addin.rules.timeline import Timeline, When
from addin.rules.values import format_date

from .guard import place_owned_columns
from .schema import FINDINGS, REGISTER
from .tables import Grid, Table, cell_ref, column_letter
from .titles import title_block
from .updates import DATE_FORMAT, WHOLE_SHEET, Area, Block, Cell, CellStyle, PageSetup, SheetUpdate

HEADER = CellStyle(bold=True, fill="#D9E1F2", h_align="center", v_align="center", wrap=True, border=True)
LOOKS: dict[str, CellStyle] = {
    Severity.ERROR.value: CellStyle(fill="#FFC7CE", font_color="#9C0006"),
    Severity.WARNING.value: CellStyle(fill="#FFEB9C", font_color="#9C5700"),
    Severity.INFO.value: CellStyle(fill="#DDEBF7", font_color="#1F4E78"),
    "ok": CellStyle(fill="#C6EFCE", font_color="#006100"),
    "overdue": CellStyle(fill="#FFC7CE", font_color="#9C0006", bold=True, number_format=DATE_FORMAT),
    "soon": CellStyle(fill="#FFEB9C", font_color="#9C5700", number_format=DATE_FORMAT),
    "date": CellStyle(number_format=DATE_FORMAT),
}
# The widths chibo gives its register columns; their text is wrapped to them and the rows sized to fit
# (a row needing one line keeps the height the committee gave it).
REGISTER_WIDTHS: dict[str, float] = {"stage": 18, "check_result": 45, "next_step": 40, "deadline": 12}
_WRAP = CellStyle(wrap=True)
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
MAX_SUMMARY = 250
LINE_HEIGHT = 15.75  # points per line of 11–12-pt text
# The `Kiểm tra` header chibo wrote before issue 17 (the rule id third): such a sheet is still chibo's own.
FINDINGS_TITLE = "KẾT QUẢ KIỂM TRA HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN"
FINDINGS_HEADER_ROW = 4  # under the title (row 1), the cell's name and date (row 2) and a blank row
OLD_FINDINGS_HEADER = ["STT", "Mức độ", "Mã", "Sheet", "Ô", "Họ và tên", "Nội dung", "Căn cứ"]
FINDING_WIDTHS: dict[int, float] = {1: 6, 2: 10, 3: 12, 4: 8, 5: 24, 6: 70, 7: 40, 8: 16}  # the rule id (15 characters at most), last


@lru_cache(maxsize=16384, typed=True)  # the same values come back row after row (typed: 1 and True print apart)
def wrapped_lines(text: object, width: float) -> int:
    """Printed lines a value needs in a column `width` characters wide, its text wrapped at words."""
    if text in (None, ""):
        return 1
    usable = max(int(width) - 1, 4)
    text = str(text)
    if len(text) <= usable and "\n" not in text:  # the common short value: one line, no wrapping to simulate
        return 1
    return sum(_greedy_lines(part, usable) for part in text.splitlines() or [""])


def _greedy_lines(text: str, usable: int) -> int:
    """Lines of `text` wrapped at spaces as a spreadsheet does; a word longer than a line takes whole lines."""
    lines, length = 1, 0
    for word in text.split():
        if length and length + 1 + len(word) > usable:
            lines, length = lines + 1, 0
        if length:
            length += 1 + len(word)
        else:
            extra, length = divmod(len(word), usable)
            lines += extra - (length == 0 and extra > 0)
            length = length or (usable if extra else 0)
    return lines


def located_index(f: Finding, tables: Mapping[str, Table]) -> int | None:
    """The column of a finding's cell; the name column when the sheet lacks the finding's column."""
    table = tables.get(f.sheet)
    if table is None or f.row is None:
        return None
    index = table.columns.get(f.column or "") or table.owned.get(f.column or "")
    return index or table.columns.get("name") or table.columns.get("item")


def located_column(f: Finding, tables: Mapping[str, Table]) -> str | None:
    """The column letter of a finding's cell, as `--json` reports it."""
    index = located_index(f, tables)
    return column_letter(index) if index else None


def check_summary(found: Sequence[Finding]) -> tuple[str, CellStyle]:
    """The `Kết quả kiểm tra` text of one person: "Đạt", or the counts and the first problem."""
    errors = [f for f in found if f.severity is Severity.ERROR]
    warnings = [f for f in found if f.severity is Severity.WARNING]
    if not errors and not warnings:
        return ("Đạt (có lưu ý)" if found else "Đạt"), LOOKS["ok"]
    counts = ", ".join(p for p in (f"{len(errors)} lỗi" if errors else "", f"{len(warnings)} cảnh báo" if warnings else "") if p)
    first = (errors or warnings)[0]
    text = f"{counts}: {first.message}"
    if len(text) > MAX_SUMMARY:
        text = text[: MAX_SUMMARY - 1] + "…"
    return text, LOOKS[Severity.ERROR.value if errors else Severity.WARNING.value]


def register_update(table: Table, grid: Grid, merges: Sequence[Area], timelines: Mapping[int, Timeline],
                    findings: Sequence[Finding]) -> SheetUpdate:
    """Write `Giai đoạn`, `Kết quả kiểm tra`, `Việc tiếp theo`, `Hạn` for every row of the table, and nothing else.

    The owned columns found by their exact header are reused; the missing ones go right of the
    table's true right edge, where every cell is empty (DESIGN §5).
    """
    placed = place_owned_columns(table, grid, merges, REGISTER)
    columns = placed.columns
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet == table.sheet and f.row is not None:
            by_row[f.row].append(f)
    first, last = table.header_row + 1, placed.extent.bottom
    owned = placed.areas(first)
    blocks = [Block(table.header_row, c, ((Cell(placed.headers[key], HEADER),),))
              for key, c in columns.items() if key not in placed.existing]
    lines: dict[int, int] = {}
    for key, c in columns.items():
        cells = [_wrapped(_register_cell(key, timelines.get(r), by_row.get(r, ())))  # no timeline: not a record, emptied
                 for r in range(first, last + 1)]
        for r, cell in enumerate(cells, start=first):
            lines[r] = max(lines.get(r, 1), wrapped_lines(cell.value, REGISTER_WIDTHS[key]))
        if cells:
            blocks.append(Block(first, c, tuple((cell,) for cell in cells)))
    return SheetUpdate(sheet=table.sheet, clear=owned, blocks=tuple(blocks), owned=owned,
                       column_widths={c: REGISTER_WIDTHS[key] for key, c in columns.items() if key not in placed.existing},
                       row_heights={r: LINE_HEIGHT * n for r, n in lines.items() if n > 1})


def _wrapped(cell: Cell) -> Cell:
    """An owned register cell with its text wrapped at the top of its row (issue 17 §4)."""
    return Cell(cell.value, _wrapped_style(cell.style), cell.hyperlink)


@lru_cache(maxsize=64)  # a handful of looks, thousands of cells
def _wrapped_style(style: CellStyle | None) -> CellStyle:
    return replace(style or CellStyle(), wrap=True, v_align="top")


def next_step_text(t: Timeline) -> str:
    """`Việc tiếp theo`: the timeline's next step with its planned day, or what it waits for; for an official
    member, the dates the member's record must carry (RECOG_DATE, PARTY_AGE)."""
    todo = t.next
    if todo is None:
        if t.official and t.official_from and t.party_age_from:
            return str(planning()["next_steps"]["official"]).format(official=format_date(t.official_from),
                                                                    party_age=format_date(t.party_age_from))
        return ""
    if todo.when is When.OVERDUE:
        return f"{todo.content} ({todo.note})"
    if todo.day is not None:
        return f"{todo.content} (dự kiến {format_date(todo.day)})"
    return f"{todo.content} ({todo.reason})"


def _register_cell(key: str, t: Timeline | None, found: Sequence[Finding]) -> Cell:
    if t is None:
        return Cell(None)
    if key == "stage":
        return Cell(t.state)
    if key == "check_result":
        text, look = check_summary(found)
        return Cell(text, look)
    if key == "next_step":
        return Cell(next_step_text(t) or None)
    deadline = t.next.deadline if t.next else None
    return Cell(deadline, LOOKS.get(t.status, LOOKS["date"]))


@lru_cache(maxsize=64)  # a handful of looks, thousands of cells
def _bordered(style: CellStyle | None) -> CellStyle:
    return replace(style or CellStyle(), border=True, v_align="top")


def findings_update(findings: Sequence[Finding], tables: Mapping[str, Table], sheet: str | None,
                    previous: Grid | None, settings: Settings, as_of: dt.date | None) -> SheetUpdate:
    """The whole `Kiểm tra` sheet: a title, the cell's name and the date, then one bordered row per
    finding, errors first, each linked to its cell.

    An existing sheet is chibo's when it holds chibo's headers: in row FINDINGS_HEADER_ROW under
    chibo's title, or in row 1 (written before issue 17); any other content is the user's, and the guard
    refuses to write over it. `chibo new` writes this sheet with no findings and no date (`as_of` None).
    """
    name = sheet or FINDINGS.name
    ordered = sorted(findings, key=lambda f: (_ORDER[f.severity], f.sheet, f.row or 0, f.rule))
    header = tuple(Cell(col.header, HEADER) for col in FINDINGS.owned_columns)
    rows = [header]
    for i, f in enumerate(ordered, start=1):
        index = located_index(f, tables)
        where = f"{column_letter(index)}{f.row}" if index else (str(f.row) if f.row else "")
        link = cell_ref(f.sheet, f.row, index) if index and f.row else None
        look = LOOKS[f.severity.value]
        rows.append(tuple(Cell(c.value, _bordered(c.style), c.hyperlink) for c in (
            Cell(i, CellStyle(h_align="center")), Cell(f.severity.label_vi, look), Cell(f.sheet),
            Cell(where, CellStyle(font_color="#0563C1", underline=True) if link else None, hyperlink=link),
            Cell(f.person or None, _WRAP), Cell(f.message, _WRAP), Cell(f.source or None, _WRAP),
            Cell(f.rule),
        )))
    width = len(header)
    top = FINDINGS_HEADER_ROW
    last = top + len(rows) - 1
    old_height = len(previous) if previous else 0
    old_width = max((len(r) for r in previous or ()), default=0)
    clear = (Area(1, 1, max(old_height, last), max(width, old_width)),) if old_height else ()
    return SheetUpdate(
        sheet=name,
        clear=clear,
        blocks=(title_block(FINDINGS_TITLE, settings, as_of), Block(top, 1, tuple(rows))),
        column_widths=FINDING_WIDTHS,
        row_heights={top: LINE_HEIGHT * max(wrapped_lines(c.value, FINDING_WIDTHS[i]) for i, c in enumerate(header, 1)),
                     **{r: LINE_HEIGHT * max(wrapped_lines(row[4].value, FINDING_WIDTHS[5]),
                                             wrapped_lines(row[5].value, FINDING_WIDTHS[6]),
                                             wrapped_lines(row[6].value, FINDING_WIDTHS[7]))
                        for r, row in enumerate(rows[1:], start=top + 1)}},
        freeze=f"A{top + 1}",
        autofilter=f"A{top}:{column_letter(width)}{last}",
        page_setup=PageSetup(landscape=True, margins_mm=(15, 15, 15, 15), fit_to_width=True, title_rows=(top, top),
                             print_areas=(f"A1:{column_letter(width)}{last}",)),
        owned=(WHOLE_SHEET,) if previous and _chibo_findings(previous, [c.value for c in header]) else (),
    )


def _chibo_findings(grid: Grid, header: list[object]) -> bool:
    """Whether a `Kiểm tra` grid is one chibo wrote: its headers in row 1 (before issue 17, `chibo new`),
    or under chibo's title in row FINDINGS_HEADER_ROW."""
    width = len(header)
    if list(grid[0][:width]) in (header, OLD_FINDINGS_HEADER):
        return True
    return (len(grid) >= FINDINGS_HEADER_ROW and bool(grid[0]) and grid[0][0] == FINDINGS_TITLE
            and list(grid[FINDINGS_HEADER_ROW - 1][:width]) == header)
