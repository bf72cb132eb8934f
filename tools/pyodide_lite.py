"""Run chibo's xlwings Lite scripts on the real runtime: Pyodide for Node, wheels installed from local files.

    python tools/pyodide_lite.py [--cache DIR] [--repeat N] [--work DIR]

Installs the npm package `pyodide` (the 0.27 line xlwings Lite runs, Python 3.12) into a cache folder,
downloads with pip the pure wheels a Lite workbook installs (its requirements.txt: chibo's core and
xlwings), builds chibo's wheel (`pip wheel --no-deps`), and runs tools/pyodide/run.mjs: the `main.py`
that `chibo lite` writes into the sample, each script clicked on the sample's payload, the DV_ functions
on the cases of tests/lite_cases.json. Then, on Pyodide 314 (the first line with a python-calamine
wheel), `refresh_file` of the sample into Pyodide's file system. Writes WORK/out.json (queued actions,
answers, timings) and WORK/refresh/pyodide.xlsx, and prints the timings. tests/test_pyodide.py compares
both with CPython's.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LITE_LINE = "0.27.7"  # the npm package of the line xlwings Lite runs: Python 3.12, platform pyodide_2024_0
FILES_LINE = "314.0.8"  # Python 3.14: the first line python-calamine ships a wheel for (the file front)


@dataclass(frozen=True)
class Runtime:
    version: str
    python: str
    platforms: tuple[str, ...]
    wheels: tuple[str, ...]  # micropip and packaging at the versions of the lock, then the packages


CORE = ("xlwings==0.37.8", "viparse==0.1.31")
RUNTIMES = {
    # What a Lite workbook installs for chibo: the core, with the .ics's icalendar.
    LITE_LINE: Runtime(LITE_LINE, "3.12", ("pyodide_2024_0_wasm32", "emscripten_3_1_58_wasm32", "any"),
                       ("micropip==0.9.0", "packaging==24.2", *CORE, "icalendar>=6,<8", "python-dateutil>=2.8,<3", "six",
                        "tzdata", "typing-extensions")),
    # The file front (`refresh_file`): the core and the `files` extra but openpyxl (read only as a fallback).
    FILES_LINE: Runtime(FILES_LINE, "3.14", ("pyemscripten_2026_0_wasm32", "emscripten_5_0_3_wasm32", "any"),
                        ("micropip==0.11.1", "packaging==26.1", *CORE, "python-calamine>=0.3,<1", "defusedxml>=0.7,<1",
                         "olefile>=0.46,<1", "filelock>=3.12,<4")),
}
AS_OF = "2026-01-05"  # the refresh's reference date, on both sides
SCRIPTS = ("check", "quota", "plan", "refresh", "dossiers", "calendar")
DEFAULT_CACHE = Path.home() / ".cache" / "chibo-pyodide"


def pyodide_dir(cache: Path, runtime: Runtime) -> Path:
    """node_modules/pyodide of the npm package, installed into the cache once."""
    prefix = cache / runtime.version
    folder = prefix / "node_modules" / "pyodide"
    if not (folder / "package.json").exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
                        f"pyodide@{runtime.version}"], check=True)
    return folder


def wheels(cache: Path, runtime: Runtime, target: Path) -> Path:
    """The wheels into `target`: the dependencies (downloaded once into the cache) and chibo's, built now."""
    downloaded = cache / runtime.version / "wheels"
    if not downloaded.is_dir() or len(list(downloaded.glob("*.whl"))) < len(runtime.wheels):
        command = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                   "--only-binary=:all:", "--python-version", runtime.python, "--implementation", "cp",
                   "-d", str(downloaded)]
        for platform in runtime.platforms:
            command += ["--platform", platform]
        subprocess.run([*command, *runtime.wheels], check=True, capture_output=True)
    target.mkdir(parents=True, exist_ok=True)
    for wheel in downloaded.glob("*.whl"):
        shutil.copy(wheel, target)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps",
                    "-w", str(target), str(ROOT)], check=True, capture_output=True)
    return target


def prepare_micropip(folder: Path, wheel_dir: Path) -> None:
    """Pyodide's npm package has no package wheels: micropip and packaging go in under the lock's file names."""
    lock = json.loads((folder / "pyodide-lock.json").read_text())["packages"]
    for name in ("micropip", "packaging"):
        wanted = folder / lock[name]["file_name"]
        if not wanted.exists():
            shutil.copy(next(wheel_dir.glob(f"{name}-*.whl")), wanted)


def lite_sample(work: Path) -> tuple[Path, str]:
    """A copy of the sample with chibo's Lite parts (`chibo lite`), and the main.py written into it."""
    from addin.cli import main

    book = work / "chi-bo-mau.xlsx"
    shutil.copy(ROOT / "workbooks" / "chi-bo-mau.xlsx", book)
    if main(["lite", str(book)]) != 0:
        raise SystemExit("chibo lite failed on the sample")
    with zipfile.ZipFile(book) as archive:
        xml = archive.read("xl/webextensions/webextension1.xml").decode()
    import xml.etree.ElementTree as ET

    ns = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"
    found = {p.get("name"): json.loads(p.get("value") or "") for p in ET.fromstring(xml).iter(f"{ns}property")}
    return book, found["main.py"]


def _node(folder: Path, wheel_dir: Path, work: Path, inputs: dict) -> dict:
    (work / "input.json").write_text(json.dumps(inputs, ensure_ascii=False), "utf-8")
    started = time.perf_counter()
    done = subprocess.run(["node", str(ROOT / "tools" / "pyodide" / "run.mjs"), str(folder), str(wheel_dir), str(work)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"Pyodide run failed:\n{done.stdout}\n{done.stderr[-5000:]}")
    out = json.loads((work / "out.json").read_text("utf-8"))
    out["timings"]["node_process"] = round(time.perf_counter() - started, 3)
    return out


def run(work: Path, cache: Path = DEFAULT_CACHE, repeat: int = 3) -> dict:
    """Everything above: the Lite scripts and DV_ functions on the Lite line (out.json's content, with the driver's
    own timings), and under "refresh" a `refresh_file` of the sample on the file line, written into Pyodide's
    file system and copied out to WORK/refresh/pyodide.xlsx."""
    sys.path.insert(0, str(ROOT / "tests"))
    from excel_payload import payload

    started = time.perf_counter()
    lite, files = RUNTIMES[LITE_LINE], RUNTIMES[FILES_LINE]
    folder = pyodide_dir(cache, lite)
    wheel_dir = wheels(cache, lite, work / "wheels")
    prepare_micropip(folder, wheel_dir)
    book, main_py = lite_sample(work)
    cases = json.loads((ROOT / "tests" / "lite_cases.json").read_text("utf-8"))
    inputs = {"main_py": main_py, "payload": payload(book), "scripts": list(SCRIPTS), "repeat": repeat,
              "functions": [[name, args] for name, args, _ in cases]}
    prepared = time.perf_counter() - started
    out = _node(folder, wheel_dir, work, inputs)
    out["timings"]["prepare"] = round(prepared, 3)

    refresh = work / "refresh"
    refresh.mkdir(exist_ok=True)
    shutil.copy(ROOT / "workbooks" / "chi-bo-mau.xlsx", refresh / "chi-bo-mau.xlsx")
    folder = pyodide_dir(cache, files)
    wheel_dir = wheels(cache, files, refresh / "wheels")
    prepare_micropip(folder, wheel_dir)
    out["refresh"] = _node(folder, wheel_dir, refresh, {"refresh": "chi-bo-mau.xlsx", "as_of": AS_OF})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--repeat", type=int, default=3, help="clicks after the first, to time warm clicks")
    parser.add_argument("--work", type=Path, default=None, help="folder for the inputs and out.json (default: temporary)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="chibo-pyodide-"))
    work.mkdir(parents=True, exist_ok=True)
    out = run(work, args.cache, args.repeat)
    print(json.dumps({"lite": out["timings"], "refresh": out["refresh"]["timings"]}, indent=1))
    print(f"out: {work / 'out.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
