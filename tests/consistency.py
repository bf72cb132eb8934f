"""Read every output of one register back, as a secretary reads them side by side, and list what contradicts.

The outputs are read from the files (openpyxl for the workbook and the summary, icalendar for the phone
calendar, python-docx for the drafts), never from chibo's objects, so a contradiction between two renderings
is seen as a reader sees it. `contradictions` is the cross-output check of issue 16 §5; each rule it applies
is written here from the documents' text, not from the code that produced them.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import docx
import icalendar
import openpyxl

DATE = r"(\d{2}/\d{2}/\d{4})"
VOTE_STEP = "Chi bộ họp xét, đề nghị kết nạp"
RECOGNITION_VOTE_STEP = "Chi bộ xét, đề nghị công nhận đảng viên chính thức"
OPINIONS_STEP = "Lấy nhận xét của đoàn thể, chi ủy nơi cư trú; tổng hợp nhận xét"
RECOGNITION_OPINIONS_STEP = "Lấy nhận xét của đoàn thể, chi ủy nơi cư trú đối với đảng viên dự bị; tổng hợp nhận xét"
FAILED_ADMISSION = "Chi bộ xét kết nạp không đạt"
FAILED_RECOGNITION = "Xét chuyển chính thức không đạt"


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text)).strip() if text is not None else ""


def day_of(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(DATE, value.strip()):
        return day_of(value.strip())
    return None


@dataclass(frozen=True)
class RegisterRow:
    name: str
    state: str
    next_step: str
    due: dt.date | None
    cell_vote: dt.date | None
    cell_vote_yes: int | None
    ceremony: dt.date | None
    recognition_vote: dt.date | None
    recognition_vote_yes: int | None


@dataclass(frozen=True)
class Step:
    """A row of `Lịch <năm>`: one person's step, its planned day (None: it waits) and legal deadline."""

    person: str
    content: str
    day: dt.date | None
    deadline: dt.date | None
    waits_for: str
    overdue: bool


@dataclass(frozen=True)
class PlanLine:
    content: str
    people: tuple[str, ...]
    time: str
    deadline: str


@dataclass(frozen=True)
class Event:
    kind: str  # "Kế hoạch", "Quá hạn", "Hạn"
    content: str
    person: str
    day: dt.date


@dataclass(frozen=True)
class Draft:
    form: str
    person: str
    day: dt.date
    text: str


@dataclass
class Outputs:
    year: int
    register: dict[str, RegisterRow] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    plan: list[PlanLine] = field(default_factory=list)
    plan_expected: tuple[str, ...] = ()  # II.1: the people expected to be admitted in the year
    plan_sources: dict[str, str] = field(default_factory=dict)  # III: name → `Dự kiến kết nạp`
    quota: dict[str, object] = field(default_factory=dict)  # `Chỉ tiêu`'s row of the plan year, by header
    stage_table: dict[str, str] = field(default_factory=dict)  # `Chỉ tiêu`'s days in stage: name → stage
    events: list[Event] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    summary: dict[str, object] = field(default_factory=dict)  # the cell's row of `Tổng hợp`, by header


def _header_row(ws, first: str, limit: int = 12) -> tuple[int, dict[str, int]]:
    for r in range(1, limit + 1):
        values = [nfc(ws.cell(r, c).value) for c in range(1, ws.max_column + 1)]
        if first in values:
            return r, {v: c for c, v in enumerate(values, start=1) if v}
    raise AssertionError(f"no header '{first}' in {ws.title}")


def read_register(ws) -> dict[str, RegisterRow]:
    top, cols = _header_row(ws, "Họ và tên")

    def get(r: int, header: str) -> object:
        return ws.cell(r, cols[header]).value if header in cols else None

    found = {}
    for r in range(top + 1, ws.max_row + 1):
        name = nfc(get(r, "Họ và tên"))
        if not name:
            continue
        yes, recog_yes = get(r, "Số tán thành"), get(r, "Số tán thành chính thức")
        found[name] = RegisterRow(
            name=name, state=nfc(get(r, "Giai đoạn")), next_step=nfc(get(r, "Việc tiếp theo")), due=as_date(get(r, "Hạn")),
            cell_vote=as_date(get(r, "Ngày chi bộ xét kết nạp")), cell_vote_yes=yes if isinstance(yes, int) else None,
            ceremony=as_date(get(r, "Ngày lễ kết nạp")),
            recognition_vote=as_date(get(r, "Ngày chi bộ xét chính thức")),
            recognition_vote_yes=recog_yes if isinstance(recog_yes, int) else None)
    return found


def read_schedule(ws) -> list[Step]:
    top, cols = _header_row(ws, "Họ và tên")
    found, overdue = [], False
    for r in range(top + 1, ws.max_row + 1):
        first, person = nfc(ws.cell(r, 1).value), nfc(ws.cell(r, cols["Họ và tên"]).value)
        if first and not person:  # a block's title row
            overdue = first.startswith("Việc đã quá hạn")
            continue
        if not person or person == "Chi bộ":
            continue
        when = ws.cell(r, cols["Ngày thực hiện"]).value
        found.append(Step(person, nfc(ws.cell(r, cols["Nội dung công việc"]).value), as_date(when),
                          as_date(ws.cell(r, cols["Hạn chót"]).value), "" if as_date(when) else nfc(when), overdue))
    return found


def read_plan(ws, year: int) -> tuple[list[PlanLine], tuple[str, ...], dict[str, str]]:
    rows = [[nfc(c.value) for c in row] for row in ws.iter_rows()]
    text = " ".join(v for row in rows for v in row if v)  # a paragraph runs over rows, one line each
    expected: tuple[str, ...] = ()
    if m := re.search(r"Dự kiến xét, kết nạp trong năm (\d+) quần chúng: ([^.]*)\.", text):
        expected = tuple(n.strip() for n in m.group(2).split(","))
        assert len(expected) == int(m.group(1)), m.group(0)
    sources, lines = {}, []
    table = next((r for r, row in enumerate(rows) if "Dự kiến kết nạp" in row), None)
    work = next(r for r, row in enumerate(rows) if "Nội dung công việc" in row)
    if table is not None:
        for row in rows[table + 1:work]:
            if row[0].isdigit():
                sources[row[1]] = row[7]
    header = rows[work]
    at = {h: i for i, h in enumerate(header) if h}
    for row in rows[work + 1:]:
        if row[0].startswith("V. "):
            break
        if not row[0].isdigit():
            continue
        people = tuple(p.strip() for p in row[at["Đối tượng"]].split(",") if p.strip())
        lines.append(PlanLine(row[at["Nội dung công việc"]], people, row[at["Thời gian thực hiện"]], row[at["Hạn chót"]]))
    return lines, expected, sources


def read_quota(ws, year: int) -> tuple[dict[str, object], dict[str, str]]:
    top = next((r[0].row for r in ws.iter_rows(max_row=15) if r[0].value == "Năm"), 1)  # under the title (issue 17)
    header = [nfc(c.value) for c in ws[top]]
    row = next(([c.value for c in r] for r in ws.iter_rows(min_row=top + 1) if r[0].value == year), [])
    quota = {h: v for h, v in zip(header, row) if h}
    stages: dict[str, str] = {}
    for r in ws.iter_rows():
        cells = [nfc(c.value) for c in r]
        if "Họ và tên" in cells and "Giai đoạn" in cells:
            name_at, stage_at = cells.index("Họ và tên"), cells.index("Giai đoạn")
            for below in ws.iter_rows(min_row=r[0].row + 1):
                name = nfc(below[name_at].value)
                if name:
                    stages[name] = nfc(below[stage_at].value)
            break
    return quota, stages


def read_events(ics: Path) -> list[Event]:
    found = []
    for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
        summary = nfc(e.get("summary"))
        m = re.fullmatch(r"(Kế hoạch|Quá hạn|Hạn): (.*) – (.*)", summary)
        if m:
            found.append(Event(m.group(1), m.group(2), m.group(3), e.get("dtstart").dt))
    return found


def read_drafts(folder: Path) -> list[Draft]:
    found = []
    for path in sorted(folder.glob("*.docx")):
        m = re.fullmatch(r"(\d+-KNĐ|Phân công giúp đỡ) (.*) (\d{4}-\d{2}-\d{2})", nfc(path.stem))
        assert m, path.name
        text = " ".join(p.text for p in docx.Document(str(path)).paragraphs)
        found.append(Draft(m.group(1), m.group(2), dt.date.fromisoformat(m.group(3)), " ".join(text.split())))
    return found


def read_summary(path: Path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    top, cols = _header_row(ws, "Chi bộ")
    row = [c.value for c in ws[top + 1]]
    return {h: row[c - 1] for h, c in cols.items()}


def read_outputs(workbook: Path, year: int, ics: Path, drafts: Path, summary: Path) -> Outputs:
    book = openpyxl.load_workbook(workbook)
    register = next(ws for ws in book if ws.title not in ("Hướng dẫn",) and "Việc tiếp theo" in
                    [nfc(c.value) for row in ws.iter_rows(max_row=12) for c in row])
    plan, expected, sources = read_plan(book[f"Kế hoạch {year}"], year)
    quota, stages = read_quota(book["Chỉ tiêu"], year) if "Chỉ tiêu" in book.sheetnames else ({}, {})
    return Outputs(year=year, register=read_register(register), steps=read_schedule(book[f"Lịch {year}"]),
                   plan=plan, plan_expected=expected, plan_sources=sources, quota=quota, stage_table=stages,
                   events=read_events(ics), drafts=read_drafts(drafts), summary=read_summary(summary))


# ---------------------------------------------------------------- the checks

def _month(day: dt.date) -> str:
    return f"Tháng {day.month:02d}/{day.year}"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _step(o: Outputs, person: str, content: str) -> Step | None:
    return next((s for s in o.steps if s.person == person and s.content == content), None)


def check_register_next_step(o: Outputs) -> Iterable[str]:
    """`Việc tiếp theo` names a step of `Lịch` on the same day, and `Hạn` is that step's deadline."""
    for r in o.register.values():
        text = r.next_step
        if not text or text.startswith("Đảng viên chính thức từ ngày"):
            continue
        if m := re.fullmatch(rf"(.*) \(dự kiến {DATE}\)", text):
            content, day, overdue = m.group(1), day_of(m.group(2)), False
        elif m := re.fullmatch(rf"(.*) \(quá hạn {DATE}: .*\)", text):
            content, day, overdue = m.group(1), None, True
        elif m := re.fullmatch(r"(.*) \(((?:sau khi |chưa rõ).*)\)", text):  # waits, or the register cannot tell
            content, day, overdue = m.group(1), None, False
        else:
            yield f"{r.name}: Việc tiếp theo không đọc được: {text!r}"
            continue
        step = _step(o, r.name, content)
        if step is None:
            if day is None or day.year <= o.year:
                yield f"{r.name}: '{content}' ở Việc tiếp theo không có trong Lịch {o.year}"
            continue
        if day is not None and step.day != day:
            yield f"{r.name}: '{content}' dự kiến {day} ở sổ, {step.day} ở Lịch"
        if overdue and not step.overdue:
            yield f"{r.name}: '{content}' quá hạn ở sổ nhưng không ở khối quá hạn của Lịch"
        if r.due != step.deadline:
            yield f"{r.name}: Hạn {r.due} ở sổ, hạn chót của '{content}' ở Lịch là {step.deadline}"


def check_schedule_and_calendar(o: Outputs) -> Iterable[str]:
    """Every dated step of `Lịch` is an event of the phone calendar on the same day, and back."""
    planned = {(e.person, e.content): e for e in o.events if e.kind in ("Kế hoạch", "Quá hạn")}
    for s in o.steps:
        if s.day is None:
            continue
        e = planned.get((s.person, s.content))
        if e is None:
            yield f"{s.person}: '{s.content}' ({s.day}) ở Lịch không có trong lịch điện thoại"
        elif e.day != s.day:
            yield f"{s.person}: '{s.content}' ngày {s.day} ở Lịch, {e.day} ở lịch điện thoại"
        elif (e.kind == "Quá hạn") != s.overdue:
            yield f"{s.person}: '{s.content}' quá hạn ở một nơi, không ở nơi kia"
    dated = {(s.person, s.content) for s in o.steps if s.day is not None}
    for (person, content), e in planned.items():
        if e.day.year <= o.year and (person, content) not in dated:
            yield f"{person}: '{content}' ({e.day}) ở lịch điện thoại không có trong Lịch {o.year}"
    deadlines = {(e.person, e.content): e.day for e in o.events if e.kind == "Hạn"}
    for s in o.steps:
        if (s.person, s.content) in deadlines and deadlines[(s.person, s.content)] != s.deadline:
            yield f"{s.person}: hạn của '{s.content}' {s.deadline} ở Lịch, {deadlines[(s.person, s.content)]} ở lịch điện thoại"


def check_schedule_and_plan(o: Outputs) -> Iterable[str]:
    """Every step of `Lịch` is in the plan's work table: its month (or what it waits for) and its deadline."""
    for s in o.steps:
        time = _month(s.day) if s.day else s.waits_for[:1].upper() + s.waits_for[1:]
        deadline = s.deadline.strftime("%d/%m/%Y") if s.deadline else ""
        if not any(line.content == s.content and s.person in line.people and line.time == time
                   and line.deadline == deadline for line in o.plan):
            yield f"{s.person}: '{s.content}' ({time}, hạn {deadline or 'không'}) ở Lịch không có trong kế hoạch"
    for line in o.plan:
        for person in line.people:
            if not any(s.person == person and s.content == line.content for s in o.steps):
                yield f"{person}: '{line.content}' ở kế hoạch không có trong Lịch"


def check_states(o: Outputs) -> Iterable[str]:
    """`Chỉ tiêu`'s days in stage shows each person in the state the register shows."""
    for name, stage in o.stage_table.items():
        if name not in o.register:
            yield f"{name}: có ở Chỉ tiêu, không có trong sổ"
        elif o.register[name].state != stage:
            yield f"{name}: giai đoạn '{o.register[name].state}' ở sổ, '{stage}' ở Chỉ tiêu"


def check_counts(o: Outputs) -> Iterable[str]:
    """The plan's II.1 and III, `Chỉ tiêu` and the summary count the same people."""
    expected_month = {n for n, when in o.plan_sources.items() if when.endswith(f"/{o.year}")}
    if set(o.plan_expected) != expected_month:
        yield f"II.1 dự kiến kết nạp {sorted(o.plan_expected)}, III dự kiến trong năm {sorted(expected_month)}"
    if o.quota and o.quota.get("Dự kiến kết nạp thêm") != len(o.plan_expected):
        yield f"Chỉ tiêu dự kiến kết nạp thêm {o.quota.get('Dự kiến kết nạp thêm')}, kế hoạch II.1 {len(o.plan_expected)}"
    if o.quota and o.quota.get("Đang trong quy trình") != len(o.plan_sources):
        yield f"Chỉ tiêu đang trong quy trình {o.quota.get('Đang trong quy trình')}, kế hoạch III {len(o.plan_sources)}"
    pairs = (("Đã kết nạp", "Đã kết nạp"), ("Đang trong quy trình", "Đang trong quy trình"),
             ("Đảng viên dự bị", "Đảng viên dự bị"), ("Quá hạn", "Quá hạn"))
    for ours, theirs in pairs:
        if o.quota and o.summary.get(ours) != o.quota.get(theirs):
            yield f"{ours}: {o.summary.get(ours)} ở báo cáo tổng hợp, {o.quota.get(theirs)} ở Chỉ tiêu"


def check_drafts(o: Outputs) -> Iterable[str]:
    """A resolution recommends only after a vote that passed, or is drafted for the vote's planned day; its
    count is the register's; a recognition paper never precedes the probation's end; a summary of opinions
    is on its step's day."""
    meetings = {"6-KNĐ": (VOTE_STEP, "cell_vote", "cell_vote_yes", FAILED_ADMISSION),
                "13-KNĐ": (RECOGNITION_VOTE_STEP, "recognition_vote", "recognition_vote_yes", FAILED_RECOGNITION)}
    for d in o.drafts:
        r = o.register.get(d.person)
        if r is None:
            yield f"{d.form} {d.person}: không có trong sổ"
            continue
        if d.form in meetings:
            step_name, held_field, yes_field, failed = meetings[d.form]
            held = getattr(r, held_field)
            if held == d.day:
                if r.state == failed:
                    yield f"{d.form} {d.person}: nghị quyết đề nghị sau cuộc biểu quyết không đạt ({held})"
                yes = getattr(r, yes_field)
                if yes is not None and f"là {yes} đồng chí" not in d.text:
                    yield f"{d.form} {d.person}: số tán thành khác sổ ({yes})"
            else:
                step = _step(o, d.person, step_name)
                if step is None or step.day != d.day:
                    yield f"{d.form} {d.person}: ngày {d.day}, Lịch {step.day if step else 'không có cuộc họp'}"
        if d.form in ("12-KNĐ", "13-KNĐ") and r.ceremony and d.day < _add_months(r.ceremony, 12):
            yield f"{d.form} {d.person}: ngày {d.day} trước khi hết 12 tháng dự bị"
        if d.form in ("5-KNĐ", "12-KNĐ"):
            step = _step(o, d.person, OPINIONS_STEP if d.form == "5-KNĐ" else RECOGNITION_OPINIONS_STEP)
            if step is not None and step.day != d.day:
                yield f"{d.form} {d.person}: ngày {d.day}, Lịch {step.day}"


CHECKS = (check_register_next_step, check_schedule_and_calendar, check_schedule_and_plan, check_states,
          check_counts, check_drafts)


def contradictions(o: Outputs) -> list[str]:
    return [problem for check in CHECKS for problem in check(o)]
