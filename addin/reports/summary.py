"""The consolidated report over many cells' workbooks (`chibo summary`, DESIGN §4), written with XlsxWriter."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from addin.rules.findings import Finding, Severity
from addin.rules.quota import QuotaRow
from addin.rules.stages import Stage
from addin.workbook.outputs import LINE_HEIGHT, wrapped_lines

from .statistics import PersonFacts, write_statistics

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

PIPELINE_STAGES = tuple(s for s in Stage if s < Stage.PROBATIONARY)
SUMMARY_SHEET = "Tổng hợp"
FAILURES_SHEET = "Tệp không tính"
FONT = "Times New Roman"


@dataclass(frozen=True)
class CellSummary:
    """One cell's line of the report."""

    cell: str
    path: str
    year: int
    target: int | None
    admitted: int
    pipeline: tuple[int, ...]  # people per stage of PIPELINE_STAGES
    probationary: int
    overdue: int
    errors: int
    people: tuple[PersonFacts, ...] = field(default=(), compare=False)  # for the `Thống kê` sheet

    @property
    def rate(self) -> float | None:
        return self.admitted / self.target if self.target else None


def summarise(cell: str, path: str, row: QuotaRow, findings: Iterable[Finding],
              people: tuple[PersonFacts, ...] = ()) -> CellSummary:
    """A cell's line for the year of `row`, the quota row `Chỉ tiêu` shows for that year (the same counts)."""
    by_stage = dict(row.pipeline)
    return CellSummary(
        cell=cell,
        path=path,
        year=row.year,
        target=row.target,
        admitted=row.admitted,
        pipeline=tuple(by_stage.get(s, 0) for s in PIPELINE_STAGES),
        probationary=row.probationary,
        overdue=row.overdue,
        errors=sum(1 for f in findings if f.severity is Severity.ERROR),
        people=people,
    )


_HEADERS = ("STT", "Chi bộ", "Tệp", "Chỉ tiêu", "Đã kết nạp", "Tỷ lệ đạt",
            *(s.label for s in PIPELINE_STAGES), "Đang trong quy trình", "Đảng viên dự bị", "Quá hạn", "Số lỗi")


def _line(number: int, s: CellSummary) -> list[object]:
    return [number, s.cell, s.path, s.target, s.admitted, s.rate, *s.pipeline, sum(s.pipeline),
            s.probationary, s.overdue, s.errors]


def summary_book(results: Sequence[CellSummary], failures: Sequence[tuple[str, str]], path: str | Path) -> None:
    """Write the report: one line per cell with totals and a chart, and the files that could not be read."""
    import xlsxwriter  # only `chibo summary` writes a new workbook

    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})  # text stays text
    base = {"font_name": FONT, "font_size": 12, "border": 1, "valign": "top", "text_wrap": True}
    head = book.add_format({**base, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#DDEBF7"})
    cell = book.add_format(base)
    percent = book.add_format({**base, "num_format": "0%"})
    total = book.add_format({**base, "bold": True})
    total_percent = book.add_format({**base, "bold": True, "num_format": "0%"})
    title = book.add_format({"font_name": FONT, "font_size": 14, "bold": True})
    year = results[0].year if results else None

    sheet = book.add_worksheet(SUMMARY_SHEET)
    sheet.write(0, 0, f"TỔNG HỢP CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN{f' NĂM {year}' if year else ''}", title)
    sheet.write_row(2, 0, _HEADERS, head)
    rate_col = _HEADERS.index("Tỷ lệ đạt")
    for i, s in enumerate(results, 1):
        for j, value in enumerate(_line(i, s)):
            sheet.write(2 + i, j, value, percent if j == rate_col else cell)
    last = 2 + len(results)
    totals_row = last + 1
    sheet.write(totals_row, 1, "Tổng cộng", total)
    for j in range(3, len(_HEADERS)):
        if j == rate_col:
            target, admitted = sum(s.target or 0 for s in results), sum(s.admitted for s in results)
            sheet.write_formula(totals_row, j, f"=IF(D{totals_row + 1}=0,\"\",E{totals_row + 1}/D{totals_row + 1})",
                                total_percent, admitted / target if target else "")
            continue
        column = xlsxwriter.utility.xl_col_to_name(j)
        value = sum(cast(float, _line(0, s)[j] or 0) for s in results)
        sheet.write_formula(totals_row, j, f"=SUM({column}4:{column}{last + 1})", total, value)
    name_width, path_width = _width([s.cell for s in results], 12, 32), _width([s.path for s in results], 10, 30)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, name_width)
    sheet.set_column(2, 2, path_width)
    for i, s in enumerate(results, 1):  # XlsxWriter does not fit row heights to wrapped text
        sheet.set_row(2 + i, LINE_HEIGHT * max(wrapped_lines(s.cell, name_width), wrapped_lines(s.path, path_width)))
    sheet.set_column(3, len(_HEADERS) - 1, 11)
    sheet.set_row(2, 45)
    sheet.freeze_panes(3, 2)
    _print_landscape(sheet, header_row=2)
    if results:
        chart = book.add_chart({"type": "column"})
        for column, name in ((3, "Chỉ tiêu"), (4, "Đã kết nạp")):
            chart.add_series({"name": name, "categories": [SUMMARY_SHEET, 3, 1, last, 1],
                              "values": [SUMMARY_SHEET, 3, column, last, column]})
        chart.set_title({"name": "Chỉ tiêu và kết quả kết nạp theo chi bộ"})
        sheet.insert_chart(totals_row + 2, 1, chart, {"x_scale": 1.5, "y_scale": 1.2})

    write_statistics(book, results, year)

    failed = book.add_worksheet(FAILURES_SHEET)
    failed.write_row(0, 0, ("STT", "Tệp", "Lý do"), head)
    for i, (file, reason) in enumerate(failures, 1):
        failed.write_row(i, 0, (i, file, reason), cell)
    failed.set_column(0, 0, 5)
    failed.set_column(1, 1, 40)
    failed.set_column(2, 2, 90)
    _print_landscape(failed, header_row=0)
    book.close()


def _width(texts: Sequence[str], least: float, most: float) -> float:
    """A text column's width from its longest value, between `least` and `most` (longer values wrap)."""
    return min(max([least, *(len(t) + 2 for t in texts)]), most)


def _print_landscape(sheet: Worksheet, header_row: int) -> None:
    """A4 landscape, fitted to the page width, the header row repeated on every page."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.set_margins(left=0.6, right=0.6, top=0.6, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
