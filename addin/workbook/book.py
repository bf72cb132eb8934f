"""A workbook's grids read into the core's records: register, members, settings, calendar, targets."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from addin.errors import WorkbookFormatError
from addin.rules import catalogue
from addin.rules.calendar import CalendarOverride
from addin.rules.findings import Finding
from addin.rules.records import Candidate, Member, date_fields, read_candidate, read_member, read_override
from addin.rules.settings import Settings, read_settings
from addin.rules.text import fold
from addin.rules.values import FIRST_YEAR, LAST_YEAR

from .schema import (
    CALENDAR,
    COLUMN_ITEM_PREFIX,
    FINDINGS,
    MEMBERS,
    MEMBERS_SHEET_ITEM,
    QUOTA,
    REGISTER,
    REGISTER_MINIMUM,
    REGISTER_SHEET_ITEM,
    SETTINGS,
    SheetSpec,
)
from .tables import Grid, KeyValue, Table, find_sheet, header_fields, header_keys, read_key_values, read_table
from .updates import Area


@dataclass(frozen=True)
class BookInput:
    """What a front reads from a workbook: every sheet's grid, the defined names, the merged ranges."""

    grids: Mapping[str, Grid]
    names: Mapping[str, str] = field(default_factory=dict)  # name → "'Sheet'!$A$1:$H$9"
    merges: Mapping[str, tuple[Area, ...]] | None = None  # sheet → merged ranges; None: the front cannot tell
    date1904: bool = False  # day numbers count from 1904 (Excel for Mac's old default), not from 1900
    hidden: frozenset[str] = frozenset()  # the sheets hidden in Excel

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
    choice: RegisterChoice  # how the register's sheet was chosen


def _optional_table(book: BookInput, spec: SheetSpec, sheets: dict[str, str | None],
                    pinned: KeyValue | None = None) -> Table | None:
    name = _pinned_sheet(book, pinned) if pinned is not None and pinned.value else find_sheet(list(book.grids), spec)
    if name is None and spec is MEMBERS:
        name = _members_by_content(book, sheets)
    sheets[spec.key] = name
    if name is None or not book.grids[name]:
        return None
    return read_table(name, book.grids[name], spec, merges=book.merged(name))


DAYS_1900_TO_1904 = 1462  # a day's number in the 1904 date system + 1462 = its number in the 1900 system


def on_1900_system(values: Mapping[str, object], dates: frozenset[str]) -> dict[str, object]:
    """A 1904 workbook's row with the day numbers of its date fields (`dates`) counted as in the 1900 system,
    which the rules read; a bare year (1985) in a birth-date or forecast field stays a year."""
    def shifted(key: str, value: object) -> object:
        if key not in dates or isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        if value == int(value) and FIRST_YEAR <= value <= LAST_YEAR:
            return value
        return value + DAYS_1900_TO_1904
    return {key: shifted(key, value) for key, value in values.items()}


def _records(table: Table | None, read: Callable[..., tuple[Any, list[Finding]]], findings: list[Finding],
             record: type, date1904: bool) -> list:
    """Every row of `table` read into a `record`; reading findings go to `findings`, unusable rows are left out."""
    records: list[Any] = []
    if table is None:
        return records
    dates = date_fields(record)
    for line in table.rows:
        values = on_1900_system(line.values, dates) if date1904 else line.values
        record_read, problems = read(table.sheet, line.row, values)
        findings.extend(problems)
        if record_read is not None:
            records.append(record_read)
    return records


def _sheet_list(book: BookInput) -> str:
    return ", ".join(f"'{name}'" for name in book.grids) or "(không có)"


def _pinned_sheet(book: BookInput, item: KeyValue) -> str:
    """The sheet a `Cài đặt` item names (`Sheet theo dõi` = `DSDV`), matched like every sheet name."""
    wanted = fold(str(item.value))
    found = next((name for name in book.grids if fold(name) == wanted), None)
    if found is None:
        raise WorkbookFormatError(
            f"Sheet '{SETTINGS.name}', dòng {item.row}: mục '{item.label}' ghi sheet '{item.value}' nhưng sổ tính "
            f"không có sheet này. Các sheet hiện có: {_sheet_list(book)}."
        )
    return found


def column_mapping(items: Mapping[str, KeyValue], sheet: str) -> dict[str, str | int]:
    """`Cột <trường> = <tiêu đề hoặc chữ cột>` items of `Cài đặt`: register field key → header text or column."""
    prefix = fold(COLUMN_ITEM_PREFIX)
    fields = {header_keys(label)[0]: col.key for col in REGISTER.columns for label in col.labels}
    mapping: dict[str, str | int] = {}
    for folded, item in items.items():
        if not folded.startswith(prefix) or item.value is None:
            continue
        named = item.label.strip()[len(COLUMN_ITEM_PREFIX.strip()):]
        key = fields.get(header_keys(named)[0]) if header_keys(named) else None
        if key is None:
            raise WorkbookFormatError(
                f"Sheet '{sheet}', dòng {item.row}: mục '{item.label}' không chỉ một cột của danh sách theo dõi. "
                f"Hãy ghi '{COLUMN_ITEM_PREFIX}' và tên trường như bảng trường của chibo (ví dụ "
                f"'{COLUMN_ITEM_PREFIX}{REGISTER.column('dob').header}')."
            )
        value = item.value
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            mapping[key] = value
        else:  # a header text; one to three letters that are no header of the sheet are a column letter
            mapping[key] = str(value).strip()
    return mapping


@dataclass(frozen=True)
class Contender:
    """A sheet that could be the register: how many register columns its header carries, how many people it lists."""

    sheet: str
    columns: int
    people: int


@dataclass(frozen=True)
class RegisterChoice:
    """Which sheet was taken for the register and why: pinned in `Cài đặt`, or the best of the
    contenders (`chosen`), with the one that came next (`runner_up`) when there was one."""

    sheet: str
    pinned: bool = False
    chosen: Contender | None = None
    runner_up: Contender | None = None
    hidden: bool = False  # the sheet is hidden in Excel: the results written there are out of sight


def _contender(name: str, grid: Grid, keys: frozenset[str], mapping: Mapping[str, str | int],
               merges: tuple[Area, ...]) -> Contender:
    try:
        people = len(read_table(name, grid, REGISTER, mapping=mapping, merges=merges).rows)
    except WorkbookFormatError:  # two columns read as one field: chosen, reading it says so
        people = 0
    return Contender(name, len(keys), people)


def find_register(book: BookInput, pinned: KeyValue | None, mapping: Mapping[str, str | int]) -> RegisterChoice:
    """The register's sheet: the one pinned in `Cài đặt`, else the sheet that most looks like a list of
    people to follow: a sheet called `Theo dõi` first (it needs only a name), then a list (two people or
    more) before a sheet of one person (a personal form with another table under it), then more register
    columns in the header (a name and a birth date at least), then more people. A sheet called `Đảng viên`
    is the members' list, never the register. A tie is refused."""
    if pinned is not None and pinned.value:
        return RegisterChoice(_pinned_sheet(book, pinned), pinned=True)
    named = {fold(name) for name in REGISTER.names}
    members = {fold(name) for name in MEMBERS.names}
    scored: list[tuple[tuple[bool, bool, int, int], Contender]] = []
    for name, grid in book.grids.items():
        if fold(name) in members:
            continue
        keys = header_fields(grid, REGISTER, mapping, merges=book.merged(name)) if grid else None
        if keys is None or (fold(name) not in named and not set(REGISTER_MINIMUM) <= keys):
            continue
        contender = _contender(name, grid, keys, mapping, book.merged(name))
        scored.append(((fold(name) in named, contender.people >= 2, contender.columns, contender.people), contender))
    if not scored:
        fallback = next((name for name in book.grids if fold(name) in named), None)
        if fallback is not None:
            return RegisterChoice(fallback)  # reading it says which header is missing and what is nearest
        needs = " và ".join(f"'{REGISTER.column(key).header}'" for key in REGISTER_MINIMUM)
        raise WorkbookFormatError(
            f"Không tìm thấy danh sách theo dõi: không sheet nào có dòng tiêu đề với các cột {needs}. "
            f"Các sheet hiện có: {_sheet_list(book)}. Hãy thêm các cột đó vào danh sách (sheet chibo tạo tên là "
            f"'{REGISTER.name}'), hoặc ghi tên sheet vào mục '{REGISTER_SHEET_ITEM}' và tên cột vào các mục "
            f"'{COLUMN_ITEM_PREFIX}…' của sheet '{SETTINGS.name}'."
        )
    scored.sort(key=lambda pair: pair[0], reverse=True)
    best = scored[0][0]
    tied = [c.sheet for score, c in scored if score == best]
    if len(tied) > 1:
        listed = ", ".join(f"'{name}'" for name in tied)
        raise WorkbookFormatError(
            f"Có {len(tied)} sheet cùng giống danh sách theo dõi như nhau ({best[2]} cột nhận ra, {best[3]} người): "
            f"{listed}. Hãy ghi tên sheet cần dùng vào mục '{REGISTER_SHEET_ITEM}' của sheet '{SETTINGS.name}', "
            f"hoặc xóa, đổi tên các sheet còn lại."
        )
    chosen = scored[0][1]
    return RegisterChoice(chosen.sheet, chosen=chosen, runner_up=scored[1][1] if len(scored) > 1 else None)


def _members_by_content(book: BookInput, sheets: Mapping[str, str | None]) -> str | None:
    """A members' list under another name (`DSDV`): the one sheet besides the register, named as no other
    sheet of chibo, whose header carries a name and an admission or official date; None when not exactly one."""
    taken = {fold(name) for spec in (REGISTER, SETTINGS, QUOTA, CALENDAR, FINDINGS) for name in spec.names}
    found = [name for name, grid in book.grids.items()
             if grid and name != sheets.get(REGISTER.key) and fold(name) not in taken
             and (keys := header_fields(grid, MEMBERS)) is not None and "name" in keys and {"admitted", "official"} & keys]
    return found[0] if len(found) == 1 else None


def read_book(book: BookInput) -> BookData:
    """Read the register (required) and the optional sheets; raise WorkbookFormatError when unusable."""
    sheets: dict[str, str | None] = {}
    settings_name = find_sheet(list(book.grids), SETTINGS)
    sheets[SETTINGS.key] = settings_name
    lines: dict[str, KeyValue] = {}
    if settings_name and book.grids[settings_name]:
        lines = read_key_values(book.grids[settings_name], SETTINGS, settings_name)
    mapping = column_mapping(lines, settings_name or SETTINGS.name)
    choice = find_register(book, lines.get(fold(REGISTER_SHEET_ITEM)), mapping)
    register_name = choice.sheet
    sheets[REGISTER.key] = register_name
    register = read_table(register_name, book.grids[register_name], REGISTER, mapping=mapping,
                          merges=book.merged(register_name))
    findings: list[Finding] = []
    if register_name in book.hidden:
        choice = replace(choice, hidden=True)
        findings.append(catalogue.finding("REGISTER_HIDDEN", sheet=register_name, row=None, column=None, person="",
                                          sheet_name=register_name))

    candidates = _records(register, read_candidate, findings, Candidate, book.date1904)
    members_table = _optional_table(book, MEMBERS, sheets, lines.get(fold(MEMBERS_SHEET_ITEM)))
    members = _records(members_table, read_member, findings, Member, book.date1904)

    items = {k: (kv.row, kv.value) for k, kv in lines.items()}
    settings, problems = read_settings(items, settings_name or SETTINGS.name)
    findings.extend(problems)

    overrides = _records(_optional_table(book, CALENDAR, sheets), read_override, findings, CalendarOverride,
                         book.date1904)

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
        choice=choice,
    )


def reference_date(data: BookData, as_of: dt.date | None, today: dt.date | None = None) -> dt.date:
    """`--as-of`, else the workbook's `Ngày tính`, else today (DESIGN §3)."""
    return as_of or data.settings.as_of or today or dt.date.today()


def plan_year(data: BookData, year: int | None, as_of: dt.date) -> int:
    """`--year`, else `Năm kế hoạch`, else the reference date's year."""
    return year or data.settings.plan_year or as_of.year
