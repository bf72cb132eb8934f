"""Print one sheet of a workbook through LibreOffice headless to PDF, and read the pages back.

The sheet is isolated at the zip level (the other sheets and their names are dropped), so its
charts, print areas and print titles are exactly what chibo wrote.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# The shared gate of tests/conftest.py: skipped with the reason on a machine without them, required under CI=true.
needs_print_tools = pytest.mark.needs("soffice", "pdftotext", "pdfinfo")


@dataclass(frozen=True)
class Printed:
    pages: list[str]  # the text of each page (pdftotext -layout)
    info: str  # pdfinfo's report (page size, count)

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def tops(self) -> list[str]:
        """The first printed line of each page (where a page number at the top centre is)."""
        return [next(line.strip() for line in page.splitlines() if line.strip()) for page in self.pages]


def _only_sheet(src: Path, dst: Path, keep: str) -> None:
    """A copy of `src` holding only the sheet `keep` (its names renumbered, other sheets' names dropped)."""
    with zipfile.ZipFile(src) as zin:
        book = zin.read("xl/workbook.xml").decode("utf-8")
        sheets = re.findall(r"<sheet\b[^>]*/>", book)
        index = next(i for i, tag in enumerate(sheets) if f'name="{keep}"' in tag)
        book = book.replace("".join(sheets), sheets[index])

        def name(match: re.Match[str]) -> str:
            local = re.search(r'localSheetId="(\d+)"', match[0])
            if local is not None:
                return match[0].replace(local[0], 'localSheetId="0"') if int(local[1]) == index else ""
            return match[0] if f"'{keep}'!" in match[0] or f">{keep}!" in match[0] else ""

        book = re.sub(r"<definedName\b[^>]*>.*?</definedName>", name, book, flags=re.S)
        book = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", book)
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                zout.writestr(item, book.encode("utf-8") if item.filename == "xl/workbook.xml" else zin.read(item))


def refreshed_copy(sample: Path, folder: Path) -> Path:
    """`sample` refreshed by chibo into `folder`/out (the sample itself untouched): the workbook the tests print."""
    from addin.files.jobs import refresh_file

    shutil.copy(sample, folder / sample.name)
    result = refresh_file(folder / sample.name, output=folder / "out")
    assert result.ok, result.error
    return Path(result.written)


def print_sheet(workbook: Path, sheet: str, tmp_path: Path) -> Printed:
    """Print `sheet` of `workbook` to PDF with LibreOffice and return its pages' text."""
    out = tmp_path / "printed"
    out.mkdir(exist_ok=True)
    single = out / f"{workbook.stem}-{len(list(out.iterdir()))}.xlsx"
    _only_sheet(workbook, single, sheet)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-print", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(single)], capture_output=True, timeout=180)
    pdf = single.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice did not print {sheet}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return Printed([page for page in text.split("\f") if page.strip()], info)
