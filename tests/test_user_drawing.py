"""chibo's chart on a `Chỉ tiêu` sheet that already has the committee's own drawing (issue 19 §3): the chart is
appended to the user's drawing part with a shape id no shape has (highest + 1), nothing else of that part
changes, a chart of the user's at the same cell is not replaced, and a second run replaces only chibo's."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import xlsxwriter
from opc_packages import QUOTA, parts, rebuilt, replace

from addin.files.splice import write_updates
from addin.workbook.updates import BarChart, Block, Cell, SheetUpdate

DRAWING = "xl/drawings/drawing1.xml"
USER_CHART = "xl/charts/chart1.xml"


def committee_book(path: Path) -> Path:
    """`Chỉ tiêu` with the committee's note (a text box at B20) and its own chart at N2, where chibo draws."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(QUOTA)
    ws.write_row(0, 0, ["Năm", "Chỉ tiêu", "Đã kết nạp"])
    ws.write_row(1, 0, [2026, 3, 1])
    ws.insert_textbox("B20", "Ghi chú của chi bộ")
    chart = book.add_chart({"type": "line"})
    chart.add_series({"values": [QUOTA, 1, 1, 1, 1]})
    ws.insert_chart("N2", chart)
    book.close()
    return path


def update() -> SheetUpdate:
    chart = BarChart("Chỉ tiêu và kết quả", header_row=1, first_row=2, last_row=2, category_column=1,
                     series_columns=(2, 3), anchor="N2", name="chibo_quota_chart")
    return SheetUpdate(QUOTA, blocks=(Block(1, 1, ((Cell("Năm"),),)),), charts=(chart,))


def shape_ids(drawing: bytes) -> list[int]:
    return [int(i) for i in re.findall(rb'cNvPr id="(\d+)"', drawing)]


def test_the_chart_takes_the_highest_id_plus_one_and_the_user_drawing_is_kept(tmp_path: Path) -> None:
    base = committee_book(tmp_path / "base.xlsx")
    src = rebuilt(base, tmp_path / "ids.xlsx", {DRAWING: replace(b'cNvPr id="3"', b'cNvPr id="4"')})
    before = parts(src)
    assert shape_ids(before[DRAWING]) == [2, 4]
    out = tmp_path / "out.xlsx"
    write_updates(src, out, [update()])
    after = parts(out)
    drawing = after[DRAWING]
    end = before[DRAWING].rindex(b"</xdr:wsDr>")
    assert drawing.startswith(before[DRAWING][:end]) and drawing.endswith(before[DRAWING][end:])
    added = drawing[end:len(drawing) - len(before[DRAWING][end:])]
    assert added.count(b"<xdr:oneCellAnchor>") == 1 and b'name="chibo_quota_chart"' in added
    assert shape_ids(drawing) == [2, 4, 5]
    assert after[USER_CHART] == before[USER_CHART]  # the committee's chart at the same cell is not chibo's
    assert len(openpyxl.load_workbook(out)[QUOTA]._charts) == 2

    again = tmp_path / "again.xlsx"
    write_updates(out, again, [update()])  # chibo's own chart is replaced, not drawn twice
    twice = parts(again)
    assert twice[DRAWING] == drawing
    assert shape_ids(twice[DRAWING]) == [2, 4, 5]
    assert twice[USER_CHART] == before[USER_CHART]
