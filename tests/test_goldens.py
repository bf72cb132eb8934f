"""Every output chibo generates from the sample, against its reviewed golden file in `tests/golden/`.

Sheets of the refreshed sample (the register's owned columns, `Kiểm tra`, `Chỉ tiêu`, the plan, `Lịch`),
the `summary` report (with `Thống kê`), the dossier drafts of `chibo hoso` and the events of `chibo lich`.
The tests only compare; `python tests/update_goldens.py` rewrites the files, and the diff is reviewed.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import docx
import icalendar
import openpyxl
import pytest
from golden import cell_marks, check_golden, producer

from addin.documents.dossier import drafts, write_drafts
from addin.files.jobs import read_run, refresh_file, summarise_file
from addin.reports.agenda import agenda, ics_bytes
from addin.reports.summary import summary_book
from addin.workbook.schema import REGISTER

SAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx"
STAMP = dt.datetime(2026, 11, 15, 8, 0, tzinfo=dt.UTC)  # the .ics creation time, fixed


def _copy(tmp: Path) -> Path:
    shutil.copy(SAMPLE, tmp / SAMPLE.name)
    return tmp / SAMPLE.name


def _refreshed(tmp: Path) -> openpyxl.Workbook:
    result = refresh_file(_copy(tmp), output=tmp / "out")
    assert result.ok, result.error
    return openpyxl.load_workbook(result.written)


def _page(ws: Any) -> dict[str, Any]:
    """How a sheet prints: paper, orientation, fitting, repeated rows, print areas."""
    fit = ws.sheet_properties.pageSetUpPr
    return {"paper": ws.page_setup.paperSize, "orientation": ws.page_setup.orientation,
            "fit_to_page": bool(fit and fit.fitToPage), "fit": [ws.page_setup.fitToWidth, ws.page_setup.fitToHeight],
            "print_titles": ws.print_title_rows, "print_area": ws.print_area}


def _sheet(book: openpyxl.Workbook, name: str, columns: set[int] | None = None) -> dict[str, Any]:
    ws = book[name]
    cells = cell_marks(ws)
    if columns is not None:
        cells = {ref: mark for ref, mark in cells.items() if ws[ref].column in columns}
    return {
        "cells": cells,
        "merges": sorted(str(m) for m in ws.merged_cells.ranges),
        "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items())
                   if d.customWidth and (columns is None or d.min in columns)},
        "page": _page(ws),
        "freeze": ws.freeze_panes,
        "charts": [{"anchor": f"{c.anchor._from.col}:{c.anchor._from.row}", "series": len(c.series)} for c in ws._charts],
    }


def _names(book: openpyxl.Workbook) -> dict[str, str]:
    return {n: book.defined_names[n].attr_text for n in sorted(book.defined_names) if n.startswith("chibo_")}


@producer("sample_register")
def register_golden(tmp: Path) -> dict[str, Any]:
    """Only the register's owned columns: every other cell of `Theo dõi` is the committee's."""
    book = _refreshed(tmp)
    ws = book[REGISTER.name]
    owned_headers = {c.header for c in REGISTER.owned_columns}
    header_row = next(r for r in range(1, 16) if any(ws.cell(r, c).value in owned_headers for c in range(1, ws.max_column + 1)))
    owned = {c for c in range(1, ws.max_column + 1) if ws.cell(header_row, c).value in owned_headers}
    return _sheet(book, REGISTER.name, owned)


@producer("sample_sheets")
def sheets_golden(tmp: Path) -> dict[str, Any]:
    book = _refreshed(tmp)
    return {"sheets": book.sheetnames, "names": _names(book),
            **{name: _sheet(book, name) for name in ("Kiểm tra", "Chỉ tiêu", "Kế hoạch 2027", "Lịch 2027")}}


@producer("sample_summary")
def summary_golden(tmp: Path) -> dict[str, Any]:
    line = summarise_file(_copy(tmp))
    assert line.ok and line.summary is not None, line.error
    report = tmp / "tong_hop.xlsx"
    summary_book([replace(line.summary, path=SAMPLE.name)], [("hong.xlsx", "Tệp không phải workbook Excel")], report)
    book = openpyxl.load_workbook(report)
    return {name: _sheet(book, name) for name in book.sheetnames}


def _docx(path: Path) -> dict[str, Any]:
    """A draft's text in order (paragraphs and table cells) with the formats that matter on paper."""
    document = docx.Document(str(path))

    def paragraph(p: Any) -> str:
        runs = {(r.font.name, r.font.size.pt if r.font.size else None, bool(r.bold), bool(r.italic), bool(r.underline))
                for r in p.runs if r.text.strip()}
        marks = "; ".join(f"{n} {s} {'B' * b}{'I' * i}{'U' * u}".strip() for n, s, b, i, u in sorted(runs, key=str))
        return f"{p.text} ‖ {p.alignment} ‖ {marks}"

    section = document.sections[0]
    return {
        "page_mm": [round(v.mm) for v in (section.page_width, section.page_height, section.top_margin,
                                          section.bottom_margin, section.left_margin, section.right_margin)],
        "paragraphs": [paragraph(p) for p in document.paragraphs if p.text.strip()],
        "tables": [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables],
    }


@producer("sample_dossiers")
def dossiers_golden(tmp: Path) -> dict[str, Any]:
    path = _copy(tmp)
    out = tmp / "hoso"
    out.mkdir()
    report = write_drafts(drafts(read_run(path))[0], out, path)
    return {written.name: _docx(written) for written in sorted(report.written)}


@producer("sample_agenda")
def agenda_golden(tmp: Path) -> list[dict[str, str]]:
    result = read_run(_copy(tmp))
    cell = result.data.settings.cell_name
    calendar = icalendar.Calendar.from_ical(ics_bytes(agenda(result, cell), cell, STAMP))
    events = []
    for event in calendar.walk("VEVENT"):
        alarm = next(iter(event.walk("VALARM")), None)
        events.append({"uid": str(event["UID"]), "day": event["DTSTART"].dt.isoformat(), "summary": str(event["SUMMARY"]),
                       "description": str(event.get("DESCRIPTION", "")),
                       "alarm": str(alarm["TRIGGER"].to_ical().decode()) if alarm is not None else ""})
    return events


@pytest.mark.parametrize("name", ["sample_register", "sample_sheets", "sample_summary", "sample_dossiers",
                                  "sample_agenda"])
def test_sample_output_matches_its_golden(name: str, tmp_path: Path) -> None:
    from golden import PRODUCERS

    check_golden(name, PRODUCERS[name](tmp_path))


def test_every_golden_file_has_its_producer() -> None:
    """No stale golden file, none missing: the folder holds exactly the registered goldens."""
    import test_plan_sheet  # noqa: F401  (registers the plan's golden)
    from golden import GOLDEN_DIR, PRODUCERS

    assert {p.stem for p in GOLDEN_DIR.glob("*.json")} == set(PRODUCERS)
