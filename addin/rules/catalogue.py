"""The rule catalogue: rules as data (data/catalogue.toml), with sources, regimes and parameters."""
from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .findings import Finding, Severity


@dataclass(frozen=True)
class Regime:
    """An implementing regulation of the Charter and the guidance that goes with it."""

    code: str
    title: str
    guidance: str
    effective_from: dt.date
    evidence: str


@dataclass(frozen=True)
class Param:
    key: str
    default: Any
    label: str  # the item name under which `Cài đặt` may override it
    configurable: bool


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    evidence: str
    effective_from: dt.date
    source: str
    title_vi: str
    message_vi: str
    message_en: str
    kind: str = "party"
    effective_until: dt.date | None = None
    params: Mapping[str, Param] = field(default_factory=dict)
    needs: tuple[str, ...] = ()  # register fields without which the rule is not checked
    needs_if_admitted: tuple[str, ...] = ()  # … and for a person already admitted
    needs_own_column: bool = False  # the finding's own column must exist

    def source_on(self, day: dt.date | None) -> str:
        """The source with `{regulation}` resolved to the regime in force on `day`."""
        return self.source.replace("{regulation}", regime_on(day).code)

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Regime, ...], Mapping[str, Rule]]:
    raw = tomllib.loads(resources.files("addin.rules").joinpath("data/catalogue.toml").read_text("utf-8"))
    regimes = tuple(sorted((Regime(**r) for r in raw["regime"]), key=lambda r: r.effective_from))
    rules = {}
    for entry in raw["rule"]:
        entry = dict(entry)
        params = {
            key: Param(key, p["default"], p["label"], bool(p.get("configurable", False)))
            for key, p in entry.pop("params", {}).items()
        }
        entry["severity"] = Severity(entry["severity"])
        for key in ("needs", "needs_if_admitted"):
            entry[key] = tuple(entry.get(key, ()))
        rules[entry["id"]] = Rule(params=MappingProxyType(params), **entry)
    return regimes, MappingProxyType(rules)


def regimes() -> tuple[Regime, ...]:
    return _load()[0]


def rules() -> Mapping[str, Rule]:
    """Every rule by id."""
    return _load()[1]


def rule(rule_id: str) -> Rule:
    return _load()[1][rule_id]


def regime_on(day: dt.date | None) -> Regime:
    """The implementing regulation in force on `day` (the latest one when `day` is None)."""
    all_regimes = regimes()
    if day is None:
        return all_regimes[-1]
    in_force = [r for r in all_regimes if r.effective_from <= day]
    return in_force[-1] if in_force else all_regimes[0]


def configurable_params() -> list[tuple[Rule, Param]]:
    """Parameters a cell may override in `Cài đặt`, in catalogue order."""
    return [(r, p) for r in rules().values() for p in r.params.values() if p.configurable]


def finding(
    rule_id: str,
    *,
    sheet: str,
    row: int | None,
    column: str | None,
    person: str,
    on: dt.date | None = None,
    severity: Severity | None = None,
    note: str = "",
    **fields: Any,
) -> Finding:
    """A finding of `rule_id`, its message filled from `fields`; a (vi, en) pair fills `{x}` and `{x_en}`."""
    vi, en = _Fields(), _Fields()
    for key, value in fields.items():
        if isinstance(value, tuple):
            vi[key], en[key] = value
            en[f"{key}_en"] = value[1]
        else:
            vi[key] = en[key] = value
    entry = rule(rule_id)
    message = entry.message_vi.format_map(vi)
    return Finding(
        rule=rule_id,
        severity=severity or entry.severity,
        sheet=sheet,
        row=row,
        column=column,
        person=person,
        message=f"{message} {note}".strip(),
        source=entry.source_on(on),
        message_en=entry.message_en.format_map(en),
    )


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""
