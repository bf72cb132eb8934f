"""The rule catalogue: rules as data (data/catalogue.toml), with sources, regimes and parameters."""
from __future__ import annotations

import datetime as dt
import re
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
    issued: dt.date
    evidence: str
    text_seen: bool = True  # False: cite by number and date only, never a section we could not check

    def cite(self, sections: str = "") -> str:
        """"QĐ 294-QĐ/TW ngày 26/5/2025 §4.1": number, day of issue, `sections` — none when its text was not seen."""
        from .values import short_document_date  # values → calendar → catalogue: imported when first cited

        return f"{self.code} ngày {short_document_date(self.issued)}{sections if self.text_seen else ''}"


@dataclass(frozen=True)
class Param:
    key: str
    default: Any
    label: str  # the item name under which `Cài đặt` may override it
    configurable: bool


@dataclass(frozen=True)
class Message:
    """One case of a rule's finding: its Vietnamese and English templates with named fields."""

    vi: str
    en: str


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
    cases: Mapping[str, Message] = field(default_factory=dict)  # other messages of the rule, by case
    remedies: Mapping[str, str] = field(default_factory=dict)  # by case ("" = the main message)
    blocks: str = ""  # the phase an error of this rule stops: "admission" | "recognition" | ""
    stage_vi: str = ""  # what `Giai đoạn` reads when an error of this rule stops the dossier (a failed vote)
    cited_only: bool = False  # cited by the plan or holding parameters, never raised as a finding
    step_vi: str = ""  # a legal time limit: the step it bounds (stages.Deadline)
    step_en: str = ""

    def message(self, case: str = "") -> Message:
        """The templates of one case of the rule ("" = its main message; a case every rule shares, e.g. `unreadable`)."""
        if not case:
            return Message(self.message_vi, self.message_en)
        return self.cases.get(case) or shared_messages()[case]
    needs: tuple[str, ...] = ()  # register fields without which the rule is not checked
    needs_if_admitted: tuple[str, ...] = ()  # … and for a person already admitted
    needs_own_column: bool = False  # the finding's own column must exist

    def source_on(self, day: dt.date | None) -> str:
        """The source with `{regulation}` (and its sections) and `{guidance}` resolved to the regime in force on
        `day`: a replaced document is cited only for events in its period, each document one way."""
        regime = regime_on(day)
        return _REGULATION.sub(lambda m: regime.cite(m.group(1)), self.source).replace("{guidance}", regime.guidance)

    @property
    def uncertain(self) -> bool:
        """The reference grades the rule [C]: a cell should confirm its values with the superior committee."""
        return "C" in self.evidence.split("/")

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


@lru_cache(maxsize=4)
def data_file(name: str) -> Mapping[str, Any]:
    """A TOML file of addin/rules/data (the rules' content: catalogue.toml, planning.toml), read once."""
    return MappingProxyType(tomllib.loads(resources.files("addin.rules").joinpath(f"data/{name}").read_text("utf-8")))


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[Regime, ...], Mapping[str, Rule]]:
    raw = data_file("catalogue.toml")
    regimes = tuple(sorted((Regime(**r) for r in raw["regime"]), key=lambda r: r.effective_from))
    rules = {}
    for entry in raw["rule"]:
        entry = dict(entry)
        params = {key: _param(entry["id"], key, p) for key, p in entry.pop("params", {}).items()}
        entry["severity"] = Severity(entry["severity"])
        cases = {key: Message(**m) for key, m in entry.pop("cases", {}).items()}
        remedies = dict(entry.pop("remedies", {}))
        for key in ("needs", "needs_if_admitted"):
            entry[key] = tuple(entry.get(key, ()))
        rules[entry["id"]] = Rule(params=MappingProxyType(params), cases=MappingProxyType(cases),
                                  remedies=MappingProxyType(remedies), **entry)
    return regimes, MappingProxyType(rules)


_REGULATION = re.compile(r"\{regulation\}((?: §[^;,]+)?(?:, §[^;,]+)*)")


@lru_cache(maxsize=1)
def texts() -> Mapping[str, Any]:
    """The catalogue's `[texts]`: words the rules' messages share."""
    return MappingProxyType(data_file("catalogue.toml")["texts"])


def confirm_text() -> str:
    """The `Cài đặt` note for an uncertain value: confirm it with the superior committee."""
    return str(texts()["confirm"])


@lru_cache(maxsize=1)
def shared_messages() -> Mapping[str, Message]:
    """Message cases any rule may use (`[messages]` of the catalogue)."""
    return MappingProxyType({key: Message(**m) for key, m in data_file("catalogue.toml").get("messages", {}).items()})


def _param(rule_id: str, key: str, raw: Mapping[str, Any]) -> Param:
    """One parameter table; other keys in it are a catalogue mistake (a key written under the wrong table)."""
    unknown = set(raw) - {"default", "label", "configurable"}
    if unknown:
        raise ValueError(f"catalogue: {rule_id}.params.{key} has unknown keys {sorted(unknown)}")
    return Param(key, raw["default"], raw["label"], bool(raw.get("configurable", False)))


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
    case: str = "",
    **fields: Any,
) -> Finding:
    """A finding of `rule_id` (one `case` of it), its message filled from `fields`; a (vi, en) pair fills `{x}` and `{x_en}`."""
    vi, en = _Fields(), _Fields()
    for key, value in fields.items():
        if isinstance(value, tuple):
            vi[key], en[key] = value
            en[f"{key}_en"] = value[1]
        else:
            vi[key] = en[key] = value
    entry = rule(rule_id)
    templates = entry.message(case)
    message = templates.vi.format_map(vi)
    remedy = entry.remedies.get(case, "")
    return Finding(
        rule=rule_id,
        severity=severity or entry.severity,
        sheet=sheet,
        row=row,
        column=column,
        person=person,
        message=f"{message} {note}".strip(),
        source=entry.source_on(on) if entry.kind != "data" else "",  # chibo's own data checks cite no document
        message_en=templates.en.format_map(en),
        remedy=remedy.format_map(vi) if remedy else "",
    )


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""
