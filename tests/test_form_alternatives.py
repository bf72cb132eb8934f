"""Issue 17 §2: no alternative of a form is left in a draft, and 13-KNĐ dates the admission by the decision.

The official forms leave a clerk to strike out one of two words ("(hoặc kết nạp lại)", "Đoàn/Công đoàn",
"chi ủy (hoặc chi bộ)"); chibo resolves each from the register and `Cài đặt`. Every row kind is written
into a real workbook, drafted by `chibo hoso`, and the .docx read back with python-docx; one draft is
also printed through LibreOffice. Expected sentences are written by hand.
"""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from conftest import require
from register_books import D, write_book
from test_dossier import AS_OF, BINH, MEMBERS, SETTINGS, chibo, pdf_texts

SAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx"

# Probationary members whose recognition vote (20/05/2026) passed: a 13-KNĐ each. Decision 05/05/2025, ceremony
# 15/05/2025: the admission date is the decision's (PARTY_AGE, Điều lệ Đ5.4), the probation runs from the ceremony.
PROBATIONARY = {"dob": D(1995, 3, 15), "gender": "Nam", "education": "12/12", "helper": "Trần Văn Bình",
                "course_date": D(2024, 1, 10), "cell_vote_date": D(2024, 4, 1), "cell_vote_yes": 3,
                "cell_vote_total": 3, "committee_date": D(2024, 4, 20), "decision_date": D(2025, 5, 5),
                "decision_no": "37-QĐ/ĐU", "ceremony_date": D(2025, 5, 15), "new_member_course_date": D(2025, 10, 1),
                "recognition_vote_date": D(2026, 5, 20), "recognition_vote_yes": 3, "recognition_vote_present": 3}
READMITTED = {**PROBATIONARY, "name": "Lý Văn Lại", "readmitted": "Có"}
FIRST_TIME = {**PROBATIONARY, "name": "Mạc Văn Mới", "readmitted": "Không"}
# Candidates whose admission vote (25/05/2026) passed: a 5-KNĐ and a 6-KNĐ each.
BY_YOUTH_UNION = {**BINH, "name": "Đinh Thị Đoàn", "youth_member": "Có", "union_intro_date": D(2026, 4, 10)}
BY_TRADE_UNION = {**BINH, "name": "Công Văn Đoàn", "dob": D(1980, 5, 5), "youth_member": "Không",
                  "union_intro_date": D(2026, 4, 12)}
BY_MEMBERS = {**BINH, "name": "Hai Thị Giới", "introducer_2": "Hoàng Văn Đức"}  # no organisation introduced


def _text(path: Path) -> str:
    """Every paragraph of the document, the header and signature tables included, one per line."""
    document = docx.Document(str(path))
    cells = [p.text for table in document.tables for cell in table._cells for p in cell.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _hoso(book: Path, out: Path, as_of: str = AS_OF) -> dict[str, str]:
    out.mkdir()
    run = chibo("hoso", str(book), "--output", str(out), "--as-of", as_of)
    assert run.returncode == 0, run.stdout + run.stderr
    return {p.name: _text(p) for p in sorted(out.glob("*.docx"))}


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("alternatives")
    book = write_book(base / "so-theo-doi.xlsx", [READMITTED, FIRST_TIME, BY_YOUTH_UNION, BY_TRADE_UNION, BY_MEMBERS],
                      settings=SETTINGS, members=MEMBERS)
    return base / "ra", _hoso(book, base / "ra")


@pytest.fixture(scope="module")
def texts(drafted) -> dict[str, str]:
    return drafted[1]


def test_readmission_is_said_only_for_a_row_that_says_so(texts) -> None:
    readmitted = texts["13-KNĐ Lý Văn Lại 2026-05-20.docx"]
    assert ("đề nghị công nhận đảng viên dự bị Lý Văn Lại được kết nạp lại vào Đảng ngày 05 tháng 5 năm 2025, trở thành "
            "đảng viên chính thức.") in readmitted
    first = texts["13-KNĐ Mạc Văn Mới 2026-05-20.docx"]
    assert ("đề nghị công nhận đảng viên dự bị Mạc Văn Mới được kết nạp vào Đảng ngày 05 tháng 5 năm 2025, trở thành "
            "đảng viên chính thức.") in first
    assert "kết nạp lại" not in first


def test_recognition_dates_the_admission_by_the_decision_not_the_ceremony(texts) -> None:
    """PARTY_AGE: admitted on the decision's day (05/05/2025); PROB_12M: the 12 months run from the ceremony."""
    text = texts["13-KNĐ Mạc Văn Mới 2026-05-20.docx"]
    admitted = re.search(r"được kết nạp vào Đảng ngày (.+?), trở thành", text)
    assert admitted is not None and admitted.group(1) == "05 tháng 5 năm 2025"
    assert "ngày 15 tháng 5 năm 2025" not in text
    assert ("quyết định kết nạp số 37-QĐ/ĐU ngày 05/05/2025; lễ kết nạp ngày 15/05/2025, hết 12 tháng dự bị ngày "
            "15/05/2026") in text


def test_the_introducing_union_is_named_from_the_register(texts) -> None:
    """Điều lệ Đ4.1 (INTRO_N, CD_CASE): a Youth Union member's resolution is the Đoàn's; a non-member's the trade
    union's; no resolution, no phrase."""
    youth = texts["6-KNĐ Đinh Thị Đoàn 2026-05-25.docx"]
    assert ("giấy giới thiệu của đảng viên chính thức (Lê Thị Cúc), nghị quyết giới thiệu của Ban Chấp hành Đoàn cơ sở "
            "ngày 10/04/2026, tổng hợp ý kiến nhận xét của đoàn thể chính trị - xã hội và chi ủy nơi cư trú;") in youth
    trade = texts["6-KNĐ Công Văn Đoàn 2026-05-25.docx"]
    assert ("giấy giới thiệu của đảng viên chính thức (Lê Thị Cúc), nghị quyết giới thiệu của Ban Chấp hành Công đoàn "
            "cơ sở ngày 12/04/2026, tổng hợp ý kiến") in trade
    members = texts["6-KNĐ Hai Thị Giới 2026-05-25.docx"]
    assert ("giấy giới thiệu của đảng viên chính thức (Lê Thị Cúc, Hoàng Văn Đức), tổng hợp ý kiến nhận xét của đoàn "
            "thể chính trị - xã hội và chi ủy nơi cư trú;") in members
    assert "nghị quyết giới thiệu" not in members


def test_the_residence_is_named_as_the_forms_name_it(texts) -> None:
    opinions = texts["5-KNĐ Đinh Thị Đoàn 2026-05-05.docx"]
    assert "CỦA ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI\nVÀ CHI ỦY NƠI CƯ TRÚ" in opinions
    assert ("1- Tổng số đoàn thể chính trị - xã hội (mà người vào Đảng là thành viên) và chi ủy nơi cư trú có ý kiến "
            "nhận xét: …… tổ chức.") in opinions
    # the cell has a committee (`Chi bộ có chi ủy` left to its default, Có): its chi ủy sums up and signs
    assert "Chi ủy Chi bộ Trường Tiểu học Hòa Bình tổng hợp các ý kiến nhận xét" in opinions
    assert "T/M CHI ỦY" in opinions and "T/M CHI BỘ" not in opinions


def test_a_cell_without_youth_union_or_committee(tmp_path: Path) -> None:
    """`Có tổ chức Đoàn` = Không: the trade union introduced (CD_CASE), even a Youth Union member; `Chi bộ có chi
    ủy` = Không: the cell itself sums up the opinions and its secretary signs T/M CHI BỘ."""
    settings = {**SETTINGS, "Có tổ chức Đoàn": "Không", "Chi bộ có chi ủy": "Không"}
    book = write_book(tmp_path / "so.xlsx", [BY_YOUTH_UNION], settings=settings, members=MEMBERS)
    texts = _hoso(book, tmp_path / "ra")
    assert ("nghị quyết giới thiệu của Ban Chấp hành Công đoàn cơ sở ngày 10/04/2026"
            in texts["6-KNĐ Đinh Thị Đoàn 2026-05-25.docx"])
    opinions = texts["5-KNĐ Đinh Thị Đoàn 2026-05-05.docx"]
    assert "; Chi bộ Trường Tiểu học Hòa Bình tổng hợp các ý kiến nhận xét đó đối với quần chúng Đinh Thị Đoàn" in opinions
    assert "T/M CHI BỘ" in opinions and "CHI ỦY" not in opinions.replace("VÀ CHI ỦY NƠI CƯ TRÚ", "")


def test_without_a_youth_column_the_youth_union_age_decides(tmp_path: Path) -> None:
    """No `Đoàn viên` column: a person of Youth Union age (under 31, YOUTH_DV) at the vote was introduced by the Đoàn,
    an older one by the trade union."""
    young = {k: v for k, v in BINH.items() if k != "youth_member"} | {"name": "Trẻ Thị Xuân", "dob": D(1999, 1, 1),
                                                                         "union_intro_date": D(2026, 4, 10)}
    older = young | {"name": "Già Văn Thu", "dob": D(1975, 1, 1)}
    texts = _hoso(write_book(tmp_path / "so.xlsx", [young, older], settings=SETTINGS, members=MEMBERS), tmp_path / "ra")
    assert "nghị quyết giới thiệu của Ban Chấp hành Đoàn cơ sở ngày 10/04/2026" in texts["6-KNĐ Trẻ Thị Xuân 2026-05-25.docx"]
    assert ("nghị quyết giới thiệu của Ban Chấp hành Công đoàn cơ sở ngày 10/04/2026"
            in texts["6-KNĐ Già Văn Thu 2026-05-25.docx"])


ALTERNATIVE = re.compile(r"hoặc|Đoàn/Công đoàn|Chi ủy/Chi bộ|chi ủy/chi bộ|\{\{|\{%", re.IGNORECASE)


def _no_alternative(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        found = ALTERNATIVE.search(text)
        assert found is None, f"{name}: “{text[max(0, found.start() - 60):found.end() + 30]}”"


def test_no_alternative_in_any_draft_of_the_rows(texts) -> None:
    assert len(texts) == 8  # 13-KNĐ ×2, 5-KNĐ and 6-KNĐ ×3
    _no_alternative(texts)


def test_no_alternative_in_any_draft_of_the_sample(tmp_path: Path) -> None:
    texts = _hoso(SAMPLE, tmp_path / "ra", "15/11/2026")
    assert {name.split()[0] for name in texts} == {"Phân", "5-KNĐ", "6-KNĐ", "12-KNĐ", "13-KNĐ"}  # "Phân công giúp đỡ …"
    _no_alternative(texts)
    # the sample's youth member introduced by a union resolution (Trịnh Thị Phương Thảo): the Đoàn's
    (thao,) = [t for n, t in texts.items() if n.startswith("6-KNĐ Trịnh Thị Phương Thảo")]
    assert "nghị quyết giới thiệu của Ban Chấp hành Đoàn cơ sở ngày 15/09/2026" in thao


def test_the_printed_recognition_resolution_reads_resolved(drafted, tmp_path: Path) -> None:
    """The 13-KNĐ of a re-admitted member as LibreOffice Writer prints it."""
    require("soffice", "pdftotext")
    path = drafted[0] / "13-KNĐ Lý Văn Lại 2026-05-20.docx"
    text = pdf_texts([path], tmp_path)[path.name]
    assert ("đề nghị công nhận đảng viên dự bị Lý Văn Lại được kết nạp lại vào Đảng ngày 05 tháng 5 năm 2025, trở thành "
            "đảng viên chính thức.") in text
    assert "hoặc" not in text and "lễ kết nạp ngày 15/05/2025, hết 12 tháng dự bị ngày 15/05/2026" in text
