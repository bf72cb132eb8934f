"""Real registers, round three (issue 18): every person read, nothing else read as one, headers as
programs write them, no refusal where nothing would be overwritten. Workbooks are built in
`tests/registers.py`; the expected people and fields are literals."""
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
import xlsxwriter

from addin.files.jobs import check_file, refresh_file
from addin.files.reader import read_csv, read_grids, read_sheets
from addin.rules.values import Education, PartialDate
from addin.workbook.book import BookInput, Contender, RegisterChoice, read_book
from addin.workbook.schema import REGISTER
from addin.workbook.tables import header_fields, header_keys, read_table

AS_OF = dt.date(2026, 1, 15)
D = dt.date


def book(path: Path):
    return read_book(BookInput(read_grids(path)))


def snapshot(path: Path) -> dict[str, tuple[dict[str, object], set[str]]]:
    """Every sheet's non-empty cells and merged ranges, as openpyxl reads them."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: ({c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None},
                       {str(m) for m in ws.merged_cells.ranges}) for ws in wb.worksheets}


# --- §1 every person is read --------------------------------------------------------------------


def test_numbered_people_in_capitals_are_read_and_a_title_in_capitals_is_not(tmp_path: Path) -> None:
    data = book(registers.numbered_capitals(tmp_path))
    table = data.register
    assert [(c.row, c.name, c.dob) for c in data.candidates] == [
        (4, "Nguyễn Văn An", D(1995, 2, 1)), (5, "Trần Thị Bình", D(1998, 7, 14)), (8, "LÊ VĂN CƯỜNG", None),
        (11, "VƯƠNG THỊ KIM NGÂN", D(1996, 4, 1))]
    assert table.found == 5  # the four people and STT 4, whose name is empty
    assert table.skipped_rows == (
        (7, "tiêu đề mục hoặc dòng chữ, không phải họ tên người"),
        (9, "có số thứ tự và dữ liệu nhưng ô họ tên để trống"),
        (12, "chú thích, dòng tổng cộng hoặc chữ ký: hết danh sách"),
    )
    assert table.end == (12, "chú thích, dòng tổng cộng hoặc chữ ký: hết danh sách")
    assert (table.after_end, table.skipped) == (2, 5)  # "NGƯỜI LẬP BIỂU" and the signer below the end


def test_json_and_the_result_table_count_person_rows_found_and_read_and_name_skipped_rows(tmp_path: Path) -> None:
    path = registers.numbered_capitals(tmp_path)
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(path), "--json", "--as-of", "15/01/2026"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    rows = json.loads(run.stdout)["files"][0]["rows"]
    assert (rows["found"], rows["read"], rows["skipped"], rows["after_end"]) == (5, 4, 5, 2)
    assert [r["row"] for r in rows["skipped_rows"]] == [7, 9, 12]
    assert rows["skipped_rows"][1] == {"row": 9, "reason": "có số thứ tự và dữ liệu nhưng ô họ tên để trống"}
    table = subprocess.run([sys.executable, "-m", "addin", "check", str(path), "--as-of", "15/01/2026"],
                           capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    text = " ".join(table.stdout.split())
    assert "Sheet 'DS': tìm thấy 5 dòng người, đọc 4 người; bỏ qua 3 dòng (dòng 7: tiêu đề mục" in text
    assert "dòng 9: có số thứ tự và dữ liệu nhưng ô họ tên để trống" in text
    assert "hết danh sách); 2 dòng bên dưới chỗ hết danh sách không đọc" in text


def test_check_result_counts_match_the_table(tmp_path: Path) -> None:
    result = check_file(registers.numbered_capitals(tmp_path), as_of=AS_OF)
    assert result.ok and (result.rows_found, result.rows_read, result.rows_skipped) == (5, 4, 5)


# --- §3 headers as programs and exports write them ----------------------------------------------


@pytest.mark.parametrize("style", sorted(registers.DATABASE_HEADERS))
def test_database_style_headers_read_like_their_accented_forms(tmp_path: Path, style: str) -> None:
    data = book(registers.database_export(tmp_path, style))
    table = data.register
    assert table.sheet == "Export"
    assert table.columns == {"stt": 2, "name": 3, "dob": 4, "gender": 5, "ethnicity": 6, "religion": 7,
                             "youth_member": 8}
    assert table.extra_headers == {1: "mahoso"}
    assert [(c.name, c.dob, c.gender, c.ethnicity, c.youth_member) for c in data.candidates] == [
        ("Đặng Văn Hải", D(1999, 3, 4), "Nam", "Kinh", True), ("Lò Thị Sen", D(2001, 10, 20), "Nữ", "Thái", False)]


def test_run_together_headers_match_only_whole_words() -> None:
    """The guard: a field's words run together match a header of exactly those words, never a longer
    word that starts with them, nor text with spaces that only contains them."""
    assert header_fields([["hovatencha", "ngaysinhcon", "dantocthieuso"], ["An", "01/02/2000", "x"]],
                         REGISTER) is None
    assert header_fields([["ma hovaten", "so ngaysinh"], ["An", "01/02/2000"]], REGISTER) is None
    assert header_keys("HoTen") == ("ho ten",) and header_keys("Ho Ten") == ("ho ten",)
    assert header_keys("THCS") == ("thcs",)  # capitals alone are no identifier to split


# --- §2 nothing else is read as a person ----------------------------------------------------------


def test_a_list_beats_a_one_person_form_with_a_salary_table_and_the_runner_up_is_reported(tmp_path: Path) -> None:
    path = registers.form_and_list(tmp_path)
    data = book(path)
    assert data.register.sheet == "DS"
    assert [c.name for c in data.candidates] == ["Phan Thị Hồng", "Lại Văn Tùng", "Cao Thị Nga"]
    assert data.choice == RegisterChoice("DS", chosen=Contender("DS", 4, 3), runner_up=Contender("Lý lịch", 8, 1))
    result = check_file(path, as_of=AS_OF)
    assert result.as_json()["sheet_choice"] == {"pinned": False, "hidden": False, "columns": 4, "people": 3,
                                                "runner_up": {"sheet": "Lý lịch", "columns": 8, "people": 1}}
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(path), "--as-of", "15/01/2026"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    assert ("chọn sheet này (4 cột nhận ra, 3 người) thay cho sheet 'Lý lịch' (8 cột nhận ra, 1 người)"
            in " ".join(run.stdout.split()))


def test_the_salary_table_under_a_form_is_no_person(tmp_path: Path) -> None:
    grids = read_grids(registers.form_and_list(tmp_path))
    table = read_table("Lý lịch", grids["Lý lịch"], REGISTER)
    assert [(r.row, r.values["name"], r.values["dob"]) for r in table.rows] == [(3, "Hoàng Văn Minh", D(1985, 5, 5))]
    assert table.end == (6, "dòng tiêu đề của một bảng khác: hết danh sách")
    assert [row for row, _ in table.skipped_rows] == [5, 6] and table.after_end == 2


def test_a_repeated_header_ends_the_register_and_a_numbered_person_row_does_not() -> None:
    grid = [
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ"],
        [1, "Nguyễn Văn An", D(1995, 2, 1), "Giáo viên"],
        [2, "trần thị bình", "14/07/1998", "Kế toán"],  # typed in lower case, numbered: a person
        [None, "DANH SÁCH ĐẢNG VIÊN", None, None],
        ["STT", "Họ và tên", "Ngày sinh", "Chức vụ"],
        [1, "Lê Văn Cường", D(1970, 3, 3), "Bí thư"],
    ]
    table = read_table("x", grid, REGISTER)
    assert [r.values["name"] for r in table.rows] == ["Nguyễn Văn An", "trần thị bình"]
    assert table.end == (5, "dòng tiêu đề của một bảng khác: hết danh sách")
    assert table.skipped_rows == ((4, "tiêu đề mục hoặc dòng chữ, không phải họ tên người"),
                                  (5, "dòng tiêu đề của một bảng khác: hết danh sách"))
    assert table.after_end == 1


# --- §4 no refusal where nothing would be overwritten -------------------------------------------------


def test_a_look_alike_column_is_the_user_s_and_chibo_writes_marked_columns_right_of_it(tmp_path: Path) -> None:
    path = registers.hr_status(tmp_path)
    table = book(path).register
    assert table.owned == {} and table.extra_headers == {4: "Giai Đoạn"}
    before = snapshot(path)
    for _ in range(2):  # the second run finds chibo's marked columns where the first put them
        result = refresh_file(path, as_of=AS_OF)
        assert result.ok, result.error
        cells, merges = snapshot(path)["Nhân sự"]
        assert {k: cells.get(k) for k in before["Nhân sự"][0]} == before["Nhân sự"][0]
        assert (cells["D2"], cells["D3"]) == ("Thử việc", "Chính thức")
        assert [cells[f"{c}1"] for c in "FGHI"] == [
            "Giai đoạn (chibo)", "Kết quả kiểm tra (chibo)", "Việc tiếp theo (chibo)", "Hạn (chibo)"]
        assert not any(k.startswith("J") for k in cells)
    assert book(path).register.owned == {"stage": 6, "check_result": 7, "next_step": 8, "deadline": 9}


# --- §7 workbooks from a Mac (1904 date system) -----------------------------------------------------


def test_day_numbers_of_a_1904_workbook_are_read_from_its_epoch(tmp_path: Path) -> None:
    path = registers.mac_1904(tmp_path)
    sheets = read_sheets(path)
    assert sheets.date1904 and not read_sheets(registers.hr_status(tmp_path)).date1904
    data = read_book(BookInput(sheets.grids, date1904=sheets.date1904))
    assert [(c.name, c.dob, c.source_date, c.course_date) for c in data.candidates] == [
        ("Trịnh Văn Mạnh", D(2000, 2, 3), D(2024, 1, 10), D(2024, 4, 1)),
        ("Ông Thị Hạnh", PartialDate(1999), D(2024, 1, 2), None)]
    wrong = read_book(BookInput(sheets.grids))  # the positive control: read as 1900, four years early
    assert wrong.candidates[0].course_date == D(2020, 3, 31)


def test_a_1904_workbook_is_checked_and_refreshed_with_dates_on_its_epoch(tmp_path: Path) -> None:
    path = registers.mac_1904(tmp_path)
    rules = {f["rule"] for f in check_file(path, as_of=AS_OF).findings}
    assert "COURSE_NT_VALID" not in rules  # the certificate of 01/04/2024 is valid, not "expired 31/03/2025"
    assert refresh_file(path, as_of=AS_OF).ok
    book = openpyxl.load_workbook(path)
    assert book.epoch == dt.datetime(1904, 1, 1)
    ws = book["Theo dõi"]
    assert ws["C2"].value == dt.datetime(2000, 2, 3) and ws["E2"].value == 43921  # the user's cells as they were
    written = [c.value for row in book["Lịch 2026"].iter_rows() for c in row if isinstance(c.value, dt.datetime)]
    # On the 1904 epoch nothing lands four years early (2022): the steps are planned in 2026, and the certificate of
    # 01/04/2024, valid to 2029, is more than 12 months away, so it is no step's deadline (planning.toml [deadlines]).
    assert written and min(written).year == 2026 and max(written).year == 2026, sorted(written)


# --- §6 hidden sheets and groups ---------------------------------------------------------------------


def test_a_hidden_register_is_read_and_said_to_be_hidden(tmp_path: Path) -> None:
    path = registers.hidden_with_salary_block(tmp_path)
    result = check_file(path, as_of=AS_OF)
    assert result.ok and result.sheet == "DSDV" and result.rows_read == 2
    assert result.as_json()["sheet_choice"]["hidden"] is True
    hidden = [f for f in result.findings if f["rule"] == "REGISTER_HIDDEN"]
    assert [(f["sheet"], f["row"], f["severity"]) for f in hidden] == [("DSDV", None, "info")]
    assert "sheet 'DSDV', đang bị ẩn" in hidden[0]["message"]
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(path), "--as-of", "15/01/2026"],
                         capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    assert "Sheet 'DSDV': tìm thấy 2 dòng người, đọc 2 người (sheet đang ẩn: bỏ ẩn để xem kết quả)" in run.stdout
    assert refresh_file(path, as_of=AS_OF).ok
    wb = openpyxl.load_workbook(path)
    assert wb["DSDV"].sheet_state == "hidden" and wb["DSDV"]["J2"].value == "Giai đoạn"
    texts = [c.value for row in wb["Kiểm tra"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("đang bị ẩn" in t for t in texts)


def test_a_merged_group_header_does_not_spread_over_the_merged_block_beside_it(tmp_path: Path) -> None:
    path = registers.hidden_with_salary_block(tmp_path)
    sheets = read_sheets(path)
    data = read_book(BookInput(sheets.grids, merges=sheets.merges, hidden=sheets.hidden))
    assert data.register.headers["education"] == "Trình độ học vấn / THCS, THPT, Đại học"
    assert data.register.extra_headers == {7: "Mã ngạch", 8: "Hệ số", 9: "Bậc"}
    assert [(c.name, c.education, c.education_text) for c in data.candidates] == [
        ("Đinh Văn Tài", Education.UPPER_SECONDARY, "THPT"), ("Hà Thị Liên", Education.UNIVERSITY, "Đại học")]
    blind = read_book(BookInput(sheets.grids))  # the control: without the merges the group runs on
    assert blind.register.headers["education"] != data.register.headers["education"]


# --- §5 lists of people who are already members ---------------------------------------------------------


def test_members_marked_or_admitted_long_ago_are_official_not_candidates(tmp_path: Path) -> None:
    path = registers.members_marked(tmp_path)
    data = book(path)
    assert data.register.columns["party_member"] == 4
    assert [c.party_member for c in data.candidates] == ["x", "x", "Dự bị", ""]
    assert refresh_file(path, as_of=AS_OF).ok
    ws = openpyxl.load_workbook(path)["DS chi bộ"]
    assert ws["F1"].value == "Giai đoạn" and ws["H1"].value == "Việc tiếp theo"
    stages = [ws.cell(r, 6).value for r in range(2, 6)]
    steps = [ws.cell(r, 8).value for r in range(2, 6)]
    deadlines = [ws.cell(r, 9).value for r in range(2, 6)]
    # Marked "x" without a date, and admitted on 03/03/2014: official, nothing to do, no deadline.
    assert stages[:2] == ["Đảng viên chính thức", "Đảng viên chính thức"]
    assert steps[:2] == [None, None] and deadlines[:2] == [None, None]
    # "Dự bị", admitted on 20/08/2025: a probationary member, whose recognition steps come next (not a ceremony
    # to hold, not the source list).
    assert stages[2] == "Đảng viên dự bị" and not steps[2].startswith(("Phân công", "Tổ chức lễ kết nạp"))
    # Not marked: a candidate at the source stage.
    assert stages[3] == "Nguồn" and steps[3].startswith("Phân công đảng viên chính thức giúp đỡ")


# --- §8 exports that are not workbooks -------------------------------------------------------------------

CSV_ROWS = [["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào nguồn"],
            ["1", "Quách Văn Long", "05/06/1999", "Nam", "10/01/2025"],
            ["2", "Võ Thị Mỹ, Hạnh", "21/12/2000", "Nữ", ""]]


def write_csv(path: Path, delimiter: str, bom: bool) -> Path:
    """A CSV export as spreadsheet programs write it: fields with the delimiter quoted, CRLF line ends."""
    lines = [delimiter.join(f'"{v}"' if delimiter in v else v for v in row) for row in CSV_ROWS]
    path.write_bytes(("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    return path


@pytest.mark.parametrize("delimiter, bom", [(";", True), (",", False), (",", True)])
def test_check_reads_a_csv_export_as_the_register(tmp_path: Path, delimiter: str, bom: bool) -> None:
    path = write_csv(tmp_path / "xuất danh sách.csv", delimiter, bom)
    result = check_file(path, as_of=AS_OF)
    assert result.ok, result.error
    assert result.sheet == "xuất danh sách" and result.rows_read == 2
    assert dict(result.columns) == {"stt": "STT", "name": "Họ và tên", "dob": "Ngày sinh", "gender": "Giới tính",
                                    "source_date": "Ngày vào nguồn"}
    data = read_book(BookInput(read_csv(path)))
    assert [(c.name, c.dob, c.gender, c.source_date) for c in data.candidates] == [
        ("Quách Văn Long", D(1999, 6, 5), "Nam", D(2025, 1, 10)), ("Võ Thị Mỹ, Hạnh", D(2000, 12, 21), "Nữ", None)]


def test_refresh_refuses_a_csv_and_says_to_save_it_as_xlsx(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "xuất.csv", ";", True)
    before = path.read_bytes()
    result = refresh_file(path, as_of=AS_OF)
    assert not result.ok and result.exit_code == 2
    assert "“xuất.csv” là tệp CSV" in result.error and "lưu dạng .xlsx" in result.error
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["xuất.csv"]


def test_a_csv_that_is_not_utf8_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "cũ.csv"
    path.write_bytes("STT;Họ và tên\r\n1;Lê Văn Tư\r\n".encode("cp1258", errors="replace"))
    result = check_file(path, as_of=AS_OF)
    assert not result.ok and "không phải văn bản UTF-8" in result.error


def test_a_wider_second_table_right_under_the_register_is_not_written_beside(tmp_path: Path) -> None:
    """§2 with the guard: the table ends at the other table's header, so chibo's columns stop at the last
    person and do not move right of the salary table's wider rows."""
    path = tmp_path / "liền nhau.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Theo dõi")
    for r, line in enumerate([["STT", "Họ và tên", "Ngày sinh"], [1, "Nguyễn Văn An", "01/02/1995"],
                              ["STT", "Ngạch lương", "Mã ngạch", "Hệ số", "Từ ngày", "Ghi chú"],
                              [1, "Chuyên viên", "01.003", 2.34, "01/01/2015", "nâng bậc"]]):
        ws.write_row(r, 0, line)
    wb.close()
    table = book(path).register
    assert [r.row for r in table.rows] == [2] and table.end == (3, "dòng tiêu đề của một bảng khác: hết danh sách")
    assert refresh_file(path, as_of=AS_OF).ok
    cells = snapshot(path)["Theo dõi"][0]
    assert [cells.get(f"{c}1") for c in "DEFG"] == ["Giai đoạn", "Kết quả kiểm tra", "Việc tiếp theo", "Hạn"]
    assert (cells["D3"], cells["F4"]) == ("Hệ số", "nâng bậc")  # the salary table as it was
    assert cells["D2"] == "Nguồn"


def test_a_name_typed_in_lower_case_without_numbers_does_not_end_the_list() -> None:
    """The guard of the sentence-case rule: a person's row holds a date (or nothing) under `Ngày sinh`."""
    grid = [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ"],
        ["Nguyễn Văn An", "01/02/1995", "Nam", "Giáo viên"],
        ["nguyễn thị hoa", "12/05/1996", "Nữ", "Kế toán"],
        ["Lê Văn Cường", None, "Nam", "Bảo vệ"],
        ["Ngạch lương", "Mã ngạch", "Bậc", "Hệ số"],
        ["Chuyên viên", "01.003", "2", "2,34"],
    ]
    table = read_table("x", grid, REGISTER)
    assert [r.values["name"] for r in table.rows] == ["Nguyễn Văn An", "nguyễn thị hoa", "Lê Văn Cường"]
    assert table.end == (5, "dòng tiêu đề của một bảng khác: hết danh sách")
