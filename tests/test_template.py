"""The workbook template: reproducible, VBA and buttons wired, sheets as DESIGN §2, opens in LibreOffice."""
from __future__ import annotations

import re
import subprocess
import types
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlwings
from uno_session import run_uno
from xlwings_import import decorated_udfs, desktop_udf_api, generated_vba

from addin.excel import template, udfs
from addin.excel.template import BUTTONS, CONF_SHEET, GUIDE_SHEET, INTERPRETER_WIN, UDF_MODULE, build_template
from addin.rules import catalogue
from addin.rules.plan import planning_settings
from addin.rules.settings import ITEMS, read_settings
from addin.rules.text import fold
from addin.workbook import schema

COMMITTED = Path(__file__).resolve().parents[1] / "workbooks" / "chibo-mau.xlsm"
YEAR = 2027
SHEET_ORDER = [GUIDE_SHEET, "Theo dõi", "Đảng viên", "Chỉ tiêu", "Kế hoạch 2027", "Kiểm tra", "Cài đặt",
               "Ngày nghỉ", CONF_SHEET]
HANDLERS = {"KiemTraHoSo": "check", "CapNhatChiTieu": "quota", "LapKeHoachNam": "plan", "LamMoiTatCa": "refresh",
            "SoanHoSo": "dossiers"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "KeHoach.xlsm"
    build_template(path, YEAR)
    return path


@pytest.fixture(scope="module")
def book(built: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built)


def test_rebuild_is_byte_identical_to_the_committed_template(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsm"
    build_template(again, YEAR)
    assert built.read_bytes() == again.read_bytes()
    assert built.read_bytes() == COMMITTED.read_bytes(), "rebuild workbooks/chibo-mau.xlsm (see addin/excel/template.py)"


def test_other_year_changes_the_plan_sheet(tmp_path: Path) -> None:
    path = tmp_path / "2028.xlsm"
    build_template(path, 2028)
    assert "Kế hoạch 2028" in openpyxl.load_workbook(path).sheetnames


def test_macro_enabled_package(built: Path) -> None:
    with zipfile.ZipFile(built) as package:
        types = package.read("[Content_Types].xml").decode()
        workbook = package.read("xl/workbook.xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
        assert "application/vnd.ms-office.vbaProject" in types
        assert '<workbookPr codeName="ThisWorkbook"' in workbook
        for name in package.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                ElementTree.fromstring(package.read(name))  # every part is well-formed


def _modules(path: Path) -> dict[str, str]:
    with warnings.catch_warnings():  # oletools uses deprecated pyparsing names
        warnings.simplefilter("ignore")
        from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(path))
    try:
        return {Path(stream).stem: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def test_vba_modules_and_button_macros(built: Path) -> None:
    modules = _modules(built)
    assert {"ThisWorkbook", "Sheet1", "Sheet2", "xlwings", "Dictionary", "ChiboButtons", "xlwings_udfs"} <= set(modules)
    assert "Module1" not in modules  # xlwings' SampleCall would import a module named after the file
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in modules["xlwings"]  # matches the DLL pip installs
    buttons = modules["ChiboButtons"]
    assert buttons.isascii()
    for button in BUTTONS:
        body = re.search(rf"Sub {button.macro}\(\)\s*(.*?)End Sub", buttons, re.S)
        assert body, button.macro
        assert body.group(1).strip() == f'RunPython "import addin.excel.buttons as b; b.{HANDLERS[button.macro]}()"'
        assert button.handler == HANDLERS[button.macro]
    wrappers = modules["xlwings_udfs"]
    for name in (n for n in dir(udfs) if n.startswith("DV_")):
        assert re.search(rf'^Function {name}\(', wrappers, re.M), name
        assert f'XLPy.CallUDF("{UDF_MODULE}", "{name}"' in wrappers


class _RecordingWorkbook:
    """What xlwings' `import_udfs` talks to over COM: records the module file it imports and the
    function descriptions it registers; there is no `xlwings_udfs` to remove yet."""

    Name = "KeHoach.xlsm"

    def __init__(self, com_error: type[Exception]) -> None:
        self.imported: str | None = None
        self.described: dict[str, str] = {}
        workbook = self

        class Components:
            def __call__(self, name: str) -> None:
                raise com_error(name)

            def Remove(self, component: object) -> None:
                raise AssertionError("nothing to remove")

            def Import(self, path: str) -> None:
                workbook.imported = Path(path).read_text(encoding="ascii")

        class Application:
            Version = "16.0"

            def MacroOptions(self, name: str, **options: object) -> None:
                workbook.described[name] = str(options["Description"])

        self.VBProject = types.SimpleNamespace(VBComponents=Components())
        self.Application = Application()


def test_udf_module_is_what_xlwings_import_functions_writes(built: Path) -> None:
    """xlwings' own `import_udfs` (the "Import Functions" button) run on `addin.excel.udfs`: the
    module in the workbook is line for line the file it imports, header included."""
    with desktop_udf_api() as api:
        api.pywintypes.com_error = type("com_error", (Exception,), {})
        api.__pro__ = False  # a user's machine has no xlwings PRO licence
        api.udf_modules[UDF_MODULE] = {"module": decorated_udfs(api), "filetime": None}
        workbook = _RecordingWorkbook(api.pywintypes.com_error)
        try:
            api.import_udfs(UDF_MODULE, workbook)
        finally:
            api.udf_modules.pop(UDF_MODULE)
    assert workbook.imported is not None
    xlwings_lines = workbook.imported.splitlines()
    assert xlwings_lines[:3] == ['Attribute VB_Name = "xlwings_udfs"',
                                 "'Autogenerated code by xlwings - changes will be lost with next import!",
                                 """#Const App = "Microsoft Excel" 'Adjust when using outside of Excel"""]
    stored = _modules(built)["xlwings_udfs"]
    assert stored.splitlines() == xlwings_lines  # read back from the .xlsm's VBA project
    ours = template.udf_wrapper_vba()
    assert ours.endswith("\r\n") and "\n" not in ours.replace("\r\n", "")  # CRLF throughout, as VBA stores it
    assert ours.replace("\r\n", "\n") == workbook.imported.replace("\r\n", "\n")
    assert set(workbook.described) == {f"'KeHoach.xlsm'!{n}" for n in dir(udfs) if n.startswith("DV_")}
    assert ours == generated_vba()  # the committed module is what xlwings' generator writes today


def test_four_buttons_bound_to_their_macros(built: Path) -> None:
    with zipfile.ZipFile(built) as package:
        vml = package.read("xl/drawings/vmlDrawing1.vml").decode()
        rels = package.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "vmlDrawing1.vml" in rels  # on the first sheet, `Hướng dẫn`
    shapes = re.findall(r"<v:shape .*?</v:shape>", vml, re.S)
    found = {}
    for shape in shapes:
        if 'ObjectType="Button"' in shape:
            caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>", shape, re.S).group(0)).strip()
            found[caption] = re.search(r"<x:FmlaMacro>(.*?)</x:FmlaMacro>", shape).group(1)
    assert found == {b.caption: f"[0]!{b.macro}" for b in BUTTONS}
    assert [b.caption for b in BUTTONS] == ["Kiểm tra hồ sơ", "Cập nhật chỉ tiêu", "Lập kế hoạch năm", "Làm mới tất cả",
                                         "Soạn hồ sơ"]


def test_sheets_and_headers_follow_the_schema(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEET_ORDER
    for spec in (schema.REGISTER, schema.MEMBERS, schema.QUOTA, schema.CALENDAR, schema.FINDINGS):
        sheet = book[spec.name]
        # `Chỉ tiêu` and `Kiểm tra` under their titles (issue 17), as a refresh writes them
        top = 4 if spec in (schema.QUOTA, schema.FINDINGS) else 1
        assert [c.value for c in sheet[top]] == [c.header for c in spec.all_columns if c.in_template], spec.name
        assert sheet.freeze_panes in (f"A{top + 1}", "C2")
    assert book[schema.QUOTA.name]["A1"].value == "CHỈ TIÊU VÀ KẾT QUẢ KẾT NẠP ĐẢNG VIÊN"
    assert [book[schema.FINDINGS.name][c].value for c in ("A1", "A2")] == [
        "KẾT QUẢ KIỂM TRA HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN", "Chi bộ …… – tính đến ngày ……"]  # not yet checked
    assert book[schema.QUOTA.name]["A5"].value == 2027
    register = book[schema.REGISTER.name]
    assert register.freeze_panes == "C2"
    written = [c for c in schema.REGISTER.all_columns if c.in_template]  # `Đảng viên` is read, never written
    assert "party_member" not in {c.key for c in written}
    letters = {c.header: openpyxl.utils.get_column_letter(i) for i, c in enumerate(written, 1)}
    for header in ("Ngày vào nguồn", "Ngày lễ kết nạp", "Ngày quyết định chính thức", "Hạn"):
        assert register.column_dimensions[letters[header]].number_format == "dd/mm/yyyy", header
    assert register.column_dimensions[letters["Ngày sinh"]].number_format == "General"  # a bare year stays 2001
    assert register.column_dimensions[letters["Họ và tên"]].width >= 20
    assert book._fonts[0].name == "Times New Roman"
    assert book["Kế hoạch 2027"]["A1"].value == "KẾ HOẠCH PHÁT TRIỂN ĐẢNG VIÊN NĂM 2027"


def test_xlwings_conf_sheet(book: openpyxl.Workbook, built: Path) -> None:
    """Every key that changes how xlwings runs chibo is on the sheet, so that neither an xlwings.conf
    beside the workbook nor %USERPROFILE%\\.xlwings\\xlwings.conf can change it."""
    sheet = book[CONF_SHEET]
    # xlwings' GetConfigFromSheet reads keys from A1 down to the first gap, values in column B
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=1, max_row=8, max_col=2)] == [
        ("INTERPRETER_WIN", r"%LOCALAPPDATA%\chibo\.venv\Scripts\pythonw.exe"),
        ("UDF MODULES", "addin.excel.udfs"),
        ("ADD_WORKBOOK_TO_PYTHONPATH", "False"),  # chibo is in site-packages; a OneDrive URL is never resolved
        ("USE UDF SERVER", "False"),
        ("DEBUG UDFS", "False"),
        ("CONDA PATH", None),  # present and empty: no conda activation
        ("CONDA ENV", None),
        (None, None)]
    assert INTERPRETER_WIN == r"%LOCALAPPDATA%\chibo\.venv\Scripts\pythonw.exe"
    assert all(sheet.cell(row, 2).data_type == "s" for row in range(1, 6))  # text "False", not a Boolean cell
    runtime = _modules(built)["xlwings"]
    looked_up = set(re.findall(r'GetConfig\("([^"]+)"', runtime))
    assert {"INTERPRETER_WIN", "ADD_WORKBOOK_TO_PYTHONPATH", "USE UDF SERVER", "DEBUG UDFS", "CONDA PATH",
            "CONDA ENV"} <= looked_up  # the keys are spelled as xlwings' VBA asks for them
    assert "UCase(cell.Value)" in runtime  # keys are compared upper-case, as written here
    # the sheet is consulted before the user's file: GetConfig's first source is the sheet
    sources = re.search(r"Function GetConfig\(.*?End Function", runtime, re.S).group(0)
    assert sources.index("GetConfigFromSheet") < sources.index("GetConfigFilePath()")


def test_settings_sheet_reads_back_without_findings(book: openpyxl.Workbook) -> None:
    sheet = book[schema.SETTINGS.name]
    assert [sheet["A1"].value, sheet["B1"].value] == [c.header for c in schema.SETTINGS.columns]
    items = {fold(row[0].value): (row[0].row, row[1].value)
             for row in sheet.iter_rows(min_row=2, max_col=2) if row[0].value}
    labels = list(ITEMS) + [p.label for _, p in catalogue.configurable_params()]
    labels += [label for label, _, _ in planning_settings()]
    assert set(items) == {fold(label) for label in labels}
    settings, problems = read_settings(items)
    assert problems == []
    assert settings.plan_year == YEAR and settings.quota_basis == "decision" and settings.has_youth_union
    for rule, param in catalogue.configurable_params():
        assert settings.param(rule.id, param.key) == param.default


def test_lists_come_from_named_ranges(book: openpyxl.Workbook) -> None:
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    assert names["DM_CO_KHONG"] == "'Cài đặt'!$E$2:$E$3"
    assert names["DM_LOAI_NGAY"] == "'Cài đặt'!$F$2:$F$3"
    assert names["DM_TINH_CHI_TIEU"] == "'Cài đặt'!$G$2:$G$3"
    settings = book["Cài đặt"]
    assert [settings[c].value for c in ("E2", "E3", "F2", "F3", "G2", "G3")] == [
        "Có", "Không", "Nghỉ", "Làm bù", "Ngày quyết định", "Ngày lễ kết nạp"]
    lists = {}
    for sheet in book.worksheets:
        for rule in sheet.data_validations.dataValidation:
            assert rule.type == "list" and "!" not in rule.formula1  # a name, never a cross-sheet reference
            lists.setdefault(sheet.title, set()).add(rule.formula1)
    assert lists == {"Theo dõi": {"DM_CO_KHONG"}, "Đảng viên": {"DM_CO_KHONG"}, "Ngày nghỉ": {"DM_LOAI_NGAY"},
                     "Cài đặt": {"DM_CO_KHONG", "DM_TINH_CHI_TIEU"}}


def test_overdue_deadlines_are_highlighted(book: openpyxl.Workbook) -> None:
    register = book[schema.REGISTER.name]
    column = openpyxl.utils.get_column_letter(len([c for c in schema.REGISTER.all_columns if c.in_template]))
    assert register[f"{column}1"].value == "Hạn"
    formulas = [(str(area.sqref), rule.formula[0]) for area in register.conditional_formatting for rule in area.rules]
    assert (f"{column}2:{column}1000", f"AND(ISNUMBER(${column}2),${column}2<IF(ISNUMBER(NGAY_TINH),NGAY_TINH,TODAY()))") in formulas
    assert book.defined_names["NGAY_TINH"].attr_text == "'Cài đặt'!$B$6"
    assert book["Cài đặt"]["A6"].value == "Ngày tính"


def test_due_soon_highlight_and_functions_read_cai_dat(book: openpyxl.Workbook) -> None:
    """The yellow highlight uses the DEADLINE_SOON lead time of `Cài đặt`, not a number of its own."""
    register = book[schema.REGISTER.name]
    formulas = [rule.formula[0] for area in register.conditional_formatting for rule in area.rules]
    assert any("WORKDAY(" in f and ",CANH_BAO_TRUOC_HAN)" in f for f in formulas)
    lead = book.defined_names["CANH_BAO_TRUOC_HAN"].attr_text
    sheet, cell = lead.split("!")
    assert sheet == "'Cài đặt'" and book["Cài đặt"][cell.replace("$", "")].value == 10
    assert book["Cài đặt"][cell.replace("$", "").replace("B", "A")].value == "Cảnh báo trước hạn (ngày làm việc)"
    area = book.defined_names["CAI_DAT"].attr_text
    assert area.startswith("'Cài đặt'!$A$2:$B$")


# --- LibreOffice, the second real client -------------------------------------------------------


@pytest.mark.needs("soffice")
def test_libreoffice_renders_it(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(built)], capture_output=True, text=True, timeout=180)
    assert "Error:" not in done.stdout + done.stderr  # the exit code is always 0
    pdf = out / "KeHoach.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


_INSPECT = """
    doc = load(args[0])
    libraries = doc.BasicLibraries
    libraries.loadLibrary("VBAProject")
    result.update({"modules": sorted(libraries.getByName("VBAProject").ElementNames),
                   "buttons": form_buttons(doc.Sheets.getByIndex(0).DrawPage),
                   "names": sorted(doc.NamedRanges.ElementNames)})
    doc.close(True)
"""


@pytest.mark.needs("soffice", "uno")
def test_libreoffice_binds_each_button_to_its_macro(built: Path, tmp_path: Path) -> None:
    seen = run_uno(_INSPECT, [str(built)], tmp_path)
    assert {"ChiboButtons", "xlwings", "xlwings_udfs", "Dictionary", "ThisWorkbook"} <= set(seen["modules"])
    assert seen["buttons"] == [
        [b.caption, [f"vnd.sun.star.script:VBAProject.ChiboButtons.{b.macro}?language=Basic&location=document"]]
        for b in BUTTONS]
    assert {"DM_CO_KHONG", "DM_LOAI_NGAY", "DM_TINH_CHI_TIEU", "NGAY_TINH"} <= set(seen["names"])


def test_a_new_workbook_refreshes_in_place_and_keeps_its_macros(built: Path, tmp_path: Path) -> None:
    """`chibo new` then `chibo refresh`, twice: the placeholder plan sheet becomes the document, VBA and buttons stay."""
    import datetime as dt
    import shutil

    from addin.files.jobs import refresh_file

    path = tmp_path / "SoMoi.xlsm"
    shutil.copy(built, path)
    with zipfile.ZipFile(path) as z:
        vba = z.read("xl/vbaProject.bin")
    for _ in range(2):
        result = refresh_file(path, as_of=dt.date(2026, 11, 16))
        assert result.ok, result.error
    wb = openpyxl.load_workbook(path, keep_vba=True)
    plan = wb[f"Kế hoạch {YEAR}"]
    texts = [c.value for row in plan.iter_rows(max_row=40) for c in row if c.value]
    assert "KẾ HOẠCH" in texts and "T/M CHI ỦY" in [c.value for row in plan.iter_rows() for c in row]
    assert texts.count("KẾ HOẠCH") == 1  # the second refresh filled the same document, not a second one
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert sum(z.read(n).count(b"<x:FmlaMacro>") for n in z.namelist() if n.endswith(".vml")) == len(BUTTONS)


def test_written_by_chibos_package_writer_and_round_trips_through_openpyxl(built: Path, tmp_path: Path) -> None:
    """Issue 19: the new workbook comes from chibo's package writer (no XlsxWriter in it); openpyxl reads and
    rewrites it with its sheets, lists, highlights and VBA."""
    with zipfile.ZipFile(built) as package:
        app = package.read("docProps/app.xml").decode()
        core = package.read("docProps/core.xml").decode()
    assert "<Application>chibo</Application>" in app and "XlsxWriter" not in app + core
    assert "<vt:i4>9</vt:i4>" in app  # the nine sheets listed
    again = tmp_path / "again.xlsm"
    openpyxl.load_workbook(built, keep_vba=True).save(again)
    book = openpyxl.load_workbook(again, keep_vba=True)
    assert book.sheetnames == SHEET_ORDER and book[CONF_SHEET].sheet_state == "hidden"
    assert book["Ngày nghỉ"].data_validations.dataValidation[0].formula1 == "DM_LOAI_NGAY"
    assert len(book["Theo dõi"].conditional_formatting) == 1 and book["Cài đặt"]["A2"].value == "Tên chi bộ"
    with zipfile.ZipFile(again) as package:
        assert package.read("xl/vbaProject.bin") == zipfile.ZipFile(built).read("xl/vbaProject.bin")
