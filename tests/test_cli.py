"""`chibo` on the command line: exit codes, `--json` as DESIGN §4 specifies, xlsm fidelity, and every message
in Vietnamese (issue 17 §5)."""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from workbook_builders import write_register_book, write_xlsm_with_button


def chibo(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_check_json_and_exit_codes(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    (tmp_path / "b.xlsx").write_text("not a workbook")
    run = chibo("check", str(book), str(tmp_path / "b.xlsx"), "--as-of", "15/01/2025", "--json")
    assert run.returncode == 2, run.stderr  # one file could not be read
    report = json.loads(run.stdout)
    good, bad = report["files"]
    assert set(good) == set(bad) == {"path", "ok", "error", "findings", "quota", "sheet", "rows", "columns",
                                     "not_carried", "sheet_choice"}  # DESIGN §4, exactly, and issue 18
    assert good["ok"] is True and good["error"] is None
    assert good["sheet"] == "Theo dõi" and good["not_carried"] == [] and good["columns"]["name"] == "Họ và tên"
    assert bad["ok"] is False and "b.xlsx" in bad["error"]
    assert (bad["sheet"], bad["rows"], bad["columns"], bad["not_carried"], bad["sheet_choice"]) == (None, None, {}, [], None)
    f = good["findings"][0]
    assert set(f) == {"rule", "severity", "sheet", "row", "column", "person", "message", "source"}
    assert isinstance(f["row"], int) and f["column"].isalpha()
    only_good = chibo("check", str(book), "--as-of", "2025-01-15", "--json")
    assert only_good.returncode == 1  # errors found


def test_clean_workbook_exits_zero(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "sach.xlsx", candidates=[])
    run = chibo("check", str(book))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Đạt" in run.stdout


def test_bad_as_of_is_refused_in_vietnamese(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    run = chibo("check", str(book), "--as-of", "31/02/2025")
    assert run.returncode == 2
    assert run.stderr.splitlines()[-2:] == [
        "Lỗi: --as-of: “31/02/2025” không phải là ngày có thật; ghi ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd.",
        "Xem hướng dẫn: chibo check --help",
    ]
    assert run.stderr.startswith("Cách dùng: chibo check [-h] [--as-of NGÀY] [--json] [--jobs N] ")
    assert not ENGLISH & set(run.stderr.lower().split()), run.stderr


def test_refresh_keeps_vba_and_buttons_of_an_xlsm(tmp_path: Path) -> None:
    book = tmp_path / "so-theo-doi.xlsm"
    vba = write_xlsm_with_button(book)
    run = chibo("refresh", str(book), "--as-of", "15/01/2025")
    assert run.returncode in (0, 1), run.stdout + run.stderr
    with zipfile.ZipFile(book) as z:
        assert z.read("xl/vbaProject.bin") == vba
        vml = [n for n in z.namelist() if n.endswith(".vml")]
        assert vml and any(b"SampleCall" in z.read(n) for n in vml)
        assert "xl/worksheets/sheet1.xml" in z.namelist()


def test_summary_over_a_folder_lists_cells_and_unreadable_files(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "cac-chi-bo"
    folder.mkdir()
    for i in range(3):
        write_register_book(folder / f"chi-bo-{i}.xlsx")
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 truncated")
    blank = openpyxl.Workbook()
    blank.active.title = "Theo dõi"  # the register's sheet, with no table: a blank template is no cell
    blank.save(folder / "mau-trong.xlsx")
    report = tmp_path / "tong-hop.xlsx"
    run = chibo("summary", str(folder), "--output", str(report), "--as-of", "15/01/2025", "--year", "2025")
    assert run.returncode == 2, run.stdout + run.stderr  # one file could not be read; the others are reported
    wb = openpyxl.load_workbook(report)
    lines = [r for r in wb["Tổng hợp"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [r[2] for r in lines] == [str(folder / f"chi-bo-{i}.xlsx") for i in range(3)]
    assert all(r[-1] >= 1 for r in lines)  # each cell's error count (the expired certificate)
    failures = list(wb["Tệp không tính"].iter_rows(min_row=2, values_only=True))
    assert sorted(Path(f[1]).name for f in failures) == ["hong.xlsx", "mau-trong.xlsx"]


def test_json_carries_quota_rows(tmp_path: Path) -> None:
    import openpyxl

    book = write_register_book(tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(book)
    quota = wb.create_sheet("Chỉ tiêu")
    quota.append(["Năm", "Chỉ tiêu được giao"])
    quota.append([2024, 2])
    wb.save(book)
    run = chibo("check", str(book), "--as-of", "15/01/2025", "--json")
    rows = json.loads(run.stdout)["files"][0]["quota"]
    assert rows[0]["year"] == 2024 and rows[0]["target"] == 2
    assert rows[0]["admitted"] == 1 and rows[0]["rate"] == 0.5  # Nguyễn Văn An, decided 02/12/2024


def test_missing_output_folder_is_a_vietnamese_message(tmp_path: Path) -> None:
    """`new` and `summary` into a folder that does not exist: a message naming it, exit 2, no traceback."""
    missing = tmp_path / "chưa có"
    book = write_register_book(tmp_path / "a.xlsx")
    for run in (chibo("new", "--output", str(missing / "So.xlsm")),
                chibo("summary", str(book), "--output", str(missing / "TongHop.xlsx"))):
        assert run.returncode == 2, run.stdout + run.stderr
        assert f"Thư mục “{missing}” chưa có" in run.stderr.replace("\n", "")
        assert "Traceback" not in run.stderr and "Error" not in run.stderr
    assert not missing.exists()


def test_refresh_output_creates_the_folder(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    run = chibo("refresh", str(book), "--as-of", "15/01/2025", "--output", str(tmp_path / "ra" / "đây"))
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert (tmp_path / "ra" / "đây" / "a.xlsx").is_file()


# --- issue 17 §5: argparse's messages and help in Vietnamese, usage errors exit 2 -------------------------------

ENGLISH = {"usage:", "error:", "argument", "arguments", "invalid", "required:", "options:", "positional", "show",
           "help", "expected", "unrecognized"}  # words of argparse's English; `--help` is not one of them


@pytest.mark.parametrize(("args", "message"), [
    (("refresh", "a.xlsx", "--year", "abc"),
     "Lỗi: --year: “abc” không phải là một năm; ghi năm bằng 4 chữ số, ví dụ 2027."),
    (("new", "--output", "So.xlsm", "--year", "27"),
     "Lỗi: --year: “27” không phải là một năm; ghi năm bằng 4 chữ số, ví dụ 2027."),
    (("summary", "a.xlsx"), "Lỗi: thiếu --output (bắt buộc phải ghi)."),
    (("lich", "a.xlsx"), "Lỗi: thiếu --output (bắt buộc phải ghi)."),
    (("hoso", "a.xlsx"), "Lỗi: thiếu --output (bắt buộc phải ghi)."),
    (("new",), "Lỗi: thiếu --output (bắt buộc phải ghi)."),
    (("check",), "Lỗi: thiếu ĐƯỜNG_DẪN (bắt buộc phải ghi)."),
    (("check", "a.xlsx", "--as-of"), "Lỗi: --as-of cần một giá trị ghi ngay sau nó."),
    (("check", "a.xlsx", "--bogus"), "Lỗi: không hiểu “--bogus”."),
    (("check", "a.xlsx", "--json=yes"), "Lỗi: --json không nhận giá trị (“yes”)."),
    (("check", "a.xlsx", "--jobs", "hai"), "Lỗi: --jobs: “hai” không phải là số nguyên."),
    (("check", "a.xlsx", "--jobs", "0"), "Lỗi: --jobs: 0 nhỏ hơn 1."),
    (("refresh", "a.xlsx", "--as-of", "2026-13-01"),
     "Lỗi: --as-of: “2026-13-01” không phải là ngày có thật; ghi ngày dạng dd/mm/yyyy hoặc yyyy-mm-dd."),
])
def test_bad_command_lines_are_refused_in_vietnamese(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    run = chibo(*args, cwd=tmp_path)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.startswith(f"Cách dùng: chibo {args[0]} [-h] "), run.stderr
    assert run.stderr.splitlines()[-2:] == [message, f"Xem hướng dẫn: chibo {args[0]} --help"]
    assert not ENGLISH & set(run.stderr.lower().split()), run.stderr
    assert run.stdout == "" and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "message"), [
    (("kiemtra", "a.xlsx"), "Lỗi: không có lệnh “kiemtra”; các lệnh là check, refresh, summary, lich, hoso, new, lite."),
    (("--bogus",), "Lỗi: không hiểu “--bogus”."),
])
def test_bad_command_is_refused_in_vietnamese(args: tuple[str, ...], message: str) -> None:
    run = chibo(*args)
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.splitlines() == ["Cách dùng: chibo [-h] LỆNH ...", message, "Xem hướng dẫn: chibo --help"]


def test_help_is_vietnamese() -> None:
    top = chibo("--help")
    assert top.returncode == 0
    assert top.stdout.startswith("Cách dùng: chibo [-h] LỆNH ...\n")
    assert "Tùy chọn:\n  -h, --help  In hướng dẫn này rồi thoát\n" in top.stdout
    assert "Lệnh:\n  LỆNH\n    check     Kiểm tra hồ sơ (chỉ đọc, không ghi gì vào tệp).\n" in top.stdout
    sub = chibo("refresh", "--help")
    assert sub.returncode == 0
    assert sub.stdout.startswith("Cách dùng: chibo refresh [-h] [--as-of NGÀY] [--year NĂM] [--output THƯ_MỤC] ")
    assert "Tham số:\n  ĐƯỜNG_DẪN         Tệp hoặc thư mục workbook\n" in sub.stdout
    assert "  --year NĂM        Năm kế hoạch; mặc định: ô 'Năm kế hoạch'\n" in sub.stdout
    for run in (top, sub, chibo()):
        assert not ENGLISH & set((run.stdout + run.stderr).lower().split()), run.stdout + run.stderr
    assert chibo().returncode == 2  # no command: the help, on stderr


def one_line(text: str) -> str:
    """A message as one line: the console wraps long ones at spaces."""
    return " ".join(text.split())


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder`, made and marked read-only (r-x) for the test's duration."""
    folder.mkdir()
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


def test_nothing_is_written_into_a_read_only_folder(tmp_path: Path) -> None:
    """`summary`, `new`, `lich`, `hoso` into a read-only folder: the truth in Vietnamese, exit 2, no traceback."""
    book = write_register_book(tmp_path / "a.xlsx")
    with read_only(tmp_path / "chỉ đọc") as folder:
        said = (f"Thư mục “{folder}” chỉ cho phép đọc: chibo không ghi được tệp vào đó. "
                "Hãy chọn thư mục khác (hoặc xin quyền ghi) rồi chạy lại.")
        for run in (chibo("summary", str(book), "--output", str(folder / "TongHop.xlsx")),
                    chibo("new", "--output", str(folder / "So.xlsm")),
                    chibo("lich", str(book), "--output", str(folder / "lich.ics")),
                    chibo("hoso", str(book), "--output", str(folder)),
                    chibo("hoso", str(book), "--output", str(folder / "ho-so"))):
            assert run.returncode == 2, run.stdout + run.stderr
            assert one_line(run.stderr) == said
            assert run.stdout == ""
        assert list(folder.iterdir()) == []


def test_refresh_output_refuses_a_workbook_name(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    for name, stem in (("out.xlsx", "out"), ("Ban sao.XLSM", "Ban sao")):
        run = chibo("refresh", str(book), "--output", str(tmp_path / name))
        assert run.returncode == 2, run.stdout + run.stderr
        assert one_line(run.stderr) == (
            f"--output của lệnh refresh là thư mục để ghi bản cập nhật (giữ nguyên tên tệp), mà “{tmp_path / name}” "
            f"mang đuôi {Path(name).suffix} như tên một workbook. Hãy ghi tên thư mục, ví dụ “{tmp_path / stem}”.")
        assert not (tmp_path / name).exists()


def test_hoso_creates_its_output_folder(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    target = tmp_path / "bản thảo" / "2025"
    run = chibo("hoso", str(book), "--output", str(target), "--as-of", "15/01/2025")
    assert run.returncode == 0, run.stdout + run.stderr
    written = sorted(p.name for p in target.iterdir())
    assert written and all(name.endswith(".docx") for name in written)
    assert f"Đã ghi {len(written)} bản thảo vào {target};" in one_line(run.stdout)


def test_hoso_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    run = chibo("hoso", str(book), "--output", str(book))
    assert run.returncode == 2
    assert one_line(run.stderr) == f"“{book}” là một tệp, không phải thư mục. Hãy ghi tên một thư mục."


def test_a_folder_given_for_a_file_is_refused(tmp_path: Path) -> None:
    book = write_register_book(tmp_path / "a.xlsx")
    for name, args in (("TongHop.xlsx", ("summary", str(book))), ("han.ics", ("lich", str(book))), ("So.xlsm", ("new",))):
        folder = tmp_path / name
        folder.mkdir()
        run = chibo(*args, "--output", str(folder))
        assert run.returncode == 2, run.stdout + run.stderr
        assert one_line(run.stderr) == f"“{folder}” là một thư mục, không phải tệp. Hãy ghi tên tệp sẽ tạo."
        assert list(folder.iterdir()) == []
