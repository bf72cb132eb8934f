"""Reading raw cell values (as a spreadsheet gives them) into typed values (DESIGN §2 "Values").

Each parser returns the value or None for an empty cell, and raises `Unreadable` with a
Vietnamese reason for a value it cannot read; records turn that into a finding at the cell.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from enum import IntEnum

from .calendar import add_months
from .text import fold, nfc

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 = 01/03/1900; serial 1 = 01/01/1900 once Excel's 29/02/1900 is accounted for
FIRST_YEAR, LAST_YEAR = 1900, 2100
_PHANTOM_SERIAL = 60  # Excel's 29/02/1900
_LAST_SERIAL = (dt.date(LAST_YEAR, 12, 31) - EXCEL_EPOCH).days + 1


class Unreadable(ValueError):
    """A cell value that cannot be read; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class PartialDate:
    """A birth date known only to the year, or to the month and year."""

    year: int
    month: int | None = None

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, 1)

    def latest(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        return add_months(dt.date(self.year, self.month, 1), 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}" if self.month else str(self.year)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class Period:
    """A forecast written as a period (`Dự kiến kết nạp`): a year, a quarter or a month."""

    year: int
    first_month: int = 1
    last_month: int = 12

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    def latest(self) -> dt.date:
        return add_months(dt.date(self.year, self.last_month, 1), 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        if self.first_month == self.last_month:
            return f"{self.first_month:02d}/{self.year}"
        if (self.first_month, self.last_month) == (1, 12):
            return str(self.year)
        quarter = (self.first_month - 1) // 3 + 1
        return f"Quý {next(r for r, n in _ROMAN.items() if n == quarter)}/{self.year}"


class Education(IntEnum):
    """General-education level reached (higher levels imply the lower ones)."""

    NONE = 0
    PRIMARY = 1  # hoàn thành tiểu học
    LOWER_SECONDARY = 2  # THCS (tốt nghiệp, or from 2026 hoàn thành chương trình)
    UPPER_SECONDARY = 3  # THPT
    VOCATIONAL = 4  # trung cấp
    COLLEGE = 5  # cao đẳng
    UNIVERSITY = 6  # đại học
    MASTER = 7
    DOCTOR = 8


_DATE_TEXT = (
    re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$"),  # d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.0+)?$")


def _checked(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise Unreadable(f"'{raw}' không phải là ngày có thật") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise Unreadable(f"'{raw}' nằm ngoài khoảng năm {FIRST_YEAR}–{LAST_YEAR}")
    return value


def from_serial(serial: float) -> dt.date:
    """An Excel (1900 system) serial number as a date."""
    if isinstance(serial, int) and not 0 < serial <= _LAST_SERIAL:
        raise Unreadable(f"số {serial} không phải là ngày Excel hợp lệ")
    if not math.isfinite(serial) or serial < 1 or serial > _LAST_SERIAL or int(serial) == _PHANTOM_SERIAL:
        raise Unreadable(f"số {serial:g} không phải là ngày Excel hợp lệ")
    # Excel counts a 29/02/1900 that never was: serials before it are one day later than the epoch gives.
    days = int(serial) + (1 if serial < _PHANTOM_SERIAL else 0)
    value = EXCEL_EPOCH + dt.timedelta(days=days)
    return _checked(value.year, value.month, value.day, f"{serial:g}")


def parse_date(raw: object) -> dt.date | None:
    """A full date from a date cell, a serial number or text (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ISO)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise Unreadable(f"'{raw}' không phải là ngày")
    if isinstance(raw, dt.date):
        if FIRST_YEAR <= raw.year <= LAST_YEAR:
            return raw.date() if isinstance(raw, dt.datetime) else raw
        raise Unreadable(f"'{raw.strftime('%d/%m/%Y')}' nằm ngoài khoảng năm {FIRST_YEAR}–{LAST_YEAR}")
    if isinstance(raw, (int, float)):
        return from_serial(raw)
    text = nfc(str(raw))
    if not text:
        return None
    if text.startswith("#"):
        raise Unreadable(f"ô chứa lỗi công thức {text}")
    for pattern in _DATE_TEXT:
        match = pattern.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return _checked(year, month, day, text)
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day, text)
    if _SERIAL_TEXT.match(text):
        return from_serial(float(text))
    raise Unreadable(f"'{text}' không phải là ngày (hãy ghi dạng dd/mm/yyyy)")


def parse_birth_date(raw: object) -> dt.date | PartialDate | None:
    """A birth date; a bare year (`1985`) or month/year (`3/1985`) gives a PartialDate."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and FIRST_YEAR <= raw <= LAST_YEAR and raw == int(raw):
        return PartialDate(int(raw))
    if isinstance(raw, str):
        text = nfc(raw)
        match = _YEAR.match(text)
        if match and FIRST_YEAR <= int(text) <= LAST_YEAR:
            return PartialDate(int(text))
        match = _MONTH_YEAR.match(text)
        if match:
            month, year = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR:
                return PartialDate(year, month)
            raise Unreadable(f"'{text}' không phải là tháng/năm có thật")
    return parse_date(raw)


_QUARTER = re.compile(r"^(?:quy\s*|q\s*)?(i{1,3}|iv|[1-4])\s*[/.\-]\s*(\d{4})$")
_MONTH_WORD = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})$")


def parse_period(raw: object) -> dt.date | Period | None:
    """A forecast: a full date, a month (`6/2026`, `tháng 6/2026`), a quarter (`Quý III/2026`, `III/2026`,
    `Q3/2026`) or a year (`2026`)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and FIRST_YEAR <= raw <= LAST_YEAR and raw == int(raw):
        return Period(int(raw))
    if isinstance(raw, str):
        text = fold(raw)
        if _YEAR.match(text) and FIRST_YEAR <= int(text) <= LAST_YEAR:
            return Period(int(text))
        quarter = _QUARTER.match(text)
        month = _MONTH_WORD.match(text)
        if quarter and (quarter.group(1).isdigit() is False or text.startswith(("q", "quy"))):
            number = _ROMAN[quarter.group(1).upper()] if not quarter.group(1).isdigit() else int(quarter.group(1))
            year = int(quarter.group(2))
            if FIRST_YEAR <= year <= LAST_YEAR:
                return Period(year, 3 * number - 2, 3 * number)
        if month:
            number, year = int(month.group(1)), int(month.group(2))
            if 1 <= number <= 12 and FIRST_YEAR <= year <= LAST_YEAR:
                return Period(year, number, number)
            raise Unreadable(f"'{raw}' không phải là tháng/năm có thật")
    return parse_date(raw)


def parse_month(raw: object) -> dt.date | Period | None:
    """`Dự kiến kết nạp`: a date or a period (see `parse_period`)."""
    return parse_period(raw)


_YES = {"co", "x", "v", "✓", "✔", "yes", "y", "true", "1", "dung", "c", "roi", "da"}
_NO = {"khong", "k", "ko", "no", "n", "false", "0", "sai", "chua", "-"}


def parse_yes_no(raw: object) -> bool:
    """Có/Không, x, ✓, Yes/No, TRUE/FALSE, 1/0; an empty cell is no; a date is yes (`Ngày vào Đoàn`)."""
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, dt.date):
        return True
    if isinstance(raw, (int, float)):
        if raw in (0, 1):
            return bool(raw)
        raise Unreadable(f"'{raw:g}' không phải là Có/Không")
    key = fold(str(raw))
    if key == "":
        return False
    if key in _YES:
        return True
    if key in _NO:
        return False
    try:
        if parse_date(raw) is not None:
            return True
    except Unreadable:
        pass
    raise Unreadable(f"'{nfc(str(raw))}' không phải là Có/Không")


def parse_count(raw: object) -> int | None:
    """A whole number, also when typed as text ("15")."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise Unreadable(f"'{raw}' không phải là số")
    if isinstance(raw, (int, float)):
        if math.isfinite(raw) and raw == int(raw) and raw >= 0:
            return int(raw)
        raise Unreadable(f"'{raw:g}' không phải là số nguyên không âm")
    text = nfc(str(raw))
    if not text:
        return None
    if re.fullmatch(r"\d+(?:[.,]0+)?", text):
        return int(re.split(r"[.,]", text)[0])
    raise Unreadable(f"'{text}' không phải là số")


_GRADE = re.compile(r"(\d{1,2})\s*/\s*(10|12)")
# Keywords (folded) → level; the highest match wins ("12/12, Đại học" is university).
_LEVEL_WORDS: tuple[tuple[str, Education], ...] = (
    ("tien si", Education.DOCTOR), ("ts", Education.DOCTOR),
    ("thac si", Education.MASTER), ("ths", Education.MASTER),
    ("dai hoc", Education.UNIVERSITY), ("cu nhan", Education.UNIVERSITY), ("ky su", Education.UNIVERSITY),
    ("bac si", Education.UNIVERSITY), ("dh", Education.UNIVERSITY),
    ("cao dang", Education.COLLEGE), ("cd", Education.COLLEGE),
    ("trung cap", Education.VOCATIONAL), ("tc", Education.VOCATIONAL),
    ("thpt", Education.UPPER_SECONDARY), ("trung hoc pho thong", Education.UPPER_SECONDARY),
    ("bo tuc thpt", Education.UPPER_SECONDARY), ("cap 3", Education.UPPER_SECONDARY), ("cap iii", Education.UPPER_SECONDARY),
    ("thcs", Education.LOWER_SECONDARY), ("trung hoc co so", Education.LOWER_SECONDARY),
    ("cap 2", Education.LOWER_SECONDARY), ("cap ii", Education.LOWER_SECONDARY),
    ("tieu hoc", Education.PRIMARY), ("cap 1", Education.PRIMARY), ("cap i", Education.PRIMARY),
)


def _grade_level(grade: int, system: int) -> Education:
    """`9/12`-style grades: 12-year system THCS = 9, THPT = 12; old 10-year system THCS = 7, THPT = 10."""
    lower, upper, primary = (9, 12, 5) if system == 12 else (7, 10, 4)
    if grade > system:
        raise Unreadable(f"lớp {grade}/{system} không có thật")
    if grade >= upper:
        return Education.UPPER_SECONDARY
    if grade >= lower:
        return Education.LOWER_SECONDARY
    if grade >= primary:
        return Education.PRIMARY
    return Education.NONE


def _levels(raw: object) -> list[Education] | None:
    """Every level an education text names (None: the text is empty)."""
    if raw is None:
        return None
    text = fold(str(raw))
    if not text:
        return None
    levels = [_grade_level(int(g), int(s)) for g, s in _GRADE.findall(text)]
    words = set(re.findall(r"[a-z0-9]+", text))
    padded = f" {' '.join(re.findall(r'[a-z0-9]+', text))} "
    for keyword, level in _LEVEL_WORDS:
        if (" " in keyword and f" {keyword} " in padded) or keyword in words:
            levels.append(level)
    if not levels:
        raise Unreadable(f"không đọc được trình độ học vấn '{nfc(str(raw))}' (ví dụ: 9/12, 12/12, Đại học)")
    return levels


def parse_education(raw: object) -> Education | None:
    """`9/12`, `12/12`, `7/10`, THCS, THPT, "Hoàn thành THCS", Trung cấp … Tiến sĩ: the highest level named."""
    levels = _levels(raw)
    return max(levels) if levels else None


def split_education(raw: object) -> tuple[Education | None, Education | None]:
    """(general school level, professional qualification) a text names, as the statistics forms count them
    apart (HD 11-HD/BTCTW): "12/12, Đại học Luật" is (THPT, university); "Đại học" alone leaves the school
    level unknown; "12/12" alone names no qualification. Unreadable text gives (None, None)."""
    try:
        levels = _levels(raw) or []
    except Unreadable:
        return None, None
    school = [level for level in levels if level <= Education.UPPER_SECONDARY]
    trained = [level for level in levels if level > Education.UPPER_SECONDARY]
    return max(school, default=None), max(trained, default=None)


def format_date(day: dt.date | PartialDate | Period | None) -> str:
    """dd/mm/yyyy, as Vietnamese users write dates."""
    if day is None:
        return ""
    if isinstance(day, (PartialDate, Period)):
        return str(day)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"  # strftime is slow and varies with the platform


def document_date_parts(day: dt.date) -> tuple[str, str, str]:
    """Day, month and year as a Party document writes them (HD 36-HD/VPTW): a zero before a day under 10
    and before the months 1 and 2, none before the others ("08", "7", "2026"; "05", "02", "2027")."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}", month, str(day.year)


def short_document_date(day: dt.date) -> str:
    """"26/7/2026", "18/01/2022": a document's day of issue as a citation writes it (HD 36-HD/VPTW's zeros)."""
    return "/".join(document_date_parts(day))


def document_date(day: dt.date) -> str:
    """"ngày 08 tháng 7 năm 2026": a date in the words of a Party document (HD 36-HD/VPTW)."""
    d, m, y = document_date_parts(day)
    return f"ngày {d} tháng {m} năm {y}"
