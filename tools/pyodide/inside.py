"""Runs inside Pyodide (run.mjs): a Lite workbook's main.py on a payload, as xlwings Lite runs a click.

Reads /work/input.json ({"main_py", "payload", "scripts", "repeat", "functions"}) and writes /work/out.json:
each script's queued actions and status line, the DV_ functions' answers, the .ics written to /data, and timings.
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
main = types.ModuleType("main")
exec(compile(inputs["main_py"], "main.py", "exec"), main.__dict__)
timings = dict(node_timings)  # noqa: F821  (set by run.mjs)
timings["import_main"] = round(time.perf_counter() - started, 3)
timings["python"] = sys.version.split()[0]


async def click(name: str) -> list[dict]:
    book = xw.Book(json=copy.deepcopy(inputs["payload"]))
    await server.custom_scripts_call(main, name, typehint_to_value={xw.Book: book})
    return book.json()["actions"]


async def run() -> dict:
    scripts = {}
    for name in inputs["scripts"]:
        start = time.perf_counter()
        scripts[name] = await click(name)
        clicks = [round(time.perf_counter() - start, 3)]
        for _ in range(inputs["repeat"]):
            start = time.perf_counter()
            again = await click(name)
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


result = await run()  # noqa: F704  (run.mjs hands this file to runPythonAsync, which allows a top-level await)
json.dump(result, open("/work/out.json", "w", encoding="utf-8"), ensure_ascii=False)
