"""The `Kế hoạch <năm>` sheet: the yearly plan as a committee signs it (HD 36-HD/VPTW), or the
committee's own plan sheet with only chibo's work rows replaced.

A plan chibo writes is entirely its own: the defined name `owned_name(year)` covers it from
row 1, and each refresh writes it anew. In the committee's own sheet the name covers only the
work rows chibo wrote into its table; the committee's rows stay and its signature block moves.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from addin.rules.catalogue import regime_on
from addin.rules.layout import balanced_lines
from addin.rules.plan import planning, setting_number
from addin.rules.plan_outline import Source, Targets, YearPlan
from addin.rules.plan_periods import PeriodLine, deadlines_text, months_text, period_label
from addin.rules.settings import Settings
from addin.rules.values import Unreadable, document_date, parse_date
from addin.workbook.outputs import LINE_HEIGHT
from addin.workbook.schema import PLAN_SOURCES, PLAN_TABLE, plan_sheet_name
from addin.workbook.tables import Grid, clean_value, column_letter, is_numbering, read_table, ref_box
from addin.workbook.text_metrics import column_points, printed_lines, wrap
from addin.workbook.updates import FONT, WHOLE_SHEET, Area, Block, Cell, CellStyle, PageSetup, SheetUpdate, Value

BODY_SIZE = 14
TABLE_SIZE = 12
BODY_LINE_HEIGHT = 18.75  # points per line of 14-pt text
HALF_WIDTH = 30  # upper-case 14-pt characters that fit one half of the header block
# Width (characters) of each column of a new plan; its tables share the columns A:H.
COLUMN_WIDTHS = (5.0, 24.0, 16.0, 10.0, 11.0, 10.0, 18.0, 15.0)
WIDTHS: dict[str, float] = {c.key: w for c, w in zip(PLAN_TABLE.columns, COLUMN_WIDTHS, strict=True)}
SOURCE_WIDTHS: dict[str, float] = {c.key: w for c, w in zip(PLAN_SOURCES.owned_columns, COLUMN_WIDTHS, strict=True)}
_KEYS = tuple(WIDTHS)
TEXT_ROOM = column_points(sum(COLUMN_WIDTHS))  # points of body text across the page: the tables' width
_HALF = 3  # columns of each half of the header block (the left one, A:C; the right one ends at the last)

_DOC = CellStyle(font_name=FONT, font_size=BODY_SIZE)
_BOLD = CellStyle(font_name=FONT, font_size=BODY_SIZE, bold=True)
_CENTER = CellStyle(font_name=FONT, font_size=BODY_SIZE, h_align="center", v_align="center")
_BOLD_CENTER = CellStyle(font_name=FONT, font_size=BODY_SIZE, bold=True, h_align="center", v_align="center")
_HEADER = CellStyle(font_name=FONT, font_size=TABLE_SIZE, bold=True, h_align="center", v_align="center",
                    wrap=True, border=True)
_PERIOD = CellStyle(font_name=FONT, font_size=TABLE_SIZE, bold=True, h_align="left", v_align="center",
                    border=True, fill="#F2F2F2")
_CENTERED_KEYS = ("stt", "period", "deadline", "birth_year", "youth_member", "expected")
_ROW_STYLES = {
    key: CellStyle(font_name=FONT, font_size=TABLE_SIZE, border=True, wrap=True, v_align="top",
                   h_align="center" if key in _CENTERED_KEYS else "left")
    for key in {*WIDTHS, *SOURCE_WIDTHS}
}

PLAN_HEADER_ROWS = 80  # a plan document's header block and sections run well past the register's 15 rows


def owned_name(year: int) -> str:
    """The defined name of what chibo wrote into the plan sheet of `year`."""
    return f"chibo_ke_hoach_{year}"


# ---------------------------------------------------------------- texts

def _raw_text(settings: Settings, key: str) -> str:
    """A text of `Cài đặt` (planning.toml `[texts]`) as the user wrote it, else its default."""
    item = planning()["texts"][key]
    raw = settings.item(item["label"])
    return str(raw).strip() if raw not in (None, "") else str(item["default"])


# The fields of texts written before the fields were in words (issue 17), read as today's.
LEGACY_FIELDS = {"{year}": "[năm kế hoạch]", "{regulation}": "[quy định thi hành Điều lệ]",
                 "{document_types}": "[quy định về thể loại văn bản]", "{format_guide}": "[hướng dẫn thể thức văn bản]",
                 "{superior_committee}": "[đảng ủy cấp trên]"}


def _setting_text(settings: Settings, key: str, year: int, day: dt.date | None = None) -> str:
    """A text of the plan with its [fields] filled: the year, the regulation in force, the documents it cites,
    who leads the cell and to whom it reports (planning.toml [texts]); `{year}`-style fields of older workbooks too."""
    fields = {
        "[năm kế hoạch]": str(year),
        "[quy định thi hành Điều lệ]": regime_on(day).cite().removeprefix("QĐ ").strip(),  # "208-QĐ/TW ngày 26/7/2026"
        # QĐ 399-QĐ/TW: document types, who issues them; HD 36-HD/VPTW: layout
        "[quy định về thể loại văn bản]": _raw_text(settings, "document_types"),
        "[hướng dẫn thể thức văn bản]": _raw_text(settings, "format_guide"),
        "[đảng ủy cấp trên]": settings.superior_committee,  # "Đảng ủy phường Uông Bí", from `Đảng bộ cấp trên`
        "[Chi ủy]": "Chi ủy" if settings.has_committee else "Bí thư chi bộ",
        "[Đoàn thể]": ("Đoàn Thanh niên Cộng sản Hồ Chí Minh, Công đoàn cơ quan" if settings.has_youth_union
                       else "Công đoàn cơ quan"),
    }
    text = _raw_text(settings, key)
    for old, name in LEGACY_FIELDS.items():
        text = text.replace(old, name)
    for name, value in fields.items():
        text = text.replace(name, value)
    return text


def date_line(place: str, day: dt.date) -> str:
    """"Uông Bí, ngày 05 tháng 01 năm 2027": a zero before days under 10 and months 1–2 (HD 36)."""
    return f"{place or '……'}, {document_date(day)}"


def number_line(plan_number: str) -> str:
    """"Số 05-KH/CB"; a blank to fill by hand when `Số kế hoạch` is empty."""
    number = plan_number.strip()
    if not number:
        return "Số       -KH/CB"
    return f"Số {number}" if "-" in number else f"Số {number}-KH/CB"


def cell_title(settings: Settings) -> str:
    """"Chi bộ Văn phòng": the cell's name as the body of a document writes it."""
    name = settings.cell_name.strip() or "Chi bộ ……"
    return name if name.casefold().startswith("chi bộ") else f"Chi bộ {name}"


def issue_date(settings: Settings) -> dt.date:
    """The plan's date: `Ngày ban hành kế hoạch`, else the reference date, else today."""
    try:
        day = parse_date(settings.item("Ngày ban hành kế hoạch"))
    except Unreadable:
        day = None
    return day or settings.as_of or dt.date.today()


def _names(people: Sequence[str]) -> str:
    return ", ".join(people)


def target_paragraphs(targets: Targets, year: int) -> list[str]:
    """`II. Chỉ tiêu`: admissions against the targets, recognitions due, candidates for the course."""
    if targets.target is None:
        admission = f"1. Kết nạp đảng viên: phấn đấu đạt chỉ tiêu phát triển đảng viên năm {year} do cấp ủy cấp trên giao"
    else:
        admission = f"1. Kết nạp đảng viên: chỉ tiêu cấp ủy cấp trên giao {targets.target} đảng viên"
        if targets.resolution_target:
            admission += f"; chỉ tiêu theo nghị quyết {targets.resolution_target} đảng viên"
    if targets.admitted:
        admission += f"; đã kết nạp {targets.admitted} đảng viên"
    if targets.admissions:
        admission += (f". Dự kiến xét, kết nạp trong năm {len(targets.admissions)} quần chúng: "
                      f"{_names(targets.admissions)}.")
    else:
        admission += "."
    recognition = "2. Xét, đề nghị công nhận đảng viên chính thức: "
    recognition += (f"{len(targets.recognitions)} đồng chí: {_names(targets.recognitions)}."
                    if targets.recognitions else "không có đảng viên dự bị đến kỳ xét trong năm.")
    course = "3. Đề nghị cử đi học lớp bồi dưỡng nhận thức về Đảng: "
    course += (f"{len(targets.course)} quần chúng: {_names(targets.course)}." if targets.course
               else "rà soát, đề nghị theo các đợt mở lớp của cấp trên.")
    return [admission, recognition, course]


# ---------------------------------------------------------------- table rows

@dataclass(frozen=True)
class _Body:
    """Rows laid out in the sheet, each tall enough for its longest wrapped cell."""

    blocks: tuple[Block, ...]
    heights: dict[int, float]
    height: int
    merges: tuple[str, ...] = ()


def _table_rows(rows: Sequence[Mapping[str, object]], columns: Mapping[str, int], first_row: int,
                widths: Mapping[str, float]) -> _Body:
    """One sheet row per mapping over the table's columns; a value is written only where its column is."""
    low, high = min(columns.values()), max(columns.values())
    by_column = {col: key for key, col in columns.items()}
    cells: list[tuple[Cell, ...]] = []
    heights: dict[int, float] = {}
    for i, values in enumerate(rows):
        lines = max(printed_lines(values.get(key), widths[key], TABLE_SIZE) for key in by_column.values())
        heights[first_row + i] = lines * LINE_HEIGHT
        cells.append(tuple(
            Cell(cast(Value, values.get(by_column[col])), _ROW_STYLES[by_column[col]]) if col in by_column else Cell(None)
            for col in range(low, high + 1)
        ))
    return _Body((Block(first_row, low, tuple(cells)),) if cells else (), heights, len(cells))


def _line_values(line: PeriodLine, number: int, year: int, in_document: bool,
                 has_deadline_column: bool, has_subject_column: bool = True) -> dict[str, object]:
    """A work line in the plan's table columns; without a deadline column the deadline goes into the period,
    without a column for the people their names follow the work."""
    period = months_text(line.first, line.last) if line.first and line.last else line.after[:1].upper() + line.after[1:]
    if not in_document:
        period = f"{period_label(line.period, year)}, {period[0].lower()}{period[1:]}"
    deadlines = deadlines_text(line)
    if deadlines and not has_deadline_column:
        period += f" (hạn chót {deadlines.replace(chr(10), '; ')})"
    task = line.content if has_subject_column or not line.people else f"{line.content} ({_names(line.people)})"
    return {
        "stt": number,
        "task": task,
        "subject": _names(line.people),
        "period": period,
        "deadline": deadlines,
        "owner": line.responsible,
        "basis": line.basis,
        "notes": "; ".join(line.notes),
    }


def _source_values(source: Source, number: int) -> dict[str, object]:
    return {
        "stt": number,
        "name": source.name,
        "unit": source.unit,
        "birth_year": source.birth_year,
        "youth_member": source.youth_member,
        "stage": source.stage,
        "helper": source.helper or "Chưa phân công",
        "expected": source.expected,
    }


def _page_setup(settings: Settings, title_rows: tuple[int, int] | None) -> PageSetup:
    margins = planning()["settings"]["margins"]
    top, bottom, left, right = (setting_number(settings, margins[side]["label"], margins[side]["default"])
                                for side in ("top", "bottom", "left", "right"))
    return PageSetup(paper="A4", margins_mm=(top, bottom, left, right), fit_to_width=True, title_rows=title_rows,
                     page_numbers=True)


# ---------------------------------------------------------------- a new document

@dataclass
class _Doc:
    """Rows of a new plan sheet, written top to bottom."""

    blocks: list[Block] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)
    row: int = 1

    @property
    def last(self) -> str:
        return column_letter(len(_KEYS))

    def line(self, text: str, style: CellStyle = _DOC, merge: bool = False) -> None:
        self.blocks.append(Block(self.row, 1, ((Cell(text, style),),)))
        if merge:
            self.merges.append(f"A{self.row}:{self.last}{self.row}")
        self.skip()

    def pair(self, left: str, left_style: CellStyle, right: str = "", right_style: CellStyle = _CENTER) -> None:
        """One line of the two-column header or signature block."""
        first_right = len(_KEYS) - _HALF
        self.blocks.append(Block(self.row, 1, ((Cell(left, left_style),),)))
        self.merges.append(f"A{self.row}:{column_letter(_HALF)}{self.row}")
        if right:
            self.blocks.append(Block(self.row, first_right, ((Cell(right, right_style),),)))
            self.merges.append(f"{column_letter(first_right)}{self.row}:{self.last}{self.row}")
        self.skip()

    def paragraphs(self, text: str, indent: str = "") -> None:
        """Body text, one sheet row per printed line (wrapped to the tables' width, continuation lines indented)."""
        for paragraph in text.splitlines():
            for piece in wrap(paragraph.strip(), TEXT_ROOM, BODY_SIZE, indent=indent):
                self.line(piece)

    def table(self, headers: Sequence[str], body: _Body) -> int:
        """A header row and the body rows under it; returns the header row."""
        header_row = self.row
        self.blocks.append(Block(header_row, 1, (tuple(Cell(h, _HEADER) for h in headers),)))
        self.heights[header_row] = 2 * LINE_HEIGHT
        self.blocks.extend(body.blocks)
        self.merges.extend(body.merges)
        self.heights.update(body.heights)
        self.row = header_row + 1 + body.height
        return header_row

    def skip(self, n: int = 1) -> None:
        for row in range(self.row, self.row + n):
            self.heights.setdefault(row, BODY_LINE_HEIGHT)
        self.row += n


def _work_body(plan: YearPlan, first_row: int) -> _Body:
    """Section IV's rows: a shaded row naming each period, then its work lines, numbered on."""
    columns = {key: i + 1 for i, key in enumerate(_KEYS)}
    blocks: list[Block] = []
    merges: list[str] = []
    heights: dict[int, float] = {}
    row, number, period = first_row, 0, None
    for line in plan.lines:
        if line.period != period:
            period = line.period
            label = period_label(period, plan.year, plan.as_of)
            blocks.append(Block(row, 1, ((Cell(label, _PERIOD), *(Cell(None, _PERIOD) for _ in _KEYS[1:])),)))
            merges.append(f"A{row}:{column_letter(len(_KEYS))}{row}")
            heights[row] = LINE_HEIGHT
            row += 1
        number += 1
        body = _table_rows([_line_values(line, number, plan.year, True, True)], columns, row, WIDTHS)
        blocks.extend(body.blocks)
        heights.update(body.heights)
        row += 1
    return _Body(tuple(blocks), heights, row - first_row, tuple(merges))


def _header_block(doc: _Doc, settings: Settings) -> None:
    superior = (settings.superior.strip() or "Đảng bộ ……").upper()
    left = [(line, _CENTER) for line in balanced_lines(superior, HALF_WIDTH)]
    left += [(line, _BOLD_CENTER) for line in balanced_lines(cell_title(settings).upper(), HALF_WIDTH)]
    left += [("*", _CENTER), (number_line(settings.plan_number), _CENTER)]
    right = {0: ("ĐẢNG CỘNG SẢN VIỆT NAM", CellStyle(font_name=FONT, font_size=15, bold=True, underline=True,
                                                     h_align="center")),
             len(left) - 1: (date_line(settings.place, issue_date(settings)),
                             CellStyle(font_name=FONT, font_size=BODY_SIZE, italic=True, h_align="center"))}
    for i, (text, style) in enumerate(left):
        doc.pair(text, style, *right.get(i, ("", _CENTER)))


def _document(plan: YearPlan, settings: Settings) -> SheetUpdate:
    year, day = plan.year, issue_date(settings)
    doc = _Doc()
    _header_block(doc, settings)
    doc.skip()
    subject = _setting_text(settings, "subject", year)
    doc.line("KẾ HOẠCH", CellStyle(font_name=FONT, font_size=16, bold=True, h_align="center"), merge=True)
    doc.line(subject, _BOLD_CENTER, merge=True)
    doc.line("-----", _CENTER, merge=True)
    doc.skip()
    doc.paragraphs(_setting_text(settings, "basis", year, day), indent="  ")
    doc.paragraphs(f"{cell_title(settings)} xây dựng kế hoạch {subject} như sau:")
    doc.line("I. MỤC ĐÍCH, YÊU CẦU", _BOLD)
    doc.paragraphs(_setting_text(settings, "purpose", year))
    doc.line("II. CHỈ TIÊU", _BOLD)
    doc.paragraphs("\n".join(target_paragraphs(plan.targets, year)))
    doc.line("III. NGUỒN VÀ PHÂN CÔNG ĐẢNG VIÊN GIÚP ĐỠ", _BOLD)
    if plan.sources:
        columns = {c.key: i + 1 for i, c in enumerate(PLAN_SOURCES.owned_columns)}
        rows = [_source_values(s, i) for i, s in enumerate(plan.sources, start=1)]
        doc.table([c.header for c in PLAN_SOURCES.owned_columns], _table_rows(rows, columns, doc.row + 1, SOURCE_WIDTHS))
    else:
        doc.paragraphs("Chưa có quần chúng trong danh sách nguồn; chi ủy rà soát, giới thiệu nguồn trong quý I.")
    doc.skip()
    doc.line("IV. NHIỆM VỤ VÀ TIẾN ĐỘ THỰC HIỆN", _BOLD)
    work_header = doc.table([c.header for c in PLAN_TABLE.columns], _work_body(plan, doc.row + 1))
    doc.skip()
    doc.line("V. TỔ CHỨC THỰC HIỆN", _BOLD)
    doc.paragraphs(_setting_text(settings, "organisation", year))
    doc.skip()
    _signature(doc, settings)
    last = doc.row - 1
    return SheetUpdate(
        sheet=plan_sheet_name(year),
        blocks=tuple(doc.blocks),
        merges=tuple(doc.merges),
        column_widths={i + 1: w for i, w in enumerate(COLUMN_WIDTHS)},
        row_heights={r: h for r, h in doc.heights.items() if r <= last},
        page_setup=_page_setup(settings, (work_header, work_header)),
        names={owned_name(year): f"A1:{doc.last}{last}"},
    )


def _signature(doc: _Doc, settings: Settings) -> None:
    recipients = _setting_text(settings, "recipients", 0).splitlines()
    right = [settings.on_behalf, "BÍ THƯ", "", "", "", settings.secretary.strip()]
    left = ["Nơi nhận:", *recipients]
    heading = CellStyle(font_name=FONT, font_size=BODY_SIZE, underline=True, h_align="left")
    small = CellStyle(font_name=FONT, font_size=TABLE_SIZE, h_align="left")
    for i in range(max(len(left), len(right))):
        doc.pair(left[i] if i < len(left) else "", heading if i == 0 else small,
                 right[i] if i < len(right) else "", _BOLD_CENTER)


def _rewritten(document: SheetUpdate, year: int, old: tuple[int, int] | None, grid: Grid) -> SheetUpdate:
    """The document written over the one chibo wrote before (rows 1..old end), or over a placeholder.

    Rows below the old document move with its length; the old document's cells and merges are cleared.
    """
    new_last = cast(tuple[int, int], _ref_rows(document.names[owned_name(year)]))[1]
    old_last = old[1] if old is not None else len(grid)
    width = max([len(_KEYS), *(len(line) for line in grid[:old_last])])
    insert = ((old_last + 1, new_last - old_last),) if old is not None and new_last > old_last else ()
    delete = ((new_last + 1, old_last - new_last),) if old is not None and new_last < old_last else ()
    clear = Area(1, 1, max(min(old_last, new_last) if old is not None else old_last, 1), width)
    # chibo owns its earlier document (the range of its defined name), or the whole of a placeholder sheet.
    owned = (Area(1, 1, old_last, width),) if old is not None else (WHOLE_SHEET,)
    return replace(document, insert_rows=insert, delete_rows=delete, clear=(clear, *document.clear), owned=owned)


# ---------------------------------------------------------------- the committee's own sheet

def _ref_rows(ref: str | None) -> tuple[int, int] | None:
    """First and last row of an "A5:H9" reference (sheet prefix and $ allowed)."""
    box = ref_box(ref) if ref else None
    return (box[0], box[2]) if box else None


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


def _in_place(plan: YearPlan, sheet: str, grid: Grid, owned: tuple[int, int] | None) -> SheetUpdate:
    table = read_table(sheet, grid, PLAN_TABLE, header_rows=PLAN_HEADER_ROWS)
    columns = dict(table.columns)
    table_columns = sorted(columns.values())
    start = table.header_row + 1
    if start - 1 < len(grid) and is_numbering(grid[start - 1]):
        start += 1  # the "(1) (2) (3)" row under the headers of Vietnamese forms
    if owned is not None and owned[0] < start:
        owned = None
    end = _body_end(grid, start, table_columns, owned)
    if owned is not None:
        first, old_count = owned[0], owned[1] - owned[0] + 1
    else:
        first, old_count = end + 1, 0
    theirs_above = sum(1 for r in range(start, first) if not _row_empty(grid, r, table_columns))
    rows = [_line_values(line, theirs_above + i, plan.year, False, "deadline" in columns, "subject" in columns)
            for i, line in enumerate(plan.lines, start=1)]
    body = _table_rows(rows, columns, first, WIDTHS)
    new_count = max(body.height, 1)
    low, high = min(table_columns), max(table_columns)
    insert = ((first + old_count, new_count - old_count),) if new_count > old_count else ()
    delete = ((first + new_count, old_count - new_count),) if new_count < old_count else ()
    # chibo owns the rows it wrote last time, over the table's columns: the range of its defined name.
    mine = (Area(first, low, first + old_count - 1, high),) if old_count else ()
    # chibo owns the rows it wrote last time, over the table's columns: the range of its defined name.
    mine = (Area(first, low, first + old_count - 1, high),) if old_count else ()
    clear = (Area(first, low, first + min(old_count, new_count) - 1, high),) if old_count else ()
    return SheetUpdate(
        sheet=sheet,
        insert_rows=insert,
        delete_rows=delete,
        clear=clear,
        owned=mine,
        blocks=body.blocks,
        row_heights=body.heights,
        names={owned_name(plan.year): f"{column_letter(low)}{first}:{column_letter(high)}{first + new_count - 1}"},
    )


PLACEHOLDER_CELLS = 3  # a plan sheet with no more than a title and a hint in its first rows


def _is_placeholder(grid: Grid) -> bool:
    """A plan sheet holding only a title and a hint (as `chibo new` makes it): no content to keep."""
    filled = [(r, c) for r, line in enumerate(grid) for c, v in enumerate(line) if clean_value(v) is not None]
    return len(filled) <= PLACEHOLDER_CELLS and all(r < PLACEHOLDER_CELLS for r, _ in filled)


def plan_updates(plan: YearPlan, settings: Settings, existing: tuple[str, Grid] | None,
                 owned_ref: str | None) -> SheetUpdate:
    """The plan of the year: a new HD 36 document, chibo's earlier document written anew, or the
    work lines in the committee's own sheet. A placeholder sheet (a title, a hint) gets the whole document.
    """
    if existing is None:
        return _document(plan, settings)
    sheet, grid = existing
    owned = _ref_rows(owned_ref)
    ours = owned is not None and owned[0] == 1  # chibo's document runs from row 1
    if ours or _is_placeholder(grid):
        return replace(_rewritten(_document(plan, settings), plan.year, owned if ours else None, grid), sheet=sheet)
    return _in_place(plan, sheet, grid, owned)

