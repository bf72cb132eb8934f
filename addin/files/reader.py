"""Read every worksheet of a workbook file into grids, with python-calamine or openpyxl alike.

Both engines give the same grid for the same file (see `addin.workbook.tables` for the value
types): text in NFC, trimmed, "" → None; integral numbers as int; a date without a time part
as `datetime.date`, with one as `datetime.datetime`; time-of-day as `datetime.time` and
durations as `datetime.timedelta`; Excel errors as `CellError`. `grid[0]` is row 1 and
`grid[r][0]` column A; the grid is rectangular and ends at the last non-empty row and column
(an empty sheet is `[]`). Merged cells hold their value in the top-left cell only; `read_sheets`
also gives each sheet's merged ranges, read from the sheet XML for either engine. Formulas
give the value Excel last saved (None when the file was never calculated). Chartsheets are
skipped; hidden sheets are read.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal, NamedTuple

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook, SheetTypeEnum

from addin.errors import UnreadableWorkbook
from addin.workbook.tables import CellError, Grid, clean_value, column_index, range_bounds
from addin.workbook.updates import Area

from .package import STANDARD_MAIN_PART, main_part

Engine = Literal["calamine", "openpyxl"]

_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")  # what openpyxl opens
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected workbook
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ERROR_MARKS = (b't="e"', b"t='e'")  # the type attribute of a cell holding an error
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*[^/]>$")  # an opening <c …> tag, not <c …/>
_CELL_REF = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})(\d+)[\"']")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</(?:[\w.-]+:)?v>|</(?:[\w.-]+:)?c>")
SERIAL_OUT_OF_RANGE = re.compile(r"Cell ([A-Z]{1,3})(\d+) is marked as a date but the serial value (\S+) is outside")
_FIRST_EXCEL_DAY = dt.date(1899, 12, 31)  # serial 0 is a time; serials below it are no Excel date
_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}\d+:[A-Za-z]{1,3}\d+)[\"']")
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML ST_Xstring: a character XML cannot hold


@dataclass(frozen=True)
class Sheets:
    """Every worksheet's grid and merged ranges (sheet name → …), in workbook order."""

    grids: dict[str, Grid]
    merges: dict[str, tuple[Area, ...]]
    date1904: bool = False  # the workbook counts dates from 1904 (Excel for Mac's old default)
    hidden: frozenset[str] = frozenset()  # the sheets hidden (or very hidden) in Excel


def read_grids(path: str | Path, engine: Engine = "calamine") -> dict[str, Grid]:
    """Sheet name → grid for every worksheet of the file at `path`, in workbook order."""
    return read_sheets(path, engine).grids


def read_sheets(path: str | Path, engine: Engine = "calamine") -> Sheets:
    """The grids and merged ranges of every worksheet of the file at `path`."""
    readers = {"calamine": _read_calamine, "openpyxl": _read_openpyxl}
    if engine not in readers:
        raise ValueError(f"unknown engine {engine!r}")
    path = Path(path)
    _check_container(path)
    try:
        try:
            if engine == "calamine" and not _standard_main_part(path):
                return _with_book_facts(path, _read_openpyxl(path))  # python-calamine looks for xl/workbook.xml only
            return _with_book_facts(path, readers[engine](path))
        except BaseException as exc:
            # python-calamine panics (a BaseException) on a date-formatted number beyond ±1e11 days,
            # e.g. a 12-digit ID pasted into a date column; openpyxl reads such a cell as its number.
            if engine == "calamine" and type(exc).__name__ == "PanicException":
                return _with_book_facts(path, _read_openpyxl(path))
            raise
    except Exception as exc:  # every parser failure of either engine means the same to the user
        raise UnreadableWorkbook(
            f"Không đọc được tệp '{path}': tệp bị hỏng hoặc không đúng định dạng ({exc}). "
            f"Hãy mở tệp bằng Excel, lưu lại dạng .xlsx hoặc .xlsm rồi thử lại."
        ) from exc


def _standard_main_part(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return main_part(archive).lower() == STANDARD_MAIN_PART


CSV_SUFFIX = ".csv"
_CSV_DELIMITERS = (";", ",", "\t")


def read_csv(path: str | Path) -> dict[str, Grid]:
    """A CSV export (UTF-8 with or without BOM; comma, semicolon or tab) as one grid named after the file.

    Every value is text, as typed ("01/04/2024", "13"): the rules read dates and numbers from text."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UnreadableWorkbook(f"Không tìm thấy tệp '{path}'. Hãy kiểm tra lại đường dẫn.") from None
    except UnicodeDecodeError:
        raise UnreadableWorkbook(
            f"Tệp '{path}' không phải văn bản UTF-8. Hãy mở bằng Excel và lưu lại dạng .xlsx, hoặc dạng "
            f"CSV UTF-8 (Comma delimited)."
        ) from None
    except OSError as exc:
        raise UnreadableWorkbook(f"Không mở được tệp '{path}': {exc.strerror or exc}.") from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(_CSV_DELIMITERS, key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return {path.stem: _to_grid(rows)}


def _check_container(path: Path) -> None:
    """Refuse, with a message that says why, files that are no Office Open XML workbook."""
    try:
        with path.open("rb") as stream:
            magic = stream.read(len(_OLE2_MAGIC))
    except FileNotFoundError:
        raise UnreadableWorkbook(f"Không tìm thấy tệp '{path}'. Hãy kiểm tra lại đường dẫn.") from None
    except OSError as exc:
        raise UnreadableWorkbook(f"Không mở được tệp '{path}': {exc.strerror or exc}.") from exc
    if magic == _OLE2_MAGIC or path.suffix.lower() == ".xls":
        raise UnreadableWorkbook(
            f"Tệp '{path}' là tệp Excel cũ (.xls) hoặc có đặt mật khẩu. Hãy mở bằng Excel, "
            f"bỏ mật khẩu nếu có, rồi lưu lại dạng .xlsx hoặc .xlsm."
        )
    if path.suffix.lower() not in _SUFFIXES or not zipfile.is_zipfile(path):
        raise UnreadableWorkbook(
            f"Tệp '{path}' không phải sổ tính Excel (.xlsx, .xlsm) hoặc đã bị hỏng. "
            f"Hãy mở thử bằng Excel và lưu lại."
        )


def _to_grid(rows: Iterable[Iterable[object]]) -> Grid:
    """Clean every value, then trim trailing empty rows and columns into a rectangle."""
    cleaned = [[clean_value(v) for v in row] for row in rows]
    return _trimmed(cleaned)


def _trimmed(rows: list[list[object]]) -> Grid:
    width = 0
    height = 0
    for r, row in enumerate(rows):
        last = next((c for c in range(len(row) - 1, -1, -1) if row[c] is not None), -1)
        if last >= 0:
            height = r + 1
            width = max(width, last + 1)
    return [row[:width] + [None] * (width - len(row)) for row in rows[:height]]


def _unescaped(value: object) -> object:
    """Text with its escapes decoded as python-calamine decodes them, where openpyxl leaves them as stored:
    control characters ("a_x0001_b" → "a\x01b") and escaped underscores ("_x005F_x0041_" → "_x0041_", a text
    typed that way, as chibo's writer and Excel store it in a cell). Other `_xHHHH_` stay: openpyxl has already
    unescaped a literal "_x0041_" of the shared strings (stored "_x005F_x0041_") to "_x0041_"."""
    if isinstance(value, str) and "_x" in value:
        return _XML_ESCAPE.sub(_decoded, value)
    return value


def _decoded(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return chr(code) if code < 0x20 or 0x7F <= code <= 0x9F or code == 0x5F else match.group(0)


def _calamine_like(value: object) -> object:
    """A date-formatted serial before 1900 (≤ 0) as python-calamine reads it: its time of day."""
    if isinstance(value, dt.datetime):
        return value.time() if value.date() < _FIRST_EXCEL_DAY else value
    if isinstance(value, dt.date) and value < _FIRST_EXCEL_DAY:
        return dt.time()
    return _unescaped(value)


def _read_openpyxl(path: Path) -> Sheets:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # unsupported-extension notices: the fidelity guard reports them
        import openpyxl  # only for files python-calamine cannot read

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            grids = {}
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # a stale <dimension> would cut rows short
                del caught[:]
                rows = [[_calamine_like(v) for v in row] for row in sheet.iter_rows(values_only=True)]
                _restore_serials(rows, caught)
                grids[sheet.title] = _to_grid(rows)
        finally:
            book.close()
    merges = {name: found.merges for name, found in _scan_sheets(path, list(grids)).items()}
    return Sheets(grids, merges)


def _restore_serials(rows: list[list[object]], caught: list[warnings.WarningMessage]) -> None:
    """openpyxl turns a date-formatted number past year 9999 (10102024 typed into a date cell)
    into `#VALUE!` and says so in a warning; put the number back, as python-calamine reads it."""
    for warning in caught:
        match = SERIAL_OUT_OF_RANGE.match(str(warning.message))
        if not match:
            continue
        letters, digits, serial = match.groups()
        r, c = int(digits) - 1, column_index(letters) - 1
        if r < len(rows) and c < len(rows[r]) and rows[r][c] == "#VALUE!":
            try:
                rows[r][c] = float(serial)
            except ValueError:
                continue


def _read_calamine(path: Path) -> Sheets:
    with CalamineWorkbook.from_path(str(path)) as book:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        rows = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in names}
    # python-calamine reads error cells as "" (dimastbk/python-calamine#105): restore them from the XML.
    scanned = _scan_sheets(path, names)
    grids = {}
    for name, sheet_rows in rows.items():
        cleaned = [[clean_value(v) for v in row] for row in sheet_rows]
        errors = scanned[name].errors if name in scanned else {}
        for (r, c), text in errors.items():
            if r < len(cleaned) and c < len(cleaned[r]) and cleaned[r][c] is None:
                cleaned[r][c] = CellError(text)
        grids[name] = _trimmed(cleaned)
    return Sheets(grids, {name: found.merges for name, found in scanned.items()})


class _Scanned(NamedTuple):
    errors: dict[tuple[int, int], str]  # (row, column) 0-based → error text
    merges: tuple[Area, ...]


def _scan_sheets(path: Path, sheet_names: list[str]) -> dict[str, _Scanned]:
    """Sheet name → the error cells (cached values) and merged ranges of its XML."""
    found: dict[str, _Scanned] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in _sheet_parts(archive).items():
            if name in sheet_names:
                xml = archive.read(part)
                found[name] = _Scanned(dict(_scan_errors(xml)), _scan_merges(xml))
    return found


def _scan_merges(xml: bytes) -> tuple[Area, ...]:
    """The `<mergeCell ref="B2:D3"/>` ranges, which follow the cells (`sheetData`) in the sheet XML."""
    after_cells = max(xml.rfind(b"sheetData"), 0)
    merges = []
    for match in _MERGE_CELL.finditer(xml, after_cells):
        top, left, bottom, right = range_bounds(match.group(1).decode("ascii"))
        if (top, left) != (bottom, right):
            merges.append(Area(top, left, bottom, right))
    return tuple(merges)


def _scan_errors(xml: bytes) -> Iterable[tuple[tuple[int, int], str]]:
    for mark in _ERROR_MARKS:  # literal search: a regex over the whole sheet costs ten times more
        at = xml.find(mark)
        while at != -1:
            start, end = xml.rfind(b"<", 0, at), xml.find(b">", at)
            tag = xml[start : end + 1]
            ref = _CELL_REF.search(tag)
            value = _VALUE.search(xml, end)
            # Skipped, and left empty: a cell without a reference or without a value (rare writers).
            if xml[at - 1 : at].isspace() and _CELL_TAG.match(tag) and ref and value and value.group(1):
                letters, digits = ref.groups()
                column = 0
                for letter in letters:
                    column = column * 26 + letter - 64
                yield (int(digits) - 1, column - 1), value.group(1).decode("utf-8").strip()
            at = xml.find(mark, end)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the member holding its XML part (OPC part names compare case-insensitively)."""
    members = {name.lower(): name for name in archive.namelist()}
    book_part = main_part(archive)
    base = PurePosixPath(book_part).parent
    rels_part = str(base / "_rels" / f"{PurePosixPath(book_part).name}.rels")
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(archive.read(members.get(rels_part.lower(), rels_part)))
    }
    parts = {}
    for sheet in ElementTree.fromstring(archive.read(members.get(book_part.lower(), book_part))).iter():
        if sheet.tag != f"{{{_MAIN_NS}}}sheet":
            continue
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        full = _normalised(target.lstrip("/") if target.startswith("/") else str(base / target))
        parts[sheet.get("name", "")] = members.get(full.lower(), full)
    return parts


def _with_book_facts(path: Path, sheets: Sheets) -> Sheets:
    """`sheets` with the workbook's date system and hidden sheets, read from `xl/workbook.xml`."""
    date1904, hidden = False, set()
    with zipfile.ZipFile(path) as archive:
        members = {name.lower(): name for name in archive.namelist()}  # OPC: part names compare case-insensitively
        for element in ElementTree.fromstring(archive.read(members[main_part(archive).lower()])).iter():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "workbookPr":
                date1904 = element.get("date1904", "0").strip().lower() in ("1", "true")
            elif tag == "sheet" and element.get("state", "visible") in ("hidden", "veryHidden"):
                hidden.add(element.get("name", ""))
    return Sheets(sheets.grids, sheets.merges, date1904, frozenset(hidden) & set(sheets.grids))


def _normalised(part: str) -> str:
    """Resolve "." and ".." in a package path ("xl/../xl/worksheets/s.xml" → "xl/worksheets/s.xml")."""
    out: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)
