"""Refresh keeps the user's workbook (issue 3): random user content survives; LibreOffice opens the result."""
from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from workbook_builders import write_xlsm_with_button

from addin.files.jobs import refresh_file
from addin.files.reader import read_grids
from addin.workbook.schema import REGISTER

AS_OF = dt.date(2026, 11, 16)
USER_COLUMNS = ("stt", "name", "dob", "course_date", "cell_vote_date", "notes")
FIRST_FREE = len(USER_COLUMNS) + len(REGISTER.owned_columns) + 2  # right of where chibo's columns go

texts = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃàáạảã =+-@0123456789/.", min_size=1, max_size=12)
values = st.one_of(texts, st.integers(-10_000, 10_000), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
                   st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)), st.booleans())
user_cell = st.tuples(st.integers(2, 12), st.integers(FIRST_FREE, FIRST_FREE + 4), values,
                      st.sampled_from([None, "0.00", "dd/mm/yyyy", "@"]), st.booleans(), st.sampled_from([None, "FFFF00", "C6EFCE"]))
register_row = st.tuples(st.sampled_from(["Nguyễn Văn An", "Lê Thị Hoa", "=Trần Bình", "Phạm Tú"]),
                         st.sampled_from(["15/03/1998", "1999", "31/02/2000", None]),
                         st.sampled_from([None, "20/06/2024", "01/01/2019"]),
                         st.sampled_from([None, "10/10/2024"]), values)


def build(path: Path, rows, cells, extra) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REGISTER.name
    for c, key in enumerate(USER_COLUMNS, start=1):
        ws.cell(1, c, REGISTER.column(key).header).font = Font(bold=True)
    for r, (name, dob, course, vote, note) in enumerate(rows, start=2):
        for c, value in enumerate((r - 1, name, dob, course, vote, note), start=1):
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    ws.cell(2, FIRST_FREE, "=SUM(A2:A5)")  # a user formula
    for r, c, value, number_format, bold, fill in cells:
        cell = ws.cell(r, c, value)
        if isinstance(value, str) and value[:1] in "=+-@":
            cell.data_type = "s"
        if number_format == "dd/mm/yyyy" and isinstance(value, (int, float)) and not 1 <= value < 2958466:
            number_format = None  # openpyxl rewrites such a "date" (before 1900) as 0 or a time: left out, see note
        if number_format:
            cell.number_format = number_format
        cell.font = Font(bold=bold, color="FF0000")
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
    dv = DataValidation(type="list", formula1='"Có,Không"')
    ws.add_data_validation(dv)
    dv.add(f"{openpyxl.utils.get_column_letter(FIRST_FREE + 5)}2:{openpyxl.utils.get_column_letter(FIRST_FREE + 5)}30")
    ws.conditional_formatting.add("F2:F30", CellIsRule(operator="equal", formula=['"x"'], font=Font(bold=True)))
    ws["B2"].comment = Comment("Ghi chú của bí thư", "Bí thư")
    wb.defined_names["DS_QUAN_CHUNG"] = DefinedName("DS_QUAN_CHUNG", attr_text=f"'{REGISTER.name}'!$A$1:$F$20")
    other = wb.create_sheet("Sổ tay")
    for r, value in enumerate(extra, start=1):
        other.cell(r, 1, value)
    other["B1"] = "=A1"
    wb.save(path)


def snapshot(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    cells[(ws.title, c.row, c.column)] = (c.value, c.data_type, c.number_format, c.font.b, c.font.color and c.font.color.rgb,
                                                           c.fill.fgColor.rgb if c.fill.fill_type else None)
    grids = read_grids(path, "calamine")  # values as stored, also where openpyxl would read an error
    extras = {
        "stored": {(sheet, r + 1, c + 1): v for sheet, grid in grids.items() for r, line in enumerate(grid)
                   for c, v in enumerate(line) if v is not None},
        "validations": [(str(dv.sqref), dv.formula1) for dv in wb[REGISTER.name].data_validations.dataValidation],
        "formats": [str(cf.sqref) for cf in wb[REGISTER.name].conditional_formatting],
        "comment": wb[REGISTER.name]["B2"].comment.text if wb[REGISTER.name]["B2"].comment else None,
        "name": wb.defined_names["DS_QUAN_CHUNG"].attr_text if "DS_QUAN_CHUNG" in wb.defined_names else None,
    }
    return {"cells": cells, **extras}


def owned(key: tuple, before_sheets: set[str]) -> bool:
    """chibo's areas: the register's four output columns and the sheets it creates."""
    sheet, _, column = key
    if sheet not in before_sheets:
        return True
    return sheet == REGISTER.name and len(USER_COLUMNS) < column <= len(USER_COLUMNS) + len(REGISTER.owned_columns)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))  # no shrinking: each example is a refresh
@given(rows=st.lists(register_row, min_size=1, max_size=5), cells=st.lists(user_cell, max_size=8),
       extra=st.lists(values, max_size=5))
def test_refresh_changes_nothing_outside_its_areas(tmp_path_factory, rows, cells, extra) -> None:
    folder = tmp_path_factory.mktemp("rt")
    path = folder / "so.xlsx"
    build(path, rows, cells, extra)
    before = snapshot(path)
    result = refresh_file(path, as_of=AS_OF)
    assert result.ok, result.error
    after = snapshot(path)
    sheets = {k[0] for k in before["cells"]}
    for key, value in before["cells"].items():
        if not owned(key, sheets):
            assert after["cells"].get(key) == value, key
    for key, value in before["stored"].items():
        if not owned(key, sheets):
            assert after["stored"].get(key) == value, key
    for extra_key in ("validations", "formats", "comment", "name"):
        assert after[extra_key] == before[extra_key], extra_key
    second = snapshot(path)
    assert refresh_file(path, as_of=AS_OF).ok
    assert snapshot(path) == second  # idempotent


@pytest.mark.needs("soffice")
def test_libreoffice_opens_every_refreshed_workbook(tmp_path: Path) -> None:
    """The sample, a committee-style register and an .xlsm with a button, each refreshed, then converted."""
    books = [tmp_path / "mau.xlsx", tmp_path / "so.xlsx", tmp_path / "nut.xlsm"]
    books[0].write_bytes((Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx").read_bytes())
    build(books[1], [("Nguyễn Văn An", "15/03/1998", "20/06/2024", "10/10/2024", "ghi chú")], [], ["x"])
    vba = write_xlsm_with_button(books[2])
    for book in books:
        assert refresh_file(book, as_of=AS_OF).ok
    with zipfile.ZipFile(books[2]) as z:
        assert z.read("xl/vbaProject.bin") == vba
        assert any(b"SampleCall" in z.read(n) for n in z.namelist() if n.endswith(".vml"))
    out = tmp_path / "pdf"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out), *map(str, books)], capture_output=True, text=True, timeout=300)
    assert "Error:" not in done.stdout + done.stderr
    for book in books:
        pdf = out / f"{book.stem}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000, book.name
