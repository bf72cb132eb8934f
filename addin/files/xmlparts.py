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


RELATIONSHIPS = frozenset({  # r:id and friends, transitional and strict
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
})


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


def _scoped(scope: dict[str, str], attrs: dict[str, str]) -> dict[str, str]:
    """The namespaces in scope inside an element: its parent's, with its own xmlns declarations."""
    declared = {k[6:] if k.startswith("xmlns:") else "": v for k, v in attrs.items() if k == "xmlns" or k.startswith("xmlns:")}
    return {**scope, **declared} if declared else scope


def _uri(scope: dict[str, str], tag: str) -> str:
    return scope.get(tag.rpartition(":")[0], "")


@dataclass
class Node:
    """An element as written (prefixed names kept), for small parts and small subtrees.

    A parsed element knows the namespaces in scope (`scope`), so it is matched by namespace URI and local
    name: `elements("sheet")` is a child `sheet` in its parent's namespace, whatever the prefixes. An element
    chibo builds has no scope and takes its parent's namespace.
    """

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    scope: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return local(self.tag)

    @property
    def uri(self) -> str | None:
        """The element's namespace URI; None for an element chibo built."""
        return None if self.scope is None else _uri(self.scope, self.tag)

    def elements(self, name: str | None = None) -> list[Node]:
        """Child elements; with `name`, those of that local name in this element's namespace."""
        if name is None:
            return [c for c in self.children if isinstance(c, Node)]
        uri = self.uri
        return [c for c in self.children if isinstance(c, Node) and c.name == name
                and (uri is None or c.uri is None or c.uri == uri)]

    def attr(self, name: str, uris: frozenset[str]) -> str | None:
        """The value of the attribute `name` in one of the namespaces `uris` (e.g. r:id), whatever its prefix."""
        for key, value in self.attrs.items():
            head, colon, tail = key.rpartition(":")
            if colon and tail == name and head != "xmlns" and (self.scope or {}).get(head) in uris:
                return value
        return None

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


XML_SCOPE = {"xml": "http://www.w3.org/XML/1998/namespace"}


def parse(data: bytes | str, scope: dict[str, str] | None = None) -> Node:
    """The whole part as a tree (use for small parts only); a part's element cut out of it is parsed with
    the namespaces in scope there (`Outline.scope`)."""
    parser = secure_parser(None)
    stack: list[Node] = [Node("#document", scope={**XML_SCOPE, **(scope or {})})]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag, dict(attrs), scope=_scoped(stack[-1].scope or {}, attrs))
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
    """Where one element lies in a part, in bytes: [start, end).

    `name` is the local name for an element in the root's namespace, `{uri}local` for any other, so a
    foreign element never passes for one of the format's (an extension's `sheetData` is not the sheet's)."""

    tag: str
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class Outline:
    """A part's root element and its children, located but not copied."""

    root: str
    uri: str  # the root's namespace
    scope: dict[str, str]  # the namespaces in scope inside the root, for parsing its children
    content_start: int  # just after the root's start tag
    content_end: int  # where the root's end tag begins
    children: tuple[Span, ...]


def outline(data: bytes, skip: frozenset[str] = frozenset({"sheetData"})) -> Outline:
    """Locate the root's children; events inside `skip` elements are switched off (fast on big sheets)."""
    parser = secure_parser(None)
    depth = 0
    root: list[tuple[str, str, dict[str, str]]] = []
    children: list[Span] = []
    starts: list[tuple[int, str]] = []
    bounds = [0, len(data)]
    skipping = [""]
    scopes: list[dict[str, str]] = [{}]

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        index = parser.CurrentByteIndex
        scope = _scoped(scopes[-1], attrs)
        scopes.append(scope)
        if depth == 0:
            root.append((tag, _uri(scope, tag), scope))
            bounds[0] = _tag_end(data, index)
        elif depth == 1:
            uri = _uri(scope, tag)
            name = local(tag) if uri == root[0][1] else f"{{{uri}}}{local(tag)}"
            starts.append((index, name))
            if name in skip:
                skipping[0] = tag
                parser.StartElementHandler = None
                parser.EndElementHandler = end_skipped
        depth += 1

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1
        scopes.pop()
        index = parser.CurrentByteIndex
        if depth == 1:
            start_index, name = starts.pop()
            children.append(Span(tag, start_index, _element_end(data, start_index, index), name))
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
    return Outline(root[0][0], root[0][1], root[0][2], bounds[0], bounds[1], tuple(children))


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
