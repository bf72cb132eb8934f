"""Worksheet functions: plain calls, the desktop (COM) UDF path emulated, and the VBA wrappers."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest

from addin.excel import udfs
from addin.excel.template import udf_wrapper_vba

D = dt.date
SERIAL_02_02_2026 = 46055.0  # Excel serial of 02/02/2026


# --- (a) plain calls -------------------------------------------------------------------------

def test_age_in_years_and_months() -> None:
    assert udfs.DV_TUOI("15/03/2008", "01/03/2026") == "17 tuổi 11 tháng"
    assert udfs.DV_TUOI(D(2008, 3, 15), dt.datetime(2026, 3, 15)) == "18 tuổi"
    assert udfs.DV_THANG_TUOI("15/03/2008", "01/03/2026") == 215
    assert udfs.DV_THANG_TUOI("15/03/2008", "15/03/2026") == 216


def test_worked_examples() -> None:
    # decision received Monday 02/02/2026 → ceremony by Monday 23/03/2026 (Tết 14–22/02 excluded)
    assert udfs.DV_HAN_LE_KET_NAP("02/02/2026") == D(2026, 3, 23)
    # probation ended Monday 20/04/2026 → recognition vote by Thursday 04/06/2026
    assert udfs.DV_HAN_XET_CHINH_THUC("20/04/2026") == D(2026, 6, 4)
    assert udfs.DV_HET_DU_BI("20/04/2025") == D(2026, 4, 20)
    assert udfs.DV_HET_DU_BI("31/01/2025") == D(2026, 1, 31)
    # course certificate of 15/01/2020 is valid until 15/01/2025 inclusive
    assert udfs.DV_GCN_CON_HAN("15/01/2020", "15/01/2025") is True
    assert udfs.DV_GCN_CON_HAN("15/01/2020", "16/01/2025") is False


def test_working_days() -> None:
    assert udfs.DV_NGAY_LAM_VIEC("02/02/2026", 0) == D(2026, 2, 2)
    assert udfs.DV_NGAY_LAM_VIEC("06/02/2026", 1) == D(2026, 2, 9)  # Friday → Monday
    assert udfs.DV_NGAY_LAM_VIEC("02/02/2026", 30) == udfs.DV_HAN_LE_KET_NAP("02/02/2026")
    assert udfs.DV_HAN_QUYET_DINH("02/02/2026") == udfs.DV_NGAY_LAM_VIEC("02/02/2026", 60)


@pytest.mark.parametrize("raw", ["02/02/2026", "2/2/2026", "02-02-2026", "02.02.2026", "2026-02-02",
                                 SERIAL_02_02_2026, 46055, dt.datetime(2026, 2, 2), D(2026, 2, 2)])
def test_every_date_form_is_accepted(raw: object) -> None:
    assert udfs.DV_HAN_LE_KET_NAP(raw) == D(2026, 3, 23)


def test_override_range_like_the_calendar_sheet() -> None:
    extra_day_off = [["05/02/2026", "Nghỉ"], [None, None]]
    assert udfs.DV_HAN_LE_KET_NAP("02/02/2026", extra_day_off) == D(2026, 3, 24)
    make_up_saturday = [[dt.datetime(2026, 2, 7), "Làm bù"], ["05/02/2026", "Nghỉ"]]
    assert udfs.DV_HAN_LE_KET_NAP("02/02/2026", make_up_saturday) == D(2026, 3, 23)
    assert udfs.DV_NGAY_LAM_VIEC("06/02/2026", 1, [["07/02/2026", "Làm bù"]]) == D(2026, 2, 7)


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: udfs.DV_TUOI("31/02/2000", "01/01/2026"), "Lỗi: ngày sinh '31/02/2000' không phải là ngày có thật"),
    (lambda: udfs.DV_TUOI("2001", "01/01/2026"), "Lỗi: ngày sinh '2001' chưa đủ ngày, tháng, năm (hãy ghi dạng dd/mm/yyyy)"),
    (lambda: udfs.DV_TUOI("01/01/2030", "01/01/2026"), "Lỗi: ngày tính 01/01/2026 trước ngày sinh 01/01/2030"),
    (lambda: udfs.DV_HAN_LE_KET_NAP("hôm qua"), "Lỗi: ngày nhận quyết định 'hôm qua' không phải là ngày (hãy ghi dạng dd/mm/yyyy)"),
    (lambda: udfs.DV_HAN_QUYET_DINH("#N/A"), "Lỗi: ngày chi bộ xét: ô chứa lỗi công thức #N/A"),
    (lambda: udfs.DV_NGAY_LAM_VIEC("02/02/2026", -1), "Lỗi: số ngày '-1' phải là số nguyên từ 0 trở lên"),
    (lambda: udfs.DV_NGAY_LAM_VIEC("02/02/2026", None), "Lỗi: chưa có số ngày làm việc"),
    (lambda: udfs.DV_GCN_CON_HAN(None, "01/01/2026"), "Lỗi: chưa có ngày cấp giấy chứng nhận"),
    (lambda: udfs.DV_HAN_LE_KET_NAP("02/02/2026", [["05/02/2026", "Nghỉ phép"]]),
     "Lỗi: loại ngày 'Nghỉ phép' ở dòng 1 của vùng ngày nghỉ: ghi 'Nghỉ' hoặc 'Làm bù'"),
    (lambda: udfs.DV_HAN_LE_KET_NAP("02/02/2026", [["30/02/2026", "Nghỉ"]]),
     "Lỗi: ngày ở dòng 1 của vùng ngày nghỉ '30/02/2026' không phải là ngày có thật"),
    (lambda: udfs.DV_GIAI_DOAN("01/13/2025", None, None, None, None, None),
     "Lỗi: ngày cấp GCN lớp nhận thức '01/13/2025' không phải là ngày có thật"),
])
def test_bad_input_answers_a_vietnamese_text(call, expected: str) -> None:
    assert call() == expected


def test_empty_dates_give_an_empty_cell() -> None:
    assert udfs.DV_TUOI(None, "01/01/2026") == ""
    assert udfs.DV_HET_DU_BI(None) == ""
    assert udfs.DV_HAN_LE_KET_NAP("") == ""


def test_stage_from_milestones() -> None:
    empty = (None,) * 6
    assert udfs.DV_GIAI_DOAN(*empty) == "Nguồn"
    assert udfs.DV_GIAI_DOAN(*empty, None, "Nguyễn Văn A") == "Học lớp nhận thức"
    assert udfs.DV_GIAI_DOAN("10/01/2025", None, None, None, None, None) == "Hoàn thiện hồ sơ"
    assert udfs.DV_GIAI_DOAN("10/01/2025", "05/05/2025", None, None, None, None) == "Chi bộ đã xét"
    assert udfs.DV_GIAI_DOAN("10/01/2025", "05/05/2025", "20/05/2025", "02/06/2025", None, None) == "Đã có quyết định"
    assert udfs.DV_GIAI_DOAN("10/01/2025", 45782, "20/05/2025", "02/06/2025", "19/06/2025", None) == "Đảng viên dự bị"
    assert udfs.DV_GIAI_DOAN(None, None, None, None, None, "01/07/2026") == "Đảng viên chính thức"


# --- (b) the desktop COM UDF path, emulated in a subprocess (the stubs mutate xlwings) -------

_DESKTOP_HARNESS = textwrap.dedent(r'''
    import datetime as dt, json, sys, types

    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["pythoncom"].CoInitialize = lambda: None
    sys.modules["win32com.client"].Dispatch = None

    import xlwings
    from xlwings import conversion, udfs as desktop

    CELL_ERRORS = {-2146826246: "#N/A", -2146826273: "#VALUE!"}  # as xlwings._xlwindows.cell_errors

    class FakeExcel:
        """The two data hooks of xlwings._xlwindows.Engine: what COM gives, what COM takes."""
        name, type = "excel", "desktop"

        @staticmethod
        def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
            def clean(v):
                if v in ("", None):
                    return empty_as
                if isinstance(v, dt.datetime):
                    return datetime_builder(year=v.year, month=v.month, day=v.day, hour=v.hour, minute=v.minute,
                                            second=v.second, microsecond=v.microsecond, tzinfo=None)
                if number_builder is not None and isinstance(v, float):
                    return number_builder(v)
                if isinstance(v, int) and v in CELL_ERRORS:
                    return CELL_ERRORS[v] if err_to_str else None
                return v
            return [[clean(c) for c in row] for row in data]

        @staticmethod
        def prepare_xl_data_element(x, options):
            if isinstance(x, dt.datetime):
                return x
            if isinstance(x, dt.date):
                return dt.datetime(x.year, x.month, x.day)  # COM receives a VT_DATE
            return "" if x is None else x

    xlwings.engines.add(xlwings.main.Engine(impl=FakeExcel()))
    xlwings.func, xlwings.arg, xlwings.ret = desktop.xlfunc, desktop.xlarg, desktop.xlret
    from addin.excel import udfs

    MISSING = -2147352572  # what COM passes for an omitted optional argument

    def call_udf(name, *args):
        """The steps of xlwings.udfs.call_udf for non-range arguments."""
        f = getattr(udfs, name)
        info = f.__xlfunc__
        values = []
        for i, arg in enumerate(args):
            arg_info = info["args"][min(i, len(info["args"]) - 1)]
            if isinstance(arg, int) and arg == MISSING:
                values.append(arg_info.get("optional"))
            else:
                values.append(conversion.read(None, arg, arg_info["options"]))
        return conversion.write(f(*values), None, info["ret"]["options"])

    def plain(value):
        return json.loads(json.dumps(value, default=lambda o: o.isoformat()))

    com_date = lambda *a: dt.datetime(*a)
    cases = {
        "age_from_com_dates": call_udf("DV_TUOI", com_date(2008, 3, 15), com_date(2026, 3, 1)),
        "months_from_text": call_udf("DV_THANG_TUOI", "15/03/2008", "01/03/2026"),
        "ceremony_from_com_date": call_udf("DV_HAN_LE_KET_NAP", com_date(2026, 2, 2), MISSING),
        "ceremony_from_serial": call_udf("DV_HAN_LE_KET_NAP", 46055.0, MISSING),
        "ceremony_from_text": call_udf("DV_HAN_LE_KET_NAP", "02/02/2026", MISSING),
        "ceremony_with_range": call_udf("DV_HAN_LE_KET_NAP", "02/02/2026",
                                        ((com_date(2026, 2, 5), "Nghỉ"), (None, None))),
        "ceremony_with_one_cell": call_udf("DV_HAN_LE_KET_NAP", "02/02/2026", com_date(2026, 2, 5)),
        "recognition": call_udf("DV_HAN_XET_CHINH_THUC", com_date(2026, 4, 20), MISSING),
        "probation_end": call_udf("DV_HET_DU_BI", "20/04/2025"),
        "decision": call_udf("DV_HAN_QUYET_DINH", "02/02/2026", MISSING),
        "nth_working_day": call_udf("DV_NGAY_LAM_VIEC", "06/02/2026", 1.0, MISSING),
        "certificate_valid": call_udf("DV_GCN_CON_HAN", "15/01/2020", com_date(2025, 1, 15)),
        "certificate_expired": call_udf("DV_GCN_CON_HAN", "15/01/2020", com_date(2025, 1, 16)),
        "stage": call_udf("DV_GIAI_DOAN", "10/01/2025", com_date(2025, 5, 5), None, None, None, None, MISSING, MISSING),
        "bad_birth": call_udf("DV_TUOI", "31/02/2000", com_date(2026, 1, 1)),
        "error_cell": call_udf("DV_HET_DU_BI", -2146826246),
        "empty_cell": call_udf("DV_HET_DU_BI", None),
    }
    meta = {name: {"volatile": getattr(udfs, name).__xlfunc__["volatile"],
                   "category": getattr(udfs, name).__xlfunc__["category"],
                   "docs": [a["doc"] for a in getattr(udfs, name).__xlfunc__["args"]],
                   "help": getattr(udfs, name).__xlfunc__["ret"]["doc"]}
            for name in dir(udfs) if hasattr(getattr(udfs, name), "__xlfunc__")}
    print(json.dumps({"cases": plain(cases), "meta": meta}, ensure_ascii=False))
''')


@pytest.fixture(scope="module")
def desktop() -> dict:
    done = subprocess.run([sys.executable, "-c", _DESKTOP_HARNESS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_desktop_path_converts_like_excel(desktop: dict) -> None:
    cases = desktop["cases"]
    assert cases["age_from_com_dates"] == [["17 tuổi 11 tháng"]]
    assert cases["months_from_text"] == [[215]]
    for key in ("ceremony_from_com_date", "ceremony_from_serial", "ceremony_from_text"):
        assert cases[key] == [["2026-03-23T00:00:00"]], key  # a datetime: Excel receives a date
    assert cases["ceremony_with_range"] == [["2026-03-24T00:00:00"]]
    assert cases["ceremony_with_one_cell"] == [["2026-03-24T00:00:00"]]
    assert cases["recognition"] == [["2026-06-04T00:00:00"]]
    assert cases["probation_end"] == [["2026-04-20T00:00:00"]]
    assert cases["nth_working_day"] == [["2026-02-09T00:00:00"]]
    assert cases["decision"] == [[udfs.DV_HAN_QUYET_DINH("02/02/2026").isoformat() + "T00:00:00"]]
    assert cases["certificate_valid"] == [[True]]
    assert cases["certificate_expired"] == [[False]]
    assert cases["stage"] == [["Chi bộ đã xét"]]
    assert cases["bad_birth"] == [["Lỗi: ngày sinh '31/02/2000' không phải là ngày có thật"]]
    assert cases["error_cell"] == [["Lỗi: ngày lễ kết nạp: ô chứa lỗi công thức #N/A"]]
    assert cases["empty_cell"] == [[""]]


def test_desktop_registration_is_documented_and_not_volatile(desktop: dict) -> None:
    meta = desktop["meta"]
    assert set(meta) == {name for name in dir(udfs) if name.startswith("DV_")}
    assert len(meta) >= 9
    for name, info in meta.items():
        assert info["volatile"] is False, name
        assert info["category"] == udfs.CATEGORY
        assert not any(doc.startswith("Positional argument") for doc in info["docs"]), name
        assert info["help"] and "Python function" not in info["help"], name


# --- (c) the VBA wrappers baked into the template --------------------------------------------

def test_vba_wrapper_module() -> None:
    vba = udf_wrapper_vba()
    assert vba.startswith('Attribute VB_Name = "xlwings_udfs"\r\n')
    assert vba.isascii()
    assert "\r\n" in vba and "\n" not in vba.replace("\r\n", "")
    assert "Function DV_TUOI(ngay_sinh, ngay_tinh)" in vba
    assert "Function DV_HAN_LE_KET_NAP(ngay_nhan_quyet_dinh, Optional ngay_nghi, Optional cai_dat)" in vba
    assert ('DV_TUOI = XLPy.CallUDF("addin.excel.udfs", "DV_TUOI", Array(ngay_sinh, ngay_tinh), '
            "ThisWorkbook, Application.Caller)") in vba
    assert "Application.Volatile" not in vba
    for name in (n for n in dir(udfs) if n.startswith("DV_")):
        assert f"Function {name}(" in vba
    import xlwings
    assert not hasattr(xlwings, "udfs") and "pythoncom" not in sys.modules  # stand-ins undone


# --- (d) the workbook's Cài đặt: the functions and the buttons use one Settings -----------------

def test_functions_read_the_workbook_settings_like_the_buttons() -> None:
    """§16: certificate 15/01/2020, vote 03/02/2025: expired at 60 months; a cell that set 72 months agrees everywhere."""
    from addin.workbook.book import BookInput
    from addin.workbook.run import evaluate

    settings = [["Mục", "Giá trị"], ["Giá trị GCN lớp nhận thức về Đảng (tháng)", 72], ["Nghỉ Ngày Văn hóa Việt Nam 24/11", "Không"]]
    assert udfs.DV_GCN_CON_HAN("15/01/2020", "03/02/2025") is False
    assert udfs.DV_GCN_CON_HAN("15/01/2020", "03/02/2025", settings) is True
    register = [["Họ và tên", "Ngày sinh", "Ngày cấp GCN lớp nhận thức", "Ngày chi bộ xét kết nạp"],
                ["Cao Văn Hạn", "01/01/1990", "15/01/2020", "03/02/2025"]]
    rules = {f.rule for f in evaluate(BookInput({"Theo dõi": register, "Cài đặt": settings}), as_of=dt.date(2025, 2, 10)).findings}
    assert "COURSE_NT_VALID" not in rules
    rules = {f.rule for f in evaluate(BookInput({"Theo dõi": register}), as_of=dt.date(2025, 2, 10)).findings}
    assert "COURSE_NT_VALID" in rules
    # 24/11/2026 (Tuesday) is a day off by default (HOL [C]); the cell that says it is not gets one day earlier
    assert udfs.DV_HAN_LE_KET_NAP("20/11/2026") == dt.date(2027, 1, 5)
    assert udfs.DV_HAN_LE_KET_NAP("20/11/2026", None, settings) == dt.date(2027, 1, 4)


def test_an_unreadable_setting_keeps_its_default_in_the_functions_too() -> None:
    bad = [["Giá trị GCN lớp nhận thức về Đảng (tháng)", "năm năm"]]
    assert udfs.DV_GCN_CON_HAN("15/01/2020", "03/02/2025", bad) is False
