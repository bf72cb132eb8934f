"""Save a workbook without ever losing it (DESIGN §5).

Under a lock (in the temporary folder) for the workbook: refuse when Excel holds it, keep a timestamped backup,
write into a hidden temporary file in the same folder, check it opens, flush it to disk,
and only then replace the original in one step. Any failure leaves the original as it was.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.parsers.expat import ExpatError

from addin.errors import ChiboError, WorkbookBusy, WriteFailed
from addin.files.inspect import check_writable
from addin.files.package import main_part

BACKUP_DIR = ".chibo-backup"
LOCK_TIMEOUT_SECONDS = 2.0
TEMP_PREFIX = ".~chibo-"
TEMP_PATTERN = r"[0-9a-f]{32}"
TIMESTAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
TIMESTAMP_PATTERN = r"\d{8}-\d{6}-\d{6}"


def backup_dir(path: Path) -> Path:
    """The folder of backups beside a workbook."""
    return path.parent / BACKUP_DIR


def lock_path(path: Path) -> Path:
    """The lock of a workbook's saves, in the user's temporary folder and keyed by the workbook's full path:
    a Unix lock file must outlive its lock (unlinking it lets two processes lock two files), so it is
    kept where it clutters no user folder (no `.lock` in `.chibo-backup/` or an output folder)."""
    key = hashlib.sha256(os.path.normcase(str(Path(path).resolve())).encode("utf-8")).hexdigest()[:32]
    return Path(tempfile.gettempdir()) / "chibo-locks" / f"{key}.lock"


def backups(path: Path) -> list[Path]:
    """The workbook's backups, oldest first."""
    pattern = re.compile(rf"{re.escape(path.stem)}\.{TIMESTAMP_PATTERN}{re.escape(path.suffix)}")
    folder = backup_dir(path)
    found = [p for p in folder.iterdir() if pattern.fullmatch(p.name)] if folder.is_dir() else []
    return sorted(found, key=lambda p: p.name)


def save_atomically(path: Path, write: Callable[[Path], None], *, backup: bool = True,
                    keep: int = 10) -> Path | None:
    """Let `write(tmp)` produce the new workbook, then put it in place of `path` atomically.

    Returns the backup of the previous version (None when there was none or `backup`
    is off). On any failure the original is untouched and the error is re-raised,
    non-chibo errors as WriteFailed.
    """
    path = Path(path)
    check_writable(path)
    try:
        if backup and path.exists():
            backup_dir(path).mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"Không tạo được thư mục sao lưu {BACKUP_DIR} cạnh tệp “{path.name}” ({exc}). "
                          "Hãy kiểm tra quyền ghi thư mục rồi chạy lại.") from exc
    from filelock import FileLock, Timeout  # imports asyncio: only a write pays for it

    try:
        lock_path(path).parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"Không tạo được tệp khóa trong thư mục tạm {lock_path(path).parent} ({exc}).") from exc
    try:
        with FileLock(lock_path(path), timeout=LOCK_TIMEOUT_SECONDS):
            return _save_locked(path, write, backup, keep)
    except Timeout as exc:
        raise WorkbookBusy(
            f"Tệp “{path.name}” đang được chibo khác cập nhật. Hãy đợi lượt đó xong rồi chạy lại."
        ) from exc


def _reached(stage: str) -> None:
    """Test seam: the crash tests replace this to stop the process at a stage."""


def _save_locked(path: Path, write: Callable[[Path], None], backup: bool, keep: int) -> Path | None:
    check_writable(path)
    _remove_stale_temps(path)
    before = path.stat() if path.exists() else None
    _reached("checked")
    saved: Path | None = None
    tmp = path.with_name(f"{TEMP_PREFIX}{path.stem}.{uuid.uuid4().hex}{path.suffix}")
    try:
        if backup and before is not None:
            saved = _backup(path)
        _reached("backed_up")
        tmp.touch(exist_ok=False)
        write(tmp)
        _verify(path, tmp)
        if before is not None:
            os.chmod(tmp, stat.S_IMODE(before.st_mode))
        _flush(tmp)
        _reached("written")
        check_writable(path)
        if before is not None and _changed_since(path, before):
            raise WorkbookBusy(
                f"Tệp “{path.name}” vừa được lưu bởi người/chương trình khác trong lúc chibo cập nhật; "
                "chibo không ghi đè. Hãy chạy lại."
            )
        os.replace(tmp, path)
    except ChiboError:
        _discard(saved)
        raise
    except PermissionError as exc:
        _discard(saved)
        raise WorkbookBusy(
            f"Không ghi được tệp “{path.name}”: tệp đang mở trong Excel hoặc không có quyền ghi. "
            "Hãy đóng tệp rồi chạy lại. Tệp gốc vẫn giữ nguyên."
        ) from exc
    except Exception as exc:
        _discard(saved)
        raise WriteFailed(f"Không ghi được tệp “{path.name}” ({exc}). Tệp gốc vẫn giữ nguyên.") from exc
    finally:
        tmp.unlink(missing_ok=True)
    _reached("replaced")
    with contextlib.suppress(OSError):  # the new file is in place; a share may refuse this
        _flush_folder(path.parent)
    for old in backups(path)[:-max(keep, 1)]:
        old.unlink(missing_ok=True)
    return saved


def _backup(path: Path) -> Path:
    """Copy the workbook into the backup folder under a new timestamped name, flushed to disk."""
    stamp = dt.datetime.now().strftime(TIMESTAMP_FORMAT)
    target = backup_dir(path) / f"{path.stem}.{stamp}{path.suffix}"
    with open(path, "rb") as source, open(target, "xb") as copy:
        shutil.copyfileobj(source, copy)
        copy.flush()
        os.fsync(copy.fileno())
    shutil.copystat(path, target)
    return target


def _discard(backup: Path | None) -> None:
    """Drop the backup of a save that did not happen: the original it copies is still there."""
    if backup is not None:
        backup.unlink(missing_ok=True)


def _verify(path: Path, tmp: Path) -> None:
    """The new file must be a workbook chibo itself could open again."""
    try:
        with zipfile.ZipFile(tmp) as archive:
            damaged = archive.testzip()  # every part decompresses and matches its CRC
            names = {name.lower() for name in archive.namelist()}  # OPC: part names compare case-insensitively
            required = ["[Content_Types].xml", "_rels/.rels"]
            if "_rels/.rels" in names:  # the workbook part, by whatever name the package gives it
                required.append(main_part(archive))
            missing = [name for name in required if name.lower() not in names]
            if damaged is None and missing:
                damaged = f"thiếu {', '.join(missing)}"
    except (zipfile.BadZipFile, OSError, ExpatError) as exc:
        damaged = str(exc)
    if damaged is not None:
        raise WriteFailed(f"Bản mới của tệp “{path.name}” bị hỏng ({damaged}); chibo không ghi. "
                          "Tệp gốc vẫn giữ nguyên.")


def _changed_since(path: Path, before: os.stat_result) -> bool:
    now = path.stat()
    return (now.st_mtime_ns, now.st_size) != (before.st_mtime_ns, before.st_size)


def _flush(path: Path) -> None:
    with open(path, "r+b") as stream:
        os.fsync(stream.fileno())


def _flush_folder(folder: Path) -> None:
    """Make the rename durable (POSIX; Windows has no directory handles to flush)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files left by a crashed save of this workbook (we hold the lock, so none is live)."""
    pattern = re.compile(re.escape(f"{TEMP_PREFIX}{path.stem}.") + TEMP_PATTERN + re.escape(path.suffix))
    for stale in path.parent.iterdir():
        if pattern.fullmatch(stale.name):
            stale.unlink(missing_ok=True)


def write_document(path: Path, data: bytes) -> None:
    """A document chibo makes (.ics, .docx): written to a temporary file, flushed, then put in place in one step."""
    path = Path(path)
    tmp = path.with_name(f"{TEMP_PREFIX}{path.stem}.{uuid.uuid4().hex}{path.suffix}")
    try:
        try:
            with open(tmp, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except PermissionError as exc:  # no file can be created in the folder
            raise WriteFailed(f"Không ghi được tệp “{path}”: không có quyền ghi vào thư mục “{path.parent}”. "
                              "Hãy chọn thư mục khác hoặc xin quyền ghi rồi chạy lại.") from exc
        try:
            os.replace(tmp, path)
        except PermissionError as exc:  # Windows: the old file is open elsewhere or marked read-only
            raise WriteFailed(f"Không thay được tệp “{path}” đã có: tệp đang mở ở chương trình khác hoặc đặt chế độ "
                              "chỉ đọc. Hãy đóng tệp (hoặc bỏ chế độ chỉ đọc) rồi chạy lại.") from exc
    except OSError as exc:
        raise WriteFailed(f"Không ghi được tệp “{path}” ({exc.strerror or exc}).") from exc
    finally:
        tmp.unlink(missing_ok=True)
