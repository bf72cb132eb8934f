"""`chibo summary` over 200 small cell workbooks, timed against reading them alone (ratio)."""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import xlsxwriter

from addin.files.reader import read_grids
from addin.rules.calendar import WorkCalendar
from addin.rules.checks import Context, check_register
from addin.rules.quota import quota_rows
from addin.rules.records import read_candidate
from addin.rules.settings import Settings
from addin.rules.stages import progress
from addin.workbook.quota_sheet import read_targets
from addin.workbook.schema import QUOTA, REGISTER
from addin.workbook.summary import summarise, summary_book
from addin.workbook.tables import read_table

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


def summarise_file(path: Path, calendar: WorkCalendar):
    grids = read_grids(path)
    settings = Settings(cell_name=f"{path.stem}")
    register = read_table("Theo dõi", grids["Theo dõi"], REGISTER)
    candidates = [read_candidate("Theo dõi", r.row, r.values)[0] for r in register.rows]
    found = {c.row: progress(c, settings, calendar, AS_OF) for c in candidates}
    targets = read_targets(read_table("Chỉ tiêu", grids["Chỉ tiêu"], QUOTA))
    quota = quota_rows(targets, candidates, found, settings, calendar, AS_OF)
    findings = check_register(candidates, Context(settings, calendar, AS_OF, members_present=False))
    return summarise(settings.cell_name, str(path), 2027, quota, found.values(), findings)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = [build(folder, i) for i in range(CELLS)]
        calendar = WorkCalendar()
        start = time.perf_counter()
        for path in paths:
            read_grids(path)
        reading = time.perf_counter() - start
        start = time.perf_counter()
        results = [summarise_file(path, calendar) for path in paths]
        summary_book(results, [], folder / "tong_hop.xlsx")
        full = time.perf_counter() - start
    print(f"{CELLS} workbooks x {PEOPLE} people: reading alone {reading:.2f} s, "
          f"summary {full:.2f} s, ratio {full / reading:.1f}x")


if __name__ == "__main__":
    main()
