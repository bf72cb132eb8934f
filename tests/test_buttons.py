"""Button handlers against xlwings' remote engine, compared cell by cell with the file front.

A payload built from a real .xlsx stands in for the calling workbook (`set_mock_caller`); the
handler's queued actions are replayed on a copy of the grid and must give the cells that
`refresh_file` writes for the same workbook.

Not verifiable without Windows Excel: the COM paths of the adapter (status bar, screen
updating, freeze panes through the active window, autofilter, page setup, underline), how
Excel itself treats a leading apostrophe and an "#'Sheet'!A1" hyperlink address, column
widths in characters, and the real RunPython round-trip from the VBA buttons.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from excel_payload import payload

from addin.excel import buttons
from addin.excel.adapter import apply_updates, read_book
from addin.files.jobs import refresh_file
from addin.files.reader import read_grids
from addin.files.splice import write_updates
from addin.workbook.tables import CellError
from addin.workbook.updates import Area, BarChart, Block, Cell, CellStyle, PageSetup, SheetUpdate

AS_OF = dt.date(2026, 1, 5)
SAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "chi-bo-mau.xlsx"
FULL_ROW = 16384  # columns of a whole-row range
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")

Cells = dict[tuple[int, int], object]


@pytest.fixture(autouse=True)
def remote_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The remote engine (DESIGN §6 permits the noncommercial key) and a private log folder."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "appdata"))
    if "remote" in xw.engines.engines_by_name:
        yield
        return
    from xlwings.pro import _xlremote  # xlwings was imported without the key: register the engine now

    engine = xw.main.Engine(impl=_xlremote.engine)
    xw.engines.add(engine)
    yield
    xw.engines.engines.remove(engine)
    del xw.engines.engines_by_name["remote"]


@pytest.fixture
def open_book():
    """Open payloads as the calling workbook; close them (and drop the mock caller) afterwards."""
    opened: list[xw.Book] = []

    def open_(data: dict) -> xw.Book:
        book = xw.Book(json=copy.deepcopy(data))  # the engine updates its payload as it queues actions
        book.set_mock_caller()
        opened.append(book)
        return book

    yield open_
    for book in opened:
        book.close()
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller


# --- workbooks -----------------------------------------------------------------------------


REGISTER_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Trình độ học vấn", "Chức vụ, đơn vị",
                    "Ngày vào nguồn", "Đảng viên giúp đỡ", "Ngày cấp GCN lớp nhận thức", "Ngày làm đơn",
                    "Ngày khai lý lịch", "Người giới thiệu 1", "Người giới thiệu 2", "Ngày chi bộ xét kết nạp",
                    "Số tán thành", "Ngày quyết định kết nạp", "Ngày lễ kết nạp", "Ghi chú"]
D = dt.date
CANDIDATES = [
    [1, "Nguyễn Văn An", D(2000, 1, 2), "Nam", "12/12", "Giáo viên", D(2025, 3, 15), "Phạm Văn Đức",
     None, None, None, None, None, None, None, None, None, "nguồn mới"],
    [2, "=Trần Thị Bình", D(1999, 5, 6), "Nữ", "Đại học", "Kế toán", D(2024, 9, 1), "Phạm Văn Đức",
     D(2025, 2, 10), D(2025, 4, 1), D(2025, 4, 20), "Phạm Văn Đức", "Hoàng Thị Em", None, None, None, None, None],
    [3, "Lê Văn Cường", D(1995, 11, 30), "Nam", "Thạc sĩ", "Trưởng phòng", D(2023, 5, 1), "Hoàng Thị Em",
     D(2023, 9, 1), D(2024, 1, 5), D(2024, 2, 1), "Hoàng Thị Em", "Phạm Văn Đức", D(2024, 6, 10), 5,
     D(2024, 9, 2), D(2024, 10, 1), None],
    [4, "Đỗ Thị Dung", "31/02/2001", "Nữ", "9/12", "Nhân viên", "15/03/2025", None,
     None, None, None, None, None, None, None, None, None, "+ghi chú"],
]
MEMBERS = [
    ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Ngày chính thức"],
    [1, "Phạm Văn Đức", D(1980, 3, 3), "Nam", D(2005, 5, 19), D(2006, 5, 19)],
    [2, "Hoàng Thị Em", D(1985, 8, 8), "Nữ", D(2010, 2, 3), D(2011, 2, 3)],
    [3, "Vũ Văn Giang", D(1990, 1, 1), "Nam", D(2015, 7, 1), D(2016, 7, 1)],
]


def register_workbook(directory: Path, *, register: str = "Theo dõi") -> Path:
    """A register with candidates at different stages, a name starting with "=", and members."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = register
    sheet.append(REGISTER_HEADERS)
    for row in CANDIDATES:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, never a formula
            elif isinstance(cell.value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    members = book.create_sheet("Đảng viên")
    for row in MEMBERS:
        members.append(row)
    path = directory / "Sổ theo dõi.xlsx"
    book.save(path)
    return path


def unrecognisable_register(directory: Path) -> Path:
    """`register_workbook` whose `Ngày sinh` header reads "Sinh nhật": no sheet reads as the register."""
    path = register_workbook(directory, register="Danh sách")
    wb = openpyxl.load_workbook(path)
    for cell in wb["Danh sách"][1]:
        if cell.value == "Ngày sinh":
            cell.value = "Sinh nhật"
    wb.save(path)
    return path


def workbooks(directory: Path) -> list[Path]:
    paths = [register_workbook(directory)]
    if SAMPLE.exists():
        paths.append(SAMPLE)
    return paths


# --- replaying the remote engine's actions -------------------------------------------------


def payload_sheets(data: dict) -> list[tuple[str, Cells]]:
    """The payload's sheets as (name, cells) in order, values as the file front reads them."""
    sheets = []
    for sheet in data["sheets"]:
        cells = {(r + 1, c + 1): _from_payload(v) for r, row in enumerate(sheet["values"]) for c, v in enumerate(row)}
        sheets.append((sheet["name"], {k: v for k, v in cells.items() if v is not None}))
    return sheets


def _from_payload(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, str) and value.endswith("Z") and _ISO_DATETIME.match(value):
        return _plain(dt.datetime.fromisoformat(value[:-1]))
    return value


def replay(sheets: list[tuple[str, Cells]], actions: list[dict]) -> list[tuple[str, Cells]]:
    """What the queued actions do to the values: added or deleted sheets, inserted or deleted rows, clears,
    merges, writes."""
    sheets = [(name, dict(cells)) for name, cells in sheets]
    for action in actions:
        func = action["func"]
        if func == "addSheet":
            index, name = action["args"]
            sheets.insert(index, (name, {}))
            continue
        if func == "sheetDelete":
            del sheets[action["sheet_position"]]
            continue
        if action["start_row"] is None:
            continue
        cells = sheets[action["sheet_position"]][1]
        top, left = action["start_row"] + 1, action["start_column"] + 1
        bottom, right = top + action["row_count"] - 1, left + action["column_count"] - 1
        inside = [k for k in cells if top <= k[0] <= bottom and left <= k[1] <= right]
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    cells[(top + i, left + j)] = _from_action(value)
        elif func in ("rangeClear", "rangeClearContents"):
            for key in inside:
                del cells[key]
        elif func == "rangeMerge":
            for key in inside:
                if key != (top, left):
                    del cells[key]
        elif func == "rangeInsert":
            assert action["args"][0] == "down" and action["column_count"] == FULL_ROW
            moved = {(r + action["row_count"] if r >= top else r, c): v for (r, c), v in cells.items()}
            cells.clear()
            cells.update(moved)
        elif func == "rangeDelete":
            assert action["args"] in ("up", ["up"]) and action["column_count"] == FULL_ROW
            count = action["row_count"]
            moved = {(r - count if r >= top + count else r, c): v for (r, c), v in cells.items()
                     if not top <= r < top + count}
            cells.clear()
            cells.update(moved)
    return [(name, {k: v for k, v in cells.items() if v is not None}) for name, cells in sheets]


def _from_action(value: object) -> object:
    """A written value as Excel stores it: apostrophe-marked text without the mark, ISO dates as dates."""
    if not isinstance(value, str):
        return value
    if value == "":
        return None
    if value.startswith("'"):
        return value[1:]
    if _ISO_DATE.match(value):
        return dt.date.fromisoformat(value)
    if _ISO_DATETIME.match(value):
        return _plain(dt.datetime.fromisoformat(value))
    return value


def _plain(value: dt.datetime) -> dt.date:
    return value.date() if value.time() == dt.time() else value


def file_sheets(path: Path) -> list[tuple[str, Cells]]:
    """Every sheet's cells as openpyxl re-reads them; formulas (never written by chibo) left out."""
    book = openpyxl.load_workbook(path)
    sheets = []
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and cell.data_type != "f":
                    value = cell.value
                    cells[(cell.row, cell.column)] = _plain(value) if isinstance(value, dt.datetime) else value
        sheets.append((ws.title, cells))
    return sheets


def compare(excel: list[tuple[str, Cells]], files: list[tuple[str, Cells]]) -> int:
    """Assert both fronts hold the same sheets, in the same order, with equal cells; count the cells."""
    assert [name for name, _ in excel] == [name for name, _ in files]
    compared = 0
    for (name, ours), (_, theirs) in zip(excel, files):
        for key in sorted(ours.keys() | theirs.keys()):
            if isinstance(theirs.get(key), str) and theirs[key].startswith("="):
                continue  # a formula the file front kept (openpyxl re-reads it as text)
            assert ours.get(key) == theirs.get(key), f"{name}!{key}"
            compared += 1
    return compared


def written_cells(actions: list[dict]) -> int:
    return sum(a["row_count"] * a["column_count"] for a in actions if a["func"] == "setValues")


# --- the button path equals the batch path --------------------------------------------------


@pytest.mark.parametrize("handler, parts", [
    (buttons.check, ("check",)),
    (buttons.quota, ("quota",)),
    (buttons.plan, ("plan",)),
    (buttons.refresh, ("check", "quota", "plan")),
])
def test_handler_writes_what_refresh_writes(handler, parts, open_book, tmp_path: Path) -> None:
    for path in workbooks(tmp_path):
        data = payload(path)
        book = open_book(data)
        handler(as_of=AS_OF)
        actions = book.json()["actions"]
        assert not [a for a in actions if a["func"] == "alert"], [a["args"] for a in actions if a["func"] == "alert"]
        result = refresh_file(path, as_of=AS_OF, output=tmp_path / f"out-{handler.__name__}", parts=parts)
        assert result.ok, result.error
        compared = compare(replay(payload_sheets(data), actions), file_sheets(Path(result.written)))
        assert compared > 0
        print(f"{path.name} · {handler.__name__}: {compared} cells equal, {written_cells(actions)} written")


def test_refresh_marks_text_and_adds_sheets(open_book, tmp_path: Path) -> None:
    book = open_book(payload(register_workbook(tmp_path)))
    buttons.refresh(as_of=AS_OF)
    actions = book.json()["actions"]
    written = [v for a in actions if a["func"] == "setValues" for row in a["values"] for v in row]
    assert "'=Trần Thị Bình" in written  # a name starting with "=" stays text
    assert "=Trần Thị Bình" not in written
    added = [a["args"][1] for a in actions if a["func"] == "addSheet"]
    assert added == ["Kiểm tra", "Chỉ tiêu", f"Kế hoạch {AS_OF.year}", f"Lịch {AS_OF.year}", "Cài đặt", "Ngày nghỉ"], added
    assert actions[-1]["func"] == "activateSheet" and actions[-1]["args"] == [0]  # the user stays where they were
    links = [a["args"][0] for a in actions if a["func"] == "addHyperlink"]
    assert links and all(link.startswith("#'Theo dõi'!") for link in links)


@pytest.mark.parametrize("client", ["Office.js", "Microsoft Office Scripts"])
def test_handlers_never_read_after_writing(client, open_book, monkeypatch, tmp_path: Path) -> None:
    """Every value read happens before the first queued action (the engine answers from its snapshot)."""
    from xlwings.pro import _xlremote

    queued_at_read: list[int] = []
    original = _xlremote.Range.raw_value

    def spy(impl):
        queued_at_read.append(len(impl.sheet.book.json()["actions"]))
        return original.fget(impl)

    monkeypatch.setattr(_xlremote.Range, "raw_value", property(spy, original.fset))
    data = payload(register_workbook(tmp_path)) | {"client": client}
    book = open_book(data)
    buttons.refresh(as_of=AS_OF)
    actions = book.json()["actions"]
    assert queued_at_read and set(queued_at_read) == {0}
    assert "alert" not in {a["func"] for a in actions}
    aligned = {a["func"] for a in actions} & {"setHorizontalAlignment", "setVerticalAlignment"}
    assert bool(aligned) == (client == "Office.js")  # other clients cannot align: skipped, not failed


def test_read_book_matches_the_file_reader(open_book, tmp_path: Path) -> None:
    for path in workbooks(tmp_path):
        book = open_book(payload(path))
        assert read_book(book).grids == read_grids(path)


def test_read_book_pads_an_offset_used_range_and_keeps_errors(open_book) -> None:
    data = {
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": "x.xlsx", "active_sheet_index": 0, "selection": "A1"},
        "names": [{"name": "Vung", "refers_to": "='Theo dõi'!$C$3:$D$4", "sheet_index": 0, "address": "C3:D4",
                   "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None}],
        "sheets": [{"name": "Theo dõi", "used_range_address": "$C$3:$D$4", "pictures": [], "tables": [], "charts": [],
                    "values": [["", "", "", ""], ["", "", "", ""],
                               ["", "", "Ho\u0300a", 3.0], ["", "", "2026-01-05T00:00:00.000Z", "#N/A"]]}],
    }
    got = read_book(open_book(data))
    assert got.grids["Theo dõi"] == [[None] * 4, [None] * 4, [None, None, "Hòa", 3],
                                     [None, None, dt.date(2026, 1, 5), CellError("#N/A")]]
    assert got.names == {"Vung": "'Theo dõi'!$C$3:$D$4"}


# --- every field of a SheetUpdate ------------------------------------------------------------


def every_field(sheet: str) -> SheetUpdate:
    head = CellStyle(bold=True, fill="#D9E1F2", h_align="center", border=True, underline=True)
    return SheetUpdate(
        sheet=sheet,
        insert_rows=((3, 2),),
        clear=(Area(8, 1, 9, 3),),
        merges=("A1:C1",),
        blocks=(
            Block(1, 1, ((Cell("KẾ HOẠCH", head), Cell(None, head), Cell(None, head)),)),
            Block(2, 2, ((Cell("-5 ngày"), Cell(D(2026, 3, 2), CellStyle(number_format="dd/mm/yyyy"))),
                         (Cell("@ghi chú", hyperlink="'Đảng viên'!B2"),))),
            Block(12, 1, ((Cell("Năm"), Cell("Giao"), Cell("Đạt")), (Cell(2025), Cell(3), Cell(2)),
                          (Cell(2026), Cell(4), Cell(1.5)))),
        ),
        column_widths={1: 10, 3: 45},
        freeze="A2",
        autofilter="A12:C14",
        page_setup=PageSetup(landscape=True, title_rows=(1, 2)),
        names={"chibo_ke_hoach": "A12:C14"},
        charts=(BarChart("Chỉ tiêu", 12, 13, 14, 1, (2, 3), "E12"),),
    )


def test_every_update_field_applies_like_the_file_front(open_book, tmp_path: Path) -> None:
    path = register_workbook(tmp_path)
    data = payload(path)
    data["sheets"][0]["charts"] = [{"name": "chibo_chart"}]  # from an earlier refresh: replaced
    book = open_book(data)
    update = every_field("Theo dõi")
    apply_updates(book, [update, every_field("Mới")])
    actions = book.json()["actions"]

    write_updates(path, tmp_path / "file.xlsx", [update, every_field("Mới")])
    compare(replay(payload_sheets(data), actions), file_sheets(tmp_path / "file.xlsx"))

    funcs = [a["func"] for a in actions]
    for func in ("rangeInsert", "rangeClear", "rangeUnmerge", "rangeMerge", "setNumberFormat", "setRangeColor",
                 "setFontProperty", "setHorizontalAlignment", "setBorderProperty", "addHyperlink",
                 "setColumnWidth", "freezePaneAtRange", "namesAdd", "addChart", "addSheet"):
        assert func in funcs, func
    first = [a for a in actions if a["sheet_position"] == 0]
    assert [a["args"] for a in first if a["func"] == "rangeInsert"] == [["down", "format_from_left_or_above"]]
    assert [a["args"] for a in first if a["func"] == "freezePaneAtRange"] == [["1:1"]]
    assert ["chibo_ke_hoach", "='Theo dõi'!$A$12:$C$14"] in [a["args"] for a in actions if a["func"] == "namesAdd"]
    header = [a for a in first if a["func"] == "setValues" and a["start_row"] == 0]
    assert header[0]["values"] == [["KẾ HOẠCH", "", ""]] and header[0]["column_count"] == 3  # one write per block
    chart = [(a["func"], a["args"]) for a in first if "Chart" in a["func"]]
    assert chart == [
        ("deleteChart", [0]),
        ("addChart", ["chibo_chart", "ColumnClustered", "Theo dõi", "$B$12:$C$14", None, None, 355, 211,
                      "Columns", "$E$12", 227]),
        ("setChartType", [0, "ColumnClustered"]),
        ("setChartXAxisValues", [0, "Theo dõi", "$A$13:$A$14"]),
        ("setChartTitle", [0, "Chỉ tiêu"]),
    ]
    assert ["#'Đảng viên'!B2", "@ghi chú", "Đến ô 'Đảng viên'!B2"] in [a["args"] for a in actions if a["func"] == "addHyperlink"]
    widths = [a["args"][0] for a in first if a["func"] == "setColumnWidth"]
    assert widths == [56.25, 240.0]  # characters → points on the remote engine


def test_updating_an_existing_name_changes_its_definition(open_book, tmp_path: Path) -> None:
    data = payload(register_workbook(tmp_path))
    data["names"] = [{"name": "chibo_ke_hoach", "refers_to": "='Theo dõi'!$A$1:$B$2", "sheet_index": 0,
                      "address": "A1:B2", "book_scope": True, "scope_sheet_name": None, "scope_sheet_index": None}]
    book = open_book(data)
    apply_updates(book, [SheetUpdate("Theo dõi", names={"chibo_ke_hoach": "A5:C9"})])
    assert [(a["func"], a["args"]) for a in book.json()["actions"]] == [
        ("setNameRefersTo", ["chibo_ke_hoach", True, None, "='Theo dõi'!$A$5:$C$9"])]


# --- errors and the application's state ------------------------------------------------------


def test_missing_register_gives_a_vietnamese_alert_and_a_log(open_book, tmp_path: Path) -> None:
    path = unrecognisable_register(tmp_path)
    book = open_book(payload(path))
    buttons.check()
    alerts = [a for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1
    message, title, _, mode, _ = alerts[0]["args"]
    log = tmp_path / "appdata" / "chibo" / "chibo.log"
    assert title == "chibo" and mode == "critical"
    assert "Không tìm thấy danh sách theo dõi" in message and "'Danh sách'" in message
    assert str(log) in message
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "WorkbookFormatError" in text
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]  # nothing written


def test_unexpected_error_is_reported_not_raised(open_book, monkeypatch, tmp_path: Path) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(buttons, "evaluate", broken)
    book = open_book(payload(register_workbook(tmp_path)))
    buttons.refresh()
    message = [a for a in book.json()["actions"] if a["func"] == "alert"][0]["args"][0]
    assert "lỗi không mong đợi" in message and "RuntimeError: hỏng" in message
    assert "chibo chưa ghi gì vào sổ: sổ vẫn như trước khi bấm nút." in message
    assert "chibo.log" in message
    assert [a["func"] for a in book.json()["actions"]] == ["alert"]  # and it is true: nothing written


# --- all or nothing: a write that fails part-way is undone -------------------------------------


def fail_write_number(monkeypatch: pytest.MonkeyPatch, number: int | None, *, undo_fails: bool = False,
                      value: object = None) -> None:
    """Make the `number`-th value write (or the write of `value`) raise, as Excel does on a protected
    sheet; with `undo_fails`, every later write raises too, so the undo cannot put anything back."""
    original = xw.Range.value
    calls: list[object] = []

    def value_setter(rng: xw.Range, data: object) -> None:
        calls.append(data)
        failed = len(calls) == number or (value is not None and data in ([[value]], value))
        if failed or (undo_fails and len(calls) > (number or 0)):
            raise RuntimeError("The cell or chart you're trying to change is on a protected sheet.")
        original.fset(rng, data)

    monkeypatch.setattr(xw.Range, "value", property(original.fget, value_setter))


@pytest.mark.parametrize("failing_write", [2, 5, 9])
def test_a_failed_write_puts_the_workbook_back(failing_write, open_book, monkeypatch, tmp_path: Path) -> None:
    """`Làm mới tất cả` on a register: the n-th write fails after sheets were added and values written;
    the queued actions, replayed, leave every sheet and value as it was, and the alert says so."""
    data = payload(register_workbook(tmp_path))
    book = open_book(data)
    fail_write_number(monkeypatch, failing_write)
    buttons.refresh(as_of=AS_OF)
    actions = book.json()["actions"]
    assert sum(a["func"] == "setValues" for a in actions) >= failing_write - 1  # it did write before failing
    assert replay(payload_sheets(data), actions) == payload_sheets(data)
    alerts = [a["args"][0] for a in actions if a["func"] == "alert"]
    assert len(alerts) == 1
    assert "protected sheet" in alerts[0]
    assert "chibo đã trả lại các giá trị, dòng, sheet và tên vùng như trước khi bấm nút" in alerts[0]
    assert "một phần" not in alerts[0]


def test_undo_covers_rows_clears_names_and_charts(open_book, monkeypatch, tmp_path: Path) -> None:
    """Every kind of write of a SheetUpdate, then a failure: rows inserted are deleted, cleared values
    come back, an added name and an added chart are deleted, the added sheet goes."""
    from addin.errors import UpdateInterrupted

    data = payload(register_workbook(tmp_path))
    book = open_book(data)
    failing = SheetUpdate("Theo dõi", blocks=(Block(30, 1, ((Cell("hỏng"),),)),))
    fail_write_number(monkeypatch, None, value="hỏng")
    with pytest.raises(UpdateInterrupted) as raised:
        apply_updates(book, [every_field("Theo dõi"), every_field("Mới"), failing])
    assert raised.value.restored
    actions = book.json()["actions"]
    assert replay(payload_sheets(data), actions) == payload_sheets(data)
    funcs = [a["func"] for a in actions]
    assert funcs.count("rangeInsert") == 2 and funcs.count("rangeDelete") == 2  # inserted rows deleted again
    assert funcs.count("addSheet") == funcs.count("sheetDelete") == 1  # `Mới` is gone
    names = [(a["func"], a["args"][-1] if a["func"] != "nameDelete" else a["args"][0]) for a in actions
             if a["func"] in ("namesAdd", "setNameRefersTo", "nameDelete")]
    assert names == [("namesAdd", "='Theo dõi'!$A$12:$C$14"), ("setNameRefersTo", "='Mới'!$A$12:$C$14"),
                     ("setNameRefersTo", "='Theo dõi'!$A$12:$C$14"), ("nameDelete", "chibo_ke_hoach")]  # undone in reverse
    assert funcs.count("addChart") == funcs.count("deleteChart") == 2  # each added chart deleted again


def test_a_failed_undo_says_the_workbook_may_be_half_updated(open_book, monkeypatch, tmp_path: Path) -> None:
    data = payload(register_workbook(tmp_path))
    book = open_book(data)
    fail_write_number(monkeypatch, 3, undo_fails=True)
    buttons.refresh(as_of=AS_OF)
    message = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"][0]
    assert "chibo không trả lại được hết" in message and "có thể mới được cập nhật một phần" in message
    assert "đóng sổ mà KHÔNG lưu (Don't Save)" in message


class DesktopApp:
    """The two properties as COM exposes them: readable and writable."""

    def __init__(self) -> None:
        self.screen_updating = True
        self.status_bar = False


def test_busy_restores_the_application_even_on_error() -> None:
    app = DesktopApp()
    with pytest.raises(ValueError):
        with buttons._busy(app, "Đang kiểm tra hồ sơ…"):
            assert (app.screen_updating, app.status_bar) == (False, "Đang kiểm tra hồ sơ…")
            raise ValueError
    assert (app.screen_updating, app.status_bar) == (True, False)


def test_busy_skips_what_the_remote_engine_cannot_read(open_book, tmp_path: Path) -> None:
    book = open_book(payload(register_workbook(tmp_path)))
    with buttons._busy(book.app, "Đang làm mới tất cả…"):
        pass
    assert book.json()["actions"] == []


def test_log_path_follows_localappdata(monkeypatch, tmp_path: Path) -> None:
    assert buttons.log_path() == tmp_path / "appdata" / "chibo" / "chibo.log"
    monkeypatch.delenv("LOCALAPPDATA")
    assert buttons.log_path() == Path.home() / ".chibo" / "chibo.log"


# --- Soạn hồ sơ ------------------------------------------------------------------------------


def _select(data: dict, sheet_index: int, address: str) -> dict:
    data["book"]["active_sheet_index"], data["book"]["selection"] = sheet_index, address
    return data


def test_dossier_button_drafts_the_selected_persons_forms(open_book, tmp_path: Path) -> None:
    import docx

    book = open_book(_select(payload(register_workbook(tmp_path)), 0, "D2"))  # Nguyễn Văn An: helper assigned
    buttons.dossiers(as_of=AS_OF, folder=tmp_path / "Hồ sơ")
    written = tmp_path / "Hồ sơ" / "Phân công giúp đỡ Nguyễn Văn An 2025-03-15.docx"  # his `Ngày vào nguồn`
    assert [p.name for p in (tmp_path / "Hồ sơ").iterdir()] == [written.name]
    text = " ".join(p.text for p in docx.Document(str(written)).paragraphs)
    assert "Phân công đồng chí Phạm Văn Đức" in text and "giúp đỡ quần chúng Nguyễn Văn An, sinh ngày 02/01/2000" in text
    alerts = [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1 and alerts[0][0].startswith("Đã soạn 1 bản thảo cho Nguyễn Văn An")
    assert alerts[0][3] == "info"


@pytest.mark.parametrize(("sheet_index", "address"), [(0, "B1"), (1, "B2")])  # the header row; another sheet
def test_dossier_button_asks_for_a_register_row(open_book, tmp_path: Path, sheet_index: int, address: str) -> None:
    book = open_book(_select(payload(register_workbook(tmp_path)), sheet_index, address))
    buttons.dossiers(as_of=AS_OF, folder=tmp_path / "Hồ sơ")
    assert not (tmp_path / "Hồ sơ").exists()
    alerts = [a["args"][0] for a in book.json()["actions"] if a["func"] == "alert"]
    assert alerts == ["Hãy bấm vào một ô trên dòng của người cần soạn hồ sơ ở sheet 'Theo dõi' rồi bấm lại nút Soạn hồ sơ."]
