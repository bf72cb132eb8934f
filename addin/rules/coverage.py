"""What a register without some columns can be checked for: an absent column is unknown, never "no".

The catalogue says which fields each rule needs (`needs`, `needs_if_admitted`, `needs_own_column`);
given the fields the register has, findings of rules that could not be checked are dropped and one
note says which rules were left unchecked for lack of which columns (issue 9 §5, DESIGN §2).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable

from . import catalogue
from .findings import Finding
from .records import LABELS, Candidate
from .stages import membership

# Milestones that show a person is already admitted (the vote that admitted them is past).
_ADMITTED = ("decision_date", "ceremony_date", "recognition_vote_date", "recognition_date")


def is_admitted(c: Candidate) -> bool:
    """Admitted by a dated milestone, or marked a member in a list's `Đảng viên` column."""
    return any(getattr(c, key) is not None for key in _ADMITTED) or membership(c) is not None


def _missing(needed: Iterable[str], fields: Collection[str]) -> tuple[str, ...]:
    return tuple(key for key in needed if key not in fields)


def applicable(findings: Iterable[Finding], candidates: Iterable[Candidate], fields: Collection[str],
               sheet: str) -> list[Finding]:
    """The findings of `sheet` (the register) that do not rest on a column it lacks; others pass."""
    admitted = {c.row for c in candidates if is_admitted(c)}
    rules = catalogue.rules()

    def checked(f: Finding) -> bool:
        if f.sheet != sheet or f.rule not in rules:
            return True
        rule = rules[f.rule]
        if _missing(rule.needs, fields):
            return False
        if f.row in admitted and _missing(rule.needs_if_admitted, fields):
            return False
        return not (rule.needs_own_column and f.column is not None and f.column not in fields)
    return [f for f in findings if checked(f)]


def unchecked_note(candidates: Iterable[Candidate], fields: Collection[str], sheet: str) -> Finding | None:
    """One note: the rules not checked and the columns they lack; None when every rule could run."""
    people = list(candidates)
    if not people:
        return None
    by_columns: dict[tuple[tuple[str, ...], bool], list[str]] = {}  # (missing fields, for the admitted only)
    any_admitted = any(is_admitted(c) for c in people)
    for rule in catalogue.rules().values():
        if missing := _missing(rule.needs, fields):
            by_columns.setdefault((missing, False), []).append(rule.id)
        elif any_admitted and (missing := _missing(rule.needs_if_admitted, fields)):
            by_columns.setdefault((missing, True), []).append(rule.id)
    if not by_columns:
        return None
    columns = sorted({key for keys, _ in by_columns for key in keys}, key=list(LABELS).index)
    listed = "; ".join(
        f"{', '.join(ids)} ({'với người đã vào Đảng, ' if admitted else ''}thiếu {', '.join(LABELS[k][0] for k in keys)})"
        for (keys, admitted), ids in by_columns.items())
    return catalogue.finding(
        "COLUMNS_MISSING", sheet=sheet, row=None, column=None, person="",
        columns=(", ".join(f"'{LABELS[k][0]}'" for k in columns), ", ".join(f"'{LABELS[k][1]}'" for k in columns)),
        rules=listed,
    )
