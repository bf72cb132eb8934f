"""Registers as Party cells and Youth Union bodies really keep them, built with XlsxWriter (issue 9).

Each builder writes one workbook into a directory and returns its path; the layouts are those
met in real public files: titles above the table, headers over two or three rows with merged
group headers, birth dates split into `Nam` | `Nữ` columns, education as an `x` under one column
per level, names split in two columns, column-numbering rows with gaps and typos, footnotes and
signature blocks below the table, import templates with `*` marks, sheets not called `Theo dõi`.
The expected people and fields are written as literals in the tests that use them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

D = dt.date
Cells = Sequence[Sequence[object]]


class _Writer:
    """One workbook: header cells bold and wrapped, dates as real dates in dd/mm/yyyy."""

    def __init__(self, path: Path) -> None:
        self.book = xlsxwriter.Workbook(str(path))
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy", "border": 1})
        self.cell = self.book.add_format({"border": 1})
        self.head = self.book.add_format({"bold": True, "text_wrap": True, "align": "center",
                                          "valign": "vcenter", "border": 1})
        self.title = self.book.add_format({"bold": True, "align": "center"})
        self.plain = self.book.add_format({})

    def sheet(self, name: str) -> Worksheet:
        return self.book.add_worksheet(name)

    def value(self, ws: Worksheet, row: int, col: int, value: object, fmt: object = None) -> None:
        if value is None:
            return
        if isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), self.date)
        elif isinstance(value, str):
            ws.write_string(row, col, value, fmt or self.cell)
        else:
            ws.write_number(row, col, value, fmt or self.cell)

    def rows(self, ws: Worksheet, first: int, rows: Cells, fmt: object = None) -> None:
        for r, values in enumerate(rows, start=first):
            for c, value in enumerate(values):
                self.value(ws, r, c, value, fmt)

    def merge(self, ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int, text: str,
              fmt: object = None) -> None:
        ws.merge_range(first_row, first_col, last_row, last_col, text, fmt or self.head)

    def settings(self, items: Mapping[str, object]) -> None:
        ws = self.sheet("Cài đặt")
        self.rows(ws, 0, [["Mục", "Giá trị"], *([k, v] for k, v in items.items())], self.plain)

    def close(self) -> None:
        self.book.close()


def party_members(directory: Path, name: str = "danh sách đảng viên.xlsx") -> Path:
    """`DSDV`: a cell's list of Party members, no procedure columns. Two title rows, a two-row header
    (`Ngày sinh` over `Nam` | `Nữ`, `Ngày vào Đảng` over `Ngày kết nạp` | `Ngày chính thức`), a
    numbering row with a typo and a gap, a footnote and a signature block whose name sits in the
    name column."""
    path = directory / name
    w = _Writer(path)
    _members_sheet(w)
    w.close()
    return path


def _members_sheet(w: _Writer) -> None:
    ws = w.sheet("DSDV")
    w.merge(ws, 0, 0, 0, 8, "ĐẢNG BỘ XÃ HÒA BÌNH", w.title)
    w.merge(ws, 1, 0, 1, 8, "DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN ĐÔNG", w.title)
    for col, text in ((0, "STT"), (1, "Họ và tên"), (4, "Quê quán"), (7, "Chức vụ"), (8, "Ghi chú")):
        w.merge(ws, 3, col, 4, col, text)
    w.merge(ws, 3, 2, 3, 3, "Ngày sinh")
    w.merge(ws, 3, 5, 3, 6, "Ngày vào Đảng")
    w.rows(ws, 4, [[None, None, "Nam", "Nữ", None, "Ngày kết nạp", "Ngày chính thức"]], w.head)
    w.rows(ws, 5, [["(1)", "(2)", "(3)", "(4)", "(5)", "6)", "(7)", "(8)", "(10)"]], w.head)
    w.rows(ws, 6, [
        [1, "Nguyễn Văn Hùng", D(1958, 4, 12), None, "Hòa Bình", D(1985, 5, 19), D(1986, 5, 19), "Bí thư chi bộ"],
        [2, "Lê Thị Mai", None, D(1988, 9, 2), "Hòa Bình", D(2012, 3, 3), D(2013, 3, 3), "Chi ủy viên"],
        [3, "Trần Văn Nam", D(1990, 1, 15), None, "Tân Lập", D(2019, 6, 10), D(2020, 6, 10), "Đảng viên"],
        [4, "Phạm Thị Hoa", None, D(1999, 11, 20), "Hòa Bình", D(2025, 8, 20), None, "Bí thư chi đoàn",
         "Dự bị"],
    ])
    w.rows(ws, 11, [["Ghi chú: cột (7) để trống là đảng viên dự bị."]], w.plain)
    w.rows(ws, 12, [[None, None, None, None, None, "T/M CHI BỘ"], [None, None, None, None, None, "BÍ THƯ"]],
           w.plain)
    w.rows(ws, 15, [[None, "Nguyễn Văn Hùng"]], w.plain)


def register_with_members_list(directory: Path, name: str = "sổ và danh sách.xlsx") -> Path:
    """`Theo dõi` (candidates and their introducers) beside the cell's members' list `DSDV`."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("Theo dõi")
    w.rows(ws, 0, [["STT", "Họ và tên", "Ngày sinh", "Ngày về đơn vị", "Người giới thiệu 1"],
                   [1, "Lý Văn Sáu", D(2000, 6, 6), D(2023, 1, 2), "Trần Văn Nam"],
                   [2, "Tô Thị Bảy", D(2001, 7, 7), D(2023, 1, 2), "Hồ Văn Không"]])
    _members_sheet(w)
    w.close()
    return path


def youth_union(directory: Path, name: str = "đoàn viên ưu tú.xlsx") -> Path:
    """`Sheet1`: a Youth Union list of members proposed to the Party. A three-row header (`Trình độ`
    over `Học vấn` | `Chuyên môn` over one column per level, marked `x`), the name split in
    `Họ đệm` | `Tên`, `Ngày, tháng,\\n năm sinh`, `Ngày vào đoàn`, a numbering row with a gap
    (`1 … 9 11 …`), a footnote and a signature."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("Sheet1")
    w.rows(ws, 0, [["BCH ĐOÀN XÃ HÒA BÌNH"]], w.plain)
    w.merge(ws, 1, 0, 1, 12, "DANH SÁCH ĐOÀN VIÊN ƯU TÚ GIỚI THIỆU CHO ĐẢNG XEM XÉT", w.title)
    singles = {0: "TT", 1: "Họ đệm", 2: "Tên", 3: "Ngày, tháng,\n năm sinh", 4: "Giới tính",
               10: "Ngày vào đoàn", 11: "Chức vụ hiện nay", 12: "Lớp nhận thức về Đảng"}
    for col, text in singles.items():
        w.merge(ws, 2, col, 4, col, text)
    w.merge(ws, 2, 5, 2, 9, "Trình độ")
    w.merge(ws, 3, 5, 3, 6, "Học vấn")
    w.merge(ws, 3, 7, 3, 9, "Chuyên môn")
    w.rows(ws, 4, [[None] * 5 + ["THCS", "THPT", "Trung cấp", "Cao đẳng", "Đại học"]], w.head)
    w.rows(ws, 5, [[1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14]], w.head)
    w.rows(ws, 6, [
        [1, "Nguyễn Thị", "Lan", "12/05/2003", "Nữ", None, "x", None, None, "x", None, "Đoàn viên", None],
        [2, "Trần Văn", "Bình", D(2001, 7, 30), "Nam", "x", None, "x", None, None, D(2016, 3, 26),
         "Bí thư chi đoàn", D(2025, 10, 10)],
        [3, "Lê Hoàng", "Phúc", D(2008, 2, 14), "Nam", None, "X", None, None, None, "26/03/2023", "Đoàn viên"],
        [4, "Võ Minh", "Tâm", D(2016, 6, 1), "Nam", None, None, None, None, None, None, "Đoàn viên"],
    ])
    w.rows(ws, 11, [["Danh sách này có 04 đồng chí."], [None, "Người lập biểu"], [], [None, "Đinh Thị Thu"]],
           w.plain)
    w.close()
    return path


def import_template(directory: Path, name: str = "mẫu nhập.xlsx") -> Path:
    """`QLHS ĐẢNG VIÊN`: an import template of a members' database: a note above, headers with `*`
    and `(*)` required-marks, a format hint on a second line, column numbers below them."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("QLHS ĐẢNG VIÊN")
    w.rows(ws, 0, [["Lưu ý: các cột có dấu (*) là bắt buộc; ngày ghi dạng dd/mm/yyyy."]], w.plain)
    w.rows(ws, 1, [["STT", "Họ và tên (*)", "Giới tính *", "Ngày sinh*\n(dd/mm/yyyy)", "Dân tộc", "Tôn giáo",
                    "Trình độ học vấn, học vị, học hàm", "Ngày vào Đảng (*)", "Ngày chính thức", "Chi bộ (*)",
                    "Số thẻ đảng viên"]], w.head)
    w.rows(ws, 2, [[f"({i})" for i in range(1, 12)]], w.head)
    w.rows(ws, 3, [
        [1, "Đỗ Văn Khánh", "Nam", "03/02/1985", "Kinh", "Không", "12/12, Đại học", "15/06/2010", "15/06/2011",
         "Chi bộ Thôn Đông", "012345"],
        [2, "Hà Thị Yến", "Nữ", "21/11/1995", "Tày", "Không", "12/12, Cao đẳng", "20/10/2024", None,
         "Chi bộ Thôn Đông"],
    ])
    w.close()
    return path


def candidates(directory: Path, name: str = "quần chúng.xlsx") -> Path:
    """`danh sach`: a register of candidates with procedure columns, two spellings of the name
    (`Họ và tên khai sinh`, `Họ tên đang dùng`) and of the unit (`Đơn vị`, `Chức vụ`), and a
    first data row whose `Chức vụ` cell reads `Đoàn viên`, like a header."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("danh sach")
    w.rows(ws, 0, [["STT", "Họ và tên khai sinh", "Họ tên đang dùng", "Ngày sinh", "Đơn vị", "Chức vụ",
                    "Đoàn viên", "Ngày vào nguồn", "Lớp nhận thức về Đảng", "Ngày làm đơn",
                    "Chi bộ xét kết nạp", "Số tán thành", "Ghi chú"]], w.head)
    w.rows(ws, 1, [
        [1, "Nguyễn Văn Tèo", "Nguyễn Văn Tú", D(2000, 3, 8), "Thôn Đông", "Đoàn viên", "x", D(2025, 1, 10),
         D(2025, 3, 20), D(2025, 4, 1)],
        [2, "Bùi Thị Hằng", "Bùi Thị Hằng", D(1996, 12, 25), "Trường Tiểu học", "Giáo viên", "Có",
         D(2024, 9, 1), D(2024, 11, 15), D(2025, 2, 1), D(2025, 12, 20), 9],
    ])
    w.close()
    return path


TIED_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn"]


def tied_sheets(directory: Path, name: str = "hai danh sách.xlsx", pin: str | None = None) -> Path:
    """`Sheet1` and `Sheet2`, the same register headers over different people: a tie, unless `Cài đặt`
    pins one (`Sheet theo dõi` = `pin`)."""
    path = directory / name
    w = _Writer(path)
    w.rows(w.sheet("Sheet1"), 0, [TIED_HEADERS, [1, "Ngô Văn Một", D(1995, 1, 1), D(2025, 5, 5)]])
    w.rows(w.sheet("Sheet2"), 0, [TIED_HEADERS, [1, "Đặng Thị Hai", D(1997, 2, 2), D(2025, 6, 6)]])
    if pin is not None:
        w.settings({"Sheet theo dõi": pin})
    w.close()
    return path


def mapped_columns(directory: Path, name: str = "thống kê.xlsx", mapping: Mapping[str, object] | None = None) -> Path:
    """`Tke Ds Dang Vien (BM2)`: a statistics form whose birth-date and admission headers chibo does
    not know (`NS`, `Ngày vào Đ`); `mapping` goes to `Cài đặt` as `Cột <trường>` items."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("Tke Ds Dang Vien (BM2)")
    w.rows(ws, 0, [["TT", "Ho ten", "NS", "Ngày vào Đ", "Nơi ở"]], w.head)
    w.rows(ws, 1, [[1, "Vũ Văn Ba", D(1980, 8, 8), D(2005, 9, 2), "Thôn Tây"],
                   [2, "Mai Thị Bốn", D(1992, 4, 4), D(2020, 1, 6), "Thôn Đông"]])
    if mapping is not None:
        w.settings(mapping)
    w.close()
    return path


def numbered_capitals(directory: Path, name: str = "danh sách chữ hoa.xlsx") -> Path:
    """`DS`: a list whose people 3 and 5 are written in capitals, a section title in capitals between
    them, blank rows inside the numbering, a numbered row whose name is empty, then a total line, a
    signature block and the signer's name below the table (issue 18 §1)."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("DS")
    w.rows(ws, 0, [["DANH SÁCH QUẦN CHÚNG ƯU TÚ NĂM 2026"]], w.plain)
    w.rows(ws, 2, [["STT", "Họ và tên", "Ngày sinh", "Chức vụ", "Ghi chú"]], w.head)
    w.rows(ws, 3, [
        [1, "Nguyễn Văn An", D(1995, 2, 1), "Giáo viên"],
        [2, "Trần Thị Bình", D(1998, 7, 14), "Kế toán"],
        [],
        [None, "KHỐI MẦM NON"],
        [3, "LÊ VĂN CƯỜNG"],
        [4, None, D(2000, 1, 9), "Bảo vệ"],
        [],
        [5, "VƯƠNG THỊ KIM NGÂN", D(1996, 4, 1), "Nhân viên"],
        ["Tổng số: 05 người"],
        [None, None, "NGƯỜI LẬP BIỂU"],
        [],
        [None, "Phạm Văn Duy"],
    ])
    w.close()
    return path


DATABASE_HEADERS = {  # issue 18 §3: how three programs name the same columns
    "lowercase": ["stt", "hovaten", "ngaysinh", "gioitinh", "dantoc", "tongiao", "ngayvaodoan"],
    "snake": ["STT", "Ho_Ten", "Ngay_Sinh", "Gioi_Tinh", "Dan_Toc", "Ton_Giao", "ngay_vao_doan"],
    "camel": ["TT", "HoTen", "NgaySinh", "GioiTinh", "DanToc", "TonGiao", "NgayVaoDoan"],
}


def database_export(directory: Path, style: str, name: str = "xuất dữ liệu.xlsx") -> Path:
    """`Export`: an HR program's export whose headers have no accents nor spaces, in `style`
    (DATABASE_HEADERS), with a column `mahoso` of record ids that matches no field."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("Export")
    w.rows(ws, 0, [["mahoso", *DATABASE_HEADERS[style]]], w.plain)
    w.rows(ws, 1, [["HS001", 1, "Đặng Văn Hải", D(1999, 3, 4), "Nam", "Kinh", "Không", D(2014, 3, 26)],
                   ["HS002", 2, "Lò Thị Sen", D(2001, 10, 20), "Nữ", "Thái", "Không", None]])
    w.close()
    return path


def form_and_list(directory: Path, name: str = "lý lịch và danh sách.xlsx") -> Path:
    """`Lý lịch`: one person's form (eight register columns) with a salary table under it, whose rows
    start with a grade name ("Chuyên viên"); `DS`: a list of three people with four register columns
    (issue 18 §2). The list is the register."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("Lý lịch")
    w.rows(ws, 0, [["SƠ YẾU LÝ LỊCH"]], w.plain)
    w.rows(ws, 1, [["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Tôn giáo", "Trình độ học vấn", "Chức vụ",
                    "Ngày vào Đảng"]], w.head)
    w.rows(ws, 2, [["Hoàng Văn Minh", D(1985, 5, 5), "Nam", "Kinh", "Không", "12/12", "Chuyên viên", D(2010, 9, 2)]])
    w.rows(ws, 4, [["QUÁ TRÌNH LƯƠNG"]], w.plain)
    w.rows(ws, 5, [["Ngạch lương", "Mã ngạch", "Bậc", "Hệ số", "Từ ngày"]], w.head)
    w.rows(ws, 6, [["Chuyên viên", "01.003", 2, 2.67, D(2015, 1, 1)],
                   ["Chuyên viên chính", "01.002", 1, 4.4, D(2020, 1, 1)]])
    ws = w.sheet("DS")
    w.rows(ws, 0, [["STT", "Họ và tên", "Ngày sinh", "Chức vụ"]], w.head)
    w.rows(ws, 1, [[1, "Phan Thị Hồng", D(1997, 1, 3), "Văn thư"], [2, "Lại Văn Tùng", D(1999, 8, 8), "Lái xe"],
                   [3, "Cao Thị Nga", D(2000, 12, 1), "Kế toán"]])
    w.close()
    return path


def hr_status(directory: Path, name: str = "nhân sự.xlsx") -> Path:
    """`Nhân sự`: an HR list whose `Giai Đoạn` column says "Thử việc" or "Chính thức" (the job's
    probation), a look-alike of chibo's `Giai đoạn` (issue 18 §4)."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("Nhân sự")
    w.rows(ws, 0, [["STT", "Họ và tên", "Ngày sinh", "Giai Đoạn", "Ngày vào nguồn"]], w.head)
    w.rows(ws, 1, [[1, "Kiều Văn Lâm", D(1998, 6, 2), "Thử việc", D(2025, 9, 1)],
                   [2, "Mạc Thị Thu", D(1996, 2, 9), "Chính thức", D(2025, 5, 4)]])
    w.close()
    return path


def mac_1904(directory: Path, name: str = "sổ máy Mac.xlsx") -> Path:
    """`Theo dõi` of a workbook saved with the 1904 date system (issue 18 §7): birth dates as
    date-formatted cells, the awareness-course dates typed as plain day numbers of that system
    (01/04/2024 is 43921 there, 31/03/2020 in the 1900 system), one birth year typed as 1999."""
    path = directory / name
    book = xlsxwriter.Workbook(str(path), {"date_1904": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    ws = book.add_worksheet("Theo dõi")
    ws.write_row(0, 0, ["STT", "Họ và tên", "Ngày sinh", "Ngày vào nguồn", "Ngày cấp GCN lớp nhận thức"])
    ws.write_row(1, 0, [1, "Trịnh Văn Mạnh"])
    ws.write_datetime(1, 2, dt.datetime(2000, 2, 3), date)
    ws.write_datetime(1, 3, dt.datetime(2024, 1, 10), date)
    ws.write_number(1, 4, 43921)  # 01/04/2024 in the 1904 system
    ws.write_row(2, 0, [2, "Ông Thị Hạnh", 1999])
    ws.write_number(2, 3, 43831)  # 02/01/2024 in the 1904 system
    book.close()
    return path


def hidden_with_salary_block(directory: Path, name: str = "sheet ẩn.xlsx") -> Path:
    """`Bìa` (a cover, visible) and `DSDV` (hidden, issue 18 §6): a two-row header where
    `Trình độ học vấn` is merged over `THCS | THPT | Đại học` and, right beside it, a separate
    merged block with no text over `Mã ngạch | Hệ số | Bậc`."""
    path = directory / name
    w = _Writer(path)
    w.rows(w.sheet("Bìa"), 0, [["SỔ THEO DÕI PHÁT TRIỂN ĐẢNG VIÊN"]], w.plain)
    ws = w.sheet("DSDV")
    for col, text in ((0, "STT"), (1, "Họ và tên"), (2, "Ngày sinh")):
        w.merge(ws, 0, col, 1, col, text)
    w.merge(ws, 0, 3, 0, 5, "Trình độ học vấn")
    w.merge(ws, 0, 6, 0, 8, "")
    w.rows(ws, 1, [[None, None, None, "THCS", "THPT", "Đại học", "Mã ngạch", "Hệ số", "Bậc"]], w.head)
    w.rows(ws, 2, [[1, "Đinh Văn Tài", D(1990, 1, 1), None, "x", None, "01.003", 2.34, 2],
                   [2, "Hà Thị Liên", D(1992, 2, 2), None, None, "x", "01.004", 1.86, 1]])
    ws.hide()
    w.close()
    return path


def members_marked(directory: Path, name: str = "danh sách chi bộ.xlsx") -> Path:
    """`DS chi bộ` (issue 18 §5): a cell's list of people where `Đảng viên` marks who is a member —
    "x" with no date, "x" admitted on 03/03/2014, "Dự bị" admitted on 20/08/2025 — and one person
    not marked, a candidate; no ceremony nor recognition column."""
    path = directory / name
    w = _Writer(path)
    ws = w.sheet("DS chi bộ")
    w.rows(ws, 0, [["STT", "Họ và tên", "Ngày sinh", "Đảng viên", "Ngày vào Đảng"]], w.head)
    w.rows(ws, 1, [[1, "Nguyễn Văn Hùng", D(1968, 4, 12), "x"],
                   [2, "Lê Thị Mai", D(1988, 9, 2), "x", D(2014, 3, 3)],
                   [3, "Trần Văn Nam", D(1990, 1, 15), "Dự bị", D(2025, 8, 20)],
                   [4, "Phạm Văn Quang", D(2001, 6, 6)]])
    w.close()
    return path


BUILDERS = {
    "party_members": party_members,
    "youth_union": youth_union,
    "import_template": import_template,
    "candidates": candidates,
}
