"""Issue 17 §4: chibo's own register columns wrap their text and size their rows; the committee's
columns, cells and print settings are left as they were."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
from workbook_builders import write_register_book

from addin.files.jobs import refresh_file

AS_OF = dt.date(2025, 1, 15)
OWNED = ("W", "X", "Y", "Z")  # Giai đoạn, Kết quả kiểm tra, Việc tiếp theo, Hạn: right of the committee's columns


def committee_book(path: Path) -> Path:
    """The register of workbook_builders with the committee's own widths, wrapped notes and print settings."""
    book = write_register_book(path)
    wb = openpyxl.load_workbook(book)
    ws = wb["Theo dõi"]
    for letter in "ABCDEFGHIJKLMNOPQRS":
        ws.column_dimensions[letter].width = 11
    ws.column_dimensions["B"].width = 24
    ws.cell(4, 19).alignment = openpyxl.styles.Alignment(wrap_text=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_margins.left = 0.3
    ws.print_area = "A1:S6"
    ws.print_title_rows = "3:3"
    wb.save(book)
    return book


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


def part(xml: str, tag: str) -> str:
    found = re.search(rf"<{tag}\b[^>]*/>|<{tag}\b.*?</{tag}>", xml, re.S)
    return found.group(0) if found else ""


def test_owned_columns_wrap_and_rows_fit(tmp_path: Path) -> None:
    book = committee_book(tmp_path / "so.xlsx")
    assert refresh_file(book, as_of=AS_OF).ok
    ws = openpyxl.load_workbook(book)["Theo dõi"]
    assert [ws[f"{c}3"].value for c in OWNED] == ["Giai đoạn", "Kết quả kiểm tra", "Việc tiếp theo", "Hạn"]
    for row in (4, 5, 6):
        for c in OWNED:
            assert ws[f"{c}{row}"].alignment.wrap_text is True and ws[f"{c}{row}"].alignment.vertical == "top"
    assert [ws.column_dimensions[c].width for c in OWNED] == [18, 45, 40, 12]
    # Counted by hand at 44 characters a line in `Kết quả kiểm tra` (45 wide): row 4's 156 characters take
    # 4 lines, row 5's 117 take 3 (and `Việc tiếp theo`'s 118 at 39 a line take 4), row 6's 103 take 3.
    assert [ws.row_dimensions[r].height for r in (4, 5, 6)] == [63.0, 63.0, 47.25]  # 15.75 points a line


def test_the_committee_s_columns_cells_and_print_settings_are_untouched(tmp_path: Path) -> None:
    book = committee_book(tmp_path / "so.xlsx")
    before_xml = sheet_xml(book)
    before = openpyxl.load_workbook(book)["Theo dõi"]
    assert refresh_file(book, as_of=AS_OF).ok
    after_xml = sheet_xml(book)
    after = openpyxl.load_workbook(book)["Theo dõi"]
    for tag in ("pageSetup", "pageMargins", "printOptions", "headerFooter"):
        assert part(after_xml, tag) == part(before_xml, tag), tag
    assert 'paperSize="8"' in part(after_xml, "pageSetup") and 'orientation="landscape"' in part(after_xml, "pageSetup")
    cols_before = re.findall(r'<col [^>]*min="(\d+)"[^>]*/>', before_xml)
    assert cols_before  # the committee's widths, A to S
    for letter in "ABCDEFGHIJKLMNOPQRS":
        assert after.column_dimensions[letter].width == before.column_dimensions[letter].width, letter
    assert after.column_dimensions["B"].width == 24
    assert after.print_area == before.print_area == "'Theo dõi'!$A$1:$S$6"
    assert after.print_title_rows == "$3:$3"
    for row in range(1, 8):
        for column in range(1, 23):  # A..V: every cell of the committee, W..Z are chibo's
            old, new = before.cell(row, column), after.cell(row, column)
            assert (new.value, new.number_format, *map(repr, (new.font, new.fill, new.alignment, new.border))) == \
                (old.value, old.number_format, *map(repr, (old.font, old.fill, old.alignment, old.border))), new.coordinate
    assert after.cell(4, 19).alignment.wrap_text is True and after.cell(4, 18).alignment.wrap_text is None
