"""Bad input through both `check_file` and `refresh_file`: a clear Vietnamese answer, the exit
code of DESIGN §4, and the file byte-for-byte untouched whenever the run did not succeed."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import corpus
import openpyxl
import pytest
from corpus import Formula
from workbook_builders import write_register_book

from addin.files import jobs, splice
from addin.files.jobs import FileResult, check_file, expand, refresh_file, run_batch
from addin.files.reader import read_grids
from addin.files.save import BACKUP_DIR, TEMP_PREFIX, backups
from addin.workbook.book import BookInput
from addin.workbook.run import RunResult, evaluate
from addin.workbook.schema import FINDINGS, REGISTER

AS_OF = dt.date(2026, 1, 15)
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def both(path: Path, **options) -> tuple[FileResult, FileResult]:
    """The same file through `check` then `refresh` (in place)."""
    return check_file(path, as_of=AS_OF, **options), refresh_file(path, as_of=AS_OF, **options)


def assert_vietnamese_message(text: str | None, path: Path, *fragments: str) -> None:
    """One clear message: NFC Vietnamese with diacritics, naming the file, with the given words."""
    assert text, "a failed run must say why"
    assert unicodedata.is_normalized("NFC", text), text
    assert VIETNAMESE.search(text), text
    assert unicodedata.normalize("NFC", path.name) in text, text
    for fragment in fragments:
        assert fragment in text, (fragment, text)
    assert "Traceback" not in text


def assert_untouched(path: Path, before: str) -> None:
    """Same bytes, no half-written temporary file beside it, no backup of a save that never was."""
    assert sha(path) == before
    backup_folder = path.parent / BACKUP_DIR
    for folder in (path.parent, backup_folder):
        if folder.exists():
            assert [p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)] == []
    assert backups(path) == []
    if backup_folder.exists():  # a lock file may stay; no copy of this workbook may
        assert [p.name for p in backup_folder.iterdir() if p.name.startswith(path.stem + ".")
                and not p.name.endswith(".lock")] == []


def assert_refused(path: Path, *fragments: str) -> tuple[FileResult, FileResult]:
    """Both fronts refuse the file (exit 2) with one Vietnamese message, and the file is untouched."""
    before = sha(path)
    results = both(path)
    for result in results:
        assert not result.ok and result.exit_code == 2 and result.findings == ()
        assert_vietnamese_message(result.error, path, *fragments)
        assert result.written is None and result.backup is None
    assert_untouched(path, before)
    return results


def exit_code_of(result: FileResult) -> int:
    """DESIGN §4: 1 when the findings contain errors, else 0."""
    return 1 if any(f["severity"] == "error" for f in result.findings) else 0


def findings_at(result: FileResult, rule: str, row: int, column: str) -> list[dict]:
    return [f for f in result.findings if (f["rule"], f["row"], f["column"]) == (rule, row, column)]


def evaluated(path: Path, engine: str = "calamine") -> RunResult:
    return evaluate(BookInput(read_grids(path, engine)), as_of=AS_OF)


def candidates_by_row(path: Path) -> dict:
    """Candidates read through each engine, which must agree."""
    read = {engine: {c.row: c for c in evaluated(path, engine).data.candidates} for engine in ("calamine", "openpyxl")}
    assert read["calamine"] == read["openpyxl"]
    return read["calamine"]


def sheet_xml(path: Path, sheet: str) -> bytes:
    """The XML part of one worksheet of a saved workbook."""
    wb = openpyxl.load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet)
    wb.close()
    with zipfile.ZipFile(path) as z:
        parts = sorted((n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                       key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))
        return z.read(parts[index])


def findings_sheet_rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[FINDINGS.name]
    return list(ws.iter_rows(min_row=5, values_only=True))  # under the title lines and the header (row 4)


# --- files that are no workbook chibo can open ------------------------------------------------


@pytest.mark.parametrize("build", [corpus.text_file, corpus.csv_renamed, corpus.zip_not_workbook],
                         ids=["text", "csv", "zip_of_other_files"])
def test_not_a_zip_or_not_a_workbook(tmp_path: Path, build) -> None:
    assert_refused(build(tmp_path), "không phải sổ tính")


def test_empty_file(tmp_path: Path) -> None:
    assert_refused(corpus.empty_file(tmp_path), "rỗng", "0 byte")


@pytest.mark.parametrize("build", [corpus.truncated, corpus.corrupt_member], ids=["cut_in_half", "garbage_part"])
def test_truncated_file(tmp_path: Path, build) -> None:
    assert_refused(build(tmp_path), "hỏng")


@pytest.mark.parametrize("build", [corpus.old_xls, corpus.xls_renamed], ids=["xls", "xls_renamed_xlsx"])
def test_old_xls(tmp_path: Path, build) -> None:
    assert_refused(build(tmp_path), ".xls", "lưu lại dạng .xlsx")


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = corpus.encrypted(tmp_path)
    with open(path, "rb") as stream:
        assert stream.read(8) == bytes.fromhex("d0cf11e0a1b11ae1")  # a real encrypted OLE container
    assert_refused(path, "mật khẩu")


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything tries to parse the workbook (the guard must refuse it first)."""
    def forbidden(*args, **kwargs):
        raise AssertionError("the workbook was parsed")
    monkeypatch.setattr(jobs, "read_sheets", forbidden)
    monkeypatch.setattr(splice, "defined_names", forbidden)
    monkeypatch.setattr(splice, "write_updates", forbidden)


@pytest.mark.parametrize("build, why", [
    (corpus.bomb_by_ratio, "nén hơn 100 lần"),  # declared size against compressed size, per part
    (corpus.bomb_by_total, "giới hạn 200 MB"),  # declared sizes of all parts together
], ids=["ratio", "total"])
def test_zip_bomb_refused_by_declared_size(tmp_path: Path, no_parsing: None, build, why: str) -> None:
    assert_refused(build(tmp_path), "bom nén", why)


def test_zip_bomb_refused_by_actual_size(tmp_path: Path, no_parsing: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part declaring 1 KB that inflates to 5 MB is refused and never inflated past what it declares."""
    path = corpus.bomb_with_forged_size(tmp_path)
    inflated: dict[str, int] = {}
    real_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = real_read(self, n)
        inflated[self.name] = inflated.get(self.name, 0) + len(data)
        return data
    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    assert_refused(path, "Hãy")
    assert inflated.get("xl/sharedStrings2.xml", 0) <= 1024


@pytest.mark.parametrize("build", [corpus.billion_laughs, corpus.external_entity, corpus.hostile_vml],
                         ids=["billion_laughs", "external_entity", "entity_in_vml"])
def test_hostile_xml(tmp_path: Path, no_parsing: None, build) -> None:
    check, refresh = assert_refused(build(tmp_path), "độc hại")
    for result in (check, refresh):
        assert "lollol" not in result.error and "root:" not in result.error  # nothing was expanded


# --- workbooks whose sheets are not the register's --------------------------------------------


def test_workbook_without_register(tmp_path: Path) -> None:
    path = corpus.without_register(tmp_path)
    check, _ = assert_refused(path, "Không tìm thấy danh sách theo dõi", "'Danh sách 2025'", "'Tổng hợp'")
    assert "'Họ và tên' và 'Ngày sinh'" in check.error and "'Sheet theo dõi'" in check.error  # what to add, or pin


def test_register_without_recognisable_header(tmp_path: Path) -> None:
    path = corpus.without_header(tmp_path)
    check, _ = assert_refused(path, "dòng tiêu đề", "'Theo dõi'", "'Họ và tên'")
    assert "'Ho ten QC' ở ô B2" in check.error  # the nearest header and where it is


def test_merged_header_cells_are_read(tmp_path: Path) -> None:
    path = corpus.merged_header(tmp_path)
    candidates = candidates_by_row(path)
    assert sorted(candidates) == [5, 6]
    assert candidates[5].introducers == ("Trần Văn Bình", "Lê Thị Cúc")
    assert candidates[5].cell_vote_date == dt.date(2024, 10, 10) and candidates[6].notes == "xét lại"
    before = sha(path)
    check = check_file(path, as_of=AS_OF)
    assert sha(path) == before
    assert check.ok and check.exit_code == exit_code_of(check) == 1
    assert findings_at(check, "DATE_INVALID", 6, "F")  # 31/02/2026 under the merged-header layout
    refresh = refresh_file(path, as_of=AS_OF)
    assert refresh.ok, refresh.error
    assert refresh.exit_code == 1 and refresh.backup and sha(Path(refresh.backup)) == before
    ws = openpyxl.load_workbook(path)[REGISTER.name]
    assert {"A3:A4", "B3:B4", "D3:E3", "A1:G1"} <= {r.coord for r in ws.merged_cells.ranges}
    headers = {ws.cell(4, c).value: c for c in range(8, 12)}  # owned columns, on the last header row
    assert set(headers) == {col.header for col in REGISTER.owned_columns}
    assert ws.cell(5, headers["Giai đoạn"]).value and ws.cell(6, headers["Giai đoạn"]).value
    assert [ws.cell(5, c).value for c in range(1, 8)] == [1, "Nguyễn Văn An", "15/03/1998", "Trần Văn Bình",
                                                            "Lê Thị Cúc", "10/10/2024", None]


def test_two_sheets_match_the_register(tmp_path: Path) -> None:
    assert_refused(corpus.two_registers(tmp_path), "'Theo dõi'", "'Quần chúng'", "mục 'Sheet theo dõi'")


# --- data the committee typed -------------------------------------------------------------------


DATE_ROWS = [
    # A STT, B name, C birth, D source list, E application, F votes, G cell vote, H notes
    [1, "Nguyễn Văn An", "31/12/1899", dt.date(2024, 3, 5), "05/03/2024", 7, "10/10/2024"],
    [2, "Trần Thị Bích", "1899-06-30", "05/03/2024", "5/3/2024", "15", "2024-10-10"],
    [3, "Lê Văn Cường", dt.date(1999, 1, 2), "5/3/2024", "05-03-2024", None, "10.10.2024"],
    [4, "Phạm Thị Dung", "02/01/1999", "05-03-2024", "31/02/2026", None, "31/02/2026"],
    [5, "Hoàng Văn Em", "2/1/1999", "05.03.2024", "05.03.2024", None, None],
    [6, "Vũ Thị Giang", "1999-01-02", "2024-03-05", "2024-03-05", "12.0", None],
]


@pytest.fixture
def dates_book(tmp_path: Path) -> Path:
    return corpus.register_book(tmp_path, "ngày tháng.xlsx", DATE_ROWS)


def test_dates_before_1900_are_findings(dates_book: Path) -> None:
    check, refresh = both(dates_book)
    for result in (check, refresh):
        assert result.ok, result.error
        for row, raw in ((2, "31/12/1899"), (3, "1899-06-30")):
            found = findings_at(result, "DATE_INVALID", row, "C")
            assert found and raw in found[0]["message"] and "1900" in found[0]["message"]
            assert found[0]["severity"] == "error" and found[0]["sheet"] == REGISTER.name


def test_dates_as_text_in_every_form(dates_book: Path) -> None:
    candidates = candidates_by_row(dates_book)
    assert {row: c.source_date for row, c in candidates.items()} == dict.fromkeys(range(2, 8), dt.date(2024, 3, 5))
    assert [candidates[r].application_date for r in (2, 3, 4, 6, 7)] == [dt.date(2024, 3, 5)] * 5
    assert [candidates[r].cell_vote_date for r in (2, 3, 4)] == [dt.date(2024, 10, 10)] * 3
    assert {candidates[r].dob for r in (4, 5, 6, 7)} == {dt.date(1999, 1, 2)}
    check, refresh = both(dates_book)
    for result in (check, refresh):
        unreadable = {(f["row"], f["column"]) for f in result.findings if f["rule"] == "DATE_INVALID"}
        assert unreadable == {(2, "C"), (3, "C"), (5, "E"), (5, "G")}


def test_impossible_date_is_a_finding_at_its_cell(dates_book: Path) -> None:
    check, refresh = both(dates_book)
    for result in (check, refresh):
        assert result.ok and result.exit_code == 1 == exit_code_of(result)
        for column in ("E", "G"):
            found = findings_at(result, "DATE_INVALID", 5, column)
            assert len(found) == 1
            assert "'31/02/2026' không phải là ngày có thật" in found[0]["message"]
            assert found[0]["person"] == "Phạm Thị Dung"
            assert unicodedata.is_normalized("NFC", found[0]["message"])
    assert refresh.written == str(dates_book)
    listed = [r for r in findings_sheet_rows(dates_book) if r[7] == "DATE_INVALID"]  # the rule id, last
    assert {r[3] for r in listed} >= {"E5", "G5", "C2", "C3"}  # the `Ô` column of `Kiểm tra`


def test_numbers_stored_as_text(dates_book: Path) -> None:
    candidates = candidates_by_row(dates_book)
    assert candidates[3].cell_vote_yes == 15 and candidates[7].cell_vote_yes == 12
    assert candidates[2].cell_vote_yes == 7
    check, _ = both(dates_book)
    assert not [f for f in check.findings if f["column"] == "F" and "không phải là số" in f["message"]]


def test_formula_error_values_are_findings(tmp_path: Path) -> None:
    rows = [
        [1, "Nguyễn Văn An", Formula(("=NA()", "#N/A")), Formula(("=#REF!+1", "#REF!")), None,
         Formula(("=1/0", "#DIV/0!")), Formula(("=VLOOKUP(1,#REF!,2,0)", "#REF!"))],
        [2, "Trần Thị Bích", "02/01/1999", "05/03/2024", Formula(("=Z1", "#VALUE!")), "#N/A", None],
    ]
    path = corpus.register_book(tmp_path, "lỗi công thức.xlsx", rows)
    check, refresh = both(path)
    for result in (check, refresh):
        assert result.ok, result.error
        assert result.exit_code == 1
        for rule, row, column, shown in (("DATE_INVALID", 2, "C", "#N/A"), ("DATE_INVALID", 2, "D", "#REF!"),
                                         ("VOTE_CELL", 2, "F", "#DIV/0!"), ("DATE_INVALID", 2, "G", "#REF!"),
                                         ("DATE_INVALID", 3, "E", "#VALUE!"), ("VOTE_CELL", 3, "F", "#N/A")):
            found = findings_at(result, rule, row, column)
            assert found and shown in found[0]["message"], (rule, row, column)
    # The user's formulas are still formulas after the refresh.
    ws = openpyxl.load_workbook(path)[REGISTER.name]
    assert ws["C2"].value == "=NA()" and ws["F2"].value == "=1/0"


def _number_in_date_cell(folder: Path, number: float) -> Path:
    """A number typed into a date-formatted birth-date cell (an ID, or a date typed without slashes)."""
    import xlsxwriter

    path = folder / "số trong ô ngày.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(REGISTER.name)
    ws.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh"])
    ws.write_row(1, 0, [1, "Nguyễn Văn An"])
    ws.write_number(1, 2, number, book.add_format({"num_format": "dd/mm/yyyy"}))
    book.close()
    return path


@pytest.mark.parametrize("number", [10102024, 123456789012, -84912345678], ids=["ddmmyyyy", "id_number", "negative"])
def test_number_beyond_excel_dates_in_a_date_cell(tmp_path: Path, number: int) -> None:
    """python-calamine panics (a BaseException) past ±1e11 days; openpyxl makes `#VALUE!` of it."""
    path = _number_in_date_cell(tmp_path, number)
    assert candidates_by_row(path)[2].dob is None
    for result in both(path):
        assert result.ok and result.exit_code == 1, result.error
        found = findings_at(result, "DATE_INVALID", 2, "C")
        assert found and f"số {number} không phải là ngày Excel hợp lệ" in found[0]["message"]


def test_refresh_keeps_a_number_beyond_excel_dates(tmp_path: Path) -> None:
    path = _number_in_date_cell(tmp_path, 10102024)
    assert refresh_file(path, as_of=AS_OF).ok
    xml = sheet_xml(path, REGISTER.name)
    assert re.search(rb'<c r="C2"[^>]*><v>10102024</v></c>', xml), xml


CONTROL_NAME = "Lê\x01 Thị\x0b Hoa\x1f"


def test_control_characters_in_names(tmp_path: Path) -> None:
    path = corpus.register_book(tmp_path, "ký tự điều khiển.xlsx",
                                [[1, CONTROL_NAME, "02/01/1999", "01/01/2030", None, None, None, "ghi\x02chú"]])
    assert candidates_by_row(path)[2].name == "Lê Thị Hoa"  # control characters dropped when read, by both engines
    check, refresh = both(path)
    assert check.ok and refresh.ok, refresh.error
    assert refresh.findings == check.findings
    wb = openpyxl.load_workbook(path)  # no IllegalCharacterError on the way back in either
    people = {r[4] for r in findings_sheet_rows(path)} - {None}  # the note on missing columns names no one
    assert people == {"Lê Thị Hoa"}  # written back cleaned
    for value in [c.value for row in wb[FINDINGS.name].iter_rows() for c in row]:
        assert not (isinstance(value, str) and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", value))
    assert wb[REGISTER.name]["B2"].value in (CONTROL_NAME, "Lê_x0001_ Thị_x000B_ Hoa_x001F_")  # the user's cell kept


@pytest.mark.parametrize("legacy, encoding, unicode_name", [
    ("NguyÔn V¨n Phóc", "TCVN3", "Nguyễn Văn Phúc"),
    ("Nguyeãn Vaên Phuùc", "VNI", "Nguyễn Văn Phúc"),
], ids=["tcvn3", "vni"])
def test_legacy_encoded_text(tmp_path: Path, legacy: str, encoding: str, unicode_name: str) -> None:
    path = corpus.register_book(tmp_path, "bảng mã cũ.xlsx", [[1, legacy, "02/01/1999"]])
    check, refresh = both(path)
    for result in (check, refresh):
        assert result.ok, result.error
        found = findings_at(result, "TEXT_LEGACY", 2, "B")
        assert len(found) == 1 and found[0]["severity"] == "warning"
        assert encoding in found[0]["message"] and f"“{unicode_name}”" in found[0]["message"]
        assert found[0]["person"] == unicode_name
    assert openpyxl.load_workbook(path)[REGISTER.name]["B2"].value == legacy  # the user's cell is theirs


FORMULA_LIKE = ["=HYPERLINK(\"http://x.invalid\",\"A\")", "+84 912 345 678", "-Phạm Văn Khoa", "@Hoàng Thị Lan"]


def test_names_that_look_like_formulas_are_written_as_text(tmp_path: Path) -> None:
    rows = [[i, name, None, None, "05/03/2024"] for i, name in enumerate(FORMULA_LIKE, start=1)]
    path = corpus.register_book(tmp_path, "tên như công thức.xlsx", rows)
    check, refresh = both(path)
    assert check.ok and refresh.ok, refresh.error
    names = [name for name in FORMULA_LIKE if name != "+84 912 345 678"]  # no letter: no person's name
    assert {f["person"] for f in refresh.findings if f["row"]} == set(names)
    assert set(names) <= {r[4] for r in findings_sheet_rows(path)}
    for sheet in (REGISTER.name, FINDINGS.name):
        xml = sheet_xml(path, sheet)
        assert b"<f>" not in xml and b"<f " not in xml, sheet
    ws = openpyxl.load_workbook(path)[REGISTER.name]
    assert [ws.cell(r, 2).value for r in range(2, 6)] == FORMULA_LIKE
    assert all(ws.cell(r, 2).data_type == "s" for r in range(2, 6))


# --- files chibo may read but not write -----------------------------------------------------------


def test_read_only_file(tmp_path: Path) -> None:
    path = write_register_book(tmp_path / "chỉ đọc.xlsx")
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        before = sha(path)
        check, refresh = both(path)
        assert check.ok and check.exit_code == 1 and check.findings
        assert not refresh.ok and refresh.exit_code == 2
        assert_vietnamese_message(refresh.error, path, "chỉ đọc")
        assert_untouched(path, before)
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def test_file_open_in_excel(tmp_path: Path) -> None:
    path = write_register_book(tmp_path / "đang mở.xlsx")
    (tmp_path / f"~${path.name}").write_bytes(b"\x0cNguyen Van A" + b" " * 40)
    before = sha(path)
    check, refresh = both(path)
    assert check.ok and check.exit_code == 1 and check.findings
    assert not refresh.ok and refresh.exit_code == 2
    assert_vietnamese_message(refresh.error, path, "đang mở trong Excel", f"~${path.name}")
    assert_untouched(path, before)


# --- a folder mixing good and bad files -------------------------------------------------------------


def mixed_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    folder.mkdir()
    good = [write_register_book(folder / f"chi bộ {i}.xlsx") for i in range(3)]
    good.append(corpus.register_book(folder, "chi bộ sạch.xlsx", [], headers=("STT", "Họ và tên")))
    bad = [corpus.text_file(folder), corpus.truncated(folder), corpus.encrypted(folder), corpus.old_xls(folder),
           corpus.without_register(folder)]
    for helper in ("đầy đủ.xlsx", "chưa mã hóa.xlsx"):  # sources the corpus left behind
        (folder / helper).unlink()
    (folder / f"~${good[0].name}").write_bytes(b"owner")  # chi bộ 0 is open in Excel
    return good, bad


@pytest.mark.parametrize("workers", [1, 2])
def test_folder_mixing_good_and_bad_files(tmp_path: Path, workers: int) -> None:
    good, bad = mixed_folder(tmp_path / "thư mục")
    files = expand([tmp_path / "thư mục"])
    assert sorted(files) == sorted(good + bad)  # the owner file is no workbook to process
    before = {p: sha(p) for p in files}
    checked = {Path(r.path): r for r in run_batch(check_file, files, jobs=workers, as_of=AS_OF)}
    assert set(checked) == set(files)
    assert [p for p in good if not checked[p].ok] == []
    assert checked[good[3]].exit_code == 0 and checked[good[1]].exit_code == 1
    for p in bad:
        assert checked[p].exit_code == 2
        assert_vietnamese_message(checked[p].error, p)
    assert {p: sha(p) for p in files} == before
    refreshed = {Path(r.path): r for r in run_batch(refresh_file, files, jobs=workers, as_of=AS_OF)}
    assert set(refreshed) == set(files)
    assert not refreshed[good[0]].ok and "đang mở" in refreshed[good[0]].error  # open in Excel
    for p in good[1:]:
        assert refreshed[p].ok, refreshed[p].error
        assert sha(p) != before[p] and FINDINGS.name in openpyxl.load_workbook(p).sheetnames
    for p in [good[0], *bad]:
        assert refreshed[p].exit_code == 2
        assert_untouched(p, before[p])


def test_cli_check_on_a_mixed_folder(tmp_path: Path) -> None:
    folder = tmp_path / "thư mục"
    good, bad = mixed_folder(folder)
    before = {p: sha(p) for p in good + bad}
    run = subprocess.run([sys.executable, "-m", "addin", "check", str(folder), "--json", "--as-of", "15/01/2026",
                          "--jobs", "2"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert run.returncode == 2, run.stderr
    report = json.loads(run.stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert set(by_name) == {p.name for p in good + bad}
    for p in good:
        entry = by_name[p.name]
        assert entry["ok"] is True and entry["error"] is None
        for f in entry["findings"]:
            assert f["severity"] in ("error", "warning", "info") and f["sheet"]
            assert f["row"] is None or (isinstance(f["row"], int) and f["column"].isalpha())
    assert by_name[good[1].name]["findings"] and by_name[good[3].name]["findings"] == []
    for p in bad:
        entry = by_name[p.name]
        assert entry["ok"] is False and entry["findings"] == []
        assert_vietnamese_message(entry["error"], p)
    assert {p: sha(p) for p in good + bad} == before
