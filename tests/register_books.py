"""Hand-made cell workbooks for the document commands (lich, hoso, Thống kê), written with XlsxWriter.

A row is a mapping of register keys (addin.workbook.schema.REGISTER) to values; the header of
each column is the one chibo writes, so the tests spell values, never headers.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter

from addin.workbook.schema import MEMBERS, REGISTER

D = dt.date


def write_book(path: Path, rows: Sequence[Mapping[str, object]], *, settings: Mapping[str, object] | None = None,
               members: Sequence[Mapping[str, object]] = ()) -> Path:
    """A workbook with `Theo dõi` (the union of the rows' keys, in schema order), `Đảng viên` and `Cài đặt`."""
    book = xlsxwriter.Workbook(str(path))
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    _table(book.add_worksheet(REGISTER.name), REGISTER, rows, date)
    if members:
        _table(book.add_worksheet(MEMBERS.name), MEMBERS, members, date)
    sheet = book.add_worksheet("Cài đặt")
    sheet.write_row(0, 0, ("Mục", "Giá trị"))
    for i, (label, value) in enumerate((settings or {}).items(), 1):
        sheet.write(i, 0, label)
        _write(sheet, i, 1, value, date)
    book.close()
    return path


def _table(sheet, spec, rows: Sequence[Mapping[str, object]], date) -> None:
    keys = [c.key for c in spec.columns if any(c.key in r for r in rows)]
    sheet.write_row(0, 0, [spec.column(k).header for k in keys])
    for r, row in enumerate(rows, 1):
        for c, key in enumerate(keys):
            _write(sheet, r, c, row.get(key), date)


def _write(sheet, r: int, c: int, value: object, date) -> None:
    if value is None:
        return
    if isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
    elif isinstance(value, str):
        sheet.write_string(r, c, value)
    else:
        sheet.write(r, c, value)
