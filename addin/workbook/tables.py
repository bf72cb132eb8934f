"""A grid of cell values → located tables: the sheet, its header row, its columns and its records.

A grid is row-major (`grid[0]` is Excel row 1, `grid[r][0]` column A) and holds None, str,
int, float, bool, datetime.date, datetime.datetime, datetime.time, datetime.timedelta or
`CellError`. Both fronts produce grids; `clean_value` puts any of their values in that form.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, cast

from openpyxl.utils import get_column_letter, range_boundaries

from addin.errors import WorkbookFormatError
from addin.rules.text import fold, nfc
from addin.workbook.schema import SheetSpec

Grid = list[list[object]]

HEADER_ROWS = 15  # DESIGN §2: the header row is among the first 15 rows

ERROR_LITERALS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA"}
    # Dynamic-array era errors, which Excel 365 may also store.
    | {"#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)


class CellError(str):
    """An Excel error value such as `#N/A` or `#REF!`, read from a cell."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"CellError({str(self)!r})"


def clean_value(value: object) -> object:
    """A cell value in grid form: NFC trimmed text, "" → None, errors → CellError, 3.0 → 3, date-only → date."""
    if isinstance(value, str):
        text = nfc(value)
        if not text:
            return None
        return CellError(text) if text in ERROR_LITERALS else text
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
        return value.date()
    return value


def column_letter(index: int) -> str:
    """Excel letter of a 1-based column index (3 → "C")."""
    return get_column_letter(index)


def ref_box(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of "'Sheet'!$A$1:$B$9"; None when no range."""
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.split("!")[-1].replace("$", ""))
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    return cast(int, min_row), cast(int, min_col), cast(int, max_row), cast(int, max_col)


def cell_ref(sheet: str, row: int, column_index: int) -> str:
    """An Excel reference to one cell, usable as an internal hyperlink ("'Theo dõi'!C7")."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{column_letter(column_index)}{row}"


def find_sheet(sheet_names: list[str], spec: SheetSpec) -> str | None:
    """The one sheet named like `spec` (name or alias, after fold); None when there is none."""
    wanted = {fold(name) for name in spec.names}
    found = [name for name in sheet_names if fold(name) in wanted]
    if len(found) > 1:
        listed = " và ".join(f"'{name}'" for name in found)
        raise WorkbookFormatError(
            f"Sổ tính có {len(found)} sheet cùng là sheet '{spec.name}': {listed}. "
            f"Hãy giữ một sheet, đổi tên hoặc xóa các sheet còn lại."
        )
    return found[0] if found else None


@dataclass(frozen=True)
class TableRow:
    """One record: its Excel row and the values of the user columns present (None when empty)."""

    row: int  # Excel row, 1-based
    values: dict[str, object]


@dataclass(frozen=True)
class Table:
    """A located table of one sheet. Columns are 1-based Excel indices."""

    sheet: str
    header_row: int  # the (last) header row, 1-based; records start below it
    header_top: int  # the first (top) row of the header band, 1-based; == header_row for one row
    columns: dict[str, int]  # user column key → column
    owned: dict[str, int]  # owned output column key → column, for those present
    last_column: int  # rightmost column with a header
    rows: tuple[TableRow, ...]
    extra_headers: dict[int, str]  # column → header text not in the schema


class KeyValue(NamedTuple):
    """One line of a `Mục | Giá trị` sheet."""

    row: int  # Excel row, 1-based
    value: object
    label: str  # the item as the user wrote it


_HINT = re.compile(r"\s*\([^()]*\)$")  # "Ngày sinh (dd/mm/yyyy)" → "Ngày sinh"
_NUMBERING = re.compile(r"\(?\d{1,2}\)?")  # the "(1) (2) (3)" row under Vietnamese form headers


@lru_cache(maxsize=8192)  # the same header texts come back in every row scanned and every workbook
def _header_keys(text: str) -> tuple[str, ...]:
    """Fold keys a header text may match: itself, then without a trailing hint or mark."""
    folded = fold(text)
    bare = _HINT.sub("", folded).rstrip(" *:.")
    return (folded, bare) if bare and bare != folded else (folded,)


def _label(value: object) -> str | None:
    """A cell's text as a header label; numbers count ("1", "2" under "Người giới thiệu")."""
    value = clean_value(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, (CellError, bool)):
        return str(value)
    return None


@dataclass(frozen=True)
class _Layout:
    """How one or two grid rows read as a header."""

    header_row: int  # 0-based index of the last header row
    header_top: int  # 0-based index of the first header row
    matches: dict[int, str]  # column (0-based) → key matched by the column's own label
    spans: dict[int, str]  # column → key of the merged header it continues
    extra: dict[int, str]
    labelled: tuple[int, ...]  # columns with any label

    @property
    def keys(self) -> set[str]:
        return set(self.matches.values())


def _layout(
    spec_index: dict[str, str], top: list[str | None], bottom: list[str | None] | None, header_row: int
) -> _Layout:
    """Read `top` (and the sub-header row `bottom`, when given) as a header."""

    def match(text: str | None) -> str | None:
        if text is None:
            return None
        return next((spec_index[k] for k in _header_keys(text) if k in spec_index), None)

    width = len(top)
    under = bottom if bottom is not None else [None] * width
    matches: dict[int, str] = {}
    spans: dict[int, str] = {}
    extra: dict[int, str] = {}
    group_top: str | None = None  # text of a merged top cell spreading over sub-headers
    current: str | None = None  # key a header-less column continues
    for c in range(width):
        own_top, sub = top[c], under[c]
        if own_top is not None:
            group_top = own_top if sub is not None else None
        elif sub is None:
            group_top = None
        parent = own_top if own_top is not None else group_top
        candidates = [f"{parent} {sub}", sub] if sub is not None and parent is not None else [sub]
        if own_top is not None:
            candidates.append(own_top)
        key = next((k for k in map(match, candidates) if k is not None), None)
        group_key = match(group_top) if own_top is None and sub is not None else None
        if key is not None:
            matches[c] = current = key
        elif group_key is not None:  # an unknown part of a field split under one merged header
            spans[c] = current = group_key
        elif own_top is None and sub is None:
            if current is not None:
                spans[c] = current
        else:
            extra[c] = " ".join(t for t in (parent, sub) if t is not None)
            current = None
    labelled = tuple(c for c in range(width) if top[c] is not None or under[c] is not None)
    last = max(labelled, default=-1)
    return _Layout(
        header_row=header_row,
        header_top=header_row if bottom is None else header_row - 1,
        matches=matches,
        spans={c: k for c, k in spans.items() if c <= last},
        extra=extra,
        labelled=labelled,
    )


@lru_cache(maxsize=32)
def _spec_index(spec: SheetSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for col in spec.all_columns:
        for text in col.labels:
            index[fold(text)] = col.key
    return index


def _no_header_error(sheet: str, labels: list[list[str | None]], spec: SheetSpec, header_rows: int) -> WorkbookFormatError:
    """The error for a sheet whose header row cannot be found, suggesting the nearest cells."""
    keys = spec.required_keys or tuple(col.key for col in spec.all_columns[:2])
    wanted = [spec.column(key) for key in keys]
    needs = " và ".join(f"'{col.header}'" for col in wanted)
    hints = []
    for col in wanted:
        targets = [fold(text) for text in col.labels]
        best: tuple[float, int, int, str] | None = None
        for r, row in enumerate(labels):
            for c, text in enumerate(row):
                if text is None:
                    continue
                score = max(difflib.SequenceMatcher(None, fold(text), t).ratio() for t in targets)
                if score >= 0.5 and (best is None or score > best[0]):
                    best = (score, r, c, text)
        if best is not None:
            hints.append(f"'{best[3]}' ở ô {column_letter(best[2] + 1)}{best[1] + 1}")
    nearest = f"; gần nhất: {', '.join(hints)}" if hints else "; không có ô nào gần giống"
    return WorkbookFormatError(
        f"Không thấy dòng tiêu đề của sheet '{sheet}' trong {header_rows} dòng đầu. "
        f"Cần có cột {needs}{nearest}. Hãy sửa tiêu đề cột cho đúng rồi chạy lại."
    )


def _find_header(sheet: str, grid: Grid, spec: SheetSpec, header_rows: int) -> _Layout:
    """The best header layout among the first rows: most keys, every required key; one row over two."""
    index = _spec_index(spec)
    head = grid[:header_rows]
    width = max((len(row) for row in head), default=0)
    labels = [[_label(v) for v in row] + [None] * (width - len(row)) for row in head]
    min_keys = 1 if spec.required_keys else min(2, len(spec.all_columns))
    ranked: list[tuple[int, int, int, _Layout]] = []
    for r, top in enumerate(labels):
        options = [(1, _layout(index, top, None, r))]
        if r + 1 < len(labels):
            options.append((0, _layout(index, top, labels[r + 1], r + 1)))
        for single, layout in options:
            found = layout.keys
            if len(found) >= min_keys and set(spec.required_keys) <= found:
                ranked.append((len(found), single, -r, layout))
    if not ranked:
        raise _no_header_error(sheet, labels, spec, header_rows)
    # Most keys wins; on a tie one row beats two (a sub-header row must add keys), then the topmost.
    return max(ranked, key=lambda option: option[:3])[3]


def _check_duplicates(sheet: str, layout: _Layout, spec: SheetSpec) -> None:
    seen: dict[str, int] = {}
    for c, key in sorted(layout.matches.items()):
        if key in seen:
            raise WorkbookFormatError(
                f"Sheet '{sheet}' có hai cột cùng là '{spec.column(key).header}': cột "
                f"{column_letter(seen[key] + 1)} và cột {column_letter(c + 1)} "
                f"(dòng tiêu đề {layout.header_row + 1}). Hãy xóa hoặc đổi tên một trong hai cột."
            )
        seen[key] = c


def _joined(parts: list[object]) -> object:
    """The value of a field spread over merged columns: the texts joined, else the first value."""
    present = [p for p in parts if p is not None]
    if len(present) > 1 and all(isinstance(p, str) for p in present):
        return " ".join(str(p) for p in present)
    return present[0] if present else None


def is_numbering(row: Sequence[object]) -> bool:
    """The "(1) (2) (3)…" row under the headers of Vietnamese forms: column numbers 1, 2, 3… in order.

    A data row of numbers (a year and two targets: 2026, 3, 3) is no numbering row.
    """
    numbers = []
    for v in (clean_value(v) for v in row):
        if v is None:
            continue
        if isinstance(v, int) and not isinstance(v, bool):
            numbers.append(v)
        elif isinstance(v, str) and _NUMBERING.fullmatch(v):
            numbers.append(int(v.strip("()")))
        else:
            return False
    return len(numbers) >= 3 and numbers[0] == 1 and numbers == list(range(1, len(numbers) + 1))


def read_table(sheet: str, grid: Grid, spec: SheetSpec, header_rows: int = HEADER_ROWS) -> Table:
    """Locate the table of `spec` in `grid` (sheet `sheet`), its header among the first `header_rows`, and read its records."""
    layout = _find_header(sheet, grid, spec, header_rows)
    _check_duplicates(sheet, layout, spec)
    user_keys = {col.key for col in spec.columns}
    owned_keys = {col.key for col in spec.owned_columns}
    fields: dict[str, list[int]] = {key: [c] for c, key in layout.matches.items()}
    for c, key in sorted(layout.spans.items()):
        if key in fields:
            fields[key].append(c)
    required = spec.required_keys
    single = [(key, cols[0]) for key, cols in fields.items() if key in user_keys and len(cols) == 1]
    spread = [(key, cols) for key, cols in fields.items() if key in user_keys and len(cols) > 1]
    rows: list[TableRow] = []
    for r in range(layout.header_row + 1, len(grid)):
        raw = grid[r]
        if r == layout.header_row + 1 and is_numbering(raw):
            continue
        width = len(raw)
        values = {key: clean_value(raw[c]) if c < width else None for key, c in single}
        for key, cols in spread:
            values[key] = _joined([clean_value(raw[c]) if c < width else None for c in cols])
        present = [values.get(k) for k in required] if required else list(values.values())
        if any(v is not None for v in present):
            rows.append(TableRow(row=r + 1, values=values))
    first_columns = {key: cols[0] + 1 for key, cols in fields.items()}
    return Table(
        sheet=sheet,
        header_row=layout.header_row + 1,
        header_top=layout.header_top + 1,
        columns={k: c for k, c in first_columns.items() if k in user_keys},
        owned={k: c for k, c in first_columns.items() if k in owned_keys},
        last_column=max(layout.labelled) + 1,
        rows=tuple(rows),
        extra_headers={c + 1: text for c, text in layout.extra.items()},
    )


def read_key_values(grid: Grid, spec: SheetSpec, sheet: str | None = None) -> dict[str, KeyValue]:
    """The lines of an item/value sheet (`Cài đặt`), keyed by the folded item label."""
    item, value = (col.key for col in spec.columns[:2])
    table = read_table(sheet or spec.name, grid, spec)
    found: dict[str, KeyValue] = {}
    for line in table.rows:
        label = str(line.values[item])
        key = fold(label)
        if key in found:
            raise WorkbookFormatError(
                f"Sheet '{table.sheet}' có mục '{label}' ở hai dòng {found[key].row} và {line.row}. "
                f"Hãy giữ một dòng."
            )
        found[key] = KeyValue(row=line.row, value=line.values.get(value), label=label)
    return found
