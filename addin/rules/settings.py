"""The cell's settings (`Cài đặt`): identity, reference date, and overrides of rule parameters."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Any

from . import catalogue
from .catalogue import finding
from .findings import Finding, Severity
from .text import fold, nfc
from .values import Unreadable, parse_count, parse_date, parse_yes_no

SHEET = "Cài đặt"

# Fixed items of `Cài đặt` (DESIGN §2): label → field of Settings.
ITEMS: dict[str, str] = {
    "Tên chi bộ": "cell_name",
    "Đảng bộ cấp trên": "superior",
    "Địa danh": "place",
    "Năm kế hoạch": "plan_year",
    "Ngày tính": "as_of",
    "Số kế hoạch": "plan_number",
    "Bí thư chi bộ": "secretary",
    "Tính chỉ tiêu theo": "quota_basis",
    "Có tổ chức Đoàn": "has_youth_union",
    "Chi bộ có chi ủy": "has_committee",
}
QUOTA_BASES = {"ngay quyet dinh": "decision", "ngay le ket nap": "ceremony"}
SEVERITY_PREFIX = "Mức độ "  # "Mức độ DOSSIER_12M" = Lỗi | Cảnh báo | Lưu ý
_SEVERITY_WORDS = {"loi": Severity.ERROR, "canh bao": Severity.WARNING, "luu y": Severity.INFO}


_MISSING = object()


@lru_cache(maxsize=256)
@cache  # the catalogue is read once per process; checks ask for the same few defaults per person
def _default_param(rule_id: str, key: str) -> Any:
    return catalogue.rule(rule_id).params[key].default


@dataclass(frozen=True)
class Settings:
    cell_name: str = ""
    superior: str = ""
    place: str = ""
    plan_year: int | None = None
    as_of: dt.date | None = None
    plan_number: str = ""
    secretary: str = ""
    quota_basis: str = "decision"  # "decision" | "ceremony"
    has_youth_union: bool = True
    has_committee: bool = True  # a chi ủy signs the cell's plan ("T/M CHI ỦY"); else its secretary ("T/M CHI BỘ")
    params: Mapping[tuple[str, str], Any] = field(default_factory=dict)
    severities: Mapping[str, Severity] = field(default_factory=dict)
    items: Mapping[str, Any] = field(default_factory=dict)  # every item by folded label, raw

    def param(self, rule_id: str, key: str) -> Any:
        """A rule parameter: the cell's override when allowed, else the catalogue default."""
        found = self.params.get((rule_id, key), _MISSING)
        return _default_param(rule_id, key) if found is _MISSING else found

    def severity(self, rule_id: str) -> Severity:
        return self.severities.get(rule_id, catalogue.rule(rule_id).severity)

    @property
    def superior_committee(self) -> str:
        """The superior's committee, to which the cell reports: "Đảng bộ phường Uông Bí" -> "Đảng ủy phường Uông Bí"."""
        name = self.superior.strip()
        if fold(name).startswith("dang bo"):
            return "Đảng ủy" + name[len("Đảng bộ"):]
        return name or "Đảng ủy"

    @property
    def on_behalf(self) -> str:
        """Who signs what the cell's leadership issues (its plan, its summaries): its committee, else the cell."""
        return "T/M CHI ỦY" if self.has_committee else "T/M CHI BỘ"

    def item(self, label: str, default: Any = None) -> Any:
        """A raw item by its label, for settings other modules define (plan texts, durations)."""
        return self.items.get(fold(label), default)


def read_settings(items: Mapping[str, tuple[int, Any]], sheet: str = SHEET) -> tuple[Settings, list[Finding]]:
    """Settings from `Cài đặt` items (folded label → (Excel row, raw value)); bad values are findings."""
    values: dict[str, Any] = {}
    params: dict[tuple[str, str], Any] = {}
    severities: dict[str, Severity] = {}
    problems: list[Finding] = []

    def bad(rule_id: str, row: int, label: str, reason: str) -> None:
        # The rule's own template needs fields a setting has not: the message is the reason itself,
        # and a value that is ignored is at least a warning.
        found = finding(rule_id, sheet=sheet, row=row, column="value", person="",
                        severity=Severity.WARNING if catalogue.rule(rule_id).severity is Severity.INFO else None)
        problems.append(replace(found, message=f"Cài đặt '{label}': {reason}; dùng giá trị mặc định.",
                                message_en=f"Setting '{label}': unreadable value; the default is used."))

    fixed = {fold(label): (label, key) for label, key in ITEMS.items()}
    tunable = {fold(p.label): (r, p) for r, p in catalogue.configurable_params()}
    for folded, (row, raw) in items.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if folded in fixed:
            label, key = fixed[folded]
            try:
                values[key] = _read_fixed(key, raw)
            except Unreadable as exc:
                bad("DATE_INVALID" if key == "as_of" else "QUOTA" if key in ("plan_year", "quota_basis") else "YOUTH_DV", row, label, str(exc))
        elif folded in tunable:
            rule, param = tunable[folded]
            try:
                params[(rule.id, param.key)] = _read_like(param.default, raw)
            except Unreadable as exc:
                bad(rule.id, row, param.label, str(exc))
        elif folded.startswith(fold(SEVERITY_PREFIX)):
            rule_id = nfc(folded[len(fold(SEVERITY_PREFIX)):]).upper()
            level = _SEVERITY_WORDS.get(fold(str(raw)))
            if rule_id in catalogue.rules() and level:
                severities[rule_id] = level
            else:
                bad("DATE_INVALID", row, f"{SEVERITY_PREFIX}{rule_id}", f"'{raw}' không hợp lệ (ghi Lỗi, Cảnh báo hoặc Lưu ý sau mã quy tắc có thật)")
    settings = Settings(
        params=MappingProxyType(params),
        severities=MappingProxyType(severities),
        items=MappingProxyType({k: v for k, (_, v) in items.items()}),
        **values,
    )
    return settings, problems


def _read_fixed(key: str, raw: Any) -> Any:
    if key == "as_of":
        return parse_date(raw)
    if key == "plan_year":
        year = parse_count(raw)
        if year is None or not 2000 <= year <= 2100:
            raise Unreadable(f"'{raw}' không phải là năm")
        return year
    if key in ("has_youth_union", "has_committee"):
        return parse_yes_no(raw)
    if key == "quota_basis":
        basis = QUOTA_BASES.get(fold(str(raw)))
        if basis is None:
            raise Unreadable(f"'{raw}': ghi 'Ngày quyết định' hoặc 'Ngày lễ kết nạp'")
        return basis
    return nfc(str(raw))


def _read_like(default: Any, raw: Any) -> Any:
    """Read an override with the type of its default."""
    if isinstance(default, bool):
        return parse_yes_no(raw)
    if isinstance(default, int):
        value = parse_count(raw)
        if value is None:
            raise Unreadable(f"'{raw}' không phải là số")
        return value
    if isinstance(default, dt.date):
        return parse_date(raw)
    return nfc(str(raw))
