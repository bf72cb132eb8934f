"""Tests for addin.rules.catalogue: the rules as data, checked against shared/domain/party-rules.md.

The reference's §1 and §15 tables (copied into tests/data/party-rules-tables.md, which says from
where and when) are parsed here, so a rule added to the reference without a catalogue entry (or
with a different evidence grade or severity) fails a test.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rules_helpers import d

from addin.rules import catalogue
from addin.rules.catalogue import regime_on, rule, rules
from addin.rules.findings import Severity

REFERENCE = Path(__file__).resolve().parent / "data" / "party-rules-tables.md"  # §1 and §15 of party-rules.md


def _section(number: int) -> str:
    text = REFERENCE.read_text("utf-8")
    match = re.search(rf"^## {number}\. .*?(?=^## \d+\. |\Z)", text, re.M | re.S)
    assert match, f"§{number} not found in {REFERENCE}"
    return match.group(0)


def _table(number: int) -> list[list[str]]:
    """The rows of the first table of §`number`, as stripped cells, without header and rule lines."""
    rows = [line for line in _section(number).splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    return [row for row in cells[1:] if not set("".join(row)) <= set("-: ")]


def _catalogue_id(reference_id: str) -> str:
    """`AUTH_*`, `FMT_*`, `HOL_*` are catalogued as one entry each: AUTH, FMT, HOL."""
    return reference_id.removesuffix("_*")


SUMMARY = {row[0]: row for row in _table(1)}  # id | rule | value | source | evidence
# Reference rules chibo does not catalogue, and why: nothing in a one-row-per-person register can check them.
NOT_CHECKED = {
    "CV_SCOPE": "the register records one verification date, not which relatives were verified",
    "CV_EXEMPT": "the register does not list the relatives or their membership",
    "AUTH_*": "the register does not say which body decided; the deciding body is the superior's organisation",
}
CHECKED = sorted(set(SUMMARY) - set(NOT_CHECKED))
DATA_QUALITY = {row[0]: row[2] for row in _table(15)}  # id | finding | severity


def test_reference_tables_were_parsed() -> None:
    assert len(SUMMARY) >= 35 and {"AGE_MIN", "AUTH_*", "HOL_*", "RECOG_DEC_30WD"} <= SUMMARY.keys()
    assert "AUTH_*" not in CHECKED
    assert set(DATA_QUALITY) == {"REQUIRED_FIELD", "DATE_INVALID", "DATE_PARTIAL", "DATE_ORDER", "DATE_FUTURE",
                                 "DUPLICATE", "INTRO_UNKNOWN", "TEXT_LEGACY", "DEADLINE_SOON"}


@pytest.mark.parametrize("reference_id", CHECKED + sorted(DATA_QUALITY))
def test_every_reference_rule_is_catalogued(reference_id: str) -> None:
    """Each id of §1 and §15 has an entry with severity, source, evidence, effective date and messages."""
    entry = rule(_catalogue_id(reference_id))
    assert isinstance(entry.severity, Severity)
    assert entry.source.strip() and entry.evidence.strip()
    assert isinstance(entry.effective_from, dt.date)
    assert entry.effective_until is None or entry.effective_until > entry.effective_from
    assert entry.title_vi and entry.message_vi and entry.message_en


def test_rules_not_checked_are_not_catalogued() -> None:
    assert set(NOT_CHECKED) <= set(SUMMARY)
    assert not {_catalogue_id(r) for r in NOT_CHECKED} & set(rules())


@pytest.mark.parametrize("reference_id", CHECKED)
def test_evidence_grade_matches_reference(reference_id: str) -> None:
    """The evidence grade of each Party rule is the one §1 gives.

    A family entry (FMT_*, HOL_*) also carries the grades of its members in §11/§12 (the [C]
    margins, the [C] 24/11 holiday), so it must include §1's grade rather than equal it.
    """
    grade = rule(_catalogue_id(reference_id)).evidence
    if reference_id.endswith("_*"):
        assert set(SUMMARY[reference_id][4].split("/")) <= set(grade.split("/"))
    else:
        assert grade == SUMMARY[reference_id][4]


@pytest.mark.parametrize("reference_id", sorted(DATA_QUALITY))
def test_data_quality_severity_matches_reference(reference_id: str) -> None:
    """§15: the severity of each data-quality check; these are chibo's own checks, not Party rules."""
    entry = rule(reference_id)
    assert entry.severity.value == DATA_QUALITY[reference_id]
    assert entry.kind == "data" and entry.source.startswith("chibo")


@pytest.mark.parametrize("rule_id", ["AGE_MIN", "AGE_MAX", "EDU_MIN", "COURSE_NT_REQ", "COURSE_NT_VALID", "INTRO_N",
                                     "INTRO_OFFICIAL", "INTRO_12M", "YOUTH_DV", "VOTE_CELL", "VOTE_RECOG",
                                     "DEC_60WD", "CEREMONY_30WD", "RECOG_CELL_30WD", "RECOG_DEC_30WD"])
def test_invalidating_breaches_are_errors(rule_id: str) -> None:
    """§15 "Severity of the Party rules": age, education, certificate, introducers, vote, Youth Union, deadlines."""
    assert rule(rule_id).severity is Severity.ERROR


def test_rules_graded_c_are_not_errors() -> None:
    """§15: a rule graded [C] is a warning (or information), unless the cell's settings say otherwise."""
    graded_c = [r for r in rules().values() if r.evidence == "C"]
    assert {r.id for r in graded_c} >= {"DOSSIER_12M", "VOTE_QUORUM"}
    assert all(r.severity is not Severity.ERROR for r in graded_c)


def test_every_rule_source_names_a_document() -> None:
    documents = re.compile(r"Điều lệ|QĐ|HD|Luật|Bộ luật|\{regulation\}|\{guidance\}|chibo")
    assert [r.id for r in rules().values() if not documents.search(r.source)] == []


def test_messages_only_use_known_placeholders() -> None:
    """A message template is a str.format template (no stray braces)."""
    for entry in rules().values():
        for template in (entry.message_vi, entry.message_en):
            assert all(name.isidentifier() for name in re.findall(r"\{([^{}]*)\}", template)), entry.id


# --- parameters: [C] values are settings with the reference's default -------------------------

@pytest.mark.parametrize("rule_id, key, default, configurable", [
    ("AGE_MIN", "min_months", 216, False),  # 18 years, counted in months [A]
    ("AGE_MAX", "max_months", 720, False),  # 60 years [A]
    ("COURSE_NT_VALID", "valid_months", 60, True),  # [B], "verify" in §13
    ("INTRO_12M", "months", 12, False),
    ("YOUTH_DV", "youth_max_years", 30, True),  # Luật Thanh niên link [C]
    ("DOSSIER_12M", "months", 12, True),  # [C]
    ("DEC_60WD", "working_days", 60, False),
    ("DEC_60WD", "extension_days", 30, False),
    ("CEREMONY_30WD", "working_days", 30, False),
    ("PROB_12M", "months", 12, False),
    ("RECOG_CELL_30WD", "working_days", 30, False),
    ("RECOG_DEC_30WD", "working_days", 30, False),
    ("RECOG_DEC_30WD", "extension_days", 30, False),
    ("HOL", "culture_day_off", True, True),  # 24/11 [C]
    ("DEADLINE_SOON", "lead_working_days", 10, True),
])
def test_parameters_and_defaults(rule_id: str, key: str, default: object, configurable: bool) -> None:
    param = rule(rule_id).params[key]
    assert param.default == default
    assert param.configurable is configurable
    assert param.label


def test_configurable_labels_are_unique() -> None:
    labels = [p.label for _, p in catalogue.configurable_params()]
    assert len(labels) == len(set(labels))


# --- regime by event date (party-rules.md §0) ------------------------------------------------------

@pytest.mark.parametrize("day, code", [
    ("29/07/2021", "QĐ 29-QĐ/TW"),  # before QĐ 24: the 2016 regulation
    ("30/07/2021", "QĐ 24-QĐ/TW"),
    ("19/01/2025", "QĐ 24-QĐ/TW"),
    ("20/01/2025", "QĐ 232-QĐ/TW"),  # effective on signing
    ("30/06/2025", "QĐ 232-QĐ/TW"),
    ("01/07/2025", "QĐ 294-QĐ/TW"),  # signed 26/5/2025, effective 1/7/2025
    ("25/07/2026", "QĐ 294-QĐ/TW"),
    ("26/07/2026", "QĐ 208-QĐ/TW"),
])
def test_regime_on_event_date(day: str, code: str) -> None:
    assert regime_on(d(day)).code == code


def test_regime_guidance() -> None:
    assert regime_on(d("01/07/2025")).guidance.startswith("HD 06-HD/TW")
    assert regime_on(d("01/07/2025")).evidence == "A"
    assert regime_on(d("26/07/2026")).evidence == "C"  # reported by secondary sources only
    assert regime_on(None).code == "QĐ 208-QĐ/TW"


@pytest.mark.parametrize("day, cited", [
    ("19/01/2025", "QĐ 24-QĐ/TW ngày 30/7/2021 §1.1.1"),
    ("20/01/2025", "QĐ 232-QĐ/TW ngày 20/01/2025 §1.1.1"),
    ("30/06/2025", "QĐ 232-QĐ/TW ngày 20/01/2025 §1.1.1"),
    ("01/07/2025", "QĐ 294-QĐ/TW ngày 26/5/2025 §1.1.1"),
    ("25/07/2026", "QĐ 294-QĐ/TW ngày 26/5/2025 §1.1.1"),
    ("26/07/2026", "QĐ 208-QĐ/TW ngày 26/7/2026"),  # text not seen: number and date only, no section
])
def test_source_cites_the_regulation_in_force(day: str, cited: str) -> None:
    assert rule("AGE_MIN").source_on(d(day)) == f"Điều lệ Đảng Điều 1.2; {cited}"
    assert "{regulation}" not in rule("DEC_60WD").source_on(d(day))


def test_placeholders_do_not_clash_with_finding_arguments() -> None:
    """A placeholder named like an argument of `finding` (e.g. `on`) could never be filled."""
    reserved = {"rule_id", "sheet", "row", "column", "person", "on", "severity", "note", "case"}
    for entry in rules().values():
        names = set(re.findall(r"\{(\w+)\}", entry.message_vi + entry.message_en))
        assert not names & reserved, entry.id


def test_finding_fills_both_languages() -> None:
    found = catalogue.finding("DATE_ORDER", sheet="Theo dõi", row=4, column="ceremony_date", person="A",
                              on=d("01/08/2025"), later=("Ngày lễ kết nạp", "Admission ceremony"),
                              later_date="01/08/2025", earlier=("Ngày quyết định kết nạp", "Admission decision"),
                              earlier_date="05/08/2025")
    assert found.message == "Ngày lễ kết nạp (01/08/2025) trước Ngày quyết định kết nạp (05/08/2025)."
    assert found.message_en == "Admission ceremony (01/08/2025) is before Admission decision (05/08/2025)."
    assert (found.severity, found.row, found.column) == (Severity.ERROR, 4, "ceremony_date")


def test_message_cases_and_remedies_fill_from_named_fields() -> None:
    """Every case template and remedy is a str.format template with identifier fields only."""
    for entry in rules().values():
        templates = [m.vi for m in entry.cases.values()] + [m.en for m in entry.cases.values()] + list(entry.remedies.values())
        for template in templates:
            assert all(name.isidentifier() for name in re.findall(r"\{([^{}]*)\}", template)), entry.id
        assert set(entry.remedies) <= {"", *entry.cases}, entry.id
        assert entry.blocks in ("", "admission", "recognition"), entry.id


def test_user_facing_sources_carry_no_internal_notes() -> None:
    """§7: no evidence grades, website names or notes of ours in what a user reads (Căn cứ, Cài đặt notes)."""
    from addin.rules.plan import planning_settings, recurring_tasks

    banned = re.compile(r"party-rules|luatduonggia|thuvienphapluat|chưa đối chiếu|theo nguồn thứ cấp|\[[ABC]\]")
    texts = [r.source_on(day) for r in rules().values() for day in (d("01/01/2024"), d("01/09/2026"))]
    texts += [r.title for r in catalogue.regimes()] + [r.guidance for r in catalogue.regimes()]
    texts += [source for _, _, source in planning_settings()] + [t.source for t in recurring_tasks()]
    assert [t for t in texts if banned.search(t)] == []


def test_uncertain_values_ask_the_cell_to_confirm_them() -> None:
    assert rule("DOSSIER_12M").uncertain and not rule("AGE_MIN").uncertain
    assert catalogue.confirm_text() == "Chi bộ xác nhận giá trị này với đảng ủy cấp trên trước khi dùng."


def _literals(module: str) -> tuple[list[str], list[int]]:
    """Non-docstring string literals with Vietnamese letters, and whole-number literals, of a module of addin/rules."""
    import ast

    tree = ast.parse((Path(__file__).resolve().parents[1] / "addin" / "rules" / module).read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and ast.get_docstring(node)}
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and id(n) not in docstrings and re.search(r"[^\x00-\x7f]", n.value)]
    numbers = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is int]
    return texts, numbers


@pytest.mark.parametrize("module, allowed_texts, allowed_numbers", [
    ("checks.py", {"Theo dõi"}, {0, 1, 12}),  # the register's default sheet name; 12 months make a year
    ("votes.py", set(), {0, 1}),
    ("plan.py", set(), {0, 1, 12, 28, 31}),  # December; the 28th is the last day every month has; 31/12
    ("stages.py", set(), set(range(8))),  # the Stage enum's values
    ("quota.py", set(), {0, 1, 12, 31}),  # counting one by one; 31/12 closes a year
])
def test_no_rule_text_or_number_is_left_in_python(module: str, allowed_texts: set[str], allowed_numbers: set[int]) -> None:
    """§6: messages, remedies, notes and thresholds live in catalogue.toml / planning.toml, not in the code."""
    texts, numbers = _literals(module)
    assert set(texts) <= allowed_texts
    assert set(numbers) <= allowed_numbers


def test_the_guidance_cited_is_the_one_in_force_and_always_cited_one_way() -> None:
    """issue 17 §1: a replaced guidance is cited only for events in its period, with its number and date."""
    import datetime as dt

    vote_du = catalogue.rule("VOTE_DU")
    assert vote_du.source_on(dt.date(2020, 1, 1)) == "HD 01-HD/TW ngày 20/9/2016"
    assert vote_du.source_on(dt.date(2025, 8, 1)) == "HD 06-HD/TW ngày 09/6/2025"
    assert vote_du.source_on(dt.date(2026, 8, 1)) == "HD 01-HD/TW ngày 19/5/2026"
    for entry in catalogue.rules().values():
        for day in (dt.date(2022, 1, 1), dt.date(2025, 8, 1), dt.date(2026, 8, 1)):
            text = entry.source_on(day)
            for document in ("HD 01-HD/TW", "HD 06-HD/TW", "HD 12-HD/BTCTW", "HD 11-HD/BTCTW"):
                for at in (i for i in range(len(text)) if text.startswith(document, i)):
                    assert text[at + len(document):].startswith(" ngày "), (entry.id, text)
