"""Kill `chibo refresh` at each stage: the workbook is always the old one or the new one, never broken."""
from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbook_builders import write_register_book

from addin.files.jobs import refresh_file
from addin.files.save import backup_dir

STAGES = ("read", "writing", "written", "replaced")
AS_OF = dt.date(2025, 1, 15)

CRASH = """
import os, signal, sys, datetime as dt
from pathlib import Path
import addin.files.jobs as jobs
import addin.files.package as package
import addin.files.save as save

stage, path = sys.argv[1], Path(sys.argv[2])

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if stage == "read":  # after the workbook was read and checked, before anything is written
    evaluate = jobs.evaluate
    def evaluate_then_die(*args, **kwargs):
        evaluate(*args, **kwargs)
        die()
    jobs.evaluate = evaluate_then_die
elif stage == "writing":  # halfway through the temporary file
    def half_save(self, filename):
        Path(filename).write_bytes(b"PK\\x03\\x04 half a workbook")
        die()
    package.Package.save = half_save
else:  # "written": the temporary file is complete, before the replace; "replaced": just after it
    def reached(name):
        if name == stage:
            die()
    save._reached = reached
jobs.refresh_file(path, as_of=dt.date(2025, 1, 15))
"""


@pytest.mark.parametrize("stage", STAGES)
def test_killed_refresh_leaves_old_or_new_workbook(tmp_path: Path, stage: str) -> None:
    path = write_register_book(tmp_path / "chi-bo.xlsx")
    old = path.read_bytes()
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(CRASH), stage, str(path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    now = path.read_bytes()
    if stage == "replaced":
        assert now != old
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
        assert "Kiểm tra" in openpyxl.load_workbook(path).sheetnames  # the new, complete version
    else:
        assert now == old
    backups = list(backup_dir(path).glob("chi-bo.*.xlsx"))
    if stage in ("written", "replaced"):
        assert [b.read_bytes() for b in backups] == [old]  # the backup is there once the write began
    # The next run recovers: it completes and leaves no temporary file behind.
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and ".~chibo" in p.name]
    assert leftovers == []
