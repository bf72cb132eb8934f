"""The `Chỉ tiêu` sheet: chibo's owned columns beside the committee's targets, a chart of target
against admitted by year, and a small table of days in the current stage per person.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from addin.rules.quota import AT_RISK, LIKELY, MISSED, REACHED, QuotaRow, StageTime, YearTarget
from addin.rules.values import Unreadable, format_date, parse_count
from addin.workbook.guard import OwnedColumns, place_owned_columns
from addin.workbook.schema import QUOTA
from addin.workbook.tables import Grid, Table, column_letter, ref_box
from addin.workbook.updates import Area, BarChart, Block, Cell, CellStyle, SheetUpdate

STAGES_NAME = "chibo_giai_doan"
CHART_TITLE = "Chỉ tiêu và kết quả kết nạp đảng viên"  # also how the fidelity guard knows the chart is ours
CHART_ROWS = 18  # rows the chart covers; the days-in-stage table starts below it
_HEADER = CellStyle(bold=True, wrap=True, h_align="center", v_align="center", border=True, fill="#DDEBF7")
_NUMBER = CellStyle(border=True, h_align="center")
_PERCENT = CellStyle(number_format="0%", border=True, h_align="center")
_DATE = CellStyle(number_format="dd/mm/yyyy", border=True, h_align="center")
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
    """Header row, user columns and where the owned columns are (None: a new table from A1)."""
    if table is None:
        return 1, {c.key: i for i, c in enumerate(QUOTA.all_columns, start=1) if c in QUOTA.columns}, None
    return table.header_row, dict(table.columns), place_owned_columns(table, grid, merges, QUOTA)


def _stage_block(stages: Sequence[StageTime], row: int, column: int, as_of: dt.date) -> Block:
    title = Cell(f"Thời gian ở giai đoạn hiện tại (tính đến ngày {format_date(as_of)})", CellStyle(bold=True))
    headers = tuple(Cell(h, _HEADER) for h in ("STT", "Họ và tên", "Giai đoạn", "Từ ngày", "Số ngày", "Ghi chú"))
    lines = [(title,), headers]
    for i, s in enumerate(stages, 1):
        warn = CellStyle(border=True, fill="#FFC7CE" if s.stale else None)
        lines.append((Cell(i, _NUMBER), Cell(s.name, warn), Cell(s.stage.label, warn), Cell(s.since, _DATE),
                      Cell(s.days, _NUMBER), Cell("Quá lâu, cần đôn đốc" if s.stale else "", warn)))
    return Block(row, column, tuple(lines))


def quota_updates(table: Table | None, rows: Sequence[QuotaRow], sheet_name: str = QUOTA.name,
                  stages: Sequence[StageTime] = (), as_of: dt.date | None = None,
                  stages_ref: str | None = None, grid: Grid | None = None, merges: Sequence[Area] = ()) -> SheetUpdate:
    """Owned columns of `Chỉ tiêu` (headers too), the chart, and the days-in-stage table.

    `stages_ref` is the current ref of the `chibo_giai_doan` name, cleared before rewriting;
    `grid` and `merges` are the sheet's, to place missing owned columns right of the table.
    """
    header_row, user, placed = _layout(table, grid or [], merges)
    keys = [c.key for c in QUOTA.all_columns]
    owned = placed.columns if placed else {c.key: keys.index(c.key) + 1 for c in QUOTA.owned_columns}
    present = placed.existing if placed else {}
    blocks: list[Block] = []
    for column in QUOTA.all_columns:
        if table is None or (column.key in owned and column.key not in present):
            position = owned.get(column.key) or user[column.key]
            blocks.append(Block(header_row, position, ((Cell(column.header, _HEADER),),)))
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
    charts: tuple[BarChart, ...] = ()
    if written:
        charts = (BarChart(CHART_TITLE, header_row, min(written), max(written),
                           user["year"], (user["target"], owned["admitted"]),
                           f"{column_letter(right + 2)}{header_row}", name="chibo_chi_tieu"),)
    clear: tuple[Area, ...] = ()
    if stages_ref and (box := ref_box(stages_ref)):
        clear = (Area(*box),)
    names = {}
    if stages and as_of is not None:
        top = header_row + CHART_ROWS
        blocks.append(_stage_block(stages, top, right + 2, as_of))
        names[STAGES_NAME] = f"{column_letter(right + 2)}{top}:{column_letter(right + 7)}{top + len(stages) + 1}"
    return SheetUpdate(
        sheet=sheet_name,
        clear=clear,
        blocks=tuple(blocks),
        column_widths={c: 14 for c in owned.values()},
        charts=charts,
        names=names,
        owned=(*(placed.areas(header_row + 1) if placed else ()), *clear),
    )
