"""Property (issue 9 §1, issue 18, DESIGN §6): random register layouts — title rows, 1–3 header rows
with merged group headers and sub-columns, numbering rows, separator rows, stray notes right of and
below the table, data beyond the headers, footnotes, names in capitals, headers as databases write
them (`hovaten`, `NgaySinh`), a user column that looks like chibo's (`Giai Đoạn`), a second table
under the register — refreshed by both writers, keep every non-empty user cell and every user
merge, as openpyxl re-reads them.

The Excel front runs on xlwings' remote engine, which cannot read merged ranges (every
synchronous property read raises): there chibo places its columns by the values alone, so its
layouts keep every merge visible by a value in its rows (no merge reaching past the last value).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from excel_payload import payload
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.utils import range_boundaries
from test_buttons import open_book, payload_sheets, remote_engine, replay  # noqa: F401  (fixtures)

from addin.excel import buttons
from addin.files.jobs import refresh_file
from addin.workbook.schema import REGISTER

AS_OF = dt.date(2026, 1, 15)
PROPERTY = settings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
OWNED = [c.header for c in REGISTER.owned_columns]
MARKED = [f"{h} (chibo)" for h in OWNED]  # chibo's headers beside a user's look-alike column
SIMPLE = ["STT", "Ngày sinh", "Giới tính", "Ngày vào nguồn", "Ngày làm đơn", "Ghi chú", "Quê quán", "Giai Đoạn"]
DATABASE = {"Họ và tên": ["hovaten", "ho_ten", "HoTen"], "Ngày sinh": ["ngaysinh", "ngay_sinh", "NgaySinh"],
            "Giới tính": ["gioitinh", "GioiTinh"], "Ngày vào nguồn": ["ngay_vao_nguon"]}
SECOND_TABLE = [["STT", "Ngạch lương", "Mã ngạch", "Hệ số"], [1, "Chuyên viên", "01.003", 2.34],
                [2, "Chuyên viên chính", "01.002", 4.4]]
GROUPS = [("Người giới thiệu", [1, 2]), ("Chi bộ xét kết nạp", ["Ngày", "Số tán thành"]),
          ("Thông tin thêm", ["Dân tộc", "Tôn giáo"])]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "VƯƠNG THỊ KIM NGÂN"]
values = st.one_of(st.sampled_from(["Nam", "Nữ", "x", "đang xác minh", "Hà Nội"]), st.integers(1, 99),
                   st.dates(dt.date(1990, 1, 1), dt.date(2025, 12, 31)), st.none())

SIZES = {"setColumnWidth", "setRowHeight"}  # a column's or row's size, no cell
Cell = tuple[int, int]  # (row, column), 0-based as XlsxWriter counts


class Layout:
    """Cells and merged ranges of one sheet; a cell or merge that would collide is left out."""

    def __init__(self) -> None:
        self.cells: dict[Cell, object] = {}
        self.merges: list[tuple[int, int, int, int]] = []

    def __repr__(self) -> str:
        return f"Layout(cells={self.cells!r}, merges={self.merges!r})"

    def free(self, top: int, left: int, bottom: int, right: int) -> bool:
        return (not any(top <= r <= bottom and left <= c <= right for r, c in self.cells)
                and not any(t <= bottom and top <= b and lf <= right and left <= rt for t, lf, b, rt in self.merges))

    def put(self, row: int, column: int, value: object) -> None:
        if value is not None and self.free(row, column, row, column):
            self.cells[(row, column)] = value

    def merge(self, top: int, left: int, bottom: int, right: int, value: object) -> None:
        if (top, left) != (bottom, right) and self.free(top, left, bottom, right):
            self.merges.append((top, left, bottom, right))
            self.cells[(top, left)] = value


@st.composite
def layouts(draw, visible_merges_only: bool = False) -> Layout:
    sheet = Layout()
    titles = draw(st.integers(0, 3))
    band = draw(st.integers(1, 3))
    simple = draw(st.lists(st.sampled_from(SIMPLE), unique=True, max_size=5))
    groups = draw(st.lists(st.sampled_from(GROUPS), unique_by=lambda g: g[0], max_size=2)) if band > 1 else []
    columns: list[tuple[str, list]] = draw(st.permutations([("Họ và tên", []), *((s, []) for s in simple), *groups]))
    if draw(st.booleans()):  # headers as an export writes them
        columns = [(draw(st.sampled_from(DATABASE[text])) if text in DATABASE and not subs else text, subs)
                   for text, subs in columns]
    width = sum(max(1, len(subs)) for _, subs in columns)
    top = titles  # first header row
    last = titles + band - 1  # last header row
    if band == 3:  # a row of parts over the groups and fields
        split = draw(st.integers(1, width))
        sheet.merge(top, 0, top, split - 1, "PHẦN I") if split > 1 else sheet.put(top, 0, "PHẦN I")
        if split < width:
            sheet.merge(top, split, top, width - 1, "PHẦN II") if width - split > 1 else sheet.put(top, split, "PHẦN II")
    column = 0
    for text, subs in columns:
        if band == 1 or not subs and draw(st.booleans()):
            if band > 1 and draw(st.booleans()):
                sheet.merge(last - 1, column, last, column, text)  # one field over the group and sub rows
            else:
                sheet.put(last if band == 1 else last - 1, column, text)
        elif not subs:
            sheet.put(last - 1, column, text)
        else:
            sheet.merge(last - 1, column, last - 1, column + len(subs) - 1, text)
            for i, sub in enumerate(subs):
                sheet.put(last, column + i, sub)
        column += max(1, len(subs))
    if band == 1 and not visible_merges_only and draw(st.booleans()):  # the last header merged one column further
        (row, col), value = max(((k, v) for k, v in sheet.cells.items() if k[0] == last), key=lambda kv: kv[0][1])
        del sheet.cells[(row, col)]
        sheet.merge(row, col, row, col + 1, value)
    for r in range(titles):  # titles, one maybe merged past the table
        text = draw(st.sampled_from(["ĐẢNG BỘ XÃ AN BÌNH", "DANH SÁCH QUẦN CHÚNG ƯU TÚ", "(Kèm theo báo cáo)"]))
        if draw(st.booleans()):
            sheet.merge(r, 0, r, width - 1 + draw(st.integers(0, 3)), text)
        else:
            sheet.put(r, 0, text)
    row = last + 1
    if draw(st.booleans()):  # the numbering row of Vietnamese forms
        for c in range(width):
            sheet.put(row, c, f"({c + 1})" if draw(st.booleans()) else c + 1)
        row += 1
    first_data = row
    for name in draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4)):
        if draw(st.booleans()) and row > first_data:
            row += 1  # a blank separator row
        sheet.put(row, _name_column(columns), name)
        for c in range(width):
            sheet.put(row, c, draw(values))
        row += 1
    last_data = row - 1
    strays = draw(st.lists(st.sampled_from(["header_right", "data_right", "beyond", "below_right", "data_merge"]),
                           unique=True, max_size=4))
    for stray in strays:
        gap = draw(st.integers(0, 2))
        data_row = draw(st.integers(first_data, last_data))
        if stray == "header_right":
            sheet.put(draw(st.integers(top, last)), width + 1 + gap, "ghi chú riêng")
        elif stray == "data_right":
            sheet.put(data_row, width + 1 + gap, "chuyển công tác")
        elif stray == "beyond":
            sheet.put(data_row, width, 42)  # a value in a person's row, no header above it
        elif stray == "below_right":
            sheet.put(last_data + 2 + gap, width + gap, "người lập biểu")
        elif not visible_merges_only:
            sheet.merge(data_row, width + gap, data_row, width + gap + 1, "ý kiến chi ủy")
    if draw(st.booleans()):  # a second table further down: its header row ends the register
        below = last_data + 4
        for r, line in enumerate(SECOND_TABLE):
            for c, value in enumerate(line):
                sheet.put(below + r, c, value)
    if draw(st.booleans()):  # a footnote after a blank row, maybe merged across
        if draw(st.booleans()):  # read as a person when it stands in the name column: on the remote engine, no wider than the headers
            reach = width - 1 if visible_merges_only else width + 2
            sheet.merge(last_data + 2, 0, last_data + 2, reach, "Ghi chú: số liệu đến 15/01/2026")
        else:
            sheet.put(last_data + 2, 0, "Ghi chú: số liệu đến 15/01/2026")
    return sheet


def _name_column(columns: list[tuple[str, list]]) -> int:
    column = 0
    for text, subs in columns:
        if text in ("Họ và tên", *DATABASE["Họ và tên"]):
            return column
        column += max(1, len(subs))
    raise AssertionError("no name column")


def write_layout(folder: Path, sheet: Layout) -> Path:
    path = folder / "Sổ đảng viên.xlsx"
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    ws = book.add_worksheet("Theo dõi")
    anchors = {(t, lf) for t, lf, _, _ in sheet.merges}
    for top, left, bottom, right in sheet.merges:
        ws.merge_range(top, left, bottom, right, sheet.cells[(top, left)])
    for (r, c), value in sheet.cells.items():
        if isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
        elif (r, c) not in anchors:
            ws.write(r, c, value)
    book.close()
    return path


def user_state(path: Path) -> tuple[dict, dict]:
    """Every sheet's non-empty cells and merged ranges, as openpyxl reads them."""
    book = openpyxl.load_workbook(path)
    cells = {ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
             for ws in book.worksheets}
    merges = {ws.title: {str(m) for m in ws.merged_cells.ranges} for ws in book.worksheets}
    return cells, merges


def owned_columns(path: Path) -> dict[str, tuple[int, int]]:
    ws = openpyxl.load_workbook(path)["Theo dõi"]
    return {c.value: (c.row, c.column) for row in ws.iter_rows() for c in row if c.value in OWNED + MARKED}


@PROPERTY
@given(layouts())
def test_file_refresh_keeps_every_user_cell_and_merge(sheet: Layout) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_layout(Path(folder), sheet)
        cells, merges = user_state(path)
        first = refresh_file(path, as_of=AS_OF)
        assert first.ok, first.error
        placed = owned_columns(path)
        assert sorted(placed) in (sorted(OWNED), sorted(MARKED))
        second = refresh_file(path, as_of=AS_OF)
        assert second.ok, second.error
        assert owned_columns(path) == placed  # the second run reuses them: no drift
        after_cells, after_merges = user_state(path)
        for name, kept in cells.items():
            assert {key: after_cells[name].get(key) for key in kept} == kept, name
            assert merges[name] <= after_merges[name], name
        assert after_merges["Theo dõi"] == merges["Theo dõi"]  # chibo merges nothing in the register
        assert not set(placed.values()) & set(cells["Theo dõi"])  # no owned header on a user's cell


@PROPERTY
@given(layouts(visible_merges_only=True))
def test_excel_button_keeps_every_user_cell_and_merge(request: pytest.FixtureRequest, sheet: Layout) -> None:
    opened = request.getfixturevalue("open_book")
    with tempfile.TemporaryDirectory() as folder:
        path = write_layout(Path(folder), sheet)
        data = payload(path)
        _, merges = user_state(path)
        book = opened(data)
        buttons.refresh(as_of=AS_OF)
        actions = book.json()["actions"]
        assert not [a for a in actions if a["func"] == "alert"], [a["args"] for a in actions if a["func"] == "alert"]
        before = dict(payload_sheets(data))
        after = dict(replay(payload_sheets(data), actions))
        for name, kept in before.items():
            assert {key: after[name].get(key) for key in kept} == kept, name
        register = [s["name"] for s in data["sheets"]].index("Theo dõi")
        boxes = [range_boundaries(ref) for ref in merges["Theo dõi"]]
        for action in actions:
            if action["start_row"] is None or action["sheet_position"] != register or action["func"] in SIZES:
                continue
            top, left = action["start_row"] + 1, action["start_column"] + 1
            bottom, right = top + action["row_count"] - 1, left + action["column_count"] - 1
            for min_col, min_row, max_col, max_row in boxes:
                touched = min_row <= bottom and top <= max_row and min_col <= right and left <= max_col
                assert not touched, (action["func"], (top, left, bottom, right), (min_row, min_col, max_row, max_col))
        assert written_headers(actions, register) in (sorted(OWNED), sorted(MARKED))


def written_headers(actions: list[dict], register: int) -> list[str]:
    return sorted(v for a in actions if a["func"] == "setValues" and a["sheet_position"] == register
                  for row in a["values"] for v in row if v in OWNED + MARKED)


def test_a_refused_button_writes_nothing_and_names_the_book_the_sheet_and_the_cell(request: pytest.FixtureRequest) -> None:
    opened = request.getfixturevalue("open_book")
    with tempfile.TemporaryDirectory() as folder:
        sheet = Layout()
        for c, text in enumerate(["STT", "Họ và tên", "Ngày sinh"]):
            sheet.put(0, c, text)
        sheet.put(1, 0, 1)
        sheet.put(1, 1, "Nguyễn Văn An")
        path = write_layout(Path(folder), sheet)
        book = openpyxl.load_workbook(path)
        book.create_sheet("Kiểm tra")["B2"] = "Sổ ghi chép của chi ủy"
        book.save(path)
        workbook = opened(payload(path))
        buttons.refresh(as_of=AS_OF)
        actions = workbook.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]  # nothing written
    message = actions[0]["args"][0]
    assert "“Sổ đảng viên.xlsx”" in message and "ô B2 của sheet 'Kiểm tra'" in message
    assert "“Sổ ghi chép của chi ủy”" in message
