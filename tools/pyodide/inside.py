"""Runs inside Pyodide (run.mjs): a Lite workbook's main.py on a payload, as xlwings Lite runs a click.

Reads /work/input.json ({"main_py", "payload", "scripts", "repeat", "functions"}) and writes /work/out.json:
each script's queued actions and status line, the DV_ functions' answers, the .ics written to /data, and timings.
With {"refresh": NAME, "as_of"} instead: `refresh_file` of /work/NAME, copied out as /work/pyodide.xlsx.
Not imported by chibo: run.mjs runs it with `node_timings` set.
"""
import copy
import json
import os
import sys
import time
import types

started = time.perf_counter()
import xlwings as xw  # noqa: E402
from xlwings import server  # noqa: E402

inputs = json.load(open("/work/input.json", encoding="utf-8"))
timings = dict(node_timings)  # noqa: F821  (set by run.mjs)
timings["python"] = sys.version.split()[0]


def refresh(name: str, as_of: str) -> dict:
    """`refresh_file` of /work/NAME into Pyodide's own file system (MEMFS /tmp), copied out as /work/pyodide.xlsx."""
    import datetime as dt
    import shutil
    from pathlib import Path

    from addin.files.jobs import refresh_file

    start = time.perf_counter()
    Path("/tmp/in").mkdir(exist_ok=True)
    source = Path("/tmp/in") / name
    shutil.copy(f"/work/{name}", source)
    result = refresh_file(source, as_of=dt.date.fromisoformat(as_of), output=Path("/tmp/out"))
    timings["refresh_file"] = round(time.perf_counter() - start, 3)
    shutil.copy(result.written, "/work/pyodide.xlsx")
    return {"ok": result.ok, "error": result.error, "written": result.written,
            "errors": result.count("error"), "warnings": result.count("warning"), "timings": timings}


async def click(main: types.ModuleType, name: str) -> list[dict]:
    book = xw.Book(json=copy.deepcopy(inputs["payload"]))
    await server.custom_scripts_call(main, name, typehint_to_value={xw.Book: book})
    return book.json()["actions"]


async def run() -> dict:
    main = types.ModuleType("main")
    exec(compile(inputs["main_py"], "main.py", "exec"), main.__dict__)
    timings["import_main"] = round(time.perf_counter() - started, 3)
    scripts = {}
    for name in inputs["scripts"]:
        start = time.perf_counter()
        scripts[name] = await click(main, name)
        clicks = [round(time.perf_counter() - start, 3)]
        for _ in range(inputs["repeat"]):
            start = time.perf_counter()
            again = await click(main, name)
            clicks.append(round(time.perf_counter() - start, 3))
            assert again == scripts[name], f"{name}: a second click queued other actions"
        timings[f"click_{name}"] = clicks
    functions = []
    for name, args in inputs["functions"]:
        data = {"func_name": name, "args": args, "version": xw.__version__, "client": "Office.js",
                "culture_info_name": "vi-VN", "date_format": "dd/mm/yyyy", "runtime": "1.4"}
        functions.append(await server.custom_functions_call(data, main))
    meta = server.custom_scripts_meta(main)
    ics = sorted(p for p in os.listdir("/data") if p.endswith(".ics"))
    return {
        "scripts": scripts,
        "functions": functions,
        "script_buttons": {m["function_name"]: m["button"] for m in meta},
        "function_names": sorted(f["name"] for f in server.custom_functions_meta(main)["functions"]),
        "ics": {name: open(f"/data/{name}", encoding="utf-8").read() for name in ics},
        "timings": timings,
    }


if "refresh" in inputs:
    result = refresh(inputs["refresh"], inputs["as_of"])
else:
    result = await run()  # noqa: F704  (run.mjs hands this file to runPythonAsync, which allows a top-level await)
json.dump(result, open("/work/out.json", "w", encoding="utf-8"), ensure_ascii=False)
