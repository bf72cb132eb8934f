"""Hypothesis-generated registers: random values in every column, random header spellings,
column orders and title rows. Nothing raises, both read paths give the same findings, and a
refresh changes nothing outside chibo's own areas."""
from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
import xlsxwriter
from corpus import Formula, write_value
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from addin.files.jobs import check_file, refresh_file
from addin.files.reader import read_grids
from addin.rules.text import fold
from addin.workbook.book import BookInput
from addin.workbook.run import evaluate
from addin.workbook.schema import REGISTER, is_plan_sheet, schedule_sheet_name

AS_OF = dt.date(2026, 1, 15)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target])  # no slow shrinking in CI
CREATED_SHEETS = {"Kiểm tra", "Cài đặt", "Chỉ tiêu", "Ngày nghỉ"}  # the generator never writes these

# Every header spelling folds to exactly one column: a variant of one can never read as another.
_KEYS_BY_LABEL: dict[str, set[str]] = {}
for _col in REGISTER.all_columns:
    for _label in _col.labels:
        _KEYS_BY_LABEL.setdefault(fold(_label), set()).add(_col.key)
assert all(len(keys) == 1 for keys in _KEYS_BY_LABEL.values())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@st.composite
def header_spelling(draw, column) -> str:
    """The header or an alias, in a random case, with or without accents, oddly spaced."""
    text = draw(st.sampled_from(column.labels))
    text = draw(st.sampled_from([str, str.upper, str.lower, str.title, _strip_accents]))(text)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)  # typed with combining marks
    text = text.replace(" ", draw(st.sampled_from([" ", "  ", " \u00a0"])))
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " ", "  "]))


LETTERS = list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
               "AĂÂĐÊÔƠƯ ,.-/0123456789")
CONTROL = ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\t", "\n", "\x7f", "\x85"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Đỗ Thị Giang"]
DATE_FORMS = ["%d/%m/%Y", "%-d/%-m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%m/%Y", "%Y"]

text_values = st.text(st.sampled_from(LETTERS + CONTROL), min_size=1, max_size=24)
formula_like = st.sampled_from(["=1+2", '=HYPERLINK("http://x.invalid","A")', "+84 912 345 678", "-Phạm Văn Khoa",
                                "@Hoàng Thị Lan", "=", "-", "+", "@", "=Lê Văn Cường"])
numbers = st.integers(-10**12, 10**12) | st.floats(-1e11, 1e11, allow_nan=False, allow_infinity=False)
excel_dates = st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)) | st.datetimes(
    dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31))
any_dates = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
date_texts = st.builds(lambda day, form: day.strftime(form), any_dates, st.sampled_from(DATE_FORMS))
impossible = st.sampled_from(["31/02/2026", "29/02/2025", "00/01/2020", "32/12/2024", "15/13/2024", "2024-02-30"])
errors = st.sampled_from(["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"]).map(
    lambda e: Formula(("=" + {"#N/A": "NA()", "#DIV/0!": "1/0"}.get(e, "ZZZ0"), e)))
legacy = st.sampled_from(["NguyÔn V¨n Phóc", "Nguyeãn Vaên Phuùc", "TrÇn ThÞ Hµ", "§¹i häc", "Coù", "Kh«ng"])
yes_no = st.sampled_from(["Có", "Không", "x", "✓", "Yes", "No", "TRUE", "1", "0", "có", "KHÔNG"])
cell_values = st.one_of(
    st.none(), text_values, formula_like, numbers, st.booleans(), excel_dates, date_texts, impossible,
    errors, legacy, yes_no, st.sampled_from(NAMES), st.sampled_from(["12/12", "9/12", "Đại học", "THPT", "7/10"]),
    st.integers(0, 30).map(str),
)
title_texts = st.sampled_from(["DANH SÁCH THEO DÕI QUẦN CHÚNG ƯU TÚ", "ĐẢNG BỘ XÃ AN BÌNH", "CHI BỘ THÔN 3",
                               "Cập nhật ngày 15/01/2026", "(Kèm theo báo cáo số 12-BC/CB)", None])


@st.composite
def registers(draw) -> dict:
    """A register: columns in random order under random spellings, title rows, random rows."""
    others = [c for c in REGISTER.columns if c.key != "name"]
    chosen = draw(st.lists(st.sampled_from(others), unique_by=lambda c: c.key, max_size=12))
    if draw(st.booleans()):
        chosen += draw(st.lists(st.sampled_from(REGISTER.owned_columns), unique_by=lambda c: c.key, max_size=2))
    columns = draw(st.permutations([REGISTER.column("name"), *chosen]))
    # chibo's own columns carry its exact header (what it wrote); any other spelling is the user's column.
    headers = [c.header if c in REGISTER.owned_columns else draw(header_spelling(c)) for c in columns]
    if draw(st.booleans()):  # a column of the committee's own, kept and ignored
        at = draw(st.integers(0, len(headers)))
        columns.insert(at, None)
        headers.insert(at, "Cột riêng của chi bộ")
    names = st.one_of(st.sampled_from(NAMES), text_values, formula_like, legacy, st.none())
    rows = draw(st.lists(st.tuples(*[names if c is not None and c.key == "name" else cell_values for c in columns]),
                         max_size=6))
    return {
        "headers": headers,
        "keys": [c.key if c is not None else None for c in columns],
        "titles": draw(st.lists(title_texts, max_size=5)),
        "merged_title": draw(st.booleans()),
        "rows": [list(r) for r in rows],
    }


def write_register(folder: Path, spec: dict) -> Path:
    """Write the generated register with XlsxWriter (it escapes control characters as Excel does)."""
    path = folder / "Sổ theo dõi.xlsx"
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2"})
    ws = book.add_worksheet(REGISTER.name)
    titles = spec["titles"]
    for r, title in enumerate(titles):
        if title is not None:
            ws.write_string(r, 0, title, bold)
    if titles and spec["merged_title"] and len(spec["headers"]) > 1:
        ws.merge_range(0, 0, 0, len(spec["headers"]) - 1, titles[0] or "", bold)
    header_row = len(titles)
    for c, header in enumerate(spec["headers"]):
        ws.write_string(header_row, c, header, bold)
    for r, values in enumerate(spec["rows"], start=header_row + 1):
        for c, value in enumerate(values):
            write_value(ws, r, c, value, date_format)
    book.close()
    return path


def finding_keys(engine: str, path: Path) -> list[tuple]:
    result = evaluate(BookInput(read_grids(path, engine)), as_of=AS_OF)
    return [(f.rule, f.severity, f.sheet, f.row, f.column, f.message) for f in result.findings]


@FUZZ
@given(registers())
def test_generated_registers_never_raise_and_read_alike(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_register(Path(folder), spec)
        result = check_file(path, as_of=AS_OF)
        assert result.ok and result.exit_code in (0, 1), result.error
        assert result.exit_code == (1 if any(f["severity"] == "error" for f in result.findings) else 0)
        by_calamine = finding_keys("calamine", path)
        by_openpyxl = finding_keys("openpyxl", path)
        assert by_calamine == by_openpyxl
        assert [(f["rule"], f["row"], f["message"]) for f in result.findings] == [(k[0], k[3], k[5]) for k in by_calamine]


def _color(color) -> tuple:
    return (color.type, color.value, color.tint) if color is not None else ()


def _cell_state(cell) -> tuple:
    """What a user sees of a cell: value, number format, font and fill."""
    font, fill = cell.font, cell.fill
    return (cell.value, cell.number_format,
            (font.name, font.sz, font.b, font.i, font.u, font.strike, font.vertAlign, _color(font.color)),
            (type(fill).__name__, getattr(fill, "fill_type", None), _color(getattr(fill, "fgColor", None)),
             _color(getattr(fill, "bgColor", None))))


def _owned_by_chibo(sheet: str) -> bool:
    years = (AS_OF.year, AS_OF.year + 1)
    return (sheet in CREATED_SHEETS or any(is_plan_sheet(sheet, y) for y in years)
            or sheet in {schedule_sheet_name(y) for y in years})


def _snapshot(book) -> dict[str, dict[tuple[int, int], tuple]]:
    """Every cell with a value or a style, of the sheets chibo does not own."""
    return {ws.title: {(c.row, c.column): _cell_state(c) for row in ws.iter_rows() for c in row
                       if c.value is not None or c.has_style}
            for ws in book.worksheets if not _owned_by_chibo(ws.title)}


@settings(FUZZ, max_examples=25)
@given(registers())
def test_refresh_changes_nothing_outside_owned_areas(spec: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_register(Path(folder), spec)
        before_bytes = path.read_bytes()
        table = evaluate(BookInput(read_grids(path)), as_of=AS_OF).data.register
        before = _snapshot(openpyxl.load_workbook(path))
        result = refresh_file(path, as_of=AS_OF, output=Path(folder) / "out")
        assert result.ok, result.error
        assert path.read_bytes() == before_bytes  # --output leaves the original alone
        written = openpyxl.load_workbook(result.written)
        after = _snapshot(written)
        assert set(after) == set(before)  # no sheet of the user's lost, none added but chibo's own
        assert any(_owned_by_chibo(name) for name in written.sheetnames)
        owned_headers = {fold(c.header) for c in REGISTER.owned_columns}
        out_ws = written[table.sheet]
        owned = {c for c in range(1, out_ws.max_column + 1)
                 if isinstance(out_ws.cell(table.header_row, c).value, str)
                 and fold(out_ws.cell(table.header_row, c).value) in owned_headers}
        assert len(owned) >= len(REGISTER.owned_columns)

        def outside(sheet: str, row: int, column: int) -> bool:
            return not (sheet == table.sheet and column in owned and row >= table.header_row)

        for sheet in before:
            kept = {key: state for key, state in before[sheet].items() if outside(sheet, *key)}
            now = {key: state for key, state in after[sheet].items() if outside(sheet, *key)}
            assert now == kept, sheet
