"""The xlwings Lite front in CPython: the same queued actions as the classic buttons, errors in a status cell
and the output pane, files into Lite's folder, and the DV_ functions through Lite's custom-function call.

The same handlers on Pyodide itself: tests/test_pyodide.py.
"""
from __future__ import annotations

import asyncio
import copy
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import test_buttons
import xlwings as xw
from excel_payload import payload
from test_buttons import AS_OF, SAMPLE, register_workbook, unrecognisable_register

from addin.excel import buttons

STATUS = "Theo dõi!Z2"
remote_engine = test_buttons.remote_engine  # fixtures shared with the classic buttons' tests
open_book = test_buttons.open_book


@pytest.fixture
def lite(remote_engine) -> Iterator[ModuleType]:
    """`addin.excel.lite`, imported once the remote engine's key is set (xlwings.server needs it), with the
    Office.js engine that converts custom functions' arguments and answers."""
    module = importlib.import_module("addin.excel.lite")
    if "officejs" in xw.engines.engines_by_name:
        yield module
        return
    from xlwings.pro import _xlofficejs

    engine = xw.main.Engine(impl=_xlofficejs.engine)
    xw.engines.add(engine)
    yield module
    xw.engines.engines.remove(engine)
    del xw.engines.engines_by_name["officejs"]


def _actions(open_book, data: dict, run) -> list[dict]:
    book = open_book(data)
    run(book)
    return book.json()["actions"]


@pytest.mark.parametrize("name", ["check", "quota", "plan", "refresh"])
def test_lite_scripts_queue_what_the_classic_buttons_queue(name: str, lite, open_book, tmp_path: Path) -> None:
    for path in [register_workbook(tmp_path), SAMPLE]:
        data = payload(path)
        classic = _actions(open_book, data, lambda book: getattr(buttons, name)(as_of=AS_OF))
        ours = _actions(open_book, data, lambda book: getattr(lite, name)(book, as_of=AS_OF))
        assert len(classic) > 20 and ours == classic, path.name


def test_status_cell_says_what_was_done(lite, open_book, tmp_path: Path, capsys) -> None:
    data = payload(register_workbook(tmp_path))
    classic = _actions(open_book, data, lambda book: buttons.check(as_of=AS_OF))
    ours = _actions(open_book, data, lambda book: lite.check(book, status=STATUS, as_of=AS_OF))
    assert ours[:-1] == classic
    last = ours[-1]
    assert (last["func"], last["sheet_position"], last["start_row"], last["start_column"]) == ("setValues", 0, 1, 25)
    text = last["values"][0][0]
    assert text.startswith("chibo: Đã kiểm tra hồ sơ (ngày tính 05/01/2026): 4 người trong sheet 'Theo dõi', ")
    assert " lỗi, " in text and "\n" not in text
    assert capsys.readouterr().out.startswith("Đã kiểm tra hồ sơ (ngày tính 05/01/2026)")


def test_a_failure_is_told_in_the_status_cell_and_nothing_else_is_written(lite, open_book, tmp_path: Path,
                                                                           capsys) -> None:
    path = unrecognisable_register(tmp_path)
    actions = _actions(open_book, payload(path), lambda book: lite.refresh(book, status="'Danh sách'!Z2"))
    assert [a["func"] for a in actions] == ["setValues"]  # the status line only
    text = actions[0]["values"][0][0]
    assert text.startswith("chibo: Không tìm thấy danh sách theo dõi") or "Không tìm thấy danh sách theo dõi" in text
    assert "chibo chưa ghi gì vào sổ: sổ vẫn như trước khi bấm nút." in text
    assert "Không tìm thấy danh sách theo dõi" in capsys.readouterr().out


def test_an_unexpected_error_prints_its_traceback_to_the_output_pane(lite, open_book, monkeypatch, tmp_path: Path,
                                                                     capsys) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(lite, "evaluate", broken)
    actions = _actions(open_book, payload(register_workbook(tmp_path)), lambda book: lite.plan(book, status=STATUS))
    assert [a["func"] for a in actions] == ["setValues"]
    assert "lỗi không mong đợi (RuntimeError: hỏng)" in actions[0]["values"][0][0]
    out = capsys.readouterr().out
    assert "Traceback" in out and "RuntimeError: hỏng" in out


def test_a_status_cell_holding_the_users_text_is_left_alone(lite, open_book, tmp_path: Path) -> None:
    data = payload(register_workbook(tmp_path))
    for row in data["sheets"][0]["values"]:
        row.extend([""] * (26 - len(row)))
    data["sheets"][0]["values"][1][25] = "ghi chú của chi ủy"
    classic = _actions(open_book, data, lambda book: buttons.quota(as_of=AS_OF))
    ours = _actions(open_book, data, lambda book: lite.quota(book, status=STATUS, as_of=AS_OF))
    assert ours == classic  # no status written over it


def test_dossier_script_writes_everyones_drafts_into_the_folder(lite, open_book, tmp_path: Path) -> None:
    data = payload(register_workbook(tmp_path))
    data["book"]["active_sheet_index"], data["book"]["selection"] = 0, "Z2"  # a sheet button selects its own cell
    folder = tmp_path / "data" / "Hồ sơ"
    actions = _actions(open_book, data, lambda book: lite.dossiers(book, status=STATUS, as_of=AS_OF, folder=folder,
                                                                   button="'Theo dõi'!Z2"))
    written = sorted(p.name for p in folder.iterdir())
    assert "Phân công giúp đỡ Nguyễn Văn An 2025-03-15.docx" in written
    assert [a["func"] for a in actions] == ["setValues"]
    text = actions[0]["values"][0][0]
    assert text.startswith(f"chibo: Đã soạn {len(written)} bản thảo cho mọi người trong sổ vào thư mục {folder}")
    again = _actions(open_book, data, lambda book: lite.dossiers(book, status=STATUS, as_of=AS_OF, folder=folder))
    assert "cho Nguyễn Văn An" in again[0]["values"][0][0]  # no button given: Z2 is a cell of his row
    assert "Đã soạn 0 bản thảo" in again[0]["values"][0][0] and "đã có, giữ nguyên (không ghi đè)" in again[0]["values"][0][0]


def test_dossier_script_without_the_word_libraries_says_so_in_vietnamese(lite, open_book, monkeypatch,
                                                                         tmp_path: Path) -> None:
    monkeypatch.setattr(lite, "DOCUMENT_MODULES", ("docxtpl", "chibo_khong_co_thu_vien_nay"))
    actions = _actions(open_book, payload(register_workbook(tmp_path)),
                       lambda book: lite.dossiers(book, status=STATUS, folder=tmp_path / "x"))
    text = actions[0]["values"][0][0]
    assert "chưa có thư viện chibo_khong_co_thu_vien_nay cần để soạn bản thảo Word (Soạn hồ sơ)" in text
    assert "'chibo[documents]'" in text and "'chibo hoso'" in text
    assert not (tmp_path / "x").exists()


def test_calendar_script_writes_the_ics_into_the_folder(lite, open_book, tmp_path: Path) -> None:
    actions = _actions(open_book, payload(SAMPLE),
                       lambda book: lite.calendar(book, status="Hướng dẫn!Z2", as_of=AS_OF, folder=tmp_path))
    ics = tmp_path / "chi-bo-mau.ics"
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert b"DTSTAMP:20260105T000000Z" in ics.read_bytes()
    assert actions[0]["values"][0][0].startswith("chibo: Đã ghi ") and str(ics) in actions[0]["values"][0][0]


# --- DV_ functions through Lite's custom-function call ------------------------------------------

# (function, arguments as Excel sends them, the answer as Lite returns it: dates as dd/mm/yyyy serials), by hand;
# the same cases run on Pyodide (tests/test_pyodide.py).
CASES = json.loads(Path(__file__).with_name("lite_cases.json").read_text("utf-8"))


@pytest.mark.parametrize(("name", "args", "expected"), CASES)
def test_dv_functions_answer_through_lites_call(name: str, args: list, expected: object, lite) -> None:
    from xlwings import server

    data = {"func_name": name, "args": copy.deepcopy(args), "version": xw.__version__, "client": "Office.js",
            "culture_info_name": "vi-VN", "date_format": "dd/mm/yyyy", "runtime": "1.4"}
    assert asyncio.run(server.custom_functions_call(data, lite)) == [[expected]]


def test_dv_functions_register_under_their_names_with_vietnamese_help(lite) -> None:
    from xlwings import server

    meta = {f["name"]: f for f in server.custom_functions_meta(lite)["functions"]}
    assert sorted(meta) == sorted(lite.UDF_NAMES) and len(meta) == 9
    assert meta["DV_TUOI"]["description"] == 'Tuổi (số năm và số tháng tròn) vào một ngày, ví dụ "17 tuổi 11 tháng".'
    assert [p["name"] for p in meta["DV_HAN_LE_KET_NAP"]["parameters"]] == ["ngay_nhan_quyet_dinh", "ngay_nghi", "cai_dat"]
    assert not hasattr(sys.modules["addin.excel.udfs"].DV_TUOI, "__xlfunc__")  # the classic functions untouched
