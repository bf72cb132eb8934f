"""Real registers (issue 9 §2–§6): found by content, read with the right people and fields, refreshed
without touching a user cell, reported in `--json`."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import registers
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from addin.files.jobs import check_file, refresh_file
from addin.files.reader import read_grids
from addin.rules.stages import Status
from addin.rules.timeline import When
from addin.rules.values import Education
from addin.workbook.book import BookInput, read_book
from addin.workbook.run import evaluate
from addin.workbook.schema import REGISTER
from addin.workbook.tables import header_keys, read_table

AS_OF = dt.date(2026, 1, 15)
D = dt.date


def book(path: Path):
    return read_book(BookInput(read_grids(path)))


def rules_by_row(result) -> set[tuple[str, int | None]]:
    return {(f["rule"], f["row"]) for f in result.findings}


# --- reading each layout ----------------------------------------------------------------------


def test_party_members_list_two_row_header_split_birth_dates_numbering_and_footnotes(tmp_path: Path) -> None:
    data = book(registers.party_members(tmp_path))
    table = data.register
    assert (table.sheet, table.header_top, table.header_row) == ("DSDV", 4, 5)
    assert table.columns == {"stt": 1, "name": 2, "dob": 3, "decision_date": 6, "recognition_date": 7,
                             "unit": 8, "notes": 9}
    assert table.headers["dob"] == "Ngày sinh / Nam, Nữ"
    assert table.headers["decision_date"] == "Ngày kết nạp"
    assert table.extra_headers == {5: "Quê quán"}
    assert table.last_column == 9
    # Numbering row, footnote, "T/M CHI BỘ", "BÍ THƯ" and the signature name are no people.
    assert [(c.row, c.name) for c in data.candidates] == [
        (7, "Nguyễn Văn Hùng"), (8, "Lê Thị Mai"), (9, "Trần Văn Nam"), (10, "Phạm Thị Hoa")]
    assert table.skipped == 5
    assert [(c.dob, c.gender) for c in data.candidates] == [
        (D(1958, 4, 12), "Nam"), (D(1988, 9, 2), "Nữ"), (D(1990, 1, 15), "Nam"), (D(1999, 11, 20), "Nữ")]
    assert [(c.decision_date, c.recognition_date) for c in data.candidates] == [
        (D(1985, 5, 19), D(1986, 5, 19)), (D(2012, 3, 3), D(2013, 3, 3)), (D(2019, 6, 10), D(2020, 6, 10)),
        (D(2025, 8, 20), None)]
    assert data.candidates[3].unit == "Bí thư chi đoàn" and data.candidates[3].notes == "Dự bị"


def test_youth_union_list_three_row_header_marked_levels_and_split_names(tmp_path: Path) -> None:
    data = book(registers.youth_union(tmp_path))
    table = data.register
    assert (table.sheet, table.header_top, table.header_row) == ("Sheet1", 3, 5)
    assert table.columns == {"stt": 1, "name": 2, "dob": 4, "gender": 5, "education": 6, "youth_member": 11,
                             "unit": 12, "course_date": 13}
    assert table.headers["name"] == "Họ đệm + Tên"
    assert table.headers["education"] == "Trình độ / Học vấn / THCS, THPT"
    assert table.headers["dob"] == "Ngày, tháng,\n năm sinh"
    people = data.candidates
    assert [(c.row, c.name) for c in people] == [
        (7, "Nguyễn Thị Lan"), (8, "Trần Văn Bình"), (9, "Lê Hoàng Phúc"), (10, "Võ Minh Tâm")]
    assert table.skipped == 4  # the numbering row "1 … 9 11 …", the footnote, "Người lập biểu", the signature
    assert [c.dob for c in people] == [D(2003, 5, 12), D(2001, 7, 30), D(2008, 2, 14), D(2016, 6, 1)]
    assert [c.education for c in people] == [Education.UPPER_SECONDARY, Education.LOWER_SECONDARY,
                                             Education.UPPER_SECONDARY, None]
    assert [c.education_text for c in people] == ["THPT", "THCS", "THPT", ""]
    assert [c.youth_member for c in people] == [False, True, True, False]  # a date in `Ngày vào đoàn` is yes
    assert people[1].course_date == D(2025, 10, 10)


def test_import_template_with_required_marks_and_hints(tmp_path: Path) -> None:
    data = book(registers.import_template(tmp_path))
    table = data.register
    assert (table.sheet, table.header_top, table.header_row, table.skipped) == ("QLHS ĐẢNG VIÊN", 2, 2, 1)
    assert table.headers == {
        "stt": "STT", "name": "Họ và tên (*)", "gender": "Giới tính *", "dob": "Ngày sinh*\n(dd/mm/yyyy)",
        "ethnicity": "Dân tộc", "religion": "Tôn giáo", "education": "Trình độ học vấn, học vị, học hàm",
        "decision_date": "Ngày vào Đảng (*)", "recognition_date": "Ngày chính thức", "unit": "Chi bộ (*)"}
    first, second = data.candidates
    assert (first.name, first.dob, first.decision_date, first.recognition_date) == (
        "Đỗ Văn Khánh", D(1985, 2, 3), D(2010, 6, 15), D(2011, 6, 15))
    assert (second.name, second.dob, second.decision_date, second.recognition_date) == (
        "Hà Thị Yến", D(1995, 11, 21), D(2024, 10, 20), None)
    assert (first.education, second.education) == (Education.UNIVERSITY, Education.COLLEGE)
    assert first.unit == "Chi bộ Thôn Đông" and first.ethnicity == "Kinh"


def test_candidates_two_aliases_the_better_wins_and_a_data_cell_is_no_header(tmp_path: Path) -> None:
    data = book(registers.candidates(tmp_path))
    table = data.register
    assert (table.sheet, table.header_top, table.header_row) == ("danh sach", 1, 1)  # row 2's "Đoàn viên" is data
    assert table.columns["name"] == 3 and table.columns["unit"] == 6
    assert table.extra_headers == {2: "Họ và tên khai sinh", 5: "Đơn vị"}
    assert [(c.row, c.name, c.unit, c.youth_member) for c in data.candidates] == [
        (2, "Nguyễn Văn Tú", "Đoàn viên", True), (3, "Bùi Thị Hằng", "Giáo viên", True)]
    assert data.candidates[1].cell_vote_date == D(2025, 12, 20) and data.candidates[1].cell_vote_yes == 9


def test_two_sheets_that_tie_are_refused_with_the_candidates(tmp_path: Path) -> None:
    result = check_file(registers.tied_sheets(tmp_path), as_of=AS_OF)
    assert not result.ok and result.exit_code == 2
    assert "'Sheet1', 'Sheet2'" in result.error and "mục 'Sheet theo dõi'" in result.error


def test_a_settings_item_pins_the_register(tmp_path: Path) -> None:
    data = book(registers.tied_sheets(tmp_path, pin="sheet2"))
    assert data.register.sheet == "Sheet2"
    assert [(c.name, c.dob) for c in data.candidates] == [("Đặng Thị Hai", D(1997, 2, 2))]
    missing = check_file(registers.tied_sheets(tmp_path, name="sai.xlsx", pin="Sheet9"), as_of=AS_OF)
    assert not missing.ok and "dòng 2" in missing.error and "'Sheet9'" in missing.error


def test_unknown_headers_mapped_in_settings_by_text_and_by_letter(tmp_path: Path) -> None:
    refused = check_file(registers.mapped_columns(tmp_path), as_of=AS_OF)
    assert not refused.ok and "Không tìm thấy danh sách theo dõi" in refused.error
    path = registers.mapped_columns(tmp_path, "có ánh xạ.xlsx", {"Cột Ngày sinh": "ns", "Cột Ngày vào Đảng": "D"})
    data = book(path)
    assert data.register.sheet == "Tke Ds Dang Vien (BM2)"
    assert data.register.headers["dob"] == "NS" and data.register.headers["decision_date"] == "Ngày vào Đ"
    assert [(c.name, c.dob, c.decision_date) for c in data.candidates] == [
        ("Vũ Văn Ba", D(1980, 8, 8), D(2005, 9, 2)), ("Mai Thị Bốn", D(1992, 4, 4), D(2020, 1, 6))]
    wrong = check_file(registers.mapped_columns(tmp_path, "sai.xlsx", {"Cột Quê quán": "E"}), as_of=AS_OF)
    assert not wrong.ok and "'Cột Quê quán'" in wrong.error and "dòng 2" in wrong.error


# --- an absent column is unknown, not "no" (§5) and impossible ages (§6) ----------------------------


def test_a_members_list_is_judged_only_on_what_its_columns_tell(tmp_path: Path) -> None:
    result = check_file(registers.party_members(tmp_path), as_of=AS_OF)
    assert result.ok
    # No CEREMONY_30WD for the probationary member, no YOUTH_DV for the 26-year-old, no AGE_MAX for the
    # member born in 1958: the list has no ceremony, Youth Union or vote column.
    assert [f["rule"] for f in result.findings] == ["COLUMNS_MISSING"]
    note = result.findings[0]
    assert note["severity"] == "info" and note["sheet"] == "DSDV" and note["row"] is None
    assert "CEREMONY_30WD (thiếu Ngày lễ kết nạp)" in note["message"]
    assert "YOUTH_DV (thiếu Đoàn viên)" in note["message"]
    assert "AGE_MIN, AGE_MAX, AGE_OVER60, INTRO_OFFICIAL (với người đã vào Đảng, thiếu Ngày chi bộ xét kết nạp)" \
        in note["message"]


def test_the_same_rules_fire_once_the_columns_exist(tmp_path: Path) -> None:
    """The positive control: a ceremony column left empty is a missing ceremony."""
    grids = read_grids(registers.party_members(tmp_path))
    grid = [list(row) + [None] * (10 - len(row)) for row in grids["DSDV"]]
    grid[3][9] = "Ngày lễ kết nạp"
    result = evaluate(BookInput({"DSDV": grid}), as_of=AS_OF)
    late = [f for f in result.findings if f.rule == "CEREMONY_30WD"]
    assert (10, "Phạm Thị Hoa") in [(f.row, f.person) for f in late]
    assert "CEREMONY_30WD" not in next(f for f in result.findings if f.rule == "COLUMNS_MISSING").message


def test_youth_union_list_checks_what_it_has_and_flags_an_impossible_age(tmp_path: Path) -> None:
    result = check_file(registers.youth_union(tmp_path), as_of=AS_OF)
    found = rules_by_row(result)
    assert ("YOUTH_DV", 7) in found  # the column exists and Lan's cell is empty
    assert ("YOUTH_DV", 8) not in found and ("YOUTH_DV", 9) not in found
    implausible = [f for f in result.findings if f["rule"] == "AGE_IMPLAUSIBLE"]
    assert [(f["row"], f["column"], f["severity"]) for f in implausible] == [(10, "D", "error")]
    assert "01/06/2016" in implausible[0]["message"] and "9 tuổi" in implausible[0]["message"]


# --- refresh never touches a user cell ----------------------------------------------------------


def snapshot(path: Path) -> dict[str, tuple[dict[str, object], set[str]]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: ({c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
                       {str(m) for m in ws.merged_cells.ranges}) for ws in wb.worksheets}


def column_of(coordinate: str) -> int:
    return column_index_from_string(coordinate_from_string(coordinate)[0])


REFRESHED = {  # builder → (register sheet, its last user column, the owned `Giai đoạn` header cell)
    "party_members": ("DSDV", 9, "J5"),
    "youth_union": ("Sheet1", 13, "N5"),
    "import_template": ("QLHS ĐẢNG VIÊN", 11, "L2"),
    "candidates": ("danh sach", 13, "N1"),
}


@pytest.mark.parametrize("layout", sorted(REFRESHED))
def test_refresh_keeps_every_user_cell_and_merge(tmp_path: Path, layout: str) -> None:
    path = registers.BUILDERS[layout](tmp_path)
    sheet, last_user_column, stage_cell = REFRESHED[layout]
    before = snapshot(path)
    for _ in range(2):  # a second run reuses the owned columns and still touches nothing of the user's
        result = refresh_file(path, as_of=AS_OF)
        assert result.ok, result.error
        after = snapshot(path)
        for title, (cells, merges) in before.items():
            now, now_merges = after[title]
            assert {k: now.get(k) for k in cells} == cells, title
            assert merges <= now_merges, title
        register_cells, _ = after[sheet]
        added = set(register_cells) - set(before[sheet][0])
        assert added and min(map(column_of, added)) == last_user_column + 1  # only right of the table
        assert register_cells[stage_cell] == "Giai đoạn"


def test_refresh_of_a_mapped_and_a_pinned_register(tmp_path: Path) -> None:
    for path, sheet, cell in ((registers.mapped_columns(tmp_path, "a.xlsx", {"Cột Ngày sinh": "NS", "Cột Ngày vào Đảng": "D"}),
                               "Tke Ds Dang Vien (BM2)", "F1"),
                              (registers.tied_sheets(tmp_path, "b.xlsx", pin="Sheet2"), "Sheet2", "E1")):
        before = snapshot(path)
        result = refresh_file(path, as_of=AS_OF)
        assert result.ok and result.sheet == sheet, result.error
        after = snapshot(path)
        for title, (cells, _) in before.items():
            assert {k: after[title][0].get(k) for k in cells} == cells
        assert after[sheet][0][cell] == "Giai đoạn"
    assert "Giai đoạn" not in snapshot(tmp_path / "b.xlsx")["Sheet1"][0].values()  # the other sheet is untouched


# --- what a batch reports, and what it leaves behind ------------------------------------------------


def test_json_says_which_sheet_rows_and_columns_were_read(tmp_path: Path) -> None:
    folder = tmp_path / "hồ sơ"
    folder.mkdir()
    registers.party_members(folder)
    registers.youth_union(folder)
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(folder), "--json", "--as-of", "15/01/2026"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert run.returncode == 1, run.stderr  # the youth list has errors
    files = {Path(f["path"]).name: f for f in json.loads(run.stdout)["files"]}
    members = files["danh sách đảng viên.xlsx"]
    assert members["sheet"] == "DSDV" and members["rows"]["read"] == 4
    assert members["rows"]["found"] == 4 and members["rows"]["skipped"] == 5
    assert [r["row"] for r in members["rows"]["skipped_rows"]] == [6, 12] and members["rows"]["after_end"] == 3
    assert members["columns"] == {"stt": "STT", "name": "Họ và tên", "dob": "Ngày sinh / Nam, Nữ",
                                  "decision_date": "Ngày kết nạp", "recognition_date": "Ngày chính thức",
                                  "unit": "Chức vụ", "notes": "Ghi chú"}
    assert members["not_carried"] == []
    youth = files["đoàn viên ưu tú.xlsx"]
    assert youth["sheet"] == "Sheet1" and (youth["rows"]["read"], youth["rows"]["skipped"]) == (4, 4)
    assert youth["columns"]["youth_member"] == "Ngày vào đoàn"


def test_no_lock_file_is_left_beside_the_workbook_or_in_the_output_folder(tmp_path: Path) -> None:
    path = registers.candidates(tmp_path)
    assert refresh_file(path, as_of=AS_OF).ok
    assert [p.name for p in tmp_path.rglob("*.lock")] == []
    assert [p.suffix for p in (tmp_path / ".chibo-backup").iterdir()] == [".xlsx"]
    out = tmp_path / "bản mới"
    assert refresh_file(path, as_of=AS_OF, output=out).ok
    assert sorted(p.name for p in out.iterdir()) == ["quần chúng.xlsx"]  # no .chibo-backup, no .lock


def test_a_narrow_terminal_wraps_file_names_instead_of_cutting_them(tmp_path: Path) -> None:
    long_name = "danh-sach-dang-vien-chi-bo-thon-dong-xa-hoa-binh-nam-2026.xlsx"
    registers.party_members(tmp_path, long_name)
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(tmp_path / long_name), "--as-of", "15/01/2026"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "60"})
    assert run.returncode == 0, run.stderr
    first_column = "".join(line.split("│")[1].strip() for line in run.stdout.splitlines()
                           if line.count("│") >= 3 and "Tệp" not in line)
    assert long_name in first_column and "…" not in run.stdout.split("Tệp")[1]


# --- header reading in grids ------------------------------------------------------------------------


def test_header_matching_ignores_punctuation_marks_and_column_numbers() -> None:
    assert header_keys("Ngày, tháng,\n năm sinh")[-1] == "ngay thang nam sinh"
    assert header_keys("Họ và tên (2)")[-1] == "ho va ten"
    assert header_keys("Giới tính *")[-1] == "gioi tinh"
    grid = [["TT (1)", "Họ và tên\n(2)", "Ngày, tháng,\n năm sinh (3)"], [1, "An", "01/02/2000"]]
    assert read_table("x", grid, REGISTER).columns == {"stt": 1, "name": 2, "dob": 3}


def test_group_header_over_probation_and_official_reads_as_the_pair() -> None:
    grid = [["Họ và tên", "Ngày sinh", "Ngày vào Đảng", None],
            [None, None, "Dự bị", "Chính thức"],
            ["An", "01/02/1990", "02/09/2015", "02/09/2016"]]
    table = read_table("x", grid, REGISTER)
    assert (table.header_top, table.header_row) == (1, 2)
    assert table.columns == {"name": 1, "dob": 2, "decision_date": 3, "recognition_date": 4}
    assert table.rows[0].values["recognition_date"] == "02/09/2016"


def test_numbering_rows_with_typos_titles_and_footnotes_are_no_people() -> None:
    grid = [
        ["DANH SÁCH", None, None],
        ["STT", "Họ và tên", "Ngày sinh"],
        ["(1)", "(2)", "3)"],
        [1, "Nguyễn Văn An", "01/02/2000"],
        [None, "I. CHI BỘ THÔN TÂY", None],
        [2, "Lê Thị Bình", None],
        [None, "Chi bộ 2", None],
        [None, None, None],
        [1, 2, 4],
        ["Cộng: 02 người", None, None],
        [None, "Trần Văn Chủ", None],
    ]
    table = read_table("x", grid, REGISTER)
    assert (table.header_top, table.header_row) == (2, 2)
    assert [(r.row, r.values["name"]) for r in table.rows] == [(4, "Nguyễn Văn An"), (6, "Lê Thị Bình")]
    assert table.skipped == 6  # "(1) (2) 3)", two section titles, "1 2 4", the total, the name below it


def test_readme_documents_the_fields_their_accepted_headers_and_the_settings_items() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    for column in REGISTER.columns:
        assert f"| `{column.key}` | `{column.header}` |" in readme, column.key
        for alias in column.aliases:
            assert f"`{alias}`" in readme, alias
    for item in ("`Sheet theo dõi`", "`Sheet đảng viên`", "`Cột <trường>`", "`Cột Ngày sinh` = `NS`"):
        assert item in readme, item


def test_a_deadline_resting_on_an_absent_column_is_unknown_not_overdue(tmp_path: Path) -> None:
    path = registers.party_members(tmp_path)
    assert refresh_file(path, as_of=AS_OF).ok
    ws = openpyxl.load_workbook(path)["DSDV"]
    assert [ws.cell(5, c).value for c in range(10, 14)] == ["Giai đoạn", "Kết quả kiểm tra", "Việc tiếp theo", "Hạn"]
    assert [ws.cell(r, 10).value for r in range(7, 11)] == ["Đảng viên chính thức"] * 3 + ["Đã có quyết định"]
    assert ws.cell(10, 12).value == "Tổ chức lễ kết nạp đảng viên (chưa rõ: danh sách không có cột Ngày lễ kết nạp)"
    # `Hạn` is the deadline of the step `Việc tiếp theo` names: CEREMONY_30WD, 30 working days from the decision
    # of Wednesday 20/08/2025 (01–02/09/2025 off) = Friday 03/10/2025 — shown, but not as overdue: the register
    # cannot say whether the ceremony was held.
    assert [ws.cell(r, 13).value for r in range(7, 11)] == [None] * 3 + [dt.datetime(2025, 10, 3)]
    due = ws.cell(10, 13)
    assert not due.font.bold and due.fill.fgColor.rgb != "FFFFC7CE"  # the overdue look is bold on red
    t = evaluate(BookInput(read_grids(path)), as_of=AS_OF).timelines[10]
    assert (t.next.key, t.next.when, t.next.deadline_rule) == ("ceremony", When.UNKNOWN, "CEREMONY_30WD")
    assert t.status is Status.NONE  # neither overdue nor "due soon": the register cannot tell
    # the positive control: with the ceremony column, left empty, the same ceremony is overdue
    grid = [list(row) + [None] * (10 - len(row)) for row in read_grids(registers.party_members(tmp_path, "b.xlsx"))["DSDV"]]
    grid[3][9] = "Ngày lễ kết nạp"
    known = evaluate(BookInput({"DSDV": grid}), as_of=AS_OF).timelines[10]
    assert (known.next.when, known.next.deadline, known.status) == (When.OVERDUE, dt.date(2025, 10, 3), Status.OVERDUE)


def test_a_members_list_under_another_name_is_found_by_its_header(tmp_path: Path) -> None:
    path = registers.register_with_members_list(tmp_path)
    data = book(path)
    assert data.register.sheet == "Theo dõi" and data.sheets["members"] == "DSDV"
    assert [m.name for m in data.members] == ["Nguyễn Văn Hùng", "Lê Thị Mai", "Trần Văn Nam", "Phạm Thị Hoa"]
    assert [(m.admitted, m.official) for m in data.members][2] == (D(2019, 6, 10), D(2020, 6, 10))
    unknown = [f for f in check_file(path, as_of=AS_OF).findings if f["rule"] == "INTRO_UNKNOWN"]
    assert [(f["row"], f["person"]) for f in unknown] == [(3, "Tô Thị Bảy")]  # "Hồ Văn Không" is no member


def test_the_plan_schedules_no_overdue_step_a_register_cannot_record(tmp_path: Path) -> None:
    path = registers.party_members(tmp_path)
    assert refresh_file(path, as_of=AS_OF, year=2026).ok
    plan = openpyxl.load_workbook(path)["Kế hoạch 2026"]
    rows = [[str(c.value) for c in row if c.value is not None] for row in plan.iter_rows()]
    hoa = [r for r in rows if "Phạm Thị Hoa" in r]
    # no ceremony column: her ceremony is neither overdue nor given a month, and nothing is dated from it
    assert not [r for r in hoa if any("quá hạn" in v.lower() or v.startswith("Tháng") for v in r)]
    assert not any("đảng viên mới" in v for r in hoa for v in r)
    t = evaluate(BookInput(read_grids(path)), as_of=AS_OF).timelines[10]
    assert (t.step("ceremony").when, t.step("ceremony").day) == (When.UNKNOWN, None)
    course = t.step("new_member_course")
    assert (course.when, course.day, course.reason) == (When.AFTER, None, "sau khi tổ chức lễ kết nạp")
