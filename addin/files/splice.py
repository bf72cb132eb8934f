"""Apply neutral sheet updates to a workbook file by patching its package (DESIGN §5).

Only what chibo owns changes: the cells, rows and settings the updates name, the sheets they
create, and the global parts that must list them (workbook, relationships, content types,
styles, app properties). Every other part is copied as stored, byte for byte.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from addin.errors import FidelityRisk
from addin.workbook.tables import absolute, column_letter, quote_sheet, range_bounds
from addin.workbook.updates import BarChart, SheetUpdate, sheet_key

from .package import REL_NS, Package, resolve
from .refs import RowShift
from .sheet import EMPTY_SHEET, Worksheet, shift_other_sheet
from .styles import Styles
from .vml import VML_TYPE, buttons_vml
from .xmlparts import RELATIONSHIPS, Node, esc, esc_attr, outline, parse

DOC_REL = REL_NS + "/officeDocument"
WORKSHEET_REL = REL_NS + "/worksheet"
STYLES_REL = REL_NS + "/styles"
DRAWING_REL = REL_NS + "/drawing"
CHART_REL = REL_NS + "/chart"
CALC_CHAIN_REL = REL_NS + "/calcChain"
TABLE_REL = REL_NS + "/table"
PIVOT_REL = REL_NS + "/pivotTable"
COMMENTS_REL = REL_NS + "/comments"
VML_REL = REL_NS + "/vmlDrawing"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
APP_PART = "docProps/app.xml"
CHART_SIZE_EMU = (5_400_000, 2_700_000)  # 15 × 7.5 cm
PRINT_TITLES = "_xlnm.Print_Titles"
PRINT_AREA = "_xlnm.Print_Area"
FILTER_DATABASE = "_xlnm._FilterDatabase"
CHIBO_PRINT_AREA = "chibo_vung_in"  # hidden, local to the sheet: the print area chibo last set there
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
                  "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
                  "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
                  "fileRecoveryPr", "webPublishObjects", "extLst")
_VML_ANCHOR = re.compile(r"<x:Anchor>([^<]*)</x:Anchor>")
_ANCHOR_ROW = re.compile(r"(<(?:[\w.-]+:)?(?:from|to)>.*?<(?:[\w.-]+:)?row>)(\d+)(</)", re.S)


def defined_names(path: Path) -> dict[str, str]:
    """The workbook-level defined names of a file (name → formula text)."""
    return _Book(Package(path)).global_names()


def write_updates(source: Path | bytes, target: Path, updates: Iterable[SheetUpdate]) -> None:
    """Write `source` (a file, or a package's bytes: `addin.files.blank`) with the updates applied into
    `target` (which may not be `source`)."""
    if not isinstance(source, bytes) and Path(target).exists() and Path(target).samefile(source):
        raise ValueError("write into a new file, then replace the source")
    book = _Book(Package(source))
    for update in updates:
        book.apply(update)
    book.save(Path(target))


class _Book:
    def __init__(self, package: Package) -> None:
        self.package = package
        rel = next(r for r in package.relationships("") if r.attrs.get("Type") == DOC_REL)
        self.part = resolve("", rel.attrs["Target"])
        data = package.read(self.part)
        self._outline = outline(data, skip=frozenset())
        self._data = data
        self._children = {span.name: parse(data[span.start:span.end], self._outline.scope) for span in self._outline.children
                          if span.name in ("sheets", "definedNames", "workbookPr")}
        self._changed: set[str] = set()
        pr = self._children.get("workbookPr")
        self.date1904 = pr is not None and pr.attrs.get("date1904", "0") in ("1", "true")
        rels = {r.attrs.get("Id"): r for r in package.relationships(self.part)}
        self.sheet_parts: dict[str, str] = {}
        for sheet in self._children["sheets"].elements("sheet"):
            rid = sheet.attr("id", RELATIONSHIPS) or ""
            found = rels.get(rid)
            if found is not None and found.attrs.get("Type") == WORKSHEET_REL:
                self.sheet_parts[sheet.attrs["name"]] = resolve(self.part, found.attrs["Target"])
        styles_rel = next((r for r in rels.values() if r.attrs.get("Type") == STYLES_REL), None)
        if styles_rel is None:
            self.styles_part = "xl/styles.xml"
            package.write_part(self.styles_part, _MINIMAL_STYLES)
            package.add_relationship(self.part, STYLES_REL, self.styles_part)
            package.set_override(self.styles_part, STYLES_TYPE)
        else:
            self.styles_part = resolve(self.part, styles_rel.attrs["Target"])
        self._styles: Styles | None = None
        self.sheets: dict[str, Worksheet] = {}
        self._new_titles: list[str] = []

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            self._styles = Styles(self.package.read(self.styles_part))
        return self._styles

    def global_names(self) -> dict[str, str]:
        names = self._children.get("definedNames")
        if names is None:
            return {}
        return {n.attrs["name"]: n.text() for n in names.elements("definedName") if "localSheetId" not in n.attrs}

    # --- sheets ---------------------------------------------------------------------------

    def _title(self, title: str) -> str:
        key = sheet_key(title)
        return next((name for name in self.sheet_parts if sheet_key(name) == key), title)

    def sheet(self, title: str) -> Worksheet:
        """The sheet Excel would call `title` (names are case-insensitive there), else a new last sheet."""
        name = self._title(title)
        if name not in self.sheet_parts:
            self._create(name)
        if name not in self.sheets:
            data = self.package.read(self.sheet_parts[name])
            ws = self.sheets[name] = Worksheet(name, data, self.styles, self.date1904)
            ws.features = self._features(self.sheet_parts[name])
        return self.sheets[name]

    def _related(self, part: str, kind: str) -> list[str]:
        """The parts `part` relates to with relationships of type `kind`."""
        found = []
        for rel in self.package.relationships(part):
            if rel.attrs.get("Type") == kind and rel.attrs.get("TargetMode") != "External":
                target = resolve(part, rel.attrs.get("Target", ""))
                if target in self.package:
                    found.append(target)
        return found

    def _features(self, part: str) -> list[tuple[tuple[int, int, int, int], str]]:
        """Tables and pivot tables of a sheet: chibo writes into neither."""
        found = []
        for table in self._related(part, TABLE_REL):
            tree = parse(self.package.read(table))
            name = tree.attrs.get("displayName") or tree.attrs.get("name", "")
            found.append((range_bounds(tree.attrs.get("ref", "A1")), f"bảng (Table) “{name}”"))
        for pivot in self._related(part, PIVOT_REL):
            tree = parse(self.package.read(pivot))
            location = tree.first("location")
            if location is not None:
                found.append((range_bounds(location.attrs.get("ref", "A1")),
                              f"bảng tổng hợp (PivotTable) “{tree.attrs.get('name', '')}”"))
        return found

    def _check_shift(self, ws: Worksheet, shift: RowShift) -> None:
        """Refuse to move rows past what would not move with them: tables, pivots, notes, buttons."""
        first = shift.before + min(shift.count, 0)
        part = self.sheet_parts[ws.name]
        below = [(what, _ref_of(box)) for box, what in ws.features if box[2] >= first]
        for comments in self._related(part, COMMENTS_REL):
            tree = parse(self.package.read(comments))
            below += [("ghi chú (comment)", c.attrs.get("ref", "")) for c in _all(tree, "comment")
                      if range_bounds(c.attrs.get("ref", "A1"))[2] >= first]
        for vml in self._related(part, VML_REL):
            for anchor in _VML_ANCHOR.findall(self.package.read(vml).decode("utf-8", "replace")):
                numbers = [p.strip() for p in anchor.split(",")]
                if len(numbers) == 8 and numbers[2].isdigit() and int(numbers[2]) + 1 >= first:
                    below.append(("nút bấm hoặc ghi chú (VML)", f"dòng {int(numbers[2]) + 1}"))
        if below:
            what, where = below[0]
            raise FidelityRisk(
                f"Sheet “{ws.name}” cần chèn/xóa dòng từ dòng {first} nhưng có {what} ở {where} phía dưới, "
                "không dời theo được; chibo không ghi. Tệp được giữ nguyên. Hãy chuyển nó lên trên vùng kế hoạch "
                "rồi chạy lại.")

    def _create(self, name: str) -> None:
        part = self.package.free_name("xl/worksheets/sheet{}.xml")
        self.package.write_part(part, EMPTY_SHEET)
        self.package.set_override(part, WORKSHEET_TYPE)
        rid = self.package.add_relationship(self.part, WORKSHEET_REL, part)
        sheets = self._children["sheets"]
        ids = [int(s.attrs.get("sheetId", "0")) for s in sheets.elements("sheet")]
        sheets.children.append(Node(_like(sheets, "sheet"), {"name": name, "sheetId": str(max(ids, default=0) + 1),
                                                            "xmlns:r": REL_NS, "r:id": rid}))
        self._changed.add("sheets")
        self.sheet_parts[name] = part
        self._new_titles.append(name)

    def sheet_index(self, name: str) -> int:
        return [s.attrs.get("name") for s in self._children["sheets"].elements("sheet")].index(name)

    # --- one update ---------------------------------------------------------------------------

    def apply(self, update: SheetUpdate) -> None:
        ws = self.sheet(update.sheet)
        for before, count in update.insert_rows:
            if count > 0:
                self._shift(ws, RowShift(ws.name, before, count), range(0))
        for first, count in update.delete_rows:
            if count > 0:
                self._shift(ws, RowShift(ws.name, first + count, -count), range(first, first + count))
        for area in update.clear:
            ws.clear(area)
        for ref in update.merges:
            ws.merge(ref)
        for block in update.blocks:
            ws.write_block(block)
        ws.column_widths(update.column_widths, update.column_styles)
        ws.validations(update.validations)
        ws.conditional_fills(update.conditional_fills)
        if update.gridlines is not None:
            ws.gridlines(update.gridlines)
        if update.hidden:
            self._hide(ws.name)
        if update.code_name is not None:
            ws.code_name(update.code_name)
        if update.buttons:
            self._put_buttons(ws, update)
        for row, height in update.row_heights.items():
            ws.row_height(row, height)
        if update.freeze is not None:
            ws.freeze(update.freeze)
        if update.autofilter is not None:
            ws.autofilter(update.autofilter)
            self._set_name(FILTER_DATABASE, f"{quote_sheet(ws.name)}!{absolute(update.autofilter)}",
                           local_to=ws.name, hidden=True)
        if update.page_setup is not None:
            ws.page_setup(update.page_setup)
            rows = update.page_setup.title_rows
            if rows is not None:
                self._set_name(PRINT_TITLES, f"{quote_sheet(ws.name)}!${rows[0]}:${rows[1]}", local_to=ws.name)
            if update.page_setup.print_areas:  # each range printed from a new page
                areas = ",".join(f"{quote_sheet(ws.name)}!{absolute(ref)}" for ref in update.page_setup.print_areas)
                self._set_print_area(ws.name, areas)
        for name, target in update.names.items():
            self._set_name(name, f"{quote_sheet(ws.name)}!{absolute(target)}")
        for chart in update.charts:
            self._put_chart(ws, chart)

    def _put_buttons(self, ws: Worksheet, update: SheetUpdate) -> None:
        """The update's form buttons, as the sheet's legacy drawing (a sheet chibo creates has none yet)."""
        if ws.child("legacyDrawing") is not None:
            raise FidelityRisk(f"Sheet “{ws.name}” đã có ghi chú hoặc nút bấm; chibo không thêm nút vào đó.")
        part = self.package.free_name("xl/drawings/vmlDrawing{}.vml")
        self.package.write_part(part, buttons_vml(update.buttons, update.row_heights))
        self.package.set_override(part, VML_TYPE)
        ws.set_related("legacyDrawing", self.package.add_relationship(self.sheet_parts[ws.name], VML_REL, part))

    def _hide(self, name: str) -> None:
        for sheet in self._children["sheets"].elements("sheet"):
            if sheet.attrs.get("name") == name:
                sheet.attrs["state"] = "hidden"
                self._changed.add("sheets")

    def _set_print_area(self, sheet: str, areas: str) -> None:
        """Set the sheet's print area unless the user set one: a print area is chibo's when there is none, when it
        is the one chibo recorded last time (`chibo_vung_in`; Excel moves both alike), or when it is `areas`."""
        current = self._name(PRINT_AREA, sheet)
        if current is not None and current not in (self._name(CHIBO_PRINT_AREA, sheet), areas):
            return  # the committee's own print area: kept
        self._set_name(PRINT_AREA, areas, local_to=sheet)
        self._set_name(CHIBO_PRINT_AREA, areas, local_to=sheet, hidden=True)

    def _name(self, name: str, local_to: str) -> str | None:
        """The formula of the defined name `name` local to the sheet `local_to`, None when there is none."""
        names = self._children.get("definedNames")
        scope = str(self.sheet_index(local_to))
        found = (n for n in (names.elements("definedName") if names is not None else [])
                 if n.attrs.get("name", "").casefold() == name.casefold() and n.attrs.get("localSheetId") == scope)
        return next((n.text() for n in found), None)

    def _set_name(self, name: str, formula: str, *, local_to: str | None = None, hidden: bool = False) -> None:
        names = self._children.get("definedNames")
        if names is None:
            names = self._children["definedNames"] = Node(_like(self._children["sheets"], "definedNames"))
        scope = str(self.sheet_index(local_to)) if local_to is not None else None
        same = [i for i, n in enumerate(names.children) if
                isinstance(n, Node) and n.name == "definedName" and n.attrs.get("name", "").casefold() == name.casefold()
                and n.attrs.get("localSheetId") == scope]
        attrs = {"name": name}
        if scope is not None:
            attrs["localSheetId"] = scope
        if hidden:
            attrs["hidden"] = "1"
        node = Node(_like(self._children["sheets"], "definedName"), attrs, [formula])
        if same:  # in its place: a second run writes the same bytes
            names.children[same[0]] = node
            names.children = [n for i, n in enumerate(names.children) if i not in same[1:]]
        else:
            names.children.append(node)
        self._changed.add("definedNames")

    def _shift(self, ws: Worksheet, shift: RowShift, deleted: range) -> None:
        """Rows move in `ws`; so do references to them in other sheets, names and drawing anchors."""
        self._check_shift(ws, shift)
        ws.shift_rows(shift, deleted)
        for name, part in self.sheet_parts.items():
            if name == ws.name:
                continue
            if name in self.sheets:
                if self.sheets[name].shift_formulas(shift):
                    ws.formulas_moved = True
                continue
            new = shift_other_sheet(self.package.read(part), shift, name)
            if new is not None:
                self.package.write_part(part, new)
        names = self._children.get("definedNames")
        if names is not None:
            for n in names.elements("definedName"):
                n.children = [shift.formula(n.text(), None)]
            self._changed.add("definedNames")
        drawing = self._drawing_part(ws)
        if drawing is not None:
            text = self.package.read(drawing).decode("utf-8")
            moved = _ANCHOR_ROW.sub(lambda m: f"{m[1]}{shift.row(int(m[2]) + 1) - 1}{m[3]}", text)
            if moved != text:
                self.package.write_part(drawing, moved.encode("utf-8"))

    # --- charts -------------------------------------------------------------------------------

    def _drawing_part(self, ws: Worksheet) -> str | None:
        rid = ws.drawing_id()
        return self.package.target(self.sheet_parts[ws.name], rid) if rid else None

    def _put_chart(self, ws: Worksheet, spec: BarChart) -> None:
        """Draw the chart, replacing the one already anchored at the same cell."""
        chart_xml = _chart_xml(ws.name, spec).encode("utf-8")
        drawing = self._drawing_part(ws)
        if drawing is None:
            drawing = self.package.free_name("xl/drawings/drawing{}.xml")
            self.package.write_part(drawing, _EMPTY_DRAWING)
            self.package.set_override(drawing, DRAWING_TYPE)
            ws.set_related("drawing", self.package.add_relationship(self.sheet_parts[ws.name], DRAWING_REL, drawing))
        existing = _chart_at(self.package, drawing, spec.anchor, spec.name)
        if existing is not None:
            self.package.write_part(existing, chart_xml)
            return
        chart = self.package.free_name("xl/charts/chart{}.xml")
        self.package.write_part(chart, chart_xml)
        self.package.set_override(chart, CHART_TYPE)
        rid = self.package.add_relationship(drawing, CHART_REL, chart)
        text = self.package.read(drawing).decode("utf-8")
        shape = outline(text.encode("utf-8"), skip=frozenset())
        prefix = shape.root.rpartition(":")[0]
        anchor = _chart_anchor(spec, rid, prefix + ":" if prefix else "", _next_shape_id(text))
        end = shape.content_end
        raw = text.encode("utf-8")
        if shape.content_start == shape.content_end and raw[:end].rstrip().endswith(b"/>"):
            raise ValueError("empty drawing root")
        self.package.write_part(drawing, raw[:end] + anchor.encode("utf-8") + raw[end:])

    # --- saving ---------------------------------------------------------------------------------

    def save(self, target: Path) -> None:
        moved = False
        for name, ws in self.sheets.items():
            self.package.write_part(self.sheet_parts[name], ws.render())
            moved |= ws.formulas_moved
        if self._styles is not None and self._styles.changed:
            self.package.write_part(self.styles_part, self._styles.render())
        if moved:
            self._drop_calc_chain()
        if self._changed:
            self.package.write_part(self.part, self._workbook_xml())
        if self._new_titles and APP_PART in self.package:
            updated = _app_titles(self.package.read(APP_PART), self._new_titles)
            if updated is not None:
                self.package.write_part(APP_PART, updated)
        self.package.save(target)

    def _drop_calc_chain(self) -> None:
        for rel in self.package.relationships(self.part):
            if rel.attrs.get("Type") == CALC_CHAIN_REL:
                part = resolve(self.part, rel.attrs.get("Target", ""))
                self.package.remove(part)
                self.package.set_override(part, None)
                self.package.drop_relationships_to(self.part, part)

    def _workbook_xml(self) -> bytes:
        data, out, pos = self._data, [], 0
        spans = {s.name: s for s in self._outline.children}
        pending = {name for name in self._changed if name not in spans}
        for span in self._outline.children:
            name = span.name
            for missing in sorted(pending, key=WORKBOOK_ORDER.index):
                if WORKBOOK_ORDER.index(missing) < WORKBOOK_ORDER.index(name) if name in WORKBOOK_ORDER else False:
                    out += [data[pos:span.start], self._children[missing].render().encode("utf-8")]
                    pos = span.start
                    pending.discard(missing)
            if name in self._changed:
                out += [data[pos:span.start], self._children[name].render().encode("utf-8")]
                pos = span.end
        for missing in sorted(pending, key=WORKBOOK_ORDER.index):
            out += [data[pos:self._outline.content_end], self._children[missing].render().encode("utf-8")]
            pos = self._outline.content_end
        out.append(data[pos:])
        return b"".join(out)


def _ref_of(box: tuple[int, int, int, int]) -> str:
    return f"{column_letter(box[1])}{box[0]}:{column_letter(box[3])}{box[2]}"


def _all(node: Node, name: str) -> list[Node]:
    found = [child for child in node.elements() if child.name == name]
    for child in node.elements():
        found += _all(child, name)
    return found


def _like(sibling: Node, name: str) -> str:
    """`name` with the prefix `sibling` uses."""
    head, colon, _ = sibling.tag.rpartition(":")
    return head + colon + name


def _app_titles(data: bytes, titles: list[str]) -> bytes | None:
    """docProps/app.xml listing the new sheets too; None when its layout is not the usual one."""
    text = data.decode("utf-8")
    match = re.search(r"(<vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>)(\d+)(</vt:i4>)", text)
    parts = re.search(r'(<TitlesOfParts><vt:vector size=")(\d+)(" baseType="lpstr">)(.*?)(</vt:vector>)', text, re.S)
    if not match or not parts:
        return None
    worksheets = int(match[2])
    titles_xml = re.findall(r"<vt:lpstr>.*?</vt:lpstr>", parts[4], re.S)
    titles_xml[worksheets:worksheets] = [f"<vt:lpstr>{esc(t)}</vt:lpstr>" for t in titles]
    text = text[:parts.start()] + f"{parts[1]}{len(titles_xml)}{parts[3]}{''.join(titles_xml)}{parts[5]}" + text[parts.end():]
    text = re.sub(r"(<vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>)(\d+)(</vt:i4>)",
                  lambda m: f"{m[1]}{worksheets + len(titles)}{m[3]}", text, count=1)
    return text.encode("utf-8")


def _next_shape_id(drawing: str) -> int:
    """A shape id no shape of the drawing has: the highest one + 1 (ids must be unique; a user's drawing may
    have gaps, [2, 4], so counting its anchors would repeat one)."""
    ids = [int(node.attrs["id"]) for node in _all(parse(drawing), "cNvPr") if node.attrs.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def _chart_at(package: Package, drawing: str, anchor: str, name: str) -> str | None:
    """The chart part of chibo's chart `name` anchored at cell `anchor` in `drawing`, if any (a chart of the
    user's at that cell is not chibo's to replace)."""
    r1, c1, _, _ = range_bounds(anchor)
    tree = parse(package.read(drawing))
    for item in tree.elements():
        if not any(n.attrs.get("name") == name for n in _all(item, "cNvPr")):
            continue
        start = item.first("from")
        if start is None:
            continue
        col, row = start.first("col"), start.first("row")
        if col is None or row is None or (int(col.text()), int(row.text())) != (c1 - 1, r1 - 1):
            continue
        rid = _chart_rid(item)
        if rid is not None:
            return package.target(drawing, rid)
    return None


def _chart_rid(node: Node) -> str | None:
    if node.name == "chart":
        return node.attr("id", RELATIONSHIPS)
    for child in node.elements():
        found = _chart_rid(child)
        if found is not None:
            return found
    return None


_EMPTY_DRAWING = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
                  b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"></xdr:wsDr>')

_MINIMAL_STYLES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
                   b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
                   b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                   b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                   b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
                   b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                   b'</styleSheet>')


def _chart_anchor(spec: BarChart, rid: str, p: str, shape_id: int) -> str:
    r1, c1, _, _ = range_bounds(spec.anchor)
    cx, cy = CHART_SIZE_EMU
    return (f"<{p}oneCellAnchor><{p}from><{p}col>{c1 - 1}</{p}col><{p}colOff>0</{p}colOff><{p}row>{r1 - 1}</{p}row>"
            f"<{p}rowOff>0</{p}rowOff></{p}from><{p}ext cx=\"{cx}\" cy=\"{cy}\"/>"
            f"<{p}graphicFrame macro=\"\"><{p}nvGraphicFramePr><{p}cNvPr id=\"{shape_id}\" name=\"{esc_attr(spec.name)}\"/>"
            f"<{p}cNvGraphicFramePr/></{p}nvGraphicFramePr><{p}xfrm><a:off x=\"0\" y=\"0\" "
            f"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"/><a:ext cx=\"0\" cy=\"0\" "
            f"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"/></{p}xfrm>"
            f"<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
            f"<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
            f"<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
            f"xmlns:r=\"{REL_NS}\" r:id=\"{rid}\"/></a:graphicData></a:graphic></{p}graphicFrame>"
            f"<{p}clientData/></{p}oneCellAnchor>")


# Each series' fill, set on the series: a workbook without a theme part (chibo's blank package, files other tools
# write) gives a client no colours to draw the bars with. Office's first accents: blue, orange, grey, gold.
SERIES_COLOURS = ("4472C4", "ED7D31", "A5A5A5", "FFC000")


def _chart_xml(sheet: str, spec: BarChart) -> str:
    """A clustered column chart: one series per column, titles from the header row, categories read as text."""
    q = esc(quote_sheet(sheet))
    cats = f"{q}!${column_letter(spec.category_column)}${spec.first_row}:${column_letter(spec.category_column)}${spec.last_row}"
    series = []
    for i, column in enumerate(spec.series_columns):
        letter = column_letter(column)
        series.append(
            f'<ser><idx val="{i}"/><order val="{i}"/><tx><strRef><f>{q}!${letter}${spec.header_row}</f></strRef></tx>'
            f'<spPr><a:solidFill><a:srgbClr val="{SERIES_COLOURS[i % len(SERIES_COLOURS)]}"/></a:solidFill></spPr>'
            f'<cat><strRef><f>{cats}</f></strRef></cat>'
            f'<val><numRef><f>{q}!${letter}${spec.first_row}:${letter}${spec.last_row}</f></numRef></val></ser>')
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    number_format = (f'<numFmt formatCode="{esc(spec.value_format)}" sourceLinked="0"/>' if spec.value_format
                     else '<numFmt formatCode="General" sourceLinked="1"/>')
    floor = '<min val="0"/>' if spec.value_unit else ""  # whole steps count from zero
    unit = f'<majorUnit val="{spec.value_unit:g}"/>' if spec.value_unit else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<chartSpace xmlns="http://schemas.openxmlformats.org/drawingml/2006/chart" {a}>'
        f'<chart><title><tx><rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:t>{esc(spec.title)}</a:t></a:r>'
        '</a:p></rich></tx><overlay val="0"/></title><autoTitleDeleted val="0"/><plotArea><barChart><barDir val="col"/>'
        f'<grouping val="clustered"/><varyColors val="0"/>{"".join(series)}<gapWidth val="150"/>'
        '<axId val="10"/><axId val="100"/></barChart>'
        '<catAx><axId val="10"/><scaling><orientation val="minMax"/></scaling><delete val="0"/><axPos val="b"/>'
        '<numFmt formatCode="General" sourceLinked="1"/><majorTickMark val="none"/><minorTickMark val="none"/>'
        '<tickLblPos val="nextTo"/><crossAx val="100"/><crosses val="autoZero"/><auto val="1"/><lblAlgn val="ctr"/>'
        '<lblOffset val="100"/><noMultiLvlLbl val="0"/></catAx>'
        '<valAx><axId val="100"/><scaling><orientation val="minMax"/>'
        f'{floor}</scaling><delete val="0"/><axPos val="l"/>'
        f'<majorGridlines/>{number_format}<majorTickMark val="none"/>'
        '<minorTickMark val="none"/><tickLblPos val="nextTo"/><crossAx val="10"/><crosses val="autoZero"/>'
        f'<crossBetween val="between"/>{unit}</valAx></plotArea><legend><legendPos val="r"/><overlay val="0"/></legend>'
        '<plotVisOnly val="1"/><dispBlanksAs val="gap"/></chart></chartSpace>'
    )
