"""What a register without some columns can be checked for: an absent column is unknown, never "no".

The catalogue says which fields each rule needs (`needs`, `needs_if_admitted`, `needs_own_column`);
given the fields the register has, findings of rules that could not be checked are dropped and one
note says which rules were left unchecked for lack of which columns (issue 9 §5, DESIGN §2).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import replace

from . import catalogue
from .findings import Finding
from .records import LABELS, Candidate
from .stages import Progress, Status

# Milestones that show a person is already admitted (the vote that admitted them is past).
_ADMITTED = ("decision_date", "ceremony_date", "recognition_vote_date", "recognition_date")


def is_admitted(c: Candidate) -> bool:
    return any(getattr(c, key) is not None for key in _ADMITTED)


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


def known_progress(p: Progress, fields: Collection[str], as_of: dt.date) -> Progress:
    """`p` without a passed deadline that rests on a column the register lacks: whether the step was done
    is unknown, so it is not overdue (a ceremony deadline with no ceremony column); the next step says what
    is unknown. A deadline still ahead stays: it tells when the step is due either way."""
    rule = catalogue.rules().get(p.deadline_rule or "")
    missing = _missing(rule.needs, fields) if rule is not None else ()
    if not missing or p.deadline is None or p.deadline >= as_of:
        return p
    unknown = f"chưa rõ: danh sách không có cột {', '.join(LABELS[k][0] for k in missing)}"
    return replace(p, deadline=None, deadline_rule=None, status=Status.NONE,
                   next_step=f"{p.next_step} ({unknown})" if p.next_step else "")
