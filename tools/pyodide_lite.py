"""Run chibo's xlwings Lite scripts on the real runtime: Pyodide for Node, wheels installed from local files.

    python tools/pyodide_lite.py [--cache DIR] [--repeat N] [--work DIR]

Installs the npm package `pyodide` (the 0.27 line xlwings Lite runs, Python 3.12) into a cache folder,
downloads with pip the pure wheels a Lite workbook installs (its requirements.txt: chibo's core and
xlwings), builds chibo's wheel (`pip wheel --no-deps`), and runs tools/pyodide/run.mjs: the `main.py`
that `chibo lite` writes into the sample, each script clicked on the sample's payload, the DV_ functions
on the cases of tests/lite_cases.json. Writes WORK/out.json (queued actions, answers, timings) and prints
the timings. tests/test_pyodide.py compares the output with CPython's.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYODIDE = "0.27.7"  # npm package; its lock names Python 3.12.7 and the pyodide_2024_0 platform
PLATFORMS = ("pyodide_2024_0_wasm32", "emscripten_3_1_58_wasm32", "any")
# What Lite installs for chibo: the core's dependencies (pyproject) with their own, the .ics's, and micropip.
WHEELS = ("xlwings==0.37.8", "holidays>=0.109,<1", "python-dateutil>=2.8,<3", "six", "viparse==0.1.31",
          "icalendar>=6,<8", "tzdata", "typing-extensions", "micropip==0.9.0", "packaging==24.2")
SCRIPTS = ("check", "quota", "plan", "refresh", "dossiers", "calendar")
DEFAULT_CACHE = Path.home() / ".cache" / "chibo-pyodide"


def pyodide_dir(cache: Path) -> Path:
    """node_modules/pyodide of the npm package, installed into `cache` once."""
    folder = cache / "node_modules" / "pyodide"
    if not (folder / "package.json").exists() or json.loads((folder / "package.json").read_text())["version"] != PYODIDE:
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(cache),
                        f"pyodide@{PYODIDE}"], check=True)
    return folder


def wheels(cache: Path, work: Path) -> Path:
    """The wheels into `work`/wheels: the dependencies (downloaded once into the cache) and chibo's, built now."""
    downloaded = cache / f"wheels-{PYODIDE}"
    if not downloaded.is_dir() or len(list(downloaded.glob("*.whl"))) < len(WHEELS):
        command = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                   "--only-binary=:all:", "--python-version", "3.12", "--implementation", "cp", "-d", str(downloaded)]
        for platform in PLATFORMS:
            command += ["--platform", platform]
        subprocess.run([*command, *WHEELS], check=True, capture_output=True)
    target = work / "wheels"
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


def run(work: Path, cache: Path = DEFAULT_CACHE, repeat: int = 3) -> dict:
    """Everything above; returns out.json's content (with the driver's own timings added)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from excel_payload import payload

    started = time.perf_counter()
    folder = pyodide_dir(cache)
    wheel_dir = wheels(cache, work)
    prepare_micropip(folder, wheel_dir)
    book, main_py = lite_sample(work)
    cases = json.loads((ROOT / "tests" / "lite_cases.json").read_text("utf-8"))
    inputs = {"main_py": main_py, "payload": payload(book), "scripts": list(SCRIPTS), "repeat": repeat,
              "functions": [[name, args] for name, args, _ in cases]}
    (work / "input.json").write_text(json.dumps(inputs, ensure_ascii=False), "utf-8")
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    done = subprocess.run(["node", str(ROOT / "tools" / "pyodide" / "run.mjs"), str(folder), str(wheel_dir), str(work)],
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"Pyodide run failed:\n{done.stdout}\n{done.stderr}")
    out = json.loads((work / "out.json").read_text("utf-8"))
    out["timings"]["node_process"] = round(time.perf_counter() - started, 3)
    out["timings"]["prepare"] = round(prepared, 3)
    out["stdout"] = done.stdout
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
    print(json.dumps(out["timings"], indent=1))
    print(f"out: {work / 'out.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
