"""The xlwings adapter applies the fields `chibo new` brought to `SheetUpdate` (issue 19 §1) on xlwings' remote
engine: column formats, gridlines and hidden sheets; drop-down lists and conditional fills are COM-only (xlwings
has no portable call for them) and queue nothing here, while the file front writes them all."""
from __future__ import annotations

from pathlib import Path

import openpyxl
from excel_payload import payload
from test_buttons import open_book, register_workbook, remote_engine  # noqa: F401  (fixtures)

from addin.excel.adapter import apply_updates
from addin.files.splice import write_updates
from addin.workbook.updates import Block, Cell, CellStyle, ConditionalFill, ListValidation, SheetUpdate

UPDATE = SheetUpdate(
    "Mới",
    blocks=(Block(1, 1, ((Cell("Ngày"), Cell("Loại")),)),),
    column_styles={1: CellStyle(number_format="dd/mm/yyyy")},
    gridlines=False,
    hidden=True,
    validations=(ListValidation("B2:B9", "DM_LOAI_NGAY", "Chọn trong danh sách."),),
    conditional_fills=(ConditionalFill("A2:A9", "$A2<TODAY()", CellStyle(fill="#F8CBAD", bold=True), stop=True),),
)


def test_remote_engine_queues_column_formats_gridlines_and_visibility(open_book, tmp_path: Path) -> None:  # noqa: F811
    book = open_book(payload(register_workbook(tmp_path)))
    apply_updates(book, [UPDATE])
    actions = [(a["func"], a["args"], a["start_column"], a["row_count"]) for a in book.json()["actions"]
               if a["sheet_position"] == 2]
    assert actions == [
        ("setValues", [None], 0, 1),
        ("setNumberFormat", ["dd/mm/yyyy"], 0, 1_048_576),  # the whole column A
        ("setShowGridlines", [False], None, None),
        ("setSheetVisibility", ["Hidden"], None, None),
    ]


def test_the_file_front_writes_every_field(tmp_path: Path) -> None:
    path = tmp_path / "moi.xlsx"
    write_updates(register_workbook(tmp_path), path, [UPDATE])
    book = openpyxl.load_workbook(path)
    ws = book["Mới"]
    assert ws.sheet_state == "hidden" and ws.sheet_view.showGridLines is False
    assert ws.column_dimensions["A"].number_format == "dd/mm/yyyy"
    [rule] = ws.data_validations.dataValidation
    assert (str(rule.sqref), rule.type, rule.formula1, rule.prompt) == ("B2:B9", "list", "DM_LOAI_NGAY", "Chọn trong danh sách.")
    [(area, [fill])] = [(str(cf.sqref), cf.rules) for cf in ws.conditional_formatting]
    assert (area, fill.type, fill.formula, fill.stopIfTrue) == ("A2:A9", "expression", ["$A2<TODAY()"], True)
    assert fill.dxf.fill.bgColor.rgb == "FFF8CBAD" and fill.dxf.font.b


def test_gridlines_shown_again_then_hidden_again(tmp_path: Path) -> None:
    first, second, third = (tmp_path / f"{n}.xlsx" for n in ("first", "second", "third"))
    write_updates(register_workbook(tmp_path), first, [UPDATE])
    write_updates(first, second, [SheetUpdate("Mới", gridlines=True)])
    write_updates(second, third, [SheetUpdate("Mới", gridlines=False)])
    assert openpyxl.load_workbook(second)["Mới"].sheet_view.showGridLines in (None, True)
    assert openpyxl.load_workbook(third)["Mới"].sheet_view.showGridLines is False
