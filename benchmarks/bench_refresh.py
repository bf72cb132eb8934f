"""Refresh and check against bare openpyxl on the same files, in one process (issues 3 and 6).

Prints ratios: refresh vs openpyxl load+save (aim ≤ 1.3), check vs openpyxl load (aim ≤ 0.3),
`--jobs 2` vs `--jobs 1` over 200 small workbooks (aim ≥ 1.7× faster), and the peak memory of
a refresh vs an openpyxl load+save (each in a fresh subprocess).

    python benchmarks/bench_refresh.py [--candidates 3000] [--files 200]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from workbook_builders import CANDIDATES, write_register_book

from addin.files.jobs import check_file, refresh_file, run_batch
from addin.workbook.run import PARTS

AS_OF = dt.date(2025, 1, 15)


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


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_kib(code: str) -> int:
    """Peak resident memory (KiB) of a fresh Python running `code`.

    The high-water mark is reset first (Linux /proc/self/clear_refs): a forked child starts
    with its parent's, which would hide the difference between the two runs.
    """
    script = ("open('/proc/self/clear_refs', 'w').write('5')\n" + code +
              "\nprint(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=3000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="chibo-bench-"))
    try:
        source = big_register(work / "lon.xlsx", args.candidates)
        target = work / "lam-moi.xlsx"

        def bare_load_save() -> None:
            openpyxl.load_workbook(source).save(work / "bare.xlsx")

        def our_refresh(parts=PARTS) -> None:
            shutil.copy(source, target)
            result = refresh_file(target, as_of=AS_OF, parts=parts)
            assert result.ok, result.error

        def bare_load() -> None:
            openpyxl.load_workbook(source)

        def our_check() -> None:
            assert check_file(source, as_of=AS_OF).ok

        t_bare_ls = best_of(args.repeat, bare_load_save)
        t_refresh = best_of(args.repeat, our_refresh)
        t_refresh_check = best_of(args.repeat, lambda: our_refresh(("check",)))
        t_bare_load = best_of(args.repeat, bare_load)
        t_check = best_of(args.repeat, our_check)
        print(f"{args.candidates} candidates: openpyxl load+save {t_bare_ls:.2f}s, refresh {t_refresh:.2f}s "
              f"-> ratio {t_refresh / t_bare_ls:.2f} (aim <= 1.3)")
        print(f"{args.candidates} candidates: refresh of the check part only (register columns + Kiểm tra) "
              f"{t_refresh_check:.2f}s -> ratio {t_refresh_check / t_bare_ls:.2f}")
        print(f"{args.candidates} candidates: openpyxl load {t_bare_load:.2f}s, check {t_check:.2f}s "
              f"-> ratio {t_check / t_bare_load:.2f} (aim <= 0.3)")

        small = work / "nho"
        small.mkdir()
        for i in range(args.files):
            write_register_book(small / f"chi-bo-{i:03d}.xlsx")
        files = sorted(small.glob("*.xlsx"))

        def batch(job, jobs: int, **options) -> float:
            start = time.perf_counter()
            results = list(run_batch(job, files, jobs=jobs, as_of=AS_OF, **options))
            assert all(r.ok for r in results)
            return time.perf_counter() - start

        t1, t2 = batch(check_file, 1), batch(check_file, 2)
        print(f"{args.files} small workbooks, check: --jobs 1 {t1:.2f}s, --jobs 2 {t2:.2f}s "
              f"-> {t1 / t2:.2f}x faster (aim >= 1.7)")
        r1, r2 = batch(refresh_file, 1, output=work / "out1"), batch(refresh_file, 2, output=work / "out2")
        print(f"{args.files} small workbooks, refresh: --jobs 1 {r1:.2f}s, --jobs 2 {r2:.2f}s "
              f"-> {r1 / r2:.2f}x faster (aim >= 1.7)")

        peak_bare = peak_kib(f"import openpyxl; openpyxl.load_workbook({str(source)!r}).save({str(work / 'm.xlsx')!r})")
        shutil.copy(source, target)
        peak_ours = peak_kib(
            "import datetime as dt; from addin.files.jobs import refresh_file; "
            f"assert refresh_file(__import__('pathlib').Path({str(target)!r}), as_of=dt.date(2025, 1, 15)).ok")
        print(f"peak memory: openpyxl load+save {peak_bare / 1024:.0f} MiB, refresh {peak_ours / 1024:.0f} MiB "
              f"-> ratio {peak_ours / peak_bare:.2f}")
        print(json.dumps({"refresh_vs_load_save": round(t_refresh / t_bare_ls, 3),
                          "check_vs_load": round(t_check / t_bare_load, 3),
                          "refresh_check_part_vs_load_save": round(t_refresh_check / t_bare_ls, 3),
                          "jobs2_speedup_check": round(t1 / t2, 3), "jobs2_speedup_refresh": round(r1 / r2, 3),
                          "peak_memory_ratio": round(peak_ours / peak_bare, 3)}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
