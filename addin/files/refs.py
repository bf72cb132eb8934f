"""Cell references in formulas and ranges, moved as Excel moves them when rows are inserted or deleted."""
from __future__ import annotations

import re
from dataclasses import dataclass

from addin.workbook.updates import sheet_key

_REF = r"\$?[A-Za-z]{1,3}\$?\d+"
_REFERENCE = (
    r"(?<![\w.$'!\]])"
    r"(?P<sheet>(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?"
    rf"(?:(?P<a>{_REF})(?::(?P<b>{_REF}))?|(?P<rows>\$?\d+:\$?\d+))"
    r"(?![\w.(!\[])"
)
# What is never a reference: a text in quotes, a bracket group (a structured reference's columns, up to
# `Table[[#This Row],[Column]]`, with `'` escaping a bracket; an external workbook's index `[1]`).
_OPAQUE = r'"(?:[^"]|"")*"' + r"|\[(?:[^\[\]']|'.|\[(?:[^\[\]']|'.)*\])*\]"
_TOKEN = re.compile(rf"(?P<opaque>{_OPAQUE})|{_REFERENCE}")
_PART = re.compile(r"^(\$?[A-Za-z]{0,3})(\$?)(\d+)$")


@dataclass(frozen=True)
class RowShift:
    """Rows `before` and below of `sheet` move by `count` (down when positive), as Excel moves them."""

    sheet: str
    before: int
    count: int

    def row(self, row: int) -> int:
        return row + self.count if row >= self.before else row

    def ranges(self, text: str) -> str:
        """A space-separated list of ranges of this sheet ("A5:C9 E12")."""
        return " ".join(self._range(part) for part in text.split())

    def _range(self, ref: str) -> str:
        return ":".join(self._part(end) for end in ref.split(":"))

    def _part(self, end: str) -> str:
        match = _PART.match(end)
        if not match:
            return end
        return f"{match[1]}{match[2]}{self.row(int(match[3]))}"

    def formula(self, text: str, home: str | None) -> str:
        """`text` with its references to this sheet's rows moved (texts in quotes and structured references left alone)."""
        if home is not None and sheet_key(home) != sheet_key(self.sheet) and "!" not in text:
            return text
        return _TOKEN.sub(lambda m: m.group() if m["opaque"] is not None else self._reference(m, home), text)

    def _reference(self, match: re.Match[str], home: str | None) -> str:
        quoted = match["sheet"]
        sheet = quoted[:-1].strip("'").replace("''", "'") if quoted else home
        if sheet is None or sheet_key(sheet) != sheet_key(self.sheet):
            return match.group()
        body = match["rows"] or (match["a"] + (":" + match["b"] if match["b"] else ""))
        return (quoted or "") + self._range(body)
