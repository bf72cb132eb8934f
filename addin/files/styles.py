"""Cell formats in `xl/styles.xml`: find or append fonts, fills, borders, number formats and
cell formats, leaving every existing entry (and so every existing cell's look) as it is.

An appended entry equal to one already there is never added twice, so a second refresh adds nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from addin.workbook.updates import CellStyle

from .xmlparts import Node, Outline, esc_attr, local, outline, parse, prefix_of

FIRST_CUSTOM_FORMAT = 164
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
DATE_BUILTINS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
COLLECTIONS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "dxfs")
_AFTER_DXFS = ("tableStyles", "colors", "extLst")  # what follows `dxfs` in a style sheet
FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
              "color", "name", "family", "charset", "scheme")
_COLOR = re.compile(r"#?([0-9A-Fa-f]{6})")
_NOT_DATE = re.compile(r'"[^"]*"|\\.|\[(?!h+\]|m+\]|s+\])[^\]]*\]|_.|\*.')
_DATE_CHARS = re.compile(r"[dmyhs]", re.IGNORECASE)


def is_date_format(code: str) -> bool:
    """A number format that shows a date or time (quoted text, colours and conditions aside)."""
    if code.lower() == "general":
        return False
    return bool(_DATE_CHARS.search(_NOT_DATE.sub("", code)))


def argb(color: str) -> str:
    match = _COLOR.fullmatch(color)
    if not match:
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    return "FF" + match[1].upper()


@dataclass
class _List:
    """One collection of styles.xml: its parsed entries and the ones appended this run."""

    node: Node | None
    entries: list[Node]
    added: int = 0


class Styles:
    """The workbook's cell formats, with what a run appends."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._outline: Outline = outline(data, skip=frozenset({"colors", "extLst"}))
        self.prefix = prefix_of(self._outline.root)
        self._lists: dict[str, _List] = {}
        for span in self._outline.children:
            if span.name in COLLECTIONS:
                node = parse(data[span.start:span.end], self._outline.scope)
                self._lists[node.name] = _List(node, node.elements())
        for name in COLLECTIONS:
            self._lists.setdefault(name, _List(None, []))
        self._index: dict[str, dict[str, int]] = {name: {} for name in COLLECTIONS}
        for name, entries in self._lists.items():
            for i, entry in enumerate(entries.entries):
                self._index[name].setdefault(entry.canonical(), i)
        self.formats = dict(BUILTIN_FORMATS)
        for fmt in self._lists["numFmts"].entries:
            self.formats[int(fmt.attrs.get("numFmtId", "0"))] = fmt.attrs.get("formatCode", "")
        self._results: dict[tuple[int, CellStyle], int] = {}
        self._by_identity: dict[tuple[int, int], tuple[CellStyle, int]] = {}
        self._date: dict[int, bool] = {}

    @property
    def changed(self) -> bool:
        return any(entries.added for entries in self._lists.values())

    def _tag(self, name: str) -> str:
        return self.prefix + name

    def xf(self, index: int) -> Node:
        xfs = self._lists["cellXfs"].entries
        return xfs[index] if 0 <= index < len(xfs) else (xfs[0] if xfs else Node(self._tag("xf"), {
            "numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"}))

    def is_date(self, index: int) -> bool:
        if index not in self._date:
            fmt_id = int(self.xf(index).attrs.get("numFmtId", "0"))
            self._date[index] = fmt_id in DATE_BUILTINS or (fmt_id not in BUILTIN_FORMATS
                                                            and is_date_format(self.formats.get(fmt_id, "")))
        return self._date[index]

    def apply(self, index: int, style: CellStyle) -> int:
        """The cell format `index` with the formats `style` names changed (found or appended)."""
        known = self._by_identity.get((index, id(style)))
        if known is not None and known[0] is style:  # the same style object again: no hashing of its fields
            return known[1]
        key = (index, style)
        if key not in self._results:
            self._results[key] = self._derive(index, style)
        self._by_identity[(index, id(style))] = (style, self._results[key])
        return self._results[key]

    def _derive(self, index: int, style: CellStyle) -> int:
        base = self.xf(index)
        xf = Node(base.tag, dict(base.attrs), [c for c in base.children if isinstance(c, Node)])
        attrs = xf.attrs
        if style.number_format is not None:
            attrs["numFmtId"] = str(self._number_format_id(style.number_format))
            attrs["applyNumberFormat"] = "1"
        if style.fill is not None:
            attrs["fillId"] = str(self._find_or_add("fills", self._fill(argb(style.fill))))
            attrs["applyFill"] = "1"
        font = self._font(int(attrs.get("fontId", "0")), style)
        if font is not None:
            attrs["fontId"] = str(self._find_or_add("fonts", font))
            attrs["applyFont"] = "1"
        if style.border is not None:
            attrs["borderId"] = str(self._find_or_add("borders", self._border(style.border)))
            attrs["applyBorder"] = "1"
        self._align(xf, style)
        return self._find_or_add("cellXfs", xf)

    def _number_format_id(self, code: str) -> int:
        for fmt_id, known in self.formats.items():
            if known == code:
                return fmt_id
        fmt_id = max([FIRST_CUSTOM_FORMAT - 1, *self.formats]) + 1
        self.formats[fmt_id] = code
        self._append("numFmts", Node(self._tag("numFmt"), {"numFmtId": str(fmt_id), "formatCode": code}))
        return fmt_id

    def _fill(self, color: str) -> Node:
        p = self.prefix
        return Node(p + "fill", {}, [Node(p + "patternFill", {"patternType": "solid"}, [
            Node(p + "fgColor", {"rgb": color}), Node(p + "bgColor", {"indexed": "64"})])])

    def _border(self, thin: bool) -> Node:
        p = self.prefix
        sides = [Node(p + side, {"style": "thin"} if thin else {}, [Node(p + "color", {"indexed": "64"})] if thin else [])
                 for side in ("left", "right", "top", "bottom")]
        return Node(p + "border", {}, [*sides, Node(p + "diagonal")])

    def _font(self, font_id: int, style: CellStyle) -> Node | None:
        changes: dict[str, dict[str, str] | None] = {}
        if style.bold is not None:
            changes["b"] = {} if style.bold else None
        if style.italic is not None:
            changes["i"] = {} if style.italic else None
        if style.underline is not None:
            changes["u"] = {} if style.underline else None
        if style.font_size is not None:
            changes["sz"] = {"val": f"{style.font_size:g}"}
        if style.font_color is not None:
            changes["color"] = {"rgb": argb(style.font_color)}
        if style.font_name is not None:
            changes["name"] = {"val": style.font_name}
        if not changes:
            return None
        fonts = self._lists["fonts"].entries
        base = fonts[font_id] if 0 <= font_id < len(fonts) else Node(self._tag("font"))
        kept = {c.name: c for c in base.elements()}
        for name, value in changes.items():
            if value is None:
                kept.pop(name, None)
            else:
                kept[name] = Node(self._tag(name), value)
        if "name" in changes:
            for stale in ("family", "charset", "scheme"):  # they describe the old typeface
                kept.pop(stale, None)
        ordered = [kept[name] for name in FONT_ORDER if name in kept]
        ordered += [node for name, node in kept.items() if name not in FONT_ORDER]
        return Node(base.tag, dict(base.attrs), list(ordered))

    def _align(self, xf: Node, style: CellStyle) -> None:
        changes = {"horizontal": style.h_align, "vertical": style.v_align,
                   "wrapText": None if style.wrap is None else ("1" if style.wrap else "0")}
        if all(v is None for v in changes.values()):
            return
        old = xf.first("alignment")
        alignment = Node(self._tag("alignment")) if old is None else Node(old.tag, dict(old.attrs), list(old.children))
        xf.children = [alignment, *(c for c in xf.children if c is not old)]
        for key, value in changes.items():
            if value is not None:
                alignment.attrs[key] = value
        if alignment.attrs.get("wrapText") == "0":
            del alignment.attrs["wrapText"]
        xf.attrs["applyAlignment"] = "1"

    def dxf(self, style: CellStyle) -> int:
        """The differential format (a conditional format's look) of `style`'s fill, font colour and bold."""
        p = self.prefix
        font = [Node(p + "b")] if style.bold else []
        if style.font_color is not None:
            font.append(Node(p + "color", {"rgb": argb(style.font_color)}))
        children = [Node(p + "font", {}, list(font))] if font else []
        if style.fill is not None:
            children.append(Node(p + "fill", {}, [Node(p + "patternFill", {}, [Node(p + "bgColor", {"rgb": argb(style.fill)})])]))
        return self._find_or_add("dxfs", Node(p + "dxf", {}, list(children)))

    def _find_or_add(self, collection: str, node: Node) -> int:
        found = self._index[collection].get(node.canonical())
        if found is not None:
            return found
        return self._append(collection, node)

    def _append(self, collection: str, node: Node) -> int:
        entries = self._lists[collection]
        entries.entries.append(node)
        entries.added += 1
        index = len(entries.entries) - 1
        self._index[collection].setdefault(node.canonical(), index)
        return index

    def render(self) -> bytes:
        """styles.xml with the appended entries and updated counts; the rest as it was."""
        data, out, pos = self._data, [], 0
        present = {local(span.tag): span for span in self._outline.children}
        for name in COLLECTIONS:
            entries = self._lists[name]
            if not entries.added:
                continue
            new = "".join(node.render() for node in entries.entries[-entries.added:])
            count = len(entries.entries)
            span = present.get(name)
            if span is not None:
                assert entries.node is not None
                attrs = dict(entries.node.attrs, count=str(count))
                head = "<" + entries.node.tag + "".join(f' {k}="{esc_attr(v)}"' for k, v in attrs.items()) + ">"
                body = data[span.start:span.end]
                inner = b"" if body.endswith(b"/>") else body[body.index(b">") + 1:body.rindex(b"</")]
                out += [data[pos:span.start], head.encode(), inner, new.encode(), f"</{entries.node.tag}>".encode()]
                pos = span.end
            else:  # only numFmts (first) and dxfs may be missing in a valid file
                at = self._insert_point(name)
                out += [data[pos:at], f'<{self._tag(name)} count="{count}">{new}</{self._tag(name)}>'.encode()]
                pos = at
        out.append(data[pos:])
        return b"".join(out)

    def _insert_point(self, name: str) -> int:
        later = COLLECTIONS[COLLECTIONS.index(name) + 1:] if name != "dxfs" else _AFTER_DXFS
        for span in self._outline.children:
            if local(span.tag) in later:
                return span.start
        return self._outline.content_end
