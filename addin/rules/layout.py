"""Line breaks of a document's header block and titles, as a person sets them (HD 36-HD/VPTW).

A long name is broken into the fewest lines that fit, between the words that give the most even lines,
never inside a phrase of `[line_breaks]` in planning.toml ("NHÂN DÂN", "VIỆN KIỂM SÁT") nor between a place
word and its name ("XÃ HÒA BÌNH"), and never leaving one word alone on a line when it can be helped.
"""
from __future__ import annotations

import itertools
from functools import cache

from .procedure import planning
from .text import fold, nfc

MAX_LINES = 4


def _data() -> dict:
    return dict(planning()["line_breaks"])


@cache
def _link_words() -> frozenset[str]:
    return frozenset(fold(word) for word in _data()["no_line_ends_with"])


@cache
def _phrases() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], int]:
    data = _data()

    def words(items: list[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(fold(item).split()) for item in items)

    return words(data["keep_together"]), words(data["place_words"]), int(data["place_name_words"])


def _bound(words: list[str]) -> set[int]:
    """The boundaries (index of the word after them) a line must not break at."""
    keys = [fold(w) for w in words]
    phrases, places, name_words = _phrases()
    bound: set[int] = set()
    for start in range(len(keys)):
        for phrase in phrases:
            if tuple(keys[start:start + len(phrase)]) == phrase:
                bound.update(range(start + 1, start + len(phrase)))
    in_phrase = set(bound)  # "XÃ" of "CHÍNH TRỊ - XÃ HỘI" is no place word
    for start in range(len(keys)):
        for place in places:
            if start not in in_phrase and tuple(keys[start:start + len(place)]) == place:
                end = start + len(place)
                name = 0
                while end + name < len(keys) and name < name_words and \
                        not any(tuple(keys[end + name:end + name + len(p)]) == p for p in (*places, *phrases)):
                    name += 1
                bound.update(range(start + 1, end + name))
    return bound


def balanced_lines(text: str, width: int) -> list[str]:
    """`text` in the fewest lines of at most `width` characters, broken where the lines come out most even,
    never inside a phrase that stays together and without a lone word on a line when that can be avoided.
    A text that cannot fit keeps its phrases whole and runs over the width."""
    words = nfc(text).split()
    if len(" ".join(words)) <= width or len(words) < 2:
        return [" ".join(words)] if words else []
    bound = _bound(words)
    free = [i for i in range(1, len(words)) if i not in bound] or list(range(1, len(words)))
    best: tuple[tuple[bool | int, ...], list[str]] | None = None
    for count in range(2, min(MAX_LINES, len(words)) + 1):
        for cuts in itertools.combinations(free, count - 1):
            edges = (0, *cuts, len(words))
            lines = [" ".join(words[a:b]) for a, b in itertools.pairwise(edges)]
            lone = sum(1 for a, b in itertools.pairwise(edges) if b - a == 1)
            dangling = sum(1 for line in lines[:-1] if any(fold(line).endswith(" " + w) for w in _link_words()))
            longest = max(map(len, lines))
            score = (longest > width, lone, dangling, longest, sum(len(line) ** 2 for line in lines))
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None and not best[0][0]:
            return best[1]
    return best[1] if best is not None else [" ".join(words)]
