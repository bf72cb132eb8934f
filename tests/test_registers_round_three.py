"""Real registers, round three (issue 18): every person read, nothing else read as one, headers as
programs write them, no refusal where nothing would be overwritten. Workbooks are built in
`tests/registers.py`; the expected people and fields are literals."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import registers

from addin.files.jobs import check_file
from addin.files.reader import read_grids
from addin.workbook.book import BookInput, read_book
from addin.workbook.schema import REGISTER
from addin.workbook.tables import header_fields, header_keys

AS_OF = dt.date(2026, 1, 15)
D = dt.date


def book(path: Path):
    return read_book(BookInput(read_grids(path)))


# --- §1 every person is read --------------------------------------------------------------------


def test_numbered_people_in_capitals_are_read_and_a_title_in_capitals_is_not(tmp_path: Path) -> None:
    data = book(registers.numbered_capitals(tmp_path))
    table = data.register
    assert [(c.row, c.name, c.dob) for c in data.candidates] == [
        (4, "Nguyễn Văn An", D(1995, 2, 1)), (5, "Trần Thị Bình", D(1998, 7, 14)), (8, "LÊ VĂN CƯỜNG", None),
        (11, "VƯƠNG THỊ KIM NGÂN", D(1996, 4, 1))]
    assert table.found == 5  # the four people and STT 4, whose name is empty
    assert table.skipped_rows == (
        (7, "tiêu đề mục hoặc dòng chữ, không phải họ tên người"),
        (9, "có số thứ tự và dữ liệu nhưng ô họ tên để trống"),
        (12, "chú thích, dòng tổng cộng hoặc chữ ký: hết danh sách"),
        (13, "sau chỗ hết danh sách (dòng 12)"),
        (15, "sau chỗ hết danh sách (dòng 12)"),
    )
    assert table.end == (12, "chú thích, dòng tổng cộng hoặc chữ ký: hết danh sách")


def test_json_and_the_result_table_count_person_rows_found_and_read_and_name_skipped_rows(tmp_path: Path) -> None:
    path = registers.numbered_capitals(tmp_path)
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(path), "--json", "--as-of", "15/01/2026"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    rows = json.loads(run.stdout)["files"][0]["rows"]
    assert rows["found"] == 5 and rows["read"] == 4 and rows["skipped"] == 5
    assert rows["skipped_rows"][1] == {"row": 9, "reason": "có số thứ tự và dữ liệu nhưng ô họ tên để trống"}
    table = subprocess.run([sys.executable, "-m", "addin", "check", str(path), "--as-of", "15/01/2026"],
                           capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    text = " ".join(table.stdout.split())
    assert "Sheet 'DS': tìm thấy 5 dòng người, đọc 4 người; bỏ qua 5 dòng (dòng 7: tiêu đề mục" in text
    assert "dòng 9: có số thứ tự và dữ liệu nhưng ô họ tên để trống" in text


def test_check_result_counts_match_the_table(tmp_path: Path) -> None:
    result = check_file(registers.numbered_capitals(tmp_path), as_of=AS_OF)
    assert result.ok and (result.rows_found, result.rows_read, result.rows_skipped) == (5, 4, 5)


# --- §3 headers as programs and exports write them ----------------------------------------------


@pytest.mark.parametrize("style", sorted(registers.DATABASE_HEADERS))
def test_database_style_headers_read_like_their_accented_forms(tmp_path: Path, style: str) -> None:
    data = book(registers.database_export(tmp_path, style))
    table = data.register
    assert table.sheet == "Export"
    assert table.columns == {"stt": 2, "name": 3, "dob": 4, "gender": 5, "ethnicity": 6, "religion": 7,
                             "youth_member": 8}
    assert table.extra_headers == {1: "mahoso"}
    assert [(c.name, c.dob, c.gender, c.ethnicity, c.youth_member) for c in data.candidates] == [
        ("Đặng Văn Hải", D(1999, 3, 4), "Nam", "Kinh", True), ("Lò Thị Sen", D(2001, 10, 20), "Nữ", "Thái", False)]


def test_run_together_headers_match_only_whole_words() -> None:
    """The guard: a field's words run together match a header of exactly those words, never a longer
    word that starts with them, nor text with spaces that only contains them."""
    assert header_fields([["hovatencha", "ngaysinhcon", "dantocthieuso"], ["An", "01/02/2000", "x"]],
                         REGISTER) is None
    assert header_fields([["ma hovaten", "so ngaysinh"], ["An", "01/02/2000"]], REGISTER) is None
    assert header_keys("HoTen") == ("ho ten",) and header_keys("Ho Ten") == ("ho ten",)
    assert header_keys("THCS") == ("thcs",)  # capitals alone are no identifier to split
