"""What a user reads is a document, not our notes (issue 10 §7): no evidence grades, website names or
internal references in any sheet chibo writes, and the documents the plan cites are settings of `Cài đặt`."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

from addin.files.jobs import refresh_file

ROOT = Path(__file__).resolve().parents[1]
USER_SHEETS = ("Kế hoạch 2027", "Kiểm tra", "Cài đặt", "Chỉ tiêu", "Lịch 2027")
# Our working notes: the rules file, the evidence grades it gives, the websites it read.
NOTES = ("party-rules", ".md", "luatduonggia", "thuvienphapluat", "chưa đối chiếu", "[A]", "[B]", "[C]", "[A/B]",
         "evidence", "(A)", "(B)", "(C)")


def _refreshed(tmp_path: Path) -> openpyxl.Workbook:
    shutil.copy(ROOT / "workbooks" / "chi-bo-mau.xlsx", tmp_path)
    result = refresh_file(tmp_path / "chi-bo-mau.xlsx", output=tmp_path / "out")
    assert result.ok, result.error
    return openpyxl.load_workbook(result.written)


def test_no_user_sheet_shows_our_notes(tmp_path: Path) -> None:
    book = _refreshed(tmp_path)
    assert set(USER_SHEETS) <= set(book.sheetnames)
    found = [(ws.title, cell.coordinate, cell.value) for ws in (book[name] for name in USER_SHEETS)
             for row in ws.iter_rows() for cell in row
             if isinstance(cell.value, str) and any(note.lower() in cell.value.lower() for note in NOTES)]
    assert found == []


def test_cai_dat_holds_the_documents_the_plan_cites(tmp_path: Path) -> None:
    ws = _refreshed(tmp_path)["Cài đặt"]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and isinstance(row[0], str)}
    assert values["Kế hoạch: quy định về thể loại văn bản"] == "Quy định số 399-QĐ/TW ngày 09/01/2026"
    assert values["Kế hoạch: hướng dẫn thể thức văn bản"] == "Hướng dẫn số 36-HD/VPTW ngày 03/4/2018"
