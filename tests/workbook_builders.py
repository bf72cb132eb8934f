"""Small real workbooks for the file-front tests, written with openpyxl or XlsxWriter."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import xlsxwriter
import xlwings
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from addin.workbook.schema import MEMBERS, REGISTER

D = dt.date
REGISTER_KEYS = ("stt", "name", "dob", "education", "unit_since", "youth_member", "helper", "course_date",
                 "application_date", "cv_date", "introducer_1", "introducer_2", "union_intro_date",
                 "opinions_date", "cell_vote_date", "cell_vote_yes", "decision_date", "ceremony_date", "notes")
MEMBER_KEYS = ("stt", "name", "admitted", "official", "arrived", "left")

MEMBERS_ROWS = [
    (i + 1, name, D(2008, 5, 1), D(2009, 5, 1), D(2015, 1, 1), None)
    for i, name in enumerate(["Trần Văn Bình", "Lê Thị Cúc", "Hoàng Văn Đức", "Vũ Thị Hà", "Đỗ Văn Khải", "Bùi Thị Lan"])
]

CANDIDATES = [
    # A clean dossier, voted and decided, ceremony pending.
    (1, "Nguyễn Văn An", D(1998, 3, 15), "Đại học", D(2021, 1, 4), "Có", "Trần Văn Bình", D(2024, 6, 20),
     D(2024, 8, 1), D(2024, 8, 10), "Trần Văn Bình", "Lê Thị Cúc", D(2024, 9, 5), D(2024, 9, 20),
     D(2024, 10, 10), 6, D(2024, 12, 2), None, None),
    # Expired course certificate at the vote: COURSE_NT_VALID error.
    (2, "Phạm Thị Dung", D(1990, 7, 1), "12/12", D(2015, 1, 1), "Không", "Lê Thị Cúc", D(2019, 9, 1),
     D(2024, 8, 1), D(2024, 8, 10), "Trần Văn Bình", "Lê Thị Cúc", None, D(2024, 9, 20),
     D(2024, 10, 10), 6, None, None, "cần học lại"),
    # In the source list only.
    (3, "=Lê Văn Cường", "2001", "9/12", D(2023, 3, 1), "Có", None, None, None, None, None, None, None, None,
     None, None, None, None, None),
]


def write_register_book(path: Path, candidates: Sequence[tuple] = CANDIDATES, *, with_members: bool = True,
                        title_rows: int = 2) -> Path:
    """A committee-style workbook: title rows, the register, members, and some user formatting."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTER.name
    ws["A1"] = "DANH SÁCH THEO DÕI QUẦN CHÚNG"
    ws["A1"].font = Font(bold=True, size=14, name="Times New Roman")
    ws.merge_cells("A1:H1")
    header_row = title_rows + 1
    for c, key in enumerate(REGISTER_KEYS, start=1):
        ws.cell(header_row, c, REGISTER.column(key).header).font = Font(bold=True)
    for r, row in enumerate(candidates, start=header_row + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value)
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
        if isinstance(row[1], str) and row[1].startswith("="):
            ws.cell(r, 2).data_type = "s"
    ws.cell(header_row + 1, len(REGISTER_KEYS) + 3, "ô của người dùng")
    ws.cell(header_row + 2, len(REGISTER_KEYS) + 3, "=1+2")
    ws.cell(header_row + 1, 2).fill = PatternFill("solid", fgColor="FFFF00")
    dv = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"F{header_row + 1}:F{header_row + 50}")
    if with_members:
        m = wb.create_sheet(MEMBERS.name)
        m.append([MEMBERS.column(k).header for k in MEMBER_KEYS])
        for row in MEMBERS_ROWS:
            m.append(list(row))
    wb.save(path)
    return path


def write_xlsm_with_button(path: Path) -> bytes:
    """A macro-enabled register with xlwings' VBA project and a form button bound to a macro; returns the VBA."""
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm") as z:
        vba = z.read("xl/vbaProject.bin")
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet(REGISTER.name)
    ws.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh"])
    ws.write_row(1, 0, [1, "Nguyễn Văn An", "15/03/1998"])
    wb.add_vba_project(io.BytesIO(vba), is_stream=True)
    wb.set_vba_name()
    ws.set_vba_name()
    ws.insert_button("F2", {"macro": "SampleCall", "caption": "Kiểm tra"})
    wb.close()
    return vba
