"""How much room a text in Times New Roman takes on paper: its width, and the lines it wraps to in a column.

The printed documents (the plan, `Lịch`) set Times New Roman, whose advance widths are those of Adobe's
Times-Roman (Liberation Serif is metric-compatible): a character's width does not change with the Vietnamese
marks above or below it, so a letter is measured by its base letter. A column `w` characters wide is
`7·w + 5` pixels when the workbook's default font is Excel's Calibri 11 (the narrowest usual default; a
Times New Roman 12 default makes columns wider); the text gets its `7·w` (the 5 are the cell's padding), so
an estimate from it never gives a cell fewer lines than it prints with — at worst one more.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Advance widths in thousandths of an em (Adobe Times-Roman AFM; the same in Liberation Serif).
_WIDTHS: dict[str, int] = {
    " ": 250, "!": 333, '"': 408, "#": 500, "$": 500, "%": 833, "&": 778, "'": 333, "(": 333, ")": 333,
    "*": 500, "+": 564, ",": 250, "-": 333, ".": 250, "/": 278, ":": 278, ";": 278, "<": 564, "=": 564,
    ">": 564, "?": 444, "@": 921, "[": 333, "\\": 278, "]": 333, "^": 469, "_": 500, "`": 333, "{": 480,
    "|": 200, "}": 480, "~": 541, "–": 500, "—": 1000, "…": 1000, "“": 444, "”": 444, "‘": 333, "’": 333,
    **dict.fromkeys("0123456789", 500),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556,
                611, 722, 722, 944, 722, 722, 611), strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz",
               (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389,
                278, 500, 500, 722, 500, 500, 444), strict=True)),
    "Đ": 722, "đ": 500, "Ơ": 780, "ơ": 560, "Ư": 780, "ư": 560,  # the horn widens o and u a little
}
BOLD_FACTOR = 1.06  # Times-Bold is about this much wider than Times-Roman on Vietnamese text
PIXELS_PER_CHARACTER = 7  # Calibri 11's digit width, the unit of a column's width


@lru_cache(maxsize=512)
def _char_width(char: str) -> int:
    if char in _WIDTHS:
        return _WIDTHS[char]
    base = unicodedata.normalize("NFD", char)[0]
    return _WIDTHS.get(base, 500)


@lru_cache(maxsize=8192)  # the same words come back cell after cell
def text_points(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of `text` in points at `size` points."""
    width = sum(_char_width(c) for c in text) * size / 1000
    return width * BOLD_FACTOR if bold else width


def column_points(width: float) -> float:
    """The room for text, in points, inside a column `width` characters wide."""
    return width * PIXELS_PER_CHARACTER * 0.75


def wrap(text: str, room: float, size: float, *, bold: bool = False, indent: str = "") -> list[str]:
    """`text` broken at spaces into lines no wider than `room` points, as a spreadsheet wraps a cell;
    a word wider than a line is broken inside; later lines start with `indent`."""
    def width(part: str) -> float:
        return text_points(part, size, bold=bold)

    space, indent_width = width(" "), width(indent)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0  # the line so far and its width
        for word in paragraph.split():
            word_width = width(word)
            if line.strip() and used + space + word_width <= room:
                line, used = f"{line} {word}", used + space + word_width
                continue
            if not line.strip() and used + word_width <= room:
                line, used = line + word, used + word_width
                continue
            if line.strip():
                lines.append(line)
                line, used = indent, indent_width
            while used + word_width > room and len(word) > 1:  # a word longer than a line
                cut = next((i for i in range(len(word) - 1, 0, -1) if used + width(word[:i]) <= room), 1)
                lines.append(line + word[:cut])
                line, used, word = indent, indent_width, word[cut:]
                word_width = width(word)
            line, used = line + word, used + word_width
        lines.append(line)
    return lines


@lru_cache(maxsize=16384, typed=True)
def printed_lines(value: object, width: float, size: float, *, bold: bool = False) -> int:
    """Printed lines a value takes in a wrapped cell of a column `width` characters wide, in Times New Roman."""
    if value in (None, ""):
        return 1
    text = str(value)
    room = column_points(width)
    if "\n" not in text and text_points(text, size, bold=bold) <= room:
        return 1
    return len(wrap(text, room, size, bold=bold))
