"""The file front: check or refresh workbook files on disk, one or many (in a process pool)."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from addin.errors import ChiboError, UnreadableWorkbook
from addin.rules.findings import Severity
from addin.workbook.book import BookInput, Contender, RegisterChoice
from addin.workbook.outputs import located_column
from addin.workbook.run import PARTS, RunResult, evaluate, updates

from .inspect import inspect_package
from .reader import CSV_SUFFIX, read_csv, read_sheets
from .save import BACKUP_DIR, save_atomically

if TYPE_CHECKING:
    from addin.reports.summary import CellSummary

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
    exit_code: int = 0
    summary: CellSummary | None = None  # the cell's line of `chibo summary`
    not_counted: str | None = None  # why `chibo summary` leaves a readable workbook out (no one in its register)
    not_carried: tuple[str, ...] = ()  # DESIGN §4: what --output could not copy; the package splice copies all
    sheet: str | None = None  # the register's sheet, found by its content
    rows_found: int = 0  # person rows found in the register (with the numbered rows whose name is empty)
    rows_read: int = 0  # people read from the register
    skipped_rows: tuple[tuple[int, str], ...] = ()  # (row, reason) of each row of the table with content that is no person
    after_end: int = 0  # rows with content below the row that ended the register (a footnote, another table)
    columns: tuple[tuple[str, str], ...] = ()  # field key → the header it was read from
    choice: dict | None = None  # how the register's sheet was chosen: pinned, its columns and people, the runner-up

    @property
    def rows_skipped(self) -> int:
        return len(self.skipped_rows) + self.after_end

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f["severity"] == severity)

    def as_json(self) -> dict:
        """The file's object of `--json`, exactly the keys of DESIGN §4."""
        return {"path": self.path, "ok": self.ok, "error": self.error, "findings": list(self.findings),
                "quota": list(self.quota), "sheet": self.sheet,
                "rows": {"found": self.rows_found, "read": self.rows_read, "skipped": self.rows_skipped,
                         "skipped_rows": [{"row": row, "reason": reason} for row, reason in self.skipped_rows],
                         "after_end": self.after_end}
                if self.ok else None,
                "sheet_choice": self.choice, "columns": dict(self.columns), "not_carried": list(self.not_carried)}


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


def _contender(c: Contender | None) -> dict | None:
    return {"sheet": c.sheet, "columns": c.columns, "people": c.people} if c else None


def _choice(choice: RegisterChoice) -> dict:
    chosen = choice.chosen
    return {"pinned": choice.pinned, "hidden": choice.hidden, "columns": chosen.columns if chosen else None,
            "people": chosen.people if chosen else None, "runner_up": _contender(choice.runner_up)}


def _ok_result(path: Path, result: RunResult, **extra) -> FileResult:
    rows = _finding_rows(result)
    has_errors = any(r["severity"] == Severity.ERROR.value for r in rows)
    register = result.data.register
    return FileResult(path=str(path), ok=True, findings=rows, quota=_quota_rows(result),
                      exit_code=1 if has_errors else 0, sheet=register.sheet, rows_found=register.found,
                      rows_read=len(result.data.candidates), skipped_rows=tuple(register.skipped_rows), after_end=register.after_end,
                      columns=tuple(register.headers.items()), choice=_choice(result.data.choice), **extra)


def _failed(path: Path, exc: ChiboError) -> FileResult:
    """A file that could not be processed; the message always names the file."""
    message = exc.message if path.name in exc.message else f"Tệp “{path.name}”: {exc.message}"
    return FileResult(path=str(path), ok=False, error=message, exit_code=exc.exit_code)


def read_run(path: Path, *, as_of: dt.date | None = None, year: int | None = None) -> RunResult:
    """One workbook read through the fast path (python-calamine) and evaluated; never writes.

    Raises ChiboError when the file cannot be read. A CSV export is read as one sheet."""
    if Path(path).suffix.lower() == CSV_SUFFIX:
        return evaluate(BookInput(read_csv(path)), as_of=as_of, year=year)
    inspect_package(path)
    sheets = read_sheets(path, "calamine")
    book = BookInput(sheets.grids, merges=sheets.merges, date1904=sheets.date1904, hidden=sheets.hidden)
    return evaluate(book, as_of=as_of, year=year)


def check_file(path: Path, *, as_of: dt.date | None = None, year: int | None = None) -> FileResult:
    """Validate one workbook, reading only; never writes."""
    path = Path(path)
    try:
        return _ok_result(path, read_run(path, as_of=as_of, year=year))
    except ChiboError as exc:
        return _failed(path, exc)


def summarise_file(path: Path, *, as_of: dt.date | None = None, year: int | None = None) -> FileResult:
    """One cell's line of the consolidated report, read through the fast path; never writes.

    A workbook whose register holds nobody (a blank template, a copy not yet filled) is no cell's
    report: it is not counted, and the report says why."""
    from addin.reports.statistics import people_facts  # `chibo summary` only
    from addin.reports.summary import summarise
    from addin.rules.quota import YearTarget, quota_row

    path = Path(path)
    try:
        result = read_run(path, as_of=as_of, year=year)
    except ChiboError as exc:
        return _failed(path, exc)
    if not result.data.candidates:
        return _ok_result(path, result, not_counted=f"Sheet '{result.data.register.sheet}' chưa có người nào "
                                                    "(sổ trống hoặc sổ mẫu): không tính vào báo cáo.")
    cell = result.data.settings.cell_name or path.stem
    row = next((q for q in result.quota if q.year == result.year), None) or quota_row(
        YearTarget(result.year, None), list(result.timelines.values()), result.data.settings, result.calendar,
        result.as_of)
    return _ok_result(path, result, summary=summarise(cell, str(path), row, result.findings, people_facts(result)))


def refresh_file(path: Path, *, as_of: dt.date | None = None, year: int | None = None,
                 output: Path | None = None, parts: Sequence[str] = PARTS) -> FileResult:
    """Validate, compute and write one workbook: in place (atomically, with a backup) or into `output`.

    The package is patched: only chibo's own cells, sheets and the parts listing them change.
    """
    from .splice import defined_names, write_updates  # the write path only

    path = Path(path)
    try:
        if path.suffix.lower() == CSV_SUFFIX:
            raise UnreadableWorkbook(
                f"Tệp “{path.name}” là tệp CSV: chibo chỉ kiểm tra (check) được, không ghi kết quả vào tệp CSV. "
                f"Hãy mở tệp bằng Excel, lưu dạng .xlsx (Excel Workbook) rồi chạy refresh với tệp .xlsx đó; "
                f"tệp CSV được giữ nguyên.")
        inspect_package(path)
        sheets = read_sheets(path, "calamine")
        book = BookInput(sheets.grids, defined_names(path), sheets.merges, sheets.date1904, sheets.hidden)
        result = evaluate(book, as_of=as_of, year=year)
        sheet_updates = updates(result, book, parts)  # checked: WouldOverwrite before anything is written
        target = Path(output) / path.name if output else path
        if output:
            Path(output).mkdir(parents=True, exist_ok=True)
        backup = save_atomically(target, lambda tmp: write_updates(path, tmp, sheet_updates), backup=output is None)
        return _ok_result(path, result, written=str(target), backup=str(backup) if backup else None)
    except ChiboError as exc:
        return _failed(path, exc)


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
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only a parallel batch pays for it

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
