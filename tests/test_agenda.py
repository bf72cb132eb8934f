"""`chibo lich`: the .ics parses, its events and dates are the hand-computed ones, UIDs are stable.

Dates below are counted by hand on the 2026 calendar (no public holiday between May and
mid-August): DEC_60WD and RECOG_DEC_30WD are 60 and 30 working days (QĐ 208 §3.6.b, §4.3),
the plan's durations are planning.toml's defaults (20 working days between the steps here).
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from icalendar import Calendar
from register_books import D, write_book

AS_OF = "01/06/2026"
MEMBERS = [{"name": n, "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)} for n in ("Trần Văn Bình", "Lê Thị Cúc", "Hoàng Văn Đức")]
AN = {"name": "Nguyễn Văn An", "dob": D(1995, 3, 15), "education": "12/12", "youth_member": "Có",
      "helper": "Trần Văn Bình", "course_date": D(2024, 1, 10), "application_date": D(2024, 2, 1),
      "cv_date": D(2024, 2, 5), "verification_date": D(2024, 3, 1), "introducer_1": "Trần Văn Bình",
      "opinions_date": D(2024, 3, 20), "cell_vote_date": D(2024, 4, 1), "cell_vote_yes": 3, "cell_vote_total": 3,
      "committee_date": D(2024, 4, 20), "decision_date": D(2024, 5, 10), "ceremony_date": D(2025, 5, 15),
      "new_member_course_date": D(2025, 10, 1), "recognition_vote_date": D(2026, 5, 20), "recognition_vote_yes": 3}
BINH = {"name": "Trần Thị Bình", "dob": D(1998, 7, 1), "education": "Đại học", "youth_member": "Có",
        "helper": "Lê Thị Cúc", "course_date": D(2026, 1, 15), "application_date": D(2026, 2, 1),
        "cv_date": D(2026, 2, 10), "verification_date": D(2026, 4, 1), "introducer_1": "Lê Thị Cúc",
        "union_intro_date": D(2026, 4, 20),  # of youth age: the Youth Union introduces with one member (INTRO_N)
        "opinions_date": D(2026, 5, 5), "cell_vote_date": D(2026, 5, 25), "cell_vote_yes": 3, "cell_vote_total": 3}
CHINH = {"name": "Vũ Văn Chính", "dob": D(1990, 1, 1), "education": "12/12", "ceremony_date": D(2024, 1, 5),
         "recognition_vote_date": D(2025, 1, 10), "recognition_date": D(2025, 2, 1), "decision_date": D(2023, 12, 1)}
SETTINGS = {"Tên chi bộ": "Chi bộ Trường Tiểu học Hòa Bình"}


def chibo(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True, env=env)


def events(tmp_path: Path, rows: list[dict], name: str = "han.ics", settings: dict | None = None) -> list:
    book = write_book(tmp_path / f"{name}.xlsx", rows, settings={**SETTINGS, **(settings or {})}, members=MEMBERS)
    run = chibo("lich", str(book), "--output", str(tmp_path / name), "--as-of", AS_OF)
    assert run.returncode == 0, run.stdout + run.stderr
    parsed = Calendar.from_ical((tmp_path / name).read_bytes())
    return list(parsed.walk("VEVENT"))


def _day(event) -> dt.date:
    return event.decoded("dtstart")


def test_events_are_the_hand_computed_deadlines_and_steps(tmp_path: Path) -> None:
    found = events(tmp_path, [AN, BINH, CHINH])
    by_summary = {str(e["summary"]): e for e in found}
    assert {(str(e["summary"]), _day(e)) for e in found if "Nguyễn Văn An" in e["summary"]} == {
        ("Hạn: Theo dõi kết quả cấp có thẩm quyền xét, quyết định công nhận đảng viên chính thức – Nguyễn Văn An",
         D(2026, 7, 1)),  # 20/05 + 30 wd
        ("Kế hoạch: Theo dõi kết quả cấp có thẩm quyền xét, quyết định công nhận đảng viên chính thức – Nguyễn Văn An",
         D(2026, 6, 17)),  # 20/05 + 20 wd
    }
    assert not [e for e in found if "Vũ Văn Chính" in e["summary"]]  # official: nothing left
    assert sorted((_day(e), str(e["summary"])) for e in found if str(e["summary"]).startswith("Kế hoạch chi bộ")) == [
        (D(2026, 6, 30), "Kế hoạch chi bộ: Sơ kết 6 tháng công tác phát triển đảng viên, báo cáo đảng ủy"),
        (D(2026, 8, 28), "Kế hoạch chi bộ: Đề nghị đảng ủy cử quần chúng đủ điều kiện đi học lớp bồi dưỡng nhận thức "
                         "về Đảng (đợt 2)"),  # by 31/08, a day off in 2026 (swapped for Sat 22/08): Fri 28/08
        (D(2026, 12, 25), "Kế hoạch chi bộ: Tổng kết công tác phát triển đảng viên năm, đánh giá thực hiện chỉ tiêu; "
                          "xây dựng kế hoạch năm sau"),
    ]  # the plan's tasks still ahead on 01/06/2026 (planning.toml), the monthly meeting left out
    binh = sorted((_day(e), str(e["summary"])) for e in found if "Trần Thị Bình" in e["summary"])
    # vote 25/05/2026: committee +20 wd, decision +20 wd, ceremony +10 wd; the new members' course 120 wd after the
    # ceremony (31/08–02/09, 24/11/2026 and 01/01/2027 off, Saturday 22/08/2026 worked): Friday 22/01/2027.
    # The recognition steps are not dated: they wait for a ceremony the register does not hold yet.
    assert [b for b in binh if b[1].startswith("Kế hoạch:")] == [
        (D(2026, 6, 22), "Kế hoạch: Đề nghị đảng ủy cơ sở xét, đề nghị cấp có thẩm quyền kết nạp – Trần Thị Bình"),
        (D(2026, 7, 20), "Kế hoạch: Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp – Trần Thị Bình"),
        (D(2026, 8, 3), "Kế hoạch: Tổ chức lễ kết nạp đảng viên – Trần Thị Bình"),
        (D(2027, 1, 22), "Kế hoạch: Cử đảng viên dự bị học lớp bồi dưỡng lý luận chính trị cho đảng viên mới – "
                         "Trần Thị Bình"),
    ]
    # DEC_60WD: 25/05/2026 + 60 wd (4 in May, 22 in June, 23 in July, 11 in August; no day off) = Monday 17/08/2026
    assert (D(2026, 8, 17), "Hạn: Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp – Trần Thị Bình") in binh
    # one legal deadline, one reminder: DEC_60WD bounds the đảng ủy's proposal and the decision, and is the decision's
    assert [(day, summary) for day, summary in binh if summary.startswith("Hạn:")] == [
        (D(2026, 8, 17), "Hạn: Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp – Trần Thị Bình")]
    decision_due = by_summary["Hạn: Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp – Trần Thị Bình"]
    # DEC_60WD's own source on 17/08/2026 (the regulation in force from 26/07/2026), not the đảng ủy vote's
    assert "Căn cứ: QĐ 208-QĐ/TW ngày 26/7/2026" in decision_due["description"]
    assert "HD 06-HD/TW §3.7.a" not in decision_due["description"]
    deadline = by_summary["Hạn: Theo dõi kết quả cấp có thẩm quyền xét, quyết định công nhận đảng viên chính thức – "
                          "Nguyễn Văn An"]
    # RECOG_DEC_30WD's basis is the implementing regulation's §4.3.1 (party-rules.md)
    assert "Nguyễn Văn An" in deadline["description"] and "§4.3.1" in deadline["description"]
    assert "Hạn theo quy định: 01/07/2026" in deadline["description"]
    assert "Chi bộ Trường Tiểu học Hòa Bình" in deadline["description"]
    assert _day(deadline) + dt.timedelta(days=1) == deadline.decoded("dtend")  # one whole day
    alarm = deadline.subcomponents[0]
    assert alarm.name == "VALARM" and alarm["action"] == "DISPLAY"
    # 3 working days before Wed 01/07 is Fri 26/06, at 08:00: 5 days less 8 hours before the day starts.
    assert alarm.decoded("trigger") == dt.timedelta(days=-5, hours=8)


def test_reminder_lead_is_a_setting(tmp_path: Path) -> None:
    found = events(tmp_path, [AN], settings={"Lịch điện thoại: nhắc trước (ngày làm việc)": 2})
    deadline = next(e for e in found if str(e["summary"]).startswith("Hạn:"))
    assert deadline.subcomponents[0].decoded("trigger") == dt.timedelta(days=-2, hours=8)  # Mon 29/06


def test_uids_are_stable_across_runs_and_other_rows(tmp_path: Path) -> None:
    first = {str(e["summary"]): str(e["uid"]) for e in events(tmp_path, [AN, BINH, CHINH], "a.ics")}
    again = {str(e["summary"]): str(e["uid"]) for e in events(tmp_path, [AN, BINH, CHINH], "b.ics")}
    assert first == again
    assert len(set(first.values())) == len(first)  # one UID per event
    moved = {**BINH, "cell_vote_date": D(2026, 5, 27), "notes": "họp bù"}
    changed = {str(e["summary"]): (str(e["uid"]), _day(e)) for e in events(tmp_path, [CHINH, moved, AN], "c.ics")}
    for summary, uid in first.items():
        assert changed[summary][0] == uid, summary  # same person and step: same UID, wherever the row is
    # the vote moved two working days later (Wednesday 27/05/2026): DEC_60WD two working days later, 19/08/2026
    assert changed["Hạn: Theo dõi kết quả cấp có thẩm quyền xét, ra quyết định kết nạp – Trần Thị Bình"][1] == D(2026, 8, 19)


def test_unreadable_workbook_is_refused_in_vietnamese(tmp_path: Path) -> None:
    (tmp_path / "hong.xlsx").write_text("không phải sổ")
    run = chibo("lich", str(tmp_path / "hong.xlsx"), "--output", str(tmp_path / "han.ics"))
    assert run.returncode == 2 and "hong.xlsx" in run.stderr
    assert not (tmp_path / "han.ics").exists()
