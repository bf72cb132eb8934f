"""Typed records of the register (`Theo dõi`), members (`Đảng viên`) and calendar (`Ngày nghỉ`).

Raw cell values become typed fields here; a value that cannot be read becomes a finding at
its cell (DATE_INVALID, or the rule that needs the value) and the field stays empty.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from .calendar import CalendarOverride, OverrideKind
from .catalogue import finding
from .findings import Finding, Severity
from .text import clean_text, fold, from_legacy, legacy_encoding, nfc
from .values import (
    Education,
    PartialDate,
    Period,
    Unreadable,
    parse_birth_date,
    parse_count,
    parse_date,
    parse_education,
    parse_month,
    parse_yes_no,
)

# Each field's name as users know it (vi, en): the header chibo writes and reads (addin.workbook.schema takes it
# from here) and the name its messages print, so a header copied from a message is read.
LABELS: dict[str, tuple[str, str]] = {
    "name": ("Họ và tên", "Name"),
    "dob": ("Ngày sinh", "Birth date"),
    "gender": ("Giới tính", "Gender"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "religion": ("Tôn giáo", "Religion"),
    "education": ("Trình độ học vấn", "Education"),
    "edu_exception": ("Ngoại lệ học vấn", "Education exception"),
    "unit": ("Chức vụ, đơn vị", "Post, unit"),
    "unit_since": ("Ngày về đơn vị", "Date joined the unit"),
    "party_member": ("Đảng viên", "Party member"),
    "youth_member": ("Đoàn viên", "Youth Union member"),
    "source_date": ("Ngày vào nguồn", "Date entered the source list"),
    "helper": ("Đảng viên giúp đỡ", "Helper member"),
    "course_date": ("Ngày cấp GCN lớp nhận thức", "Awareness course certificate"),
    "application_date": ("Ngày làm đơn", "Application"),
    "cv_date": ("Ngày khai lý lịch", "CV"),
    "verification_date": ("Ngày thẩm tra lý lịch", "CV verification"),
    "introducer_1": ("Người giới thiệu 1", "Introducer 1"),
    "introducer_2": ("Người giới thiệu 2", "Introducer 2"),
    "union_intro_date": ("Ngày NQ giới thiệu của Đoàn/Công đoàn", "Youth/trade union introduction"),
    "opinions_date": ("Ngày tổng hợp nhận xét", "Summary of opinions"),
    "cell_vote_date": ("Ngày chi bộ xét kết nạp", "Cell admission vote"),
    "cell_vote_yes": ("Số tán thành", "Votes in favour"),
    "cell_vote_total": ("Tổng số đảng viên chính thức", "Official members"),
    "committee_date": ("Ngày đảng ủy xét", "Party committee review"),
    "decision_date": ("Ngày quyết định kết nạp", "Admission decision"),
    "decision_no": ("Số quyết định", "Decision number"),
    "decision_received_date": ("Ngày nhận quyết định", "Decision received"),
    "ceremony_date": ("Ngày lễ kết nạp", "Admission ceremony"),
    "readmitted": ("Kết nạp lại", "Re-admission"),
    "new_member_course_date": ("Ngày cấp GCN lớp đảng viên mới", "New-member course certificate"),
    "recognition_vote_date": ("Ngày chi bộ xét chính thức", "Cell recognition vote"),
    "recognition_vote_yes": ("Số tán thành chính thức", "Recognition votes in favour"),
    "recognition_date": ("Ngày quyết định chính thức", "Recognition decision"),
    "expected": ("Dự kiến kết nạp", "Planned admission"),
    "over60_consent_date": ("Ngày BTV tỉnh ủy đồng ý", "Provincial consent (over 60)"),
    "introducer_replacement": ("Người giới thiệu thay thế", "Replacement introducer"),
    "cell_vote_present": ("Số đảng viên dự họp", "Members present at the admission vote"),
    "cell_vote_exempt_absent": ("Số miễn sinh hoạt vắng mặt", "Exempted members absent (admission vote)"),
    "cell_vote_failures": ("Số lần xét kết nạp không đạt", "Failed admission votes"),
    "committee_vote_yes": ("Số cấp ủy viên tán thành", "Committee members in favour"),
    "committee_members": ("Tổng số cấp ủy viên", "Committee members"),
    "recognition_vote_total": ("Tổng số đảng viên chính thức khi xét chính thức", "Official members (recognition vote)"),
    "recognition_vote_present": ("Số dự họp xét chính thức", "Members present at the recognition vote"),
    "recognition_vote_exempt_absent": ("Số miễn sinh hoạt vắng mặt khi xét chính thức", "Exempted members absent (recognition vote)"),
    "recognition_vote_failures": ("Số lần xét chính thức không đạt", "Failed recognition votes"),
    "status": ("Tình trạng", "Status"),
    "notes": ("Ghi chú", "Notes"),
    "admitted": ("Ngày vào Đảng", "Admission date"),
    "official": ("Ngày chính thức", "Official since"),
    "arrived": ("Ngày về chi bộ", "Joined the cell"),
    "left": ("Ngày chuyển đi", "Left the cell"),
    "exempt": ("Miễn sinh hoạt", "Exempted"),
    "attached_elsewhere": ("Sinh hoạt tạm thời nơi khác", "Attached elsewhere"),
}

# The rule that reports an unreadable non-date value of each field.
_RULE_OF_FIELD = {
    "education": "EDU_MIN",
    "edu_exception": "EDU_EXC",
    "youth_member": "YOUTH_DV",
    "cell_vote_yes": "VOTE_CELL",
    "cell_vote_total": "VOTE_DENOM",
    "cell_vote_present": "VOTE_QUORUM",
    "cell_vote_exempt_absent": "VOTE_DENOM",
    "cell_vote_failures": "VOTE_3FAIL",
    "committee_vote_yes": "VOTE_DU",
    "committee_members": "VOTE_DU",
    "recognition_vote_yes": "VOTE_RECOG",
    "recognition_vote_total": "VOTE_DENOM",
    "recognition_vote_present": "VOTE_QUORUM",
    "recognition_vote_exempt_absent": "VOTE_DENOM",
    "recognition_vote_failures": "VOTE_3FAIL",
    "exempt": "VOTE_DENOM",
    "attached_elsewhere": "VOTE_DENOM",
}

_TEXT_FIELDS = ("name", "gender", "ethnicity", "religion", "unit", "party_member", "helper", "introducer_1", "introducer_2",
                "introducer_replacement", "decision_no", "status", "notes")
_SPACES = re.compile(r"\s+")
# `Tình trạng` words meaning the member no longer belongs to the cell (folded).
_GONE_WORDS = ("chuyen di", "chuyen sinh hoat", "tu tran", "qua doi", "da mat", "khai tru", "xoa ten", "ra khoi dang")


@lru_cache(maxsize=8192)  # the same members' names are looked up for every row
def person_key(name: str) -> str:
    """Names compared after NFC, trimming, spacing and case-folding (accents matter)."""
    return _SPACES.sub(" ", nfc(name)).casefold()


@dataclass(frozen=True)
class Candidate:
    """One row of `Theo dõi`: a person from the source list up to official membership."""

    row: int
    name: str
    dob: dt.date | PartialDate | None = None
    gender: str = ""
    ethnicity: str = ""
    religion: str = ""
    education: Education | None = None
    education_text: str = ""
    edu_exception: bool = False
    unit: str = ""
    unit_since: dt.date | None = None
    party_member: str = ""  # `Đảng viên` as written in a list of members: "x", "Chính thức", "Dự bị"
    youth_member: bool = False
    source_date: dt.date | None = None
    helper: str = ""
    course_date: dt.date | None = None
    application_date: dt.date | None = None
    cv_date: dt.date | None = None
    verification_date: dt.date | None = None
    introducer_1: str = ""
    introducer_2: str = ""
    introducer_replacement: str = ""  # INTRO_REPL: the official member the cell assigned instead of one who left
    union_intro_date: dt.date | None = None
    opinions_date: dt.date | None = None
    cell_vote_date: dt.date | None = None
    cell_vote_yes: int | None = None
    cell_vote_total: int | None = None
    cell_vote_present: int | None = None  # VOTE_QUORUM
    cell_vote_exempt_absent: int | None = None  # VOTE_DENOM: exempted members absent are not counted
    cell_vote_failures: int | None = None  # VOTE_3FAIL: votes under 2/3 so far, the dated one included
    committee_date: dt.date | None = None
    committee_vote_yes: int | None = None  # VOTE_DU
    committee_members: int | None = None
    decision_date: dt.date | None = None
    decision_no: str = ""
    decision_received_date: dt.date | None = None
    ceremony_date: dt.date | None = None
    readmitted: bool = False  # admitted again after leaving the Party: the forms say "kết nạp lại"
    new_member_course_date: dt.date | None = None
    recognition_vote_date: dt.date | None = None
    recognition_vote_yes: int | None = None
    recognition_vote_total: int | None = None
    recognition_vote_present: int | None = None
    recognition_vote_exempt_absent: int | None = None
    recognition_vote_failures: int | None = None
    recognition_date: dt.date | None = None
    over60_consent_date: dt.date | None = None  # AGE_OVER60: the provincial standing committee's written consent
    expected: dt.date | Period | None = None  # a forecast: a date, a month, a quarter or a year
    notes: str = ""

    @property
    def introducers(self) -> tuple[str, ...]:
        return tuple(n for n in (self.introducer_1, self.introducer_2) if n)


@dataclass(frozen=True)
class Member:
    """One row of `Đảng viên`."""

    row: int
    name: str
    dob: dt.date | PartialDate | None = None
    gender: str = ""
    admitted: dt.date | None = None
    official: dt.date | None = None
    arrived: dt.date | None = None
    left: dt.date | None = None
    exempt: bool = False
    attached_elsewhere: bool = False
    status: str = ""  # `Tình trạng`: "Chuyển đi", "Từ trần", "Khai trừ"… (gone from the cell)
    notes: str = ""

    @property
    def gone(self) -> bool:
        """The member left the cell (a date left, or a status saying so)."""
        return self.left is not None or any(word in fold(self.status) for word in _GONE_WORDS)

    def is_official_on(self, day: dt.date) -> bool:
        return self.official is not None and self.official <= day

    def is_here_on(self, day: dt.date) -> bool:
        arrived = self.arrived or self.admitted
        return (arrived is None or arrived <= day) and (self.left is None or day < self.left)


def _text(raw: Any) -> str:
    """A cell's text as a record keeps it: NFC, control characters dropped, spacing folded."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)
    return _SPACES.sub(" ", clean_text(str(raw)))


_PARSERS: dict[type | str, Callable[[Any], Any]] = {
    "date": parse_date,
    "birth": parse_birth_date,
    "month": parse_month,
    "yesno": parse_yes_no,
    "count": parse_count,
    "education": parse_education,
}

_CANDIDATE_KINDS = {
    "dob": "birth",
    "expected": "month",
    "edu_exception": "yesno",
    "youth_member": "yesno",
    "readmitted": "yesno",
    "cell_vote_yes": "count",
    "cell_vote_total": "count",
    "cell_vote_present": "count",
    "cell_vote_exempt_absent": "count",
    "cell_vote_failures": "count",
    "committee_vote_yes": "count",
    "committee_members": "count",
    "recognition_vote_yes": "count",
    "recognition_vote_total": "count",
    "recognition_vote_present": "count",
    "recognition_vote_exempt_absent": "count",
    "recognition_vote_failures": "count",
    "education": "education",
}
_MEMBER_KINDS = {"dob": "birth", "exempt": "yesno", "attached_elsewhere": "yesno"}


@lru_cache(maxsize=4)
def _field_kinds(cls: type, kinds: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(field, kind) of every field of a record read from a cell: text, date, birth, month, yesno, count, education."""
    given = dict(kinds)
    return tuple(
        (f.name, given.get(f.name, "text" if f.type == "str" or f.name in _TEXT_FIELDS else "date"))
        for f in fields(cls) if f.name not in ("row", "education_text")
    )


def _parse_record(cls: type, kinds: Mapping[str, str], sheet: str, row: int, values: Mapping[str, Any]) -> tuple[Any, list[Finding]]:
    """Build a record of `cls` from raw values, collecting a finding per unreadable or legacy cell."""
    name = _text(values.get("name"))
    parsed: dict[str, Any] = {"row": row}
    if "education" in values:
        parsed["education_text"] = _text(values.get("education"))
    problems: list[Finding] = []
    for key, kind in _field_kinds(cls, tuple(sorted(kinds.items()))):
        if key not in values:
            continue
        raw = values[key]
        if kind == "text":
            text = _text(raw)
            encoding = legacy_encoding(text) if text else None
            if encoding:
                unicode_text = from_legacy(text, encoding)
                problems.append(finding(
                    "TEXT_LEGACY", sheet=sheet, row=row, column=key, person=from_legacy(name, encoding) if key == "name" else name,
                    field=LABELS.get(key, (key, key)), encoding=encoding.upper(), unicode=unicode_text,
                ))
                text = unicode_text
            parsed[key] = text
            continue
        if raw is None:
            continue
        try:
            value = _PARSERS[kind](raw)
        except Unreadable as exc:
            rule_id = "DATE_INVALID" if kind in ("date", "birth", "month") else _RULE_OF_FIELD.get(key, "DATE_INVALID")
            label = LABELS.get(key, (key, key))
            problems.append(finding(
                rule_id, sheet=sheet, row=row, column=key, person=name,
                case="" if rule_id == "DATE_INVALID" else "unreadable", field=label, reason=str(exc), raw=_text(raw),
            ))
            continue
        if value is not None:
            parsed[key] = value
    return cls(**parsed), problems


def date_fields(record: type) -> frozenset[str]:
    """The fields of a Candidate, a Member or a CalendarOverride read as dates (a number there is a day serial)."""
    kinds = {Candidate: _CANDIDATE_KINDS, Member: _MEMBER_KINDS}.get(record)
    if kinds is None:
        return frozenset({"date"})
    return frozenset(key for key, kind in _field_kinds(record, tuple(sorted(kinds.items())))
                     if kind in ("date", "birth", "month"))


def read_candidate(sheet: str, row: int, values: Mapping[str, Any]) -> tuple[Candidate, list[Finding]]:
    """A register row (column key → raw cell value) as a Candidate, with its reading findings."""
    return _parse_record(Candidate, _CANDIDATE_KINDS, sheet, row, values)


def read_member(sheet: str, row: int, values: Mapping[str, Any]) -> tuple[Member, list[Finding]]:
    """A `Đảng viên` row as a Member, with its reading findings."""
    return _parse_record(Member, _MEMBER_KINDS, sheet, row, values)


_OFF_WORDS = {"nghi", "nghi le", "nghi bu", "off"}
_WORK_WORDS = {"lam bu", "lam viec", "di lam", "work"}


def read_override(sheet: str, row: int, values: Mapping[str, Any]) -> tuple[CalendarOverride | None, list[Finding]]:
    """A `Ngày nghỉ` row: `Nghỉ` = extra day off, `Làm bù` = make-up working day."""
    try:
        day = parse_date(values.get("date"))
    except Unreadable as exc:
        return None, [finding("DATE_INVALID", sheet=sheet, row=row, column="date", person="", field=("Ngày", "Date"), reason=str(exc), raw=_text(values.get("date")))]
    if day is None:
        return None, []
    kind_text = fold(_text(values.get("kind")))
    kind: OverrideKind
    if kind_text in _OFF_WORDS or kind_text == "":
        kind = "off"
    elif kind_text in _WORK_WORDS:
        kind = "work"
    else:
        raw_kind = _text(values.get("kind"))
        return None, [finding("HOL", sheet=sheet, row=row, column="kind", person="", severity=Severity.WARNING,
                              day=day.strftime("%d/%m/%Y"), kind=raw_kind)]
    return CalendarOverride(day, kind, _text(values.get("notes")), row), []
