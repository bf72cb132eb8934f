"""The `Thống kê` sheet of `chibo summary`: the breakdowns the đảng ủy's statistics forms ask for.

HD 11-HD/BTCTW (13/12/2021), the basic statistics forms of party organisation work, count the
members admitted in the year by sex, age, ethnicity, religion, education and Youth Union
membership; the candidates are counted by stage of the procedure. Each cell's people are
reduced to `PersonFacts` where its workbook is read; the counting (pandas) happens only when
the report is written.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from addin.rules.calendar import completed_months
from addin.rules.stages import Stage
from addin.rules.text import fold
from addin.rules.values import Education, PartialDate, split_education
from addin.workbook.outputs import LINE_HEIGHT
from addin.workbook.text_metrics import printed_lines
from addin.workbook.updates import FONT, Block, Cell, CellStyle, PageSetup, SheetUpdate

if TYPE_CHECKING:
    from addin.workbook.run import RunResult

STATISTICS_SHEET = "Thống kê"
MARGINS_MM = (19.05, 19.05, 17.78, 17.78)  # top, bottom, left, right: Excel's "Normal" margins


class CellPeople(Protocol):
    """What the `Thống kê` sheet needs of one cell's summary (no import of summary: no circle)."""

    @property
    def cell(self) -> str: ...

    @property
    def people(self) -> tuple[PersonFacts, ...]: ...

UNKNOWN = "không rõ"
SOURCE_NOTE = "Theo biểu mẫu thống kê cơ bản về công tác tổ chức xây dựng Đảng (Hướng dẫn 11-HD/BTCTW ngày 13/12/2021)."
AGE_BANDS = ((18, 30), (31, 40), (41, 50), (51, 60))  # then "trên 60"
SCHOOL_LABELS = {
    Education.NONE: "Chưa hết tiểu học", Education.PRIMARY: "Tiểu học", Education.LOWER_SECONDARY: "Trung học cơ sở",
    Education.UPPER_SECONDARY: "Trung học phổ thông",
}
QUALIFICATION_LABELS = {
    Education.VOCATIONAL: "Trung cấp", Education.COLLEGE: "Cao đẳng", Education.UNIVERSITY: "Đại học",
    Education.MASTER: "Thạc sĩ", Education.DOCTOR: "Tiến sĩ",
}
NO_QUALIFICATION = "Chưa qua đào tạo chuyên môn"
PIPELINE = tuple(s for s in Stage if s < Stage.PROBATIONARY)


@dataclass(frozen=True)
class PersonFacts:
    """What the statistics count of one register row; UNKNOWN where the register is silent."""

    admitted_in_year: bool
    in_pipeline: bool  # not yet admitted and not yet probationary (as `Chỉ tiêu` counts the pipeline)
    stage: Stage
    gender: str
    age_band: str
    ethnicity: str
    religion: str
    school: str  # general education (THCS, THPT…)
    qualification: str  # professional qualification (trung cấp … tiến sĩ)
    youth_member: str


def _age_band(dob: dt.date | PartialDate | None, on: dt.date | None) -> str:
    """The age band on the admission date; UNKNOWN when a partial birth date leaves it open."""
    if dob is None or on is None:
        return UNKNOWN
    bounds = (dob.earliest(), dob.latest()) if isinstance(dob, PartialDate) else (dob, dob)
    bands = {_band(completed_months(born, on) // 12) for born in bounds}
    return bands.pop() if len(bands) == 1 else UNKNOWN


def _band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"Từ {low} đến {high} tuổi"
    return "Trên 60 tuổi" if age > AGE_BANDS[-1][1] else "Dưới 18 tuổi"


def _gender(text: str) -> str:
    return {"nam": "Nam", "nu": "Nữ"}.get(fold(text), UNKNOWN)


def _education(text: str, has_column: bool) -> tuple[str, str]:
    """(school level, qualification) as the forms count them; UNKNOWN where the register is silent."""
    if not has_column or not text:
        return UNKNOWN, UNKNOWN
    school, trained = split_education(text)
    return (SCHOOL_LABELS[school] if school is not None else UNKNOWN,
            QUALIFICATION_LABELS[trained] if trained is not None else NO_QUALIFICATION)


def people_facts(result: RunResult) -> tuple[PersonFacts, ...]:
    """Every register row of a run as the facts the statistics count, read off its timeline."""
    data = result.data
    raw = {line.row: line.values for line in data.register.rows}
    has_education = "education" in data.register.columns
    facts = []
    for t in result.timelines.values():
        c = t.candidate
        values = raw.get(c.row, {})
        youth = values.get("youth_member")
        school, qualification = _education(c.education_text, has_education)
        facts.append(PersonFacts(
            admitted_in_year=t.admitted is not None and t.admitted.year == result.year and t.admitted <= result.as_of,
            in_pipeline=t.in_pipeline,
            stage=t.stage,
            gender=_gender(c.gender),
            age_band=_age_band(c.dob, t.admitted),
            ethnicity=c.ethnicity or UNKNOWN,
            religion=c.religion or UNKNOWN,
            school=school,
            qualification=qualification,
            youth_member=UNKNOWN if youth is None or youth == "" else ("Đoàn viên" if c.youth_member else "Không là đoàn viên"),
        ))
    return tuple(facts)


@dataclass(frozen=True)
class Breakdown:
    """One table of the sheet: who is counted and by which fact, in which fixed order of categories."""

    title: str
    counted: Callable[[PersonFacts], bool]
    fact: Callable[[PersonFacts], str]
    order: tuple[str, ...] = ()  # fixed categories first; others found in the data follow
    may_be_unknown: bool = True  # a `không rõ` column


def _admitted(p: PersonFacts) -> bool:
    return p.admitted_in_year


def _in_pipeline(p: PersonFacts) -> bool:
    return p.in_pipeline


BREAKDOWNS = (
    Breakdown("Đảng viên mới kết nạp trong năm, chia theo giới tính", _admitted, lambda p: p.gender, ("Nam", "Nữ")),
    Breakdown("Đảng viên mới kết nạp trong năm, chia theo tuổi đời (tại ngày kết nạp)", _admitted, lambda p: p.age_band,
              ("Dưới 18 tuổi", *(f"Từ {lo} đến {hi} tuổi" for lo, hi in AGE_BANDS), "Trên 60 tuổi")),
    Breakdown("Đảng viên mới kết nạp trong năm, chia theo dân tộc", _admitted, lambda p: p.ethnicity),
    Breakdown("Đảng viên mới kết nạp trong năm, chia theo tôn giáo", _admitted, lambda p: p.religion),
    Breakdown("Đảng viên mới kết nạp trong năm, chia theo trình độ giáo dục phổ thông", _admitted, lambda p: p.school,
              tuple(SCHOOL_LABELS.values())),
    Breakdown("Đảng viên mới kết nạp trong năm, chia theo trình độ chuyên môn", _admitted, lambda p: p.qualification,
              (*QUALIFICATION_LABELS.values(), NO_QUALIFICATION)),
    Breakdown("Đảng viên mới kết nạp trong năm là đoàn viên", _admitted, lambda p: p.youth_member,
              ("Đoàn viên", "Không là đoàn viên")),
    Breakdown("Quần chúng trong quy trình, chia theo giai đoạn", _in_pipeline, lambda p: p.stage.label,
              tuple(s.label for s in PIPELINE), may_be_unknown=False),
)


def breakdown_table(cells: Sequence[tuple[str, Sequence[PersonFacts]]], breakdown: Breakdown):
    """A DataFrame: one row per cell and a `Tổng cộng` row, one column per category and `Tổng số`.

    Fixed categories always show (zeros included), categories found in the data follow by
    frequency, `không rõ` last."""
    import pandas as pd

    rows = [(i, breakdown.fact(p)) for i, (_, people) in enumerate(cells) for p in people if breakdown.counted(p)]
    frame = pd.DataFrame(rows, columns=["cell", "category"])
    found = frame["category"].value_counts()
    extra = sorted((c for c in found.index if c not in breakdown.order and c != UNKNOWN), key=lambda c: (-found[c], c))
    categories = [*breakdown.order, *extra, *([UNKNOWN] if breakdown.may_be_unknown else [])]
    frame["cell"] = pd.Categorical(frame["cell"], categories=range(len(cells)))
    frame["category"] = pd.Categorical(frame["category"], categories=categories)
    table = frame.groupby(["cell", "category"], observed=False).size().unstack(fill_value=0)
    table.index = [name for name, _ in cells]
    table["Tổng số"] = table.sum(axis=1)
    table.loc["Tổng cộng"] = table.sum()
    return table


NAME_WIDTH, COUNT_WIDTH = 30.0, 12.0  # characters: a cell's name; a count under a category


def statistics_update(results: Sequence[CellPeople], year: int | None) -> SheetUpdate:
    """The `Thống kê` sheet: a title, the source, then one table per breakdown."""
    base = CellStyle(font_name=FONT, font_size=12, border=True, v_align="top", wrap=True)
    head = replace(base, bold=True, h_align="center", v_align="center", fill="#DDEBF7")
    total = replace(base, bold=True)
    cells = [(s.cell, s.people) for s in results]
    blocks = [Block(1, 1, ((Cell(f"THỐNG KÊ PHÁT TRIỂN ĐẢNG VIÊN{f' NĂM {year}' if year else ''}",
                                 CellStyle(font_name=FONT, font_size=14, bold=True)),),
                           (Cell(SOURCE_NOTE, CellStyle(font_name=FONT, font_size=11, italic=True)),)))]
    row, widest = 4, 1
    widths = {1: NAME_WIDTH, **{c: COUNT_WIDTH for c in range(2, 30)}}
    heights: dict[int, float] = {}
    for number, breakdown in enumerate(BREAKDOWNS, 1):
        table = breakdown_table(cells, breakdown)
        lines: list[tuple[Cell, ...]] = [(Cell(f"{number}. {breakdown.title}", CellStyle(font_name=FONT, font_size=12,
                                                                                        bold=True)),),
                                         tuple(Cell(str(h), head) for h in ["Chi bộ", *table.columns])]
        for i, (name, counts) in enumerate(table.iterrows()):
            style = total if i == len(table) - 1 else base
            lines.append((Cell(str(name), style), *(Cell(int(n), style) for n in counts)))
        blocks.append(Block(row, 1, tuple(lines)))
        for offset, line in enumerate(lines[1:], 1):  # each header and cell name whole: rows as tall as their text
            heights[row + offset] = LINE_HEIGHT * max(
                printed_lines(c.value, widths[j], 12, bold=offset == 1) for j, c in enumerate(line, 1))
        widest = max(widest, len(table.columns))
        row += len(table) + 3
    return SheetUpdate(
        sheet=STATISTICS_SHEET,
        blocks=tuple(blocks),
        column_widths={c: widths[c] for c in range(1, widest + 2)},
        row_heights=heights,
        page_setup=PageSetup(landscape=True, margins_mm=MARGINS_MM, fit_to_width=True),  # the widest table across
    )
