"""Deadlines and planned steps for a phone's calendar (`chibo lich`): all-day events with a reminder.

Each event has a UID made of the cell, the person and the step (or the rule of a legal
deadline) only, so that importing a newer file updates the events instead of adding copies,
and a change to another person's row never touches them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from addin.rules import catalogue
from addin.rules.plan import recurring, recurring_tasks, setting_days
from addin.rules.procedure import working_days_before
from addin.rules.records import person_key
from addin.rules.text import fold
from addin.rules.timeline import Timeline, When
from addin.rules.values import format_date
from addin.workbook.run import RunResult

REMINDER_HOUR = 8  # the reminder rings at 08:00 of its working day


@dataclass(frozen=True)
class AgendaEvent:
    """One all-day event: a legal deadline or the planned end of a step."""

    uid: str
    day: dt.date
    summary: str
    description: str
    reminder: dt.date  # the working day the phone reminds


def reminder_days(result: RunResult) -> int:
    """`Lịch điện thoại: nhắc trước (ngày làm việc)` of `Cài đặt`, else its default."""
    return max(setting_days(result.data.settings, "reminder_days"), 0)


def _source(rule: str, day: dt.date) -> str:
    return catalogue.rule(rule).source_on(day) if rule else ""


def agenda(result: RunResult, cell: str) -> list[AgendaEvent]:
    """Every dated step of every timeline on its planned day, every legal deadline still ahead on its day, and
    the cell's own tasks of this year and the plan year (reviews, course requests; not the monthly meeting).

    The days are the timelines' own: the same as the register, the plan and `Lịch`. Official members have
    nothing left; a step not yet dated is not an event."""
    data, calendar, as_of = result.data, result.calendar, result.as_of
    lead = reminder_days(result)
    events: list[AgendaEvent] = []

    def event(key: str, day: dt.date, summary: str, lines: list[str]) -> None:
        digest = hashlib.sha1(f"{fold(cell)}|{key}".encode()).hexdigest()[:24]
        events.append(AgendaEvent(f"{digest}@chibo", day, summary, "\n".join([*lines, f"Chi bộ: {cell}"]),
                                  working_days_before(calendar, day, lead)))

    def who(t: Timeline) -> str:
        return person_key(t.label)

    for t in result.timelines.values():
        # one legal deadline, one reminder: named for the last step it bounds (DEC_60WD bounds the đảng ủy's
        # proposal and the decision: it is the decision's), with the source of the deadline's own rule
        bounding = {(todo.deadline_rule, todo.deadline): todo for todo in t.todo if todo.deadline}
        for todo in t.todo:
            if todo.day is not None:
                lines = [f"Họ và tên: {t.label}", f"Ngày thực hiện (dự kiến): {format_date(todo.day)}"]
                if todo.deadline:
                    lines.append(f"Hạn theo quy định: {format_date(todo.deadline)}")
                if todo.note:
                    lines.append(todo.note)
                if source := _source(todo.rule, todo.day):
                    lines.append(f"Căn cứ: {source}")
                summary = "Quá hạn" if todo.when is When.OVERDUE else "Kế hoạch"
                event(f"{who(t)}|bước|{todo.key}", todo.day, f"{summary}: {todo.content} – {t.label}", lines)
            if (todo.deadline and todo.when is not When.OVERDUE and todo.deadline >= as_of
                    and bounding[(todo.deadline_rule, todo.deadline)] is todo):
                lines = [f"Họ và tên: {t.label}", f"Hạn theo quy định: {format_date(todo.deadline)}"]
                if todo.day:
                    lines.append(f"Ngày thực hiện (dự kiến): {format_date(todo.day)}")
                if source := _source(todo.deadline_rule, todo.deadline):
                    lines.append(f"Căn cứ: {source}")
                event(f"{who(t)}|hạn|{todo.key}", todo.deadline, f"Hạn: {todo.content} – {t.label}", lines)
    monthly = {r.content for r in recurring_tasks() if r.monthly}  # the monthly meeting is no one-day event
    for year in sorted({as_of.year, result.year}):
        for task in recurring(year, data.settings, calendar):
            if task.content in monthly or task.end is None or task.end < as_of:
                continue
            assert task.start is not None
            event(f"việc|{year}|{task.content}", task.end, f"Kế hoạch chi bộ: {task.content}", [
                f"Thời gian thực hiện: {format_date(task.start)} – {format_date(task.end)}",
                f"Phụ trách: {task.responsible}", f"Căn cứ: {task.basis}"])
    return sorted(events, key=lambda e: (e.day, e.summary))


def ics_bytes(events: list[AgendaEvent], cell: str, stamp: dt.datetime) -> bytes:
    """The iCalendar text of `events`; `stamp` (UTC) is the DTSTAMP of every event."""
    from icalendar import Alarm, Calendar, Event

    book = Calendar()
    book.add("prodid", "-//chibo//Lich han phat trien dang vien//VI")
    book.add("version", "2.0")
    book.add("calscale", "GREGORIAN")
    book.add("x-wr-calname", f"Phát triển đảng viên – {cell}")
    for e in events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", e.day)
        event.add("dtend", e.day + dt.timedelta(days=1))
        event.add("summary", e.summary)
        event.add("description", e.description)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", e.summary)
        alarm.add("trigger", (e.reminder - e.day) + dt.timedelta(hours=REMINDER_HOUR))
        event.add_component(alarm)
        book.add_component(event)
    return book.to_ical()
