"""The Excel front without install: xlwings Lite (Pyodide inside Excel) over the same core as the classic buttons.

A Lite workbook's `main.py` (written by `addin.excel.lite_book`) binds each sheet button to one of the
handlers below with `@script(button="[Shape]Sheet!B4")` and imports the `DV_` functions by name. A click
reads the workbook, runs the core and queues the same updates as the classic button (`addin.excel.buttons`),
then writes one Vietnamese status line into the status cell beside the buttons and prints it in the task
pane's output. Lite has no alert, no log folder and no file beside the workbook: failures are reported in
that cell and that pane, and files (Word drafts, the .ics) go to Lite's `/data` folder.

What chibo cannot undo in Lite: Python only queues the writes; Office.js applies them after the script
returns. A failure before that (reading, a rule, the guard refusing to overwrite a user's cell) leaves the
workbook as it was, apart from the status cell; a write Excel refuses while applying the queue (a protected
sheet) is Excel's, after chibo has finished. Each click's writes stay within what that click owns.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import traceback
from collections.abc import Collection
from pathlib import Path
from typing import Any

import xlwings as xw
from xlwings import server

from addin.errors import ChiboError, WriteFailed
from addin.rules.text import nfc
from addin.workbook.run import PARTS, Part, RunResult, evaluate, updates

from . import udfs
from .adapter import apply_updates, read_book
from .buttons import DOSSIER_FOLDER, failure_message
from .lite_names import UDF_NAMES

DATA = Path("/data")  # the folder Lite lets Python write (and the user download from the task pane)
STATUS_PREFIX = "chibo: "  # every status line starts so: a cell holding anything else is the user's, never written
DOCUMENT_MODULES = ("docxtpl", "docx", "lxml", "jinja2", "defusedxml", "olefile")  # what the Word drafts import
CALENDAR_MODULES = ("icalendar",)


class MissingLibrary(ChiboError):
    """A script needs a library the workbook's Python (Pyodide) does not have."""


# --- the buttons ------------------------------------------------------------------------------


def check(book: xw.Book, status: str | None = None, as_of: dt.date | None = None) -> str:
    """Button `Kiểm tra hồ sơ`: the register's output columns and the `Kiểm tra` sheet."""
    return _run(book, (Part.CHECK,), "Đã kiểm tra hồ sơ", status, as_of)


def quota(book: xw.Book, status: str | None = None, as_of: dt.date | None = None) -> str:
    """Button `Cập nhật chỉ tiêu`: the `Chỉ tiêu` sheet."""
    return _run(book, (Part.QUOTA,), "Đã cập nhật chỉ tiêu", status, as_of)


def plan(book: xw.Book, status: str | None = None, as_of: dt.date | None = None) -> str:
    """Button `Lập kế hoạch năm`: the yearly plan sheet."""
    return _run(book, (Part.PLAN,), "Đã lập kế hoạch năm", status, as_of)


def refresh(book: xw.Book, status: str | None = None, as_of: dt.date | None = None) -> str:
    """Button `Làm mới tất cả`: every part, as `chibo refresh` does."""
    return _run(book, PARTS, "Đã làm mới tất cả", status, as_of)


def dossiers(book: xw.Book, status: str | None = None, as_of: dt.date | None = None,
             folder: Path | None = None, button: str | None = None) -> str:
    """Button `Soạn hồ sơ`: Word drafts into `/data/Hồ sơ` (`folder` replaces it, for tests). A sheet button
    moves the selection to its own cell (`button`, "Sheet!B4"), so the drafts are the selected register
    person's when another cell of a register row is selected (a run from the task pane), else everyone's,
    as `chibo hoso` does; a file already there is kept, never replaced."""
    cell = _status_cell(book, status)
    try:
        _require(DOCUMENT_MODULES, "soạn bản thảo Word (Soạn hồ sơ)", "chibo[documents]", "chibo hoso")
        result = evaluate(read_book(book), as_of=as_of)
        lines = _draft(book, result, folder or DATA / DOSSIER_FOLDER, button)
    except Exception as exc:
        return _failed(book, cell, exc)
    return _tell(cell, "\n".join(lines))


def calendar(book: xw.Book, status: str | None = None, as_of: dt.date | None = None,
             folder: Path | None = None) -> str:
    """Button `Xuất lịch`: the .ics of the legal deadlines and plan steps into `/data` (`folder` replaces it)."""
    cell = _status_cell(book, status)
    try:
        _require(CALENDAR_MODULES, "xuất lịch (.ics)", "icalendar", "chibo lich")
        from addin.reports.agenda import agenda, ics_bytes, reminder_days

        result = evaluate(read_book(book), as_of=as_of)
        name = result.data.settings.cell_name or Path(book.name).stem
        events = agenda(result, name)
        target = (folder or DATA) / nfc(f"{Path(book.name).stem}.ics")
        stamp = dt.datetime.combine(result.as_of, dt.time(), dt.UTC)  # the reference date: a click is repeatable
        _write(target, ics_bytes(events, name, stamp))
    except Exception as exc:
        return _failed(book, cell, exc)
    return _tell(cell, f"Đã ghi {len(events)} sự kiện vào {target}; mỗi sự kiện nhắc trước {reminder_days(result)} "
                       "ngày làm việc. Tải tệp về từ thư mục /data trong khung xlwings Lite rồi nhập vào lịch.")


def _write(target: Path, data: bytes) -> None:
    """A file into Lite's folder (its own virtual file system: no other program holds it open)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise WriteFailed(f"Không ghi được tệp “{target}” ({exc.strerror or exc}).") from exc


def _run(book: xw.Book, parts: Collection[str], done: str, status: str | None, as_of: dt.date | None) -> str:
    cell = _status_cell(book, status)  # read before any write: the engine answers reads from its snapshot
    try:
        book_input = read_book(book)
        result = evaluate(book_input, as_of=as_of)
        apply_updates(book, updates(result, book_input, parts), book_input)
    except Exception as exc:
        return _failed(book, cell, exc)
    return _tell(cell, f"{done} (ngày tính {result.as_of:%d/%m/%Y}): {_counts(result)}.")


def _counts(result: RunResult) -> str:
    severities = [f.severity.value for f in result.findings]
    return (f"{len(result.timelines)} người trong sheet '{result.data.register.sheet}', {severities.count('error')} lỗi, "
            f"{severities.count('warning')} cảnh báo, {severities.count('info')} lưu ý")


def _draft(book: xw.Book, result: RunResult, target: Path, button: str | None) -> list[str]:
    from addin.documents.dossier import drafts, write_drafts

    row = _selected_register_row(book, result, button)
    found, left_out = drafts(result, rows=None if row is None else [row])
    who = result.timelines[row].label if row is not None else "mọi người trong sổ"
    reasons = [f"- Không soạn {item.form.value} {item.person}: {item.reason}." for item in left_out]
    if not found:
        return [f"Chưa có văn bản nào soạn được cho {who}; không ghi tệp nào.", *reasons]
    target.mkdir(parents=True, exist_ok=True)
    report = write_drafts(found, target, target.parent / book.name)  # the committee's forms: `Mẫu` beside `Hồ sơ`
    lines = [f"Đã soạn {len(report.written)} bản thảo cho {who} vào thư mục {target} "
             "(tải về từ thư mục /data trong khung xlwings Lite):"]
    lines += [f"- {p.name}" for p in report.written]
    lines += [f"- {p.name}: đã có, giữ nguyên (không ghi đè)" for p in report.existing]
    return lines + reasons


def _selected_register_row(book: xw.Book, result: RunResult, button: str | None) -> int | None:
    selection = book.app.selection
    if selection is None or selection.sheet.name != result.data.register.sheet:
        return None
    if button and _split(button) == (selection.sheet.name, selection.address.replace("$", "")):
        return None  # the click on the button itself
    return selection.row if selection.row in result.timelines else None


def _require(modules: tuple[str, ...], what: str, extra: str, command: str) -> None:
    """chibo's own message, never an ImportError, when the workbook's Python lacks a library `what` needs."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise MissingLibrary(
            f"Python trong Excel (xlwings Lite) của sổ này chưa có thư viện {', '.join(missing)} cần để {what}. "
            f"Hãy thêm dòng '{extra}' vào requirements.txt trong khung xlwings Lite rồi bấm lại nút "
            f"(lxml lấy từ kho của Pyodide, cần mạng), hoặc dùng lệnh '{command}' trên máy đã cài chibo.")


# --- the status cell and the output pane -----------------------------------------------------


def _status_cell(book: xw.Book, address: str | None) -> xw.Range | None:
    """The status cell ("Sheet!B20"), when it is empty or holds an earlier status; None otherwise."""
    if not address:
        return None
    wanted, cell = _split(address)
    if wanted not in [s.name for s in book.sheets]:
        return None
    target = book.sheets[wanted][cell]
    value = target.value
    return target if value is None or (isinstance(value, str) and value.startswith(STATUS_PREFIX)) else None


def _split(address: str) -> tuple[str, str]:
    """("Theo dõi", "B4") of "'Theo dõi'!B4" or "Theo dõi!$B$4"."""
    sheet, _, cell = address.rpartition("!")
    return nfc(sheet.strip("'").replace("''", "'")), cell.replace("$", "").upper()


def _tell(cell: xw.Range | None, message: str) -> str:
    """Print `message` to Lite's output pane and write it, one line, into the status cell."""
    print(message)
    if cell is not None:
        cell.value = STATUS_PREFIX + " ".join(message.split())
    return message


def _failed(book: xw.Book, cell: xw.Range | None, exc: Exception) -> str:
    if not isinstance(exc, ChiboError):
        traceback.print_exception(exc, file=sys.stdout)  # the details, in the output pane
    return _tell(cell, failure_message(book.name, exc))


# --- the DV_ functions ------------------------------------------------------------------------


def _custom_functions() -> dict[str, Any]:
    """`addin.excel.udfs` decorated by Lite's (xlwings.server) decorators: the same functions, arguments,
    documentation and answers as the classic ones. A private copy of the module, so the classic
    functions keep their own decorators."""
    spec = importlib.util.spec_from_file_location(f"{__name__}_udfs", udfs.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = xw.func, xw.arg, xw.ret
    xw.func, xw.arg, xw.ret = server.func, server.arg, server.ret
    try:
        spec.loader.exec_module(module)
    finally:
        xw.func, xw.arg, xw.ret = saved
    return {name: getattr(module, name) for name in UDF_NAMES}


_FUNCTIONS = _custom_functions()
DV_TUOI = _FUNCTIONS["DV_TUOI"]
DV_THANG_TUOI = _FUNCTIONS["DV_THANG_TUOI"]
DV_HET_DU_BI = _FUNCTIONS["DV_HET_DU_BI"]
DV_HAN_LE_KET_NAP = _FUNCTIONS["DV_HAN_LE_KET_NAP"]
DV_HAN_XET_CHINH_THUC = _FUNCTIONS["DV_HAN_XET_CHINH_THUC"]
DV_HAN_QUYET_DINH = _FUNCTIONS["DV_HAN_QUYET_DINH"]
DV_NGAY_LAM_VIEC = _FUNCTIONS["DV_NGAY_LAM_VIEC"]
DV_GCN_CON_HAN = _FUNCTIONS["DV_GCN_CON_HAN"]
DV_GIAI_DOAN = _FUNCTIONS["DV_GIAI_DOAN"]
