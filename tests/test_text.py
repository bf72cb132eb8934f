"""Tests for addin.rules.text: normalisation, legacy encodings, name order, cell-safe text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from viparse.normalize.encodings import get_charmap

from addin.rules.text import (
    clean_text,
    fold,
    from_legacy,
    legacy_encoding,
    name_sort_key,
    nfc,
)

LEGACY_PHRASES = [
    ("NguyÔn V¨n Phóc", "tcvn3", "Nguyễn Văn Phúc"),
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("TrÇn ThÞ Hµ", "tcvn3", "Trần Thị Hà"),
    ("§¹i häc", "tcvn3", "Đại học"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
    ("Nguyeãn Vaên Phuùc", "vni", "Nguyễn Văn Phúc"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Ñaûng vieân döï bò", "vni", "Đảng viên dự bị"),
]

UNICODE_TEXTS = [
    "Nguyễn Văn Phúc", "Trần Thị Ánh", "Đại học", "Chức vụ, đơn vị", "Lê Thị Hồng Nhung",
    "Phạm Đức Anh", "Hoàng Thị Thoa", "Huỳnh Tấn Phát", "Võ Thị Sáu", "Đặng Thùy Trâm",
    "Ngô Quyền", "Bùi Thị Xuân", "Tô Lâm", "Lâm Tâm Hà", "Hà Tân", "Thái Bình",
    "Hoà Bình", "Hòa Bình", "Khoá học", "Thuý Kiều", "Quỳnh Anh", "Nghĩa Đô",
    "Chi bộ Khoa Toán - Tin", "Đoàn TNCS Hồ Chí Minh", "Trường THPT Chu Văn An",
    "Ban Thường vụ Đảng ủy", "Giấy chứng nhận học lớp nhận thức về Đảng", "Ê Đê",
    "Y Bhin Niê", "Ksor H'Luân", "Lê Hôa", "Tòan", "ĐẢNG VIÊN DỰ BỊ", "Ông Bà",
]
OTHER_TEXTS = [
    "", "Hello world", "John O'Brien", "Microsoft Excel 2016", "Nguyen Van Phuc",
    "12/03/2001", "2001-03-12", "3/2001", "0912 345 678", "42", "-5", "=SUM(A1:A3)",
    "naïve café résumé", "São Paulo", "Zürich", "Señor Muñoz", "El Niño", "Düsseldorf",
    "Straße", "François", "Ørsted", "± 5 °C", "½ × ¼", "§ 4.1", "© 2024 «Chibo»",
    "calendar · people · checks", "5,000 rows × 20 UDFs",
]

# Syllables of real names and units, for the property tests.
SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Mai Tô".split()
MIDDLES = "Văn Thị Đức Minh Ngọc Thu Hữu Quốc Xuân Thanh Hồng Kim Bảo Gia Thế Duy".split()
GIVENS = (
    "An Anh Bình Châu Cường Dũng Duyên Giang Hà Hải Hạnh Hiền Hoa Hoà Hòa Hùng Hương Huyền"
    " Khánh Khoa Lan Linh Long Mai My Nam Nga Ngọc Nhung Oanh Phúc Phương Quân Quang Quyên"
    " Quỳnh Sơn Tâm Thảo Thắng Thủy Thuỷ Tiến Trang Trung Tuấn Tú Uyên Việt Vinh Xuân Yến"
    " Thịnh Hưng Lực Nghĩa Khuê Loan Hậu Thoa Luyến Đạt"
).split()
WORDS = SURNAMES + MIDDLES + GIVENS + (
    "chi bộ đảng viên dự bị chính thức kết nạp ngày sinh quê quán dân tộc tôn giáo"
    " trình độ học vấn lý luận chính trị nghề nghiệp đơn vị công tác xã phường huyện tỉnh"
    " giới thiệu nghị quyết ủy ban thường vụ khoa trường lớp năm tháng giữa quyết định"
).split()
VIETNAMESE_LETTERS = "abcdeghiklmnopqrstuvxyđ" + "".join(
    unicodedata.normalize("NFC", vowel + tone)
    for vowel in ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    for tone in ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
)


def encode_legacy(text: str, encoding: str) -> str:
    """Type `text` in a legacy encoding, inverting the viparse table (test helper)."""
    inverse: dict[str, str] = {}
    for source, target in get_charmap(encoding).pairs:
        inverse.setdefault(target, source)
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def full_names() -> st.SearchStrategy[str]:
    """Three-word Vietnamese names built from real syllables."""
    return st.builds(
        "{} {} {}".format, st.sampled_from(SURNAMES), st.sampled_from(MIDDLES), st.sampled_from(GIVENS)
    )


# --- nfc, fold ---------------------------------------------------------------------------


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("NGÀY  sinh") == fold("Ngay sinh") == "ngay sinh"
    assert fold("Đảng ủy") == "dang uy"


def test_nfc_composes_and_trims() -> None:
    assert nfc(" Nguye\u0302\u0303n ") == "Nguyễn"


# --- legacy encodings ----------------------------------------------------------------------


@pytest.mark.parametrize(("legacy", "encoding", "unicode"), LEGACY_PHRASES)
def test_legacy_phrases_are_detected_and_read(legacy: str, encoding: str, unicode: str) -> None:
    assert legacy_encoding(legacy) == encoding
    assert from_legacy(legacy, encoding) == unicode


@pytest.mark.parametrize("text", UNICODE_TEXTS + OTHER_TEXTS)
def test_unicode_and_plain_text_is_not_flagged(text: str) -> None:
    assert legacy_encoding(text) is None


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize(
    "name", ["Nguyễn Văn Phúc", "Trần Thị Hà", "Lê Hồng Nhung", "Phạm Quốc Việt", "Đỗ Thu Hương"]
)
def test_legacy_round_trip(name: str, encoding: str) -> None:
    typed = encode_legacy(name, encoding)
    assert typed != name
    assert legacy_encoding(typed) == encoding
    assert from_legacy(typed, encoding) == name


@given(full_names(), st.sampled_from(["tcvn3", "vni"]))
def test_legacy_names_never_read_in_the_other_encoding(name: str, encoding: str) -> None:
    typed = encode_legacy(name, encoding)
    assert legacy_encoding(typed) in (encoding, None)
    assert from_legacy(typed, encoding) == name


def test_from_legacy_returns_nfc_and_rejects_unknown_encodings() -> None:
    assert unicodedata.is_normalized("NFC", from_legacy("Vieät Nam", "vni"))
    with pytest.raises(ValueError, match="viscii"):
        from_legacy("abc", "viscii")


@given(st.text())
def test_legacy_encoding_never_raises(text: str) -> None:
    assert legacy_encoding(text) in ("tcvn3", "vni", None)


@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from([str.lower, str.upper, str.title])),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([" ", ", ", " - ", "\n"]),
)
def test_unicode_vietnamese_syllables_are_never_flagged(words: list, separator: str) -> None:
    text = separator.join(case(word) for word, case in words)
    assert legacy_encoding(unicodedata.normalize("NFC", text)) is None


@settings(max_examples=300)
@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ", min_size=1))
def test_text_with_a_letter_outside_latin1_is_unicode(text: str) -> None:
    text = unicodedata.normalize("NFC", text + "ư")
    assert legacy_encoding(text) is None


# --- name order -----------------------------------------------------------------------------

DICTIONARY_ORDER = "ab an ăa ăn Dũng dz đa Đức Hà Hả Hã Há Hạ oz ôa ơ".split()  # notes §D3


@given(st.permutations(DICTIONARY_ORDER))
def test_words_sort_in_vietnamese_dictionary_order(words: list[str]) -> None:
    assert sorted(words, key=name_sort_key) == DICTIONARY_ORDER


def test_latin_letters_outside_the_alphabet_sit_in_latin_order() -> None:
    words = ["ê", "f", "g", "i", "j", "k", "v", "w", "x", "y", "z"]
    assert sorted(reversed(words), key=name_sort_key) == words


def test_full_names_sort_by_given_then_middle_then_family_name() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Đức Anh", "Đỗ Văn An"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Thị An", "Đỗ Văn An", "Lê Văn An", "Phạm Đức Anh", "Trần Văn Bình",
    ]


def test_same_given_and_family_name_fall_back_to_middle_name() -> None:
    names = ["Nguyễn Văn An", "Nguyễn Thị An", "Nguyễn An"]
    assert sorted(names, key=name_sort_key) == ["Nguyễn An", "Nguyễn Thị An", "Nguyễn Văn An"]


def test_name_sort_key_ignores_case_spacing_and_normal_form() -> None:
    decomposed = unicodedata.normalize("NFD", "  NGUYỄN  văn   phúc ")
    assert name_sort_key(decomposed) == name_sort_key("Nguyễn Văn Phúc")
    assert sorted(["", "Hà", "1"], key=name_sort_key) == ["", "1", "Hà"]


# --- cell-safe text ---------------------------------------------------------------------------


def test_clean_text_strips_controls_but_keeps_tab_and_newline() -> None:
    raw = " \x00Nguye\u0302\u0303n\x1b\tVăn\r\nPhúc\x85\x7f "
    assert clean_text(raw) == "Nguyễn\tVăn\nPhúc"
    assert clean_text("e\x00\u0302\rx") == "ê\nx"


@given(st.text())
def test_clean_text_is_always_writable_by_openpyxl(text: str) -> None:
    cleaned = clean_text(text)
    assert not ILLEGAL_CHARACTERS_RE.search(cleaned)
    assert cleaned == cleaned.strip()
    assert unicodedata.is_normalized("NFC", cleaned)


