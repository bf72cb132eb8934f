"""Worksheet functions (`DV_…`) for Excel: thin wrappers over the rules core.

Each function is pure and not volatile. Dates may be Excel dates, serial numbers or text
(dd/mm/yyyy …); bad input gives a Vietnamese text starting with "Lỗi:", never a traceback.
Type hints are `Any` on purpose: xlwings' desktop decorator turns a hint into a converter.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import xlwings as xw

from addin.rules.calendar import CalendarOverride, WorkCalendar, completed_months
from addin.rules.records import Candidate, read_override
from addin.rules.settings import Settings, read_settings
from addin.rules.stages import legal_due, stage_of
from addin.rules.text import fold
from addin.rules.values import PartialDate, Unreadable, parse_birth_date, parse_count, parse_date

CATEGORY = "Chi bộ (chibo)"
ERROR_PREFIX = "Lỗi: "
_F = TypeVar("_F", bound=Callable[..., Any])

_DATE_DOC = "ngày (ô ngày, số sê-ri hoặc chữ dd/mm/yyyy)"
_HOLIDAYS_DOC = ("(không bắt buộc) vùng 2 cột như sheet 'Ngày nghỉ': cột 1 là ngày, "
                 "cột 2 là 'Nghỉ' (nghỉ thêm) hoặc 'Làm bù' (ngày làm việc bù)")
_SETTINGS_DOC = ("(không bắt buộc) vùng 2 cột Mục | Giá trị của sheet 'Cài đặt' (tên CAI_DAT trong sổ mẫu): "
                 "dùng đúng các giá trị chi bộ đã chỉnh, như các nút bấm")


class _BadInput(ValueError):
    """An argument that cannot be used; the message is the Vietnamese answer after "Lỗi: "."""


def _answers_errors(f: _F) -> _F:
    """Turn bad input into a "Lỗi: …" text so that Excel shows a reason, not a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any) -> Any:
        try:
            return f(*args)
        except (_BadInput, Unreadable) as exc:
            return ERROR_PREFIX + str(exc)
        except Exception as exc:  # the worksheet boundary: never a traceback in a cell
            return f"{ERROR_PREFIX}không tính được ({type(exc).__name__}: {exc})"

    return wrapper  # type: ignore[return-value]


def _date(raw: Any, label: str) -> dt.date | None:
    """A date argument; None for an empty cell; `_BadInput` naming the argument otherwise."""
    try:
        return parse_date(raw)
    except Unreadable as exc:
        reason = str(exc)
        raise _BadInput(f"{label} {reason}" if reason.startswith("'") else f"{label}: {reason}") from None


def _required(raw: Any, label: str) -> dt.date:
    day = _date(raw, label)
    if day is None:
        raise _BadInput(f"chưa có {label}")
    return day


def _settings(cai_dat: Any) -> Settings:
    """The workbook's `Cài đặt` from its 2-column range (Mục | Giá trị), read as the buttons read it."""
    rows = tuple(tuple(row) if isinstance(row, (list, tuple)) else (row,) for row in (cai_dat or ()))
    return _cached_settings(tuple(r[:2] + (None,) * (2 - len(r[:2])) for r in rows))


@functools.lru_cache(maxsize=16)
def _cached_settings(rows: tuple[tuple[Any, Any], ...]) -> Settings:
    items = {fold(str(label)): (index, value) for index, (label, value) in enumerate(rows, start=1)
             if label not in (None, "")}
    return read_settings(items)[0]  # an unreadable item keeps its default, as in a refresh (Kiểm tra says so)


def _calendar(holidays: Any, settings: Settings) -> WorkCalendar:
    """The Vietnamese calendar with the overrides of a `Ngày nghỉ`-like range (rows of date, kind)."""
    overrides: list[CalendarOverride] = []
    for index, row in enumerate(holidays or (), start=1):
        cells = list(row) if isinstance(row, (list, tuple)) else [row]
        if all(c in (None, "") for c in cells):
            continue
        kind = cells[1] if len(cells) > 1 else None
        day = _date(cells[0], f"ngày ở dòng {index} của vùng ngày nghỉ")
        override, problems = read_override("ngay_nghi", index, {"date": day, "kind": kind})
        if problems:
            raise _BadInput(f"loại ngày '{kind}' ở dòng {index} của vùng ngày nghỉ: ghi 'Nghỉ' hoặc 'Làm bù'")
        if override is not None:
            overrides.append(CalendarOverride(override.day, override.kind))
    return _cached_calendar(tuple(overrides), settings.param("HOL", "culture_day_off"))


@functools.lru_cache(maxsize=16)
def _cached_calendar(overrides: tuple[CalendarOverride, ...], culture_day_off: bool) -> WorkCalendar:
    return WorkCalendar(overrides, culture_day_off=culture_day_off)


def _working_days_after(start: dt.date | None, n: int, holidays: Any, settings: Settings) -> dt.date | str:
    return "" if start is None else _calendar(holidays, settings).add_working_days(start, n)


def _legal_due(rule_id: str, start: dt.date | None, holidays: Any, cai_dat: Any) -> dt.date | str:
    """The time limit `rule_id` from `start` with the workbook's settings and days off (stages.legal_due)."""
    if start is None:
        return ""
    settings = _settings(cai_dat)
    return legal_due(rule_id, start, settings, _calendar(holidays, settings))


@xw.func(category=CATEGORY)
@xw.arg("ngay_sinh", err_to_str=True, doc="Ngày sinh (ngày, số sê-ri hoặc chữ dd/mm/yyyy)")
@xw.arg("ngay_tinh", err_to_str=True, doc="Ngày tính tuổi, ví dụ ngày chi bộ xét kết nạp")
@_answers_errors
def DV_TUOI(ngay_sinh: Any, ngay_tinh: Any) -> Any:
    """Tuổi (số năm và số tháng tròn) vào một ngày, ví dụ "17 tuổi 11 tháng"."""
    months = _age_months(ngay_sinh, ngay_tinh)
    if isinstance(months, str):
        return months
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


@xw.func(category=CATEGORY)
@xw.arg("ngay_sinh", err_to_str=True, doc="Ngày sinh (ngày, số sê-ri hoặc chữ dd/mm/yyyy)")
@xw.arg("ngay_tinh", err_to_str=True, doc="Ngày tính tuổi")
@_answers_errors
def DV_THANG_TUOI(ngay_sinh: Any, ngay_tinh: Any) -> Any:
    """Tuổi tính bằng số tháng tròn vào một ngày (một tháng tròn khi đến đúng ngày sinh trong tháng)."""
    return _age_months(ngay_sinh, ngay_tinh)


def _age_months(raw_birth: Any, raw_on: Any) -> int | str:
    try:
        birth = parse_birth_date(raw_birth)
    except Unreadable as exc:
        raise _BadInput(f"ngày sinh {exc}") from None
    on = _date(raw_on, "ngày tính")
    if birth is None or on is None:
        return ""
    if isinstance(birth, PartialDate):
        raise _BadInput(f"ngày sinh '{birth}' chưa đủ ngày, tháng, năm (hãy ghi dạng dd/mm/yyyy)")
    if on < birth:
        raise _BadInput(f"ngày tính {on:%d/%m/%Y} trước ngày sinh {birth:%d/%m/%Y}")
    return completed_months(birth, on)


@xw.func(category=CATEGORY)
@xw.arg("ngay_le_ket_nap", err_to_str=True, doc="Ngày lễ kết nạp")
@xw.arg("cai_dat", ndim=2, err_to_str=True, doc=_SETTINGS_DOC)
@_answers_errors
def DV_HET_DU_BI(ngay_le_ket_nap: Any, cai_dat: Any = None) -> Any:
    """Ngày hết 12 tháng dự bị, tính từ ngày lễ kết nạp (cùng ngày của tháng thứ 12 sau đó)."""
    return _legal_due("PROB_12M", _date(ngay_le_ket_nap, "ngày lễ kết nạp"), None, cai_dat)


@xw.func(category=CATEGORY)
@xw.arg("ngay_nhan_quyet_dinh", err_to_str=True, doc="Ngày chi bộ nhận quyết định kết nạp")
@xw.arg("ngay_nghi", ndim=2, err_to_str=True, doc=_HOLIDAYS_DOC)
@xw.arg("cai_dat", ndim=2, err_to_str=True, doc=_SETTINGS_DOC)
@_answers_errors
def DV_HAN_LE_KET_NAP(ngay_nhan_quyet_dinh: Any, ngay_nghi: Any = None, cai_dat: Any = None) -> Any:
    """Hạn tổ chức lễ kết nạp: ngày làm việc thứ 30 sau ngày nhận quyết định kết nạp."""
    start = _date(ngay_nhan_quyet_dinh, "ngày nhận quyết định")
    return _legal_due("CEREMONY_30WD", start, ngay_nghi, cai_dat)


@xw.func(category=CATEGORY)
@xw.arg("ngay_het_du_bi", err_to_str=True, doc="Ngày hết 12 tháng dự bị (xem DV_HET_DU_BI)")
@xw.arg("ngay_nghi", ndim=2, err_to_str=True, doc=_HOLIDAYS_DOC)
@xw.arg("cai_dat", ndim=2, err_to_str=True, doc=_SETTINGS_DOC)
@_answers_errors
def DV_HAN_XET_CHINH_THUC(ngay_het_du_bi: Any, ngay_nghi: Any = None, cai_dat: Any = None) -> Any:
    """Hạn chi bộ xét chuyển đảng viên chính thức: ngày làm việc thứ 30 sau ngày hết dự bị."""
    start = _date(ngay_het_du_bi, "ngày hết dự bị")
    return _legal_due("RECOG_CELL_30WD", start, ngay_nghi, cai_dat)


@xw.func(category=CATEGORY)
@xw.arg("ngay_chi_bo_xet", err_to_str=True, doc="Ngày chi bộ họp xét kết nạp")
@xw.arg("ngay_nghi", ndim=2, err_to_str=True, doc=_HOLIDAYS_DOC)
@xw.arg("cai_dat", ndim=2, err_to_str=True, doc=_SETTINGS_DOC)
@_answers_errors
def DV_HAN_QUYET_DINH(ngay_chi_bo_xet: Any, ngay_nghi: Any = None, cai_dat: Any = None) -> Any:
    """Hạn cấp có thẩm quyền ra quyết định kết nạp: ngày làm việc thứ 60 sau ngày chi bộ xét."""
    start = _date(ngay_chi_bo_xet, "ngày chi bộ xét")
    return _legal_due("DEC_60WD", start, ngay_nghi, cai_dat)


@xw.func(category=CATEGORY)
@xw.arg("ngay", err_to_str=True, doc="Ngày bắt đầu tính (không tính chính ngày này)")
@xw.arg("so_ngay", err_to_str=True, doc="Số ngày làm việc (số nguyên từ 0)")
@xw.arg("ngay_nghi", ndim=2, err_to_str=True, doc=_HOLIDAYS_DOC)
@_answers_errors
def DV_NGAY_LAM_VIEC(ngay: Any, so_ngay: Any, ngay_nghi: Any = None) -> Any:
    """Ngày làm việc thứ N sau một ngày, theo lịch nghỉ lễ, nghỉ bù, làm bù của Việt Nam."""
    start = _date(ngay, "ngày")
    try:
        n = parse_count(so_ngay)
    except Unreadable:
        raise _BadInput(f"số ngày '{so_ngay}' phải là số nguyên từ 0 trở lên") from None
    if n is None:
        raise _BadInput("chưa có số ngày làm việc")
    return _working_days_after(start, n, ngay_nghi, Settings())


@xw.func(category=CATEGORY)
@xw.arg("ngay_cap", err_to_str=True, doc="Ngày cấp giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng")
@xw.arg("ngay_xet", err_to_str=True, doc="Ngày cần xét, ví dụ ngày chi bộ họp xét kết nạp")
@xw.arg("cai_dat", ndim=2, err_to_str=True, doc=_SETTINGS_DOC)
@_answers_errors
def DV_GCN_CON_HAN(ngay_cap: Any, ngay_xet: Any, cai_dat: Any = None) -> Any:
    """TRUE nếu giấy chứng nhận lớp nhận thức về Đảng còn giá trị (60 tháng, hoặc theo Cài đặt) vào ngày xét."""
    issued = _required(ngay_cap, "ngày cấp giấy chứng nhận")
    on = _required(ngay_xet, "ngày xét")
    if on < issued:
        raise _BadInput(f"ngày xét {on:%d/%m/%Y} trước ngày cấp {issued:%d/%m/%Y}")
    settings = _settings(cai_dat)
    return on <= legal_due("COURSE_NT_VALID", issued, settings, _calendar(None, settings))


# DV_GIAI_DOAN's date arguments, in order: register field and label for messages.
_STAGE_ARGS = (
    ("course_date", "ngày cấp GCN lớp nhận thức"),
    ("cell_vote_date", "ngày chi bộ xét kết nạp"),
    ("committee_date", "ngày đảng ủy xét"),
    ("decision_date", "ngày quyết định kết nạp"),
    ("ceremony_date", "ngày lễ kết nạp"),
    ("recognition_date", "ngày quyết định chính thức"),
    ("application_date", "ngày làm đơn"),
)


@xw.func(category=CATEGORY)
@xw.arg("ngay_gcn_nhan_thuc", err_to_str=True, doc="Ngày cấp GCN lớp nhận thức về Đảng (để trống nếu chưa có)")
@xw.arg("ngay_chi_bo_xet", err_to_str=True, doc="Ngày chi bộ xét kết nạp")
@xw.arg("ngay_dang_uy_xet", err_to_str=True, doc="Ngày đảng ủy xét")
@xw.arg("ngay_quyet_dinh", err_to_str=True, doc="Ngày quyết định kết nạp")
@xw.arg("ngay_le_ket_nap", err_to_str=True, doc="Ngày lễ kết nạp")
@xw.arg("ngay_chinh_thuc", err_to_str=True, doc="Ngày quyết định công nhận đảng viên chính thức")
@xw.arg("ngay_lam_don", err_to_str=True, doc="(không bắt buộc) Ngày làm đơn xin vào Đảng")
@xw.arg("nguoi_giup_do", err_to_str=True, doc="(không bắt buộc) Đảng viên được phân công giúp đỡ")
@_answers_errors
def DV_GIAI_DOAN(ngay_gcn_nhan_thuc: Any, ngay_chi_bo_xet: Any, ngay_dang_uy_xet: Any, ngay_quyet_dinh: Any,
                 ngay_le_ket_nap: Any, ngay_chinh_thuc: Any, ngay_lam_don: Any = None, nguoi_giup_do: Any = None) -> Any:
    """Giai đoạn của một người theo các mốc đã có, như cột 'Giai đoạn' của sheet 'Theo dõi'."""
    raw = (ngay_gcn_nhan_thuc, ngay_chi_bo_xet, ngay_dang_uy_xet, ngay_quyet_dinh, ngay_le_ket_nap,
           ngay_chinh_thuc, ngay_lam_don)
    dates = {key: _date(value, label) for (key, label), value in zip(_STAGE_ARGS, raw)}
    helper = "" if nguoi_giup_do is None else str(nguoi_giup_do).strip()
    return stage_of(Candidate(row=0, name="", helper=helper, **dates)).label  # type: ignore[arg-type]
