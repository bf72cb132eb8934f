"""Where chibo may write (DESIGN §5): a table's true extent, and the check that no write lands on a user's cell.

Each `SheetUpdate` declares the cells of the existing sheet it owns (`SheetUpdate.owned`). Before
anything is written, `check_updates` looks at every cell an update targets — blocks, cleared
areas, merges, deleted rows — in the grids and merged ranges the front read: a non-empty cell
outside the owned areas, or a cell of a merged range that does not lie inside them, stops the
run with `WouldOverwrite`. Both fronts get their updates through `addin.workbook.run.updates`,
which calls it, so a refused write writes nothing on either.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from addin.errors import WouldOverwrite
from addin.rules.values import format_date

from .book import BookInput
from .schema import OWNED_MARK, SheetSpec
from .tables import OTHER_TABLE, Grid, Table, column_letter, header_keys, range_bounds
from .updates import Area, SheetUpdate, sheet_key

SHOWN_CHARACTERS = 60  # of a cell's text quoted in a message


@dataclass(frozen=True)
class Extent:
    """How far a table reaches: its last row and its rightmost used column (1-based)."""

    bottom: int
    right: int


def _filled(grid: Grid, row: int, first: int = 1, last: int | None = None) -> list[int]:
    """The columns (1-based) of the non-empty cells of Excel row `row` between `first` and `last`."""
    if not 1 <= row <= len(grid):
        return []
    line = grid[row - 1]
    end = len(line) if last is None else min(last, len(line))
    return [c + 1 for c in range(first - 1, end) if line[c] is not None]


def table_extent(table: Table, grid: Grid, merges: Sequence[Area], owned: Collection[int] = ()) -> Extent:
    """The user's table's true extent, chibo's `owned` columns left out: its rows run from the header
    band to the last record and the rows straight below it with a value under the headers (a total, a
    footnote without a gap) above another table's header row; its right edge is the last used column over
    every header row and every one of those rows, and the right edge of every merged range touching them."""
    top = table.header_top

    def used(row: int, last: int | None = None) -> list[int]:
        return [c for c in _filled(grid, row, 1, last) if c not in owned]

    band = max([1, *table.columns.values(), *table.extra_headers, *(c for r in range(top, table.header_row + 1) for c in used(r))])
    bottom = max([table.header_row, *(line.row for line in table.rows)])
    end = table.end.row if table.end is not None and table.end.reason == OTHER_TABLE else None
    while used(bottom + 1, band) and (end is None or bottom + 1 < end):
        bottom += 1
    right = max([band, *(c for r in range(table.header_row + 1, bottom + 1) for c in used(r)[-1:])])
    right = max([right, *(m.last_column for m in merges if m.first_row <= bottom and m.last_row >= top)])
    return Extent(bottom=bottom, right=right)


@dataclass(frozen=True)
class OwnedColumns:
    """Where a table's owned columns are: every one (key → column), those that already exist, the table's
    extent, and the header of each missing one (marked " (chibo)" when a user's column reads like chibo's)."""

    columns: dict[str, int]
    existing: dict[str, int]
    extent: Extent
    headers: dict[str, str]  # key → the header to write, for the missing columns

    def areas(self, first_row: int) -> tuple[Area, ...]:
        """The owned cells of the existing columns, from `first_row` to the table's last row."""
        return tuple(Area(first_row, c, self.extent.bottom, c) for c in self.existing.values()
                     if first_row <= self.extent.bottom)


def place_owned_columns(table: Table, grid: Grid, merges: Sequence[Area], spec: SheetSpec) -> OwnedColumns:
    """Owned columns found by their exact header (bare or marked) stay where they are; the missing ones go
    right of the table's true right edge. A column whose header only looks like one of chibo's ("Giai Đoạn")
    is the user's, inside the table: chibo's new columns then carry marked headers ("Giai đoạn (chibo)")."""
    existing = dict(table.owned)
    extent = table_extent(table, grid, merges, set(existing.values()))
    look_alike = {k for text in table.extra_headers.values() for k in header_keys(text)}
    mark = any(set(header_keys(col.header)) & look_alike for col in spec.owned_columns)
    columns = dict(existing)
    headers = {}
    next_free = max([extent.right, *columns.values()]) + 1
    for col in spec.owned_columns:
        if col.key not in columns:
            columns[col.key] = next_free
            headers[col.key] = col.header + OWNED_MARK if mark else col.header
            next_free += 1
    return OwnedColumns(columns=columns, existing=existing, extent=extent, headers=headers)


# --- the check -------------------------------------------------------------------------------


def check_updates(book: BookInput, updates: Iterable[SheetUpdate]) -> None:
    """Raise WouldOverwrite when an update would change a user's non-empty cell or merged range."""
    sheets = {sheet_key(name): name for name in book.grids}
    for update in updates:
        name = sheets.get(sheet_key(update.sheet))
        if name is not None:  # a sheet chibo creates holds nothing of the user's
            _Sheet(name, book.grids[name], book.merged(name), update).check()


class _Sheet:
    """One update against the sheet it writes to, as the sheet is before the update."""

    def __init__(self, name: str, grid: Grid, merges: Sequence[Area], update: SheetUpdate) -> None:
        self.name = name
        self.grid = grid
        self.update = update
        self.merges = [m for m in merges if not m.within(update.owned)]  # merges chibo owns may change
        inserted = sum(count for _, count in update.insert_rows)
        self.last_row = max([len(grid), *(m.last_row for m in merges)]) + inserted  # no user content below

    def check(self) -> None:
        update = self.update
        for step, (before, _) in enumerate(update.insert_rows):
            self._check_insert(before, step)
        for step, (first, count) in enumerate(update.delete_rows):
            for row in range(first, first + count):
                self._check_row_deleted(row, len(update.insert_rows) + step)
        targets = [*update.clear, *(_merge_area(ref) for ref in update.merges),
                   *(Area(b.row + i, b.column, b.row + i, b.column + len(line) - 1)
                     for b in update.blocks for i, line in enumerate(b.cells) if line)]
        for area in targets:
            for row in range(area.first_row, min(area.last_row, self.last_row) + 1):
                original = self._original(row)
                if original is not None:
                    self._check_cells(original, area.first_column, area.last_column)

    def _original(self, row: int, steps: int | None = None) -> int | None:
        """The row `row` was before the update's first `steps` row operations (all by default); None for an inserted row."""
        operations = [("insert", *op) for op in self.update.insert_rows] + [("delete", *op) for op in self.update.delete_rows]
        for kind, first, count in reversed(operations[:steps] if steps is not None else operations):
            if kind == "delete":
                row = row + count if row >= first else row
            elif first <= row < first + count:
                return None
            elif row >= first + count:
                row -= count
        return row

    def _owned(self, row: int, column: int) -> bool:
        return any(area.holds(row, column) for area in self.update.owned)

    def _check_cells(self, row: int, first: int, last: int) -> None:
        for column in _filled(self.grid, row, first, last):
            if not self._owned(row, column):
                self._refuse(row, column, f"ô này đang có “{_shown(self.grid[row - 1][column - 1])}”",
                             "Hãy chuyển nội dung đó sang chỗ khác")
        for merge in self.merges:
            if merge.first_row <= row <= merge.last_row and merge.first_column <= last and first <= merge.last_column:
                column = max(first, merge.first_column)
                self._refuse(row, column, f"ô này thuộc vùng ô gộp {_ref(merge)} mà chibo không tạo",
                             "Hãy bỏ gộp vùng đó hoặc chuyển nó sang chỗ khác")

    def _check_row_deleted(self, row: int, steps: int) -> None:
        original = self._original(row, steps)
        if original is None:
            return
        for column in _filled(self.grid, original):
            if not self._owned(original, column):
                self._refuse(original, column, f"chibo cần xóa dòng {original} (dòng chibo đã ghi) nhưng ô này "
                             f"đang có “{_shown(self.grid[original - 1][column - 1])}”",
                             "Hãy chuyển nội dung đó sang dòng khác", write=False)
        for merge in self.merges:
            if merge.first_row <= original <= merge.last_row:
                self._refuse(original, merge.first_column, f"chibo cần xóa dòng {original} (dòng chibo đã ghi) "
                             f"nhưng vùng ô gộp {_ref(merge)} nằm trên dòng này",
                             "Hãy bỏ gộp vùng đó hoặc chuyển nó sang chỗ khác", write=False)

    def _check_insert(self, before: int, steps: int) -> None:
        original = self._original(before, steps)
        if original is None:
            return
        for merge in self.merges:
            if merge.first_row < original <= merge.last_row:
                self._refuse(original, merge.first_column, f"chibo cần chèn dòng trước dòng {original} nhưng vùng "
                             f"ô gộp {_ref(merge)} đi qua chỗ chèn", "Hãy bỏ gộp vùng đó", write=False)

    def _refuse(self, row: int, column: int, what: str, remedy: str, write: bool = True) -> None:
        where = f"ô {column_letter(column)}{row} của sheet '{self.name}'"
        lead = f"chibo cần ghi vào {where}, nhưng {what}" if write else f"Ở {where}: {what}"
        raise WouldOverwrite(
            f"{lead}. chibo không ghi đè dữ liệu của người dùng nên đã dừng, tệp được giữ nguyên. "
            f"{remedy} rồi chạy lại."
        )


def _merge_area(ref: str) -> Area:
    return Area(*range_bounds(ref))


def _ref(area: Area) -> str:
    return f"{column_letter(area.first_column)}{area.first_row}:{column_letter(area.last_column)}{area.last_row}"


def _shown(value: object) -> str:
    """A cell value as a message quotes it: dates as dd/mm/yyyy, long text cut."""
    if isinstance(value, dt.date):
        return format_date(value)
    text = " ".join(str(value).split())
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"
