"""User text is written as text, never as a formula (DESIGN §2, issue 19 §1).

A register whose cell name, place names, people's names, ethnicity and religion are texts a spreadsheet
would take for a formula (`=1+1`, `+x`, `-x`, `@x`) or for an escaped character (`_x0041_`) goes through
`chibo summary` (sheets `Tổng hợp` and `Thống kê`), `chibo hoso` (Word drafts) and `chibo lich` (.ics); each
output is read back by another library (openpyxl, python-docx, icalendar) and must show the texts as typed.
`chibo new` writes texts of its own that start with "-" (the plan's legal bases in `Cài đặt`): text as well.
"""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar
from register_books import D, write_book

from addin.files.reader import read_grids

AS_OF = "01/06/2026"
TEXTS = ("=1+1", "+x", "-x", "@x", "_x0041_")
SETTINGS = {"Tên chi bộ": "=1+1", "Đảng bộ cấp trên": "+x", "Địa danh": "-x", "Bí thư chi bộ": "Trần Văn Bình"}
MEMBERS = [{"name": n, "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)}
           for n in ("Trần Văn Bình", "Lê Thị Cúc", "Hoàng Văn Đức")]
# In the procedure: drafts 5-KNĐ and 6-KNĐ, deadlines in the .ics.
IN_PROGRESS = {"name": "@x", "dob": D(1997, 4, 4), "gender": "Nữ", "ethnicity": "_x0041_", "religion": "=1+1",
               "education": "12/12", "unit": "-x", "youth_member": "Có", "helper": "Hoàng Văn Đức",
               "course_date": D(2026, 1, 15)}
# Admitted in 2026: counted by `Thống kê` under its ethnicity and religion.
ADMITTED = {"name": "_x0041_", "dob": D(1995, 3, 15), "gender": "Nam", "ethnicity": "+x", "religion": "@x",
            "education": "12/12", "unit": "=1+1", "helper": "Trần Văn Bình", "course_date": D(2025, 1, 10),
            "cell_vote_date": D(2025, 9, 1), "cell_vote_yes": 3, "cell_vote_total": 3,
            "committee_date": D(2025, 10, 1), "decision_date": D(2026, 1, 5), "decision_no": "-x",
            "ceremony_date": D(2026, 1, 20)}


def chibo(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True, env=env)


# A second cell of the same đảng ủy, for the report: its name and its admitted member's ethnicity.
OTHER_SETTINGS = {"Tên chi bộ": "_x0041_", "Bí thư chi bộ": "Trần Văn Bình"}
OTHER_ADMITTED = {**ADMITTED, "name": "Lê Văn Minh", "ethnicity": "-x", "religion": "_x0041_"}


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("injection") / "so"
    folder.mkdir()
    write_book(folder / "so-khac.xlsx", [OTHER_ADMITTED], settings=OTHER_SETTINGS, members=MEMBERS)
    return write_book(folder / "so-theo-doi.xlsx", [IN_PROGRESS, ADMITTED], settings=SETTINGS, members=MEMBERS)


def _text_cells(path: Path) -> dict[tuple[str, str], tuple[str, object]]:
    """Every cell holding one of TEXTS (or a formula), by sheet and coordinate: its openpyxl type and value as
    Excel shows it (openpyxl decodes the escaped underscore `_x005F_` of shared strings only; chibo's writer
    stores inline strings, which Excel and python-calamine decode alike)."""
    book = openpyxl.load_workbook(path)
    cells = {(ws.title, c.coordinate): (c.data_type, _shown(c.value)) for ws in book for row in ws.iter_rows()
             for c in row}
    return {key: (kind, value) for key, (kind, value) in cells.items() if value in TEXTS or kind == "f"}


def _shown(value: object) -> object:
    return value.replace("_x005F_", "_") if isinstance(value, str) else value


def _formulas(path: Path) -> list[str]:
    """The text of every <f> element of every sheet part."""
    with zipfile.ZipFile(path) as z:
        return [f for n in z.namelist() if n.startswith("xl/worksheets/")
                for f in re.findall(r"<f>(.*?)</f>", z.read(n).decode("utf-8"))]


def test_summary_and_statistics_write_user_text_as_text(register: Path, tmp_path: Path) -> None:
    report = tmp_path / "tong-hop.xlsx"
    run = chibo("summary", str(register.parent), "--output", str(report), "--as-of", AS_OF, "--year", "2026")
    assert run.returncode == 0, run.stdout + run.stderr
    cells = _text_cells(report)
    # Tổng hợp: each cell's name on its line is the text typed in its `Tên chi bộ` (files in name order)
    assert cells[("Tổng hợp", "B4")] == ("s", "_x0041_")
    assert cells[("Tổng hợp", "B5")] == ("s", "=1+1")
    statistics = {key: value for key, value in cells.items() if key[0] == "Thống kê"}
    assert {v for _, v in statistics.values()} == set(TEXTS)  # cell names, ethnicities, religions
    assert all(kind == "s" for kind, _ in statistics.values())
    grid = read_grids(report)["Tổng hợp"]  # chibo's own reader (python-calamine) agrees
    assert (grid[3][1], grid[4][1]) == ("_x0041_", "=1+1")
    # the only formulas are the report's own totals
    assert all(f.startswith(("SUM(", "IF(")) for f in _formulas(report)), _formulas(report)
    assert "1+1" not in _formulas(report)


def test_summary_keeps_an_existing_report_as_a_backup(register: Path, tmp_path: Path) -> None:
    report = tmp_path / "tong-hop.xlsx"
    report.write_bytes(b"the old report")
    run = chibo("summary", str(register.parent), "--output", str(report), "--as-of", AS_OF, "--year", "2026")
    assert run.returncode == 0, run.stdout + run.stderr
    saved = list((tmp_path / ".chibo-backup").iterdir())
    assert len(saved) == 1 and saved[0].read_bytes() == b"the old report"
    assert saved[0].name.startswith("tong-hop.") and saved[0].suffix == ".xlsx"
    assert "báo cáo cũ được sao lưu tại" in " ".join(run.stdout.split())
    assert openpyxl.load_workbook(report)["Tổng hợp"]["B5"].value == "=1+1"


def test_summary_that_cannot_write_says_so_in_vietnamese(register: Path, tmp_path: Path) -> None:
    report = tmp_path / "tong-hop.xlsx"
    report.write_bytes(b"the old report")
    report.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        run = chibo("summary", str(register.parent), "--output", str(report), "--as-of", AS_OF, "--year", "2026")
    finally:
        report.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Tệp “tong-hop.xlsx” đang đặt chế độ chỉ đọc" in run.stderr.replace("\n", "")
    assert "Traceback" not in run.stderr
    assert report.read_bytes() == b"the old report"


def test_new_writes_its_texts_starting_with_a_dash_as_text(tmp_path: Path) -> None:
    book = tmp_path / "So.xlsm"
    run = chibo("new", "--output", str(book), "--year", "2027")
    assert run.returncode == 0, run.stdout + run.stderr
    settings = openpyxl.load_workbook(book)["Cài đặt"]
    bases = [c for row in settings.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("- Căn cứ Điều lệ Đảng")]
    recipients = [c for row in settings.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.startswith("- [đảng ủy cấp trên] (để báo cáo)")]
    assert len(bases) == len(recipients) == 1
    assert bases[0].data_type == recipients[0].data_type == "s"
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".~chibo-")]  # no temporary file left


def test_drafts_show_the_texts_as_typed(register: Path, tmp_path: Path) -> None:
    out = tmp_path / "ho-so"
    out.mkdir()
    run = chibo("hoso", str(register), "--output", str(out), "--as-of", AS_OF)
    assert run.returncode == 0, run.stdout + run.stderr
    names = sorted(p.name for p in out.iterdir())
    assert {n.rsplit(" ", 1)[0] for n in names} == {"5-KNĐ @x", "6-KNĐ @x", "12-KNĐ _x0041_", "13-KNĐ _x0041_"}
    text = "\n".join(p.text for name in names for p in docx.Document(str(out / name)).paragraphs)
    tables = "\n".join(c.text for name in names for t in docx.Document(str(out / name)).tables
                       for row in t.rows for c in row.cells)
    assert "+X\n=1+1\n*" in tables  # the heading: the committee above (upper case) and the cell, as typed
    assert "-x, ngày" in tables  # the place before the date
    for typed in ("Chi ủy =1+1 tổng hợp", "quần chúng @x như sau", "đảng viên dự bị _x0041_ như sau",
                  "quyết định kết nạp số -x ngày 05/01/2026"):
        assert typed in text, typed


def test_ics_shows_the_texts_as_typed(register: Path, tmp_path: Path) -> None:
    target = tmp_path / "han.ics"
    run = chibo("lich", str(register), "--output", str(target), "--as-of", AS_OF)
    assert run.returncode == 0, run.stdout + run.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    assert str(calendar["x-wr-calname"]) == "Phát triển đảng viên – =1+1"
    events = list(calendar.walk("VEVENT"))
    summaries = [str(e["summary"]) for e in events]
    assert any(s.endswith("– @x") for s in summaries), summaries
    assert any(s.endswith("– _x0041_") for s in summaries), summaries
    descriptions = [str(e["description"]) for e in events]
    assert all(d.endswith("Chi bộ: =1+1") for d in descriptions)
    assert any(d.startswith("Họ và tên: _x0041_\n") for d in descriptions)
