"""Issue 17 §4: the sheets a committee prints read as what they are, through LibreOffice's PDF.

`Cài đặt` at full size without overlapping lines (fit to width only), `Ngày nghỉ` one page across,
`Hướng dẫn` whole, `chibo new` a handful of pages (not 34 of empty headers) with `xlwings.conf` hidden.
Sizes are read from `pdftotext -bbox`: a 12-point word's box is about 15 points tall at full scale.
"""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from printing import needs_print_tools, print_sheet, refreshed_copy
from workbook_builders import write_register_book

from addin.excel.template import BUTTONS, build_template
from addin.files.jobs import refresh_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbooks" / "chi-bo-mau.xlsx"
Box = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax, word
MIN_WORD_HEIGHT = 11.0  # points: a 12-point word printed at 75 % of its size or more
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf: Path) -> list[list[Box]]:
    """Every word of every page with its box."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
            for page in html.split("<page ")[1:]]


def last_pdf(tmp_path: Path) -> Path:
    return max((tmp_path / "printed").glob("*.pdf"), key=lambda p: p.stat().st_mtime_ns)


def overlaps(page: list[Box]) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: crossing by more than two points across and more than half
    their height (the boxes of two wrapped lines of one cell touch by a point or two, never by half)."""
    found = []
    for i, (x0, y0, x1, y1, w) in enumerate(page):
        for a0, b0, a1, b1, v in page[i + 1:]:
            if min(x1, a1) - max(x0, a0) > 2 and min(y1, b1) - max(y0, b0) > min(y1 - y0, b1 - b0) / 2:
                found.append((w, v))
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def missing_words(texts: list[str], printed: str) -> Counter[str]:
    """The words of `texts` the page lacks (a cell's text wraps beside its neighbours, so words, not sentences)."""
    return Counter(w for t in texts for w in t.split()) - Counter(printed.split())


@pytest.fixture(scope="module")
def refreshed_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return refreshed_copy(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def new_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("new") / "SoMoi.xlsm"
    build_template(path, 2027)
    return path


@needs_print_tools
def test_sample_settings_print_at_full_size_without_overlap(refreshed_sample: Path, tmp_path: Path) -> None:
    printed = print_sheet(refreshed_sample, "Cài đặt", tmp_path)
    pages = pdf_words(last_pdf(tmp_path))
    assert "841.89 x 595.304 pts (A4)" in printed.info and len(printed.pages) == 5  # landscape, 5 pages, not 1 squeezed
    heights = sorted(y1 - y0 for page in pages for _, y0, _, y1, _ in page)
    assert heights[len(heights) // 2] >= MIN_WORD_HEIGHT, heights[len(heights) // 2]
    assert [overlaps(page) for page in pages] == [[]] * 5
    assert all("Mục" in page and "Ghi chú" in page for page in printed.pages)  # the header on every page
    assert missing_words(["Chi bộ Viện kiểm sát nhân dân khu vực 2", "Người trong độ tuổi thanh niên (nơi có tổ chức "
                          "Đoàn) phải là đoàn viên. Chi bộ xác nhận giá trị này với đảng ủy cấp trên trước khi dùng."],
                         printed.text) == Counter()  # not cut


@needs_print_tools
def test_sample_calendar_fits_one_page_across(refreshed_sample: Path, tmp_path: Path) -> None:
    printed = print_sheet(refreshed_sample, "Ngày nghỉ", tmp_path)
    assert "595.304 x 841.89 pts (A4)" in printed.info and len(printed.pages) == 1
    page = flat(printed.pages[0])
    assert "Ngày Loại Ghi chú" in page and "Nghỉ hoán đổi dịp Tết Đinh Mùi theo thông báo của Viện" in page


@needs_print_tools
@pytest.mark.parametrize("which", ["sample", "new"])
def test_guide_is_printed_whole(which: str, refreshed_sample: Path, new_book: Path, tmp_path: Path) -> None:
    printed = print_sheet(refreshed_sample if which == "sample" else new_book, "Hướng dẫn", tmp_path)
    assert len(printed.pages) == 1 and "###" not in printed.text
    texts = [b.description for b in BUTTONS] + [  # none cut at the edge or under the next row
        "Họ tên, ngày sinh, các mốc ngày (dd/mm/yyyy, ví dụ 02/02/2026), người giúp đỡ, người giới thiệu. Bốn cột "
        "cuối (Giai đoạn, Kết quả kiểm tra, Việc tiếp theo, Hạn) do chibo ghi."]
    if which == "sample":
        texts.append("Các việc chibo làm: trong sổ .xlsm tạo bằng lệnh 'chibo new' mỗi việc là một nút bấm; với tệp "
                     "này, người cài chibo chạy lệnh 'chibo refresh' (cập nhật sổ) và 'chibo hoso' (soạn bản thảo hồ sơ).")
    assert missing_words(texts, printed.text) == Counter()
    assert [overlaps(p) for p in pdf_words(last_pdf(tmp_path))] == [[]]


def test_new_book_page_setup(new_book: Path) -> None:
    book = openpyxl.load_workbook(new_book)
    assert book["xlwings.conf"].sheet_state == "hidden"
    assert [ws.title for ws in book.worksheets if ws.sheet_state == "visible"][0] == "Hướng dẫn"
    for name in ("Theo dõi", "Đảng viên", "Chỉ tiêu", "Kiểm tra", "Cài đặt"):
        ws = book[name]
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape"), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert book["Ngày nghỉ"].page_setup.orientation == "portrait"
    assert book["Theo dõi"].print_title_rows == "$1:$1" and book["Chỉ tiêu"].print_title_rows == "$4:$4"


@needs_print_tools
def test_new_book_prints_a_handful_of_pages(new_book: Path, tmp_path: Path) -> None:
    """The whole workbook as LibreOffice prints it: 13 pages (34 before issue 17), no `xlwings.conf`: one page for each
    sheet but `Cài đặt`, whose planning texts (the plan's sections, as the committee may rewrite them) take 6."""
    out = tmp_path / "pdf"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(new_book)], capture_output=True, timeout=180)
    pdf = out / "SoMoi.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+13$", info, re.M), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = [flat(p) for p in text.split("\f") if p.strip()]
    assert "INTERPRETER_WIN" not in text and "pythonw.exe" not in text  # the hidden sheet is not printed
    assert pages[0].startswith("HƯỚNG DẪN DÙNG SỔ THEO DÕI PHÁT TRIỂN ĐẢNG VIÊN")
    assert {"STT", "Họ", "tên", "Ngày", "sinh", "Hạn"} <= set(pages[1].split())  # the register's header, one page across
    # `Kiểm tra`, one page, as refresh writes it: its header row tall enough for the rule id's two lines
    assert pages[5].startswith("KẾT QUẢ KIỂM TRA HỒ SƠ PHÁT TRIỂN ĐẢNG VIÊN Chi bộ …… – tính đến ngày …… Mã quy tắc (cho "
                               "STT Mức độ Sheet Ô Họ và tên Nội dung Căn cứ kỹ thuật)")
    settings = [p for p in pages if p.startswith("Mục Giá trị Giải thích")]
    assert len(settings) == 6  # `Cài đặt`: its 3 columns, header repeated, the lists beside them left out
    assert not any("Danh mục Có/Không" in p for p in pages)
    assert [overlaps(p) for p in pdf_words(pdf)] == [[]] * 13


@needs_print_tools
def test_sheets_chibo_creates_print_readably(tmp_path: Path) -> None:
    """`Cài đặt` and `Ngày nghỉ` created by a refresh of a book without them: the layout of `chibo new` (issue 19),
    one page across at full size; `Cài đặt` landscape, its three columns on 5 pages (6 in a new workbook, whose
    default font, Times New Roman 12, is larger than this book's Calibri 11)."""
    book = write_register_book(tmp_path / "so.xlsx")
    assert refresh_file(book, as_of=None).ok
    ws = openpyxl.load_workbook(book)["Cài đặt"]
    assert ws.page_setup.orientation == "landscape" and (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws["A2"].alignment.wrap_text is True
    printed = print_sheet(book, "Cài đặt", tmp_path)
    words = pdf_words(last_pdf(tmp_path))
    assert "841.89 x 595.304 pts (A4)" in printed.info and len(printed.pages) == 5
    heights = sorted(y1 - y0 for page in words for _, y0, _, y1, _ in page)
    assert heights[len(heights) // 2] >= MIN_WORD_HEIGHT
    assert [overlaps(page) for page in words] == [[]] * 5
    assert all(flat(page).startswith("Mục Giá trị Giải thích") for page in printed.pages)  # the header on every page
    assert not any("Danh mục Có/Không" in page for page in printed.pages)  # the lists beside are not printed
    assert missing_words(["Kế hoạch: tổng hợp nhận xét đảng viên dự bị sau khi hết dự bị (ngày làm việc)"],
                         printed.text) == Counter()
    calendar = print_sheet(book, "Ngày nghỉ", tmp_path)
    assert len(calendar.pages) == 1 and flat(calendar.pages[0]) == "Ngày Loại Ghi chú"


@needs_print_tools
def test_statistics_print_without_overlap(tmp_path: Path) -> None:
    """`Thống kê` of a report: a cell's long name and the wrapped headers ("Từ 18 đến 30 tuổi") fill rows sized
    for them, so no word is printed over another (before: the name's second line ran into `Tổng cộng`)."""
    from test_summary import cell_summary

    from addin.reports.summary import summary_book

    path = tmp_path / "tong-hop.xlsx"
    summary_book([cell_summary("Chi bộ Viện kiểm sát nhân dân khu vực 2"), cell_summary("Chi bộ Văn phòng")], [], path)
    printed = print_sheet(path, "Thống kê", tmp_path)
    assert [overlaps(page) for page in pdf_words(last_pdf(tmp_path))] == [[]] * len(printed.pages)
    assert missing_words(["Chi bộ Viện kiểm sát nhân dân khu vực 2", "Từ 18 đến 30 tuổi", "Chưa hết tiểu học"],
                         printed.text) == Counter()
