"""Each field is named once (issue 19 §2): the name chibo's messages print is a header the register reader reads.

records.LABELS names every field of a register and members row; addin.workbook.schema heads those columns with
it. The workbook here is a real .xlsx (XlsxWriter) read by the file front's reader.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import xlsxwriter

from addin.files.reader import read_grids
from addin.rules.records import LABELS, Candidate, Member
from addin.workbook.book import BookInput, read_book
from addin.workbook.run import evaluate

REGISTER_FIELDS = [f.name for f in dataclasses.fields(Candidate) if f.name not in ("row", "education_text")]
MEMBER_FIELDS = [f.name for f in dataclasses.fields(Member) if f.name != "row"]


def _book(path: Path, register: list[str], members: list[str]) -> BookInput:
    book = xlsxwriter.Workbook(str(path))
    for name, headers in (("Theo dõi", register), ("Đảng viên", members)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, headers)
        sheet.write_string(1, headers.index("Họ và tên"), "Nguyễn Văn An")
    book.close()
    return BookInput(read_grids(path))


def test_every_field_has_a_name() -> None:
    assert set(REGISTER_FIELDS) | set(MEMBER_FIELDS) <= set(LABELS)


def test_a_register_headed_by_the_names_chibo_prints_is_read_field_by_field(tmp_path: Path) -> None:
    data = read_book(_book(tmp_path / "nhãn.xlsx", [LABELS[k][0] for k in REGISTER_FIELDS],
                           [LABELS[k][0] for k in MEMBER_FIELDS]))
    assert data.register.columns == {key: i for i, key in enumerate(REGISTER_FIELDS, start=1)}
    assert data.members_table is not None
    assert data.members_table.columns == {key: i for i, key in enumerate(MEMBER_FIELDS, start=1)}


def test_the_names_earlier_messages_printed_are_still_read(tmp_path: Path) -> None:
    """Before issue 19 five messages named a column other than its header; a header copied from one is read."""
    earlier = {
        "Số đảng viên dự họp xét kết nạp": "cell_vote_present",
        "Số đảng viên miễn sinh hoạt vắng mặt khi xét kết nạp": "cell_vote_exempt_absent",
        "Số đảng viên dự họp xét chính thức": "recognition_vote_present",
        "Số đảng viên miễn sinh hoạt vắng mặt khi xét chính thức": "recognition_vote_exempt_absent",
        "Ngày BTV tỉnh ủy đồng ý (trên 60 tuổi)": "over60_consent_date",
    }
    data = read_book(_book(tmp_path / "nhãn cũ.xlsx", ["Họ và tên", *earlier], ["Họ và tên", "Ngày vào Đảng"]))
    assert data.register.columns == {"name": 1, **{key: i for i, key in enumerate(earlier.values(), start=2)}}


def test_a_column_named_from_the_missing_columns_note_is_then_read(tmp_path: Path) -> None:
    """COLUMNS_MISSING names the columns to add; a register given exactly those headers no longer misses them."""
    first = _book(tmp_path / "thiếu.xlsx", ["Họ và tên", "Ngày sinh"], ["Họ và tên"])
    [note] = [f for f in evaluate(first, as_of=dt.date(2026, 1, 5)).findings if f.rule == "COLUMNS_MISSING"]
    named = note.message.split("Danh sách không có cột ", 1)[1].split(" nên chưa kiểm tra")[0]
    headers = [part.strip().strip("'") for part in named.split("', '")]
    assert headers[:4] == ["Trình độ học vấn", "Ngày về đơn vị", "Đoàn viên", "Ngày cấp GCN lớp nhận thức"]
    second = _book(tmp_path / "đủ.xlsx", ["Họ và tên", "Ngày sinh", *headers], ["Họ và tên"])
    assert not [f for f in evaluate(second, as_of=dt.date(2026, 1, 5)).findings if f.rule == "COLUMNS_MISSING"]
