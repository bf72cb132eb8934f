"""A grid of cell values → located tables: the sheet, its header row, its columns and its records.

A grid is row-major (`grid[0]` is Excel row 1, `grid[r][0]` column A) and holds None, str,
int, float, bool, datetime.date, datetime.datetime, datetime.time, datetime.timedelta or
`CellError`. Both fronts produce grids; `clean_value` puts any of their values in that form.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from addin.errors import WorkbookFormatError
from addin.rules.text import fold, nfc
from addin.rules.values import Unreadable, parse_date
from addin.workbook.schema import (
    COLUMN_ITEM_PREFIX,
    FOOTNOTE_STARTS,
    GENDER_SPLIT,
    MARKS,
    OWNED_MARK,
    REGISTER,
    SheetSpec,
    owned_headers,
)
from addin.workbook.updates import Area

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
    if isinstance(value, dt.datetime) and value.microsecond:
        value = _whole_second(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
        return value.date()
    return value


_NOISE_MICROSECONDS = 1000  # a serial's float error far from 1900 reaches a millisecond; engines round it apart


def _whole_second(value: dt.datetime) -> dt.datetime:
    """A date-time within a millisecond of a whole second is that second (both readers then agree)."""
    if value.microsecond <= _NOISE_MICROSECONDS:
        return value.replace(microsecond=0)
    if value.microsecond >= 1_000_000 - _NOISE_MICROSECONDS:
        return value.replace(microsecond=0) + dt.timedelta(seconds=1)
    return value


MAX_COLUMN = 16384  # XFD
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*")
_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$")


@lru_cache(maxsize=1024)
@functools.cache
def column_letter(index: int) -> str:
    """Excel letter of a 1-based column index (3 → "C")."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"column {index} is outside A..XFD")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=1024)
def column_index(letters: str) -> int:
    """1-based column index of an Excel column letter ("C" → 3)."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def range_bounds(ref: str) -> tuple[int, int, int, int]:
    """(first_row, first_column, last_row, last_column) of "B2:D9" or "B2" (dollars allowed)."""
    match = _RANGE.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell range: {ref!r}")
    c1, r1, c2, r2 = match.groups()
    c2, r2 = c2 or c1, r2 or r1
    return int(r1), column_index(c1), int(r2), column_index(c2)


def ref_box(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of "'Sheet'!$A$1:$B$9"; None when no range."""
    try:
        return range_bounds(ref.split("!")[-1])
    except ValueError:  # whole rows or columns, or no range at all
        return None


def cell_ref(sheet: str, row: int, column_index: int) -> str:
    """An Excel reference to one cell, usable as an internal hyperlink ("'Theo dõi'!C7")."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{column_letter(column_index)}{row}"


def quote_sheet(name: str) -> str:
    """A sheet name as a formula writes it: quoted unless it is a plain name that reads as no cell."""
    if _PLAIN_NAME.fullmatch(name) and not _CELL_LIKE.fullmatch(name):
        return name
    return "'" + name.replace("'", "''") + "'"


def absolute(ref: str) -> str:
    """"B2:D9" as "$B$2:$D$9" ("B2" as "$B$2"), as Excel writes a name's or a print area's range."""
    r1, c1, r2, c2 = range_bounds(ref)
    first = f"${column_letter(c1)}${r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:${column_letter(c2)}${r2}"


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


class Skipped(NamedTuple):
    """A row below the header that holds content and is no record, with the reason in Vietnamese."""

    row: int  # Excel row, 1-based
    reason: str


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
    headers: dict[str, str] = field(default_factory=dict)  # user field key → its header as written
    skipped_rows: tuple[Skipped, ...] = ()  # rows of the table with content that are no record, and why
    found: int = 0  # person rows found: the records and the numbered rows with data but no name
    end: Skipped | None = None  # the row that ended the table (a footnote, a signature, another table's header)
    after_end: int = 0  # rows with content below the row that ended the table, not read

    @property
    def skipped(self) -> int:
        """How many rows below the header hold content and are no record (numbering, titles, footnotes, below the end)."""
        return len(self.skipped_rows) + self.after_end


class KeyValue(NamedTuple):
    """One line of a `Mục | Giá trị` sheet."""

    row: int  # Excel row, 1-based
    value: object
    label: str  # the item as the user wrote it


ColumnMapping = Mapping[str, "str | int"]  # field key → header text or 1-based column, from `Cài đặt`

HEADER_BAND = 3  # a header spans up to three rows: group headers over sub-headers
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "Ngày sinh (dd/mm/yyyy)", "Họ và tên (2)"
_NOT_WORD = re.compile(r"[\W_]+")  # punctuation, `*` marks, line breaks
_NUMBERING = re.compile(r"\(?\d{1,2}\)?")  # the "(1) (2) (3)" row under Vietnamese form headers
_DATE_LINE = re.compile(r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")  # "Hà Nội, ngày 5 tháng 1 năm 2026"


def _words(folded: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def _camel_split(text: str) -> str:
    """A database identifier's words apart ("HoTen" → "Ho Ten", "NgaySinh" → "Ngay Sinh"); a text
    with any space, or no lower-case letter followed by an upper-case one, is left as it is."""
    if any(ch.isspace() for ch in text):
        return text
    return "".join(f" {ch}" if i and ch.isupper() and text[i - 1].islower() else ch for i, ch in enumerate(text))


@lru_cache(maxsize=8192)  # the same header texts come back in every row scanned and every workbook
def header_keys(text: str) -> tuple[str, ...]:
    """Matching keys of a header text: case, accents, punctuation, line breaks, `*` and `_` ignored, a
    database identifier's words split ("HoTen", "ho_ten" → "ho ten"), then also without trailing notes
    in brackets ("Ngày, tháng,\\n năm sinh (3)" → "ngay thang nam sinh")."""
    folded = fold(_camel_split(text))
    bare = folded
    while (shorter := _TRAILING_NOTE.sub("", bare)) != bare and shorter:
        bare = shorter
    keys = [k for k in dict.fromkeys((_words(folded), _words(bare))) if k]
    return tuple(keys)


def _label(value: object) -> str | None:
    """A cell's text as a header label; numbers count ("1", "2" under "Người giới thiệu")."""
    value = clean_value(value)
    if isinstance(value, (str, int, float)) and not isinstance(value, (CellError, bool)):
        return str(value)
    return None


def _data_like(value: object) -> bool:
    """A value no sub-header holds: a date, a time, a fraction, a truth value, an error."""
    value = clean_value(value)
    if value is None:
        return False
    return isinstance(value, (bool, CellError)) or not isinstance(value, (str, int))


class _Label(NamedTuple):
    key: str
    rank: int  # -1: mapped in `Cài đặt`; 0: the header chibo writes; then the aliases in order
    part: bool  # a column holding part of the value (`Họ đệm`, `Tên`)


@lru_cache(maxsize=64)
def _spec_index(spec: SheetSpec, mapped: tuple[tuple[str, str], ...] = ()) -> dict[str, _Label]:
    index: dict[str, _Label] = {}
    for col in spec.all_columns:
        for rank, text in enumerate(col.labels):
            index.setdefault(header_keys(text)[0], _Label(col.key, rank, False))
        for text in col.parts:
            index.setdefault(header_keys(text)[0], _Label(col.key, len(col.labels), True))
    for key, label in _compact_keys(index).items():
        index.setdefault(key, label)
    for col in spec.owned_columns:  # chibo's header marked beside a user's look-alike
        index[header_keys(col.header + OWNED_MARK)[0]] = _Label(col.key, 0, False)
    for key, text in mapped:  # the user's mapping beats every alias
        index[header_keys(text)[0]] = _Label(key, -1, False)
    return index


def _compact_keys(index: Mapping[str, _Label]) -> dict[str, _Label]:
    """Keys of several words written together, as exports name columns ("hovaten", "ngaysinh",
    "dantoc"): a whole header of one word matches them, never a part of a word. A run-together form
    that two fields share, or that is a word of its own already known, is left out."""
    compact: dict[str, _Label | None] = {}
    for key, label in index.items():
        joined = key.replace(" ", "")
        if joined == key or joined in index:
            continue
        seen = compact.get(joined, label)
        compact[joined] = label if seen is not None and seen.key == label.key else None
    return {key: label for key, label in compact.items() if label is not None}


@lru_cache(maxsize=64)
def _value_words(spec: SheetSpec) -> dict[str, frozenset[str]]:
    """Field key → the fold keys of its choice sub-headers; "" → the gender split words."""
    words = {col.key: frozenset(header_keys(t)[0] for t in col.choices) for col in spec.all_columns if col.choices}
    words[""] = frozenset(header_keys(t)[0] for t in GENDER_SPLIT)
    return words


class _Match(NamedTuple):
    key: str
    rank: int
    part: bool
    level: int  # band row of the label that matched (with any labels above joined to it)
    first: int  # band row of the first label joined in
    anchor: int  # column of the matched label's cell (a group header's first column)
    own: bool  # matched by the column's lowest label, not by a group header above it


@dataclass(frozen=True)
class _Field:
    """A field and the columns it reads from (0-based), with the sub-header of each."""

    key: str
    columns: tuple[int, ...]
    subs: tuple[str | None, ...]
    kind: str  # "single", "join" (texts joined), "choice" (a marked sub-header), "gender" (Nam | Nữ)
    header: str  # as written, levels joined by " / "


@dataclass(frozen=True)
class _Layout:
    """How one to three grid rows read as a header."""

    top: int  # 0-based first header row
    bottom: int  # 0-based last header row
    fields: dict[str, _Field]
    extra: dict[int, str]
    labelled: tuple[int, ...]  # columns with any label
    top_used: bool  # the top row carries a label that was read (not a title above the table)
    ambiguous: tuple[str, int, int] | None  # a field read equally well from two columns: (key, col, col)

    @property
    def keys(self) -> set[str]:
        return set(self.fields)


Owners = list[list[int | None]]  # per band cell: the first column (0-based) of the merged range over it, if any


def _spread(rows: list[list[str | None]], owners: Owners) -> list[list[tuple[str, int, bool] | None]]:
    """Each band cell's label, a group header's text spread right over the sub-headers under it:
    (text, column of its cell, spread). A merged group header spreads over its merged range only, an
    unmerged one up to the next label or merged range (`Trình độ học vấn` over `THCS | THPT` stops
    where the merged salary block beside it starts)."""
    height, width = len(rows), len(rows[0])
    spread: list[list[tuple[str, int, bool] | None]] = [[None] * width for _ in rows]
    for i, row in enumerate(rows):
        under = [any(rows[j][c] is not None for j in range(i + 1, height)) for c in range(width)]
        group: tuple[str, int, int | None] | None = None
        for c, text in enumerate(row):
            owner = owners[i][c]
            if text is not None:
                spread[i][c] = (text, c, False)
                group = (text, c, owner) if under[c] else None
            elif group is not None and under[c] and owner == group[2]:
                spread[i][c] = (group[0], group[1], True)
            else:
                group = None
    return spread


def _owners(merges: Sequence[Area], top: int, height: int, width: int) -> Owners:
    """The merged range over each cell of grid rows top..top+height-1 (0-based): its first column, else None."""
    owners: Owners = [[None] * width for _ in range(height)]
    for m in merges:
        for r in range(max(m.first_row - 1, top), min(m.last_row, top + height)):
            for c in range(m.first_column - 1, min(m.last_column, width)):
                owners[r - top][c] = m.first_column - 1
    return owners


def _sub_header_row_ok(rows: list[list[str | None]], spread: list[list[tuple[str, int, bool] | None]], i: int) -> bool:
    """Whether band row `i` (> 0) can be a sub-header row: labels only under group headers or
    empty header cells, never under a single column's own header (that is a data row)."""
    width = len(rows[i])
    if all(text is None for text in rows[i]):
        return False
    for c, text in enumerate(rows[i]):
        if text is None:
            continue
        above = spread[i - 1][c]
        if above is None or above[2]:
            continue
        opens_group = c + 1 < width and (nxt := spread[i - 1][c + 1]) is not None and nxt[2] and nxt[1] == c
        if not opens_group:
            return False
    return True


def _match_column(index: dict[str, _Label], path: list[tuple[int, str, int]]) -> _Match | None:
    """The best match of a column's labels (band row, text, cell column), lowest first; longer joins first."""
    lowest = path[-1][0] if path else -1
    for d in range(len(path) - 1, -1, -1):
        for s in range(d + 1):
            text = " ".join(label for _, label, _ in path[s:d + 1])
            for k in header_keys(text):
                if k in index:
                    found = index[k]
                    return _Match(found.key, found.rank, found.part, path[d][0], path[s][0], path[d][2],
                                  own=path[d][0] == lowest)
    return None


def _layout(index: dict[str, _Label], values: dict[str, frozenset[str]], rows: list[list[str | None]],
            top: int, pinned: Mapping[int, str], owned: Mapping[str, frozenset[str]], owners: Owners) -> _Layout | None:
    """Read band `rows` (starting at grid row `top`) as a header; None when they cannot be one.
    A column only `owned` headers name (chibo's, key → the exact texts) whose header reads otherwise
    ("Giai Đoạn", "HẠN") is the user's: an extra column."""
    spread = _spread(rows, owners)
    if not all(_sub_header_row_ok(rows, spread, i) for i in range(1, len(rows))):
        return None
    width = len(rows[0])
    paths = [[(i, cell[0], cell[1]) for i in range(len(rows)) if (cell := spread[i][c]) is not None]
             for c in range(width)]
    matches: dict[int, _Match] = {}
    for c in range(width):
        if c in pinned:
            level = paths[c][-1][0] if paths[c] else 0
            matches[c] = _Match(pinned[c], -1, False, level, level, c, own=True)
        elif paths[c] and (m := _match_column(index, paths[c])) is not None:
            if m.key not in owned or paths[c][-1][1] in owned[m.key]:
                matches[c] = m
    labelled = tuple(c for c in range(width) if paths[c])
    last = max(labelled, default=-1)
    fields: dict[str, _Field] = {}
    used_rows: set[int] = set()
    ambiguous: tuple[str, int, int] | None = None

    def header_of(c: int, first: int) -> str:
        texts = [label for i, label, _ in paths[c] if i >= first]
        return " / ".join(dict.fromkeys(texts))

    for key in dict.fromkeys(m.key for m in matches.values()):
        mine = {c: m for c, m in matches.items() if m.key == key}
        full = {c: m for c, m in mine.items() if m.own and not m.part}
        parts = {c: m for c, m in mine.items() if m.own and m.part}
        if full:
            best = min(m.rank for m in full.values())
            winners = [c for c, m in full.items() if m.rank == best]
            if len(winners) > 1 and ambiguous is None:
                ambiguous = (key, winners[0], winners[1])
            c = winners[0]
            cols = [c]
            while cols[-1] + 1 <= last and not paths[cols[-1] + 1] and cols[-1] + 1 not in matches:
                cols.append(cols[-1] + 1)  # a merged header spreading over columns with no label
            used_rows.update(range(full[c].first, full[c].level + 1))
            fields[key] = _Field(key, tuple(cols), (None,) * len(cols), "single" if len(cols) == 1 else "join",
                                 header_of(c, full[c].first))
        elif parts:
            cols = sorted(parts)
            used_rows.update(parts[c].level for c in cols)
            fields[key] = _Field(key, tuple(cols), (None,) * len(cols), "join",
                                 " + ".join(paths[c][-1][1] for c in cols))
        else:  # only a group header above matched: its sub-columns carry the value between them
            anchor = min(mine.values(), key=lambda m: (-m.level, m.rank, m.anchor))
            cols = sorted(c for c, m in mine.items() if (m.level, m.anchor) == (anchor.level, anchor.anchor))
            subs = tuple(paths[c][-1][1] for c in cols)
            folded = {header_keys(sub)[0] if header_keys(sub) else "" for sub in subs}
            kind = ("gender" if folded <= values[""] else
                    "choice" if folded <= values.get(key, frozenset()) else "join")
            used_rows.update(range(anchor.first, anchor.level + 1))
            if kind != "join":
                used_rows.add(paths[cols[0]][-1][0])
            group = header_of(cols[0], anchor.first).split(" / ")[: anchor.level - anchor.first + 1]
            fields[key] = _Field(key, tuple(cols), subs, kind, f"{' / '.join(group)} / {', '.join(subs)}")
    taken = {c for f in fields.values() for c in f.columns}
    extra = {c: header_of(c, 0) for c in labelled if c not in taken}
    return _Layout(top=top, bottom=top + len(rows) - 1, fields=fields, extra=extra, labelled=labelled,
                   top_used=0 in used_rows, ambiguous=ambiguous)


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


_LETTERS = re.compile(r"[A-Za-z]{1,3}")


def _split_mapping(mapping: ColumnMapping | None, labels: list[list[str | None]]
                   ) -> tuple[tuple[tuple[str, str], ...], dict[int, str]]:
    """A `Cài đặt` column mapping as (key, header text) pairs and 0-based pinned columns: one to three
    letters are a column letter ("D") unless some header of the sheet reads so ("NS")."""
    written = {k for row in labels for text in row if text is not None for k in header_keys(text)}
    texts: list[tuple[str, str]] = []
    pinned: dict[int, str] = {}
    for key, value in (mapping or {}).items():
        if isinstance(value, int):
            pinned[value - 1] = key
        elif _LETTERS.fullmatch(value) and not set(header_keys(value)) & written:
            pinned[column_index(value) - 1] = key
        else:
            texts.append((key, value))
    return tuple(texts), pinned


def _find_header(sheet: str, grid: Grid, spec: SheetSpec, header_rows: int,
                 mapping: ColumnMapping | None = None, merges: Sequence[Area] = ()) -> _Layout:
    """The best header among the first rows: most fields, every required one; among equals the
    deeper band (its sub-header rows are read), then the topmost. A title row is never a header."""
    layout = _best_layout(sheet, grid, spec, header_rows, mapping, merges)
    if layout is None:
        head = grid[:header_rows]
        width = max((len(row) for row in head), default=0)
        raise _no_header_error(sheet, [[_label(v) for v in row] + [None] * (width - len(row)) for row in head],
                               spec, header_rows)
    if layout.ambiguous:
        raise _ambiguity_error(sheet, layout, spec)
    return layout


def _best_layout(sheet: str, grid: Grid, spec: SheetSpec, header_rows: int,
                 mapping: ColumnMapping | None, merges: Sequence[Area] = ()) -> _Layout | None:
    head = grid[:header_rows]
    width = max((len(row) for row in head), default=0)
    labels = [[_label(v) for v in row] + [None] * (width - len(row)) for row in head]
    texts, pinned = _split_mapping(mapping, labels)
    index = _spec_index(spec, texts)
    values = _value_words(spec)
    owned = {col.key: owned_headers(spec, col.key) for col in spec.owned_columns}
    if pinned and max(pinned) >= width:
        extra = max(pinned) + 1 - width
        labels = [row + [None] * extra for row in labels]
        width += extra
    data_like = [any(_data_like(v) for v in row) for row in head]
    owners = _owners(merges, 0, len(labels), width)
    min_keys = 1 if spec.required_keys else min(2, len(spec.all_columns))
    best: tuple[tuple[int, int, int], _Layout] | None = None
    for r in range(len(labels)):
        for height in range(1, HEADER_BAND + 1):
            if r + height > len(labels) or any(data_like[r + 1:r + height]) or labels[r + height - 1] == [None] * width:
                break
            layout = _layout(index, values, labels[r:r + height], r, pinned, owned, owners[r:r + height])
            if layout is None or not layout.top_used:
                continue
            found = layout.keys
            if len(found) >= min_keys and set(spec.required_keys) <= found:
                score = (len(found), height, -r)
                if best is None or score > best[0]:
                    best = (score, layout)
    return best[1] if best else None


def _ambiguity_error(sheet: str, layout: _Layout, spec: SheetSpec) -> WorkbookFormatError:
    key, first, second = layout.ambiguous or ("", 0, 0)
    header = spec.column(key).header
    return WorkbookFormatError(
        f"Sheet '{sheet}' có hai cột cùng là '{header}': cột {column_letter(first + 1)} và cột "
        f"{column_letter(second + 1)} (dòng tiêu đề {layout.bottom + 1}). Hãy xóa hoặc đổi tên một trong hai "
        f"cột, hoặc ghi cột cần dùng vào mục '{COLUMN_ITEM_PREFIX}{header}' của sheet Cài đặt."
    )


def header_fields(grid: Grid, spec: SheetSpec, mapping: ColumnMapping | None = None,
                  header_rows: int = HEADER_ROWS, merges: Sequence[Area] = ()) -> frozenset[str] | None:
    """The fields of `spec` a sheet's header carries (None when it has no header of `spec`),
    to find the register among sheets of any name."""
    layout = _best_layout("", grid, spec, header_rows, mapping, merges)
    return frozenset(layout.keys) if layout else None


def _joined(parts: list[object]) -> object:
    """The value of a field spread over merged columns: the texts joined, else the first value."""
    present = [p for p in parts if p is not None]
    if len(present) > 1 and all(isinstance(p, str) for p in present):
        return " ".join(str(p) for p in present)
    return present[0] if present else None


@lru_cache(maxsize=64)
def _is_mark(value: object) -> bool:
    if value is True or (isinstance(value, int) and value == 1):
        return True
    return isinstance(value, str) and fold(value) in {fold(mark) for mark in MARKS}


def _field_value(raw: Sequence[object], f: _Field) -> tuple[object, str | None]:
    """A field's value in one row, and the gender its sub-column says (`Nam` | `Nữ` split)."""
    if f.kind == "single":
        c = f.columns[0]
        return (clean_value(raw[c]) if c < len(raw) else None), None
    cells = [(clean_value(raw[c]) if c < len(raw) else None, sub) for c, sub in zip(f.columns, f.subs)]
    present = [(v, sub) for v, sub in cells if v is not None]
    if f.kind == "gender":
        if not present:
            return None, None
        value, sub = present[0]
        gender = next(g for g in GENDER_SPLIT if header_keys(g)[0] == header_keys(str(sub))[0])
        return value, gender
    if f.kind == "choice" and present and all(_is_mark(v) for v, _ in present):
        return present[-1][1], None  # the rightmost marked level: levels go up from left to right
    return _joined([v for v, _ in present]), None


def is_numbering(row: Sequence[object]) -> bool:
    """The "(1) (2) (3)…" row under the headers of Vietnamese forms: column numbers going up from 1,
    gaps and stray brackets allowed ("(1) (2) 19) (21)", "1 2 3 9 11").

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
    return len(numbers) >= 3 and numbers[0] == 1 and all(a < b for a, b in zip(numbers, numbers[1:]))


def _closes_table(raw: Sequence[object]) -> bool:
    """A footnote, total or signature line: the table ends above it ("Ghi chú:", "T/M CHI BỘ", a date line)."""
    first = next((v for v in map(clean_value, raw) if v is not None), None)
    if not isinstance(first, str) or isinstance(first, CellError):
        return False
    text = first.casefold()
    return bool(_FOOTNOTE.match(text)) or bool(_DATE_LINE.search(fold(first)))


_FOOTNOTE = re.compile("|".join(rf"{re.escape(nfc(m).casefold())}(?!\w)" for m in FOOTNOTE_STARTS))
_NAME_CHARS = re.compile(r"[^\W\d_](?:[^\W\d_]|[.'’\- ()])*")  # letters, spaces, . ' - ( ); no digits


_ORDINAL = re.compile(r"\d{1,4}\.?")  # an STT typed as text: "13", "13."
_STT_LABELS = frozenset({"stt", "tt", "so tt", "so thu tu", "thu tu"})  # what an STT header cell reads


def _numbered(value: object) -> bool:
    """Whether an STT cell holds a row number (13, "13", "13.")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 < value < 100_000
    return isinstance(value, str) and not isinstance(value, CellError) and bool(_ORDINAL.fullmatch(value))


def _is_person(name: object, others: bool, numbered: bool) -> bool:
    """Whether a row's name cell names a person: a text with letters on a numbered row or a row with
    other data, whatever its case; on a row with nothing else, a name-like text (no digits, at most
    seven words, not an upper-case title)."""
    if not isinstance(name, str) or isinstance(name, CellError) or not any(ch.isalpha() for ch in name):
        return False
    if others or numbered:
        return True
    return bool(_NAME_CHARS.fullmatch(name)) and len(name.split()) <= 7 and not name.isupper()


def _proper_name(text: str) -> bool:
    """Whether every word of a text starts with a capital, as a person's name is written
    ("Nguyễn Văn An", "VƯƠNG THỊ KIM"); headers are written in sentence case ("Ngạch lương")."""
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return bool(words) and all(next(ch for ch in w if ch.isalpha()).isupper() for w in words)


def _starts_table(raw: Sequence[object], index: dict[str, _Label], name: _Field | None, dates: Sequence[int]) -> bool:
    """Whether a row below the register is the header of a table (the same header repeated, or
    another table's: `STT | Tháng năm | Ngạch | Bậc`): texts only, no row number, and an STT header
    cell, or two register headers with the name cell empty or a header too, or three texts with the
    name cell in sentence case ("Ngạch lương"), as no person's name is written, and words in one of the
    register's date columns (`dates`, 0-based)."""
    cells = [clean_value(v) for v in raw]
    if any(_data_like(v) for v in cells):
        return False
    labels = [text for v in cells if (text := _label(v)) is not None]
    if len(labels) < 2 or not all(isinstance(v, str) for v in cells if v is not None):
        return False
    if any(k in _STT_LABELS for text in labels for k in header_keys(text)):
        return True
    value = cells[name.columns[0]] if name is not None and name.columns[0] < len(cells) else None
    if isinstance(value, str) and len(labels) >= 3 and not _proper_name(value) and _words_under_dates(cells, dates):
        return True
    keys = {index[k].key for text in labels for k in header_keys(text) if k in index}
    return len(keys) >= 2 and (value is None or any(k in index for k in header_keys(str(value))))


def _words_under_dates(cells: Sequence[object], dates: Sequence[int]) -> bool:
    """Whether a text that is no date stands in one of the register's date columns (`Mã ngạch` under `Ngày sinh`)."""
    for c in dates:
        value = cells[c] if c < len(cells) else None
        if isinstance(value, str) and any(ch.isalpha() for ch in value):
            try:
                parse_date(value)
            except Unreadable:
                return True
    return False


_DATE_KEYS = frozenset({"dob", "unit_since"}) | frozenset(  # register fields holding a date
    col.key for col in REGISTER.all_columns if col.key.endswith("_date"))
_NUMBERING_ROW = "dòng đánh số cột (1), (2), (3)"
_NO_NAME_NUMBERED = "có số thứ tự và dữ liệu nhưng ô họ tên để trống"
_NO_NAME = "không có họ tên"
_TITLE = "tiêu đề mục hoặc dòng chữ, không phải họ tên người"
_CLOSING = "chú thích, dòng tổng cộng hoặc chữ ký: hết danh sách"
OTHER_TABLE = "dòng tiêu đề của một bảng khác: hết danh sách"


def read_table(sheet: str, grid: Grid, spec: SheetSpec, header_rows: int = HEADER_ROWS,
               mapping: ColumnMapping | None = None, merges: Sequence[Area] = ()) -> Table:
    """Locate the table of `spec` in `grid` (sheet `sheet`), its header among the first `header_rows`,
    and read its records; `mapping` (from `Cài đặt`) names columns the header alone does not; `merges`
    (the sheet's merged ranges, when the front knows them) bound the group headers.

    In a list of people the table ends at a footnote, a total or signature line, or the header row of
    another table (or the same header repeated); every row of the table that holds content and is no
    record is named with the reason, the rows below its end are counted."""
    layout = _find_header(sheet, grid, spec, header_rows, mapping, merges)
    user_keys = {col.key for col in spec.columns}
    owned_keys = {col.key for col in spec.owned_columns}
    fields = [f for f in layout.fields.values() if f.key in user_keys]
    owned_cols = {c for f in layout.fields.values() if f.key in owned_keys for c in f.columns}
    stt = layout.fields.get("stt")
    index = _spec_index(spec)
    last_column = max(layout.labelled) + 1
    rows: list[TableRow] = []
    skipped: list[Skipped] = []
    found = after_end = 0
    end: Skipped | None = None
    for r in range(layout.bottom + 1, len(grid)):
        raw = grid[r]
        if end is not None:
            after_end += _has_content(raw, last_column, owned_cols, stt)
            continue
        values: dict[str, object] = {}
        gender: str | None = None
        for f in fields:
            values[f.key], split = _field_value(raw, f)
            gender = gender or split
        if gender is not None and values.get("gender") is None:
            values["gender"] = gender
        if spec.people:
            reason = _person_row(raw, values, index, layout, started=bool(rows))
            if reason is None:
                rows.append(TableRow(row=r + 1, values=values))
                found += 1
                continue
            if reason in (_CLOSING, OTHER_TABLE):
                end = Skipped(r + 1, reason)
            found += reason == _NO_NAME_NUMBERED
        elif r == layout.bottom + 1 and is_numbering(raw):
            reason = _NUMBERING_ROW
        else:
            required = spec.required_keys
            present = [values.get(k) for k in required] if required else list(values.values())
            if any(v is not None for v in present):
                rows.append(TableRow(row=r + 1, values=values))
                continue
            reason = _NO_NAME
        if _has_content(raw, last_column, owned_cols, stt):
            skipped.append(Skipped(r + 1, reason))
    first_columns = {f.key: f.columns[0] + 1 for f in layout.fields.values()}
    return Table(
        sheet=sheet,
        header_row=layout.bottom + 1,
        header_top=layout.top + 1,
        columns={k: c for k, c in first_columns.items() if k in user_keys},
        owned={k: c for k, c in first_columns.items() if k in owned_keys},
        last_column=last_column,
        rows=tuple(rows),
        extra_headers={c + 1: text for c, text in layout.extra.items()},
        headers={f.key: f.header for f in fields},
        skipped_rows=tuple(skipped),
        found=found,
        end=end,
        after_end=after_end,
    )


def _person_row(raw: Sequence[object], values: Mapping[str, object], index: dict[str, _Label],
                layout: _Layout, started: bool) -> str | None:
    """None when a row of a list of people is a person, else why it is none."""
    others = any(v is not None for k, v in values.items() if k not in ("name", "stt"))
    numbered = _numbered(values.get("stt"))
    dates = [f.columns[0] for f in layout.fields.values() if f.key in _DATE_KEYS]
    if started and not numbered and _starts_table(raw, index, layout.fields.get("name"), dates):
        return OTHER_TABLE
    if started and not others and not numbered and _closes_table(raw):
        return _CLOSING
    if _is_person(values.get("name"), others, numbered):
        return None
    if is_numbering(raw):
        return _NUMBERING_ROW
    if numbered and others:
        return _NO_NAME_NUMBERED
    if isinstance(values.get("name"), str):
        return _TITLE
    return _NO_NAME


def _has_content(raw: Sequence[object], width: int, owned: set[int], stt: _Field | None) -> bool:
    """Whether a row that is no record holds anything in the table (a lone STT number does not count)."""
    present = [c for c in range(min(width, len(raw))) if c not in owned and clean_value(raw[c]) is not None]
    if stt is not None and present == [stt.columns[0]] and isinstance(clean_value(raw[present[0]]), int):
        return False
    return bool(present)


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
