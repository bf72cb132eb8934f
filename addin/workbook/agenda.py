"""Deadlines and planned steps for a phone's calendar (`chibo lich`): all-day events with a reminder.

Each event has a UID made of the cell, the person and the step (or the rule of a legal
deadline) only, so that importing a newer file updates the events instead of adding copies,
and a change to another person's row never touches them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

from addin.rules import catalogue
from addin.rules.plan import (
    plan_tasks,
    planning,
    recurring_tasks,
    schedule,
    setting_number,
    steps,
    working_days_before,
)
from addin.rules.records import Candidate, person_key
from addin.rules.stages import Stage, legal_deadlines
from addin.rules.text import fold
from addin.rules.values import format_date

from .run import RunResult

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
    item = planning()["settings"]["reminder_days"]
    return max(setting_number(result.data.settings, item["label"], item["default"]), 0)


def agenda(result: RunResult, cell: str) -> list[AgendaEvent]:
    """Every open legal deadline from the reference date on, every planned step, and the cell's own
    tasks of this year and the plan year (reviews, course requests; not the monthly meeting), by date.

    Official members have nothing left; a halted procedure (failed vote, blocking error) has no
    plan and no running deadline (its remedy is in `Kiểm tra`)."""
    data, calendar, as_of = result.data, result.calendar, result.as_of
    settings = data.settings
    lead = reminder_days(result)
    chain = steps(settings)
    same_name = Counter(person_key(c.name) for c in data.candidates)
    events: list[AgendaEvent] = []

    def event(key: str, day: dt.date, summary: str, lines: list[str]) -> None:
        digest = hashlib.sha1(f"{fold(cell)}|{key}".encode()).hexdigest()[:24]
        events.append(AgendaEvent(f"{digest}@chibo", day, summary, "\n".join([*lines, f"Chi bộ: {cell}"]),
                                  working_days_before(calendar, day, lead)))

    def add(c: Candidate, key: str, day: dt.date, summary: str, lines: list[str]) -> None:
        who = person_key(c.name) if same_name[person_key(c.name)] == 1 else f"{person_key(c.name)}|{format_date(c.dob)}"
        event(f"{who}|{key}", day, f"{summary} – {c.name}", [f"Họ và tên: {c.name}", *lines])

    for c in data.candidates:
        found = result.progress.get(c.row)
        if found is None or found.stage is Stage.OFFICIAL:
            continue
        for d in legal_deadlines(c, settings, calendar, halted=bool(found.blocked)):
            if d.done is None and d.due >= as_of:
                add(c, f"hạn|{d.rule}", d.due, f"Hạn: {d.step}", [
                    f"Hạn theo quy định: {format_date(d.due)} (tính từ {format_date(d.start)})",
                    f"Quy định: {d.rule} – {catalogue.rule(d.rule).source_on(d.start)}",
                ])
        if found.blocked:
            continue
        for planned in schedule(c, settings, calendar, as_of, found.stage, chain, found.window):
            if planned.barred:  # no legal day for it: nothing to put in a calendar
                break
            if planned.overdue:
                continue
            s = planned.step
            lines = [f"Thời gian thực hiện: {format_date(planned.start)} – {format_date(planned.end)}"]
            if planned.deadline:
                lines.append(f"Hạn theo quy định: {format_date(planned.deadline)}")
            lines.append(f"Quy định: {s.rule} – {catalogue.rule(s.rule).source_on(planned.end)}")
            add(c, f"bước|{s.key}", planned.end, f"Kế hoạch: {s.content}", lines)
    monthly = {r.content for r in recurring_tasks() if r.monthly}  # the monthly meeting is no one-day event
    for year in sorted({as_of.year, result.year}):
        for task in plan_tasks(year, (), {}, settings, calendar, as_of):  # no one: the cell's own tasks
            if task.content in monthly or task.end < as_of:
                continue
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
