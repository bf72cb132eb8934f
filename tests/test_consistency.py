"""The outputs tell one story (issue 16 §5): refresh, `lich`, `hoso` and `summary` on one register, read back
from the files, agree with each other and with the register, person by person.

The sample goes through the command line, as a secretary runs it; random registers (failed and repeated
votes, introducers who left or are still probationary, expired certificates, forecast periods, members under
30 with and without the Youth Union's resolution) go through the same functions in process. The last tests
plant a contradiction in the files and show that the check catches it.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from consistency import Outputs, contradictions, read_outputs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from register_books import write_book

from addin.documents.dossier import drafts, write_drafts
from addin.files.jobs import read_run, refresh_file, summarise_file
from addin.reports.agenda import agenda, ics_bytes
from addin.reports.summary import summary_book

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbooks" / "chi-bo-mau.xlsx"
AS_OF = "15/11/2026"


def chibo(*args: str) -> None:
    run = subprocess.run([sys.executable, "-m", "addin", *args], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "200"})
    assert run.returncode in (0, 1), run.stdout + run.stderr  # 1: the sample's dossier errors


def sample_outputs(base: Path) -> tuple[Path, Path, Path, Path]:
    """The four commands on the sample, as the README runs them; the paths of what they wrote."""
    for folder in ("so", "hoso", "tong"):
        (base / folder).mkdir()
    book = base / "so" / SAMPLE.name
    chibo("refresh", str(SAMPLE), "--output", str(base / "so"), "--as-of", AS_OF)
    chibo("lich", str(SAMPLE), "--output", str(base / "lich.ics"), "--as-of", AS_OF)
    chibo("hoso", str(SAMPLE), "--output", str(base / "hoso"), "--as-of", AS_OF)
    chibo("summary", str(base / "so"), "--output", str(base / "tong" / "tong-hop.xlsx"), "--as-of", AS_OF)
    return book, base / "lich.ics", base / "hoso", base / "tong" / "tong-hop.xlsx"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    return sample_outputs(tmp_path_factory.mktemp("one-story"))


def test_the_samples_outputs_tell_one_story(sample) -> None:
    outputs = read_outputs(*sample[:1], 2027, *sample[1:])
    assert contradictions(outputs) == []
    # what the check compared is there to compare (a check over empty outputs proves nothing)
    assert len(outputs.register) == 19 and len(outputs.steps) >= 40 and len(outputs.events) >= 40
    assert {d.form for d in outputs.drafts} >= {"5-KNĐ", "6-KNĐ", "13-KNĐ"}


def test_the_failed_votes_of_the_sample_give_no_recommending_resolution(sample) -> None:
    names = {(d.form, d.person) for d in read_outputs(*sample[:1], 2027, *sample[1:]).drafts}
    assert ("6-KNĐ", "Đoàn Thị Mỹ Linh") not in names  # 6 of 10 on 04/11/2026
    assert ("13-KNĐ", "Cao Thị Hạnh") not in names  # 5 of 9 on 25/02/2026
    for blocked in ("Mai Thị Huyền", "Đỗ Minh Quân", "Đinh Văn Quang"):  # introducer, introducer, certificate
        assert ("6-KNĐ", blocked) not in names


# ---------------------------------------------------------------- planted contradictions are caught

def copy_of(sample, base: Path) -> tuple[Path, Path, Path, Path]:
    paths = []
    for p in sample:
        target = base / p.name
        (shutil.copytree if p.is_dir() else shutil.copy)(p, target)
        paths.append(target)
    return tuple(paths)  # type: ignore[return-value]


def test_a_date_changed_in_lich_is_caught(sample, tmp_path: Path) -> None:
    book, ics, hoso, summary = copy_of(sample, tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["Lịch 2027"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Tạ Quang Vinh"
               and str(ws.cell(r, 3).value).startswith("Chi bộ xét, đề nghị công nhận"))
    ws.cell(row, 4).value = dt.datetime(2027, 1, 4)  # the old plan's date for the vote planned 04/12/2026
    wb.save(book)
    found = contradictions(read_outputs(book, 2027, ics, hoso, summary))
    assert any("Tạ Quang Vinh" in p and "lịch điện thoại" in p for p in found), found
    assert any("Tạ Quang Vinh" in p and "kế hoạch" in p for p in found), found


def test_a_resolution_after_a_failed_vote_is_caught(sample, tmp_path: Path) -> None:
    book, ics, hoso, summary = copy_of(sample, tmp_path)
    planted = docx.Document()
    planted.add_paragraph("Số đảng viên chính thức tán thành việc kết nạp quần chúng Đoàn Thị Mỹ Linh vào Đảng là 6 "
                          "đồng chí. Chi bộ đề nghị cấp ủy cấp trên xem xét, kết nạp.")
    planted.save(str(hoso / "6-KNĐ Đoàn Thị Mỹ Linh 2026-11-04.docx"))
    found = contradictions(read_outputs(book, 2027, ics, hoso, summary))
    assert found == ["6-KNĐ Đoàn Thị Mỹ Linh: nghị quyết đề nghị sau cuộc biểu quyết không đạt (2026-11-04)"]


def test_counts_that_disagree_are_caught(sample, tmp_path: Path) -> None:
    book, ics, hoso, summary = copy_of(sample, tmp_path)
    wb = openpyxl.load_workbook(summary)
    ws = wb["Tổng hợp"]
    header = [c.value for c in ws[3]]
    ws.cell(4, header.index("Đang trong quy trình") + 1).value = 15
    wb.save(summary)
    found = contradictions(read_outputs(book, 2027, ics, hoso, summary))
    assert any(p.startswith("Đang trong quy trình: 15 ở báo cáo tổng hợp") for p in found), found


def test_a_stage_changed_in_the_register_is_caught(sample, tmp_path: Path) -> None:
    book, ics, hoso, summary = copy_of(sample, tmp_path)
    outputs: Outputs = read_outputs(book, 2027, ics, hoso, summary)
    linh = outputs.register["Đoàn Thị Mỹ Linh"]
    outputs.register["Đoàn Thị Mỹ Linh"] = type(linh)(**{**linh.__dict__, "state": "Chi bộ đã xét"})
    assert "Đoàn Thị Mỹ Linh: giai đoạn 'Chi bộ đã xét' ở sổ, 'Chi bộ xét kết nạp không đạt' ở Chỉ tiêu" in \
        contradictions(outputs)


# ---------------------------------------------------------------- random registers

D = dt.date
MEMBERS = [
    {"name": "Trần Văn Bình", "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)},
    {"name": "Lê Thị Cúc", "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)},
    {"name": "Hoàng Văn Đức", "admitted": D(2000, 1, 1), "official": D(2001, 1, 1), "left": D(2026, 8, 1)},
    {"name": "Phạm Thị Giang", "admitted": D(2026, 3, 1)},  # probationary: not official yet
    *({"name": f"Đảng viên Số {i}", "admitted": D(2000, 1, 1), "official": D(2001, 1, 1)} for i in range(5, 11)),
]
INTRODUCERS = ("Trần Văn Bình", "Lê Thị Cúc", "Hoàng Văn Đức", "Phạm Thị Giang")
FIRST = ("An", "Bảo", "Chi", "Dương", "Hà", "Khánh", "Lan", "Minh", "Ngọc", "Phúc", "Quỳnh", "Sơn", "Thảo", "Vy")
START = D(2024, 1, 1)
REF = D(2026, 11, 16)


def _after(day: dt.date, draw, lo: int, hi: int) -> dt.date:
    return day + dt.timedelta(days=draw(st.integers(lo, hi)))


@st.composite
def person(draw, i: int) -> dict[str, object]:
    """A row whose dates follow the procedure up to a random step, each step days to months after the last."""
    young = draw(st.booleans())
    row: dict[str, object] = {
        "name": f"Nguyễn Văn {FIRST[i]}", "gender": "Nam", "education": "12/12",
        "dob": D(2000, 1, 1) if young else D(1988, 3, 3), "unit_since": D(2020, 1, 1),
        "source_date": _after(START, draw, 0, 500), "youth_member": "Có" if young else "Không",
    }
    steps = draw(st.integers(0, 9))
    day = row["source_date"]
    if steps >= 1:
        row["helper"] = "Trần Văn Bình"
        day = row["course_date"] = _after(day, draw, 20, 400) if draw(st.booleans()) else D(2021, 3, 1)  # may expire
    if steps >= 2:
        day = row["application_date"] = _after(day, draw, 10, 60)
        day = row["cv_date"] = _after(day, draw, 5, 30)
        day = row["verification_date"] = _after(day, draw, 20, 90)
        row["introducer_1"], row["introducer_2"] = draw(st.sampled_from(INTRODUCERS)), "Lê Thị Cúc"
        if young and draw(st.booleans()):
            row["union_intro_date"] = _after(day, draw, 1, 20)
    if steps >= 3:
        day = row["opinions_date"] = _after(day, draw, 5, 40)
    if steps >= 4:
        day = row["cell_vote_date"] = _after(day, draw, 5, 20)
        row["cell_vote_total"] = 10
        row["cell_vote_yes"] = draw(st.sampled_from([10, 9, 7, 6]))  # 6 of 10 fails (VOTE_CELL)
    if steps >= 5:
        day = row["committee_date"] = _after(day, draw, 10, 50)
    if steps >= 6:
        day = row["decision_date"] = _after(day, draw, 10, 80)
    if steps >= 7:
        day = row["ceremony_date"] = _after(day, draw, 5, 40)
    if steps >= 8:
        day = row["new_member_course_date"] = _after(day, draw, 30, 200)
    if steps >= 9:
        day = row["recognition_vote_date"] = _after(row["ceremony_date"], draw, 365, 420)  # type: ignore[arg-type]
        row["recognition_vote_total"] = 10
        row["recognition_vote_yes"] = draw(st.sampled_from([9, 5]))
    if draw(st.booleans()):
        row["expected"] = draw(st.sampled_from(["6/2027", "Quý III/2027", "12/2026", "2027"]))
    # nothing recorded after the reference date
    return {k: v for k, v in row.items() if not (isinstance(v, dt.date) and k != "dob" and k != "unit_since"
                                                and v > REF)}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(rows=st.integers(3, 7).flatmap(lambda n: st.tuples(*(person(i) for i in range(n)))))
def test_random_registers_tell_one_story(rows, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("story")
    for folder in ("in", "so", "hoso"):
        (base / folder).mkdir()
    source = write_book(base / "in" / "so.xlsx", list(rows), members=MEMBERS,
                        settings={"Tên chi bộ": "Chi bộ Thử", "Năm kế hoạch": 2027})
    as_of = REF
    assert refresh_file(source, as_of=as_of, output=base / "so").ok
    book = base / "so" / "so.xlsx"
    result = read_run(source, as_of=as_of)
    (base / "lich.ics").write_bytes(ics_bytes(agenda(result, "Chi bộ Thử"), "Chi bộ Thử", dt.datetime(2026, 11, 16)))
    write_drafts(drafts(result)[0], base / "hoso", source)
    line = summarise_file(book, as_of=as_of)
    assert line.summary is not None
    summary_book([line.summary], [], base / "tong-hop.xlsx")
    outputs = read_outputs(book, 2027, base / "lich.ics", base / "hoso", base / "tong-hop.xlsx")
    assert contradictions(outputs) == []


def test_namesakes_are_told_apart_in_every_output(tmp_path: Path) -> None:
    """issue 16 §1: two people of the same name are named with their birth year in Lịch, the plan, the phone
    calendar and the drafts' file names."""
    for folder in ("in", "so", "hoso"):
        (tmp_path / folder).mkdir()
    same = {"gender": "Nam", "education": "12/12", "source_date": D(2026, 9, 1)}
    rows = [{"name": "Nguyễn Văn An", "dob": D(1990, 4, 4), **same},
            {"name": "Nguyễn Văn An", "dob": D(1995, 5, 5), **same},
            {"name": "Lê Thị Bình", "dob": D(1996, 6, 6), **same}]
    source = write_book(tmp_path / "in" / "so.xlsx", rows, members=MEMBERS,
                        settings={"Tên chi bộ": "Chi bộ Thử", "Năm kế hoạch": 2027})
    assert refresh_file(source, as_of=REF, output=tmp_path / "so").ok
    book = openpyxl.load_workbook(tmp_path / "so" / "so.xlsx")
    lich = {r[1] for r in book["Lịch 2027"].iter_rows(values_only=True) if r[1]}
    assert {"Nguyễn Văn An (sinh năm 1990)", "Nguyễn Văn An (sinh năm 1995)", "Lê Thị Bình"} <= lich
    plan = " ".join(str(v) for row in book["Kế hoạch 2027"].iter_rows(values_only=True) for v in row if v)
    assert "Nguyễn Văn An (sinh năm 1990)" in plan and "Nguyễn Văn An (sinh năm 1995)" in plan
    result = read_run(source, as_of=REF)
    summaries = {e.summary for e in agenda(result, "Chi bộ Thử")}
    assert "Kế hoạch: Phân công đảng viên chính thức giúp đỡ quần chúng – Nguyễn Văn An (sinh năm 1995)" in summaries
    names = {d.file_name for d in drafts(result)[0]}
    assert {"Phân công giúp đỡ Nguyễn Văn An (sinh năm 1990) 2026-11-25.docx",
            "Phân công giúp đỡ Nguyễn Văn An (sinh năm 1995) 2026-11-25.docx"} <= names


def test_the_readmes_story_is_what_the_sample_gives(sample) -> None:
    """The README's example of one step in every output is read back from the sample's outputs, line by line."""
    import re

    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"<!-- story: (.+?) -->\n```text\n(.*?)```", readme, re.S)
    assert block is not None
    person = block.group(1)
    outputs = read_outputs(*sample[:1], 2027, *sample[1:])
    for line in block.group(2).splitlines():
        where, *rest = line.split(" | ")
        if where == "Sổ, Việc tiếp theo":
            row = outputs.register[person]
            assert [row.next_step, row.due.strftime("%d/%m/%Y")] == rest, line
        elif where == "Lịch 2027":
            assert any([s.content, s.day.strftime("%d/%m/%Y"), s.deadline.strftime("%d/%m/%Y")] == rest
                       for s in outputs.steps if s.person == person and s.day and s.deadline), line
        elif where == "Kế hoạch 2027":
            assert any([p.content, ", ".join(p.people), p.time, p.deadline] == rest for p in outputs.plan), line
        elif where == "Lịch điện thoại":
            assert any([e.day.strftime("%d/%m/%Y"), f"{e.kind}: {e.content} – {e.person}"] == rest
                       for e in outputs.events), line
        else:
            assert where == "Bản thảo" and (sample[2] / rest[0]).exists(), line


def test_steps_from_the_reference_date_cite_the_regulation_then_in_force(sample) -> None:
    """Issue 17 §1: QĐ 208-QĐ/TW (26/7/2026) replaced QĐ 294-QĐ/TW; every step of the plan and `Lịch` is on or
    after 15/11/2026, the undated ones too (Lê Văn Hiếu's decision waits for the đảng ủy), so none cites QĐ 294;
    a regulation is cited with its day of issue."""
    import openpyxl

    book = openpyxl.load_workbook(sample[0], read_only=True)
    cited = [str(v) for name in ("Kế hoạch 2027", "Lịch 2027") for row in book[name].iter_rows(values_only=True)
             for v in row if isinstance(v, str) and "-QĐ/TW" in v]
    assert cited and not any("294-QĐ/TW" in v for v in cited)
    charter = [v for v in cited if "399-QĐ/TW" not in v]  # QĐ 399: document types, cited in the basis
    assert charter and all("208-QĐ/TW ngày 26/7/2026" in v for v in charter)
    # A failed recognition vote of 2025 (Cao Thị Hạnh) is judged under the regulation of its day, with its date.
    checks = [str(v) for row in book["Kiểm tra"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "Điều lệ Đảng Điều 5.2; QĐ 294-QĐ/TW ngày 26/5/2025 §4.2.c" in checks
