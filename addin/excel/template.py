"""The macro-enabled workbook `chibo new` writes: every sheet of DESIGN §2, buttons, VBA.

Built with XlsxWriter, byte-identical for the same inputs (fixed document dates, fixed zip
timestamps). The VBA project is xlwings' standalone one (runtime module `xlwings`) plus our
button macros (`vba/ChiboButtons.bas`) and the `xlwings_udfs` wrappers of `addin.excel.udfs`,
added with pyOpenVBA so that neither "Import Functions" nor VBA-project trust is needed.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import importlib.util
import io
import shutil
import sys
import tempfile
import types
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import xlsxwriter
import xlwings
from pyopenvba import ExcelFile
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from addin.excel import udfs
from addin.rules import catalogue
from addin.rules.plan import planning_settings
from addin.rules.settings import ITEMS
from addin.workbook import schema
from addin.workbook.outputs import LINE_HEIGHT, wrapped_lines
from addin.workbook.quota_sheet import NEW_HEADER_ROW as QUOTA_HEADER_ROW
from addin.workbook.quota_sheet import QUOTA_TITLE

UDF_MODULE = "addin.excel.udfs"
INTERPRETER_WIN = r"%LOCALAPPDATA%\chibo\.venv\Scripts\pythonw.exe"
BUTTON_MODULE = "ChiboButtons"
UDF_VBA_MODULE = "xlwings_udfs"
GUIDE_SHEET = schema.GUIDE_SHEET
CONF_SHEET = "xlwings.conf"
FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
LAST_ROW = 1000  # data-validation and formats reach down to this Excel row
LAST_EXCEL_ROW = 1_048_575  # 0-based: a print area down to it is whole columns ($A:$C)
PORTRAIT_WIDTH = 90  # a table wider than this many characters prints landscape
CREATED = dt.datetime(2026, 1, 1)  # fixed document dates keep builds byte-identical


@dataclass(frozen=True)
class Button:
    """A form button of `Hướng dẫn` and the VBA macro that runs its Python handler."""

    caption: str
    macro: str
    handler: str
    description: str


BUTTONS: tuple[Button, ...] = (
    Button("Kiểm tra hồ sơ", "KiemTraHoSo", "check",
           "Kiểm tra từng hồ sơ ở sheet 'Theo dõi' theo Điều lệ Đảng và các quy định; ghi kết quả vào "
           "các cột Giai đoạn, Kết quả kiểm tra, Việc tiếp theo, Hạn và lập danh sách ở sheet 'Kiểm tra'."),
    Button("Cập nhật chỉ tiêu", "CapNhatChiTieu", "quota",
           "Đếm số đã kết nạp, đang trong quy trình, dự kiến kết nạp thêm… theo từng năm ở sheet 'Chỉ tiêu'."),
    Button("Lập kế hoạch năm", "LapKeHoachNam", "plan",
           "Điền bảng công việc của sheet 'Kế hoạch <năm>' (năm ghi ở mục 'Năm kế hoạch' của sheet 'Cài đặt')."),
    Button("Làm mới tất cả", "LamMoiTatCa", "refresh",
           "Làm cả ba việc trên một lần, giống lệnh 'chibo refresh' chạy trên nhiều tệp."),
    Button("Soạn hồ sơ", "SoanHoSo", "dossiers",
           "Chọn một ô trên dòng của một người ở sheet 'Theo dõi' rồi bấm: soạn bản thảo Word các văn bản giai "
           "đoạn hiện tại của người đó cần (phân công giúp đỡ, 5-KNĐ, 6-KNĐ, 12-KNĐ, 13-KNĐ) vào thư mục 'Hồ sơ' "
           "cạnh sổ; mẫu riêng của chi bộ đặt trong thư mục 'Mẫu'."),
)

# Validation lists: defined name → (list header, items). They live on `Cài đặt`, right of the items.
LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "DM_CO_KHONG": ("Danh mục Có/Không", ("Có", "Không")),
    "DM_LOAI_NGAY": ("Danh mục loại ngày", ("Nghỉ", "Làm bù")),
    "DM_TINH_CHI_TIEU": ("Danh mục cách tính chỉ tiêu", ("Ngày quyết định", "Ngày lễ kết nạp")),
}
REF_DATE_NAME = "NGAY_TINH"  # the `Ngày tính` value cell, used by the overdue highlight
LEAD_NAME = "CANH_BAO_TRUOC_HAN"  # the DEADLINE_SOON lead time of `Cài đặt`, used by the due-soon highlight
SETTINGS_NAME = "CAI_DAT"  # `Cài đặt`'s Mục | Giá trị range, the last argument of the DV_ functions

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
# `Hướng dẫn`: (sheet, what it is for, what the committee types there). Sheet names come from the schema.
_GUIDE_SHEETS: tuple[tuple[str, str, str], ...] = (
    (schema.REGISTER.name, "Mỗi quần chúng một dòng, từ khi vào nguồn đến khi là đảng viên chính thức.",
     "Họ tên, ngày sinh, các mốc ngày (dd/mm/yyyy, ví dụ 02/02/2026), người giúp đỡ, người giới thiệu. "
     "Bốn cột cuối (Giai đoạn, Kết quả kiểm tra, Việc tiếp theo, Hạn) do chibo ghi."),
    (schema.MEMBERS.name, "Đảng viên của chi bộ: kiểm tra người giới thiệu, đếm đảng viên chính thức khi biểu quyết.",
     "Họ tên, ngày kết nạp, ngày chính thức, ngày chuyển đến, chuyển đi, miễn sinh hoạt (Có/Không)."),
    (schema.QUOTA.name, "Chỉ tiêu kết nạp được giao và kết quả thực hiện từng năm.",
     "Năm và chỉ tiêu được giao; các cột kết quả và biểu đồ do chibo ghi."),
    ("Kế hoạch <năm>", "Kế hoạch phát triển đảng viên năm, đúng thể thức văn bản của Đảng.",
     "chibo lập; việc chi ủy tự thêm thì gõ ở dòng ngay dưới bảng, chibo giữ nguyên."),
    (schema.FINDINGS.name, "Lỗi (đỏ), cảnh báo (vàng), lưu ý của lần kiểm tra gần nhất.",
     "Không gõ: chibo ghi. Bấm ô liên kết để đến đúng ô cần sửa."),
    (schema.SETTINGS.name, "Tên chi bộ, đảng bộ cấp trên, năm kế hoạch, ngày tính, các tham số.",
     "Cột Giá trị; ô để trống là dùng mặc định theo quy định."),
    (schema.CALENDAR.name, "Ngày nghỉ thêm, ngày làm bù ngoài lịch nghỉ lễ, tết chung.",
     "Ngày và loại: Nghỉ hoặc Làm bù."),
)
_CONF_ROW = (CONF_SHEET, "Chỗ Excel tìm Python đã cài chibo.",
             "Chỉ sửa ô B1 khi cài chibo ở chỗ khác (xem tài liệu hướng dẫn cài đặt trên Windows).")
_SETTING_WIDTHS = (46, 24, 50)  # Mục, Giá trị, Giải thích
_GUIDE_WIDTHS = (22, 36, 44)  # A: sheet or button, B: what for, C: what to type
GUIDE_LINE = 15.0  # points a line of 11-pt text takes
BUTTON_ROW_HEIGHT = 42.0  # a 34-point button with its offset


def _guide_height(text: str, width: int) -> float:
    """A guide row's height: every line of `text` wrapped in a column `width` characters wide, none cut."""
    return GUIDE_LINE * wrapped_lines(text, width) + 4


def write_guide(book: xlsxwriter.Workbook, *, with_buttons: bool, lite: bool = False) -> Any:
    """The first sheet `Hướng dẫn`: what each sheet is for, what to type where, what the buttons do.

    Printable on one A4 page (portrait, one page wide). `with_buttons` draws the form buttons
    (the .xlsm of `chibo new`); without them (the .xlsx sample) the guide names the command instead.
    """
    base = {"font_name": FONT, "font_size": 11, "valign": "top", "text_wrap": True}
    title = book.add_format({**base, "bold": True, "font_size": 14, "font_color": "#C00000", "text_wrap": False})
    plain = book.add_format(base)
    header = book.add_format({**base, "bold": True, "border": 1, "bg_color": "#FFF2CC", "align": "center"})
    cell = book.add_format({**base, "border": 1})
    name = book.add_format({**base, "border": 1, "bold": True})
    bold = book.add_format({**base, "bold": True, "text_wrap": False})
    bold_wrapped = book.add_format({**base, "bold": True})
    sheet = book.add_worksheet(GUIDE_SHEET)
    sheet.hide_gridlines(2)
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.set_margins(left=0.6, right=0.5, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    for col, width in enumerate(_GUIDE_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.write_string(0, 0, "HƯỚNG DẪN DÙNG SỔ THEO DÕI PHÁT TRIỂN ĐẢNG VIÊN", title)
    intro = ("Chi ủy gõ dữ liệu vào các sheet dưới đây; chương trình chibo kiểm tra hồ sơ, tính chỉ tiêu, lập kế hoạch "
             "năm và chỉ ghi vào các cột, sheet của nó.")
    sheet.merge_range(1, 0, 1, 2, intro, plain)
    sheet.set_row(1, _guide_height(intro, sum(_GUIDE_WIDTHS)))
    sheet.write_row(3, 0, ("Sheet", "Dùng để", "Gõ gì, ở đâu"), header)
    rows = _GUIDE_SHEETS + ((_CONF_ROW,) if with_buttons else ())
    for row, (sheet_name, purpose, typing) in enumerate(rows, start=4):
        sheet.write_string(row, 0, sheet_name, name)
        sheet.write_string(row, 1, purpose, cell)
        sheet.write_string(row, 2, typing, cell)
        sheet.set_row(row, max(_guide_height(purpose, _GUIDE_WIDTHS[1]), _guide_height(typing, _GUIDE_WIDTHS[2])))
    row = 4 + len(rows) + 1
    if with_buttons:
        sheet.write_string(row, 0, "Các nút bấm (bật macro khi Excel hỏi):", bold)
    elif lite:
        sheet.merge_range(row, 0, row, 2, "Các nút bấm ở bên phải (cần bổ trợ xlwings Lite): kết quả và lỗi hiện ở ô "
                          "trạng thái dưới các nút và trong khung xlwings Lite.", bold)
    else:
        jobs = ("Các việc chibo làm: trong sổ .xlsm tạo bằng lệnh 'chibo new' mỗi việc là một nút bấm; với tệp này, "
                "người cài chibo chạy lệnh 'chibo refresh' (cập nhật sổ) và 'chibo hoso' (soạn bản thảo hồ sơ).")
        sheet.merge_range(row, 0, row, 2, jobs, bold_wrapped)
        sheet.set_row(row, _guide_height(jobs, sum(_GUIDE_WIDTHS)))
    for index, button in enumerate(BUTTONS, start=row + 1):
        sheet.set_row(index, max(BUTTON_ROW_HEIGHT, _guide_height(button.description, sum(_GUIDE_WIDTHS[1:]))))
        sheet.write_string(index, 0, button.caption, name)  # printed even where the button is not
        if with_buttons:
            sheet.insert_button(index, 0, {"macro": button.macro, "caption": button.caption,
                                           "width": 150, "height": 34, "x_offset": 2, "y_offset": 4})
        sheet.merge_range(index, 1, index, 2, button.description, plain)
    last = row + len(BUTTONS) + 2
    errors = ("Khi có lỗi, chibo báo bằng tiếng Việt và nói rõ sổ đã thay đổi hay chưa; chi tiết nằm trong tệp "
              "nhật ký có ghi đường dẫn trong lời báo.")
    if lite:
        errors = ("Khi có lỗi, chibo báo bằng tiếng Việt ở ô trạng thái và trong khung xlwings Lite, nói rõ sổ đã thay "
                  "đổi hay chưa. Luôn lưu sổ dạng .xlsx: mã Python của các nút nằm trong sổ.")
    errors += " Luôn lưu sổ dạng .xlsm để giữ các nút bấm." if with_buttons else ""
    sheet.merge_range(last, 0, last, 2, errors, plain)
    sheet.set_row(last, _guide_height(errors, sum(_GUIDE_WIDTHS)))
    sheet.print_area(0, 0, last, 2)
    sheet.activate()
    return sheet


def build_template(path: Path, year: int, *, lite: bool = False) -> None:
    """Write the macro-enabled workbook for plan year `year` to `path` (.xlsm); with `lite`, the same sheets
    in a macro-free .xlsx without `xlwings.conf`, for `addin.excel.lite_book` to add the Lite buttons to."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        "default_format_properties": {"font_name": FONT, "font_size": 12},
        "strings_to_formulas": False,
        "strings_to_urls": False,
    })
    book.set_properties({"title": f"Sổ theo dõi phát triển đảng viên {year}", "author": "chibo",
                         "created": CREATED, "modified": CREATED})
    book.set_custom_property("chibo_year", str(year))
    if not lite:
        book.add_vba_project(io.BytesIO(vba_project_bin()), is_stream=True)
        book.set_vba_name("ThisWorkbook")
    formats = _Formats(book)
    write_guide(book, with_buttons=not lite, lite=lite)
    _table(book, formats, schema.REGISTER, freeze_cols=2)
    _table(book, formats, schema.MEMBERS, freeze_cols=2)
    _quota(book, formats, year)
    _plan(book, formats, year)
    _table(book, formats, schema.FINDINGS)
    _settings(book, formats, year)
    _table(book, formats, schema.CALENDAR)
    if not lite:
        _conf(book, formats)
    book.close()
    Path(path).write_bytes(buffer.getvalue())


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": FONT, "font_size": 12, "valign": "top"}
        self.header = book.add_format({**base, "bold": True, "text_wrap": True, "align": "center",
                                       "valign": "vcenter", "border": 1, "bg_color": "#FFF2CC"})
        self.owned = book.add_format({**base, "bold": True, "text_wrap": True, "align": "center",
                                      "valign": "vcenter", "border": 1, "bg_color": "#D9E1F2"})
        self.date = book.add_format({**base, "num_format": DATE_FORMAT})
        self.text = book.add_format({**base, "num_format": "@"})
        self.wrap = book.add_format({**base, "text_wrap": True})
        self.percent = book.add_format({**base, "num_format": "0%"})
        self.title = book.add_format({**base, "bold": True, "font_size": 16, "font_color": "#C00000"})
        self.heading = book.add_format({**base, "bold": True, "font_size": 14})
        self.bold = book.add_format({**base, "bold": True})
        self.plain = book.add_format(base)
        self.overdue = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006", "bold": True})
        self.soon = book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})
        self.error = book.add_format({"bg_color": "#F8CBAD"})
        self.warning = book.add_format({"bg_color": "#FFEB9C"})


def _columns(spec: schema.SheetSpec) -> list[tuple[schema.Column, bool]]:
    return [(c, False) for c in spec.columns if c.in_template] + [(c, True) for c in spec.owned_columns]


def _table(book: xlsxwriter.Workbook, f: _Formats, spec: schema.SheetSpec, *, freeze_cols: int = 0, top: int = 0) -> Any:
    """A sheet with the spec's headers in row `top` + 1, formats, widths, lists and frozen panes, printed
    one page wide with the header on every page (an empty table prints its header alone)."""
    sheet = book.add_worksheet(spec.name)
    owned_only = not spec.columns
    dates = _DATE_KEYS.get(spec.key, set())
    yes_no = _YES_NO_KEYS.get(spec.key, set())
    sheet.set_row(top, 48)
    total = 0.0
    for col, (column, owned) in enumerate(_columns(spec)):
        width = _WIDE_KEYS.get(column.key, max(10, min(24, len(column.header) * 0.8 + 3)))
        total += width
        cell_format = f.date if column.key in dates else f.wrap if width >= 24 else f.plain
        sheet.set_column(col, col, width, cell_format)
        sheet.write_string(top, col, column.header, f.owned if owned and not owned_only else f.header)
        if column.key in yes_no:
            _list(sheet, col, "DM_CO_KHONG", "Chọn Có hoặc Không.")
        if spec.key == "calendar" and column.key == "kind":
            _list(sheet, col, "DM_LOAI_NGAY", "'Nghỉ' = nghỉ thêm; 'Làm bù' = ngày làm việc bù.")
        if spec.key == "register" and column.key == "deadline":
            _deadline_highlight(sheet, f, col)
        if spec.key == "findings" and column.key == "severity":
            _severity_highlight(sheet, f, col, len(spec.all_columns) - 1)
    sheet.freeze_panes(top + 1, freeze_cols)
    _print_setup(sheet, landscape=total > PORTRAIT_WIDTH)
    sheet.repeat_rows(top)
    return sheet


def _print_setup(sheet: Any, *, landscape: bool) -> None:
    """A4, one page wide (the rows run on to further pages at full size)."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)


def _list(sheet: Any, col: int, name: str, message: str) -> None:
    sheet.data_validation(1, col, LAST_ROW - 1, col, {
        "validate": "list", "source": f"={name}", "input_message": message, "ignore_blank": True,
        "error_type": "warning", "error_title": "Giá trị không có trong danh mục",
        "error_message": "Hãy chọn trong danh sách.",
    })


def _deadline_highlight(sheet: Any, f: _Formats, col: int) -> None:
    """`Hạn` before the reference date (overdue) in red; within the `Cài đặt` lead time (DEADLINE_SOON) in yellow."""
    cell = f"${xl_col_to_name(col)}2"
    today = f"IF(ISNUMBER({REF_DATE_NAME}),{REF_DATE_NAME},TODAY())"
    area = (1, col, LAST_ROW - 1, col)
    sheet.conditional_format(*area, {"type": "formula", "criteria": f"=AND(ISNUMBER({cell}),{cell}<{today})",
                                     "format": f.overdue, "stop_if_true": True})
    sheet.conditional_format(*area, {"type": "formula",
                                     "criteria": f"=AND(ISNUMBER({cell}),{cell}<=WORKDAY({today},{LEAD_NAME}))",
                                     "format": f.soon})


def _severity_highlight(sheet: Any, f: _Formats, col: int, last_col: int) -> None:
    cell = f"${xl_col_to_name(col)}2"
    sheet.conditional_format(1, 0, LAST_ROW - 1, last_col, {"type": "formula", "criteria": f'={cell}="Lỗi"', "format": f.error})
    sheet.conditional_format(1, 0, LAST_ROW - 1, last_col, {"type": "formula", "criteria": f'={cell}="Cảnh báo"', "format": f.warning})


def _quota(book: xlsxwriter.Workbook, f: _Formats, year: int) -> None:
    """`Chỉ tiêu`: the table under the title row that a refresh completes with the cell's name and the date."""
    top = QUOTA_HEADER_ROW - 1
    sheet = _table(book, f, schema.QUOTA, top=top)
    sheet.write_string(0, 0, QUOTA_TITLE, f.heading)
    for key in ("rate", "resolution_rate"):
        col = [c.key for c in schema.QUOTA.all_columns].index(key)
        sheet.set_column(col, col, 12, f.percent)
    sheet.write_number(top + 1, 0, year)


def _plan(book: xlsxwriter.Workbook, f: _Formats, year: int) -> None:
    sheet = book.add_worksheet(schema.plan_sheet_name(year))
    sheet.write_string(0, 0, f"KẾ HOẠCH PHÁT TRIỂN ĐẢNG VIÊN NĂM {year}", f.title)
    sheet.write_string(1, 0, "Bấm nút 'Lập kế hoạch năm' ở sheet 'Hướng dẫn' để chương trình lập kế hoạch.", f.plain)
    sheet.set_column(0, 0, 12)


def _settings(book: xlsxwriter.Workbook, f: _Formats, year: int) -> None:
    """`Cài đặt`: fixed items, configurable rule parameters with defaults, and the lists."""
    spec = schema.SETTINGS
    sheet = book.add_worksheet(spec.name)
    headers = [c.header for c in spec.columns] + ["Giải thích"]
    for col, header in enumerate(headers):
        sheet.write_string(0, col, header, f.header)
    for col, width in enumerate(_SETTING_WIDTHS):
        sheet.set_column(col, col, width, f.wrap)
    defaults: dict[str, Any] = {"Năm kế hoạch": year, "Tính chỉ tiêu theo": "Ngày quyết định", "Có tổ chức Đoàn": "Có",
                                "Chi bộ có chi ủy": "Có"}
    rows: list[tuple[str, Any, str, str | None]] = []
    for label in ITEMS:
        choice = {"Tính chỉ tiêu theo": "DM_TINH_CHI_TIEU", "Có tổ chức Đoàn": "DM_CO_KHONG",
                  "Chi bộ có chi ủy": "DM_CO_KHONG"}.get(label)
        rows.append((label, defaults.get(label), _SETTING_NOTES.get(label, ""), choice))
    for rule, param in catalogue.configurable_params():
        value = ("Có" if param.default else "Không") if isinstance(param.default, bool) else param.default
        confirm = f" {catalogue.confirm_text()}" if rule.uncertain else ""
        rows.append((param.label, value, f"Mặc định: {value}. {rule.title_vi}.{confirm}",
                     "DM_CO_KHONG" if isinstance(param.default, bool) else None))
    rows += [(label, default, f"Mặc định: {default}. {source}" if isinstance(default, (int, float)) else source,
              None) for label, default, source in planning_settings()]  # a text's default is its value: not repeated
    for row, (label, value, note, choice) in enumerate(rows, start=1):
        sheet.write_string(row, 0, label, f.wrap)
        # Sized to the wrapped label and note: LibreOffice keeps a row's saved height, and lines would overlap.
        texts = (label, value, note)
        sheet.set_row(row, LINE_HEIGHT * max(wrapped_lines(t, w) for t, w in zip(texts, _SETTING_WIDTHS)))
        if label == "Ngày tính":
            sheet.write_blank(row, 1, None, f.date)
            book.define_name(REF_DATE_NAME, f"={_quoted(spec.name)}!{xl_rowcol_to_cell(row, 1, True, True)}")
        elif isinstance(value, (int, float)):
            sheet.write_number(row, 1, value, f.plain)
            if label == catalogue.rule("DEADLINE_SOON").params["lead_working_days"].label:
                book.define_name(LEAD_NAME, f"={_quoted(spec.name)}!{xl_rowcol_to_cell(row, 1, True, True)}")
        elif value is not None:
            sheet.write_string(row, 1, value, f.wrap)
        sheet.write_string(row, 2, note, f.wrap)
        if choice:
            sheet.data_validation(row, 1, row, 1, {"validate": "list", "source": f"={choice}"})
    first, last = xl_rowcol_to_cell(1, 0, True, True), xl_rowcol_to_cell(len(rows), 1, True, True)
    book.define_name(SETTINGS_NAME, f"={_quoted(spec.name)}!{first}:{last}")
    for offset, (name, (header, items)) in enumerate(LISTS.items()):
        col = 4 + offset
        sheet.set_column(col, col, 22)
        sheet.write_string(0, col, header, f.header)
        for row, item in enumerate(items, start=1):
            sheet.write_string(row, col, item, f.plain)
        first, last = xl_rowcol_to_cell(1, col, True, True), xl_rowcol_to_cell(len(items), col, True, True)
        book.define_name(name, f"={_quoted(spec.name)}!{first}:{last}")
    sheet.freeze_panes(1, 1)
    sheet.repeat_rows(0)
    sheet.print_area(0, 0, LAST_EXCEL_ROW, 2)  # Mục, Giá trị, Giải thích: the lists right of them are not printed
    _print_setup(sheet, landscape=True)


# `xlwings.conf`: xlwings' VBA looks a key up on this sheet first, then in an xlwings.conf beside the
# workbook, then in %USERPROFILE%\.xlwings\xlwings.conf, so every key that changes how chibo runs is
# pinned here. Text "False" (not a Boolean cell): VBA turns it into False in any Office language; an
# empty value still counts as set. Chibo lives in site-packages, so the workbook's own folder (which
# may be a OneDrive/SharePoint URL) is not added to sys.path.
CONF_ENTRIES: tuple[tuple[str, str, str], ...] = (
    ("INTERPRETER_WIN", INTERPRETER_WIN,
     "Đường dẫn đầy đủ tới pythonw.exe của môi trường đã cài chibo (xem tài liệu hướng dẫn cài đặt). "
     "Tên người dùng Windows có chữ tiếng Việt: cài vào C:\\chibo\\.venv và ghi C:\\chibo\\.venv\\Scripts\\pythonw.exe."),
    ("UDF MODULES", UDF_MODULE, "Mô-đun Python chứa các hàm DV_…; không sửa."),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "False", "chibo đã cài trong môi trường Python; không thêm thư mục của sổ. Không sửa."),
    ("USE UDF SERVER", "False", "Không sửa."),
    ("DEBUG UDFS", "False", "Không sửa."),
    ("CONDA PATH", "", "Để trống: không dùng Anaconda. Không sửa."),
    ("CONDA ENV", "", "Để trống: không dùng Anaconda. Không sửa."),
)


def _conf(book: xlsxwriter.Workbook, f: _Formats) -> None:
    """`xlwings.conf`: keys in column A from A1 down without a gap, values in B (xlwings' GetConfigFromSheet)."""
    sheet = book.add_worksheet(CONF_SHEET)
    sheet.hide()  # xlwings reads it hidden; the committee neither prints nor edits it
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 80, f.wrap)
    for row, (key, value, note) in enumerate(CONF_ENTRIES):
        sheet.write_string(row, 0, key, f.bold)
        if value:
            sheet.write_string(row, 1, value, f.text)
        else:
            sheet.write_blank(row, 1, None, f.text)
        sheet.write_string(row, 2, note, f.wrap)


def _quoted(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


def vba_project_bin() -> bytes:
    """xlwings' standalone VBA project with `ChiboButtons` and `xlwings_udfs` added, sample macro removed."""
    source = Path(xlwings.__file__).with_name("quickstart_standalone.xlsm")
    buttons = resources.files("addin.excel").joinpath("vba", f"{BUTTON_MODULE}.bas").read_text(encoding="ascii")
    wrappers = udf_wrapper_vba()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "chibo.xlsm"
        shutil.copyfile(source, work)
        with ExcelFile(work) as excel:
            project = excel.vba_project()
            project.delete_module("Module1")
            project.add_module(BUTTON_MODULE, buttons)
            project.add_module(UDF_VBA_MODULE, wrappers)
            excel.save()
        with zipfile.ZipFile(work) as package:
            return package.read("xl/vbaProject.bin")


# The first lines xlwings' `import_udfs` writes (xlwings/udfs.py, 0.37.8). `#Const` is private to its
# module: without it every wrapper compiles its `#Else` branch, which has no error handler and passes
# no caller, so any failure would show a bare #VALUE!.
UDF_MODULE_HEADER = (
    f'Attribute VB_Name = "{UDF_VBA_MODULE}"',
    "'Autogenerated code by xlwings - changes will be lost with next import!",
    """#Const App = "Microsoft Excel" 'Adjust when using outside of Excel""",
)


def udf_wrapper_vba() -> str:
    """The `xlwings_udfs` module "Import Functions" would create for `addin.excel.udfs` (CRLF, ASCII)."""
    with _desktop_udf_api() as api:
        module = _decorated_udfs(api)
        out = io.StringIO()
        api.generate_vba_wrapper(UDF_MODULE, module, out, types.SimpleNamespace(Name="chibo.xlsm"))
    text = "\n".join(UDF_MODULE_HEADER) + "\n" + out.getvalue().replace("\r\n", "\n")
    return text.replace("\n", "\r\n")


@contextlib.contextmanager
def _desktop_udf_api() -> Iterator[types.ModuleType]:
    """`xlwings.udfs` (desktop decorators, VBA generator); off Windows behind pywin32 stand-ins, undone on exit."""
    if sys.platform.startswith("win"):
        yield importlib.import_module("xlwings.udfs")
        return
    names = ("pythoncom", "pywintypes", "win32com", "win32com.client", "xlwings.udfs")
    saved = {name: sys.modules.get(name) for name in names}
    stubs = {name: types.ModuleType(name) for name in names[:-1]}
    stubs["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    stubs["win32com.client"].Dispatch = None  # type: ignore[attr-defined]
    had_attribute = hasattr(xlwings, "udfs")
    try:
        sys.modules.pop("xlwings.udfs", None)
        sys.modules.update(stubs)
        yield importlib.import_module("xlwings.udfs")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        if not had_attribute and hasattr(xlwings, "udfs"):
            delattr(xlwings, "udfs")


def _decorated_udfs(api: types.ModuleType) -> types.ModuleType:
    """A private copy of `addin.excel.udfs` decorated by xlwings' desktop decorators."""
    if hasattr(udfs.DV_TUOI, "__xlfunc__"):
        return udfs
    saved = (xlwings.func, xlwings.arg, xlwings.ret)
    spec = importlib.util.spec_from_file_location(UDF_MODULE, udfs.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        xlwings.func, xlwings.arg, xlwings.ret = api.xlfunc, api.xlarg, api.xlret
        spec.loader.exec_module(module)
    finally:
        xlwings.func, xlwings.arg, xlwings.ret = saved
    return module
