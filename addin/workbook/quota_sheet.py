"""The `Chỉ tiêu` sheet: chibo's owned columns beside the committee's targets, a chart of target
against admitted by year, and a small table of days in the current stage per person.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from addin.rules.quota import AT_RISK, LIKELY, MISSED, REACHED, QuotaRow, StageTime, YearTarget
from addin.rules.settings import Settings
from addin.rules.values import Unreadable, format_date, parse_count
from addin.workbook.guard import OwnedColumns, place_owned_columns
from addin.workbook.schema import QUOTA
from addin.workbook.tables import HEADER_BAND, Grid, Table, clean_value, column_letter, ref_box
from addin.workbook.titles import TITLE_ROWS, title_block
from addin.workbook.updates import DATE_FORMAT, Area, BarChart, Block, Cell, CellStyle, PageSetup, SheetUpdate

STAGES_NAME = "chibo_giai_doan"
CHART_TITLE = "Chỉ tiêu và kết quả kết nạp đảng viên"  # also how the fidelity guard knows the chart is ours
CHART_ROWS = 16  # rows the chart covers (7.5 cm)
CHART_COLUMNS = 9  # columns the chart covers (15 cm), each CHART_COLUMN_WIDTH wide; the days-in-stage table is right of it
CHART_COLUMN_WIDTH = 10.0
STAGE_GAP = HEADER_BAND + 1  # rows between the table's header and the days-in-stage table, never read as sub-headers
STAGE_HEADERS = ("STT", "Họ và tên", "Giai đoạn", "Từ ngày", "Số ngày", "Ghi chú")
STALE_NOTE = "Quá lâu, cần xem lại"
QUOTA_TITLE = "CHỈ TIÊU VÀ KẾT QUẢ KẾT NẠP ĐẢNG VIÊN"
NEW_HEADER_ROW = TITLE_ROWS + 2  # a new table's header: under the title lines and a blank row
DATE_WIDTH = 12.0  # dd/mm/yyyy without ###
MIN_WIDTH = 8.0
_HEADER = CellStyle(bold=True, wrap=True, h_align="center", v_align="center", border=True, fill="#DDEBF7")
_NUMBER = CellStyle(border=True, h_align="center")
_PERCENT = CellStyle(number_format="0%", border=True, h_align="center")
_DATE = CellStyle(number_format=DATE_FORMAT, border=True, h_align="center")
_ASSESSMENT_FILL = {REACHED: "#C6EFCE", LIKELY: "#FFEB9C", AT_RISK: "#FFC7CE", MISSED: "#FFC7CE"}


def _number(raw: object) -> int | None:
    try:
        return parse_count(raw)
    except Unreadable:
        return None


def read_targets(table: Table) -> list[YearTarget]:
    """The target rows of `Chỉ tiêu` (rows whose year cannot be read are left out)."""
    found = []
    for line in table.rows:
        year = _number(line.values.get("year"))
        if year is not None:
            found.append(YearTarget(year, _number(line.values.get("target")),
                                    _number(line.values.get("resolution_target")), line.row))
    return found


def _owned_values(q: QuotaRow) -> dict[str, Cell]:
    fill = _ASSESSMENT_FILL.get(q.assessment)
    return {
        "admitted": Cell(q.admitted, _NUMBER),
        "rate": Cell(q.rate, _PERCENT),
        "resolution_rate": Cell(q.resolution_rate, _PERCENT),
        "in_pipeline": Cell(q.in_pipeline, _NUMBER),
        "more_expected": Cell(q.more_expected, _NUMBER),
        "projected": Cell(q.projected, _NUMBER),
        "probationary": Cell(q.probationary, _NUMBER),
        "recognised": Cell(q.recognised, _NUMBER),
        "overdue": Cell(q.overdue, _NUMBER),
        "assessment": Cell(q.assessment, CellStyle(border=True, fill=fill)),
    }


def _layout(table: Table | None, grid: Grid, merges: Sequence[Area]) -> tuple[int, dict[str, int], OwnedColumns | None]:
    """Header row, user columns and where the owned columns are (None: a new table under the title)."""
    if table is None:
        return NEW_HEADER_ROW, {c.key: i for i, c in enumerate(QUOTA.all_columns, start=1) if c in QUOTA.columns}, None
    return table.header_row, dict(table.columns), place_owned_columns(table, grid, merges, QUOTA)


def _stage_block(stages: Sequence[StageTime], row: int, column: int, as_of: dt.date) -> Block:
    title = Cell(f"Thời gian ở giai đoạn hiện tại (tính đến ngày {format_date(as_of)})", CellStyle(bold=True))
    headers = tuple(Cell(h, _HEADER) for h in STAGE_HEADERS)
    lines = [(title,), headers]
    for i, s in enumerate(stages, 1):
        warn = CellStyle(border=True, fill="#FFC7CE" if s.stale else None)
        lines.append((Cell(i, _NUMBER), Cell(s.name, warn), Cell(s.state, warn), Cell(s.since, _DATE),
                      Cell(s.days, _NUMBER), Cell(STALE_NOTE if s.stale else "", warn)))
    return Block(row, column, tuple(lines))


def _fit(header: str, values: Sequence[object] = ()) -> float:
    """A column width from its content: the header on at most two lines, every value on one."""
    longest = max((len(str(v)) for v in values if v not in (None, "")), default=0)
    return max(MIN_WIDTH, -(-len(header) // 2) + 2, longest + 2)


def _stage_widths(stages: Sequence[StageTime]) -> tuple[float, ...]:
    """Widths of the days-in-stage table's columns: full names and stages, dates without ###."""
    return (5.0, _fit(STAGE_HEADERS[1], [s.name for s in stages]), _fit(STAGE_HEADERS[2], [s.state for s in stages]),
            DATE_WIDTH, _fit(STAGE_HEADERS[4]), _fit(STAGE_HEADERS[5], [STALE_NOTE] if any(s.stale for s in stages) else []))


def _owned_widths(owned: dict[str, int], rows: Sequence[QuotaRow]) -> dict[int, float]:
    """The owned columns' widths from their headers and the values written under them."""
    values = [_owned_values(q) for q in rows]
    return {column: _fit(QUOTA.column(key).header, [_shown(v[key].value) for v in values]) for key, column in owned.items()}


def _shown(value: object) -> object:
    return f"{value:.0%}" if isinstance(value, float) else value


def _title_room(table: Table | None, grid: Grid, merges: Sequence[Area]) -> tuple[bool, tuple[Area, ...]]:
    """Whether the title lines go in A1:A2, and the area of an earlier title to rewrite. A new table
    has them; an existing one when its header starts at row TITLE_ROWS + 1 or lower and A1, A2 are
    empty, unmerged, or hold chibo's title (a table from row 1, as chibo wrote it before issue 17,
    keeps its place and goes untitled)."""
    if table is None:
        return True, ()
    if table.header_top <= TITLE_ROWS or any(m.holds(r, 1) for m in merges for r in range(1, TITLE_ROWS + 1)):
        return False, ()
    first = [clean_value(grid[r][0]) if r < len(grid) and grid[r] else None for r in range(TITLE_ROWS)]
    if first[0] == QUOTA_TITLE:
        return True, (Area(1, 1, TITLE_ROWS, 1),)
    return all(v is None for v in first), ()


def quota_updates(table: Table | None, rows: Sequence[QuotaRow], sheet_name: str = QUOTA.name,
                  stages: Sequence[StageTime] = (), as_of: dt.date | None = None,
                  stages_ref: str | None = None, grid: Grid | None = None, merges: Sequence[Area] = (),
                  settings: Settings | None = None) -> SheetUpdate:
    """Owned columns of `Chỉ tiêu` (headers too), the title, the chart, and the days-in-stage table.

    `stages_ref` is the current ref of the `chibo_giai_doan` name, cleared before rewriting;
    `grid` and `merges` are the sheet's, to place missing owned columns right of the table.
    The title lines (the cell's name from `settings`, the date `as_of`) go above the table where there is room.
    """
    header_row, user, placed = _layout(table, grid or [], merges)
    keys = [c.key for c in QUOTA.all_columns]
    owned = placed.columns if placed else {c.key: keys.index(c.key) + 1 for c in QUOTA.owned_columns}
    present = placed.existing if placed else {}
    blocks: list[Block] = []
    for column in QUOTA.all_columns:
        if table is None or (column.key in owned and column.key not in present):
            position = owned.get(column.key) or user[column.key]
            header = placed.headers[column.key] if placed and column.key in placed.headers else column.header
            blocks.append(Block(header_row, position, ((Cell(header, _HEADER),),)))
    by_year = {r.year: r for r in rows}
    written = []
    for i, q in enumerate(rows):
        row = q.row if table is not None and q.row else header_row + 1 + i
        if table is None:
            for key, value in (("year", q.year), ("target", q.target), ("resolution_target", q.resolution_target)):
                blocks.append(Block(row, user[key], ((Cell(value, _NUMBER),),)))
        for key, cell in _owned_values(by_year[q.year]).items():
            blocks.append(Block(row, owned[key], ((cell,),)))
        written.append(row)
    right = max([*owned.values(), *user.values()])
    chart_column = right + 2
    charts: tuple[BarChart, ...] = ()
    if written:
        charts = (BarChart(CHART_TITLE, header_row, min(written), max(written),
                           user["year"], (user["target"], owned["admitted"]),
                           f"{column_letter(chart_column)}{header_row}", name="chibo_chi_tieu",
                           value_unit=1, value_format="0"),)  # people: 0, 1, 2, never 0.5
    clear: tuple[Area, ...] = ()
    if stages_ref and (box := ref_box(stages_ref)):
        clear = (Area(*box),)
    titled, old_title = _title_room(table, grid or [], merges)
    if titled and settings is not None and as_of is not None:
        blocks.append(title_block(QUOTA_TITLE, settings, as_of))
        clear = (*clear, *old_title)
    widths = _owned_widths(owned, rows)
    widths.update({chart_column + i: CHART_COLUMN_WIDTH for i in range(CHART_COLUMNS)})
    names = {}
    stage_column, right_bottom = chart_column + CHART_COLUMNS, header_row + CHART_ROWS - 1
    if stages and as_of is not None:
        top = header_row + STAGE_GAP
        blocks.append(_stage_block(stages, top, stage_column, as_of))
        last = top + len(stages) + 1
        names[STAGES_NAME] = f"{column_letter(stage_column)}{top}:{column_letter(stage_column + 5)}{last}"
        widths.update({stage_column + i: w for i, w in enumerate(_stage_widths(stages))})
        right_bottom = max(right_bottom, last)
    right_edge = stage_column + len(STAGE_HEADERS) - 1 if names else chart_column + CHART_COLUMNS - 1
    bottom = max([header_row, *written])
    # Printed landscape: the targets table first, then the chart and the days-in-stage table from a new page.
    areas = (f"A1:{column_letter(right)}{bottom}", f"{column_letter(chart_column)}{header_row}:"
             f"{column_letter(right_edge)}{right_bottom}")
    return SheetUpdate(
        sheet=sheet_name,
        clear=clear,
        blocks=tuple(blocks),
        column_widths=widths,
        charts=charts,
        names=names,
        owned=(*(placed.areas(header_row + 1) if placed else ()), *clear),
        page_setup=PageSetup(landscape=True, margins_mm=(15, 15, 15, 15), fit_to_width=True, print_areas=areas),
    )
