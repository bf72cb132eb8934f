"""Vietnamese text: Unicode normalisation, matching keys, legacy encodings, name sorting."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from viparse.normalize.tables import Charmap


_SPACES = re.compile(r"\s+")

# Combining marks of the five Vietnamese tones, in dictionary order after "no tone":
# huyền, hỏi, ngã, sắc, nặng (the order ICU's `vi` collation gives, notes §D3).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a separate letter of the alphabet: breve (ă), circumflex (â ê ô), horn (ơ ư).
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")
_VIETNAMESE_MARKS = _LETTER_MARKS | _TONE_RANK.keys()

# The 29-letter chữ Quốc ngữ alphabet in dictionary order; f j w z sit where Latin puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_VOWELS = frozenset("aăâeêioôơuưy")

# Rhymes (vần) of standard chữ Quốc ngữ spelling, compiled for this module and lenient on
# rare ones: vowel group -> the finals it takes ("" = open syllable).
_RHYMES = {
    "a": ("", "c", "ch", "m", "n", "ng", "nh", "p", "t"),
    "ă": ("c", "m", "n", "ng", "p", "t"),
    "â": ("c", "m", "n", "ng", "p", "t"),
    "e": ("", "c", "m", "n", "ng", "p", "t"),
    "ê": ("", "c", "ch", "m", "n", "ng", "nh", "p", "t"),
    "i": ("", "ch", "m", "n", "nh", "p", "t"),
    "o": ("", "c", "m", "n", "ng", "p", "t"),
    "ô": ("", "c", "m", "n", "ng", "p", "t"),
    "ơ": ("", "m", "n", "p", "t"),
    "u": ("", "c", "m", "n", "ng", "p", "t"),
    "ư": ("", "c", "m", "n", "ng", "t"),
    "y": ("",),
    "iê": ("c", "m", "n", "ng", "p", "t"),
    "yê": ("m", "n", "ng", "t"),
    "uô": ("c", "m", "n", "ng", "t"),
    "ươ": ("c", "m", "n", "ng", "p", "t"),
    "oa": ("", "c", "ch", "m", "n", "ng", "nh", "p", "t"),
    "oă": ("c", "m", "n", "ng", "t"),
    "oe": ("", "n", "t"),
    "uâ": ("n", "ng", "t"),
    "uê": ("", "ch", "n", "nh"),
    "uy": ("", "ch", "n", "nh", "p", "t"),
    "uyê": ("n", "t"),
    "oo": ("c", "ng"),
    **dict.fromkeys(
        "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu uôi ươi ươu iêu yêu"
        " oai oay oao oeo uây uya uyu uơ".split(),
        ("",),
    ),
}
_INITIALS = "ngh ng nh ch gh gi kh ph th tr qu b c d đ g h k l m n p r s t v x".split()


def _alternation(options: list[str]) -> str:
    """Regex alternation of `options`, longest first so the regex tries the fullest match."""
    return "|".join(re.escape(option) for option in sorted(options, key=len, reverse=True))


_RHYME_FORMS = [group + final for group, finals in _RHYMES.items() for final in finals]
# "qu" + y + final (quýnh, quỵch) is the one rhyme that is spelled without its medial u.
_SYLLABLE = re.compile(
    rf"(?:(?:{_alternation(_INITIALS)})?(?:{_alternation(_RHYME_FORMS)})|qu(?:ych|ynh|yn|yt))"
)
_STOP_FINALS = ("c", "ch", "p", "t")

_LEGACY_ENCODINGS = ("tcvn3", "vni")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC with its outer white space trimmed."""
    return unicodedata.normalize("NFC", text).strip()


@lru_cache(maxsize=16384)  # headers, sheet names and yes/no words repeat endlessly
def fold(text: str) -> str:
    """Matching key: case-, accent- and spacing-insensitive ("NGÀY  sinh" -> "ngay sinh")."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip().casefold()


def clean_text(text: str) -> str:
    """NFC text without C0/C1 control characters (tab and newline kept), trimmed."""
    lines = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", lines).strip()


@lru_cache(maxsize=4096)  # names repeat the same few dozen letters
def _split_letter(ch: str) -> tuple[str, int]:
    """Split one lowercase character into its alphabet letter and its tone rank."""
    decomposed = unicodedata.normalize("NFD", ch)
    tones = [_TONE_RANK[mark] for mark in decomposed[1:] if mark in _TONE_RANK]
    letter_marks = "".join(mark for mark in decomposed[1:] if mark in _LETTER_MARKS)
    return unicodedata.normalize("NFC", decomposed[:1] + letter_marks), max(tones, default=0)


def _is_vietnamese_letter(ch: str) -> bool:
    """Whether `ch` is a letter of Unicode Vietnamese (ASCII letter, đ, a vowel with its marks)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[:1], decomposed[1:]
    if marks and (base not in _VOWELS or not set(marks) <= _VIETNAMESE_MARKS):
        return False
    return sum(mark in _TONE_RANK for mark in marks) <= 1 and _split_letter(decomposed)[0] in _LETTER_RANK


def _is_syllable(word: str) -> bool:
    """Whether `word` is one well-formed Vietnamese syllable (any case, either tone placement)."""
    if not all(_is_vietnamese_letter(ch) for ch in word):
        return False
    parts = [_split_letter(ch) for ch in word.lower()]
    toned = [tone for _, tone in parts if tone]
    base = "".join(letter for letter, _ in parts)
    if len(toned) > 1 or not _SYLLABLE.fullmatch(base):
        return False
    # A syllable closed by c/ch/p/t carries only sắc or nặng.
    return not base.endswith(_STOP_FINALS) or toned in ([4], [5])


def _odd_case(word: str) -> bool:
    """Whether `word` is neither lower, upper nor title case ("NguyÔn", "CéNG")."""
    return not (word.islower() or word.isupper() or word.istitle())


@cache
def _charmap(encoding: str) -> Charmap:
    """The viparse table for `encoding` (viparse/normalize/tcvn3.py, vni.py), imported on first need:
    Unicode text, the usual case, never needs it."""
    from viparse.normalize.encodings import get_charmap

    charmap = get_charmap(encoding) if encoding in _LEGACY_ENCODINGS else None
    if charmap is None:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {_LEGACY_ENCODINGS}")
    return charmap


def from_legacy(text: str, encoding: str) -> str:
    """Unicode (NFC) reading of `text` typed in legacy `encoding` ("tcvn3" or "vni")."""
    from viparse.normalize.tables import convert

    return convert(text, _charmap(encoding), "NFC")


@cache
def _legacy_characters() -> frozenset[str]:
    """Every character that occurs in a TCVN3 or VNI source sequence."""
    return frozenset(
        ch for name in _LEGACY_ENCODINGS for source, _ in _charmap(name).pairs for ch in source
    )


def _evidence(words: list[str], encoding: str) -> int | None:
    """Words that only `encoding` makes Vietnamese, or None when it garbles any word."""
    evidence = 0
    for word in words:
        converted = from_legacy(word, encoding)
        if converted == word or not any(ch.isalpha() for ch in word):
            continue  # unchanged, or a lone symbol such as "·" or "×"
        if not _VOWELS & {_split_letter(ch)[0] for ch in converted.lower()}:
            continue  # an abbreviation such as "§H" (ĐH)
        if not _is_syllable(converted):
            return None
        if not _odd_case(word) and _is_syllable(word):
            continue  # already reads as Unicode Vietnamese: no evidence either way
        if encoding == "tcvn3" and not _odd_case(word) and all(map(_is_vietnamese_letter, word)):
            continue  # TCVN3 needs a trace typing never leaves: "Lê Hôa" is a typo, not "Lờ Hụa"
        evidence += 1
    return evidence


@lru_cache(maxsize=65536)  # registers repeat the same names, units and introducers
def legacy_encoding(text: str) -> str | None:
    """Detect text typed in TCVN3 (ABC, .VnTime) or VNI (VNI-Times): "tcvn3", "vni" or None.

    A table is accepted when it turns words that are no Vietnamese syllable into syllables
    and garbles none; legacy text never holds a letter outside Latin-1, so such text is Unicode.
    """
    if text.isascii() or any(ord(ch) > 0xFF and ch.isalpha() for ch in text):
        return None  # every TCVN3 and VNI mark lies in 0x80–0xFF
    legacy = _legacy_characters()
    words = "".join(ch if ch.isalpha() or ch in legacy else " " for ch in text).split()
    scores = {name: _evidence(words, name) for name in _LEGACY_ENCODINGS}
    ranked = sorted(((score, name) for name, score in scores.items() if score), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


@lru_cache(maxsize=16384)  # family and middle names repeat across a register
def _word_key(word: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """Collation key of one word: letters in alphabet order first, tones second."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for ch in word.lower():
        letter, tone = _split_letter(ch)
        if letter in _LETTER_RANK:
            letters.append((1, _LETTER_RANK[letter]))
        else:  # digits and punctuation before letters, other scripts after them
            letters.append((2 if ch.isalpha() else 0, ord(ch)))
        tones.append(tone)
    return tuple(letters), tuple(tones)


@lru_cache(maxsize=65536)  # a plan sorts each person's tasks by the same name over and over
def name_sort_key(full_name: str) -> tuple:
    """Sort key for a Vietnamese full name: given name, then middle names, then family name.

    Nguyễn Thị An < Lê Văn An (same given name, "Thị" < "Văn"). Pure Python; case-insensitive.
    """
    words = nfc(full_name).split()
    if not words:
        return ((), (), ())
    given, family, middle = words[-1], words[0], words[1:-1]
    return (_word_key(given), tuple(_word_key(word) for word in middle), _word_key(family) if len(words) > 1 else ((), ()))
