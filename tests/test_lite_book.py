"""Workbooks that carry chibo for xlwings Lite: `chibo new --lite` and `chibo lite SỔ.xlsx` (issue 20 §3–4).

Checked on the files themselves: the web-extension parts and where they are reached from, `main.py` and
`requirements.txt` as JSON strings, shape buttons named as the scripts' bindings with a link to their
cell, every other part byte-identical, and `chibo check --json` the same before and after. Then the
`main.py` written into the sample runs its scripts as Lite runs them and queues the classic buttons' actions.
"""
from __future__ import annotations

import ast
import asyncio
import copy
import json
import re
import shutil
import zipfile
from pathlib import Path
from types import ModuleType

import test_buttons
import xlsxwriter
import xlwings as xw
from excel_payload import payload
from test_buttons import SAMPLE
from test_lite import lite  # noqa: F401  (fixture)

from addin.cli import main
from addin.excel import buttons
from addin.excel.template import BUTTONS
from addin.files.xmlparts import parse

remote_engine = test_buttons.remote_engine
open_book = test_buttons.open_book

WE_NS = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
ADDED = {"xl/webextensions/webextension1.xml", "xl/webextensions/taskpanes.xml",
         "xl/webextensions/_rels/taskpanes.xml.rels"}
CHANGED = {"[Content_Types].xml", "_rels/.rels"}  # content types and relationships: what `chibo lite` may touch


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def properties(parts: dict[str, bytes]) -> dict[str, str]:
    """The web extension's properties, each decoded from its JSON string."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(parts["xl/webextensions/webextension1.xml"])
    return {p.get("name"): json.loads(p.get("value")) for p in root.iter(f"{WE_NS}property")}


def check_lite_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """The contract of issue 20 §4 on the package's parts; returns the decoded properties."""
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            parse(data)  # every XML part well-formed
    types = parts["[Content_Types].xml"].decode()
    assert 'PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"' in types
    assert ('PartName="/xl/webextensions/taskpanes.xml" '
            'ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"') in types
    assert "macroEnabled" not in types and not any("vbaProject" in name for name in parts)
    root_rels = parts["_rels/.rels"].decode()
    assert ('Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" '
            'Target="xl/webextensions/taskpanes.xml"') in root_rels
    assert 'Target="webextension1.xml"' in parts["xl/webextensions/_rels/taskpanes.xml.rels"].decode()
    assert b'r:id="rId1"' in parts["xl/webextensions/taskpanes.xml"]
    extension = parts["xl/webextensions/webextension1.xml"].decode()
    assert '<we:reference id="wa200008175"' in extension and 'store="WA200008175"' in extension
    assert sum(n.startswith("xl/webextensions/webextension") for n in parts) == 1
    found = properties(parts)
    ast.parse(found["main.py"])
    lines = found["requirements.txt"].splitlines()
    assert lines == ["xlwings==0.37.8 # required", "python-dotenv # required", "pyodide-http # required", "chibo"]
    return found


def bindings(main_py: str) -> list[tuple[str, str, str]]:
    """(shape, sheet, cell) of every literal `@script(button="[Shape]Sheet!B4")` in `main.py`."""
    return [(m[1], m[2], m[3]) for m in re.finditer(r"button='\[(\w+)\]([^!']+)!([A-Z]+[0-9]+)'", main_py)]


def check_buttons(parts: dict[str, bytes], sheet_part: str, main_py: str) -> None:
    """Each binding has a top-level shape of that name in its sheet's drawing, linked to `#Sheet!B4`."""
    found = bindings(main_py)
    assert [shape for shape, _, _ in found] == ["KiemTraHoSo", "CapNhatChiTieu", "LapKeHoachNam", "LamMoiTatCa",
                                                "SoanHoSo", "XuatLich"]
    rels = parse(parts[sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"])
    target = next(r.attrs["Target"] for r in rels.elements("Relationship") if r.attrs["Type"].endswith("/drawing"))
    drawing = "xl/drawings/" + target.rsplit("/", 1)[1]
    links = {r.attrs["Id"]: r.attrs["Target"] for r in
             parse(parts[drawing.replace("drawings/", "drawings/_rels/") + ".rels"]).elements("Relationship")}
    shapes = {}
    ids = []
    for anchor in parse(parts[drawing]).elements():
        for sp in anchor.elements("sp"):
            props = sp.first("nvSpPr").first("cNvPr")
            ids.append(props.attrs["id"])
            link = next((e for e in props.elements() if e.name == "hlinkClick"), None)  # a: inside xdr:
            shapes[props.attrs["name"]] = links[link.attrs["r:id"]] if link is not None else None
    assert len(ids) == len(set(ids))  # unique shape ids
    for shape, sheet, cell in found:
        quoted = f"'{sheet}'" if " " in sheet else sheet
        assert shapes[shape] == f"#{quoted}!{cell}"


def test_new_lite_writes_exactly_the_xlsx_with_the_lite_parts(tmp_path: Path) -> None:
    out = tmp_path / "Sổ Lite.xlsx"
    assert main(["new", "--lite", "--output", str(out), "--year", "2026"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["Sổ Lite.xlsx"]
    parts = members(out)
    found = check_lite_parts(parts)
    assert "xlwings.conf" not in parts["xl/workbook.xml"].decode()
    assert "Hướng dẫn" in parts["xl/workbook.xml"].decode()
    check_buttons(parts, "xl/worksheets/sheet1.xml", found["main.py"])
    main_py = found["main.py"]
    for button in BUTTONS:  # the classic buttons' captions, on the Lite buttons too
        assert f"@script(name={button.caption!r}, button='[{button.macro}]Hướng dẫn!" in main_py
    assert "STATUS = \"'Hướng dẫn'!E20\"" in main_py
    assert main(["new", "--lite", "--output", str(out)]) == 2  # never overwrites


def test_new_lite_refuses_a_macro_extension(tmp_path: Path, capsys) -> None:
    assert main(["new", "--lite", "--output", str(tmp_path / "x.xlsm")]) == 2
    assert "phải có đuôi .xlsx" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def check_json(path: Path, capsys) -> dict:
    capsys.readouterr()
    main(["check", str(path), "--json", "--as-of", "05/01/2026"])
    return json.loads(capsys.readouterr().out)


def test_lite_on_the_sample_adds_parts_and_changes_nothing_else(tmp_path: Path, capsys) -> None:
    book = tmp_path / "chi-bo-mau.xlsx"
    shutil.copy(SAMPLE, book)
    before, checked = members(book), check_json(book, capsys)
    assert main(["lite", str(book)]) == 0
    assert "Đã gắn xlwings Lite vào" in capsys.readouterr().out
    after = members(book)
    found = check_lite_parts(after)
    sheet_part = "xl/worksheets/sheet1.xml"  # `Hướng dẫn`, the sample's first sheet
    assert "Hướng dẫn" in after["xl/workbook.xml"].decode()
    check_buttons(after, sheet_part, found["main.py"])
    new = set(after) - set(before)
    assert ADDED <= new and all(n.startswith(("xl/drawings/", "xl/worksheets/_rels/", "xl/webextensions/")) for n in new)
    changed = {n for n in before if before[n] != after[n]}
    assert changed <= CHANGED | {sheet_part}
    assert after[sheet_part].replace(b'<drawing r:id="rId1"/>', b"") == before[sheet_part]
    assert check_json(book, capsys) == checked
    assert len(list((tmp_path / ".chibo-backup").iterdir())) == 1
    assert main(["lite", str(book)]) == 2  # a second time: refused, file untouched
    assert "đã có phần bổ trợ" in capsys.readouterr().err and members(book) == after


def register_with_chart_and_table(directory: Path) -> Path:
    """A register sheet (no `Hướng dẫn`) holding a chart (a drawing already there) and a table (tableParts)."""
    path = directory / "Sổ chi bộ.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("DSDV")
    headers = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn", "Ghi chú"]
    rows = [[1, "Nguyễn Văn An", "02/01/2000", "15/03/2025", "nguồn mới"], [2, "Lê Thị Bình", "06/05/1999", "01/09/2024", ""]]
    sheet.add_table(0, 0, len(rows), len(headers) - 1, {"columns": [{"header": h} for h in headers], "data": rows})
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=DSDV!$A$2:$A$3"})
    sheet.insert_chart("H20", chart)
    book.close()
    return path


def test_lite_on_a_register_with_a_drawing_appends_the_buttons(tmp_path: Path, capsys) -> None:
    book = register_with_chart_and_table(tmp_path)
    before, checked = members(book), check_json(book, capsys)
    assert main(["lite", str(book)]) == 0
    after = members(book)
    found = check_lite_parts(after)
    check_buttons(after, "xl/worksheets/sheet1.xml", found["main.py"])
    assert bindings(found["main.py"])[0] == ("KiemTraHoSo", "DSDV", "K2")  # 5 columns used, then 6 free for chibo's
    sheet = after["xl/worksheets/sheet1.xml"]
    assert sheet == before["xl/worksheets/sheet1.xml"]  # the drawing was there: only anchors were appended
    drawing = after["xl/drawings/drawing1.xml"]
    old = before["xl/drawings/drawing1.xml"]
    assert drawing.startswith(old[:old.rindex(b"</xdr:wsDr>")])  # the chart's anchor kept as it was
    assert drawing.count(b"<xdr:twoCellAnchor") == 7
    assert set(after) - set(before) == ADDED | {"xl/drawings/_rels/drawing1.xml.rels"} - set(before)
    assert {n for n in before if before[n] != after[n]} <= CHANGED | {"xl/drawings/drawing1.xml",
                                                                       "xl/drawings/_rels/drawing1.xml.rels"}
    assert check_json(book, capsys) == checked


def test_drawing_reference_goes_before_table_parts(tmp_path: Path) -> None:
    path = tmp_path / "bảng.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("DSDV")
    sheet.add_table(0, 0, 2, 2, {"columns": [{"header": h} for h in ("STT", "Họ và tên", "Ngày sinh")],
                                 "data": [[1, "Nguyễn Văn An", "02/01/2000"], [2, "Lê Thị Bình", "06/05/1999"]]})
    book.close()
    before = members(path)
    assert main(["lite", str(path)]) == 0
    sheet_xml = members(path)["xl/worksheets/sheet1.xml"]
    assert re.search(rb'<drawing r:id="rId\d"/><tableParts', sheet_xml)
    assert re.sub(rb'<drawing r:id="rId\d"/>', b"", sheet_xml) == before["xl/worksheets/sheet1.xml"]


def test_lite_without_a_register_says_so_and_leaves_the_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "trống.xlsx"
    book = xlsxwriter.Workbook(path)
    book.add_worksheet("Sheet1").write(0, 0, "không phải sổ")
    book.close()
    before = path.read_bytes()
    assert main(["lite", str(path)]) == 2
    assert "Không tìm thấy danh sách theo dõi" in capsys.readouterr().err
    assert path.read_bytes() == before


# --- the written main.py, run as Lite runs it -------------------------------------------------


def load_main(source: str, tmp_path: Path) -> ModuleType:
    path = tmp_path / "main_lite.py"
    path.write_text(source, encoding="utf-8")
    module = ModuleType("main_lite")
    exec(compile(source, str(path), "exec"), module.__dict__)
    return module


def test_main_py_scripts_run_like_lite_and_queue_the_classic_actions(lite, open_book, tmp_path: Path) -> None:  # noqa: F811
    from xlwings import server

    book_path = tmp_path / "chi-bo-mau.xlsx"
    shutil.copy(SAMPLE, book_path)
    assert main(["lite", str(book_path)]) == 0
    module = load_main(properties(members(book_path))["main.py"], tmp_path)
    scripts = {s["function_name"]: s for s in server.custom_scripts_meta(module)}
    assert scripts["check"]["button"] == "[KiemTraHoSo]Hướng dẫn!E2" and scripts["check"]["name"] == "Kiểm tra hồ sơ"
    assert sorted(f["name"] for f in server.custom_functions_meta(module)["functions"]) == sorted(lite.UDF_NAMES)
    data = payload(book_path)
    for name in ("check", "refresh"):
        classic_book = open_book(data)
        getattr(buttons, name)()
        classic = classic_book.json()["actions"]
        book = open_book(copy.deepcopy(data))
        asyncio.run(server.custom_scripts_call(module, name, typehint_to_value={xw.Book: book}))
        ours = book.json()["actions"]
        assert ours[:-1] == classic and len(classic) > 100
        status = ours[-1]
        assert (status["func"], status["sheet_position"], status["start_row"], status["start_column"]) == \
            ("setValues", 0, 19, 4)  # 'Hướng dẫn'!E20
        assert status["values"][0][0].startswith("chibo: Đã ")



def test_a_status_line_on_the_register_sheet_changes_no_finding(tmp_path: Path, capsys) -> None:
    """Without `Hướng dẫn` the status cell sits on the register, past room for chibo's columns: what a click
    writes there is no column of the register and changes nothing chibo reads."""
    import openpyxl

    book = register_with_chart_and_table(tmp_path)
    assert main(["lite", str(book)]) == 0
    assert "STATUS = 'DSDV!K20'" in properties(members(book))["main.py"]
    plain = tmp_path / "plain" / book.name
    plain.parent.mkdir()
    shutil.copy(book, plain)
    wb = openpyxl.load_workbook(book)
    wb["DSDV"]["K20"] = "chibo: Đã kiểm tra hồ sơ (ngày tính 05/01/2026): 2 người trong sheet 'DSDV', 0 lỗi"
    wb.save(book)
    before, after = check_json(plain, capsys)["files"][0], check_json(book, capsys)["files"][0]
    for result in (before, after):
        del result["path"]
    assert after == before and before["findings"]


def test_requirement_may_be_the_wheel_url_the_dang_uy_serves(tmp_path: Path) -> None:
    out = tmp_path / "so.xlsx"
    url = "https://dangbo.example/chibo/chibo-0.1.0-py3-none-any.whl"
    assert main(["new", "--lite", "--output", str(out), "--requirement", url]) == 0
    assert properties(members(out))["requirements.txt"].splitlines()[-1] == url
