"""The JSON a remote-engine client sends for a workbook, built from an .xlsx file (notes §1).

The client is "Office.js" (the add-in runtime, as xlwings Server and Lite send it): its payload
is the richest (used-range addresses, charts, names with their definitions) and it unlocks the
operations other clients refuse (alignment), so the adapter runs its fullest path here.
"""
from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import openpyxl
import xlwings as xw
from openpyxl.utils import get_column_letter


def payload(path: str | Path) -> dict:
    """The remote-engine payload of the workbook at `path`: cached values, names, sheet metadata."""
    path = Path(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, data_only=True)
    sheets = [_sheet(ws) for ws in book.worksheets]
    index = {ws.title: i for i, ws in enumerate(book.worksheets)}
    names = [_name(name, dn.attr_text, index) for name, dn in book.defined_names.items()]
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": book.worksheets.index(book.active),
                 "selection": "A1", "calculation": "automatic"},
        "names": names,
        "sheets": sheets,
    }


def _sheet(ws) -> dict:
    used = [(c.row, c.column) for row in ws.iter_rows() for c in row if c.value is not None]
    height = max((r for r, _ in used), default=0)
    width = max((c for _, c in used), default=0)
    values = [[_value(ws.cell(r, c).value) for c in range(1, width + 1)] for r in range(1, height + 1)]
    address = None
    if used:
        top, left = min(r for r, _ in used), min(c for _, c in used)
        address = f"${get_column_letter(left)}${top}:${get_column_letter(width)}${height}"
    return {
        "name": ws.title,
        "values": values or [[]],
        "visibility": "Visible",
        "show_gridlines": True,
        "print_area": None,
        "used_range_address": address,
        "pictures": [],
        "shapes": [],
        "charts": [],  # openpyxl does not load charts; a test adds entries where it needs them
        "tables": [],
        "notes": [],
        "notes_supported": True,
        "pivot_tables": [],
    }


def _value(value: object) -> object:
    """A cell value as Office.js sends it: "" for empty, ISO text for dates, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return value


def _name(name: str, refers_to: str, index: dict[str, int]) -> dict:
    sheet, _, address = refers_to.rpartition("!")
    title = sheet.strip("'").replace("''", "'")
    return {
        "name": name,
        "refers_to": f"={refers_to}",
        "sheet_index": index.get(title),
        "address": address.replace("$", "") if title in index else None,
        "book_scope": True,
        "scope_sheet_name": None,
        "scope_sheet_index": None,
    }
