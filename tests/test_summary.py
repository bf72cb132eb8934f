"""The consolidated report: one line per cell, totals, chart, unreadable files."""
from __future__ import annotations

import openpyxl
from test_quota import AS_OF, CAL, PEOPLE, stories

from addin.reports.summary import FAILURES_SHEET, PIPELINE_STAGES, SUMMARY_SHEET, summarise, summary_book
from addin.rules.findings import Finding, Severity
from addin.rules.quota import YearTarget, quota_rows
from addin.rules.settings import Settings
from addin.rules.stages import Stage


def cell_summary(name: str, people=PEOPLE):
    settings = Settings()
    quota = quota_rows([YearTarget(2027, 4)], stories(settings, AS_OF, people), settings, CAL, AS_OF)
    error = Finding("AGE_MIN", Severity.ERROR, "Theo dõi", 3, "dob", "X", "m", "s")
    warning = Finding("DUPLICATE", Severity.WARNING, "Theo dõi", 4, None, "Y", "m", "s")
    return summarise(name, f"{name}.xlsx", quota[0], [error, warning, error])


def test_summarise():
    s = cell_summary("Chi bộ Văn phòng")
    assert (s.target, s.admitted, s.errors) == (4, 0, 2)
    assert dict(zip(PIPELINE_STAGES, s.pipeline)) == {Stage.SOURCE: 2, Stage.COURSE: 0, Stage.DOSSIER: 0,
                                                       Stage.CELL_VOTED: 1, Stage.COMMITTEE_REVIEWED: 1, Stage.DECIDED: 0}
    # the quota row of 2027, as `Chỉ tiêu` shows it: Giang's decision was due 28/10/2026, an overdue of 2026
    assert s.probationary == 1 and s.overdue == 0 and s.rate == 0


def test_summary_book(tmp_path):
    path = tmp_path / "tong_hop.xlsx"
    results = [cell_summary("Chi bộ Văn phòng"), cell_summary("Chi bộ Nghiệp vụ", PEOPLE[:2])]
    summary_book(results, [("hong.xlsx", "Tệp bị hỏng")], path)
    book = openpyxl.load_workbook(path)
    ws = book[SUMMARY_SHEET]
    header = [c.value for c in ws[3]]
    assert header[:6] == ["STT", "Chi bộ", "Tệp", "Chỉ tiêu", "Đã kết nạp", "Tỷ lệ đạt"]
    assert header[-4:] == ["Đang trong quy trình", "Đảng viên dự bị", "Quá hạn", "Số lỗi"]
    assert ws["B4"].value == "Chi bộ Văn phòng" and ws["B6"].value == "Tổng cộng"
    assert ws["D6"].value == "=SUM(D4:D5)"
    assert len(ws._charts) == 1
    assert [c.value for c in book[FAILURES_SHEET][2]] == [1, "hong.xlsx", "Tệp bị hỏng"]
