"""The `Lịch <năm>` sheet: the plan's appendix, every step of every person with its planned day.

The chi ủy's own follow-up, in parts: overdue steps (highlighted), what remains before the plan
year, the year's steps, and the steps not yet dated with what they wait for. Every day is the
one the person's timeline planned, as in the plan, the register and the .ics. The sheet is
chibo's; the defined name `schedule_name(year)` covers what it wrote, which the next refresh
clears and writes anew.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import cast

from addin.rules.plan import PlanTask
from addin.rules.plan_outline import YearPlan
from addin.rules.settings import Settings
from addin.rules.text import name_sort_key
from addin.rules.values import format_date
from addin.workbook.outputs import LINE_HEIGHT
from addin.workbook.plan_sheet import cell_title, issue_date, number_line
from addin.workbook.schema import SCHEDULE, schedule_sheet_name
from addin.workbook.tables import column_letter
from addin.workbook.text_metrics import printed_lines
from addin.workbook.titles import dated_line
from addin.workbook.updates import DATE_FORMAT, FONT, Area, Block, Cell, CellStyle, PageSetup, SheetUpdate, Value

OVERDUE_FILL = "#F8CBAD"
TEXT_SIZE = 12
WIDTHS: dict[str, float] = {"stt": 5, "person": 22, "task": 42, "start": 11.5, "end": 11.5, "deadline": 11.5,
                            "owner": 16, "basis": 22, "notes": 24}
HEADER_ROW = 4  # under the title, the plan it belongs to, and the cell's name with the date
_DATE_KEYS = ("start", "end", "deadline")
_HEADER = CellStyle(font_name=FONT, font_size=TEXT_SIZE, bold=True, h_align="center", v_align="center", wrap=True,
                    border=True, fill="#DDEBF7")
_BLOCK = CellStyle(font_name=FONT, font_size=TEXT_SIZE, bold=True, h_align="left", v_align="center", border=True,
                   fill="#F2F2F2")
_STYLES = {
    (key, overdue): CellStyle(font_name=FONT, font_size=TEXT_SIZE, border=True, wrap=True, v_align="top",
                              h_align="center" if key in ("stt", *_DATE_KEYS) else "left",
                              number_format=DATE_FORMAT if key in _DATE_KEYS else None,
                              fill=OVERDUE_FILL if overdue else None)
    for key in WIDTHS for overdue in (False, True)
}


def schedule_name(year: int) -> str:
    """The defined name of the area chibo wrote into `Lịch <năm>`."""
    return f"chibo_lich_{year}"


class Part(StrEnum):
    """The parts of the appendix, in order."""

    OVERDUE = "overdue"
    BEFORE = "before"
    YEAR = "year"
    UNDATED = "undated"


def _block_of(task: PlanTask, year: int) -> Part:
    if task.overdue:
        return Part.OVERDUE
    if task.start is None:
        return Part.UNDATED
    return Part.BEFORE if task.start.year < year else Part.YEAR


def _block_title(block: Part, plan: YearPlan) -> str:
    return {
        Part.OVERDUE: "Việc đã quá hạn theo quy định (làm ngay, báo cáo cấp trên)",
        Part.BEFORE: f"Từ ngày {format_date(plan.as_of)} đến hết năm {plan.year - 1}",
        Part.YEAR: f"Năm {plan.year}",
        Part.UNDATED: "Chưa xác định được thời gian (chờ bước trước)",
    }[block]


def _ordered(tasks: Sequence[PlanTask]) -> list[PlanTask]:
    """The cell's general work first, then each person's steps in name order, each by date."""
    far = dt.date.max
    return sorted(tasks, key=lambda t: (t.person != "", name_sort_key(t.person), t.start or far, t.end or far))


def _values(task: PlanTask, number: int) -> dict[str, object]:
    person_step = task.person != ""
    return {"stt": number, "person": task.person or "Chi bộ", "task": task.content,
            "start": task.start if task.start else task.after,
            "end": None if person_step else task.end, "deadline": task.deadline, "owner": task.responsible,
            "basis": task.basis, "notes": task.note}


def schedule_update(plan: YearPlan, settings: Settings, previous_ref: tuple[int, int, int, int] | None) -> SheetUpdate:
    """The whole `Lịch <năm>` sheet; `previous_ref` (first row, first column, last row, last column) is cleared first."""
    keys = [c.key for c in SCHEDULE.owned_columns]
    last_column = column_letter(len(keys))
    title = CellStyle(font_name=FONT, font_size=14, bold=True, h_align="center")
    subtitle = CellStyle(font_name=FONT, font_size=TEXT_SIZE, italic=True, h_align="center")
    rows: list[tuple[Cell, ...]] = [tuple(Cell(c.header, _HEADER) for c in SCHEDULE.owned_columns)]
    heights = {HEADER_ROW: 2 * LINE_HEIGHT}
    merges = [f"A1:{last_column}1", f"A2:{last_column}2", f"A3:{last_column}3"]
    by_block: dict[Part, list[PlanTask]] = {}
    for task in plan.tasks:
        by_block.setdefault(_block_of(task, plan.year), []).append(task)
    number = 0
    for block in Part:
        if block not in by_block:
            continue
        row = HEADER_ROW + len(rows)
        rows.append((Cell(_block_title(block, plan), _BLOCK), *(Cell(None, _BLOCK) for _ in keys[1:])))
        merges.append(f"A{row}:{last_column}{row}")
        heights[row] = LINE_HEIGHT
        for task in _ordered(by_block[block]):
            number += 1
            values = _values(task, number)
            heights[HEADER_ROW + len(rows)] = LINE_HEIGHT * max(printed_lines(values[key], WIDTHS[key], TEXT_SIZE) for key in keys)
            rows.append(tuple(Cell(cast(Value, values[key]), _STYLES[(key, task.overdue)]) for key in keys))
    last = HEADER_ROW + len(rows) - 1
    plan_number = number_line(settings.plan_number)
    note = (f"(Kèm theo Kế hoạch s{plan_number[1:]} ngày {issue_date(settings):%d/%m/%Y} "
            f"của {cell_title(settings)}; để chi ủy theo dõi)")
    blocks = (
        Block(1, 1, ((Cell(f"LỊCH THỰC HIỆN CHI TIẾT NĂM {plan.year}", title),),)),
        Block(2, 1, ((Cell(note, subtitle),),)),
        Block(3, 1, ((Cell(dated_line(settings, plan.as_of), subtitle),),)),
        Block(HEADER_ROW, 1, tuple(rows)),
    )
    clear = (Area(*previous_ref),) if previous_ref else ()
    return SheetUpdate(
        sheet=schedule_sheet_name(plan.year),
        clear=clear,
        owned=clear,  # what chibo wrote last time, the range of its defined name
        blocks=blocks,
        merges=tuple(merges),
        column_widths={i: WIDTHS[key] for i, key in enumerate(keys, start=1)},
        row_heights=heights,
        freeze=f"A{HEADER_ROW + 1}",
        autofilter=f"A{HEADER_ROW}:{last_column}{last}",
        page_setup=PageSetup(landscape=True, margins_mm=(15, 15, 15, 15), fit_to_width=True,
                             title_rows=(HEADER_ROW, HEADER_ROW), page_numbers=True),
        names={schedule_name(plan.year): f"A1:{last_column}{last}"},
    )
