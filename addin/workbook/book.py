"""A workbook's grids read into the core's records: register, members, settings, calendar, targets."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from addin.errors import WorkbookFormatError
from addin.rules.calendar import CalendarOverride
from addin.rules.findings import Finding
from addin.rules.records import Candidate, Member, read_candidate, read_member, read_override
from addin.rules.settings import Settings, read_settings

from .schema import CALENDAR, MEMBERS, QUOTA, REGISTER, SETTINGS, SheetSpec
from .tables import Grid, Table, find_sheet, read_key_values, read_table
from .updates import Area


@dataclass(frozen=True)
class BookInput:
    """What a front reads from a workbook: every sheet's grid, the defined names, the merged ranges."""

    grids: Mapping[str, Grid]
    names: Mapping[str, str] = field(default_factory=dict)  # name → "'Sheet'!$A$1:$H$9"
    merges: Mapping[str, tuple[Area, ...]] | None = None  # sheet → merged ranges; None: the front cannot tell

    def merged(self, sheet: str) -> tuple[Area, ...]:
        """The merged ranges of `sheet` as far as the front knows them."""
        return tuple(self.merges.get(sheet, ())) if self.merges is not None else ()


@dataclass(frozen=True)
class BookData:
    """The workbook as records, with the tables they came from and the findings of reading."""

    register: Table
    candidates: tuple[Candidate, ...]
    members: tuple[Member, ...]
    members_table: Table | None
    settings: Settings
    overrides: tuple[CalendarOverride, ...]
    quota_table: Table | None
    sheets: Mapping[str, str | None]  # spec key → the sheet's actual name (None: missing)
    findings: tuple[Finding, ...]


def _optional_table(book: BookInput, spec: SheetSpec, sheets: dict[str, str | None]) -> Table | None:
    name = find_sheet(list(book.grids), spec)
    sheets[spec.key] = name
    if name is None or not book.grids[name]:
        return None
    return read_table(name, book.grids[name], spec)


def _records(table: Table | None, read: Callable[..., tuple[Any, list[Finding]]], findings: list[Finding]) -> list:
    """Every row of `table` read into a record; reading findings go to `findings`, unusable rows are left out."""
    records: list[Any] = []
    if table is None:
        return records
    for line in table.rows:
        record, problems = read(table.sheet, line.row, line.values)
        findings.extend(problems)
        if record is not None:
            records.append(record)
    return records


def read_book(book: BookInput) -> BookData:
    """Read the register (required) and the optional sheets; raise WorkbookFormatError when unusable."""
    sheets: dict[str, str | None] = {}
    register_name = find_sheet(list(book.grids), REGISTER)
    if register_name is None:
        raise WorkbookFormatError(
            f"Không tìm thấy sheet '{REGISTER.name}' (danh sách theo dõi quần chúng). "
            f"Các sheet hiện có: {', '.join(book.grids) or '(không có)'}. "
            f"Hãy đặt tên sheet là '{REGISTER.name}' (hoặc {', '.join(repr(a) for a in REGISTER.aliases)})."
        )
    sheets[REGISTER.key] = register_name
    register = read_table(register_name, book.grids[register_name], REGISTER)
    findings: list[Finding] = []

    candidates = _records(register, read_candidate, findings)
    members_table = _optional_table(book, MEMBERS, sheets)
    members = _records(members_table, read_member, findings)

    settings_name = find_sheet(list(book.grids), SETTINGS)
    sheets[SETTINGS.key] = settings_name
    items: dict[str, tuple[int, Any]] = {}
    if settings_name and book.grids[settings_name]:
        items = {k: (kv.row, kv.value) for k, kv in read_key_values(book.grids[settings_name], SETTINGS, settings_name).items()}
    settings, problems = read_settings(items, settings_name or SETTINGS.name)
    findings.extend(problems)

    overrides = _records(_optional_table(book, CALENDAR, sheets), read_override, findings)

    quota_table = _optional_table(book, QUOTA, sheets)
    return BookData(
        register=register,
        candidates=tuple(candidates),
        members=tuple(members),
        members_table=members_table,
        settings=settings,
        overrides=tuple(overrides),
        quota_table=quota_table,
        sheets=sheets,
        findings=tuple(findings),
    )


def reference_date(data: BookData, as_of: dt.date | None, today: dt.date | None = None) -> dt.date:
    """`--as-of`, else the workbook's `Ngày tính`, else today (DESIGN §3)."""
    return as_of or data.settings.as_of or today or dt.date.today()


def plan_year(data: BookData, year: int | None, as_of: dt.date) -> int:
    """`--year`, else `Năm kế hoạch`, else the reference date's year."""
    return year or data.settings.plan_year or as_of.year
