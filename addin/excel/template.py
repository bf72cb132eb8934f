"""The workbook `chibo new` writes: every sheet of DESIGN §2, the buttons and the VBA project.

A blank package (`addin.files.blank`) with the sheets as neutral `SheetUpdate`s, written by the package
writer a refresh uses; `Cài đặt`, `Ngày nghỉ` and the empty tables come from `addin.workbook.new_sheets`,
the builders a refresh takes for a sheet a workbook lacks. The .xlsm's VBA project is one more part: xlwings'
standalone project (runtime module `xlwings`) with our button macros (`vba/ChiboButtons.bas`) and the
`xlwings_udfs` wrappers of `addin.excel.udfs` (`vba/xlwings_udfs.bas`, what xlwings' "Import Functions" writes,
checked by a test) added with pyOpenVBA, so that neither "Import Functions" nor VBA-project trust is needed.
The buttons are form controls in a VML part of `Hướng dẫn`. The same inputs give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import xlwings
from pyopenvba import ExcelFile

from addin.files.blank import blank_workbook
from addin.files.splice import write_updates
from addin.rules.settings import Settings
from addin.workbook import schema
from addin.workbook.new_sheets import plan_placeholder, quota_update, settings_update, table_update
from addin.workbook.outputs import findings_update, wrapped_lines
from addin.workbook.updates import FONT, Block, Cell, CellStyle, MacroButton, PageSetup, SheetUpdate

UDF_MODULE = "addin.excel.udfs"
INTERPRETER_WIN = r"%LOCALAPPDATA%\chibo\.venv\Scripts\pythonw.exe"
BUTTON_MODULE = "ChiboButtons"
UDF_VBA_MODULE = "xlwings_udfs"
GUIDE_SHEET = schema.GUIDE_SHEET
CONF_SHEET = "xlwings.conf"
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
_GUIDE_WIDTHS = (22.0, 36.0, 44.0)  # A: sheet or button, B: what for, C: what to type
GUIDE_LINE = 15.0  # points a line of 11-pt text takes
BUTTON_ROW_HEIGHT = 42.0  # a 34-point button with its offset
GUIDE_MARGINS_MM = (15.24, 15.24, 15.24, 12.7)  # top, bottom, left, right: 0.6, 0.6, 0.6, 0.5 inch
_BASE = CellStyle(font_name=FONT, font_size=11, v_align="top", wrap=True)
_GUIDE_CELL = replace(_BASE, border=True)
_GUIDE_NAME = replace(_GUIDE_CELL, bold=True)
_GUIDE_HEADER = replace(_GUIDE_NAME, fill="#FFF2CC", h_align="center")
_GUIDE_BOLD_WRAPPED = replace(_BASE, bold=True)
_GUIDE_BOLD = replace(_GUIDE_BOLD_WRAPPED, wrap=False)


def _guide_height(text: str, width: float) -> float:
    """A guide row's height: every line of `text` wrapped in a column `width` characters wide, none cut."""
    return GUIDE_LINE * wrapped_lines(text, width) + 4


def guide_update(*, with_buttons: bool, lite: bool = False) -> SheetUpdate:
    """The first sheet `Hướng dẫn`: what each sheet is for, what to type where, what the buttons do.

    Printable on one A4 page (portrait, one page wide). `with_buttons` draws the form buttons
    (the .xlsm of `chibo new`); `lite` says where the Lite buttons are; otherwise the guide names the commands.
    """
    full = sum(_GUIDE_WIDTHS)
    cells: list[Block] = [Block(1, 1, ((Cell("HƯỚNG DẪN DÙNG SỔ THEO DÕI PHÁT TRIỂN ĐẢNG VIÊN",
                                            replace(_BASE, font_size=14, bold=True, font_color="#C00000", wrap=False)),),))]
    intro = ("Chi ủy gõ dữ liệu vào các sheet dưới đây; chương trình chibo kiểm tra hồ sơ, tính chỉ tiêu, lập kế hoạch "
             "năm và chỉ ghi vào các cột, sheet của nó.")
    cells.append(Block(2, 1, ((Cell(intro, _BASE), Cell(None, _BASE), Cell(None, _BASE)),)))
    merges = ["A2:C2"]
    heights = {2: _guide_height(intro, full)}
    cells.append(Block(4, 1, (tuple(Cell(h, _GUIDE_HEADER) for h in ("Sheet", "Dùng để", "Gõ gì, ở đâu")),)))
    rows = _GUIDE_SHEETS + ((_CONF_ROW,) if with_buttons else ())
    for row, (sheet_name, purpose, typing) in enumerate(rows, start=5):
        cells.append(Block(row, 1, ((Cell(sheet_name, _GUIDE_NAME), Cell(purpose, _GUIDE_CELL), Cell(typing, _GUIDE_CELL)),)))
        heights[row] = max(_guide_height(purpose, _GUIDE_WIDTHS[1]), _guide_height(typing, _GUIDE_WIDTHS[2]))
    row = 5 + len(rows) + 1
    if with_buttons:
        cells.append(Block(row, 1, ((Cell("Các nút bấm (bật macro khi Excel hỏi):", _GUIDE_BOLD),),)))
    else:
        if lite:
            text, look = ("Các nút bấm ở bên phải (cần bổ trợ xlwings Lite): kết quả và lỗi hiện ở ô trạng thái dưới "
                          "các nút và trong khung xlwings Lite.", _GUIDE_BOLD)
        else:
            text, look = ("Các việc chibo làm: trong sổ .xlsm tạo bằng lệnh 'chibo new' mỗi việc là một nút bấm; với tệp "
                          "này, người cài chibo chạy lệnh 'chibo refresh' (cập nhật sổ) và 'chibo hoso' (soạn bản thảo hồ "
                          "sơ).", _GUIDE_BOLD_WRAPPED)
            heights[row] = _guide_height(text, full)
        cells.append(Block(row, 1, ((Cell(text, look), Cell(None, look), Cell(None, look)),)))
        merges.append(f"A{row}:C{row}")
    buttons = []
    for index, button in enumerate(BUTTONS, start=row + 1):
        heights[index] = max(BUTTON_ROW_HEIGHT, _guide_height(button.description, sum(_GUIDE_WIDTHS[1:])))
        cells.append(Block(index, 1, ((Cell(button.caption, _GUIDE_NAME),  # printed even where the button is not
                                       Cell(button.description, _BASE), Cell(None, _BASE)),)))
        merges.append(f"B{index}:C{index}")
        if with_buttons:
            buttons.append(MacroButton(button.caption, button.macro, index, 1))
    last = row + len(BUTTONS) + 2
    errors = ("Khi có lỗi, chibo báo bằng tiếng Việt và nói rõ sổ đã thay đổi hay chưa; chi tiết nằm trong tệp "
              "nhật ký có ghi đường dẫn trong lời báo.")
    if lite:
        errors = ("Khi có lỗi, chibo báo bằng tiếng Việt ở ô trạng thái và trong khung xlwings Lite, nói rõ sổ đã thay "
                  "đổi hay chưa. Luôn lưu sổ dạng .xlsx: mã Python của các nút nằm trong sổ.")
    errors += " Luôn lưu sổ dạng .xlsm để giữ các nút bấm." if with_buttons else ""
    cells.append(Block(last, 1, ((Cell(errors, _BASE), Cell(None, _BASE), Cell(None, _BASE)),)))
    merges.append(f"A{last}:C{last}")
    heights[last] = _guide_height(errors, full)
    return SheetUpdate(
        sheet=GUIDE_SHEET,
        blocks=tuple(cells),
        merges=tuple(merges),
        column_widths={i: w for i, w in enumerate(_GUIDE_WIDTHS, start=1)},
        row_heights=heights,
        gridlines=False,
        page_setup=PageSetup(margins_mm=GUIDE_MARGINS_MM, fit_to_width=True, print_areas=(f"A1:C{last}",)),
        buttons=tuple(buttons),
    )


def template_updates(year: int, *, lite: bool = False) -> list[SheetUpdate]:
    """Every sheet of the new workbook for plan year `year`, in order (the .xlsm's with their VBA code names)."""
    updates = [
        guide_update(with_buttons=not lite, lite=lite),
        table_update(schema.REGISTER, freeze_columns=2),
        table_update(schema.MEMBERS, freeze_columns=2),
        quota_update(year),
        plan_placeholder(year),
        findings_update([], {}, None, None, Settings(), None),  # the sheet refresh writes, with nothing found yet
        settings_update(year),
        table_update(schema.CALENDAR),
    ]
    if lite:
        return updates
    updates.append(conf_update())
    return [replace(u, code_name=f"Sheet{i}") for i, u in enumerate(updates, start=1)]


def build_template(path: Path, year: int, *, lite: bool = False) -> None:
    """Write the macro-enabled workbook for plan year `year` to `path` (.xlsm); with `lite`, the same sheets
    in a macro-free .xlsx without `xlwings.conf`, for `addin.excel.lite_book` to add the Lite buttons to."""
    blank = blank_workbook(vba=None if lite else vba_project_bin(),
                           title=f"Sổ theo dõi phát triển đảng viên {year}", created=CREATED)
    write_updates(blank, Path(path), template_updates(year, lite=lite))


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


_CONF_PLAIN = CellStyle(font_name=FONT, font_size=12, v_align="top")
_CONF_BOLD = replace(_CONF_PLAIN, bold=True)
_CONF_TEXT = replace(_CONF_PLAIN, number_format="@")
_CONF_WRAP = replace(_CONF_PLAIN, wrap=True)


def conf_update() -> SheetUpdate:
    """`xlwings.conf`, hidden: keys in column A from A1 down without a gap, values in B (xlwings' GetConfigFromSheet)."""
    rows = tuple((Cell(key, _CONF_BOLD), Cell(value or None, _CONF_TEXT), Cell(note, _CONF_WRAP))
                 for key, value, note in CONF_ENTRIES)
    return SheetUpdate(sheet=CONF_SHEET, blocks=(Block(1, 1, rows),), column_widths={1: 30.0, 2: 60.0, 3: 80.0},
                       column_styles={3: _CONF_WRAP}, hidden=True)


def vba_project_bin() -> bytes:
    """xlwings' standalone VBA project with `ChiboButtons` and `xlwings_udfs` added, sample macro removed."""
    source = Path(xlwings.__file__).with_name("quickstart_standalone.xlsm")
    buttons = resources.files("addin.excel").joinpath("vba", f"{BUTTON_MODULE}.bas").read_text(encoding="ascii")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "chibo.xlsm"
        shutil.copyfile(source, work)
        with ExcelFile(work) as excel:
            project = excel.vba_project()
            project.delete_module("Module1")
            project.add_module(BUTTON_MODULE, buttons)
            project.add_module(UDF_VBA_MODULE, udf_wrapper_vba())
            excel.save()
        with zipfile.ZipFile(work) as package:
            return package.read("xl/vbaProject.bin")


def udf_wrapper_vba() -> str:
    """The `xlwings_udfs` module "Import Functions" writes for `addin.excel.udfs` (CRLF, ASCII): the committed
    `vba/xlwings_udfs.bas`, rewritten by `python tests/xlwings_import.py` and checked against xlwings by the tests."""
    text = resources.files("addin.excel").joinpath("vba", f"{UDF_VBA_MODULE}.bas").read_text(encoding="ascii")
    return text.replace("\r\n", "\n").replace("\n", "\r\n")
