"""The workbook format of DESIGN §2: sheet names, header texts and their aliases.

This is the only module that spells them. Keys are stable English identifiers; headers are
what a refresh writes; aliases are other spellings accepted when reading. Matching is done
on `addin.rules.text.fold` keys, so accents, case and spacing never matter.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from addin.rules.text import fold


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its key, the header chibo writes and the other accepted headers."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class SheetSpec:
    """A sheet: its name and aliases, the user's columns and the output columns chibo owns."""

    key: str
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    owned_columns: tuple[Column, ...] = ()
    required_keys: tuple[str, ...] = ()

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


REGISTER = SheetSpec(
    key="register",
    name="Theo dõi",
    aliases=("Theo doi", "Quần chúng", "Danh sách quần chúng", "Nguồn phát triển"),
    columns=(
        Column("stt", "STT", ("TT", "Số TT")),
        Column("name", "Họ và tên", ("Họ tên", "Họ và tên quần chúng")),
        Column("dob", "Ngày sinh", ("Ngày tháng năm sinh", "Sinh ngày")),
        Column("gender", "Giới tính", ("Nam/Nữ",)),
        Column("ethnicity", "Dân tộc"),
        Column("religion", "Tôn giáo"),
        Column("education", "Trình độ học vấn", ("Học vấn", "Trình độ văn hóa", "Văn hóa")),
        Column("edu_exception", "Ngoại lệ học vấn"),  # Có/Không: remote-area exception
        Column("unit", "Chức vụ, đơn vị", ("Chức vụ", "Đơn vị", "Đơn vị công tác")),
        Column("unit_since", "Ngày về đơn vị", ("Ngày vào cơ quan", "Ngày vào làm việc")),
        Column("youth_member", "Đoàn viên", ("Là đoàn viên",)),
        Column("source_date", "Ngày vào nguồn", ("Ngày cảm tình Đảng",)),
        Column("helper", "Đảng viên giúp đỡ", ("Người giúp đỡ", "Đảng viên được phân công")),
        Column(
            "course_date",
            "Ngày cấp GCN lớp nhận thức",
            ("Lớp nhận thức về Đảng", "GCN nhận thức"),
        ),
        Column("application_date", "Ngày làm đơn", ("Đơn xin vào Đảng", "Ngày viết đơn")),
        Column("cv_date", "Ngày khai lý lịch", ("Lý lịch",)),
        Column("verification_date", "Ngày thẩm tra lý lịch", ("Thẩm tra lý lịch",)),
        Column("introducer_1", "Người giới thiệu 1", ("Đảng viên giới thiệu 1",)),
        Column("introducer_2", "Người giới thiệu 2", ("Đảng viên giới thiệu 2",)),
        Column(
            "union_intro_date",
            "Ngày NQ giới thiệu của Đoàn/Công đoàn",
            ("Đoàn giới thiệu", "Công đoàn giới thiệu"),
        ),
        Column(
            "opinions_date",
            "Ngày tổng hợp nhận xét",
            ("Tổng hợp nhận xét", "Nhận xét nơi cư trú"),
        ),
        Column(
            "cell_vote_date",
            "Ngày chi bộ xét kết nạp",
            ("Chi bộ xét kết nạp", "Ngày NQ chi bộ"),
        ),
        Column("cell_vote_yes", "Số tán thành", ("Số đồng ý",)),
        Column("cell_vote_total", "Tổng số đảng viên chính thức"),  # else from `Đảng viên`
        Column("committee_date", "Ngày đảng ủy xét", ("Ngày NQ đảng ủy",)),
        Column(
            "decision_date",
            "Ngày quyết định kết nạp",
            ("Ngày QĐ kết nạp", "Quyết định kết nạp"),
        ),
        Column("decision_no", "Số quyết định"),
        Column("decision_received_date", "Ngày nhận quyết định"),  # else decision_date
        Column("ceremony_date", "Ngày lễ kết nạp", ("Lễ kết nạp",)),
        Column("new_member_course_date", "Ngày cấp GCN lớp đảng viên mới", ("Lớp đảng viên mới",)),
        Column("recognition_vote_date", "Ngày chi bộ xét chính thức", ("Xét chuyển chính thức",)),
        Column("recognition_vote_yes", "Số tán thành chính thức"),
        Column(
            "recognition_date",
            "Ngày quyết định chính thức",
            ("Quyết định công nhận chính thức",),
        ),
        Column("expected", "Dự kiến kết nạp", ("Dự kiến", "Thời gian dự kiến kết nạp")),
        Column("notes", "Ghi chú"),
    ),
    owned_columns=(
        Column("stage", "Giai đoạn"),
        Column("check_result", "Kết quả kiểm tra"),
        Column("next_step", "Việc tiếp theo"),
        Column("deadline", "Hạn"),
    ),
    required_keys=("name",),
)

MEMBERS = SheetSpec(
    key="members",
    name="Đảng viên",
    aliases=("Dang vien", "Danh sách đảng viên"),
    columns=(
        Column("stt", "STT", ("TT", "Số TT")),
        Column("name", "Họ và tên", ("Họ tên",)),
        Column("dob", "Ngày sinh", ("Ngày tháng năm sinh", "Sinh ngày")),
        Column("gender", "Giới tính", ("Nam/Nữ",)),
        Column("admitted", "Ngày vào Đảng"),  # date of the admission decision
        Column("official", "Ngày chính thức"),  # empty = probationary
        Column("arrived", "Ngày về chi bộ", ("Ngày chuyển đến",)),
        Column("left", "Ngày chuyển đi"),  # empty = still in the cell
        Column("exempt", "Miễn sinh hoạt"),
        Column("attached_elsewhere", "Sinh hoạt tạm thời nơi khác"),
        Column("notes", "Ghi chú"),
    ),
    required_keys=("name",),
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
        Column("rule", "Mã"),
        Column("sheet", "Sheet"),
        Column("cell", "Ô"),
        Column("person", "Họ và tên"),
        Column("message", "Nội dung"),
        Column("source", "Căn cứ"),
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
        Column("start", "Từ ngày"),
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
