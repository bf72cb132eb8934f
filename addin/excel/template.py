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

UDF_MODULE = "addin.excel.udfs"
INTERPRETER_WIN = r"%LOCALAPPDATA%\chibo\.venv\Scripts\pythonw.exe"
BUTTON_MODULE = "ChiboButtons"
UDF_VBA_MODULE = "xlwings_udfs"
GUIDE_SHEET = "Hướng dẫn"
CONF_SHEET = "xlwings.conf"
FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
LAST_ROW = 1000  # data-validation and formats reach down to this Excel row
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
}
_GUIDE_LINES = (
    "Sổ theo dõi công tác phát triển đảng viên của chi bộ, có các nút bấm chạy chương trình chibo.",
    "",
    "Cách dùng:",
    "1. Ghi tên chi bộ, năm kế hoạch… ở sheet 'Cài đặt'.",
    "2. Mỗi quần chúng (từ khi vào nguồn đến khi là đảng viên chính thức) ghi một dòng ở sheet 'Theo dõi'.",
    "   Ngày ghi dạng dd/mm/yyyy (ví dụ 02/02/2026). Các cột Giai đoạn, Kết quả kiểm tra, Việc tiếp theo, Hạn do chương trình ghi.",
    "3. Danh sách đảng viên của chi bộ ghi ở sheet 'Đảng viên' (để kiểm tra người giới thiệu và số đảng viên chính thức).",
    "4. Chỉ tiêu kết nạp được giao ghi ở sheet 'Chỉ tiêu'; ngày nghỉ thêm, ngày làm bù ghi ở sheet 'Ngày nghỉ'.",
    "5. Bấm một nút dưới đây. Khi có lỗi, chương trình báo và ghi rõ đường dẫn tệp nhật ký.",
    "",
    "Hàm dùng trong ô: DV_TUOI, DV_THANG_TUOI, DV_HET_DU_BI, DV_HAN_LE_KET_NAP, DV_HAN_XET_CHINH_THUC,",
    "DV_HAN_QUYET_DINH, DV_NGAY_LAM_VIEC, DV_GCN_CON_HAN, DV_GIAI_DOAN (xem tài liệu hướng dẫn).",
    "Ví dụ: =DV_HAN_LE_KET_NAP(\"02/02/2026\") cho 23/03/2026.",
    "",
    "Sheet 'xlwings.conf': INTERPRETER_WIN là đường dẫn tới pythonw.exe đã cài chibo; sửa nếu cài chỗ khác.",
)


def build_template(path: Path, year: int) -> None:
    """Write the macro-enabled workbook for plan year `year` to `path` (.xlsm)."""
    vba = vba_project_bin()
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
    book.add_vba_project(io.BytesIO(vba), is_stream=True)
    book.set_vba_name("ThisWorkbook")
    formats = _Formats(book)
    _guide(book, formats)
    _table(book, formats, schema.REGISTER, freeze_cols=2)
    _table(book, formats, schema.MEMBERS, freeze_cols=2)
    _quota(book, formats, year)
    _plan(book, formats, year)
    _table(book, formats, schema.FINDINGS)
    _settings(book, formats, year)
    _table(book, formats, schema.CALENDAR)
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
        self.bold = book.add_format({**base, "bold": True})
        self.plain = book.add_format(base)
        self.overdue = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006", "bold": True})
        self.soon = book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})
        self.error = book.add_format({"bg_color": "#F8CBAD"})
        self.warning = book.add_format({"bg_color": "#FFEB9C"})


def _guide(book: xlsxwriter.Workbook, f: _Formats) -> None:
    sheet = book.add_worksheet(GUIDE_SHEET)
    sheet.hide_gridlines(2)
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 2, 110)
    sheet.write(0, 1, "SỔ THEO DÕI CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN", f.title)
    for row, line in enumerate(_GUIDE_LINES, start=2):
        sheet.write_string(row, 1, line, f.bold if line.endswith(":") else f.plain)
    first = len(_GUIDE_LINES) + 3
    for index, button in enumerate(BUTTONS):
        row = first + 2 * index
        sheet.set_row(row, 30)
        sheet.insert_button(row, 1, {"macro": button.macro, "caption": button.caption,
                                     "width": 200, "height": 34, "x_offset": 2, "y_offset": 2})
        sheet.write_string(row, 2, button.description, f.wrap)
    sheet.activate()


def _columns(spec: schema.SheetSpec) -> list[tuple[schema.Column, bool]]:
    return [(c, False) for c in spec.columns] + [(c, True) for c in spec.owned_columns]


def _table(book: xlsxwriter.Workbook, f: _Formats, spec: schema.SheetSpec, *, freeze_cols: int = 0) -> Any:
    """A sheet with the spec's headers in row 1, formats, widths, lists and frozen panes."""
    sheet = book.add_worksheet(spec.name)
    owned_only = not spec.columns
    dates = _DATE_KEYS.get(spec.key, set())
    yes_no = _YES_NO_KEYS.get(spec.key, set())
    sheet.set_row(0, 48)
    for col, (column, owned) in enumerate(_columns(spec)):
        width = _WIDE_KEYS.get(column.key, max(10, min(24, len(column.header) * 0.8 + 3)))
        cell_format = f.date if column.key in dates else f.wrap if width >= 24 else f.plain
        sheet.set_column(col, col, width, cell_format)
        sheet.write_string(0, col, column.header, f.owned if owned and not owned_only else f.header)
        if column.key in yes_no:
            _list(sheet, col, "DM_CO_KHONG", "Chọn Có hoặc Không.")
        if spec.key == "calendar" and column.key == "kind":
            _list(sheet, col, "DM_LOAI_NGAY", "'Nghỉ' = nghỉ thêm; 'Làm bù' = ngày làm việc bù.")
        if spec.key == "register" and column.key == "deadline":
            _deadline_highlight(sheet, f, col)
        if spec.key == "findings" and column.key == "severity":
            _severity_highlight(sheet, f, col, len(spec.all_columns) - 1)
    sheet.freeze_panes(1, freeze_cols)
    return sheet


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
    sheet = _table(book, f, schema.QUOTA)
    for key in ("rate", "resolution_rate"):
        col = [c.key for c in schema.QUOTA.all_columns].index(key)
        sheet.set_column(col, col, 12, f.percent)
    sheet.write_number(1, 0, year)


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
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 2, 50, f.wrap)
    defaults: dict[str, Any] = {"Năm kế hoạch": year, "Tính chỉ tiêu theo": "Ngày quyết định", "Có tổ chức Đoàn": "Có"}
    rows: list[tuple[str, Any, str, str | None]] = []
    for label in ITEMS:
        choice = {"Tính chỉ tiêu theo": "DM_TINH_CHI_TIEU", "Có tổ chức Đoàn": "DM_CO_KHONG"}.get(label)
        rows.append((label, defaults.get(label), _SETTING_NOTES.get(label, ""), choice))
    for rule, param in catalogue.configurable_params():
        value = ("Có" if param.default else "Không") if isinstance(param.default, bool) else param.default
        confirm = f" {catalogue.confirm_text()}" if rule.uncertain else ""
        rows.append((param.label, value, f"Mặc định: {value} (quy tắc {rule.id}).{confirm}",
                     "DM_CO_KHONG" if isinstance(param.default, bool) else None))
    rows += [(label, default, f"Mặc định: {default}. Căn cứ: {source}", None)
             for label, default, source in planning_settings()]
    for row, (label, value, note, choice) in enumerate(rows, start=1):
        sheet.write_string(row, 0, label, f.plain)
        if label == "Ngày tính":
            sheet.write_blank(row, 1, None, f.date)
            book.define_name(REF_DATE_NAME, f"={_quoted(spec.name)}!{xl_rowcol_to_cell(row, 1, True, True)}")
        elif isinstance(value, (int, float)):
            sheet.write_number(row, 1, value, f.plain)
            if label == catalogue.rule("DEADLINE_SOON").params["lead_working_days"].label:
                book.define_name(LEAD_NAME, f"={_quoted(spec.name)}!{xl_rowcol_to_cell(row, 1, True, True)}")
        elif value is not None:
            sheet.write_string(row, 1, value, f.plain)
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


def _conf(book: xlsxwriter.Workbook, f: _Formats) -> None:
    """`xlwings.conf`: keys in column A from A1 down, values in B (xlwings' GetConfigFromSheet)."""
    sheet = book.add_worksheet(CONF_SHEET)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 2, 80, f.wrap)
    entries = (
        ("INTERPRETER_WIN", INTERPRETER_WIN,
         "Đường dẫn đầy đủ tới pythonw.exe của môi trường đã cài chibo (xem tài liệu hướng dẫn cài đặt)."),
        ("UDF MODULES", UDF_MODULE, "Mô-đun Python chứa các hàm DV_…; không sửa."),
    )
    for row, (key, value, note) in enumerate(entries):
        sheet.write_string(row, 0, key, f.bold)
        sheet.write_string(row, 1, value, f.text)
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


def udf_wrapper_vba() -> str:
    """The `xlwings_udfs` module "Import Functions" would create for `addin.excel.udfs` (CRLF, ASCII)."""
    with _desktop_udf_api() as api:
        module = _decorated_udfs(api)
        out = io.StringIO()
        api.generate_vba_wrapper(UDF_MODULE, module, out, types.SimpleNamespace(Name="chibo.xlsm"))
    text = out.getvalue().replace("\r\n", "\n").replace("\n", "\r\n")
    return f'Attribute VB_Name = "{UDF_VBA_MODULE}"\r\n' + text


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
