"""The file front: check or refresh workbook files on disk, one or many (in a process pool)."""
from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import openpyxl

from addin.errors import ChiboError, FidelityRisk
from addin.rules.findings import Severity
from addin.workbook.book import BookInput
from addin.workbook.outputs import located_column
from addin.workbook.run import PARTS, RunResult, evaluate, updates
from addin.workbook.statistics import people_facts
from addin.workbook.summary import CellSummary, summarise
from addin.workbook.tables import CellError

from .inspect import inspect_package
from .reader import SERIAL_OUT_OF_RANGE, read_grids, read_sheets
from .save import BACKUP_DIR, save_atomically
from .writer import apply_updates

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls")
CHUNK_FILES = 8  # files a worker takes at once in a batch


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file, as the per-file table and `--json` show it."""

    path: str
    ok: bool
    error: str | None = None
    findings: tuple[dict, ...] = ()
    quota: tuple[dict, ...] = ()
    written: str | None = None
    backup: str | None = None
    not_carried: tuple[str, ...] = ()  # what a copy written with --output could not carry over
    exit_code: int = 0
    summary: CellSummary | None = None  # the cell's line of `chibo summary`
    sheet: str | None = None  # the register's sheet, found by its content
    rows_read: int = 0  # people read from the register
    rows_skipped: int = 0  # rows with content that are no person (numbering, titles, footnotes)
    columns: tuple[tuple[str, str], ...] = ()  # field key → the header it was read from

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f["severity"] == severity)

    def as_json(self) -> dict:
        """The file's object of `--json`, exactly the keys of DESIGN §4."""
        return {"path": self.path, "ok": self.ok, "error": self.error, "findings": list(self.findings),
                "quota": list(self.quota), "sheet": self.sheet,
                "rows": {"read": self.rows_read, "skipped": self.rows_skipped} if self.ok else None,
                "columns": dict(self.columns), "not_carried": list(self.not_carried)}


def _finding_rows(result: RunResult) -> tuple[dict, ...]:
    return tuple(
        {"rule": f.rule, "severity": f.severity.value, "sheet": f.sheet, "row": f.row,
         "column": located_column(f, result.tables), "person": f.person, "message": f.message, "source": f.source}
        for f in result.findings
    )


def _quota_rows(result: RunResult) -> tuple[dict, ...]:
    return tuple(
        {"year": q.year, "target": q.target, "resolution_target": q.resolution_target, "admitted": q.admitted,
         "rate": q.rate, "resolution_rate": q.resolution_rate, "in_pipeline": q.in_pipeline,
         "pipeline": {stage.label: n for stage, n in q.pipeline}, "more_expected": q.more_expected,
         "projected": q.projected, "probationary": q.probationary, "recognised": q.recognised,
         "overdue": q.overdue, "assessment": q.assessment}
        for q in result.quota
    )


def _ok_result(path: Path, result: RunResult, **extra) -> FileResult:
    rows = _finding_rows(result)
    has_errors = any(r["severity"] == Severity.ERROR.value for r in rows)
    register = result.data.register
    return FileResult(path=str(path), ok=True, findings=rows, quota=_quota_rows(result),
                      exit_code=1 if has_errors else 0, sheet=register.sheet, rows_read=len(register.rows),
                      rows_skipped=register.skipped, columns=tuple(register.headers.items()), **extra)


def _failed(path: Path, exc: ChiboError) -> FileResult:
    """A file that could not be processed; the message always names the file."""
    message = exc.message if path.name in exc.message else f"Tệp “{path.name}”: {exc.message}"
    return FileResult(path=str(path), ok=False, error=message, exit_code=exc.exit_code)


def read_run(path: Path, *, as_of: dt.date | None = None, year: int | None = None) -> RunResult:
    """One workbook read through the fast path (python-calamine) and evaluated; never writes.

    Raises ChiboError when the file cannot be read."""
    inspect_package(path)
    return evaluate(BookInput(read_grids(path, "calamine")), as_of=as_of, year=year)


def check_file(path: Path, *, as_of: dt.date | None = None, year: int | None = None) -> FileResult:
    """Validate one workbook, reading only; never writes."""
    path = Path(path)
    try:
        return _ok_result(path, read_run(path, as_of=as_of, year=year))
    except ChiboError as exc:
        return _failed(path, exc)


def summarise_file(path: Path, *, as_of: dt.date | None = None, year: int | None = None) -> FileResult:
    """One cell's line of the consolidated report, read through the fast path; never writes."""
    path = Path(path)
    try:
        result = read_run(path, as_of=as_of, year=year)
    except ChiboError as exc:
        return _failed(path, exc)
    cell = result.data.settings.cell_name or path.stem
    line = replace(summarise(cell, str(path), result.year, result.quota, result.progress.values(), result.findings),
                   people=people_facts(result))
    return _ok_result(path, result, summary=line)


def _fidelity_message(path: Path, losses: Sequence[str]) -> str:
    listed = "; ".join(losses)
    return (f"Không cập nhật trực tiếp tệp “{path.name}” vì khi lưu bằng chibo sẽ mất: {listed}. "
            "Tệp được giữ nguyên. Hãy chạy lại với --output THƯ_MỤC để ghi ra một bản mới "
            "(và xem danh sách những gì không mang sang được), hoặc dùng các nút trong Excel.")


def refresh_file(path: Path, *, as_of: dt.date | None = None, year: int | None = None,
                 output: Path | None = None, parts: Sequence[str] = PARTS) -> FileResult:
    """Validate, compute and write one workbook: in place (atomically, with a backup) or into `output`."""
    path = Path(path)
    try:
        report = inspect_package(path)
        if report.losses and output is None:
            raise FidelityRisk(_fidelity_message(path, report.losses), list(report.losses))
        sheets = read_sheets(path, "calamine")
        book_file = _load_for_writing(path, report.is_macro_enabled, sheets.grids)
        names = {name: dn.attr_text for name, dn in book_file.defined_names.items()}
        book = BookInput(sheets.grids, names, sheets.merges)
        result = evaluate(book, as_of=as_of, year=year)
        changes = updates(result, book, parts)  # checked: WouldOverwrite before anything is written
        apply_updates(book_file, changes)
        target = Path(output) / path.name if output else path
        if output:
            Path(output).mkdir(parents=True, exist_ok=True)
        backup = save_atomically(target, book_file.save, backup=output is None)
        return _ok_result(path, result, written=str(target), backup=str(backup) if backup else None,
                          not_carried=tuple(report.losses))
    except ChiboError as exc:
        return _failed(path, exc)


def _load_for_writing(path: Path, keep_vba: bool, grids: dict) -> openpyxl.Workbook:
    """openpyxl's workbook to write into, with the numbers it would turn into `#VALUE!` put back.

    openpyxl reads a date-formatted number past year 9999 (an ID typed into a date cell) as an
    error and would save it so; python-calamine's grid still holds the number.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = openpyxl.load_workbook(path, keep_vba=keep_vba)
    serials = {m.group(1) + m.group(2): float(m.group(3))
               for w in caught if (m := SERIAL_OUT_OF_RANGE.match(str(w.message)))}
    for ws in book.worksheets:
        grid = grids.get(ws.title, [])
        for coordinate, serial in serials.items():
            cell = ws[coordinate]
            r, c = cell.row - 1, cell.column - 1
            original = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            if cell.data_type == "e" and cell.value == "#VALUE!" and not isinstance(original, CellError):
                cell.value = serial  # the number the file holds; a real #VALUE! error stays
    return book


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder means every workbook directly in it (not owner files or backups)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(
                f for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES and not f.name.startswith("~$")
            ))
        else:
            found.append(p)
    return [f for f in found if BACKUP_DIR not in f.parts]


def run_batch(job: Callable[..., FileResult], paths: Sequence[Path], *, jobs: int = 1,
              **options) -> Iterator[FileResult]:
    """Run `job` over every file; one file's failure never stops the others. Yields as they finish."""
    work = partial(job, **options)
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield _guarded(work, p)
        return
    workers = min(jobs, len(paths), os.cpu_count() or 1)
    size = max(1, min(CHUNK_FILES, len(paths) // (workers * 4)))  # few round trips, still a smooth progress bar
    chunks = [paths[i:i + size] for i in range(0, len(paths), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for future in as_completed([pool.submit(_guarded_chunk, work, chunk) for chunk in chunks]):
            yield from future.result()


def _guarded_chunk(work: Callable[[Path], FileResult], paths: Sequence[Path]) -> list[FileResult]:
    return [_guarded(work, p) for p in paths]


def _guarded(work: Callable[[Path], FileResult], path: Path) -> FileResult:
    """Any unexpected error becomes a failed result for that file, with a message to report."""
    try:
        return work(path)
    except ChiboError as exc:
        return _failed(path, exc)
    except Exception as exc:
        return FileResult(path=str(path), ok=False, exit_code=2,
                          error=f"Lỗi không mong đợi khi xử lý tệp “{Path(path).name}”: {type(exc).__name__}: {exc}. "
                                "Tệp được giữ nguyên; hãy gửi tệp nhật ký cho người hỗ trợ.")
