"""chibo's xlwings Lite scripts on the real runtime: Pyodide for Node (tools/pyodide_lite.py), compared with CPython.

The `main.py` that `chibo lite` writes into the sample is clicked script by script inside Pyodide 0.27 (the
line Lite runs), with the wheels a Lite workbook installs (pure wheels from local files), and the queued
actions must equal those of the same main.py in CPython; the DV_ functions answer the hand-written cases of
tests/lite_cases.json; and `refresh_file` on Pyodide 314 writes the bytes `chibo refresh` writes. Needs Node and npm (skipped without them, failed in CI) and the package registries
the first time (the cache keeps the npm package and the wheels).
"""
from __future__ import annotations

import asyncio
import copy
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
import test_buttons
import xlwings as xw
from conftest import require
from excel_payload import payload
from test_lite import lite  # noqa: F401  (fixture)

remote_engine = test_buttons.remote_engine
ROOT = Path(__file__).resolve().parents[1]
CASES = json.loads(Path(__file__).with_name("lite_cases.json").read_text("utf-8"))


def _driver() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pyodide_lite", ROOT / "tools" / "pyodide_lite.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pyodide(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One Pyodide run for the module: its out.json and the work folder (the Lite sample, input.json)."""
    require("node", "npm")
    work = tmp_path_factory.mktemp("pyodide")
    out = _driver().run(work, repeat=2)
    out["work"] = str(work)
    print("\nPyodide timings (s):", json.dumps(out["timings"]), json.dumps(out["refresh"]["timings"]))
    return out


def cpython_main(source: str) -> ModuleType:
    module = ModuleType("main")
    exec(compile(source, "main.py", "exec"), module.__dict__)
    return module


def test_scripts_queue_the_same_actions_as_in_cpython(pyodide: dict, lite, monkeypatch, tmp_path: Path) -> None:  # noqa: F811
    from xlwings import server

    inputs = json.loads((Path(pyodide["work"]) / "input.json").read_text("utf-8"))
    assert inputs["payload"] == payload(Path(pyodide["work"]) / "chi-bo-mau.xlsx")
    monkeypatch.setattr(lite, "DATA", tmp_path)  # CPython's .ics lands here; Pyodide's in its /data
    main = cpython_main(inputs["main_py"])
    compared = 0
    for name in ("check", "quota", "plan", "refresh", "calendar"):
        book = xw.Book(json=copy.deepcopy(inputs["payload"]))
        try:
            asyncio.run(server.custom_scripts_call(main, name, typehint_to_value={xw.Book: book}))
            ours = json.loads(json.dumps(book.json()["actions"], ensure_ascii=False).replace(str(tmp_path), "/data"))
        finally:
            book.close()
        assert pyodide["scripts"][name] == ours, name
        compared += len(ours)
    assert compared > 3000
    status = pyodide["scripts"]["refresh"][-1]["values"][0][0]
    assert status.startswith("chibo: Đã làm mới tất cả (ngày tính ")
    assert pyodide["ics"]["chi-bo-mau.ics"] == (tmp_path / "chi-bo-mau.ics").read_text("utf-8")


def test_dossier_script_answers_chibos_message_without_the_word_libraries(pyodide: dict) -> None:
    actions = pyodide["scripts"]["dossiers"]
    assert [a["func"] for a in actions] == ["setValues"]  # the status line only: nothing else written
    text = actions[0]["values"][0][0]
    assert "Python trong Excel (xlwings Lite) của sổ này chưa có thư viện docxtpl, docx, lxml, jinja2" in text
    assert "ImportError" not in text and "ModuleNotFoundError" not in text


def test_dv_functions_answer_the_hand_written_cases(pyodide: dict) -> None:
    assert pyodide["functions"] == [[[expected]] for _, _, expected in CASES]
    assert pyodide["function_names"] == sorted({"DV_TUOI", "DV_THANG_TUOI", "DV_HET_DU_BI", "DV_HAN_LE_KET_NAP",
                                                "DV_HAN_XET_CHINH_THUC", "DV_HAN_QUYET_DINH", "DV_NGAY_LAM_VIEC",
                                                "DV_GCN_CON_HAN", "DV_GIAI_DOAN"})


def test_runtime_is_the_lite_line_and_a_warm_click_is_quick(pyodide: dict) -> None:
    timings = pyodide["timings"]
    assert timings["python"].startswith("3.12.")
    assert pyodide["script_buttons"]["refresh"] == "[LamMoiTatCa]Hướng dẫn!E11"
    warm = [t for name in ("check", "quota", "plan", "refresh") for t in timings[f"click_{name}"][1:]]
    assert max(warm) < 5, warm  # generous: a shared CI machine; measured 0.05–0.2 s on 2 cores


def test_refresh_file_in_pyodide_writes_the_bytes_chibo_refresh_writes(pyodide: dict, tmp_path: Path) -> None:
    """On Pyodide 314 (python-calamine's first emscripten wheel): `refresh_file` of the sample into Pyodide's
    file system gives the very bytes `chibo refresh` gives in CPython."""
    from addin.cli import main

    refreshed = pyodide["refresh"]
    assert refreshed["ok"] and refreshed["error"] is None and refreshed["timings"]["python"].startswith("3.14.")
    assert refreshed["written"] == "/tmp/out/chi-bo-mau.xlsx"  # MEMFS, Pyodide's own file system
    assert main(["refresh", str(ROOT / "workbooks" / "chi-bo-mau.xlsx"), "--as-of", "05/01/2026",
                 "--output", str(tmp_path)]) == 1  # the sample has dossier errors on purpose
    ours = (tmp_path / "chi-bo-mau.xlsx").read_bytes()
    assert (Path(pyodide["work"]) / "refresh" / "pyodide.xlsx").read_bytes() == ours
