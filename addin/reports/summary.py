"""The consolidated report over many cells' workbooks (`chibo summary`, DESIGN §4).

The report's sheets are neutral `SheetUpdate`s written into a blank workbook by the package writer that a
refresh uses (`addin.files`): every text is written as text; only the totals are formulas, built here.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from addin.rules.findings import Finding, Severity
from addin.rules.quota import QuotaRow
from addin.rules.stages import Stage
from addin.workbook.outputs import LINE_HEIGHT, wrapped_lines
from addin.workbook.tables import column_letter
from addin.workbook.updates import FONT, BarChart, Block, Cell, CellStyle, Formula, PageSetup, SheetUpdate, Value

from .statistics import PersonFacts, statistics_update

PIPELINE_STAGES = tuple(s for s in Stage if s < Stage.PROBATIONARY)
SUMMARY_SHEET = "Tổng hợp"
FAILURES_SHEET = "Tệp không tính"
BASE = CellStyle(font_name=FONT, font_size=12, border=True, v_align="top", wrap=True)
HEAD = CellStyle(font_name=FONT, font_size=12, border=True, v_align="center", wrap=True, bold=True, h_align="center",
                 fill="#DDEBF7")
PERCENT = CellStyle(font_name=FONT, font_size=12, border=True, v_align="top", wrap=True, number_format="0%")
TOTAL = CellStyle(font_name=FONT, font_size=12, border=True, v_align="top", wrap=True, bold=True)
TOTAL_PERCENT = CellStyle(font_name=FONT, font_size=12, border=True, v_align="top", wrap=True, bold=True,
                          number_format="0%")
TITLE = CellStyle(font_name=FONT, font_size=14, bold=True)
HEADER_ROW = 3  # under the title and a blank row
MARGIN_MM = 15.24  # 0.6 inch on every side
CHART_TITLE = "Chỉ tiêu và kết quả kết nạp theo chi bộ"


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
    """Write the report into `path`: one line per cell with totals and a chart, `Thống kê`, and the files that
    could not be read (a new workbook; `chibo summary` saves it atomically through `addin.files.save`)."""
    from addin.files.blank import blank_workbook
    from addin.files.splice import write_updates

    year = results[0].year if results else None
    write_updates(blank_workbook(title=_title(year)), Path(path), summary_updates(results, failures))


def summary_updates(results: Sequence[CellSummary], failures: Sequence[tuple[str, str]]) -> list[SheetUpdate]:
    """The report's three sheets, in order: `Tổng hợp`, `Thống kê`, `Tệp không tính`."""
    year = results[0].year if results else None
    return [_summary_sheet(results, year), statistics_update(results, year), _failures_sheet(failures)]


def _summary_sheet(results: Sequence[CellSummary], year: int | None) -> SheetUpdate:
    top = HEADER_ROW
    rate_col = _HEADERS.index("Tỷ lệ đạt")
    rows: list[tuple[Cell, ...]] = [tuple(Cell(h, HEAD) for h in _HEADERS)]
    for i, s in enumerate(results, 1):
        rows.append(tuple(Cell(cast(Value, v), PERCENT if j == rate_col else BASE) for j, v in enumerate(_line(i, s))))
    first, last = top + 1, top + len(results)
    totals = top + len(results) + 1
    line: list[Cell] = [Cell(None), Cell("Tổng cộng", TOTAL), Cell(None)]
    for j in range(3, len(_HEADERS)):
        letter = column_letter(j + 1)
        if j == rate_col:
            target, admitted = sum(s.target or 0 for s in results), sum(s.admitted for s in results)
            line.append(Cell(Formula(f'IF(D{totals}=0,"",E{totals}/D{totals})', admitted / target if target else ""),
                             TOTAL_PERCENT))
            continue
        value = sum(cast(float, _line(0, s)[j] or 0) for s in results)
        line.append(Cell(Formula(f"SUM({letter}{first}:{letter}{last})", value), TOTAL))
    rows.append(tuple(line))
    name_width, path_width = _width([s.cell for s in results], 12, 32), _width([s.path for s in results], 10, 30)
    widths = {1: 5.0, 2: name_width, 3: path_width, **{c: 11.0 for c in range(4, len(_HEADERS) + 1)}}
    heights = {top: 45.0}
    for i, s in enumerate(results, 1):  # a client that keeps saved heights shows every wrapped line
        heights[top + i] = LINE_HEIGHT * max(wrapped_lines(s.cell, name_width), wrapped_lines(s.path, path_width))
    charts: tuple[BarChart, ...] = ()
    if results:
        charts = (BarChart(CHART_TITLE, header_row=top, first_row=first, last_row=last, category_column=2,
                           series_columns=(4, 5), anchor=f"B{totals + 2}",
                           value_unit=1, value_format="0"),)  # people: 0, 1, 2, never 0.5
    return SheetUpdate(
        sheet=SUMMARY_SHEET,
        blocks=(Block(1, 1, ((Cell(_title(year), TITLE),),)),
                Block(top, 1, tuple(rows))),
        column_widths=widths,
        row_heights=heights,
        freeze=f"C{top + 1}",
        page_setup=_landscape(top),
        charts=charts,
    )


def _title(year: int | None) -> str:
    return f"TỔNG HỢP CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN{f' NĂM {year}' if year else ''}"


def _failures_sheet(failures: Sequence[tuple[str, str]]) -> SheetUpdate:
    rows = [tuple(Cell(h, HEAD) for h in ("STT", "Tệp", "Lý do"))]
    rows += [(Cell(i, BASE), Cell(file, BASE), Cell(reason, BASE)) for i, (file, reason) in enumerate(failures, 1)]
    return SheetUpdate(sheet=FAILURES_SHEET, blocks=(Block(1, 1, tuple(rows)),),
                       column_widths={1: 5.0, 2: 40.0, 3: 90.0}, page_setup=_landscape(1))


def _width(texts: Sequence[str], least: float, most: float) -> float:
    """A text column's width from its longest value, between `least` and `most` (longer values wrap)."""
    return min(max([least, *(len(t) + 2 for t in texts)]), most)


def _landscape(header_row: int) -> PageSetup:
    """A4 landscape, fitted to the page width, the header row repeated on every page."""
    return PageSetup(landscape=True, margins_mm=(MARGIN_MM,) * 4, fit_to_width=True,
                     title_rows=(header_row, header_row))
