"""`chibo hoso`: Word drafts of the dossier forms, filled from a hand-made register.

The drafts are opened by LibreOffice Writer (converted to PDF, read back with pdftotext):
the person's data, the vote counts and the HD 36 frame must be in the text, and "……"
where the register is silent. Dates are the register's (file names say form, person, date).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import require
from docx.shared import Pt
from register_books import D, write_book

from addin.documents.dossier import TEMPLATES, DossierForm
from addin.documents.make_templates import template_bytes

AS_OF = "01/06/2026"
SETTINGS = {"Tên chi bộ": "Chi bộ Trường Tiểu học Hòa Bình", "Đảng bộ cấp trên": "Đảng bộ xã Hòa Bình",
            "Địa danh": "Hòa Bình", "Bí thư chi bộ": "Trần Văn Bình"}
MEMBERS = [{"name": n, "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)}
           for n in ("Trần Văn Bình", "Lê Thị Cúc", "Hoàng Văn Đức")]
KHOA = {"name": "Phan Minh Khoa", "dob": D(2000, 2, 3), "gender": "Nam", "unit": "Giáo viên tổ Toán",
        "helper": "Lê Thị Cúc", "source_date": D(2026, 3, 11)}
BINH = {"name": "Trần Thị Bình", "dob": D(1998, 7, 1), "gender": "Nữ", "ethnicity": "Tày", "religion": "Không",
        "education": "Đại học", "unit": "Kế toán", "youth_member": "Có", "helper": "Lê Thị Cúc",
        "course_date": D(2026, 1, 15), "application_date": D(2026, 2, 1), "cv_date": D(2026, 2, 10),
        "verification_date": D(2026, 4, 1), "introducer_1": "Lê Thị Cúc", "opinions_date": D(2026, 5, 5),
        "cell_vote_date": D(2026, 5, 25), "cell_vote_yes": 5, "cell_vote_total": 6}
DUNG = {"name": "Đỗ Thị Dung", "dob": D(1997, 4, 4), "gender": "Nữ", "education": "12/12", "youth_member": "Có",
        "helper": "Hoàng Văn Đức", "course_date": D(2026, 1, 15)}
AN = {"name": "Nguyễn Văn An", "dob": D(1995, 3, 15), "gender": "Nam", "education": "12/12", "unit": "Bảo vệ",
      "helper": "Trần Văn Bình", "course_date": D(2024, 1, 10), "cell_vote_date": D(2024, 4, 1), "cell_vote_yes": 3,
      "cell_vote_total": 3, "committee_date": D(2024, 4, 20), "decision_date": D(2025, 5, 5), "decision_no": "37-QĐ/ĐU",
      "ceremony_date": D(2025, 5, 15), "new_member_course_date": D(2025, 10, 1),
      "recognition_vote_date": D(2026, 5, 20), "recognition_vote_yes": 3}
CHINH = {"name": "Vũ Văn Chính", "dob": D(1990, 1, 1), "decision_date": D(2023, 12, 1), "ceremony_date": D(2024, 1, 5),
         "recognition_vote_date": D(2025, 1, 10), "recognition_date": D(2025, 2, 1)}
EXPECTED = {
    "Phân công giúp đỡ Phan Minh Khoa 2026-03-11.docx",
    "5-KNĐ Trần Thị Bình 2026-05-05.docx",  # the date of the summary of opinions
    "6-KNĐ Trần Thị Bình 2026-05-25.docx",  # the meeting
    "5-KNĐ Đỗ Thị Dung 2026-06-01.docx",  # not held yet: the reference date
    "6-KNĐ Đỗ Thị Dung 2026-06-01.docx",
    "12-KNĐ Nguyễn Văn An 2026-06-01.docx",
    "13-KNĐ Nguyễn Văn An 2026-05-20.docx",
}


def chibo(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True, env=env)


def register(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_book(folder / "so-theo-doi.xlsx", [KHOA, BINH, DUNG, AN, CHINH], settings=SETTINGS, members=MEMBERS)


def pdf_texts(paths: list[Path], folder: Path) -> dict[str, str]:
    """Each document as LibreOffice Writer lays it out, whitespace folded."""
    run = subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo-dossier", "--headless", "--convert-to",
                          "pdf", "--outdir", str(folder), *map(str, paths)], capture_output=True, timeout=300)
    texts = {}
    for p in paths:
        pdf = folder / f"{p.stem}.pdf"
        assert pdf.exists(), run.stderr
        raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        texts[p.name] = " ".join(raw.split())
    return texts


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    base = tmp_path_factory.mktemp("hoso")
    book = register(base / "so")
    out = base / "ra"
    out.mkdir()
    run = chibo("hoso", str(book), "--output", str(out), "--as-of", AS_OF)
    assert run.returncode == 0, run.stdout + run.stderr
    return out, run


@pytest.fixture(scope="module")
def texts(written, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The drafts as LibreOffice Writer prints them (the shared gate: skipped without LibreOffice, required in CI)."""
    require("soffice", "pdftotext")
    return pdf_texts(sorted(written[0].glob("*.docx")), tmp_path_factory.mktemp("pdf"))


def test_drafts_for_each_stage_named_by_form_person_and_date(written) -> None:
    out, run = written
    assert {p.name for p in out.iterdir()} == EXPECTED  # nobody official; one person per stage's forms
    assert "Đã ghi 7 bản thảo" in run.stdout


def test_admission_resolution_holds_the_register_data(texts) -> None:
    text = texts["6-KNĐ Trần Thị Bình 2026-05-25.docx"]
    for expected in ("ĐẢNG BỘ XÃ HÒA BÌNH", "CHI BỘ TRƯỜNG TIỂU HỌC HÒA BÌNH", "Số ……-NQ/CB", "ĐẢNG CỘNG SẢN VIỆT NAM",
                     "Hòa Bình, ngày 25 tháng 05 năm 2026", "NGHỊ QUYẾT", "Đề nghị kết nạp đảng viên",
                     "Ngày 25 tháng 05 năm 2026, Chi bộ Trường Tiểu học Hòa Bình đã họp để xét đề nghị kết nạp "
                     "quần chúng Trần Thị Bình vào Đảng",
                     "Tổng số đảng viên chính thức của chi bộ: 6 đồng chí; có mặt: …… đồng chí; vắng mặt: …… đồng chí",
                     "giấy giới thiệu của đảng viên chính thức (Lê Thị Cúc)", "cấp ngày 15/01/2026",
                     "sinh ngày 01/07/1998; giới tính: Nữ; dân tộc: Tày; tôn giáo: Không; trình độ học vấn: Đại học; "
                     "chức vụ, đơn vị công tác: Kế toán",
                     "Số đảng viên chính thức tán thành: 5 đồng chí (đạt 83,3% so với tổng số đảng viên chính thức); "
                     "không tán thành: …… đồng chí",
                     "T/M CHI BỘ", "BÍ THƯ", "Trần Văn Bình", "Nơi nhận:", "Lưu chi bộ"):
        assert expected in text, expected


def test_blanks_where_the_register_is_silent(texts) -> None:
    text = texts["6-KNĐ Đỗ Thị Dung 2026-06-01.docx"]
    assert "Ngày …… tháng …… năm ……, Chi bộ Trường Tiểu học Hòa Bình đã họp" in text
    assert "Hòa Bình, ngày …… tháng …… năm ……" in text
    assert "Tổng số đảng viên chính thức của chi bộ: …… đồng chí" in text
    assert "dân tộc: ……; tôn giáo: ……" in text and "chức vụ, đơn vị công tác: ……" in text
    assert "tán thành: …… đồng chí (đạt …… so với" in text


def test_recognition_forms(texts) -> None:
    text = texts["13-KNĐ Nguyễn Văn An 2026-05-20.docx"]
    for expected in ("Đề nghị công nhận đảng viên chính thức",
                     "Ngày 20 tháng 05 năm 2026, Chi bộ Trường Tiểu học Hòa Bình đã họp để xét đề nghị công nhận "
                     "đảng viên chính thức cho đồng chí Nguyễn Văn An",
                     "Tổng số đảng viên chính thức của chi bộ: 3 đồng chí",  # from the `Đảng viên` sheet on 20/05
                     "được kết nạp vào Đảng ngày 15/05/2025 theo Quyết định số 37-QĐ/ĐU ngày 05/05/2025",
                     "hết thời gian dự bị ngày 15/05/2026", "giấy chứng nhận ngày 01/10/2025",
                     "(đồng chí Trần Văn Bình)", "tán thành: 3 đồng chí (đạt 100% so với"):
        assert expected in text, expected
    summary = texts["12-KNĐ Nguyễn Văn An 2026-06-01.docx"]
    assert "đối với đảng viên dự bị" in summary and "đồng chí Nguyễn Văn An, sinh ngày 15/03/1995" in summary
    assert "T/M CHI ỦY" in summary


def test_helper_assignment_and_opinions(texts) -> None:
    text = texts["Phân công giúp đỡ Phan Minh Khoa 2026-03-11.docx"]
    assert "Phân công đồng chí Lê Thị Cúc, đảng viên chính thức của chi bộ, giúp đỡ quần chúng Phan Minh Khoa, " \
           "sinh ngày 03/02/2000" in text
    assert "CHI BỘ TRƯỜNG TIỂU HỌC HÒA BÌNH QUYẾT NGHỊ" in text and "Hòa Bình, ngày 11 tháng 03 năm 2026" in text
    opinions = texts["5-KNĐ Trần Thị Bình 2026-05-05.docx"]
    assert "đối với người xin vào Đảng" in opinions and "quần chúng Trần Thị Bình, sinh ngày 01/07/1998" in opinions
    assert "Hòa Bình, ngày 05 tháng 05 năm 2026" in opinions


def test_layout_is_hd36(written) -> None:
    document = docx.Document(str(written[0] / "6-KNĐ Trần Thị Bình 2026-05-25.docx"))
    section = document.sections[0]
    mm = [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                         section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]  # A4; margins within HD 36's 20–25/20–25/30–35/15–20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)


def test_existing_files_are_never_replaced(tmp_path: Path) -> None:
    book = register(tmp_path / "so")
    out = tmp_path / "ra"
    out.mkdir()
    assert chibo("hoso", str(book), "--output", str(out), "--as-of", AS_OF, "--person", "trần thị  BÌNH").returncode == 0
    assert {p.name for p in out.iterdir()} == {"5-KNĐ Trần Thị Bình 2026-05-05.docx", "6-KNĐ Trần Thị Bình 2026-05-25.docx"}
    edited = out / "6-KNĐ Trần Thị Bình 2026-05-25.docx"
    edited.write_bytes(b"ban da sua")
    again = chibo("hoso", str(book), "--output", str(out), "--as-of", AS_OF, "--person", "Trần Thị Bình")
    assert again.returncode == 0
    assert "Đã có 6-KNĐ Trần Thị Bình 2026-05-25.docx trong thư mục: giữ nguyên, không ghi đè" in again.stdout
    assert edited.read_bytes() == b"ban da sua"


def test_committee_template_in_mau_folder_wins(tmp_path: Path) -> None:
    book = register(tmp_path / "so")
    own = docx.Document()
    own.add_paragraph("MẪU CỦA CHI BỘ: {{ name }} – {{ in_favour }}/{{ official_total }}")
    (tmp_path / "so" / "Mẫu").mkdir()
    own.save(str(tmp_path / "so" / "Mẫu" / "6-KNĐ.docx"))
    out = tmp_path / "ra"
    out.mkdir()
    assert chibo("hoso", str(book), "--output", str(out), "--as-of", AS_OF, "--person", "Trần Thị Bình").returncode == 0
    text = "\n".join(p.text for p in docx.Document(str(out / "6-KNĐ Trần Thị Bình 2026-05-25.docx")).paragraphs)
    assert text == "MẪU CỦA CHI BỘ: Trần Thị Bình – 5/6"
    opinions = docx.Document(str(out / "5-KNĐ Trần Thị Bình 2026-05-05.docx"))  # no own 5-KNĐ: chibo's
    assert any("TỔNG HỢP Ý KIẾN NHẬN XÉT" in p.text for p in opinions.paragraphs)


def test_refusals_are_vietnamese(tmp_path: Path) -> None:
    book = register(tmp_path / "so")
    missing = chibo("hoso", str(book), "--output", str(tmp_path / "khong-co"))
    assert missing.returncode == 2 and "Không có thư mục" in missing.stderr
    assert not (tmp_path / "khong-co").exists()
    (tmp_path / "ra").mkdir()
    nobody = chibo("hoso", str(book), "--output", str(tmp_path / "ra"), "--person", "Người Lạ")
    assert nobody.returncode == 2 and "Không có “Người Lạ”" in nobody.stderr
    official = chibo("hoso", str(book), "--output", str(tmp_path / "ra"), "--person", "Vũ Văn Chính")
    assert official.returncode == 0 and "chưa cần văn bản nào" in official.stdout
    assert not list((tmp_path / "ra").iterdir())


def test_committed_templates_are_what_the_script_writes() -> None:
    for form in DossierForm:
        assert template_bytes(form) == (TEMPLATES / form.template).read_bytes(), \
            f"run: python -m addin.documents.make_templates ({form.template})"
    assert "HD 12-HD/BTCTW" in (TEMPLATES / "SOURCES.md").read_text("utf-8")


def test_document_libraries_load_only_on_their_paths() -> None:
    code = ("import sys, addin.cli, addin.documents.dossier, addin.workbook.agenda, addin.workbook.statistics;"
            "print(sorted(m for m in ('docx', 'docxtpl', 'icalendar', 'pandas') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


def test_same_register_gives_the_same_bytes(tmp_path: Path) -> None:
    book = register(tmp_path / "so")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        run = chibo("hoso", str(book), "--output", str(tmp_path / name), "--as-of", AS_OF, "--person", "Trần Thị Bình")
        assert run.returncode == 0, run.stderr
    first = sorted((tmp_path / "a").iterdir())
    assert len(first) == 2
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
