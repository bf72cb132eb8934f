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

from addin.errors import ChiboError, UpdateInterrupted
from addin.workbook.run import PARTS, evaluate, updates

from .adapter import apply_updates, read_book

TITLE = "chibo"
UNCHANGED = "chibo chưa ghi gì vào sổ: sổ vẫn như trước khi bấm nút."


def check(as_of: dt.date | None = None) -> None:
    """Button `Kiểm tra hồ sơ`: the register's output columns and the `Kiểm tra` sheet."""
    _run(("check",), "Đang kiểm tra hồ sơ…", as_of)


def quota(as_of: dt.date | None = None) -> None:
    """Button `Cập nhật chỉ tiêu`: the `Chỉ tiêu` sheet."""
    _run(("quota",), "Đang cập nhật chỉ tiêu…", as_of)


def plan(as_of: dt.date | None = None) -> None:
    """Button `Lập kế hoạch năm`: the yearly plan sheet."""
    _run(("plan",), "Đang lập kế hoạch năm…", as_of)


def refresh(as_of: dt.date | None = None) -> None:
    """Button `Làm mới tất cả`: every part, as `chibo refresh` does."""
    _run(PARTS, "Đang làm mới tất cả…", as_of)


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
    if isinstance(exc, UpdateInterrupted):
        message = exc.message  # says whether what was written has been put back
    elif isinstance(exc, ChiboError):
        message = f"{exc.message}\n\n{UNCHANGED}"
    else:
        message = f"chibo gặp lỗi không mong đợi ({type(exc).__name__}: {exc}).\n\n{UNCHANGED}"
    book.app.alert(f"{message}\n\n{where}\nKhi cần hỗ trợ, hãy gửi tệp nhật ký này kèm sổ tính.",
                   title=TITLE, mode="critical")
