"""save_atomically: the original survives every failure, crash and concurrent run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import corpus
import openpyxl
import pytest
from test_inspect import assert_vietnamese_about

from addin.errors import WorkbookBusy, WriteFailed
from addin.files.save import BACKUP_DIR, TEMP_PREFIX, backups, lock_path, save_atomically

ROOT = Path(__file__).resolve().parents[1]


def new_version(source: Path, note: str = "đã cập nhật"):
    """A `write` that saves an edited copy of `source`, the way the file front does."""
    def write(tmp: Path) -> None:
        book = openpyxl.load_workbook(source)
        book["Theo dõi"]["E1"] = note
        book.save(tmp)
    return write


def leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_save_replaces_and_backs_up(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    old = path.read_bytes()
    saved = save_atomically(path, new_version(path))
    assert saved is not None and saved.parent == tmp_path / BACKUP_DIR
    assert saved.read_bytes() == old
    assert openpyxl.load_workbook(path)["Theo dõi"]["E1"].value == "đã cập nhật"
    assert backups(path) == [saved]
    assert not leftovers(tmp_path)


def test_new_file_has_no_backup(tmp_path: Path) -> None:
    source = corpus.workbook(tmp_path)
    target = tmp_path / "Bản mới.xlsx"
    assert save_atomically(target, new_version(source)) is None
    assert openpyxl.load_workbook(target)["Theo dõi"]["E1"].value == "đã cập nhật"


def test_no_backup_when_asked(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    assert save_atomically(path, new_version(path), backup=False) is None
    assert backups(path) == []


@pytest.mark.parametrize("failure", ["raises", "garbage", "not_a_workbook"])
def test_failed_write_leaves_original(tmp_path: Path, failure: str) -> None:
    path = corpus.workbook(tmp_path)
    old = path.read_bytes()

    def write(tmp: Path) -> None:
        if failure == "raises":
            raise ValueError("boom")
        if failure == "garbage":
            tmp.write_bytes(b"PK\x03\x04 half a zip")
        else:
            corpus.zip_not_workbook(tmp_path).replace(tmp)

    with pytest.raises(WriteFailed) as caught:
        save_atomically(path, write)
    assert_vietnamese_about(caught.value.message, path)
    assert "Tệp gốc vẫn giữ nguyên" in caught.value.message
    assert path.read_bytes() == old
    assert backups(path) == []
    assert not leftovers(tmp_path)


def test_rotation_keeps_newest(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    versions = []
    for round_ in range(5):
        versions.append(path.read_bytes())
        save_atomically(path, new_version(path, f"lần {round_}"), keep=3)
    kept = backups(path)
    assert [p.read_bytes() for p in kept] == versions[-3:]


def test_permissions_are_kept(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    path.chmod(0o640)
    save_atomically(path, new_version(path))
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("owner", ["~$Sổ theo dõi.xlsx", "~$ theo dõi.xlsx"])
def test_refuses_workbook_open_in_excel(tmp_path: Path, owner: str) -> None:
    path = corpus.workbook(tmp_path)
    old = path.read_bytes()
    (tmp_path / owner).write_bytes(b"\x05Hoang")
    with pytest.raises(WorkbookBusy) as caught:
        save_atomically(path, new_version(path))
    assert_vietnamese_about(caught.value.message, path)
    assert path.read_bytes() == old and backups(path) == []


def test_refuses_read_only_file(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    old = path.read_bytes()
    path.chmod(0o444)
    with pytest.raises(WriteFailed) as caught:
        save_atomically(path, new_version(path))
    assert_vietnamese_about(caught.value.message, path)
    assert path.read_bytes() == old


def test_refuses_when_changed_during_write(tmp_path: Path) -> None:
    """The user saves in Excel while chibo writes: chibo must not overwrite their work."""
    path = corpus.workbook(tmp_path)

    def write(tmp: Path) -> None:
        new_version(path)(tmp)
        user = openpyxl.load_workbook(path)
        user["Theo dõi"]["A10"] = "người dùng vừa gõ"
        user.save(path)

    with pytest.raises(WorkbookBusy):
        save_atomically(path, write)
    assert openpyxl.load_workbook(path)["Theo dõi"]["A10"].value == "người dùng vừa gõ"


HOLD_LOCK = """
import sys, time
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("ready", flush=True)
    time.sleep(30)
"""


def test_second_save_is_refused_while_locked(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    old = path.read_bytes()
    lock_path(path).parent.mkdir(exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock_path(path))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(WorkbookBusy) as caught:
            save_atomically(path, new_version(path))
        assert time.monotonic() - started < 10
        assert "chibo khác" in caught.value.message
        assert_vietnamese_about(caught.value.message, path)
        assert path.read_bytes() == old
    finally:
        holder.kill()
        holder.wait()
    save_atomically(path, new_version(path))  # the lock dies with its holder


CRASH = """
import os, signal, sys
from pathlib import Path
import addin.files.save as save

stage, path, new = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]).read_bytes()

def crash():
    os.kill(os.getpid(), signal.SIGKILL)

def reached(name):
    if name == stage:
        crash()

def write(tmp):
    if stage == "writing":
        with open(tmp, "wb") as stream:
            stream.write(new[: len(new) // 2])
            stream.flush()
            os.fsync(stream.fileno())
        crash()
    tmp.write_bytes(new)

save._reached = reached
save.save_atomically(path, write)
"""
STAGES = ["checked", "backed_up", "writing", "written", "replaced"]


@pytest.mark.parametrize("stage", STAGES)
def test_crash_at_any_stage_leaves_old_or_new(tmp_path: Path, stage: str) -> None:
    path = corpus.workbook(tmp_path)
    old = path.read_bytes()
    new_file = tmp_path / "new.bin"
    new_version(path)(new_file)
    new = new_file.read_bytes()
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(CRASH), stage, str(path), str(new_file)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert path.read_bytes() == (new if stage == "replaced" else old)
    if STAGES.index(stage) >= STAGES.index("backed_up"):
        assert [p.read_bytes() for p in backups(path)] == [old]
    else:
        assert backups(path) == []
    # the next run is not blocked and tidies the crashed run's temporary file
    save_atomically(path, new_version(path, "lần sau"))
    assert openpyxl.load_workbook(path)["Theo dõi"]["E1"].value == "lần sau"
    assert not leftovers(tmp_path)
    assert os.listdir(tmp_path / BACKUP_DIR)
