"""`chibo summary` over 200 small cell workbooks, timed against reading them alone (ratio).

Runs the command's own path: each file read through the fast path and evaluated
(`addin.files.jobs.summarise_file`), then the report written (`summary_book`)."""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import xlsxwriter

from addin.files.jobs import run_batch, summarise_file
from addin.files.reader import read_grids
from addin.reports.summary import summary_book

CELLS = 200
PEOPLE = 25
AS_OF = dt.date(2027, 6, 30)
HEADERS = ("STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn", "Đảng viên giúp đỡ", "Ngày cấp GCN lớp nhận thức",
           "Ngày chi bộ xét kết nạp", "Ngày quyết định kết nạp", "Ngày lễ kết nạp", "Dự kiến kết nạp")


def build(folder: Path, index: int) -> Path:
    path = folder / f"chi_bo_{index:03d}.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Theo dõi")
    sheet.write_row(0, 0, HEADERS)
    for i in range(PEOPLE):
        base = dt.date(2026, 1, 5) + dt.timedelta(days=(i * 17 + index) % 300)
        steps = [base + dt.timedelta(days=60 * k) for k in range(i % 6)]
        row = [i + 1, f"Người {index}-{i}", "01/02/1995", base.strftime("%d/%m/%Y"), "Trần B" if i % 2 else ""]
        row += [d.strftime("%d/%m/%Y") for d in steps[1:5]] + [""] * (4 - len(steps[1:5])) + ["9/2027"]
        sheet.write_row(i + 1, 0, row)
    settings = book.add_worksheet("Cài đặt")
    settings.write_row(0, 0, ("Mục", "Giá trị"))
    settings.write_row(1, 0, ("Tên chi bộ", f"Chi bộ số {index}"))
    quota = book.add_worksheet("Chỉ tiêu")
    quota.write_row(0, 0, ("Năm", "Chỉ tiêu được giao"))
    quota.write_row(1, 0, (2027, 3 + index % 3))
    book.close()
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [build(folder, i) for i in range(CELLS)]
        start = time.perf_counter()
        for path in paths:
            read_grids(path)
        reading = time.perf_counter() - start
        for jobs in (1, 2):
            start = time.perf_counter()
            results = list(run_batch(summarise_file, paths, jobs=jobs, as_of=AS_OF, year=2027))
            assert all(r.ok for r in results), [r.error for r in results if not r.ok]
            summary_book([r.summary for r in results], [], folder / "tong_hop.xlsx")
            full = time.perf_counter() - start
            print(f"{CELLS} workbooks x {PEOPLE} people: reading alone {reading:.2f} s, "
                  f"`chibo summary --jobs {jobs}` path {full:.2f} s, ratio {full / reading:.1f}x")


if __name__ == "__main__":
    main()
