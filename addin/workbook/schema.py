"""The workbook format of DESIGN §2: sheet names, header texts and their aliases.

This is the only module that spells them, but for the headers of the register's and the members' fields:
those are the fields' names in addin.rules.records.LABELS, the names chibo's messages print. Keys are stable
English identifiers; headers are what a refresh writes; aliases are other spellings accepted when reading. Matching is done
on `addin.rules.text.fold` keys, so accents, case and spacing never matter.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from addin.rules.records import LABELS
from addin.rules.text import fold


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, the header chibo writes and the other accepted headers."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()  # in order of preference: when two are present, the first wins
    parts: tuple[str, ...] = ()  # headers of columns that each hold a part of the value ("Họ đệm", "Tên")
    choices: tuple[str, ...] = ()  # sub-headers that are values: an `x` under one of them gives that value
    in_template: bool = True  # False: read from the lists committees keep, never put in a new workbook

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


def field_column(key: str, aliases: tuple[str, ...] = (), **options: Any) -> Column:
    """The column of a record's field, headed by the field's name that chibo's messages print (records.LABELS)."""
    return Column(key, LABELS[key][0], aliases, **options)


@dataclass(frozen=True)
class SheetSpec:
    """A sheet: its name and aliases, the user's columns and the output columns chibo owns."""

    key: str
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    owned_columns: tuple[Column, ...] = ()
    required_keys: tuple[str, ...] = ()
    people: bool = False  # one person a row: a row is a record only when it carries a name

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.owned_columns

    def column(self, key: str) -> Column:
        """The column with this key (user or owned); KeyError when the sheet has none."""
        for col in self.all_columns:
            if col.key == key:
                return col
        raise KeyError(key)


# A name split in two columns: family and middle names, then the given name.
NAME_PARTS = ("Họ đệm", "Họ và đệm", "Họ và chữ đệm", "Họ và tên đệm", "Họ", "Tên")
# Education as one sub-column per level under the field's header, the person's level marked `x`.
EDUCATION_LEVELS = (
    "Tiểu học", "THCS", "THPT", "Trung học cơ sở", "Trung học phổ thông", "9/12", "10/10", "12/12",
    "Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ", "Sau đại học",
)
# Sub-columns of one field split by sex (`Ngày sinh` over `Nam` | `Nữ`): the filled one gives the gender.
GENDER_SPLIT = ("Nam", "Nữ")
# A cell marking its column's choice (`x` under `THCS`): the column's sub-header is the value.
MARKS = ("x", "v", "✓", "✔", "√", "+", "*", "có")
# What starts a footnote or signature block below a table: the table ends there.
FOOTNOTE_STARTS = (
    "Ghi chú", "Chú thích", "Lưu ý", "Tổng số", "Tổng cộng", "Cộng", "Người lập", "Người lập biểu",
    "Xác nhận", "T/M", "TM.", "Bí thư", "Phó bí thư", "Danh sách này", "(Ký", "Ký tên", "Nơi nhận",
)
# `Cài đặt` items that pin the register or members sheet by name, and map a register column.
REGISTER_SHEET_ITEM = "Sheet theo dõi"
REGISTER_MINIMUM = ("name", "dob")  # what a sheet of any name needs to be taken for the register
MEMBERS_SHEET_ITEM = "Sheet đảng viên"
COLUMN_ITEM_PREFIX = "Cột "  # "Cột Ngày sinh" = "D" or = "Sinh ngày tháng"


OWNED_MARK = " (chibo)"  # after chibo's own headers when a user's column reads like one of them ("Giai Đoạn")


def owned_headers(spec: SheetSpec, key: str) -> frozenset[str]:
    """The headers that show an owned column is chibo's: its header as chibo writes it, bare or marked."""
    header = spec.column(key).header
    return frozenset({header, header + OWNED_MARK})


REGISTER = SheetSpec(
    key="register",
    name="Theo dõi",
    aliases=("Theo doi", "Quần chúng", "Danh sách quần chúng", "Nguồn phát triển"),
    columns=(
        Column("stt", "STT", ("TT", "Số TT")),
        field_column("name", ("Họ tên", "Họ và tên quần chúng", "Họ và tên đang dùng", "Họ tên đang dùng",
                              "Họ và tên khai sinh", "Họ tên khai sinh"), parts=NAME_PARTS),
        field_column("dob", ("Ngày tháng năm sinh", "Sinh ngày", "Năm sinh")),
        field_column("gender", ("Nam/Nữ",)),
        field_column("ethnicity"),
        field_column("religion"),
        field_column("education", ("Học vấn", "Trình độ văn hóa", "Văn hóa", "Trình độ học vấn, học vị, học hàm",
                                   "Giáo dục phổ thông", "GDPT", "Trình độ"), choices=EDUCATION_LEVELS),
        field_column("edu_exception"),  # Có/Không: remote-area exception
        field_column("unit", ("Chức vụ", "Chức vụ hiện nay", "Đơn vị", "Đơn vị công tác", "Chức vụ, đơn vị công tác",
                              "Chi bộ")),
        field_column("unit_since", ("Ngày vào cơ quan", "Ngày vào làm việc")),
        # A list of members marks them: x = already a member, "Dự bị" = probationary. Not for a new register.
        field_column("party_member", ("Là đảng viên",), in_template=False),
        field_column("youth_member", ("Là đoàn viên", "Ngày vào Đoàn", "Thời gian vào Đoàn")),  # a date = yes
        field_column("source_date", ("Ngày cảm tình Đảng",)),
        field_column("helper", ("Người giúp đỡ", "Đảng viên được phân công")),
        field_column("course_date", ("Lớp nhận thức về Đảng", "GCN nhận thức")),
        field_column("application_date", ("Đơn xin vào Đảng", "Ngày viết đơn")),
        field_column("cv_date", ("Lý lịch",)),
        field_column("verification_date", ("Thẩm tra lý lịch",)),
        field_column("introducer_1", ("Đảng viên giới thiệu 1",)),
        field_column("introducer_2", ("Đảng viên giới thiệu 2",)),
        field_column("introducer_replacement", ("Đảng viên giới thiệu thay thế",)),
        field_column("union_intro_date", ("Đoàn giới thiệu", "Công đoàn giới thiệu")),
        field_column("opinions_date", ("Tổng hợp nhận xét", "Nhận xét nơi cư trú")),
        field_column("cell_vote_date", ("Chi bộ xét kết nạp", "Ngày NQ chi bộ")),
        field_column("cell_vote_yes", ("Số đồng ý",)),
        field_column("cell_vote_total"),  # else from `Đảng viên`
        # The longer names are those chibo's messages printed before issue 19: a header copied from one is read.
        field_column("cell_vote_present", ("Số dự họp", "Số đảng viên dự họp xét kết nạp")),
        field_column("cell_vote_exempt_absent", ("Số đảng viên miễn sinh hoạt vắng mặt",
                                                 "Số đảng viên miễn sinh hoạt vắng mặt khi xét kết nạp")),
        field_column("cell_vote_failures", ("Số lần biểu quyết không đạt",)),
        field_column("committee_date", ("Ngày NQ đảng ủy",)),
        field_column("committee_vote_yes"),
        field_column("committee_members"),
        field_column("over60_consent_date", ("Ngày tỉnh ủy đồng ý", "BTV tỉnh ủy đồng ý",
                                             "Ngày BTV tỉnh ủy đồng ý (trên 60 tuổi)")),
        # In a members' list the admission date: the person is already a member.
        field_column("decision_date", ("Ngày QĐ kết nạp", "Quyết định kết nạp", "Ngày vào Đảng", "Thời gian vào Đảng",
                                       "Ngày kết nạp", "Ngày kết nạp dự bị", "Ngày vào Đảng dự bị",
                                       "Thời gian vào Đảng dự bị")),
        field_column("decision_no"),
        field_column("decision_received_date"),  # else decision_date
        field_column("ceremony_date", ("Lễ kết nạp",)),
        field_column("readmitted", ("Được kết nạp lại", "Kết nạp lại vào Đảng"), in_template=False),
        field_column("new_member_course_date", ("Lớp đảng viên mới",)),
        field_column("recognition_vote_date", ("Xét chuyển chính thức",)),
        field_column("recognition_vote_yes"),
        field_column("recognition_vote_total"),
        field_column("recognition_vote_present", ("Số đảng viên dự họp xét chính thức",)),
        field_column("recognition_vote_exempt_absent", ("Số đảng viên miễn sinh hoạt vắng mặt khi xét chính thức",)),
        field_column("recognition_vote_failures"),
        field_column("recognition_date", ("Quyết định công nhận chính thức", "Ngày chính thức", "Ngày kết nạp chính thức",
                                          "Ngày vào Đảng chính thức", "Thời gian vào Đảng chính thức",
                                          "Ngày công nhận chính thức", "Ngày chuyển chính thức")),
        field_column("expected", ("Dự kiến", "Thời gian dự kiến kết nạp")),
        field_column("notes"),
    ),
    owned_columns=(
        Column("stage", "Giai đoạn"),
        Column("check_result", "Kết quả kiểm tra"),
        Column("next_step", "Việc tiếp theo"),
        Column("deadline", "Hạn"),
    ),
    required_keys=("name",),
    people=True,
)

MEMBERS = SheetSpec(
    key="members",
    name="Đảng viên",
    aliases=("Dang vien", "Danh sách đảng viên"),
    columns=(
        Column("stt", "STT", ("TT", "Số TT")),
        field_column("name", ("Họ tên", "Họ và tên đang dùng", "Họ tên đang dùng", "Họ và tên khai sinh",
                              "Họ tên khai sinh"), parts=NAME_PARTS),
        field_column("dob", ("Ngày tháng năm sinh", "Sinh ngày", "Năm sinh")),
        field_column("gender", ("Nam/Nữ",)),
        # the date of the admission decision
        field_column("admitted", ("Thời gian vào Đảng", "Ngày kết nạp", "Ngày kết nạp dự bị", "Ngày vào Đảng dự bị")),
        field_column("official", ("Ngày kết nạp chính thức", "Ngày vào Đảng chính thức", "Ngày chuyển chính thức",
                                  "Ngày công nhận chính thức")),  # empty = probationary
        field_column("arrived", ("Ngày chuyển đến",)),
        field_column("left"),  # empty = still in the cell
        field_column("exempt"),
        field_column("attached_elsewhere"),
        field_column("status", ("Trạng thái",)),  # "Chuyển đi", "Từ trần"…: no longer in the cell
        field_column("notes"),
    ),
    required_keys=("name",),
    people=True,
)

QUOTA = SheetSpec(
    key="quota",
    name="Chỉ tiêu",
    aliases=(),
    columns=(
        Column("year", "Năm"),
        Column("target", "Chỉ tiêu được giao"),
        Column("resolution_target", "Chỉ tiêu theo nghị quyết"),
    ),
    owned_columns=(
        Column("admitted", "Đã kết nạp"),
        Column("rate", "Tỷ lệ đạt"),
        Column("resolution_rate", "Tỷ lệ theo nghị quyết"),
        Column("in_pipeline", "Đang trong quy trình"),
        Column("more_expected", "Dự kiến kết nạp thêm"),
        Column("projected", "Dự kiến cả năm"),
        Column("probationary", "Đảng viên dự bị"),
        Column("recognised", "Chuyển chính thức"),
        Column("overdue", "Quá hạn"),
        Column("assessment", "Đánh giá"),
    ),
    required_keys=("year",),
)

SETTINGS = SheetSpec(
    key="settings",
    name="Cài đặt",
    aliases=(),
    columns=(Column("item", "Mục"), Column("value", "Giá trị")),
    required_keys=("item",),
)

CALENDAR = SheetSpec(
    key="calendar",
    name="Ngày nghỉ",
    aliases=(),
    columns=(Column("date", "Ngày"), Column("kind", "Loại"), Column("notes", "Ghi chú")),
    required_keys=("date",),
)

# Entirely owned by chibo: every column is output.
FINDINGS = SheetSpec(
    key="findings",
    name="Kiểm tra",
    aliases=(),
    columns=(),
    owned_columns=(
        Column("stt", "STT"),
        Column("severity", "Mức độ"),
        Column("sheet", "Sheet"),
        Column("cell", "Ô"),
        Column("person", "Họ và tên"),
        Column("message", "Nội dung"),
        Column("source", "Căn cứ"),
        Column("rule", "Mã quy tắc (cho kỹ thuật)"),  # last and narrow: people read the sentence and the source
    ),
)

# The task table of a `Kế hoạch <năm>` sheet; the committee's table may have any subset of
# these columns, but it is recognised by its task column.
PLAN_TABLE = SheetSpec(
    key="plan",
    name="Kế hoạch",
    aliases=(),
    columns=(
        Column("stt", "STT", ("TT",)),
        Column("task", "Nội dung công việc", ("Nội dung",)),
        Column("subject", "Đối tượng", ("Họ và tên", "Người/đối tượng")),
        Column("period", "Thời gian thực hiện", ("Thời gian",)),
        Column("deadline", "Hạn chót", ("Hạn", "Thời hạn")),
        Column("owner", "Phụ trách", ("Người thực hiện", "Người phụ trách", "Bộ phận thực hiện")),
        Column("basis", "Căn cứ"),
        Column("notes", "Ghi chú"),
    ),
    required_keys=("task",),
)

# The table of section III of a plan document chibo writes: the sources and their helpers.
PLAN_SOURCES = SheetSpec(
    key="plan_sources",
    name="Kế hoạch",
    aliases=(),
    columns=(),
    owned_columns=(
        Column("stt", "STT"),
        Column("name", "Họ và tên"),
        Column("unit", "Chức vụ, đơn vị"),
        Column("birth_year", "Năm sinh"),
        Column("youth_member", "Đoàn viên"),
        Column("stage", "Giai đoạn hiện nay"),
        Column("helper", "Đảng viên giúp đỡ"),
        Column("expected", "Dự kiến kết nạp"),
    ),
)

# `Lịch <năm>`: the detailed per-person schedule, the plan's appendix (entirely owned by chibo).
SCHEDULE = SheetSpec(
    key="schedule",
    name="Lịch",
    aliases=(),
    columns=(),
    owned_columns=(
        Column("stt", "STT"),
        Column("person", "Họ và tên"),
        Column("task", "Nội dung công việc"),
        Column("start", "Ngày thực hiện"),
        Column("end", "Đến ngày"),
        Column("deadline", "Hạn chót"),
        Column("owner", "Phụ trách"),
        Column("basis", "Căn cứ"),
        Column("notes", "Ghi chú"),
    ),
)

SHEETS: tuple[SheetSpec, ...] = (REGISTER, MEMBERS, QUOTA, SETTINGS, CALENDAR, FINDINGS)


GUIDE_SHEET = "Hướng dẫn"  # the first sheet of `chibo new` and of the sample: how to use the workbook; never read


def plan_sheet_name(year: int) -> str:
    """The name of the plan sheet a refresh creates for `year` ("Kế hoạch 2027")."""
    return f"{PLAN_TABLE.name} {year}"


def plan_sheet(year: int) -> SheetSpec:
    """PLAN_TABLE named for `year`, with the spellings committees use as aliases."""
    return replace(
        PLAN_TABLE,
        name=plan_sheet_name(year),
        aliases=(f"Kế hoạch năm {year}", f"KH {year}", f"KH năm {year}", f"KH{year}"),
    )


def is_plan_sheet(sheet_name: str, year: int) -> bool:
    """True when `sheet_name` is a plan sheet of `year` ("Kế hoạch 2027", "KE HOACH  2027", "KH 2027")."""
    return fold(sheet_name) in {fold(name) for name in plan_sheet(year).names}


def schedule_sheet_name(year: int) -> str:
    """The name of the detailed schedule of `year` ("Lịch 2027")."""
    return f"{SCHEDULE.name} {year}"
