"""The sample workbook `workbooks/chi-bo-mau.xlsx`: reproducible, in the format, and realistic.

The committed file is re-read with openpyxl and its rows go through the rules core, so the
sample and the core agree on where every fictional person stands and on what is wrong.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from addin.rules.catalogue import configurable_params
from addin.rules.findings import Severity
from addin.rules.records import read_candidate
from addin.rules.settings import ITEMS
from addin.rules.stages import STAGE_LABELS, stage_of
from addin.rules.text import fold
from addin.rules.timeline import When
from addin.workbook.book import BookInput
from addin.workbook.run import evaluate
from addin.workbook.schema import CALENDAR, GUIDE_SHEET, MEMBERS, QUOTA, REGISTER, SETTINGS, SheetSpec
from addin.workbook.tables import HEADER_ROWS

SCRIPT = Path(__file__).resolve().parents[1] / "workbooks" / "make_sample.py"
_spec = importlib.util.spec_from_file_location("make_sample", SCRIPT)
make_sample = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_sample)
SAMPLE = make_sample.DEFAULT_OUTPUT


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return openpyxl.load_workbook(SAMPLE)


def _table(book: openpyxl.Workbook, spec: SheetSpec) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The header texts of `spec`'s sheet and its records (Excel row, schema key → value)."""
    labels = {fold(label): col.key for col in spec.columns for label in col.labels}
    rows = list(book[spec.name].iter_rows(values_only=True))
    top = next(r for r, row in enumerate(rows[:HEADER_ROWS]) if labels.get(fold(str(row[0]))) == spec.columns[0].key)
    headers = [v for v in rows[top] if v is not None]
    keys = [labels.get(fold(str(v))) if v is not None else None for v in rows[top]]
    records = [
        (top + r + 2, {k: v for k, v in zip(keys, row) if k is not None})
        for r, row in enumerate(rows[top + 1:])
        if any(v is not None for v in row)
    ]
    return headers, records


def test_rebuild_gives_the_committed_bytes(tmp_path):
    first, second = tmp_path / "a" / "mau.xlsx", tmp_path / "b" / "mau.xlsx"
    make_sample.build_sample(first)
    make_sample.build_sample(second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == SAMPLE.read_bytes(), "run `python workbooks/make_sample.py` and commit the result"


def test_sheets_and_headers_follow_the_schema(book):
    assert book.sheetnames == [GUIDE_SHEET, REGISTER.name, MEMBERS.name, QUOTA.name, SETTINGS.name, CALENDAR.name]
    assert GUIDE_SHEET == "Hướng dẫn" and book.active.title == GUIDE_SHEET  # opens on the guide
    for spec in (REGISTER, MEMBERS, QUOTA, CALENDAR):
        headers, _ = _table(book, spec)
        assert headers == [col.header for col in spec.columns], spec.name
    headers, _ = _table(book, SETTINGS)
    assert headers[:2] == [col.header for col in SETTINGS.columns]


def test_layout_of_a_real_register(book):
    sheet = book[REGISTER.name]
    assert sheet["A1"].value == "DANH SÁCH THEO DÕI QUẦN CHÚNG PHÁT TRIỂN ĐẢNG VIÊN"
    assert sheet.freeze_panes == "C6"
    assert sheet["B6"].font.name == "Times New Roman"


def test_dates_are_real_but_a_few_typed_as_text(book):
    _, candidates = _table(book, REGISTER)
    _, members = _table(book, MEMBERS)
    date_keys = {"source_date", "admitted", "official", "arrived", "left"} | {
        col.key for col in REGISTER.columns if col.key.endswith("_date")}
    values = [v for _, record in candidates + members for k, v in record.items() if k in date_keys and v is not None]
    typed = [v for v in values if isinstance(v, str)]
    assert 2 <= len(typed) <= 3
    assert len(values) - len(typed) == sum(isinstance(v, dt.datetime) for v in values)
    assert [r["dob"] for _, r in candidates if isinstance(r["dob"], int)] == [1999]
    assert all(sheet.cell(row, 3).number_format == "dd/mm/yyyy" for sheet in [book[REGISTER.name]]
               for row, r in candidates if isinstance(r["dob"], dt.datetime))


def test_every_text_is_nfc(book):
    texts = [v for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert texts and all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_sizes_quota_years_and_calendar(book):
    _, candidates = _table(book, REGISTER)
    _, members = _table(book, MEMBERS)
    _, quota = _table(book, QUOTA)
    _, calendar = _table(book, CALENDAR)
    assert len(candidates) >= 15
    assert len(members) >= 12
    assert [r["year"] for _, r in quota] == [2026, 2027]
    assert all(r["target"] and r["resolution_target"] for _, r in quota)
    assert {r["kind"] for _, r in calendar} == {"Nghỉ", "Làm bù"}


def test_members_include_probationary_departed_and_exempt(book):
    _, members = _table(book, MEMBERS)
    assert sum(r["official"] is None for _, r in members) >= 1
    assert sum(r["left"] is not None for _, r in members) == 1
    assert [r["exempt"] for _, r in members if r["exempt"]] == ["Có"]


def test_introducers_and_helpers_are_members(book):
    _, candidates = _table(book, REGISTER)
    _, members = _table(book, MEMBERS)
    names = {r["name"] for _, r in members}
    named = {r[k] for _, r in candidates for k in ("helper", "introducer_1", "introducer_2") if r[k]}
    assert named and named <= names


def test_settings_hold_every_item_and_parameter(book):
    _, rows = _table(book, SETTINGS)
    settings = {r["item"]: r["value"] for _, r in rows}
    assert set(ITEMS) <= set(settings)
    assert settings["Ngày tính"] == dt.datetime(2026, 11, 15)
    assert settings["Năm kế hoạch"] == 2027
    for _, param in configurable_params():
        expected = ("Có" if param.default else "Không") if isinstance(param.default, bool) else param.default
        assert settings[param.label] == expected


def test_each_person_is_at_the_stage_the_script_says(book):
    _, rows = _table(book, REGISTER)
    stages = {}
    for row, values in rows:
        candidate, problems = read_candidate(REGISTER.name, row, values)
        assert problems == [], candidate.name
        stages[candidate.name] = stage_of(candidate).label
    assert stages == make_sample.STAGES
    assert set(stages.values()) == set(STAGE_LABELS.values())


def test_the_checks_find_exactly_the_deliberate_problems(book):
    grids = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    result = evaluate(BookInput(grids))
    assert result.as_of == dt.date(2026, 11, 15)
    found: dict[str, set[str]] = {}
    for f in result.findings:
        if f.severity in (Severity.ERROR, Severity.WARNING):
            found.setdefault(f.person, set()).add(f.rule)
    assert found == {name: set(rules) for name, rules in make_sample.PROBLEMS.items()}


def test_the_sample_shows_the_lifecycle_cases(book):
    # Issue 10: a failed recognition vote, an introducer who left with no replacement, over 60 with consent.
    grids = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}
    result = evaluate(BookInput(grids))
    by_name = {t.name: t for t in result.timelines.values()}
    findings = {(f.person, f.rule): f for f in result.findings}
    # 5 in favour of 9 counted (10 official, the exempted member absent): 2/3 of 9 is 6 (party-rules.md §6)
    assert findings[("Cao Thị Hạnh", "VOTE_RECOG")].severity is Severity.ERROR
    assert "5/9 tán thành, cần ít nhất 6" in findings[("Cao Thị Hạnh", "VOTE_RECOG")].message
    hanh = by_name["Cao Thị Hạnh"]
    assert hanh.state == "Xét chuyển chính thức không đạt" and hanh.halt is not None
    assert hanh.next.key == "remedy" and hanh.step("recognition_vote").when is When.AFTER
    # Ngô Minh Tuấn left on 01/08/2026: one introducer left, no vote yet, so a warning (an error at the vote)
    quan = findings[("Đỗ Minh Quân", "INTRO_N")]
    assert quan.severity is Severity.WARNING and "chuyển đi ngày 01/08/2026" in quan.message
    # Born 10/05/1963: over 60 at the vote of 09/09/2026, consent recorded 21/10/2026 — a note, not an error
    tho = findings[("Nguyễn Văn Thọ", "AGE_OVER60")]
    assert tho.severity is Severity.INFO and "21/10/2026" in tho.message
    assert by_name["Nguyễn Văn Thọ"].halt is None and by_name["Nguyễn Văn Thọ"].next.key == "decision"
