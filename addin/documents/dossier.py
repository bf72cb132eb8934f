"""Word drafts of the dossier forms the cell prepares (`chibo hoso`, button `Soạn hồ sơ`).

For each person, the forms their stage calls for are filled from the register: the helper
assignment before the course, 5-KNĐ and 6-KNĐ around the admission vote, 12-KNĐ and 13-KNĐ
during probation. What the register does not hold stays "……" for the committee to write by
hand. The templates are templates/*.docx (written by make_templates.py); a committee may put
its own file of the same name in a `Mẫu` folder beside the workbook.
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
from addin.rules.checks import Context
from addin.rules.records import Candidate, person_key
from addin.rules.stages import Stage, probation_end
from addin.rules.text import nfc
from addin.rules.values import PartialDate, format_date
from addin.workbook.run import RunResult

TEMPLATES = Path(__file__).with_name("templates")
OVERRIDE_FOLDER = "Mẫu"  # beside the workbook: the committee's own templates
BLANK = "……"
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


# The forms a stage calls for (HD 12-HD/BTCTW 2022: the admission and recognition dossiers).
FORMS_BY_STAGE: Mapping[Stage, tuple[DossierForm, ...]] = {
    Stage.SOURCE: (DossierForm.HELPER,),
    Stage.COURSE: (DossierForm.HELPER,),
    Stage.DOSSIER: (DossierForm.OPINIONS, DossierForm.ADMISSION),
    Stage.CELL_VOTED: (DossierForm.OPINIONS, DossierForm.ADMISSION),
    Stage.PROBATIONARY: (DossierForm.RECOGNITION_OPINIONS, DossierForm.RECOGNITION),
}


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
    return {f"{prefix}day": f"{day.day:02d}", f"{prefix}month": f"{day.month:02d}", f"{prefix}year": str(day.year)}


def _percent(part: int | None, whole: int | None) -> str:
    """83,3% as Vietnamese write it; blank when a count is unknown."""
    if part is None or whole is None or whole <= 0:
        return BLANK
    value = round(100 * part / whole, 1)
    return f"{value:g}".replace(".", ",") + "%"


def _form_date(form: DossierForm, c: Candidate) -> dt.date | None:
    """The date the register gives the form: the meeting or the work it records."""
    return {
        DossierForm.HELPER: c.source_date,
        DossierForm.OPINIONS: c.opinions_date,
        DossierForm.ADMISSION: c.cell_vote_date,
        DossierForm.RECOGNITION_OPINIONS: None,
        DossierForm.RECOGNITION: c.recognition_vote_date,
    }[form]


def _count(value: int | None) -> str:
    return str(value) if value is not None else BLANK


def vote_fields(meeting: dt.date | None, total: int | None, present: int | None, exempt_absent: int | None,
          in_favour: int | None) -> dict[str, str]:
    """The meeting block of 6-KNĐ / 13-KNĐ. `total` and `present` count official members; the share in favour is
    of the members who count (VOTE_DENOM: exempted members who were absent do not)."""
    absent = total - present if total is not None and present is not None and present <= total else None
    counted = total - exempt_absent if total is not None and exempt_absent is not None else total
    return {
        **_date_parts(meeting, "meeting_"),
        "official_total": _count(total),
        "present": _count(present),
        "absent": _count(absent),
        "in_favour": _count(in_favour),
        "in_favour_percent": _percent(in_favour, counted),
    }


def _official_total(known: int | None, day: dt.date | None, ctx: Context) -> int | None:
    """The register's count of official members at a vote, else the `Đảng viên` sheet's on that day."""
    if known is not None:
        return known
    return ctx.official_members_on(day) if day and ctx.roll else None


def _context(form: DossierForm, c: Candidate, result: RunResult, ctx: Context) -> dict[str, str]:
    settings = result.data.settings
    values = {
        "superior": (settings.superior or "Đảng bộ ……").upper(),
        "cell": (settings.cell_name or "Chi bộ ……").upper(),
        "cell_name": settings.cell_name or "Chi bộ ……",
        "place": _text(settings.place),
        "secretary": _text(settings.secretary),
        **_date_parts(_form_date(form, c)),
        "name": c.name,
        "dob": _date(c.dob),
        "gender": _text(c.gender),
        "ethnicity": _text(c.ethnicity),
        "religion": _text(c.religion),
        "education": _text(c.education_text),
        "unit": _text(c.unit),
        "helper": _text(c.helper),
        "introducers": ", ".join(c.introducers) or BLANK,
        "union_intro": f", nghị quyết giới thiệu của Đoàn/Công đoàn ngày {format_date(c.union_intro_date)}"
                       if c.union_intro_date else "",
        "course_date": _date(c.course_date),
        "decision_no": _text(c.decision_no),
        "decision_date": _date(c.decision_date),
        "ceremony_date": _date(c.ceremony_date),
        **_date_parts(c.ceremony_date, "ceremony_"),
        "probation_end": _date(probation_end(c, settings)),
        "new_member_course_date": _date(c.new_member_course_date),
    }
    if form is DossierForm.ADMISSION:
        day = c.cell_vote_date
        values |= vote_fields(day, _official_total(c.cell_vote_total, day, ctx), c.cell_vote_present,
                        c.cell_vote_exempt_absent, c.cell_vote_yes)
    if form is DossierForm.RECOGNITION:
        day = c.recognition_vote_date
        values |= vote_fields(day, _official_total(c.recognition_vote_total, day, ctx), c.recognition_vote_present,
                        c.recognition_vote_exempt_absent, c.recognition_vote_yes)
    return values


def drafts(result: RunResult, person: str | None = None, rows: Iterable[int] | None = None) -> list[Draft]:
    """The drafts the register calls for: everyone's, one person's (by name), or the given register rows'."""
    data = result.data
    ctx = Context(settings=data.settings, calendar=result.calendar, as_of=result.as_of, members=data.members,
                  members_present=data.members_table is not None, sheet=data.register.sheet)
    wanted = set(rows) if rows is not None else None
    found = []
    for c in data.candidates:
        if person is not None and person_key(c.name) != person_key(person):
            continue
        if wanted is not None and c.row not in wanted:
            continue
        for form in FORMS_BY_STAGE.get(result.progress[c.row].stage, ()):
            found.append(Draft(form, c.name, _form_date(form, c) or result.as_of, _context(form, c, result, ctx)))
    return found


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
