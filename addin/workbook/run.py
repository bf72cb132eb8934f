"""One run over a workbook: read its grids, apply the rules, and say what to write back.

Both fronts call this: the file front (`chibo check/refresh`) and the Excel buttons. What to
write comes back as neutral sheet updates, so both fronts write the same cells.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from addin.errors import WorkbookFormatError
from addin.rules import coverage
from addin.rules.calendar import WorkCalendar
from addin.rules.checks import Context, assess_register
from addin.rules.findings import Finding, Severity
from addin.rules.plan import plan_tasks
from addin.rules.plan_outline import year_plan
from addin.rules.quota import QuotaRow, quota_rows, stage_times
from addin.rules.stages import Stage, Status, settled_member
from addin.rules.text import fold
from addin.rules.timeline import Timeline, build_timelines

from .book import BookData, BookInput, plan_year, read_book, reference_date
from .guard import check_updates
from .new_sheets import settings_update, table_update
from .outputs import findings_update, register_update
from .quota_sheet import STAGES_NAME, quota_updates, read_targets
from .schema import CALENDAR, FINDINGS, QUOTA, SETTINGS, is_plan_sheet, schedule_sheet_name
from .tables import Table, clean_value, find_sheet, ref_box
from .updates import SheetUpdate


class Part(StrEnum):
    """What a run writes: the findings, the quota, the plan (a button does one, a refresh all)."""

    CHECK = "check"
    QUOTA = "quota"
    PLAN = "plan"


PARTS = tuple(Part)


@dataclass(frozen=True)
class RunResult:
    as_of: dt.date
    year: int
    data: BookData
    calendar: WorkCalendar
    findings: tuple[Finding, ...]
    timelines: Mapping[int, Timeline]  # by register row: each person's story, which every output renders
    tables: Mapping[str, Table]  # sheet name → table, to locate findings
    quota: tuple[QuotaRow, ...]  # one row per year of `Chỉ tiêu`

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


def evaluate(book: BookInput, *, as_of: dt.date | None = None, year: int | None = None,
             today: dt.date | None = None) -> RunResult:
    """Read the workbook and apply every rule; nothing is written."""
    data = read_book(book)
    day = reference_date(data, as_of, today)
    calendar = WorkCalendar(data.overrides, culture_day_off=data.settings.param("HOL", "culture_day_off"))
    fields = frozenset(data.register.columns)  # an absent column is unknown: rules needing it are not run
    ctx = Context(settings=data.settings, calendar=calendar, as_of=day, members=data.members,
                  members_present=data.members_table is not None, sheet=data.register.sheet, fields=fields)
    unreadable = {(f.sheet, f.row, f.column) for f in data.findings}
    checked, assessments = assess_register(data.candidates, ctx)
    findings = list(data.findings) + coverage.applicable(
        (f for f in checked
         if not (f.rule == "REQUIRED_FIELD" and (f.sheet, f.row, f.column) in unreadable)),  # said once: unreadable
        data.candidates, fields, data.register.sheet)
    note = coverage.unchecked_note(data.candidates, fields, data.register.sheet)
    findings += [note] if note else []
    kept = {(f.row, f.rule) for f in findings if f.sheet == data.register.sheet}
    halts = {row: a.halt if a.halt and (row, a.halt.rule) in kept else None for row, a in assessments.items()}
    tables = {t.sheet: t for t in (data.register, data.members_table, data.quota_table) if t is not None}
    timelines = build_timelines(data.candidates, assessments, halts, ctx, fields)
    timelines = {row: _as_official(t) if settled_member(t.candidate, fields, data.settings, calendar, day) else t
                 for row, t in timelines.items()}
    labels = {t.row: t.label for t in timelines.values() if t.label != t.name}  # namesakes told apart
    if labels:
        findings = [replace(f, person=labels[f.row]) if f.sheet == data.register.sheet and f.row in labels else f
                    for f in findings]
    targets = read_targets(data.quota_table) if data.quota_table else []
    return RunResult(
        as_of=day,
        year=plan_year(data, year, day),
        data=data,
        calendar=calendar,
        findings=tuple(findings),
        timelines=timelines,
        tables=tables,
        quota=tuple(quota_rows(targets, list(timelines.values()), data.settings, calendar, day)),
    )


def _as_official(t: Timeline) -> Timeline:
    """A member a list shows as official (issue 18 §5): no step to do, no deadline, nothing halted."""
    return replace(t, stage=Stage.OFFICIAL, state=Stage.OFFICIAL.label, since=None, todo=(), halt=None,
                   status=Status.NONE)


def updates(result: RunResult, book: BookInput, parts: Collection[str] = PARTS) -> list[SheetUpdate]:
    """The sheet updates for the chosen parts of a run ("check", "quota", "plan"), checked by the guard:
    WouldOverwrite when one would land on a user's cell or merged range (nothing is written then)."""
    out: list[SheetUpdate] = []
    data = result.data
    register = data.register.sheet
    if Part.CHECK in parts:
        out.append(register_update(data.register, book.grids[register], book.merged(register), result.timelines,
                                   result.findings))
        sheet = find_sheet(list(book.grids), FINDINGS)
        out.append(findings_update(result.findings, result.tables, sheet, book.grids.get(sheet) if sheet else None,
                                   data.settings, result.as_of))
    if Part.QUOTA in parts:
        stages = stage_times(result.timelines.values(), data.settings, result.as_of)
        quota_sheet = data.sheets.get(QUOTA.key) or QUOTA.name
        out.append(quota_updates(data.quota_table, result.quota, quota_sheet,
                                 stages=stages, as_of=result.as_of, stages_ref=book.names.get(STAGES_NAME),
                                 grid=book.grids.get(quota_sheet), merges=book.merged(quota_sheet),
                                 settings=data.settings))
    if Part.PLAN in parts:
        out.extend(_plan_updates(result, book))
    if set(parts) == set(PARTS):
        out.extend(_missing_sheets(data))
    check_updates(book, out)
    return out


def _plan_updates(result: RunResult, book: BookInput) -> list[SheetUpdate]:
    """The plan document of the run's year (in the committee's own sheet when it has one) and its appendix `Lịch <năm>`."""
    from .plan_sheet import owned_name, plan_updates  # refresh only: `check` does not build the plan
    from .schedule_sheet import schedule_name, schedule_update

    data = result.data
    timelines = list(result.timelines.values())
    tasks = plan_tasks(result.year, timelines, data.settings, result.calendar, result.as_of)
    quota_row = next((q for q in result.quota if q.year == result.year), None)
    plan = year_plan(result.year, result.as_of, tasks, timelines, quota_row, data.settings,
                     youth_known="youth_member" in data.register.columns)
    sheet = next((name for name in book.grids if is_plan_sheet(name, result.year)), None)
    existing = (sheet, book.grids[sheet]) if sheet and book.grids[sheet] else None
    schedule_ref = book.names.get(schedule_name(result.year))
    previous = ref_box(schedule_ref) if schedule_ref else None
    _refuse_foreign_schedule(book, schedule_sheet_name(result.year), previous is not None)
    return [
        plan_updates(plan, data.settings, existing, book.names.get(owned_name(result.year))),
        schedule_update(plan, data.settings, previous),
    ]


def _refuse_foreign_schedule(book: BookInput, name: str, ours: bool) -> None:
    """A sheet named like the appendix that chibo did not write is the committee's: never write over it."""
    sheet = next((s for s in book.grids if fold(s) == fold(name)), None)
    if sheet is None or ours:
        return
    if any(clean_value(v) is not None for line in book.grids[sheet] for v in line):
        raise WorkbookFormatError(
            f"Sheet '{sheet}' đã có nội dung không do chibo ghi, nên chibo không ghi lịch thực hiện chi tiết vào đó. "
            f"Hãy đổi tên sheet '{sheet}' (hoặc xóa nếu không cần) rồi chạy lại; tệp chưa bị thay đổi.")


def _missing_sheets(data: BookData) -> list[SheetUpdate]:
    """`Cài đặt` and `Ngày nghỉ` as `chibo new` makes them, when the workbook lacks them (the quota part makes
    `Chỉ tiêu`); `Năm kế hoạch` stays empty, so the plan year keeps following the reference date."""
    out = []
    if data.sheets.get(SETTINGS.key) is None:
        out.append(settings_update(None))
    if data.sheets.get(CALENDAR.key) is None:
        out.append(table_update(CALENDAR))
    return out
