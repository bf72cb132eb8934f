"""The workbook's buttons (RunPython from the VBA module ChiboButtons): read, run the core, write back.

All or nothing: every update is computed before the first write, and a write that fails is undone
(see `adapter.apply_updates`). A failure never escapes as a traceback: the user gets a Vietnamese
alert that says whether the workbook changed and names the log file holding the details.
"""
from __future__ import annotations

import datetime as dt
import os
import traceback
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

import xlwings as xw

from addin.documents.dossier import drafts, write_drafts
from addin.errors import ChiboError, UpdateInterrupted
from addin.workbook.run import PARTS, Part, evaluate, updates

from .adapter import apply_updates, read_book

TITLE = "chibo"
UNCHANGED = "chibo chưa ghi gì vào sổ: sổ vẫn như trước khi bấm nút."
DOSSIER_FOLDER = "Hồ sơ"  # beside the workbook: where `Soạn hồ sơ` writes the drafts


def check(as_of: dt.date | None = None) -> None:
    """Button `Kiểm tra hồ sơ`: the register's output columns and the `Kiểm tra` sheet."""
    _run((Part.CHECK,), "Đang kiểm tra hồ sơ…", as_of)


def quota(as_of: dt.date | None = None) -> None:
    """Button `Cập nhật chỉ tiêu`: the `Chỉ tiêu` sheet."""
    _run((Part.QUOTA,), "Đang cập nhật chỉ tiêu…", as_of)


def plan(as_of: dt.date | None = None) -> None:
    """Button `Lập kế hoạch năm`: the yearly plan sheet."""
    _run((Part.PLAN,), "Đang lập kế hoạch năm…", as_of)


def refresh(as_of: dt.date | None = None) -> None:
    """Button `Làm mới tất cả`: every part, as `chibo refresh` does."""
    _run(PARTS, "Đang làm mới tất cả…", as_of)


def dossiers(as_of: dt.date | None = None, folder: Path | None = None) -> None:
    """Button `Soạn hồ sơ`: Word drafts of the forms the selected register person's stage calls for,
    into the folder `Hồ sơ` beside the workbook (`folder` replaces it, for scripted runs)."""
    book = xw.Book.caller()
    try:
        with _busy(book.app, "Đang soạn hồ sơ…"):
            result = evaluate(read_book(book), as_of=as_of)
            row = _selected_register_row(book, result.data.register.sheet, {c.row for c in result.data.candidates})
            if row is None:
                book.app.alert(f"Hãy bấm vào một ô trên dòng của người cần soạn hồ sơ ở sheet "
                               f"'{result.data.register.sheet}' rồi bấm lại nút Soạn hồ sơ.", title=TITLE, mode="info")
                return
            found, left_out = drafts(result, rows=[row])
            name = result.timelines[row].label
            reasons = [f"- Không soạn {item.form.value}: {item.reason}." for item in left_out]
            if not found:
                book.app.alert("\n".join([f"Chưa có văn bản nào soạn được cho {name}.", *reasons]),
                               title=TITLE, mode="info")
                return
            workbook = Path(book.fullname)
            target = folder or workbook.parent / DOSSIER_FOLDER
            target.mkdir(parents=True, exist_ok=True)
            report = write_drafts(found, target, workbook)
        lines = [f"Đã soạn {len(report.written)} bản thảo cho {name} vào thư mục {target}:"]
        lines += [f"- {p.name}" for p in report.written]
        lines += [f"- {p.name}: đã có, giữ nguyên (không ghi đè)" for p in report.existing]
        lines += reasons
        book.app.alert("\n".join(lines), title=TITLE, mode="info")
    except Exception as exc:
        _report(book, exc)


def _selected_register_row(book: xw.Book, register: str, rows: set[int]) -> int | None:
    """The register row of the active cell, when it is a person's row of the register."""
    selection = book.app.selection
    if selection is None or selection.sheet.name != register:
        return None
    return selection.row if selection.row in rows else None


def log_path() -> Path:
    """Where failures are logged: %LOCALAPPDATA%\\chibo\\chibo.log on Windows, ~/.chibo/chibo.log elsewhere."""
    base = os.environ.get("LOCALAPPDATA")
    return Path(base) / "chibo" / "chibo.log" if base else Path.home() / ".chibo" / "chibo.log"


def _run(parts: Collection[str], status: str, as_of: dt.date | None) -> None:
    """One button click on the calling workbook; `as_of` replaces today (for scripted runs)."""
    book = xw.Book.caller()
    try:
        with _busy(book.app, status):
            book_input = read_book(book)
            result = evaluate(book_input, as_of=as_of)
            apply_updates(book, updates(result, book_input, parts), book_input)
    except Exception as exc:
        _report(book, exc)


@contextmanager
def _busy(app: xw.App, status: str) -> Iterator[None]:
    """Screen updating off and a status-bar message, always restored. Like `App.properties`, but
    a property the engine cannot read (the remote engine raises NotImplementedError) is skipped."""
    saved = {}
    for attribute, value in (("screen_updating", False), ("status_bar", status)):
        try:
            before = getattr(app, attribute)
            setattr(app, attribute, value)
        except NotImplementedError:
            continue
        saved[attribute] = before
    try:
        yield
    finally:
        for attribute, before in saved.items():
            setattr(app, attribute, before)


def _report(book: xw.Book, exc: Exception) -> None:
    """Log the traceback and tell the user what failed and where the details are."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now():%Y-%m-%d %H:%M:%S} · {book.name}\n")
            log.write("".join(traceback.format_exception(exc)))
        where = f"Chi tiết đã được ghi vào tệp nhật ký: {path}"
    except OSError as log_error:
        where = f"Không ghi được tệp nhật ký {path} ({log_error.strerror or log_error})."
    book.app.alert(f"{failure_message(book.name, exc)}\n\n{where}\nKhi cần hỗ trợ, hãy gửi tệp nhật ký này kèm sổ tính.",
                   title=TITLE, mode="critical")


def failure_message(book_name: str, exc: Exception) -> str:
    """What a failed click tells the user: chibo's own message naming the workbook, or the unexpected error;
    and whether the workbook changed."""
    if isinstance(exc, ChiboError):
        message = exc.message if book_name in exc.message else f"Sổ tính “{book_name}”: {exc.message}"
        if not isinstance(exc, UpdateInterrupted):  # that one says itself whether what was written was put back
            message = f"{message}\n\n{UNCHANGED}"
        return message
    return f"chibo gặp lỗi không mong đợi ({type(exc).__name__}: {exc}).\n\n{UNCHANGED}"
