"""inspect_package and check_writable on real workbooks and on the bad-file corpus."""
from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import corpus
import olefile
import openpyxl
import pytest

from addin.errors import UnreadableWorkbook, WorkbookBusy, WriteFailed
from addin.files import inspect as ins
from addin.files.inspect import check_writable, inspect_package, owner_files

VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def assert_vietnamese_about(message: str, path: Path) -> None:
    assert unicodedata.is_normalized("NFC", message)
    assert VIETNAMESE_LETTERS & set(message.lower()), message
    assert path.name in message, message


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- refusals ---------------------------------------------------------------------------

EXPECTED_WORDS = {
    "text": "văn bản", "csv": "CSV", "empty": "rỗng", "truncated": "hỏng", "corrupt_member": "hỏng",
    "encrypted": "bỏ mật khẩu", "xls": ".xls", "xls_renamed": ".xls", "zip_not_workbook": "không phải sổ tính",
    "no_workbook_part": "xl/workbook.xml", "xlsb": ".xlsb", "bomb_ratio": "bom nén", "bomb_total": "200 MB",
    "bomb_forged": "hỏng", "billion_laughs": "độc hại", "external_entity": "độc hại",
    "hostile_vml": "độc hại", "malformed_xml": "không phải XML hợp lệ",
}


@pytest.mark.parametrize("kind", sorted(corpus.BAD_FILES))
def test_bad_file_is_refused_untouched(tmp_path: Path, kind: str) -> None:
    path = corpus.BAD_FILES[kind](tmp_path)
    before = digest(path)
    with pytest.raises(UnreadableWorkbook) as caught:
        inspect_package(path)
    assert_vietnamese_about(caught.value.message, path)
    assert EXPECTED_WORDS[kind] in caught.value.message
    assert digest(path) == before


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "không có.xlsx"
    with pytest.raises(UnreadableWorkbook) as caught:
        inspect_package(path)
    assert_vietnamese_about(caught.value.message, path)


def test_corpus_files_are_what_they_claim(tmp_path: Path) -> None:
    with olefile.OleFileIO(str(corpus.old_xls(tmp_path))) as ole:
        assert ole.exists("Workbook") and not ole.exists("EncryptionInfo")
    with olefile.OleFileIO(str(corpus.encrypted(tmp_path))) as ole:
        assert ole.exists("EncryptionInfo") and ole.exists("EncryptedPackage")
    with zipfile.ZipFile(corpus.bomb_by_ratio(tmp_path)) as archive:
        info = archive.getinfo("xl/media/padding.bin")
        assert info.file_size > ins.MAX_COMPRESSION_RATIO * info.compress_size


def test_actual_size_is_guarded_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even if a part slipped past the declared-size checks, reading stops at the budget."""
    path = corpus.workbook(tmp_path)
    monkeypatch.setattr(ins, "MAX_TOTAL_UNCOMPRESSED", 10**9)
    budget = ins._Budget(path)
    budget.remaining = 100
    with zipfile.ZipFile(path) as archive, pytest.raises(UnreadableWorkbook, match="bom nén"):
        budget.read(archive, archive.getinfo("xl/styles.xml"))


# --- reports ----------------------------------------------------------------------------

def test_plain_workbook_report(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    report = inspect_package(path)
    assert report.sheet_names == ("Theo dõi", "Cài đặt")
    assert report.losses == ()
    assert not report.is_macro_enabled and not report.has_vba
    assert report.size == path.stat().st_size and report.uncompressed_size > 0


def kept_features(book, sheet) -> None:
    """Content openpyxl carries over: notes, tables, plain validation and formats, names, merges."""
    sheet.write_comment("B2", "Ghi chú của chi ủy")
    sheet.add_table("F1:G4", {"name": "DanhSach", "columns": [{"header": "Mã"}, {"header": "Tên"}]})
    sheet.data_validation("E2:E6", {"validate": "list", "source": "='Cài đặt'!$B$2:$B$3"})
    sheet.conditional_format("A2:A6", {"type": "cell", "criteria": ">", "value": 3,
                                       "format": book.add_format({"bold": True})})
    sheet.merge_range("I1:J1", "Gộp", None)
    book.define_name("NamKeHoach", "='Cài đặt'!$B$2")


def test_features_openpyxl_keeps_are_no_loss(tmp_path: Path) -> None:
    assert inspect_package(corpus.workbook(tmp_path, setup=kept_features)).losses == ()


def test_macro_workbook_with_button_is_no_loss(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path, "Nút.xlsm", vba=True,
                           setup=lambda book, sheet: sheet.insert_button("F2", {"macro": "Chay", "caption": "Chạy"}))
    report = inspect_package(path)
    assert report.is_macro_enabled and report.has_vba
    assert report.losses == ()
    saved = round_trip(path, tmp_path, keep_vba=True)
    assert b'ObjectType="Button"' in read_parts(saved, "xl/drawings/")
    assert zipfile.ZipFile(saved).read("xl/vbaProject.bin") == corpus.FAKE_VBA


def button(book, sheet) -> None:
    sheet.insert_button("F2", {"macro": "Chay", "caption": "Chạy"})


LOSS_CASES: dict[str, tuple[Callable[[Path], Path], str, Callable[[Path, Path], bool]]] = {
    # kind: (builder, expected loss, "openpyxl really lost it" given original and round-tripped file)
    "image": (lambda d: corpus.workbook(d, setup=lambda b, s: s.insert_image(
        "F2", "logo.png", {"image_data": io.BytesIO(corpus.png())})),
        ins.IMAGES, lambda old, new: not parts(new, "xl/media/")),
    "chart": (lambda d: corpus.workbook(d, setup=lambda b, s: s.insert_chart("F2", column_chart(b))),
              ins.CHARTS, lambda old, new: read_parts(old, "xl/charts/") != read_parts(new, "xl/charts/")),
    "textbox": (lambda d: corpus.workbook(d, setup=lambda b, s: s.insert_textbox("F2", "Làm mới")),
                ins.SHAPES, lambda old, new: b"<xdr:sp>" not in read_parts(new, "xl/drawings/")),
    "sparkline": (lambda d: corpus.workbook(d, setup=lambda b, s: s.add_sparkline("F2", {"range": "'Theo dõi'!A2:A6"})),
                  ins.SPARKLINES, lambda old, new: b"sparklineGroup" not in read_parts(new, "xl/worksheets/")),
    "data_bar_2010": (lambda d: corpus.workbook(d, setup=lambda b, s: s.conditional_format(
        "A2:A6", {"type": "data_bar", "data_bar_2010": True})),
        ins.X14_CONDITIONAL, lambda old, new: b"conditionalFormattings" not in read_parts(new, "xl/worksheets/")),
    "x14_validation": (corpus.x14_validation, ins.X14_VALIDATION,
                       lambda old, new: b"x14:dataValidation" not in read_parts(new, "xl/worksheets/")),
    "button_in_xlsx": (lambda d: corpus.workbook(d, setup=button), ins.FORM_BUTTONS,
                       lambda old, new: b"Button" not in read_parts(new, "xl/drawings/")),
    "button_in_vml_10": (lambda d: corpus.vml_drawing_renamed(d, 10), ins.FORM_BUTTONS,
                         lambda old, new: b"Button" not in read_parts(new, "xl/drawings/")),
}


def column_chart(book):
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "='Theo dõi'!$A$2:$A$6", "fill": {"color": "#C00000"}})
    return chart


def parts(path: Path, prefix: str) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist() if name.startswith(prefix)]


def read_parts(path: Path, prefix: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"".join(archive.read(name) for name in sorted(archive.namelist()) if name.startswith(prefix))


def round_trip(path: Path, folder: Path, *, keep_vba: bool) -> Path:
    target = folder / f"round trip{path.suffix}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        openpyxl.load_workbook(path, keep_vba=keep_vba).save(target)
    return target


@pytest.mark.parametrize("kind", sorted(LOSS_CASES))
def test_loss_is_reported_and_real(tmp_path: Path, kind: str) -> None:
    build, loss, lost = LOSS_CASES[kind]
    path = build(tmp_path)
    report = inspect_package(path)
    assert loss in report.losses
    assert all(unicodedata.is_normalized("NFC", text) for text in report.losses)
    assert lost(path, round_trip(path, tmp_path, keep_vba=report.is_macro_enabled))


# Parts and elements XlsxWriter cannot make: added to a real workbook as Excel lays them out.
X = b'<x xmlns="urn:chibo-test"/>'
SHEET = "xl/worksheets/sheet1.xml"
CUSTOM_UI_REL = (b'<Relationship Id="rIdUI" Type="http://schemas.microsoft.com/office/2007/relationships/'
                 b'ui/extensibility" Target="customUI/customUI14.xml"/></Relationships>')
SMARTART_DRAWING = (
    b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor><xdr:graphicFrame>'
    b'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"/></a:graphic>'
    b'</xdr:graphicFrame></xdr:twoCellAnchor></xdr:wsDr>')


def in_sheet(element: str) -> dict[str, Callable[[bytes], bytes]]:
    return {SHEET: lambda xml: xml.replace(b"</worksheet>", element.encode() + b"</worksheet>")}


FORGED_CASES: dict[str, tuple[dict, dict, str]] = {  # kind: (add, replace, expected loss)
    "threaded_comments": ({"xl/threadedComments/threadedComment1.xml": ("application/vnd.ms-excel.threadedcomments+xml", X),
                           "xl/persons/person.xml": ("application/vnd.ms-excel.person+xml", X)}, {}, ins.THREADED_COMMENTS),
    "slicer": ({"xl/slicers/slicer1.xml": ("application/vnd.ms-excel.slicer+xml", X)}, {}, ins.SLICERS),
    "timeline": ({"xl/timelines/timeline1.xml": ("application/vnd.ms-excel.timeline+xml", X)}, {}, ins.TIMELINES),
    "pivot": ({"xl/pivotTables/pivotTable1.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml", X)}, {}, ins.PIVOTS),
    "external_link": ({"xl/externalLinks/externalLink1.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml", X)}, {}, ins.EXTERNAL_LINKS),
    "ole_part": ({"xl/embeddings/oleObject1.bin": ("application/vnd.openxmlformats-officedocument.oleObject", b"\0")},
                 {}, ins.OLE_OBJECTS),
    "ole_element": ({}, in_sheet('<oleObjects><oleObject progId="Package" shapeId="1025"/></oleObjects>'),
                    ins.OLE_OBJECTS),
    "ctrl_props": ({"xl/ctrlProps/ctrlProp1.xml": ("application/vnd.ms-excel.controlproperties+xml", X)}, {},
                   ins.CTRL_PROPS),
    "activex": ({"xl/activeX/activeX1.xml": ("application/vnd.ms-office.activeX+xml", X)}, {}, ins.ACTIVEX),
    "custom_ui": ({"customUI/customUI14.xml": ("application/xml", X)},
                  {"_rels/.rels": lambda xml: xml.replace(b"</Relationships>", CUSTOM_UI_REL)}, ins.CUSTOM_UI),
    "connections": ({"xl/connections.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml", X)}, {}, ins.CONNECTIONS),
    "dynamic_arrays": ({"xl/metadata.xml": ("application/vnd.ms-excel.sheetMetadata+xml", X)}, {},
                       ins.DYNAMIC_ARRAYS),
    "cell_images": ({"xl/richData/rdrichvalue.xml": ("application/vnd.ms-excel.rdrichvalue+xml", X)}, {},
                    ins.CELL_IMAGES),
    "vba_signature": ({"xl/vbaProjectSignature.bin": ("application/vnd.ms-office.vbaProjectSignature", b"\0")}, {},
                      ins.VBA_SIGNATURE),
    "macros_in_xlsx": ({"xl/vbaProject.bin": ("application/vnd.ms-office.vbaProject", corpus.FAKE_VBA)}, {},
                       ins.MACROS),
    "sheet_background": ({}, in_sheet("<picture/>"), ins.SHEET_BACKGROUND),
    "header_footer_image": ({}, in_sheet("<legacyDrawingHF/>"), ins.HEADER_FOOTER_IMAGES),
    "smartart": ({"xl/drawings/drawing9.xml": (ins.DRAWING_TYPE, SMARTART_DRAWING)}, {}, ins.OTHER_GRAPHICS),
}


@pytest.mark.parametrize("kind", sorted(FORGED_CASES))
def test_forged_part_is_reported(tmp_path: Path, kind: str) -> None:
    add, replace, loss = FORGED_CASES[kind]
    path = corpus.rewrite(corpus.workbook(tmp_path, "nguồn.xlsx"), tmp_path / f"{kind}.xlsx", add=add, replace=replace)
    assert loss in inspect_package(path).losses


def test_unknown_sheet_extension_is_named(tmp_path: Path) -> None:
    path = corpus.with_sheet_extension(corpus.workbook(tmp_path, "nguồn.xlsx"), tmp_path / "ext.xlsx",
                                       "<x14:protectedRanges/>")
    assert inspect_package(path).losses == (ins.OTHER_SHEET_EXTENSION.format("protectedRanges"),)


# --- check_writable ---------------------------------------------------------------------

@pytest.mark.parametrize("owner", ["~$Sổ theo dõi.xlsx", "~$ theo dõi.xlsx"])
def test_owner_file_means_open_in_excel(tmp_path: Path, owner: str) -> None:
    path = corpus.workbook(tmp_path)
    (tmp_path / owner).write_bytes(b"\x05Hoang")
    with pytest.raises(WorkbookBusy) as caught:
        check_writable(path)
    assert_vietnamese_about(caught.value.message, path)
    assert "đang mở trong Excel" in caught.value.message and owner in caught.value.message


def test_owner_file_candidates() -> None:
    names = [p.name for p in owner_files(Path("KeHoach2027.xlsx"))]
    assert names == ["~$KeHoach2027.xlsx", "~$eHoach2027.xlsx", "~$Hoach2027.xlsx"]


def test_read_only_file_is_refused(tmp_path: Path) -> None:
    path = corpus.workbook(tmp_path)
    path.chmod(0o444)
    with pytest.raises(WriteFailed) as caught:
        check_writable(path)
    assert_vietnamese_about(caught.value.message, path)
    assert "chỉ đọc" in caught.value.message


def test_writable_file_and_new_file_pass(tmp_path: Path) -> None:
    check_writable(corpus.workbook(tmp_path))
    check_writable(tmp_path / "mới.xlsx")
