"""A print area the committee set on `Chỉ tiêu` (a sheet chibo partly owns) is kept (issue 19 §3); chibo sets
and updates only its own, which it records in the hidden sheet-level name `chibo_vung_in`."""
from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter
from opc_packages import QUOTA, parts, rebuilt, replace

from addin.files.splice import write_updates
from addin.workbook.updates import PageSetup, SheetUpdate

CHIBO_AREAS = ("A1:D5", "F5:N20")
CHIBO_FORMULA = "'Chỉ tiêu'!$A$1:$D$5,'Chỉ tiêu'!$F$5:$N$20"


def book(path: Path, print_area: str | None = None) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Theo dõi").write_row(0, 0, ["STT", "Họ và tên"])
    ws = wb.add_worksheet(QUOTA)
    ws.write_row(0, 0, ["Năm", "Chỉ tiêu"])
    if print_area:
        ws.print_area(print_area)
    wb.close()
    return path


def setup(*areas: str) -> list[SheetUpdate]:
    return [SheetUpdate(QUOTA, page_setup=PageSetup(landscape=True, print_areas=areas or CHIBO_AREAS))]


def names(path: Path) -> dict[str, tuple[str, str]]:
    """Defined names: name → (attributes after the name, formula)."""
    xml = parts(path)["xl/workbook.xml"].decode("utf-8")
    return {m[1]: (m[2], m[3]) for m in re.finditer(r'<definedName name="([^"]+)"([^>]*)>([^<]*)</definedName>', xml)}


def test_the_committees_print_area_is_kept(tmp_path: Path) -> None:
    src = book(tmp_path / "so.xlsx", print_area="A1:F30")
    out = tmp_path / "out.xlsx"
    write_updates(src, out, setup())
    assert names(out) == {"_xlnm.Print_Area": (' localSheetId="1"', "'Chỉ tiêu'!$A$1:$F$30")}
    assert parts(out)["xl/workbook.xml"] == parts(src)["xl/workbook.xml"]


def test_chibo_sets_and_then_updates_its_own_print_area(tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    write_updates(book(tmp_path / "so.xlsx"), first, setup())
    assert names(first) == {"_xlnm.Print_Area": (' localSheetId="1"', CHIBO_FORMULA),
                            "chibo_vung_in": (' localSheetId="1" hidden="1"', CHIBO_FORMULA)}
    second = tmp_path / "second.xlsx"
    write_updates(first, second, setup("A1:D9", "F5:N20"))  # the table grew: chibo's own area follows
    grown = "'Chỉ tiêu'!$A$1:$D$9,'Chỉ tiêu'!$F$5:$N$20"
    assert names(second) == {"_xlnm.Print_Area": (' localSheetId="1"', grown),
                             "chibo_vung_in": (' localSheetId="1" hidden="1"', grown)}


def test_a_print_area_the_user_changed_after_chibo_is_kept(tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    write_updates(book(tmp_path / "so.xlsx"), first, setup())
    user = "'Chỉ tiêu'!$A$1:$B$3"
    edited = rebuilt(first, tmp_path / "edited.xlsx", {"xl/workbook.xml": replace(
        f'<definedName name="_xlnm.Print_Area" localSheetId="1">{CHIBO_FORMULA}</definedName>'.encode(),
        f'<definedName name="_xlnm.Print_Area" localSheetId="1">{user}</definedName>'.encode())})
    out = tmp_path / "out.xlsx"
    write_updates(edited, out, setup("A1:D9", "F5:N20"))
    assert names(out)["_xlnm.Print_Area"] == (' localSheetId="1"', user)
    assert names(out)["chibo_vung_in"] == (' localSheetId="1" hidden="1"', CHIBO_FORMULA)


def test_a_print_area_equal_to_chibos_is_taken_as_chibos(tmp_path: Path) -> None:
    """A workbook refreshed before chibo kept its record: its print area is exactly what chibo writes."""
    src = book(tmp_path / "so.xlsx", print_area="A1:D5")
    legacy = rebuilt(src, tmp_path / "legacy.xlsx", {"xl/workbook.xml": replace(
        f"'{QUOTA}'!$A$1:$D$5<".encode(), (CHIBO_FORMULA + "<").encode())})
    out = tmp_path / "out.xlsx"
    write_updates(legacy, out, setup())
    assert names(out) == {"_xlnm.Print_Area": (' localSheetId="1"', CHIBO_FORMULA),
                          "chibo_vung_in": (' localSheetId="1" hidden="1"', CHIBO_FORMULA)}
