"""The `Lịch <năm>` sheet: the plan's appendix, every step of every person with its dates.

The chi ủy's own follow-up: unlike the plan document it keeps overdue steps (highlighted) and
the remedies of blocked dossiers. The sheet is chibo's; the defined name `schedule_name(year)`
covers what it wrote, which the next refresh clears and writes anew.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from addin.rules.plan import PlanTask
from addin.rules.plan_outline import YearPlan
from addin.rules.settings import Settings
from addin.rules.text import name_sort_key
from addin.workbook.outputs import LINE_HEIGHT, wrapped_lines
from addin.workbook.plan_sheet import FONT, cell_title, issue_date, number_line
from addin.workbook.schema import SCHEDULE, schedule_sheet_name
from addin.workbook.tables import column_letter
from addin.workbook.updates import Area, Block, Cell, CellStyle, PageSetup, SheetUpdate, Value

OVERDUE_FILL = "#F8CBAD"
WIDTHS: dict[str, float] = {"stt": 5, "person": 22, "task": 42, "start": 11.5, "end": 11.5, "deadline": 11.5,
                            "owner": 16, "basis": 22, "notes": 24}
HEADER_ROW = 4
_DATE_KEYS = ("start", "end", "deadline")
_HEADER = CellStyle(font_name=FONT, font_size=12, bold=True, h_align="center", v_align="center", wrap=True,
                    border=True, fill="#DDEBF7")
_STYLES = {
    (key, overdue): CellStyle(font_name=FONT, font_size=12, border=True, wrap=True, v_align="top",
                              h_align="center" if key in ("stt", *_DATE_KEYS) else "left",
                              number_format="dd/mm/yyyy" if key in _DATE_KEYS else None,
                              fill=OVERDUE_FILL if overdue else None)
    for key in WIDTHS for overdue in (False, True)
}


def schedule_name(year: int) -> str:
    """The defined name of the area chibo wrote into `Lịch <năm>`."""
    return f"chibo_lich_{year}"


def _ordered(tasks: Sequence[PlanTask]) -> list[PlanTask]:
    """The cell's general work first, then each person's steps in name order, each by date."""
    return sorted(tasks, key=lambda t: (t.person != "", name_sort_key(t.person), t.start, t.end))


def _values(task: PlanTask, number: int) -> dict[str, object]:
    return {"stt": number, "person": task.person or "Chi bộ", "task": task.content, "start": task.start,
            "end": task.end, "deadline": task.deadline, "owner": task.responsible, "basis": task.basis,
            "notes": task.note}


def schedule_update(plan: YearPlan, settings: Settings, previous_ref: tuple[int, int, int, int] | None) -> SheetUpdate:
    """The whole `Lịch <năm>` sheet; `previous_ref` (first row, first column, last row, last column) is cleared first."""
    keys = [c.key for c in SCHEDULE.owned_columns]
    last_column = column_letter(len(keys))
    title = CellStyle(font_name=FONT, font_size=14, bold=True, h_align="center")
    subtitle = CellStyle(font_name=FONT, font_size=12, italic=True, h_align="center")
    rows: list[tuple[Cell, ...]] = [tuple(Cell(c.header, _HEADER) for c in SCHEDULE.owned_columns)]
    heights = {HEADER_ROW: 2 * LINE_HEIGHT}
    for number, task in enumerate(_ordered(plan.tasks), start=1):
        values = _values(task, number)
        rows.append(tuple(Cell(cast(Value, values[key]), _STYLES[(key, task.overdue)]) for key in keys))
        heights[HEADER_ROW + number] = LINE_HEIGHT * max(wrapped_lines(values[key], WIDTHS[key]) for key in keys)
    last = HEADER_ROW + len(rows) - 1
    plan_number = number_line(settings.plan_number)
    note = (f"(Kèm theo Kế hoạch s{plan_number[1:]} ngày {issue_date(settings):%d/%m/%Y} "
            f"của {cell_title(settings)}; để chi ủy theo dõi, đôn đốc)")
    blocks = (
        Block(1, 1, ((Cell(f"LỊCH THỰC HIỆN CHI TIẾT NĂM {plan.year}", title),),)),
        Block(2, 1, ((Cell(note, subtitle),),)),
        Block(HEADER_ROW, 1, tuple(rows)),
    )
    clear = (Area(*previous_ref),) if previous_ref else ()
    return SheetUpdate(
        sheet=schedule_sheet_name(plan.year),
        clear=clear,
        owned=clear,  # what chibo wrote last time, the range of its defined name
        blocks=blocks,
        merges=(f"A1:{last_column}1", f"A2:{last_column}2"),
        column_widths={i: WIDTHS[key] for i, key in enumerate(keys, start=1)},
        row_heights=heights,
        freeze=f"A{HEADER_ROW + 1}",
        autofilter=f"A{HEADER_ROW}:{last_column}{last}",
        page_setup=PageSetup(landscape=True, margins_mm=(15, 15, 15, 15), fit_to_width=True,
                             title_rows=(HEADER_ROW, HEADER_ROW)),
        names={schedule_name(plan.year): f"A1:{last_column}{last}"},
    )
