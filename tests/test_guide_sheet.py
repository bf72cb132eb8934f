"""The `Hướng dẫn` sheet a secretary meets first, in `chibo new`'s workbook and in the sample: what each
sheet is for, what to type where, what the buttons do — and it prints on one A4 page."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from printing import needs_print_tools, print_sheet

from addin.excel.template import BUTTONS, CONF_SHEET, build_template
from addin.workbook import schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbooks" / "chi-bo-mau.xlsx"
TITLE = "HƯỚNG DẪN DÙNG SỔ THEO DÕI PHÁT TRIỂN ĐẢNG VIÊN"
LAST_LINE = "chi tiết nằm trong tệp nhật ký có ghi đường dẫn trong lời báo."
XLSM = "Luôn lưu sổ dạng .xlsm để giữ các nút bấm."


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guide") / "SoMoi.xlsm"
    build_template(path, 2027)
    return path


def _texts(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Hướng dẫn"]
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("which", ["template", "sample"])
def test_guide_is_the_first_sheet_and_says_what_each_sheet_is_for(which: str, template: Path) -> None:
    path = template if which == "template" else SAMPLE
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Hướng dẫn" and book.active.title == "Hướng dẫn"
    texts = _texts(path)
    assert texts[0] == TITLE
    named = {"Theo dõi", "Đảng viên", "Chỉ tiêu", "Kế hoạch <năm>", "Kiểm tra", "Cài đặt", "Ngày nghỉ"}
    assert named <= set(texts)
    assert {spec.name for spec in (schema.REGISTER, schema.MEMBERS, schema.QUOTA, schema.FINDINGS, schema.SETTINGS,
                                   schema.CALENDAR)} <= set(texts)  # the names the reader looks for
    assert "Sheet" in texts and "Dùng để" in texts and "Gõ gì, ở đâu" in texts
    assert any("dd/mm/yyyy" in t for t in texts)  # how to type dates
    for button in BUTTONS:  # what each button (or, in the .xlsx, each job) does
        assert button.caption in texts and button.description in texts
    assert (CONF_SHEET in texts) is (which == "template")  # the .xlsx has no xlwings.conf
    assert any(LAST_LINE in t for t in texts)
    assert any(XLSM in t for t in texts) is (which == "template")  # the sample is an .xlsx
    setup = book["Hướng dẫn"]
    assert setup.page_setup.paperSize == 9 and setup.page_setup.orientation == "portrait"
    assert setup.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.page_setup.fitToWidth or 1, setup.page_setup.fitToHeight) == (1, 0)  # one page wide; height not squeezed


@needs_print_tools
@pytest.mark.parametrize("which", ["template", "sample"])
def test_guide_prints_on_one_a4_page(which: str, template: Path, tmp_path: Path) -> None:
    """LibreOffice prints the guide sheet alone: one page, A4 portrait, with everything on it."""
    path = template if which == "template" else SAMPLE
    printed = print_sheet(path, "Hướng dẫn", tmp_path)
    assert "595.304 x 841.89" in printed.info and "(A4)" in printed.info  # portrait A4
    assert re.search(r"^Pages:\s+1$", printed.info, re.M), printed.info
    assert len(printed.pages) == 1
    page = " ".join(printed.pages[0].split())
    assert TITLE in page and LAST_LINE in page and "Gõ gì, ở đâu" in page
    for button in BUTTONS:
        assert button.caption in page
