"""The Party's document format (HD 36-HD/VPTW) in every document chibo writes: dates, line breaks of the header."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import require
from register_books import write_book
from test_dossier import AN, AS_OF, BINH, MEMBERS, SETTINGS, chibo

from addin.rules.layout import balanced_lines
from addin.rules.settings import Settings, read_settings
from addin.rules.text import fold
from addin.rules.values import document_date, document_date_parts


def test_dates_take_a_zero_before_days_under_10_and_the_months_1_and_2():
    assert document_date(dt.date(2026, 7, 8)) == "ngày 08 tháng 7 năm 2026"
    assert document_date(dt.date(2026, 11, 15)) == "ngày 15 tháng 11 năm 2026"
    assert document_date(dt.date(2027, 2, 5)) == "ngày 05 tháng 02 năm 2027"
    assert document_date(dt.date(2027, 1, 31)) == "ngày 31 tháng 01 năm 2027"
    assert document_date(dt.date(2027, 3, 1)) == "ngày 01 tháng 3 năm 2027"
    assert document_date_parts(dt.date(2026, 10, 9)) == ("09", "10", "2026")


def test_a_name_breaks_between_words_as_a_person_sets_it():
    assert balanced_lines("CHI BỘ VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 2", 26) == ["CHI BỘ VIỆN KIỂM SÁT", "NHÂN DÂN KHU VỰC 2"]
    assert balanced_lines("ĐẢNG BỘ VIỆN KIỂM SÁT NHÂN DÂN TỈNH QUẢNG NINH", 30) == [
        "ĐẢNG BỘ VIỆN KIỂM SÁT", "NHÂN DÂN TỈNH QUẢNG NINH"]
    assert balanced_lines("ĐẢNG BỘ PHƯỜNG UÔNG BÍ", 18) == ["ĐẢNG BỘ", "PHƯỜNG UÔNG BÍ"]  # place word and its name
    assert balanced_lines("ĐẢNG BỘ XÃ HÒA BÌNH", 30) == ["ĐẢNG BỘ XÃ HÒA BÌNH"]  # fits: one line
    assert balanced_lines("ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", 30) == [
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN", "VÀ DOANH NGHIỆP TỈNH"]  # no line ends on "VÀ"


def test_a_title_leaves_no_word_alone_on_a_line():
    # "XÃ" of "CHÍNH TRỊ - XÃ HỘI" is no place word; the break falls before "VÀ", not before the last word
    assert balanced_lines("CỦA ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI VÀ CHI ỦY NƠI CƯ TRÚ", 44) == [
        "CỦA ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI", "VÀ CHI ỦY NƠI CƯ TRÚ"]
    assert balanced_lines("Phân công đảng viên chính thức giúp đỡ quần chúng phấn đấu vào Đảng", 44) == [
        "Phân công đảng viên chính thức", "giúp đỡ quần chúng phấn đấu vào Đảng"]


VKS = {**SETTINGS, "Tên chi bộ": "Chi bộ Viện kiểm sát nhân dân khu vực 2",
       "Đảng bộ cấp trên": "Đảng bộ Viện kiểm sát nhân dân tỉnh Quảng Ninh"}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("vks")
    book = write_book(base / "so-theo-doi.xlsx", [BINH, AN], settings=VKS, members=MEMBERS)
    out = base / "ra"
    out.mkdir()
    run = chibo("hoso", str(book), "--output", str(out), "--as-of", AS_OF)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def pdf_lines(path: Path, folder: Path) -> list[str]:
    """The lines of the document as LibreOffice Writer prints it (pdftotext -layout), each stripped."""
    require("soffice", "pdftotext")
    subprocess.run(["soffice", "-env:UserInstallation=file:///tmp/lo-dossier", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(path)], capture_output=True, timeout=300)
    raw = subprocess.run(["pdftotext", "-layout", str(folder / f"{path.stem}.pdf"), "-"], capture_output=True,
                         text=True).stdout
    return [line.strip() for line in raw.splitlines() if line.strip()]


def test_the_header_block_breaks_the_names_between_words(drafts: Path, tmp_path: Path) -> None:
    path = drafts / "5-KNĐ Trần Thị Bình 2026-05-05.docx"
    left = docx.Document(str(path)).tables[0].rows[0].cells[0].text
    assert left == "ĐẢNG BỘ VIỆN KIỂM SÁT\nNHÂN DÂN TỈNH QUẢNG NINH\nCHI BỘ VIỆN KIỂM SÁT\nNHÂN DÂN KHU VỰC 2\n*"
    lines = pdf_lines(path, tmp_path)
    assert lines[0].startswith("ĐẢNG BỘ VIỆN KIỂM SÁT ") and lines[0].endswith(" ĐẢNG CỘNG SẢN VIỆT NAM")
    assert lines[1] == "NHÂN DÂN TỈNH QUẢNG NINH"
    assert lines[2].startswith("CHI BỘ VIỆN KIỂM SÁT ")  # Writer keeps chibo's lines: the column is wide enough
    assert lines[3] == "NHÂN DÂN KHU VỰC 2"
    assert "CỦA ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI" in lines  # the title in two even lines


def test_the_superior_committee_and_the_signer_come_from_cai_dat():
    settings, problems = read_settings({fold("Chi bộ có chi ủy"): (9, "Không"),
                                        fold("Đảng bộ cấp trên"): (2, "Đảng bộ phường Uông Bí")})
    assert problems == [] and settings.has_committee is False and settings.on_behalf == "T/M CHI BỘ"
    assert settings.superior_committee == "Đảng ủy phường Uông Bí"
    default = Settings()
    assert default.has_committee is True and default.on_behalf == "T/M CHI ỦY"
    assert default.superior_committee == "Đảng ủy"


def paragraphs(path: Path) -> str:
    """Every paragraph of the document, its tables' cells included, one per line."""
    document = docx.Document(str(path))
    cells = [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_summaries_are_signed_by_the_committee_resolutions_by_the_cell(drafts: Path) -> None:
    summary = paragraphs(drafts / "5-KNĐ Trần Thị Bình 2026-05-05.docx")
    assert "Chi ủy Chi bộ Viện kiểm sát nhân dân khu vực 2 tổng hợp các ý kiến nhận xét" in summary
    assert "T/M CHI ỦY" in summary and "T/M CHI BỘ" not in summary
    resolution = paragraphs(drafts / "6-KNĐ Trần Thị Bình 2026-05-25.docx")
    assert "T/M CHI BỘ" in resolution and "T/M CHI ỦY" not in resolution  # the cell meeting's resolution
    assert "- Đảng ủy Viện kiểm sát nhân dân tỉnh Quảng Ninh (để xét)," in resolution.splitlines()


def test_a_cell_with_only_a_secretary_sums_up_the_opinions_itself(tmp_path: Path) -> None:
    book = write_book(tmp_path / "so.xlsx", [BINH], settings={**VKS, "Chi bộ có chi ủy": "Không"}, members=MEMBERS)
    out = tmp_path / "ra"
    out.mkdir()
    assert chibo("hoso", str(book), "--output", str(out), "--as-of", AS_OF).returncode == 0
    summary = paragraphs(out / "5-KNĐ Trần Thị Bình 2026-05-05.docx")
    assert "; Chi bộ Viện kiểm sát nhân dân khu vực 2 tổng hợp các ý kiến nhận xét" in summary
    assert "T/M CHI BỘ" in summary and "T/M CHI ỦY" not in summary
