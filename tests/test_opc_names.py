"""Package rules (OPC) the file front follows (issue 19 §3): part names compare case-insensitively, a content
type is declared by an <Override> or by a <Default> for the extension, and the workbook part is the one the
package relationships name, whatever its name. Each variant is read as its plain twin and refreshed with every
part chibo does not own kept byte for byte."""
from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from opc_packages import parts, sheet_renamed, workbook_by_default, workbook_renamed
from workbook_builders import write_register_book

from addin.errors import WriteFailed
from addin.files.jobs import check_file, refresh_file
from addin.files.reader import read_grids
from addin.files.save import save_atomically

# What a refresh of this register rewrites: the register sheet, styles, the workbook, its relationships and the
# content types (the new sheets are added). Named as the variant stores them.
OWNED = {
    "sheet_renamed": {"xl/worksheets/Sheet1.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                      "[Content_Types].xml"},
    "workbook_by_default": {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml",
                            "xl/_rels/workbook.xml.rels", "[Content_Types].xml"},
    "workbook_renamed": {"xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/Book.xml", "xl/_rels/Book.xml.rels",
                         "[Content_Types].xml"},
}
VARIANTS: dict[str, Callable[[Path, Path], Path]] = {
    "sheet_renamed": sheet_renamed, "workbook_by_default": workbook_by_default, "workbook_renamed": workbook_renamed}
AS_OF = "15/01/2025"


def _findings(path: Path) -> list[tuple]:
    import datetime as dt

    result = check_file(path, as_of=dt.date(2025, 1, 15))
    assert result.ok, result.error
    return [(f["rule"], f["row"], f["column"], f["message"]) for f in result.findings]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_variant_reads_and_refreshes_as_its_plain_twin(tmp_path: Path, variant: str) -> None:
    import datetime as dt

    plain = write_register_book(tmp_path / "plain.xlsx")
    src = VARIANTS[variant](plain, tmp_path / f"{variant}.xlsx")
    assert read_grids(src) == read_grids(plain)
    assert _findings(src) == _findings(plain)
    result = refresh_file(src, as_of=dt.date(2025, 1, 15), output=tmp_path / "out")
    assert result.ok, result.error
    before, after = parts(src), parts(Path(result.written))
    assert {name for name in before if before[name] != after.get(name)} == OWNED[variant]
    assert len({name.lower() for name in after}) == len(after)  # no part twice under two spellings
    assert set(read_grids(Path(result.written))) > set(read_grids(plain))  # chibo's sheets were added
    again = refresh_file(Path(result.written), as_of=dt.date(2025, 1, 15), output=tmp_path / "again")
    assert again.ok, again.error
    assert parts(Path(again.written)) == after  # a second run changes nothing


def test_the_saved_package_must_hold_the_workbook_part_its_relationships_name(tmp_path: Path) -> None:
    good = workbook_renamed(write_register_book(tmp_path / "plain.xlsx"), tmp_path / "good.xlsx")
    target = tmp_path / "so.xlsx"
    save_atomically(target, lambda tmp: tmp.write_bytes(good.read_bytes()), backup=False)
    assert parts(target) == parts(good)

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as out:
        for name in src.namelist():
            if name != "xl/Book.xml":
                out.writestr(name, src.read(name))
    with pytest.raises(WriteFailed, match="thiếu xl/Book.xml"):
        save_atomically(target, lambda tmp: tmp.write_bytes(broken.read_bytes()), backup=False)
    assert parts(target) == parts(good)  # untouched
