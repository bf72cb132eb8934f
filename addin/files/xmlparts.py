"""Small, safe XML tools for patching package parts as text.

Parts are parsed with expat and defusedxml's guards (no DTD, no entities, no external
references); what is not changed is kept as the exact bytes the file holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden


def _forbid_dtd(name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name: str, is_parameter: bool, value: str | None, base: str | None,
                   sysid: str | None, pubid: str | None, notation: str | None) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _forbid_unparsed_entity(name: str, base: str | None, sysid: str | None, pubid: str | None,
                            notation: str | None) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _forbid_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> int:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def secure_parser(namespace_separator: str | None = "}") -> expat.XMLParserType:
    """A bare expat parser with defusedxml's guards (no DTD, no entities, no external references).

    defusedxml's own ElementTree layer calls Python for every text node and is about four
    times slower on a register of 5,000 rows; the guards are the same handlers.
    """
    parser = expat.ParserCreate(namespace_separator=namespace_separator)
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    return parser


def local(tag: str) -> str:
    """The name without its prefix ("x14:dataValidation" → "dataValidation")."""
    return tag.rpartition(":")[2]


def prefix_of(tag: str) -> str:
    """The prefix with its colon ("x:worksheet" → "x:"), "" when there is none."""
    head, colon, _ = tag.rpartition(":")
    return head + colon


def esc(text: str) -> str:
    if "&" not in text and "<" not in text and ">" not in text:  # most texts: three scans in C, no copies
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(text: str) -> str:
    return esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


@dataclass
class Node:
    """An element as written (prefixed names kept), for small parts and small subtrees."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return local(self.tag)

    def elements(self, name: str | None = None) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and (name is None or c.name == name)]

    def first(self, name: str) -> Node | None:
        return next(iter(self.elements(name)), None)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def render(self) -> str:
        attrs = "".join(f' {k}="{esc_attr(v)}"' for k, v in self.attrs.items())
        if not self.children:
            return f"<{self.tag}{attrs}/>"
        inner = "".join(esc(c) if isinstance(c, str) else c.render() for c in self.children)
        return f"<{self.tag}{attrs}>{inner}</{self.tag}>"

    def canonical(self) -> str:
        """The same element whatever its attribute order: to recognise one already in a part."""
        attrs = "".join(f" {k}={v!r}" for k, v in sorted(self.attrs.items()))
        inner = "".join(c.strip() if isinstance(c, str) else c.canonical() for c in self.children)
        return f"<{self.name}{attrs}>{inner}</>"


def parse(data: bytes | str) -> Node:
    """The whole part as a tree (use for small parts only)."""
    parser = secure_parser(None)
    stack: list[Node] = [Node("#document")]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, dict(attrs))
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        children = stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.Parse(data.encode() if isinstance(data, str) else data, True)
    return stack[0].elements()[0]


@dataclass(frozen=True)
class Span:
    """Where one element lies in a part, in bytes: [start, end)."""

    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Outline:
    """A part's root element and its children, located but not copied."""

    root: str
    content_start: int  # just after the root's start tag
    content_end: int  # where the root's end tag begins
    children: tuple[Span, ...]


def outline(data: bytes, skip: frozenset[str] = frozenset({"sheetData"})) -> Outline:
    """Locate the root's children; events inside `skip` elements are switched off (fast on big sheets)."""
    parser = secure_parser(None)
    depth = 0
    root: list[tuple[str, dict[str, str]]] = []
    children: list[Span] = []
    starts: list[int] = []
    bounds = [0, len(data)]
    skipping = [""]

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        index = parser.CurrentByteIndex
        if depth == 0:
            root.append((tag, dict(attrs)))
            bounds[0] = _tag_end(data, index)
        elif depth == 1:
            starts.append(index)
            if local(tag) in skip:
                skipping[0] = tag
                parser.StartElementHandler = None
                parser.EndElementHandler = end_skipped
        depth += 1

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        index = parser.CurrentByteIndex
        if depth == 1:
            start_index = starts.pop()
            children.append(Span(tag, start_index, _element_end(data, start_index, index)))
        elif depth == 0:
            bounds[1] = index

    def end_skipped(tag: str) -> None:
        if tag == skipping[0]:
            parser.StartElementHandler = start
            parser.EndElementHandler = end
            end(tag)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    if bounds[0] > bounds[1]:  # an empty root: <root/>
        bounds[1] = bounds[0]
    return Outline(root[0][0], bounds[0], bounds[1], tuple(children))


def _element_end(data: bytes, start: int, index: int) -> int:
    """The end of the element starting at `start` whose end event came at or near `index`."""
    tag_end = _tag_end(data, start)
    if data[tag_end - 2:tag_end] == b"/>":
        return tag_end
    return data.index(b">", max(index, tag_end)) + 1 if data.startswith(b"</", index) else \
        data.index(b">", data.index(b"</", max(index, tag_end))) + 1


def _tag_end(data: bytes, index: int) -> int:
    """Just after the start tag beginning at `index` (quotes may hold ">")."""
    quote = 0
    for i in range(index, len(data)):
        ch = data[i]
        if quote:
            if ch == quote:
                quote = 0
        elif ch in (0x22, 0x27):
            quote = ch
        elif ch == 0x3E:
            return i + 1
    raise ValueError("unterminated start tag")
