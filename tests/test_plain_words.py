"""What a person reads shows no codes and no internal words (issue 17 §1): rule ids stay in `--json` and in the last,
narrow column of `Kiểm tra` headed for what it is; `Cài đặt` notes, `Hướng dẫn` and `Căn cứ` are plain Vietnamese."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from workbook_builders import write_register_book

from addin.files.jobs import refresh_file
from addin.rules.catalogue import rules
from addin.rules.findings import Finding, Severity
from addin.workbook.outputs import check_summary

SAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx"
AS_OF = dt.date(2026, 11, 15)
RULE_IDS = re.compile(r"\b(" + "|".join(map(re.escape, sorted(rules(), key=len, reverse=True))) + r")\b")
FINDINGS_HEADER = ["STT", "Mức độ", "Sheet", "Ô", "Họ và tên", "Nội dung", "Căn cứ", "Mã quy tắc (cho kỹ thuật)"]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    """The sample refreshed on 15/11/2026 into a new folder, read back with openpyxl."""
    out = tmp_path_factory.mktemp("ra")
    result = refresh_file(SAMPLE, as_of=AS_OF, output=out)
    assert result.ok, result.error
    return openpyxl.load_workbook(out / SAMPLE.name)


def _column(sheet, header: str) -> list[object]:
    """The values under `header` (found in the first rows) down to the sheet's last row."""
    for row in sheet.iter_rows(max_row=10):
        for cell in row:
            if cell.value == header:
                return [sheet.cell(r, cell.column).value for r in range(cell.row + 1, sheet.max_row + 1)]
    raise AssertionError(f"no column {header!r} in sheet {sheet.title!r}")


def test_register_check_result_is_a_sentence_without_the_rule_id(refreshed: Workbook) -> None:
    results = [v for v in _column(refreshed["Theo dõi"], "Kết quả kiểm tra") if v]
    assert "1 lỗi: Quá hạn: tổ chức lễ kết nạp chậm nhất ngày 01/10/2026, đến ngày 15/11/2026 đã quá 31 ngày làm " \
           "việc. Phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý." in results  # Vi Văn Sơn
    assert "1 cảnh báo: Ngày sinh chỉ có 1999: kiểm tra tuổi dùng cách tính bất lợi nhất; hãy ghi đủ " \
           "ngày/tháng/năm." in results
    assert [v for v in results if RULE_IDS.search(str(v)) or "[" in str(v)] == []


def test_check_summary_counts_and_the_first_message_only() -> None:
    found = [Finding("CEREMONY_30WD", Severity.ERROR, "Theo dõi", 9, "ceremony", "Vi Văn Sơn", "Quá hạn.", "QĐ 208"),
             Finding("DATE_PARTIAL", Severity.WARNING, "Theo dõi", 9, "dob", "Vi Văn Sơn", "Ngày sinh chỉ có năm.", "")]
    assert check_summary(found)[0] == "1 lỗi, 1 cảnh báo: Quá hạn."


def test_findings_sheet_keeps_the_rule_id_last_and_narrow(refreshed: Workbook) -> None:
    sheet = refreshed["Kiểm tra"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert list(rows[0]) == FINDINGS_HEADER
    assert rows[1] == (1, "Lỗi", "Theo dõi", "AK9", "Vi Văn Sơn",
                       "Quá hạn: tổ chức lễ kết nạp chậm nhất ngày 01/10/2026, đến ngày 15/11/2026 đã quá 31 ngày "
                       "làm việc. Phải báo cáo và được cấp ủy cấp trên trực tiếp đồng ý.",
                       "QĐ 208-QĐ/TW ngày 26/7/2026", "CEREMONY_30WD")
    assert sheet.column_dimensions["H"].width <= 16 < sheet.column_dimensions["F"].width
    assert [r[:7] for r in rows[1:] if any(RULE_IDS.search(str(v)) for v in r[:7] if v)] == []
    assert all(RULE_IDS.fullmatch(r[7]) for r in rows[1:])


def test_data_checks_cite_no_document(refreshed: Workbook) -> None:
    """A data check (here the partial birth date) is chibo's own: its `Căn cứ` is empty, not 'chibo: …'."""
    rows = list(refreshed["Kiểm tra"].iter_rows(min_row=5, values_only=True))
    partial = [r for r in rows if r[7] == "DATE_PARTIAL"]
    assert len(partial) == 1 and partial[0][6] is None
    assert [r for r in rows if "chibo" in str(r[6])] == []


def test_nothing_a_person_reads_shows_a_code_or_an_internal_word(refreshed: Workbook) -> None:
    """Every visible sheet, except the rule-id column of `Kiểm tra` and the plan's text values in `Cài đặt`
    (templates the plan fills in), holds no rule id, no {placeholder}, no 'README', no 'chibo: …' source."""
    shown = []
    for sheet in refreshed.worksheets:
        if sheet.sheet_state != "visible":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if sheet.title == "Kiểm tra" and cell.column_letter == "H":
                    continue
                if sheet.title == "Cài đặt" and cell.column_letter == "B":
                    continue
                text = str(cell.value or "")
                if RULE_IDS.search(text) or re.search(r"\{\w+\}", text) or "README" in text or "chibo:" in text:
                    shown.append((sheet.title, cell.coordinate, text[:80]))
    assert shown == []


def test_settings_notes_of_the_sample(refreshed: Workbook) -> None:
    notes = dict(zip(_column(refreshed["Cài đặt"], "Mục"), _column(refreshed["Cài đặt"], "Ghi chú"), strict=True))
    assert notes["Giá trị GCN lớp nhận thức về Đảng (tháng)"] == \
        "Giấy chứng nhận lớp nhận thức còn giá trị (60 tháng) vào ngày chi bộ xét."
    assert notes["Kế hoạch: quyết định kết nạp sau đảng ủy xét (ngày làm việc)"] == \
        "Thời gian thường gặp; tối đa 60 ngày làm việc từ nghị quyết chi bộ. Chi bộ xác nhận với đảng ủy cấp trên."
    assert notes["Kế hoạch: trích yếu"] == ("Văn bản mặc định, chi bộ sửa được; chỗ [năm kế hoạch] được thay bằng năm "
                                           "của kế hoạch")
    assert notes["Lịch điện thoại: nhắc trước (ngày làm việc)"] == \
        "Lời nhắc của tệp lịch điện thoại (.ics), trước mỗi hạn và mỗi bước kế hoạch"


def test_guide_of_the_sample_sends_nobody_to_the_readme(refreshed: Workbook) -> None:
    texts = [c.value for row in refreshed["Hướng dẫn"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Các việc chibo làm: trong sổ .xlsm tạo bằng lệnh 'chibo new' mỗi việc là một nút bấm; với tệp này, người " \
           "cài chibo chạy lệnh 'chibo refresh' (cập nhật sổ) và 'chibo hoso' (soạn bản thảo hồ sơ)." in texts


def test_new_workbook_settings_notes_are_plain(tmp_path: Path) -> None:
    from addin.excel.template import build_template

    build_template(tmp_path / "So.xlsm", 2027)
    sheet = openpyxl.load_workbook(tmp_path / "So.xlsm")["Cài đặt"]
    notes = dict(zip(_column(sheet, "Mục"), _column(sheet, "Giải thích"), strict=True))
    assert notes["Giá trị GCN lớp nhận thức về Đảng (tháng)"] == \
        "Mặc định: 60. Giấy chứng nhận lớp nhận thức còn giá trị (60 tháng) vào ngày chi bộ xét."
    assert notes["Kế hoạch: tổ chức lễ kết nạp sau khi nhận quyết định (ngày làm việc)"] == \
        "Mặc định: 10. Thời gian thường gặp; tối đa 30 ngày làm việc từ ngày nhận quyết định. Chi bộ xác nhận với " \
        "đảng ủy cấp trên."
    assert [n for n in notes.values() if n and (RULE_IDS.search(n) or re.search(r"\{\w+\}", n))] == []
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "So.xlsm")["Kiểm tra"][4]] == FINDINGS_HEADER  # `chibo new`


def test_json_keeps_the_rule_ids(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(SAMPLE), "--as-of", "15/11/2026", "--json"],
                         capture_output=True, text=True)
    rules_found = {f["rule"] for f in json.loads(run.stdout)["files"][0]["findings"]}
    assert {"CEREMONY_30WD", "VOTE_RECOG", "DATE_PARTIAL"} <= rules_found


def test_a_findings_sheet_of_an_earlier_chibo_is_still_chibo_s(tmp_path: Path) -> None:
    """A `Kiểm tra` written before the rule id moved last is replaced, not refused as the user's."""
    book = write_register_book(tmp_path / "so.xlsx")
    wb = openpyxl.load_workbook(book)
    old = wb.create_sheet("Kiểm tra")
    old.append(["STT", "Mức độ", "Mã", "Sheet", "Ô", "Họ và tên", "Nội dung", "Căn cứ"])
    old.append([1, "Lỗi", "COURSE_NT_VALID", "Theo dõi", "M4", "Nguyễn Văn An", "GCN hết giá trị.", "QĐ 24"])
    wb.save(book)
    result = refresh_file(book, as_of=dt.date(2025, 1, 15))
    assert result.ok, result.error
    assert [c.value for c in openpyxl.load_workbook(book)["Kiểm tra"][4]] == FINDINGS_HEADER
