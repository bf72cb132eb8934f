"""`chibo` on the command line: exit codes, `--json` as DESIGN §4 specifies, xlsm fidelity."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from workbook_builders import write_register_book, write_xlsm_with_button


def chibo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_check_json_and_exit_codes(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_text("not a workbook")
    run = chibo("check", str(book), str(tmp_path / "b.xlsx"), "--as-of", "15/01/2025", "--json")
    assert run.returncode == 2, run.stderr  # one file could not be read
    report = json.loads(run.stdout)
    good, bad = report["files"]
    assert set(good) == set(bad) == {"path", "ok", "error", "findings", "quota", "sheet", "rows", "columns",
                                     "not_carried", "sheet_choice"}  # DESIGN §4, exactly, and issue 18
    assert good["ok"] is True and good["error"] is None
    assert good["sheet"] == "Theo dõi" and good["not_carried"] == [] and good["columns"]["name"] == "Họ và tên"
    assert bad["ok"] is False and "b.xlsx" in bad["error"]
    assert (bad["sheet"], bad["rows"], bad["columns"], bad["not_carried"], bad["sheet_choice"]) == (None, None, {}, [], None)
    f = good["findings"][0]
    assert set(f) == {"rule", "severity", "sheet", "row", "column", "person", "message", "source"}
    assert isinstance(f["row"], int) and f["column"].isalpha()
    only_good = chibo("check", str(book), "--as-of", "2025-01-15", "--json")
    assert only_good.returncode == 1  # errors found


def test_clean_workbook_exits_zero(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "sach.xlsx", candidates=[])
    run = chibo("check", str(book))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Đạt" in run.stdout


def test_bad_as_of_is_refused_in_vietnamese(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    run = chibo("check", str(book), "--as-of", "31/02/2025")
    assert run.returncode == 2 and "không phải là ngày có thật" in run.stderr


def test_refresh_keeps_vba_and_buttons_of_an_xlsm(tmp_path: Path) -> None:
    book = tmp_path / "so-theo-doi.xlsm"
    vba = write_xlsm_with_button(book)
    run = chibo("refresh", str(book), "--as-of", "15/01/2025")
    assert run.returncode in (0, 1), run.stdout + run.stderr
    with zipfile.ZipFile(book) as z:
        assert z.read("xl/vbaProject.bin") == vba
        vml = [n for n in z.namelist() if n.endswith(".vml")]
        assert vml and any(b"SampleCall" in z.read(n) for n in vml)
        assert "xl/worksheets/sheet1.xml" in z.namelist()


def test_summary_over_a_folder_lists_cells_and_unreadable_files(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "cac-chi-bo"
    folder.mkdir()
    for i in range(3):
        write_register_book(folder / f"chi-bo-{i}.xlsx")
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 truncated")
    report = tmp_path / "tong-hop.xlsx"
    run = chibo("summary", str(folder), "--output", str(report), "--as-of", "15/01/2025", "--year", "2025")
    assert run.returncode == 2, run.stdout + run.stderr  # one file could not be read; the others are reported
    wb = openpyxl.load_workbook(report)
    lines = [r for r in wb["Tổng hợp"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [r[2] for r in lines] == [str(folder / f"chi-bo-{i}.xlsx") for i in range(3)]
    assert all(r[-1] >= 1 for r in lines)  # each cell's error count (the expired certificate)
    failures = list(wb["Tệp không đọc được"].iter_rows(min_row=2, values_only=True))
    assert len(failures) == 1 and "hong.xlsx" in failures[0][1]


def test_json_carries_quota_rows(tmp_path: Path) -> None:
    import openpyxl

    book = write_register_book(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    quota = wb.create_sheet("Chỉ tiêu")
    quota.append(["Năm", "Chỉ tiêu được giao"])
    quota.append([2024, 2])
    wb.save(book)
    run = chibo("check", str(book), "--as-of", "15/01/2025", "--json")
    rows = json.loads(run.stdout)["files"][0]["quota"]
    assert rows[0]["year"] == 2024 and rows[0]["target"] == 2
    assert rows[0]["admitted"] == 1 and rows[0]["rate"] == 0.5  # Nguyễn Văn An, decided 02/12/2024


def test_missing_output_folder_is_a_vietnamese_message(tmp_path: Path) -> None:
    """`new` and `summary` into a folder that does not exist: a message naming it, exit 2, no traceback."""
    missing = tmp_path / "chưa có"
    book = write_register_book(tmp_path / "a.xlsx")
    for run in (chibo("new", "--output", str(missing / "So.xlsm")),
                chibo("summary", str(book), "--output", str(missing / "TongHop.xlsx"))):
        assert run.returncode == 2, run.stdout + run.stderr
        assert f"Thư mục “{missing}” chưa có" in run.stderr.replace("\n", "")
        assert "Traceback" not in run.stderr and "Error" not in run.stderr
    assert not missing.exists()


def test_refresh_output_creates_the_folder(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    run = chibo("refresh", str(book), "--as-of", "15/01/2025", "--output", str(tmp_path / "ra" / "đây"))
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert (tmp_path / "ra" / "đây" / "a.xlsx").is_file()
