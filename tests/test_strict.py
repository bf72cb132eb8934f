"""Strict OOXML ("Strict Open XML Spreadsheet" in Excel's Save As) is not read or written yet: chibo says so
truthfully — not that the file is corrupt — with how to save it as a plain .xlsx, and leaves it untouched."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from opc_packages import parts, strict
from workbook_builders import write_register_book

from addin.files.jobs import check_file, refresh_file

MESSAGE = "được lưu ở định dạng “Strict Open XML Spreadsheet”; chibo chưa đọc và ghi được định dạng này (tệp không hỏng)"


def test_strict_workbook_is_refused_truthfully(tmp_path: Path) -> None:
    path = strict(write_register_book(tmp_path / "plain.xlsx"), tmp_path / "strict.xlsx")
    before = parts(path)
    assert b'conformance="strict"' in before["xl/workbook.xml"]
    for result in (check_file(path, as_of=dt.date(2025, 1, 15)), refresh_file(path, as_of=dt.date(2025, 1, 15))):
        assert not result.ok
        assert result.error is not None and MESSAGE in result.error
        assert "“Excel Workbook (*.xlsx)”" in result.error
        assert "hỏng (" not in result.error and "bị hỏng" not in result.error
    assert parts(path) == before
    assert not (tmp_path / ".chibo-backup").exists()


def test_strict_workbook_on_the_command_line(tmp_path: Path) -> None:
    path = strict(write_register_book(tmp_path / "plain.xlsx"), tmp_path / "strict.xlsx")
    run = subprocess.run([sys.executable, "-m", "addin", "refresh", str(path)], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "300"})
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Strict Open XML Spreadsheet" in run.stdout + run.stderr
    assert "Traceback" not in run.stderr
