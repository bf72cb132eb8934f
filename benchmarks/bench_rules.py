"""Rules-core benchmark: read 10,000 register rows into records, then check them against 60 members.

Prints records per second for reading (`read_candidate`) and for checking (`check_register`)
and the ratio of checking time to reading time, both measured in this run. Aim (issue 2):
checking costs no more than reading. Run: `python benchmarks/bench_rules.py [rows] [--profile]`.
"""
from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import random
import sys
import time
from typing import Any

from addin.rules.calendar import WorkCalendar
from addin.rules.checks import Context, check_register
from addin.rules.records import Candidate, Member, read_candidate, read_member
from addin.rules.settings import read_settings

ROWS = 10_000
MEMBERS = 60
AS_OF = dt.date(2026, 6, 15)
EXCEL_EPOCH = dt.date(1899, 12, 30)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quân", "Sơn", "Thảo", "Yến"]
EDUCATION = ["12/12", "9/12", "7/10", "Đại học", "Cao đẳng", "Trung cấp", "THPT", "Hoàn thành THCS", "Thạc sĩ", "8/12"]


def _name(rng: random.Random, index: int) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {index}"


def _cell(rng: random.Random, day: dt.date | None) -> Any:
    """A date as a spreadsheet gives it: a real date, an Excel serial, or text in one of the usual forms."""
    if day is None:
        return None
    form = rng.randrange(6)
    if form == 0:
        return dt.datetime(day.year, day.month, day.day)
    if form == 1:
        return float((day - EXCEL_EPOCH).days)
    if form == 2:
        return day.strftime("%d/%m/%Y")
    if form == 3:
        return f"{day.day}/{day.month}/{day.year}"
    if form == 4:
        return day.strftime("%d.%m.%Y")
    return day.isoformat()


def member_rows(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(MEMBERS):
        admitted = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(11_000))
        official = admitted + dt.timedelta(days=366) if rng.random() < 0.92 else None
        rows.append({
            "name": _name(rng, i), "dob": _cell(rng, admitted - dt.timedelta(days=9000)),
            "admitted": _cell(rng, admitted), "official": _cell(rng, official),
            "arrived": _cell(rng, admitted + dt.timedelta(days=rng.randrange(400))),
            "left": _cell(rng, AS_OF - dt.timedelta(days=rng.randrange(300))) if rng.random() < 0.05 else None,
            "exempt": "Có" if rng.random() < 0.05 else "", "attached_elsewhere": "x" if rng.random() < 0.03 else None,
        })
    return rows


def candidate_rows(rng: random.Random, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows at every stage of the procedure, mostly clean, some late, some with bad cells."""
    names = [m["name"] for m in members]
    rows = []
    for i in range(ROWS):
        source = AS_OF - dt.timedelta(days=rng.randrange(60, 1400))
        step = lambda start, lo, hi: start + dt.timedelta(days=rng.randrange(lo, hi))  # noqa: E731
        course = step(source, 20, 120)
        application = step(course, 5, 40)
        cv = step(application, 0, 10)
        verification = step(cv, 20, 60)
        opinions = step(verification, 5, 30)
        vote = step(opinions, 5, 30)
        committee = step(vote, 5, 20)
        decision = step(committee, 10, 80)
        received = step(decision, 0, 5)
        ceremony = step(received, 5, 45)
        dvm = step(ceremony, 30, 200)
        recognition_vote = dt.date(ceremony.year + 1, ceremony.month, min(ceremony.day, 28)) + dt.timedelta(days=rng.randrange(0, 50))
        recognition = step(recognition_vote, 10, 50)
        milestones = [course, application, cv, verification, opinions, vote, committee, decision, received, ceremony,
                      dvm, recognition_vote, recognition]
        reached = [day if day <= AS_OF else None for day in milestones]
        (course, application, cv, verification, opinions, vote, committee, decision, received, ceremony, dvm,
         recognition_vote, recognition) = reached
        dob = source - dt.timedelta(days=rng.randrange(18 * 365, 45 * 365))
        youth = (AS_OF - dob).days < 31 * 365
        row: dict[str, Any] = {
            "stt": i + 1, "name": _name(rng, 1000 + i), "dob": _cell(rng, dob) if rng.random() > 0.03 else dob.year,
            "gender": rng.choice(["Nam", "Nữ"]), "ethnicity": "Kinh", "religion": "Không",
            "education": rng.choice(EDUCATION), "edu_exception": "Không",
            "unit": "Chuyên viên", "unit_since": _cell(rng, source - dt.timedelta(days=rng.randrange(200, 3000))),
            "youth_member": "Có" if youth or rng.random() < 0.2 else "Không",
            "source_date": _cell(rng, source), "helper": rng.choice(names),
            "course_date": _cell(rng, course), "application_date": _cell(rng, application), "cv_date": _cell(rng, cv),
            "verification_date": _cell(rng, verification),
            "introducer_1": rng.choice(names) if application else None,
            "introducer_2": (rng.choice(names) if not youth else None) if application else None,
            "union_intro_date": _cell(rng, opinions) if youth and opinions else None,
            "opinions_date": _cell(rng, opinions), "cell_vote_date": _cell(rng, vote),
            "cell_vote_yes": rng.randrange(25, 45) if vote else None, "cell_vote_total": None,
            "committee_date": _cell(rng, committee), "decision_date": _cell(rng, decision),
            "decision_no": f"{rng.randrange(1, 999)}-QĐ/ĐU" if decision else None,
            "decision_received_date": _cell(rng, received), "ceremony_date": _cell(rng, ceremony),
            "new_member_course_date": _cell(rng, dvm), "recognition_vote_date": _cell(rng, recognition_vote),
            "recognition_vote_yes": rng.randrange(25, 45) if recognition_vote else None,
            "recognition_date": _cell(rng, recognition), "expected": None, "notes": "",
        }
        if rng.random() < 0.02:  # a hostile cell now and then
            row[rng.choice(["dob", "course_date", "cell_vote_date", "education"])] = rng.choice(["31/02/2026", "abc", "#REF!"])
        rows.append(row)
    return rows


def main(argv: list[str]) -> None:
    global ROWS
    numbers = [a for a in argv if a.isdigit()]
    if numbers:
        ROWS = int(numbers[0])
    rng = random.Random(2026)
    raw_members = member_rows(rng)
    raw_rows = candidate_rows(rng, raw_members)
    members: list[Member] = [read_member("Đảng viên", i + 2, row)[0] for i, row in enumerate(raw_members)]
    settings, _ = read_settings({})

    started = time.perf_counter()
    candidates: list[Candidate] = []
    reading_findings = 0
    for i, row in enumerate(raw_rows):
        candidate, problems = read_candidate("Theo dõi", i + 2, row)
        candidates.append(candidate)
        reading_findings += len(problems)
    parse_seconds = time.perf_counter() - started

    ctx = Context(settings=settings, calendar=WorkCalendar(), as_of=AS_OF, members=tuple(members))
    profiler = cProfile.Profile() if "--profile" in argv else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    found = check_register(candidates, ctx)
    if profiler:
        profiler.disable()
    check_seconds = time.perf_counter() - started

    print(f"rows: {len(candidates)}, members: {len(members)}, findings: {reading_findings} reading + {len(found)} checking")
    print(f"parsing  (read_candidate):  {len(candidates) / parse_seconds:10,.0f} records/s  ({parse_seconds:.3f} s)")
    print(f"checking (check_register):  {len(candidates) / check_seconds:10,.0f} records/s  ({check_seconds:.3f} s)")
    print(f"ratio checking/parsing: {check_seconds / parse_seconds:.2f} (aim: <= 1.00)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main(sys.argv[1:])
