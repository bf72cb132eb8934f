"""The title lines every printed sheet of chibo carries: what the sheet is, the cell's name, the reference date."""
from __future__ import annotations

import datetime as dt

from addin.rules.settings import Settings
from addin.rules.values import format_date
from addin.workbook.updates import Block, Cell, CellStyle

TITLE_ROWS = 2  # the title, then the cell's name and the date; a blank row follows before the table
TITLE_STYLE = CellStyle(bold=True, font_size=14)
SUBTITLE_STYLE = CellStyle(italic=True)


def cell_label(settings: Settings) -> str:
    """"Chi bộ Văn phòng": `Tên chi bộ` as a heading writes it."""
    name = settings.cell_name.strip()
    if not name:
        return "Chi bộ ……"
    return name if name.casefold().startswith("chi bộ") else f"Chi bộ {name}"


def dated_line(settings: Settings, as_of: dt.date | None) -> str:
    """"Chi bộ Văn phòng – tính đến ngày 15/11/2026"; a sheet not yet computed (a new workbook's) has dots."""
    return f"{cell_label(settings)} – tính đến ngày {format_date(as_of) if as_of else '……'}"


def title_block(title: str, settings: Settings, as_of: dt.date | None, column: int = 1) -> Block:
    """Rows 1–2 of a sheet: the title and the dated line, left-aligned from `column` (no merge: the text runs right)."""
    return Block(1, column, ((Cell(title, TITLE_STYLE),), (Cell(dated_line(settings, as_of), SUBTITLE_STYLE),)))
