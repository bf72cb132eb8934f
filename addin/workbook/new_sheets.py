"""The sheets of a new workbook as neutral updates: `chibo new` writes them into a blank package, and a refresh
creates `Cài đặt` and `Ngày nghỉ` with the same builders when a workbook lacks them (one layout of each).

`Cài đặt` carries its notes, the lists the drop-downs of every sheet take (defined names `DM_…`), the
`CAI_DAT` range the `DV_` functions read and the names the highlights read (`NGAY_TINH`,
`CANH_BAO_TRUOC_HAN`).
"""
from __future__ import annotations

from dataclasses import replace

from addin.rules import catalogue
from addin.rules.plan import planning_settings
from addin.rules.settings import ITEMS

from . import schema
from .outputs import LINE_HEIGHT, wrapped_lines
from .quota_sheet import NEW_HEADER_ROW as QUOTA_HEADER_ROW
from .quota_sheet import QUOTA_TITLE
from .tables import column_letter
from .updates import DATE_FORMAT, FONT, Block, Cell, CellStyle, ConditionalFill, ListValidation, PageSetup, SheetUpdate, Value

LAST_ROW = 1000  # drop-down lists and highlights reach down to this row
LAST_EXCEL_ROW = 1_048_576
PORTRAIT_WIDTH = 90  # a table wider than this many characters prints landscape
MARGINS_MM = (15.24, 15.24, 15.24, 10.16)  # top, bottom, left, right: 0.6, 0.6, 0.6, 0.4 inch

# Validation lists: defined name → (list header, items). They live on `Cài đặt`, right of the items.
LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "DM_CO_KHONG": ("Danh mục Có/Không", ("Có", "Không")),
    "DM_LOAI_NGAY": ("Danh mục loại ngày", ("Nghỉ", "Làm bù")),
    "DM_TINH_CHI_TIEU": ("Danh mục cách tính chỉ tiêu", ("Ngày quyết định", "Ngày lễ kết nạp")),
}
REF_DATE_NAME = "NGAY_TINH"  # the `Ngày tính` value cell, used by the overdue highlight
LEAD_NAME = "CANH_BAO_TRUOC_HAN"  # the DEADLINE_SOON lead time of `Cài đặt`, used by the due-soon highlight
SETTINGS_NAME = "CAI_DAT"  # `Cài đặt`'s Mục | Giá trị range, the last argument of the DV_ functions
STARTER_VALUES: dict[str, Value] = {"Tính chỉ tiêu theo": "Ngày quyết định", "Có tổ chức Đoàn": "Có",
                                    "Chi bộ có chi ủy": "Có"}
_CHOICES = {"Tính chỉ tiêu theo": "DM_TINH_CHI_TIEU", "Có tổ chức Đoàn": "DM_CO_KHONG", "Chi bộ có chi ủy": "DM_CO_KHONG"}

# Every look names its font: a sheet a refresh creates in a committee's workbook (whose default font may be
# Calibri 11) looks as it does in a new workbook.
_FONT = CellStyle(font_name=FONT, font_size=12, v_align="top")
PLAIN = _FONT
WRAP = replace(_FONT, wrap=True)
DATE = replace(_FONT, number_format=DATE_FORMAT)
PERCENT = replace(_FONT, number_format="0%")
HEADER = replace(_FONT, bold=True, wrap=True, h_align="center", v_align="center", border=True, fill="#FFF2CC")
OWNED = replace(HEADER, fill="#D9E1F2")
HEADING = replace(_FONT, bold=True, font_size=14)
TITLE = replace(_FONT, bold=True, font_size=16, font_color="#C00000")
OVERDUE = CellStyle(fill="#F8CBAD", font_color="#9C0006", bold=True)
SOON = CellStyle(fill="#FFEB9C", font_color="#9C5700")

# Columns formatted dd/mm/yyyy. Not `Ngày sinh`: a bare year (2001) is a valid partial birth date
# there, and a date format would show it as 23/06/1905.
_DATE_KEYS = {
    "register": {c.key for c in schema.REGISTER.all_columns if c.key.endswith("_date")} | {"unit_since", "deadline"},
    "members": {"admitted", "official", "arrived", "left"},
    "calendar": {"date"},
}
_YES_NO_KEYS = {"register": {"edu_exception", "youth_member"}, "members": {"exempt", "attached_elsewhere"}}
_WIDE_KEYS = {"name": 26, "unit": 28, "helper": 24, "introducer_1": 24, "introducer_2": 24, "notes": 30,
              "check_result": 50, "next_step": 40, "message": 70, "source": 40, "person": 24, "assessment": 40}
_SETTING_NOTES = {
    "Tên chi bộ": "Ví dụ: Chi bộ Viện kiểm sát nhân dân …",
    "Năm kế hoạch": "Năm của sheet 'Kế hoạch <năm>'",
    "Ngày tính": "Ngày dùng để kiểm tra và tính hạn; để trống = hôm nay",
    "Tính chỉ tiêu theo": "Chọn 'Ngày quyết định' hoặc 'Ngày lễ kết nạp'",
    "Có tổ chức Đoàn": "Có/Không: cơ quan có tổ chức Đoàn Thanh niên",
    "Chi bộ có chi ủy": "Có: kế hoạch ký T/M CHI ỦY; Không (chỉ có bí thư): ký T/M CHI BỘ",
}
_SETTING_WIDTHS = (46.0, 24.0, 50.0)  # Mục, Giá trị, Giải thích


def _columns(spec: schema.SheetSpec) -> list[tuple[schema.Column, bool]]:
    return [(c, False) for c in spec.columns if c.in_template] + [(c, True) for c in spec.owned_columns]


def table_update(spec: schema.SheetSpec, *, freeze_columns: int = 0, header_row: int = 1) -> SheetUpdate:
    """An empty table: the spec's headers in `header_row`, column formats and widths, drop-down lists,
    highlights and frozen panes; printed one page wide with the header on every page."""
    owned_only = not spec.columns
    dates = _DATE_KEYS.get(spec.key, set())
    yes_no = _YES_NO_KEYS.get(spec.key, set())
    header: list[Cell] = []
    widths: dict[int, float] = {}
    styles: dict[int, CellStyle] = {}
    validations: list[ListValidation] = []
    fills: list[ConditionalFill] = []
    columns = _columns(spec)
    for index, (column, owned) in enumerate(columns, start=1):
        width = float(_WIDE_KEYS.get(column.key, max(10, min(24, len(column.header) * 0.8 + 3))))
        widths[index] = width
        styles[index] = DATE if column.key in dates else WRAP if width >= 24 else PLAIN
        header.append(Cell(column.header, OWNED if owned and not owned_only else HEADER))
        letter = column_letter(index)
        below = f"{letter}{header_row + 1}:{letter}{LAST_ROW}"
        if column.key in yes_no:
            validations.append(_list(below, "DM_CO_KHONG", "Chọn Có hoặc Không."))
        if spec.key == "calendar" and column.key == "kind":
            validations.append(_list(below, "DM_LOAI_NGAY", "'Nghỉ' = nghỉ thêm; 'Làm bù' = ngày làm việc bù."))
        if spec.key == "register" and column.key == "deadline":
            fills += _deadline_highlight(letter, header_row + 1)
    return SheetUpdate(
        sheet=spec.name,
        blocks=(Block(header_row, 1, (tuple(header),)),),
        column_widths=widths,
        column_styles=styles,
        row_heights={header_row: 48.0},
        freeze=f"{column_letter(freeze_columns + 1)}{header_row + 1}",
        page_setup=_page(landscape=sum(widths.values()) > PORTRAIT_WIDTH, header_row=header_row),
        validations=tuple(validations),
        conditional_fills=tuple(fills),
    )


def _page(*, landscape: bool, header_row: int, print_areas: tuple[str, ...] = ()) -> PageSetup:
    """A4, one page wide (the rows run on to further pages at full size), the header on every page."""
    return PageSetup(landscape=landscape, margins_mm=MARGINS_MM, fit_to_width=True, title_rows=(header_row, header_row),
                     print_areas=print_areas)


def _list(ref: str, name: str, prompt: str) -> ListValidation:
    return ListValidation(ref, name, prompt, "Giá trị không có trong danh mục", "Hãy chọn trong danh sách.")


def _deadline_highlight(letter: str, first_row: int) -> list[ConditionalFill]:
    """`Hạn` before the reference date (overdue) in red; within the `Cài đặt` lead time (DEADLINE_SOON) in yellow."""
    cell = f"${letter}{first_row}"
    today = f"IF(ISNUMBER({REF_DATE_NAME}),{REF_DATE_NAME},TODAY())"
    area = f"{letter}{first_row}:{letter}{LAST_ROW}"
    return [ConditionalFill(area, f"AND(ISNUMBER({cell}),{cell}<{today})", OVERDUE, stop=True),
            ConditionalFill(area, f"AND(ISNUMBER({cell}),{cell}<=WORKDAY({today},{LEAD_NAME}))", SOON)]


def quota_update(year: int) -> SheetUpdate:
    """`Chỉ tiêu`: the table under the title row that a refresh completes with the cell's name and the date."""
    top = QUOTA_HEADER_ROW
    table = table_update(schema.QUOTA, header_row=top)
    keys = [c.key for c in schema.QUOTA.all_columns]
    percent = {keys.index(key) + 1 for key in ("rate", "resolution_rate")}
    return replace(table,
                   blocks=(Block(1, 1, ((Cell(QUOTA_TITLE, HEADING),),)), *table.blocks, Block(top + 1, 1, ((Cell(year),),))),
                   column_widths={**table.column_widths, **{c: 12.0 for c in percent}},
                   column_styles={**table.column_styles, **{c: PERCENT for c in percent}})


def plan_placeholder(year: int) -> SheetUpdate:
    """`Kế hoạch <năm>` before the first plan: its title and what to click."""
    return SheetUpdate(
        sheet=schema.plan_sheet_name(year),
        blocks=(Block(1, 1, ((Cell(f"KẾ HOẠCH PHÁT TRIỂN ĐẢNG VIÊN NĂM {year}", TITLE),),
                             (Cell("Bấm nút 'Lập kế hoạch năm' ở sheet 'Hướng dẫn' để chương trình lập kế hoạch.",
                                   PLAIN),))),),
        column_widths={1: 12.0},
    )


def settings_update(year: int | None) -> SheetUpdate:
    """`Cài đặt`: fixed items, configurable rule parameters with defaults, planning settings, and the lists.

    `year` fills `Năm kế hoạch` (a new workbook is made for a year); None leaves it empty, so that the plan
    year follows the reference date (what a refresh does when it creates the sheet)."""
    rows: list[tuple[str, Value, str, str | None]] = []
    for label in ITEMS:
        value = year if label == "Năm kế hoạch" else STARTER_VALUES.get(label)
        rows.append((label, value, _SETTING_NOTES.get(label, ""), _CHOICES.get(label)))
    for rule, param in catalogue.configurable_params():
        value = ("Có" if param.default else "Không") if isinstance(param.default, bool) else param.default
        confirm = f" {catalogue.confirm_text()}" if rule.uncertain else ""
        rows.append((param.label, value, f"Mặc định: {value}. {rule.title_vi}.{confirm}",
                     "DM_CO_KHONG" if isinstance(param.default, bool) else None))
    rows += [(label, default, f"Mặc định: {default}. {source}" if isinstance(default, (int, float)) else source,
              None) for label, default, source in planning_settings()]  # a text's default is its value: not repeated
    header = [Cell(c.header, HEADER) for c in schema.SETTINGS.columns] + [Cell("Giải thích", HEADER)]
    lines: list[tuple[Cell, ...]] = [tuple(header)]
    heights: dict[int, float] = {}
    names: dict[str, str] = {}
    validations = []
    lead = catalogue.rule("DEADLINE_SOON").params["lead_working_days"].label
    for row, (label, value, note, choice) in enumerate(rows, start=2):
        if label == "Ngày tính":
            shown = Cell(None, DATE)
            names[REF_DATE_NAME] = f"B{row}"
        elif isinstance(value, (int, float)):
            shown = Cell(value, PLAIN)
            if label == lead:
                names[LEAD_NAME] = f"B{row}"
        else:
            shown = Cell(value, WRAP)
        lines.append((Cell(label, WRAP), shown, Cell(note, WRAP)))
        # Sized to the wrapped label and note: LibreOffice keeps a row's saved height, and lines would overlap.
        heights[row] = LINE_HEIGHT * max(wrapped_lines(t, w) for t, w in zip((label, value, note), _SETTING_WIDTHS))
        if choice:
            validations.append(ListValidation(f"B{row}", choice))
    names[SETTINGS_NAME] = f"A2:B{len(rows) + 1}"
    blocks = [Block(1, 1, tuple(lines))]
    widths = {i: w for i, w in enumerate(_SETTING_WIDTHS, start=1)}
    styles = {i: WRAP for i in range(1, len(_SETTING_WIDTHS) + 1)}
    for offset, (name, (title, items)) in enumerate(LISTS.items()):
        column = 5 + offset
        widths[column] = 22.0
        styles[column] = PLAIN
        blocks.append(Block(1, column, ((Cell(title, HEADER),), *((Cell(item, PLAIN),) for item in items))))
        names[name] = f"{column_letter(column)}2:{column_letter(column)}{len(items) + 1}"
    return SheetUpdate(
        sheet=schema.SETTINGS.name,
        blocks=tuple(blocks),
        column_widths=widths,
        column_styles=styles,
        row_heights=heights,
        freeze="B2",
        # Mục, Giá trị, Giải thích printed: the lists right of them are not
        page_setup=_page(landscape=True, header_row=1, print_areas=(f"A1:C{LAST_EXCEL_ROW}",)),
        names=names,
        validations=tuple(validations),
    )
