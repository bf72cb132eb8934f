"""`chibo refresh` and `chibo check` against bare openpyxl on the same files, as whole processes (issue 11).

chibo's modules are compiled to bytecode first, as pip does when it installs a package (openpyxl's are).
Prints, in one run, the ratio of each chibo command to its openpyxl baseline (a fresh Python that
loads and saves, or only loads, the same file), both timed as whole processes, best of `--repeat`:
- refresh of the sample workbook vs openpyxl load+save of it (aim <= 1.0);
- refresh of `--files` small workbooks with `--jobs 1`, per file, vs openpyxl load+save of each (aim <= 1.0);
- refresh of a `--candidates`-person register vs openpyxl load+save of it (aim <= 1.3);
- check of that register vs an openpyxl load of it (aim <= 0.3);
then the peak memory of a refresh against an openpyxl load+save of the register.

    python benchmarks/bench_refresh.py [--candidates 3000] [--files 200] [--repeat 3]
"""
from __future__ import annotations

import argparse
import compileall
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from workbook_builders import CANDIDATES, write_register_book  # noqa: E402

SAMPLE = ROOT / "workbooks" / "chi-bo-mau.xlsx"
AS_OF = "15/01/2025"
LOAD_SAVE = "import openpyxl, sys\nfor p in sys.argv[1:]:\n    openpyxl.load_workbook(p).save(p + '.bare.xlsx')"
LOAD = "import openpyxl, sys\nfor p in sys.argv[1:]:\n    openpyxl.load_workbook(p)"


def big_register(path: Path, n: int) -> Path:
    """A register of `n` candidates cycling through realistic rows, with unique names."""
    rng = random.Random(7)
    rows = []
    for i in range(n):
        base = list(CANDIDATES[i % len(CANDIDATES)])
        base[0] = i + 1
        base[1] = f"Nguyễn Văn {rng.choice('ABCDEGHKLMNPQSTV')}{i}"
        rows.append(tuple(base))
    return write_register_book(path, rows)


def run(args: list[str]) -> float:
    """Seconds one process takes (exit code 0 or 1: chibo's findings are no failure)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(done.stderr[-2000:])
    return elapsed


def best(repeat: int, prepare, args: list[str]) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        times.append(run(args))
    return min(times)


def fresh_copies(sources: list[Path], folder: Path) -> list[Path]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return [Path(shutil.copy(s, folder / s.name)) for s in sources]


def compare(label: str, repeat: int, sources: list[Path], folder: Path, chibo: list[str], baseline: str,
            aim: str, per: int = 1) -> tuple[float, float]:
    """Time `chibo` (on fresh copies in `folder`) against the openpyxl `baseline` on the same sources."""
    copies = [folder / s.name for s in sources]
    ours = best(repeat, lambda: fresh_copies(sources, folder), ["-m", "addin", *chibo, *map(str, copies)])
    bare = best(repeat, lambda: fresh_copies(sources, folder), ["-c", baseline, *map(str, copies)])
    unit = " per file" if per > 1 else ""
    print(f"{label}: openpyxl {bare / per * 1000:.0f} ms{unit}, chibo {ours / per * 1000:.0f} ms{unit} "
          f"-> ratio {ours / bare:.2f} ({aim})")
    return ours, bare


def peak_kib(args: list[str]) -> int:
    """Peak resident memory (KiB) of a fresh process (GNU time's maximum resident set size)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, *args], capture_output=True, text=True,
                         cwd=ROOT)
    return int(out.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=3000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    # Both sides run from bytecode, as installed: pip compiled openpyxl when it installed it; an editable checkout
    # (and a machine with PYTHONDONTWRITEBYTECODE set) would otherwise recompile chibo's sources in every process.
    compileall.compile_dir(ROOT / "addin", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="chibo-bench-"))
    try:
        refresh = ["refresh", "--as-of", AS_OF, "--jobs", "1"]
        check = ["check", "--as-of", AS_OF]
        ours, bare = compare("sample workbook, refresh vs load+save", args.repeat, [SAMPLE], work / "sample",
                             refresh, LOAD_SAVE, "aim <= 1.0")
        figures = {"sample_refresh": ours / bare}
        small = work / "small"
        small.mkdir()
        sources = [write_register_book(small / f"chi-bo-{i:03d}.xlsx") for i in range(args.files)]
        ours, bare = compare(f"{args.files} small workbooks --jobs 1, refresh vs load+save", args.repeat, sources,
                             work / "small-run", refresh, LOAD_SAVE, "aim <= 1.0", per=args.files)
        figures["small_refresh"] = ours / bare
        copies = [str(work / "small-run" / s.name) for s in sources]
        parallel = best(args.repeat, lambda: fresh_copies(sources, work / "small-run"),
                        ["-m", "addin", "refresh", "--as-of", AS_OF, "--jobs", "2", *copies])
        print(f"{args.files} small workbooks, refresh --jobs 2 {parallel:.2f}s vs --jobs 1 {ours:.2f}s "
              f"-> {ours / parallel:.2f}x faster")
        figures["jobs2_speedup"] = ours / parallel
        register = big_register(work / "lon.xlsx", args.candidates)
        ours, bare = compare(f"{args.candidates} candidates, refresh vs load+save", args.repeat, [register],
                             work / "big", refresh, LOAD_SAVE, "aim <= 1.3")
        figures["register_refresh"] = ours / bare
        ours, bare = compare(f"{args.candidates} candidates, check vs load", args.repeat, [register], work / "big",
                             check, LOAD, "aim <= 0.3")
        figures["register_check"] = ours / bare
        if Path("/usr/bin/time").exists():
            [copy] = fresh_copies([register], work / "mem")
            bare = peak_kib(["-c", LOAD_SAVE, str(copy)])
            ours = peak_kib(["-m", "addin", *refresh, str(copy)])
            print(f"peak memory: openpyxl load+save {bare / 1024:.0f} MiB, refresh {ours / 1024:.0f} MiB "
                  f"-> ratio {ours / bare:.2f}")
            figures["peak_memory"] = ours / bare
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
