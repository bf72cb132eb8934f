"""Word drafts of the dossier forms the cell prepares (`chibo hoso`, button `Soạn hồ sơ`).

Each draft follows the person's timeline: a paper of a step already done is dated as the register
dates it, one of a step still to do on the day the timeline planned it (inside its legal window),
and none while what stops the dossier forbids that step. A resolution recommending admission
(6-KNĐ) or recognition (13-KNĐ) is written for a vote already held only when it passed; its counts
come from the vote's tally (VOTE_CELL, VOTE_RECOG on the VOTE_DENOM base). Every form left out is
reported with its reason. What the register does not hold stays "……" for the committee to write
by hand. No alternative of a form is left for the clerk to strike out: the register resolves it
(`Kết nạp lại`, `Đoàn viên`, `Cài đặt`), and 13-KNĐ dates the admission by the decision (PARTY_AGE).
The templates are templates/*.docx (written by make_templates.py); a committee may put its own file
of the same name in a `Mẫu` folder beside the workbook.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from addin.errors import ChiboError
from addin.rules.checks import is_youth
from addin.rules.layout import balanced_lines
from addin.rules.procedure import StepKey
from addin.rules.records import Candidate, person_key
from addin.rules.settings import Settings
from addin.rules.stages import Stage, probation_end
from addin.rules.text import nfc
from addin.rules.timeline import Timeline, When
from addin.rules.values import PartialDate, document_date_parts, format_date
from addin.rules.votes import Outcome, Tally, Vote
from addin.workbook.run import RunResult

TEMPLATES = Path(__file__).with_name("templates")
OVERRIDE_FOLDER = "Mẫu"  # beside the workbook: the committee's own templates
BLANK = "……"
HEADER_WIDTH = 26  # upper-case 13-pt characters that fit one line of the header's left column (78 mm)
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


class DossierForm(Enum):
    """A form of the dossier; the value names its template and starts its file names."""

    HELPER = "Phân công giúp đỡ"
    OPINIONS = "5-KNĐ"
    ADMISSION = "6-KNĐ"
    RECOGNITION_OPINIONS = "12-KNĐ"
    RECOGNITION = "13-KNĐ"

    @property
    def template(self) -> str:
        return f"{self.value}.docx"


@dataclass(frozen=True)
class Draft:
    """One form for one person, ready to render."""

    form: DossierForm
    person: str
    day: dt.date  # the form's date, else the reference date: part of the file name
    context: Mapping[str, str]

    @property
    def file_name(self) -> str:
        """`6-KNĐ Nguyễn Văn A 2026-06-15.docx` (characters Windows refuses become '-')."""
        return nfc(f"{self.form.value} {_UNSAFE.sub('-', self.person)} {self.day.isoformat()}.docx")


@dataclass(frozen=True)
class LeftOut:
    """A form the person's stage calls for that is not drafted, and why."""

    form: DossierForm
    person: str
    reason: str


@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    existing: list[Path] = field(default_factory=list)  # already in the folder: left as they were


def _text(value: str | None) -> str:
    return value if value else BLANK


def _date(value: dt.date | PartialDate | None) -> str:
    return format_date(value) if value else BLANK


def _date_parts(day: dt.date | None, prefix: str = "") -> dict[str, str]:
    if day is None:
        return {f"{prefix}day": BLANK, f"{prefix}month": BLANK, f"{prefix}year": BLANK}
    return dict(zip((f"{prefix}day", f"{prefix}month", f"{prefix}year"), document_date_parts(day), strict=True))


def _percent(part: int | None, whole: int | None) -> str:
    """83,3% as Vietnamese write it; blank when a count is unknown."""
    if part is None or whole is None or whole <= 0:
        return BLANK
    value = round(100 * part / whole, 1)
    return f"{value:g}".replace(".", ",") + "%"


def _count(value: int | None) -> str:
    return str(value) if value is not None else BLANK


def vote_fields(meeting: dt.date | None, tally: Tally | None, total: int | None) -> dict[str, str]:
    """The meeting block of 6-KNĐ / 13-KNĐ from the vote's tally: `total` official members; the share in favour is
    of the members who count (VOTE_DENOM: exempted members who were absent do not), and the text says so.
    No tally (a meeting still to be held): the counts are left for the meeting."""
    present = tally.present if tally else None
    in_favour = tally.yes if tally else None
    base = tally.base if tally else None
    absent = total - present if total is not None and present is not None and present <= total else None
    left_out = total - base if total is not None and base is not None and base < total else 0
    return {
        **_date_parts(meeting, "meeting_"),
        "official_total": _count(total),
        "present": _count(present),
        "absent": _count(absent),
        "in_favour": _count(in_favour),
        "in_favour_percent": _percent(in_favour, base),
        "base_note": f", không tính {left_out} đồng chí miễn sinh hoạt vắng mặt: {base} đồng chí" if left_out else "",
    }


def _official_total(recorded: int | None, day: dt.date | None, result: RunResult) -> int | None:
    """The official members at a vote: the register's count, else the `Đảng viên` sheet's on that day."""
    if recorded is not None or day is None:
        return recorded
    return _convened(day, result)


def _convened(day: dt.date, result: RunResult) -> int | None:
    from addin.rules.votes import convened

    data = result.data
    if data.members_table is None or not data.members:
        return None
    return convened(data.members, day)[0]


def introducing_union(c: Candidate, settings: Settings, youth_known: bool, on: dt.date | None) -> str:
    """The organisation whose resolution introduced the person (Điều lệ Đ4.1: INTRO_N, CD_CASE): "Đoàn" (its
    basic Youth Union committee) for a Youth Union member where the unit has the Youth Union (`Có tổ chức Đoàn`),
    else "Công đoàn" (the basic trade-union committee); "" when no organisation introduced. When the register has
    no `Đoàn viên` column, a person of Youth Union age on `on` (YOUTH_DV) is taken for a member."""
    if c.union_intro_date is None:
        return ""
    youth = c.youth_member if youth_known else on is not None and is_youth(c, settings, on)
    return "Đoàn" if settings.has_youth_union and youth else "Công đoàn"


def _context(form: DossierForm, t: Timeline, day: dt.date | None, tally: Tally | None,
             result: RunResult) -> dict[str, str]:
    c, settings = t.candidate, result.data.settings
    body = introducing_union(c, settings, "youth_member" in result.data.register.columns, c.cell_vote_date or day)
    cell = settings.cell_name or "Chi bộ ……"
    values = {
        "superior": "\n".join(balanced_lines((settings.superior or "Đảng bộ ……").upper(), HEADER_WIDTH)),
        "cell": "\n".join(balanced_lines(cell.upper(), HEADER_WIDTH)),
        "cell_upper": cell.upper(),
        "cell_name": cell,
        # a summary of opinions is the chi ủy's, or the cell's when it has only a secretary
        "summary_author": f"Chi ủy {cell}" if settings.has_committee else cell,
        "on_behalf": settings.on_behalf,
        "superior_committee": settings.superior_committee,
        "place": _text(settings.place),
        "secretary": _text(settings.secretary),
        **_date_parts(day),
        "name": c.name,
        "dob": _date(c.dob),
        "gender": _text(c.gender),
        "ethnicity": _text(c.ethnicity),
        "religion": _text(c.religion),
        "education": _text(c.education_text),
        "unit": _text(c.unit),
        "helper": _text(c.helper),
        "introducers": ", ".join(c.introducers) or BLANK,
        "union_intro": f", nghị quyết giới thiệu của Ban Chấp hành {body} cơ sở ngày {_date(c.union_intro_date)}"
                       if body else "",
        "course_date": _date(c.course_date),
        "decision_no": _text(c.decision_no),
        "decision_date": _date(c.decision_date),
        "ceremony_date": _date(c.ceremony_date),
        **_date_parts(c.ceremony_date, "ceremony_"),
        # 13-KNĐ: "được kết nạp (hoặc kết nạp lại) vào Đảng ngày …" resolved by `Kết nạp lại`, dated by the decision
        "admission_word": "kết nạp lại" if c.readmitted else "kết nạp",
        **_date_parts(t.party_age_from, "admitted_"),
        "probation_end": _date(probation_end(c, settings)),
        "new_member_course_date": _date(c.new_member_course_date),
    }
    if form is DossierForm.ADMISSION:
        values |= vote_fields(day, tally, _official_total(c.cell_vote_total, day, result))
    if form is DossierForm.RECOGNITION:
        values |= vote_fields(day, tally, _official_total(c.recognition_vote_total, day, result))
    return values


# The forms of each part of the procedure (HD 12-HD/BTCTW 2022: the admission and recognition dossiers).
_HELPER_STAGES = (Stage.SOURCE, Stage.COURSE)
_ADMISSION_STAGES = (Stage.DOSSIER, Stage.CELL_VOTED)
_VOTE_WORDS = {Vote.ADMISSION: "nghị quyết đề nghị kết nạp", Vote.RECOGNITION: "nghị quyết đề nghị công nhận đảng viên chính thức"}


def _not_passed(tally: Tally, vote: Vote) -> str:
    """Why no resolution is drafted for a vote held that did not pass (or whose result the register cannot show)."""
    day = format_date(tally.day)
    counts = f" {tally.yes}/{tally.base}" if tally.yes is not None and tally.base else ""
    return {
        Outcome.FAILED: f"biểu quyết ngày {day} không đạt{counts} — không soạn {_VOTE_WORDS[vote]}",
        Outcome.UNSURE: f"biểu quyết ngày {day} ({counts.strip()}) chỉ đạt khi đủ số đảng viên miễn sinh hoạt vắng mặt: "
                        "ghi số miễn sinh hoạt vắng mặt vào sổ rồi soạn lại",
        Outcome.UNKNOWN: f"sổ chưa ghi số tán thành hoặc số đảng viên chính thức của lần biểu quyết ngày {day}: "
                         "ghi vào sổ rồi soạn lại",
        Outcome.OVER: f"số tán thành ngày {day} lớn hơn số đảng viên chính thức: sửa sổ rồi soạn lại",
        Outcome.PASSED: "",
    }[tally.outcome]


def _vote_paper(t: Timeline, vote: Vote, key: StepKey) -> tuple[dt.date | None, Tally | None, str]:
    """(day, tally, why not) of a cell resolution: a vote held stands only when it passed; a vote to hold again
    (failed, premature) or still to hold is drafted on its planned day."""
    event, todo = t.event(key), t.step(key.value)
    if event is not None and event.tally is not None:
        tally = event.tally
        if todo is None:  # the vote held stands
            return (tally.day, tally, "") if tally.outcome is Outcome.PASSED else (None, None, _not_passed(tally, vote))
        if todo.when is not When.PLANNED:  # to hold again, not yet dated
            return None, None, _not_passed(tally, vote) or _planned(t, key.value)[2]
    return _planned(t, key.value)


def _planned(t: Timeline, key: str) -> tuple[dt.date | None, Tally | None, str]:
    """A paper of a step still to do: on its planned day; none while the step cannot be dated."""
    todo = t.step(key)
    if todo is None:
        done = any(e.key.value == key for e in t.done)
        return None, None, "bước này đã làm, sổ không ghi ngày" if done else "không có bước này trong hồ sơ"
    if todo.when is When.PLANNED and todo.day is not None:
        return todo.day, None, ""
    if t.halt is not None:
        return None, None, f"hồ sơ đang vướng: {t.halt.remedy}"
    if todo.when is When.OVERDUE:
        return None, None, todo.note
    return None, None, f"chưa xác định được ngày ({todo.reason})"


def _done_or_planned(t: Timeline, key: StepKey) -> tuple[dt.date | None, Tally | None, str]:
    event = t.event(key)
    if event is not None and event.day is not None:
        return event.day, None, ""
    return _planned(t, key.value)


def _person_forms(t: Timeline) -> list[tuple[DossierForm, tuple[dt.date | None, Tally | None, str]]]:
    """The forms the person's timeline calls for now, each with its day, the vote's tally and why it is left out."""
    c = t.candidate
    if t.stage in _HELPER_STAGES and t.in_pipeline:
        if c.helper and c.source_date:
            return [(DossierForm.HELPER, (c.source_date, None, ""))]
        return [(DossierForm.HELPER, _planned(t, StepKey.HELPER.value) if not c.helper else
                 (None, None, "sổ chưa ghi ngày vào nguồn (ngày chi bộ phân công giúp đỡ)"))]
    if t.stage in _ADMISSION_STAGES and t.in_pipeline:
        return [(DossierForm.OPINIONS, _done_or_planned(t, StepKey.OPINIONS)),
                (DossierForm.ADMISSION, _vote_paper(t, Vote.ADMISSION, StepKey.CELL_VOTE))]
    if t.stage is Stage.PROBATIONARY:
        opinions: tuple[dt.date | None, Tally | None, str] = _planned(t, StepKey.RECOGNITION_OPINIONS.value)
        if c.recognition_vote_date and t.step(StepKey.RECOGNITION_VOTE.value) is None:
            opinions = (None, None, f"chi bộ đã xét chuyển chính thức ngày {format_date(c.recognition_vote_date)}")
        return [(DossierForm.RECOGNITION_OPINIONS, opinions),
                (DossierForm.RECOGNITION, _vote_paper(t, Vote.RECOGNITION, StepKey.RECOGNITION_VOTE))]
    return []


def drafts(result: RunResult, person: str | None = None,
           rows: Iterable[int] | None = None) -> tuple[list[Draft], list[LeftOut]]:
    """The drafts the timelines call for — everyone's, one person's (by name), or the given register rows' — and
    the forms left out with their reasons."""
    wanted = set(rows) if rows is not None else None
    found: list[Draft] = []
    left_out: list[LeftOut] = []
    for t in result.timelines.values():
        if person is not None and person_key(t.name) != person_key(person) and person_key(t.label) != person_key(person):
            continue
        if wanted is not None and t.row not in wanted:
            continue
        for form, (day, tally, reason) in _person_forms(t):
            if day is None or reason:
                left_out.append(LeftOut(form, t.label, reason))
                continue
            found.append(Draft(form, t.label, day, _context(form, t, day, tally, result)))
    return found, left_out


def template_path(form: DossierForm, workbook: Path | None) -> Path:
    """The committee's template in `Mẫu` beside the workbook when it has one, else chibo's."""
    if workbook is not None:
        folder = Path(workbook).parent / OVERRIDE_FOLDER
        if folder.is_dir():
            for candidate in folder.iterdir():
                if nfc(candidate.name) == nfc(form.template) and candidate.is_file():
                    return candidate
    return TEMPLATES / form.template


def render(draft: Draft, template: Path) -> bytes:
    """The filled .docx (docxtpl, imported only here)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        document = DocxTemplate(str(template))
        document.render(dict(draft.context), autoescape=True)
    except (TemplateError, KeyError, ValueError, OSError) as exc:
        raise ChiboError(f"Không dùng được mẫu “{template}” để soạn {draft.form.value} ({exc}). "
                         "Hãy sửa hoặc bỏ tệp mẫu đó (chibo sẽ dùng mẫu có sẵn).") from exc
    out = io.BytesIO()
    document.save(out)
    return reproducible(out.getvalue())


def reproducible(docx: bytes) -> bytes:
    """The same .docx with fixed zip dates and document dates: the same input gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2026-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(item.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_drafts(found: Sequence[Draft], folder: Path, workbook: Path | None) -> WriteReport:
    """Write every draft into `folder`; a file already there is never replaced, only reported."""
    from addin.files.save import write_document

    present = {nfc(p.name) for p in folder.iterdir()}
    report = WriteReport()
    for draft in found:
        target = folder / draft.file_name
        if draft.file_name in present:
            report.existing.append(target)
            continue
        write_document(target, render(draft, template_path(draft.form, workbook)))
        present.add(draft.file_name)
        report.written.append(target)
    return report
