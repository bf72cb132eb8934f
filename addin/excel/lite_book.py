"""Workbooks that carry chibo for xlwings Lite: `chibo new --lite` and `chibo lite SỔ.xlsx`.

A Lite workbook keeps its Python where the store add-in (WA200008175) reads it: one web-extension part,
reached from `_rels/.rels` through a task-pane part, whose `<we:property>` entries hold `main.py` and
`requirements.txt` as JSON strings. The buttons are shapes named like the scripts' bindings
(`@script(button="[KiemTraHoSo]Hướng dẫn!E2")`), each with a hyperlink to its own cell.

`add_lite` adds only those parts, their content types and relationships, and the buttons' drawing (a
`<drawing>` reference in schema order, or anchors appended to the sheet's drawing with fresh ids);
every other part keeps its bytes.
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from addin.errors import ChiboError
from addin.files.package import PKG_REL_NS, REL_NS, Package, rels_name, resolve
from addin.files.reader import read_grids
from addin.files.save import save_atomically
from addin.files.xmlparts import esc, esc_attr, local, outline, parse
from addin.rules.text import nfc
from addin.workbook import schema
from addin.workbook.tables import column_index, column_letter, quote_sheet

from .lite_names import SCRIPTS, UDF_NAMES

STORE_ID = "WA200008175"  # xlwings Lite in the Office add-in store
PYODIDE_VERSION = "0.27.5"  # the Pyodide line Lite workbooks record (Python 3.12)
TASKPANES = "xl/webextensions/taskpanes.xml"
TASKPANES_TYPE = "application/vnd.ms-office.webextensiontaskpanes+xml"
EXTENSION_TYPE = "application/vnd.ms-office.webextension+xml"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
TASKPANES_REL = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
EXTENSION_REL = "http://schemas.microsoft.com/office/2011/relationships/webextension"
DRAWING_REL = f"{REL_NS}/drawing"
HYPERLINK_REL = f"{REL_NS}/hyperlink"
DOC_REL = f"{REL_NS}/officeDocument"
WORKSHEET_REL = f"{REL_NS}/worksheet"
XDR_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
DEFAULT_REQUIREMENT = "chibo"  # the distribution, from PyPI or the index the đảng ủy serves; a wheel URL replaces it
# Lite's own lines (as in the workbooks Lite writes), then chibo; chibo's core needs nothing more.
LITE_REQUIREMENTS = ("xlwings==0.37.8 # required", "python-dotenv # required", "pyodide-http # required")
REGISTER_GAP = 6  # free columns right of the register's used range: room for chibo's four output columns
FIRST_ROW = 2  # buttons from this row down, each two rows high with one row between
# Elements a worksheet may hold after <drawing> (ECMA-376 schema order): <drawing> goes before the first.
_AFTER_DRAWING = ("legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                  "webPublishItems", "tableParts", "extLst")
_SHAPE_ID = re.compile(rb"<(?:\w+:)?cNvPr\b[^>]*?\bid=\"(\d+)\"")


@dataclass(frozen=True)
class Placed:
    """Where `add_lite` put the buttons: the sheet, each script's binding cell, and the status cell."""

    sheet: str
    cells: tuple[str, ...]  # one per script of `lite.SCRIPTS`, e.g. "E2"
    status: str

    def binding(self, shape: str, cell: str) -> str:
        return f"[{shape}]{self.sheet}!{cell}"

    @property
    def status_ref(self) -> str:
        return f"{quote_sheet(self.sheet)}!{self.status}"


def main_py(placed: Placed) -> str:
    """The workbook's `main.py`: the scripts bound to their buttons, the DV_ functions under their own names."""
    lines = [
        '"""chibo trong xlwings Lite: các nút bấm và hàm DV_ của sổ này (do lệnh chibo ghi; đừng sửa tay)."""',
        "import xlwings as xw",
        "from xlwings.server import script",
        "",
        "from addin.excel import lite",
        f"from addin.excel.lite import {', '.join(UDF_NAMES)}  # noqa: F401",
        "",
        f"STATUS = {placed.status_ref!r}",
    ]
    for (function, caption, shape), cell in zip(SCRIPTS, placed.cells):
        extra = f", button={f'{placed.sheet}!{cell}'!r}" if function == "dossiers" else ""
        lines += ["", "",
                  f"@script(name={caption!r}, button={placed.binding(shape, cell)!r})",
                  f"def {function}(book: xw.Book):",
                  f"    lite.{function}(book, STATUS{extra})"]
    return "\n".join(lines) + "\n"


def requirements_txt(requirement: str = DEFAULT_REQUIREMENT) -> str:
    return "\n".join([*LITE_REQUIREMENTS, requirement]) + "\n"


def add_lite(path: Path, *, requirement: str = DEFAULT_REQUIREMENT, backup: bool = True) -> Placed:
    """Give the workbook at `path` chibo's Lite buttons and code, in place (atomic save, backup)."""
    path = Path(path)
    package = Package(path)
    if TASKPANES in package or any(r.attrs.get("Type") == TASKPANES_REL for r in package.relationships("")):
        raise ChiboError(f"Tệp “{path.name}” đã có phần bổ trợ (xlwings Lite hoặc bổ trợ khác) gắn vào sổ; "
                         "chibo không ghi đè. Hãy dùng bản sổ chưa gắn bổ trợ.")
    parts = _sheet_parts(package)
    placed = _place(path, parts)
    _add_buttons(package, parts[placed.sheet], placed)
    _add_extension(package, main_py(placed), requirements_txt(requirement))
    save_atomically(path, package.save, backup=backup)
    return placed


# --- where the buttons go ----------------------------------------------------------------------


def _sheet_parts(package: Package) -> dict[str, str]:
    rel = next(r for r in package.relationships("") if r.attrs.get("Type") == DOC_REL)
    book = resolve("", rel.attrs["Target"])
    rels = {r.attrs.get("Id"): r for r in package.relationships(book)}
    parts = {}
    for sheet in parse(package.read(book)).first("sheets").elements("sheet"):  # type: ignore[union-attr]
        found = rels.get(next((v for k, v in sheet.attrs.items() if local(k) == "id"), ""))
        if found is not None and found.attrs.get("Type") == WORKSHEET_REL:
            parts[nfc(sheet.attrs["name"])] = resolve(book, found.attrs["Target"])
    return parts


def _place(path: Path, parts: dict[str, str]) -> Placed:
    """`Hướng dẫn` (chibo's own, never read) when the workbook has it, else the register sheet; the
    buttons in empty cells right of the sheet's values (on the register, past room for chibo's columns)."""
    grids = read_grids(path)
    if schema.GUIDE_SHEET in parts:
        sheet, gap = schema.GUIDE_SHEET, 2
    else:
        from addin.files.jobs import read_run

        sheet, gap = read_run(path).data.register.sheet, REGISTER_GAP
    grid = grids.get(sheet, [])
    column = column_letter(max((len(row) for row in grid), default=0) + gap)
    rows = [FIRST_ROW + 3 * i for i in range(len(SCRIPTS))]
    return Placed(sheet, tuple(f"{column}{r}" for r in rows), f"{column}{rows[-1] + 3}")


# --- the buttons' drawing ----------------------------------------------------------------------


def _add_buttons(package: Package, sheet_part: str, placed: Placed) -> None:
    data = package.read(sheet_part)
    found = outline(data)
    drawing_rid = next((_rid(data[s.start:s.end]) for s in found.children if local(s.tag) == "drawing"), None)
    if drawing_rid is not None:
        drawing = package.target(sheet_part, drawing_rid)
        assert drawing is not None
        existing = package.read(drawing)
    else:
        drawing = package.free_name("xl/drawings/drawing{}.xml")
        existing = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    f'<xdr:wsDr xmlns:xdr="{XDR_NS}" xmlns:a="{A_NS}"></xdr:wsDr>').encode()
        package.set_override(drawing, DRAWING_TYPE)
        rid = package.add_relationship(sheet_part, DRAWING_REL, drawing)
        prefix = _prefix(found.root)
        r_declared = b'xmlns:r="' + REL_NS.encode() + b'"' in data[:found.content_start]
        element = (f"<{prefix}drawing {'' if r_declared else f'xmlns:r={chr(34)}{REL_NS}{chr(34)} '}r:id=\"{rid}\"/>")
        at = next((s.start for s in found.children if local(s.tag) in _AFTER_DRAWING), found.content_end)
        package.write_part(sheet_part, data[:at] + element.encode() + data[at:])
    next_id = max((int(i) for i in _SHAPE_ID.findall(existing)), default=1) + 1
    anchors = []
    for index, ((_, caption, shape), cell) in enumerate(zip(SCRIPTS, placed.cells)):
        link = package.add_relationship(drawing, HYPERLINK_REL, f"#{quote_sheet(placed.sheet)}!{cell}", location=True)
        anchors.append(_anchor(cell, shape, caption, next_id + index, link))
    shape_outline = outline(existing, skip=frozenset())
    end = shape_outline.content_end
    if shape_outline.content_start == end and existing[end - 2:end] == b"/>":  # an empty <xdr:wsDr .../>
        root = _prefix(shape_outline.root) + "wsDr"
        existing = existing[:end - 2] + b">" + f"</{root}>".encode() + existing[end:]
        end -= 1
    package.write_part(drawing, existing[:end] + "".join(anchors).encode() + existing[end:])


def _rid(element: bytes) -> str | None:
    match = re.search(rb'\b\w+:id="([^"]+)"', element)
    return match.group(1).decode() if match else None


def _prefix(tag: str) -> str:
    return tag.rpartition(":")[0] + ":" if ":" in tag else ""


def _anchor(cell: str, shape: str, caption: str, shape_id: int, link: str) -> str:
    """A rounded button over `cell` and the next two columns, two rows high; namespaces declared on the anchor,
    so it fits into any drawing part."""
    column = column_index(re.sub(r"\d", "", cell)) - 1
    row = int(re.sub(r"\D", "", cell)) - 1
    corner = "<xdr:col>{}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{}</xdr:row><xdr:rowOff>0</xdr:rowOff>"
    return (
        f'<xdr:twoCellAnchor xmlns:xdr="{XDR_NS}" xmlns:a="{A_NS}" xmlns:r="{REL_NS}" editAs="absolute">'
        f"<xdr:from>{corner.format(column, row)}</xdr:from><xdr:to>{corner.format(column + 3, row + 2)}</xdr:to>"
        f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{shape_id}" name="{esc_attr(shape)}" '
        f'descr="{esc_attr(caption)}"><a:hlinkClick r:id="{link}"/></xdr:cNvPr><xdr:cNvSpPr/></xdr:nvSpPr>'
        '<xdr:spPr><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="C00000"/></a:solidFill><a:ln><a:noFill/></a:ln></xdr:spPr>'
        '<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="vi-VN" sz="1200" b="1"><a:solidFill><a:srgbClr val="FFFFFF"/>'
        f'</a:solidFill><a:latin typeface="Times New Roman"/></a:rPr><a:t>{esc(caption)}</a:t></a:r></a:p>'
        "</xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
    )


# --- the web extension -------------------------------------------------------------------------


def _property(name: str, value: str) -> str:
    return f'<we:property name="{esc_attr(name)}" value="{esc_attr(json.dumps(value, ensure_ascii=False))}"/>'


def _add_extension(package: Package, main: str, requirements: str) -> None:
    extension = package.free_name("xl/webextensions/webextension{}.xml")
    workbook_id = uuid.uuid5(uuid.NAMESPACE_URL, f"chibo:{main}")  # the same code, the same id: builds repeat
    properties = "".join([_property("main.py", main), _property("requirements.txt", requirements),
                          _property("pyodideVersion", PYODIDE_VERSION)])
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<we:webextension xmlns:we="{WE_NS}" id="{{{str(workbook_id).upper()}}}">'
        f'<we:reference id="{STORE_ID.lower()}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
        f'<we:alternateReferences><we:reference id="{STORE_ID}" version="1.0.0.0" store="{STORE_ID}" '
        'storeType="OMEX"/></we:alternateReferences>'
        f"<we:properties>{properties}</we:properties><we:bindings/>"
        f'<we:snapshot xmlns:r="{REL_NS}"/></we:webextension>'
    )
    panes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<wetp:taskpanes xmlns:wetp="{WETP_NS}"><wetp:taskpane dockstate="right" visibility="1" width="350" row="0">'
        f'<wetp:webextensionref xmlns:r="{REL_NS}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>'
    )
    package.write_part(extension, xml.encode())
    package.write_part(TASKPANES, panes.encode())
    package.write_part(rels_name(TASKPANES), (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" Type="{EXTENSION_REL}" '
        f'Target="{Path(extension).name}"/></Relationships>').encode())
    package.set_override(extension, EXTENSION_TYPE)
    package.set_override(TASKPANES, TASKPANES_TYPE)
    package.add_relationship("", TASKPANES_REL, TASKPANES)


def new_lite_book(path: Path, year: int, *, requirement: str = DEFAULT_REQUIREMENT) -> Placed:
    """`chibo new --lite`: the sheets of `chibo new` in a macro-free .xlsx, with the Lite buttons on `Hướng dẫn`."""
    from .template import build_template

    build_template(path, year, lite=True)
    return add_lite(path, requirement=requirement, backup=False)
