"""One worksheet part, patched as text: rows and cells chibo writes change, every other row and
element keeps its bytes (DESIGN §5)."""
from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from addin.errors import FidelityRisk
from addin.workbook.tables import column_index, column_letter, range_bounds
from addin.workbook.updates import (
    DATE_FORMAT,
    PAGE_NUMBER_HEADER,
    PAPER_SIZES,
    Area,
    Block,
    Cell,
    CellStyle,
    ConditionalFill,
    Formula,
    ListValidation,
    PageSetup,
    Value,
)

from .package import REL_NS
from .refs import RowShift
from .styles import Styles
from .xmlparts import RELATIONSHIPS, Node, esc, esc_attr, outline, parse, prefix_of

MM_PER_INCH = 25.4
ORDER = ("sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
         "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
         "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
         "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
         "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
         "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
         "extLst")
SHIFTED_CHILDREN = frozenset({"mergeCells", "conditionalFormatting", "dataValidations", "hyperlinks",
                              "autoFilter", "extLst", "dimension"})
_ROW = re.compile(r"<(?:[\w.-]+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?row>)", re.S)
_CELL = re.compile(r"<(?:[\w.-]+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.S)
_ROW_NUMBER = re.compile(r'\br="(\d+)"')
_CELL_REF = re.compile(r'\br="([A-Za-z]{1,3})(\d+)"')
_STYLE = re.compile(r'\bs="(\d+)"')
_SPANS = re.compile(r'\s*\bspans="[^"]*"')
_FORMULA = re.compile(r"(<(?:[\w.-]+:)?f\b)([^>]*?)(/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
_REF_ATTR = re.compile(r'\bref="([^"]*)"')
_SPACES = " \t\r\n"
# OOXML ST_Xstring: a character XML cannot hold (or would not keep: a bare CR reads back as LF) is stored as
# `_xHHHH_`, and a text that already reads `_xHHHH_` gets its underscore escaped (`_x005F_xHHHH_`), as Excel does.
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
               b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
               b'<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
               b'<sheetFormatPr defaultRowHeight="15"/><sheetData/>'
               b'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
               b'</worksheet>')


@dataclass
class _Row:
    attrs: str  # the <row> attributes but r and spans
    body: str | None  # the cells as stored, until parsed
    raw: str | None  # the whole element as stored, while nothing changed
    _cells: dict[int, str] | None = None

    @property
    def cells(self) -> dict[int, str]:
        if self._cells is None:
            self._cells = _parse_cells(self.body or "")
            self.body = None
        self.raw = None
        return self._cells

    def render(self, number: int, prefix: str) -> str:
        if self.raw is not None:
            return self.raw
        cells = self.cells
        if cells:
            spans = f' spans="{min(cells)}:{max(cells)}"'
            inner = "".join(cells[c] for c in sorted(cells))
            return f'<{prefix}row r="{number}"{spans}{self.attrs}>{inner}</{prefix}row>'
        return f'<{prefix}row r="{number}"{self.attrs}/>'


def _parse_cells(body: str) -> dict[int, str]:
    cells: dict[int, str] = {}
    column = 0
    for match in _CELL.finditer(body):
        ref = _CELL_REF.search(match[1])
        column = column_index(ref[1]) if ref else column + 1
        cells[column] = match.group()
    return cells


def _cell_style(raw: str | None) -> int:
    if raw is None:
        return 0
    head = raw[:raw.find(">") + 1]
    match = _STYLE.search(head)
    return int(match[1]) if match else 0


def _has_formula(raw: str) -> bool:
    return "<f" in raw or ":f" in raw


class Worksheet:
    """A worksheet part: its top-level elements as text, its rows parsed on demand."""

    def __init__(self, name: str, data: bytes, styles: Styles, date1904: bool = False) -> None:
        self.name = name
        self.styles = styles
        self.date1904 = date1904
        self.formulas_moved = False
        shape = outline(data)
        self._scope = shape.scope
        self.prefix = prefix_of(shape.root)
        self._c, self._v, self._is, self._t = (self.prefix + name for name in ("c", "v", "is", "t"))
        self._head = data[:shape.content_start].decode("utf-8")
        self._tail = data[shape.content_end:].decode("utf-8")
        self.children: list[tuple[str, str]] = []
        self.rows: dict[int, _Row] = {}
        for span in shape.children:
            text = data[span.start:span.end].decode("utf-8")
            self.children.append((span.name, text))
            if span.name == "sheetData":
                self._read_rows(text)
        if not any(name == "sheetData" for name, _ in self.children):
            self.set_child("sheetData", f"<{self.prefix}sheetData/>")
        self._merges: list[tuple[int, int, int, int]] | None = None
        self._links: dict[str, Node] | None = None  # by the cell they sit on
        self._bounds: list[int] = []  # rows and columns written, for <dimension>
        self.features: list[tuple[tuple[int, int, int, int], str]] = []  # what chibo must not write over

    def guard(self, box: tuple[int, int, int, int]) -> None:
        """Refuse a write into `box` that would land on a table or pivot of the committee's."""
        for area, what in self.features:
            if _overlaps(area, box):
                raise FidelityRisk(
                    f"{what} ở sheet “{self.name}”, vùng {_ref(*area)}, nằm trong vùng chibo ghi kết quả "
                    f"({_ref(*box)}); chibo không ghi đè. Tệp được giữ nguyên. Hãy chuyển {what} ra chỗ khác "
                    "rồi chạy lại.")

    # --- top-level elements ---------------------------------------------------------------

    def child(self, name: str) -> str | None:
        return next((text for n, text in self.children if n == name), None)

    def set_child(self, name: str, text: str | None) -> None:
        """Replace (or with None, remove) the element `name`, or insert it in schema order."""
        if text is None:
            self.children = [(n, t) for n, t in self.children if n != name]
            return
        for i, (n, _) in enumerate(self.children):
            if n == name:
                self.children[i] = (name, text)
                return
        rank = ORDER.index(name)
        at = next((i for i, (n, _) in enumerate(self.children) if n in ORDER and ORDER.index(n) > rank),
                  len(self.children))
        self.children.insert(at, (name, text))

    def _parse(self, text: str) -> Node:
        """One of the sheet's top-level elements as a tree, in the namespaces the sheet declares."""
        return parse(text, self._scope)

    def _tag(self, name: str) -> str:
        return self.prefix + name

    def _read_rows(self, text: str) -> None:
        number = 0
        for match in _ROW.finditer(text):
            attrs = match[1]
            found = _ROW_NUMBER.search(attrs)
            number = int(found[1]) if found else number + 1
            rest = _SPANS.sub("", _ROW_NUMBER.sub("", attrs, count=1)).rstrip()
            self.rows[number] = _Row(" " + rest.strip() if rest.strip() else "", match[2] or "", match.group())

    # --- merges and links -------------------------------------------------------------------

    @property
    def merges(self) -> list[tuple[int, int, int, int]]:
        if self._merges is None:
            text = self.child("mergeCells")
            nodes = self._parse(text).elements("mergeCell") if text else []
            self._merges = [range_bounds(n.attrs["ref"]) for n in nodes if "ref" in n.attrs]
        return self._merges

    def _store_merges(self) -> None:
        merges = self.merges
        if not merges:
            self.set_child("mergeCells", None)
            return
        cells = "".join(f'<{self._tag("mergeCell")} ref="{_ref(*m)}"/>' for m in merges)
        self.set_child("mergeCells", f'<{self._tag("mergeCells")} count="{len(merges)}">{cells}</{self._tag("mergeCells")}>')

    @property
    def links(self) -> dict[str, Node]:
        if self._links is None:
            text = self.child("hyperlinks")
            self._links = {n.attrs.get("ref", ""): n for n in (self._parse(text).elements("hyperlink") if text else [])}
        return self._links

    # --- operations of a SheetUpdate ------------------------------------------------------------

    def shift_rows(self, shift: RowShift, deleted: range = range(0)) -> None:
        """Move rows (and everything in this sheet that refers to them); `deleted` rows go first."""
        for number in deleted:
            row = self.rows.pop(number, None)
            if row is not None and any(_has_formula(c) for c in row.cells.values()):
                self.formulas_moved = True
        self._merges = [m for m in self.merges if not (m[0] in deleted and m[2] in deleted)]
        moved: dict[int, _Row] = {}
        for number, row in self.rows.items():
            target = shift.row(number)
            if target != number:
                self.formulas_moved = True
                cells = row.cells
                for column, raw in cells.items():
                    cells[column] = _CELL_REF.sub(f'r="\\g<1>{target}"', raw, count=1)
            moved[target] = row
        self.rows = dict(sorted(moved.items()))
        self.shift_formulas(shift)
        self._merges = [(shift.row(a), b, shift.row(c), d) for a, b, c, d in self.merges]
        self._store_merges()
        for link in self.links.values():
            link.attrs["ref"] = shift.ranges(link.attrs.get("ref", ""))
        self._links = {link.attrs["ref"]: link for link in self.links.values()}
        self._store_links()
        for name in SHIFTED_CHILDREN - {"mergeCells", "hyperlinks", "conditionalFormatting"}:
            text = self.child(name)
            if text is not None:
                tree = self._parse(text)
                _shift_tree(tree, shift, self.name)
                self.set_child(name, tree.render())
        self.children = [(n, _shifted_text(t, shift, self.name) if n == "conditionalFormatting" else t)
                         for n, t in self.children]  # one element per range: it may repeat
        breaks = self.child("rowBreaks")
        if breaks is not None:
            tree = self._parse(breaks)
            for brk in tree.elements("brk"):
                brk.attrs["id"] = str(shift.row(int(brk.attrs.get("id", "0")) + 1) - 1)
            self.set_child("rowBreaks", tree.render())

    def shift_formulas(self, shift: RowShift) -> bool:
        """Move references in this sheet's cell formulas; True when one changed."""
        changed = False
        for row in self.rows.values():
            stored = row.raw if row.raw is not None else row.body
            if stored is not None and not _has_formula(stored):
                continue
            cells = row.cells
            for column, raw in cells.items():
                if _has_formula(raw):
                    new = _FORMULA.sub(lambda m: _shifted_formula(m, shift, self.name), raw)
                    if new != raw:
                        cells[column], changed = new, True
        return changed

    def clear(self, area: Area) -> None:
        """Empty values and formats of `area`, with its merges and links (a straddling merge's covered cells stay)."""
        box = (area.first_row, area.first_column, area.last_row, area.last_column)
        self.guard(box)
        self._merges = [m for m in self.merges if not _within(m, box)]
        straddling = [m for m in self.merges if _overlaps(m, box)]
        for number in [r for r in self.rows if area.first_row <= r <= area.last_row]:
            row = self.rows[number]
            if row.raw is not None and not row.body:
                continue
            cells = row.cells
            for column in [c for c in cells if area.first_column <= c <= area.last_column]:
                if any(_inside(number, column, m) and (number, column) != (m[0], m[1]) for m in straddling):
                    continue
                if _has_formula(cells[column]):
                    self.formulas_moved = True
                del cells[column]
        self._links = {ref: link for ref, link in self.links.items() if not _ref_within(ref, box)}
        self._store_merges()
        self._store_links()

    def merge(self, ref: str) -> None:
        """Merge `ref`, first unmerging ranges that overlap it; covered cells lose their values."""
        target = range_bounds(ref)
        if target[0] == target[2] and target[1] == target[3]:
            return
        if target in self.merges:
            return
        self._merges = [m for m in self.merges if not _overlaps(m, target)]
        self.merges.append(target)
        for number in range(target[0], target[2] + 1):
            row = self.rows.get(number)
            if row is None:
                continue
            for column in range(target[1], target[3] + 1):
                if (number, column) != (target[0], target[1]) and column in row.cells:
                    raw = row.cells[column]
                    style = _cell_style(raw)
                    if _has_formula(raw):
                        self.formulas_moved = True
                    row.cells[column] = self._cell(number, column, None, style)
        self._store_merges()

    def write_block(self, block: Block) -> None:
        box = (block.row, block.column, block.row + block.height - 1, block.column + block.width - 1)
        if block.height and block.width:
            self.guard(box)
        merges = [m for m in self.merges if _overlaps(m, box)]
        links = self.links
        for i, items in enumerate(block.cells):
            row = block.row + i
            cells = self._row(row).cells
            for j, item in enumerate(items):
                column = block.column + j
                if merges and self._merged(block, row, column, item, merges):
                    continue
                self._put(cells, row, column, item)
                if item.hyperlink is not None or links:
                    self._set_link(row, column, item.hyperlink)
        self._bounds += box

    def _merged(self, block: Block, row: int, column: int, item: Cell,
                merges: list[tuple[int, int, int, int]]) -> bool:
        """A covered cell of a merge writes to its anchor, or only styles itself when the block
        writes the anchor too; True when the cell was handled so."""
        merged = next((m for m in merges if _inside(row, column, m) and (row, column) != (m[0], m[1])), None)
        if merged is None:
            return False
        i, j = merged[0] - block.row, merged[1] - block.column
        if 0 <= i < block.height and 0 <= j < len(block.cells[i]):
            if item.style is not None:
                cells = self._row(row).cells
                style = self.styles.apply(_cell_style(cells.get(column)), item.style)
                cells[column] = self._cell(row, column, None, style)
            return True
        self._put(self._row(merged[0]).cells, merged[0], merged[1], item)
        self._set_link(merged[0], merged[1], item.hyperlink)
        return True

    def _put(self, cells: dict[int, str], row: int, column: int, item: Cell) -> None:
        """Write value and style, keeping the formats the cell had that `item.style` does not name."""
        old = cells.get(column)
        style = 0
        if old is not None:
            style = _cell_style(old)
            if _has_formula(old):
                self.formulas_moved = True
        if item.style is not None:
            style = self.styles.apply(style, item.style)
        value = item.value
        if isinstance(value, dt.date) and not self.styles.is_date(style):
            style = self.styles.apply(style, _DATE_TIME if isinstance(value, dt.datetime) else _DATE_ONLY)
        cells[column] = self._cell(row, column, value, style)

    def _row(self, number: int) -> _Row:
        row = self.rows.get(number)
        if row is None:
            row = self.rows[number] = _Row("", None, None, {})
        return row

    def _cell(self, row: int, column: int, value: Value, style: int) -> str:
        c, v = self._c, self._v
        head = f'<{c} r="{column_letter(column)}{row}" s="{style}"' if style else f'<{c} r="{column_letter(column)}{row}"'
        if isinstance(value, str):
            value = xstring(value) or None  # an empty text is an empty cell, as Excel stores it
        if value is None:
            return head + "/>"
        if isinstance(value, Formula):
            return self._formula_cell(head, value)
        if isinstance(value, bool):
            return f'{head} t="b"><{v}>{int(value)}</{v}></{c}>'
        if isinstance(value, str):
            space = ' xml:space="preserve"' if value[0] in _SPACES or value[-1] in _SPACES or "\n" in value else ""
            return f'{head} t="inlineStr"><{self._is}><{self._t}{space}>{esc(value)}</{self._t}></{self._is}></{c}>'
        number: int | float = _serial(value, self.date1904) if isinstance(value, dt.date) else value
        if isinstance(number, float):
            if not math.isfinite(number):
                return head + "/>"
            shown = str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
        else:
            shown = str(number)
        return f"{head}><{v}>{shown}</{v}></{c}>"

    def _formula_cell(self, head: str, formula: Formula) -> str:
        """A formula chibo built, with its cached value (a text result is `t="str"`)."""
        c, v, f = self._c, self._v, self.prefix + "f"
        cached = formula.cached
        if cached is None:
            return f"{head}><{f}>{esc(formula.text)}</{f}></{c}>"
        if isinstance(cached, bool):
            kind, shown = ' t="b"', str(int(cached))
        elif isinstance(cached, str):
            kind, shown = ' t="str"', esc(xstring(cached))
        else:
            kind, shown = "", repr(cached) if isinstance(cached, float) and not cached.is_integer() else str(int(cached))
        return f"{head}{kind}><{f}>{esc(formula.text)}</{f}><{v}>{shown}</{v}></{c}>"

    def _set_link(self, row: int, column: int, location: str | None) -> None:
        ref = f"{column_letter(column)}{row}"
        links = self.links
        links.pop(ref, None)
        if location is not None:
            links[ref] = Node(self._tag("hyperlink"), {"ref": ref, "location": location.lstrip("#")})

    def _store_links(self) -> None:
        links = self.links
        if not links:
            self.set_child("hyperlinks", None)
            return
        inner = "".join(link.render() for link in links.values())
        self.set_child("hyperlinks", f'<{self._tag("hyperlinks")}>{inner}</{self._tag("hyperlinks")}>')

    def column_widths(self, widths: Mapping[int, float], styles: Mapping[int, CellStyle] | None = None) -> None:
        """Set these columns' widths (in this order) and formats, splitting any <col min..max> group that spans one."""
        if not widths and not styles:
            return
        text = self.child("cols")
        out: list[Node] = self._parse(text).elements("col") if text else []
        for column, width in widths.items():
            out = self._with_col(out, column, width=width)
        for column, style in (styles or {}).items():
            out = self._with_col(out, column, style=style)
        self.set_child("cols", f'<{self._tag("cols")}>{"".join(c.render() for c in out)}</{self._tag("cols")}>')

    def _with_col(self, cols: list[Node], column: int, *, width: float | None = None,
                  style: CellStyle | None = None) -> list[Node]:
        def change(attrs: dict[str, str]) -> dict[str, str]:
            if style is not None:
                return {"style": str(self.styles.apply(int(attrs.get("style", "0")), style))}
            return {"width": f"{width:g}", "customWidth": "1"}

        out: list[Node] = []
        for col in cols:
            low, high = int(col.attrs.get("min", "0")), int(col.attrs.get("max", "0"))
            if low <= column <= high:
                for a, b in ((low, column - 1), (column + 1, high)):
                    if a <= b:
                        out.append(Node(col.tag, {**col.attrs, "min": str(a), "max": str(b)}))
                out.append(Node(col.tag, {**col.attrs, "min": str(column), "max": str(column), **change(col.attrs)}))
            else:
                out.append(col)
        if not any(int(c.attrs["min"]) == column for c in out):
            attrs = {"min": str(column), "max": str(column), "width": "9.140625"}  # Excel's default width, 64 pixels
            out.append(Node(self._tag("col"), {**attrs, **change(attrs)}))
        out.sort(key=lambda c: int(c.attrs["min"]))
        return out

    def validations(self, rules: Sequence[ListValidation]) -> None:
        """Drop-down lists, replacing the sheet's validations of the same ranges (others are kept)."""
        if not rules:
            return
        tag = self._tag
        text = self.child("dataValidations")
        ours = {rule.ref for rule in rules}
        kept = [n for n in (self._parse(text).elements("dataValidation") if text else []) if n.attrs.get("sqref") not in ours]
        for rule in rules:
            attrs = {"type": "list", "allowBlank": "1", "showInputMessage": "1", "showErrorMessage": "1"}
            if rule.error_message:
                attrs.update(errorStyle="warning", errorTitle=rule.error_title or "", error=rule.error_message)
            if rule.prompt:
                attrs["prompt"] = rule.prompt
            attrs["sqref"] = rule.ref
            kept.append(Node(tag("dataValidation"), attrs, [Node(tag("formula1"), {}, [rule.source])]))
        inner = "".join(n.render() for n in kept)
        self.set_child("dataValidations", f'<{tag("dataValidations")} count="{len(kept)}">{inner}</{tag("dataValidations")}>')

    def conditional_fills(self, rules: Sequence[ConditionalFill]) -> None:
        """Formula rules, one element per range, replacing the sheet's rules of the same ranges."""
        if not rules:
            return
        tag = self._tag
        ours = {rule.ref for rule in rules}
        kept = [(n, t) for n, t in self.children
                if n != "conditionalFormatting" or self._parse(t).attrs.get("sqref") not in ours]
        priorities = [int(p) for n, t in kept if n == "conditionalFormatting" for p in re.findall(r'\bpriority="(\d+)"', t)]
        priority = max(priorities, default=0)
        by_ref: dict[str, list[str]] = {}
        for rule in rules:
            priority += 1
            stop = ' stopIfTrue="1"' if rule.stop else ""
            by_ref.setdefault(rule.ref, []).append(
                f'<{tag("cfRule")} type="expression" dxfId="{self.styles.dxf(rule.style)}" priority="{priority}"{stop}>'
                f'<{tag("formula")}>{esc(rule.formula)}</{tag("formula")}></{tag("cfRule")}>')
        self.children = kept
        rank = ORDER.index("conditionalFormatting")
        at = next((i for i, (n, _) in enumerate(kept) if n in ORDER and ORDER.index(n) > rank), len(kept))
        self.children[at:at] = [("conditionalFormatting", f'<{tag("conditionalFormatting")} sqref="{esc_attr(ref)}">'
                                                          f'{"".join(found)}</{tag("conditionalFormatting")}>')
                                for ref, found in by_ref.items()]

    def gridlines(self, shown: bool) -> None:
        text = self.child("sheetViews")
        views = self._parse(text) if text else Node(self._tag("sheetViews"), {}, [Node(self._tag("sheetView"), {"workbookViewId": "0"})])
        for view in views.elements("sheetView"):
            if shown:
                view.attrs.pop("showGridLines", None)
            else:
                view.attrs = {"showGridLines": "0", **{k: v for k, v in view.attrs.items() if k != "showGridLines"}}
        self.set_child("sheetViews", views.render())

    def row_height(self, number: int, height: float) -> None:
        row = self._row(number)
        row.cells  # noqa: B018 - parsed: the row is rendered again
        attrs = re.sub(r'\s*\b(?:ht|customHeight)="[^"]*"', "", row.attrs)
        row.attrs = f'{attrs} ht="{height:g}" customHeight="1"'

    def freeze(self, cell: str) -> None:
        """Freeze the rows above and the columns left of `cell`."""
        top, left, _, _ = range_bounds(cell)
        text = self.child("sheetViews")
        views = self._parse(text) if text else Node(self._tag("sheetViews"), {}, [Node(self._tag("sheetView"), {"workbookViewId": "0"})])
        view = views.elements("sheetView")[0] if views.elements("sheetView") else None
        if view is None:
            view = Node(self._tag("sheetView"), {"workbookViewId": "0"})
            views.children.append(view)
        view.children = [c for c in view.children if isinstance(c, Node) and c.name not in ("pane", "selection")]
        pane = {"xSplit": str(left - 1), "ySplit": str(top - 1), "topLeftCell": cell.replace("$", "").upper(),
                "activePane": _pane(top, left), "state": "frozen"}
        if left == 1:
            del pane["xSplit"]
        if top == 1:
            del pane["ySplit"]
        if top > 1 or left > 1:
            view.children.insert(0, Node(self._tag("pane"), pane))
            view.children.insert(1, Node(self._tag("selection"), {"pane": pane["activePane"]}))
        self.set_child("sheetViews", views.render())

    def autofilter(self, ref: str) -> None:
        self.set_child("autoFilter", f'<{self._tag("autoFilter")} ref="{esc_attr(ref)}"/>')

    def page_setup(self, setup: PageSetup) -> None:
        if setup.paper not in PAPER_SIZES:
            raise ValueError(f"unknown paper size {setup.paper!r}")
        top, bottom, left, right = (mm / MM_PER_INCH for mm in setup.margins_mm)
        old = self.child("pageMargins")
        margins = self._parse(old).attrs if old else {}
        margins.update(left=f"{left:.12g}", right=f"{right:.12g}", top=f"{top:.12g}", bottom=f"{bottom:.12g}")
        margins.setdefault("header", "0.3")
        margins.setdefault("footer", "0.3")
        self.set_child("pageMargins", Node(self._tag("pageMargins"), margins).render())
        old = self.child("pageSetup")
        page = self._parse(old) if old else Node(self._tag("pageSetup"))
        page.attrs.update(paperSize=str(PAPER_SIZES[setup.paper]), orientation="landscape" if setup.landscape else "portrait")
        if setup.fit_to_width:
            page.attrs.update(fitToWidth="1", fitToHeight="0")
        self.set_child("pageSetup", page.render())
        self._fit_to_page(setup.fit_to_width)
        if setup.page_numbers:
            self._page_numbers()

    def _page_numbers(self) -> None:
        """The page number at the top centre from the second page: a different, empty first-page header."""
        tag = self._tag
        self.set_child("headerFooter", f'<{tag("headerFooter")} differentFirst="1"><{tag("oddHeader")}>'
                                       f'{esc(PAGE_NUMBER_HEADER)}</{tag("oddHeader")}></{tag("headerFooter")}>')

    def _fit_to_page(self, fit: bool) -> None:
        old = self.child("sheetPr")
        props = self._parse(old) if old else Node(self._tag("sheetPr"))
        setup = props.first("pageSetUpPr")
        if setup is None:
            setup = Node(self._tag("pageSetUpPr"))
            order = ("tabColor", "outlinePr", "pageSetUpPr")
            at = sum(1 for c in props.elements() if c.name in order[:2])
            props.children.insert(at, setup)
        setup.attrs["fitToPage"] = "1" if fit else "0"
        self.set_child("sheetPr", props.render())

    def code_name(self, name: str) -> None:
        old = self.child("sheetPr")
        props = self._parse(old) if old else Node(self._tag("sheetPr"))
        props.attrs["codeName"] = name
        self.set_child("sheetPr", props.render())

    def drawing_id(self) -> str | None:
        text = self.child("drawing")
        if text is None:
            return None
        tree = self._parse(text)
        return tree.attr("id", RELATIONSHIPS)

    def set_related(self, child: str, rel_id: str) -> None:
        """Point the sheet's `drawing` or `legacyDrawing` element at the part of relationship `rel_id`."""
        self.set_child(child, f'<{self._tag(child)} xmlns:r="{REL_NS}" r:id="{rel_id}"/>')

    # --- the part -------------------------------------------------------------------------------

    def _dimension(self) -> None:
        if not self.rows:
            return
        first_row, last_row = min(self.rows), max(self.rows)
        old = self.child("dimension")
        bounds = [first_row, 1, last_row, 1]
        if old is not None:
            ref = self._parse(old).attrs.get("ref", "A1")
            try:
                r1, c1, r2, c2 = range_bounds(ref)
                bounds = [first_row, c1, last_row, c2]
            except ValueError:
                pass
        if self._bounds:
            cols = self._bounds[1::2]
            bounds[1] = min([bounds[1], *cols])
            bounds[3] = max([bounds[3], *cols])
        self.set_child("dimension", f'<{self._tag("dimension")} ref="{_ref(*bounds)}"/>')

    def render(self) -> bytes:
        self._dimension()
        self._store_links_if_loaded()
        rows = "".join(self.rows[number].render(number, self.prefix) for number in sorted(self.rows))
        sheet_data = f'<{self._tag("sheetData")}>{rows}</{self._tag("sheetData")}>' if rows else f'<{self._tag("sheetData")}/>'
        parts = [sheet_data if name == "sheetData" else text for name, text in self.children]
        return (self._head + "".join(parts) + self._tail).encode("utf-8")

    def _store_links_if_loaded(self) -> None:
        if self._links is not None:
            self._store_links()


_DATE_ONLY = CellStyle(number_format=DATE_FORMAT)
_DATE_TIME = CellStyle(number_format="yyyy-mm-dd h:mm:ss")


@lru_cache(maxsize=16384)  # registers and plans repeat the same dates
def xstring(text: str) -> str:
    """`text` as an OOXML ST_Xstring: literal `_xHHHH_` escaped, characters XML cannot hold as `_xHHHH_`."""
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub("_x005F_", text)
    if not text.isprintable():
        text = _UNSTORABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def _serial(value: dt.date, date1904: bool) -> float:
    """Excel's serial number of a date or date-time (1900 or 1904 date system)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    moment = moment.replace(tzinfo=None)
    if date1904:
        delta = moment - _EPOCH_1904
    else:
        delta = moment - _EPOCH_1900
        if moment < dt.datetime(1900, 3, 1):
            delta += dt.timedelta(days=-1)  # Excel's phantom 29/02/1900
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def _pane(top: int, left: int) -> str:
    if top > 1 and left > 1:
        return "bottomRight"
    return "bottomLeft" if top > 1 else "topRight"


def _ref(r1: int, c1: int, r2: int, c2: int) -> str:
    first = f"{column_letter(c1)}{r1}"
    return first if (r1, c1) == (r2, c2) else f"{first}:{column_letter(c2)}{r2}"


def _inside(row: int, column: int, box: tuple[int, int, int, int]) -> bool:
    return box[0] <= row <= box[2] and box[1] <= column <= box[3]


def _within(inner: tuple[int, int, int, int], box: tuple[int, int, int, int]) -> bool:
    return _inside(inner[0], inner[1], box) and _inside(inner[2], inner[3], box)


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def _ref_within(ref: str, box: tuple[int, int, int, int]) -> bool:
    try:
        return _within(range_bounds(ref), box)
    except ValueError:
        return False


def _shifted_formula(match: re.Match[str], shift: RowShift, home: str) -> str:
    head, attrs, rest, text = match[1], match[2], match[3], match[4]
    attrs = _REF_ATTR.sub(lambda m: f'ref="{shift.ranges(m[1])}"', attrs) if home == shift.sheet else attrs
    if text is None:
        return head + attrs + rest
    close = rest[len(text) + 1:]
    return f"{head}{attrs}>{esc(shift.formula(_unescape(text), home))}{close}"


def _unescape(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _shift_tree(node: Node, shift: RowShift, home: str) -> None:
    """References inside validations, rules, filters and extensions of the shifted sheet."""
    for key in ("sqref", "ref"):
        if key in node.attrs:
            node.attrs[key] = shift.ranges(node.attrs[key])
    if node.name in ("formula", "formula1", "formula2", "f"):
        node.children = [shift.formula(node.text(), home)]
    elif node.name == "sqref":
        node.children = [shift.ranges(node.text())]
    for child in node.elements():
        _shift_tree(child, shift, home)


def _shifted_text(text: str, shift: RowShift, home: str) -> str:
    tree = parse(text)
    _shift_tree(tree, shift, home)
    return tree.render()


def shift_other_sheet(data: bytes, shift: RowShift, home: str) -> bytes | None:
    """Another sheet's bytes with its formulas into the shifted sheet moved; None when none refers to it."""
    text = data.decode("utf-8")
    changed = [False]

    def repl(match: re.Match[str]) -> str:
        new = _shifted_formula(match, shift, home)
        changed[0] |= new != match.group()
        return new

    new = _FORMULA.sub(repl, text)
    return new.encode("utf-8") if changed[0] else None

