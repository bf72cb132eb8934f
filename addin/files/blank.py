"""A blank workbook package, built by code: what `chibo new` and `chibo summary` start from.

Only the parts every workbook needs (content types, relationships, the workbook part with no sheet yet, a
style sheet, the document properties); the sheets come as `SheetUpdate`s through the same splice path a
refresh takes (`addin.files.splice.write_updates`). Built by code rather than kept as a committed blank
file: each part is a few lines, visible here, and a macro-enabled book differs in one content type.
The bytes are the same on every run (fixed zip dates, no clock read unless a creation date is given).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from addin.workbook.updates import FONT

from .package import CONTENT_TYPES, PACKAGE_RELS, PKG_REL_NS, REL_NS, STANDARD_MAIN_PART
from .xmlparts import esc

MAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
STYLES_PART = "xl/styles.xml"
VBA_PART = "xl/vbaProject.bin"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
APPLICATION = "chibo"
DEFAULT_FONT = (FONT, 12)  # the default font of chibo's workbooks: Vietnamese text, printed documents
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def blank_workbook(*, vba: bytes | None = None, title: str | None = None, created: dt.datetime | None = None) -> bytes:
    """The package of a workbook with no sheet: add at least one before saving it. With `vba` (a
    `vbaProject.bin`), a macro-enabled workbook whose code name is `ThisWorkbook`; its VBA project is one more
    part, with its content type and its relationship from the workbook."""
    macro = vba is not None
    book_rels = [(f"{REL_NS}/styles", "styles.xml")] + ([(VBA_REL, "vbaProject.bin")] if macro else [])
    workbook_pr = '<workbookPr codeName="ThisWorkbook"/>' if macro else "<workbookPr/>"
    parts = {
        CONTENT_TYPES: _content_types(macro),
        PACKAGE_RELS: _relationships([(f"{REL_NS}/officeDocument", STANDARD_MAIN_PART),
                                      ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                                       "core-properties", CORE_PART),
                                      (f"{REL_NS}/extended-properties", APP_PART)]),
        APP_PART: _app(),
        CORE_PART: _core(title, created),
        STANDARD_MAIN_PART: (f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{REL_NS}">{workbook_pr}'
                             '<bookViews><workbookView activeTab="0"/></bookViews><sheets/><calcPr calcId="191029"/>'
                             "</workbook>"),
        "xl/_rels/workbook.xml.rels": _relationships(book_rels),
        STYLES_PART: _styles(),
    }
    raw = {VBA_PART: vba} if vba is not None else {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), (_DECLARATION + text).encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
        for name, data in raw.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _content_types(macro: bool) -> str:
    overrides = [(STANDARD_MAIN_PART, MACRO_MAIN_TYPE if macro else MAIN_TYPE),
                 (STYLES_PART, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
                 (CORE_PART, "application/vnd.openxmlformats-package.core-properties+xml"),
                 (APP_PART, "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + (f'<Default Extension="bin" ContentType="{VBA_TYPE}"/>' if macro else "")
            + "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides)
            + "</Types>")


def _relationships(targets: list[tuple[str, str]]) -> str:
    return (f'<Relationships xmlns="{PKG_REL_NS}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                      for i, (kind, target) in enumerate(targets, 1))
            + "</Relationships>")


def _app() -> str:
    """The application properties, listing no sheet yet (the writer adds each sheet it creates)."""
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
            '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
            "<vt:variant><vt:i4>0</vt:i4></vt:variant></vt:vector></HeadingPairs>"
            '<TitlesOfParts><vt:vector size="0" baseType="lpstr"></vt:vector></TitlesOfParts>'
            "</Properties>")


def _core(title: str | None, created: dt.datetime | None) -> str:
    stamp = ""
    if created is not None:
        moment = created.strftime("%Y-%m-%dT%H:%M:%SZ")
        stamp = (f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
                 f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified>')
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            + (f"<dc:title>{esc(title)}</dc:title>" if title else "")
            + f"<dc:creator>{APPLICATION}</dc:creator>{stamp}</cp:coreProperties>")


def _styles() -> str:
    name, size = DEFAULT_FONT
    return (f'<styleSheet xmlns="{_MAIN_NS}">'
            f'<fonts count="1"><font><sz val="{size}"/><name val="{name}"/><family val="1"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
            '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0"/></styleSheet>')
