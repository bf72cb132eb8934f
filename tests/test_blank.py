"""A blank workbook package through the package writer: what `chibo summary` and `chibo new` start from (issue 19 §1)."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_summary import cell_summary

from addin.files.blank import blank_workbook
from addin.files.reader import read_grids
from addin.files.splice import write_updates
from addin.reports.summary import summary_book
from addin.workbook.updates import Block, Cell, CellStyle, Formula, SheetUpdate

TEXTS = ("=1+1", "+x", "-x", "@x", "_x0041_")


def test_blank_package_is_the_same_bytes_every_time() -> None:
    assert blank_workbook() == blank_workbook()
    with zipfile.ZipFile(io.BytesIO(blank_workbook(vba=b"VBA"))) as z:
        types = z.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
        assert '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' in types
        assert z.namelist()[0] == "[Content_Types].xml" and z.read("xl/vbaProject.bin") == b"VBA"
        assert 'Target="vbaProject.bin"' in z.read("xl/_rels/workbook.xml.rels").decode()
        assert '<workbookPr codeName="ThisWorkbook"/>' in z.read("xl/workbook.xml").decode()


def test_sheets_added_to_a_blank_package_read_back(tmp_path: Path) -> None:
    path = tmp_path / "moi.xlsx"
    bold = CellStyle(bold=True)
    write_updates(blank_workbook(title="Thử"), path, [
        SheetUpdate("Một", blocks=(Block(1, 1, ((Cell("Họ và tên", bold), Cell(3)), (Cell(None), Cell(4)))),
                                   Block(3, 2, ((Cell(Formula("SUM(B1:B2)", 7)),),)))),
        SheetUpdate("Hai", blocks=(Block(2, 3, (tuple(Cell(t) for t in TEXTS),)),)),
    ])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Một", "Hai"]
    assert (book["Một"]["A1"].value, book["Một"]["A1"].font.b, book["Một"]["B2"].value) == ("Họ và tên", True, 4)
    assert book["Một"]["B3"].value == "=SUM(B1:B2)"
    assert book["Một"]["A1"].font.name == "Times New Roman" and book["Một"]["A1"].font.sz == 12
    values = openpyxl.load_workbook(path, data_only=True)
    assert values["Một"]["B3"].value == 7  # the cached value, for a client that does not recalculate
    assert read_grids(path)["Hai"][1][2:] == list(TEXTS)  # texts as typed, none a formula
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
        core = z.read("docProps/core.xml").decode()
        sheet = z.read("xl/worksheets/sheet2.xml").decode()
    assert "<Application>chibo</Application>" in app and "XlsxWriter" not in app
    assert "<vt:lpstr>Một</vt:lpstr><vt:lpstr>Hai</vt:lpstr>" in app and "<vt:i4>2</vt:i4>" in app
    assert "<dc:title>Thử</dc:title>" in core
    assert "<f>" not in sheet and "_x005F_x0041_" in sheet


def test_summary_through_the_package_writer_keeps_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "tong-hop.xlsx"
    lines = [cell_summary(text) for text in TEXTS]
    summary_book(lines, [(f"{t}.xlsx", t) for t in TEXTS], path)
    grids = read_grids(path)
    assert [row[1] for row in grids["Tổng hợp"][3:8]] == list(TEXTS)  # the cells' names as typed
    assert [row[1:] for row in grids["Tệp không tính"][1:]] == [[f"{t}.xlsx", t] for t in TEXTS]
    book = openpyxl.load_workbook(path)
    formulas = [c.value for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(f.startswith(("=SUM(", "=IF(")) for f in formulas), formulas
    assert book["Tổng hợp"]["D9"].value == "=SUM(D4:D8)"  # five lines of target 4
    assert openpyxl.load_workbook(path, data_only=True)["Tổng hợp"]["D9"].value == 20
    with zipfile.ZipFile(path) as z:
        assert "XlsxWriter" not in z.read("docProps/app.xml").decode()


def test_summary_imports_no_xlsxwriter(tmp_path: Path) -> None:
    """The report is written by the package writer alone: XlsxWriter is not a runtime dependency of `summary`."""
    script = ("import sys\nfrom pathlib import Path\nfrom addin.reports.summary import summary_book\n"
              f"summary_book([], [('a.xlsx', 'hỏng')], Path({str(tmp_path / 'r.xlsx')!r}))\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('xlsxwriter', 'openpyxl')))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == ["Tổng hợp", "Thống kê", "Tệp không tính"]


@pytest.mark.needs("soffice")
def test_libreoffice_opens_the_report(tmp_path: Path) -> None:
    path = tmp_path / "tong-hop.xlsx"
    summary_book([cell_summary("Chi bộ Văn phòng"), cell_summary("Chi bộ Nghiệp vụ")], [], path)
    out = tmp_path / "csv"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180)
    assert "Error:" not in done.stdout + done.stderr  # the exit code is always 0
    lines = (out / "tong-hop-Tổng hợp.csv").read_text("utf-8").splitlines()
    assert lines[3].startswith("1,Chi bộ Văn phòng,Chi bộ Văn phòng.xlsx,4,0,0%")
    assert lines[5].startswith(",Tổng cộng,,8,0,0%")  # the totals, computed by LibreOffice from the formulas


def _pixels_of(ppm: bytes, colour: tuple[int, int, int], tolerance: int = 12) -> int:
    """How many pixels of a binary PPM (P6, as pdftoppm writes it) are within `tolerance` of `colour`."""
    header, _, rest = ppm.partition(b"\n255\n")
    width, height = (int(n) for n in header.split()[1:3])
    data = rest[: width * height * 3]
    return sum(1 for i in range(0, len(data), 3)
               if all(abs(data[i + k] - colour[k]) <= tolerance for k in range(3)))


@pytest.mark.needs("soffice", "pdftoppm")
def test_the_reports_chart_draws_its_bars_without_a_theme(tmp_path: Path) -> None:
    """A blank package has no theme part, so a series without its own fill has no colour: LibreOffice drew an empty
    chart. Each series names its fill; targets 4 and 4 (two cells), nothing admitted: blue bars, no orange."""
    path = tmp_path / "tong-hop.xlsx"
    summary_book([cell_summary("Chi bộ Văn phòng"), cell_summary("Chi bộ Nghiệp vụ")], [], path)
    with zipfile.ZipFile(path) as z:
        assert not any(n.startswith("xl/theme/") for n in z.namelist())
        chart = z.read("xl/charts/chart1.xml").decode()
    assert chart.count("<a:srgbClr ") == 2 and '<majorUnit val="1"/>' in chart  # people in whole steps
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180)
    ppm = subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(path.with_suffix(".pdf"))],
                         capture_output=True, check=True).stdout
    assert _pixels_of(ppm, (0x44, 0x72, 0xC4)) > 100  # the targets' bars (and the legend's key)
