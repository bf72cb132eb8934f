"""One example per rule id: register rows and a reference date on which a real run raises that id.

Each example is written by hand from /work/shared/domain/party-rules.md (the paragraph is cited) on the clean
adult dossier of rules_helpers, as a user types it into `Theo dõi`, with the cell's `Đảng viên`, `Cài đặt` and
`Ngày nghỉ` when the rule needs them. `run` puts them into a workbook's grids and calls the one entry point
both fronts call (addin.workbook.run.evaluate): the register reader, the checks and the coverage of columns.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rules_helpers import INTRODUCER_1, INTRODUCER_2, cell_members, d, dossier, member

from addin.rules.findings import Finding
from addin.rules.records import Member
from addin.rules.stages import Stage
from addin.workbook.book import BookInput
from addin.workbook.run import evaluate
from addin.workbook.schema import CALENDAR, MEMBERS, REGISTER, SETTINGS

Cells = Mapping[str, object]  # field key → the value a user typed


def cells(record: Any, **typed: object) -> dict[str, object]:
    """A Candidate or Member as register cells (dates as date cells, yes as `Có`), then `typed` raw values on top."""
    out: dict[str, object] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in ("row", "education_text") or value in (None, "", False):
            continue
        if f.name == "education":
            value = record.education_text
        elif value is True:
            value = "Có"
        elif not isinstance(value, (str, int, dt.date)):
            raise TypeError(f"write {f.name} as the user types it")
        out[f.name] = value
    out.update(typed)
    return out


def row(stage: Stage, *, typed: Cells | None = None, **changes: Any) -> dict[str, object]:
    """The clean adult dossier at `stage` with `changes` (typed values), as register cells, `typed` cells on top."""
    return cells(dossier(stage, **changes), **(typed or {}))


@dataclass(frozen=True)
class Example:
    """Register rows and a reference date on which a run raises `rule` and only `also` besides (`cite`: party-rules.md)."""

    rule: str
    cite: str
    as_of: str
    rows: tuple[Cells, ...]
    members: tuple[Member, ...] = field(default_factory=cell_members)
    settings: Mapping[str, object] = field(default_factory=dict)  # `Cài đặt` items
    days: tuple[tuple[object, object], ...] = ()  # `Ngày nghỉ` rows: (Ngày, Loại)
    hidden: bool = False  # the register sheet is hidden
    without: tuple[str, ...] = ()  # register columns the workbook does not have
    also: tuple[str, ...] = ()  # the other ids the same rows raise, by the rules' own logic


def run(example: Example) -> list[Finding]:
    """Every finding of a run over a workbook holding the example."""
    keys = [c.key for c in REGISTER.columns if c.in_template and c.key not in example.without]
    grids = {
        REGISTER.name: [[REGISTER.column(k).header for k in keys], *([r.get(k) for k in keys] for r in example.rows)],
        MEMBERS.name: _table(MEMBERS, [cells(m) for m in example.members]),
        SETTINGS.name: [["Mục", "Giá trị"], *([k, v] for k, v in example.settings.items())],
    }
    if example.days:
        grids[CALENDAR.name] = [["Ngày", "Loại"], *(list(line) for line in example.days)]
    book = BookInput(grids, hidden=frozenset({REGISTER.name} if example.hidden else ()))
    return list(evaluate(book, as_of=d(example.as_of)).findings)


def _table(spec: Any, rows: list[dict[str, object]]) -> list[list[object]]:
    keys = [c.key for c in spec.columns if any(c.key in r for r in rows)]
    return [[spec.column(k).header for k in keys], *([r.get(k) for k in keys] for r in rows)]


def voted(**changes: Any) -> dict[str, object]:
    """The clean dossier voted on by the cell on 12/06/2024 (10 official members, 9 in favour)."""
    return row(Stage.CELL_VOTED, **changes)


VOTED_AS_OF = "14/06/2024"
NO_YOUTH_UNION = {"Có tổ chức Đoàn": "Không"}
NEW_MEMBER = dossier(Stage.SOURCE).name  # listed in `Đảng viên` once admitted
LEFT_BEFORE_VOTE = cell_members()[:1] + (member(INTRODUCER_2, left="01/05/2024", row=3),) + cell_members()[2:]

EXAMPLES: tuple[Example, ...] = (
    # §2 age, education
    Example("AGE_MIN", "§2: at least 18 years on the vote; 17 years 5 months on 12/06/2024", VOTED_AS_OF,
            (voted(dob=d("01/01/2007"), youth_member=True, union_intro_date=d("25/05/2024"), introducer_2=""),)),
    Example("AGE_MAX", "§2: at most 60 years; 60 years 2 months on 12/06/2024", VOTED_AS_OF,
            (voted(dob=d("15/03/1964")),)),
    Example("AGE_OVER60", "§2 (QĐ 294 §1.1.2): over 60 with the provincial standing committee's consent", VOTED_AS_OF,
            (voted(dob=d("15/03/1964"), over60_consent_date=d("01/06/2024")),)),
    Example("EDU_MIN", "§2: lower secondary at least; 6/12 is primary", VOTED_AS_OF,
            (voted(typed={"education": "6/12"}),)),
    Example("EDU_EXC", "§2: the remote-area exception allows primary education", VOTED_AS_OF,
            (voted(typed={"education": "5/12", "edu_exception": "Có"}),)),
    # §3 courses
    Example("COURSE_NT_REQ", "§3: the awareness course certificate before the vote", VOTED_AS_OF,
            (voted(course_date=None),)),
    Example("COURSE_NT_VALID", "§3/§16: certificate 15/01/2020 valid 60 months; a vote on 03/02/2025", "05/02/2025",
            (voted(course_date=d("15/01/2020"), application_date=d("01/12/2024"), cv_date=d("05/12/2024"),
                   verification_date=d("10/01/2025"), opinions_date=d("12/01/2025"), cell_vote_date=d("03/02/2025")),)),
    Example("COURSE_DVM", "§3: the new-member course before recognition", "01/09/2025",
            (row(Stage.OFFICIAL, new_member_course_date=None),)),
    # §4 introducers
    Example("INTRO_N", "§4 (Điều lệ Đ4.1): two official members introduce", VOTED_AS_OF,
            (voted(introducer_2=""),)),
    Example("INTRO_OFFICIAL", "§4: an introducer is an official member on the vote", VOTED_AS_OF,
            (voted(),), members=(member(INTRODUCER_1, official=None, admitted="01/01/2024"),) + cell_members()[1:]),
    Example("INTRO_12M", "§4: 12 months together; the introducer joined the cell on 01/09/2023", VOTED_AS_OF,
            (voted(),), members=(member(INTRODUCER_1, arrived="01/09/2023"),) + cell_members()[1:]),
    Example("INTRO_REPL", "§4 (QĐ §3.2.2): the cell assigns a replacement for an introducer who left", VOTED_AS_OF,
            (voted(introducer_replacement="Đảng viên Số 3"),), members=LEFT_BEFORE_VOTE),
    Example("YOUTH_DV", "§4: a person of youth age is a Youth Union member where the Youth Union exists", "15/02/2024",
            (row(Stage.COURSE, dob=d("01/01/1999")),)),
    Example("CD_CASE", "§4: no Youth Union; the trade union committee and one official member introduce", VOTED_AS_OF,
            (voted(dob=d("03/09/2001"), introducer_2="", union_intro_date=d("25/05/2024")),), settings=NO_YOUTH_UNION),
    # §5 dossier
    Example("APPLY_FIRST", "§5 (HD 06-HD/TW of 09/6/2025): the application before the CV", "05/08/2025",
            (row(Stage.DOSSIER, application_date=d("01/08/2025"), cv_date=d("31/07/2025"),
                 verification_date=d("04/08/2025"), opinions_date=d("04/08/2025")),)),
    Example("DOSSIER_12M", "§5: a CV of 05/04/2024 is stale after 12 months with no vote", "07/04/2025",
            (row(Stage.DOSSIER),)),
    # §6 votes
    Example("VOTE_CELL", "§6: 2/3 of 10 official members is 7; 6 in favour", VOTED_AS_OF,
            (voted(cell_vote_yes=6),)),
    Example("VOTE_DENOM", "§6: the recorded 15 official members differ from the 10 of `Đảng viên`", VOTED_AS_OF,
            (voted(cell_vote_yes=9, cell_vote_total=15),), also=("VOTE_CELL",)),
    Example("VOTE_QUORUM", "§6 [C]: 2/3 of the members present; 6 of 10", VOTED_AS_OF,
            (voted(cell_vote_yes=6, cell_vote_present=6, cell_vote_exempt_absent=0),), also=("VOTE_CELL",)),
    Example("VOTE_DU", "§6 (HD 06 §3.7.a): 5 of 9 committee members < 6", "25/06/2024",
            (row(Stage.COMMITTEE_REVIEWED, committee_vote_yes=5, committee_members=9),)),
    Example("VOTE_RECOG", "§6: 2/3 of 10 official members for recognition; 6 in favour", "01/09/2025",
            (row(Stage.OFFICIAL, recognition_vote_yes=6, recognition_date=None),)),
    Example("VOTE_3FAIL", "§6: the third failed recognition vote goes to the superior committee", "01/09/2025",
            (row(Stage.OFFICIAL, recognition_vote_yes=6, recognition_vote_failures=3, recognition_date=None),),
            also=("VOTE_RECOG",)),
    # §7 time limits
    Example("DEC_60WD", "§7: decision within 60 working days of the vote of 12/06/2024 (+30); none on 21/10/2024",
            "21/10/2024", (row(Stage.COMMITTEE_REVIEWED),), also=("LATE",)),
    Example("CEREMONY_30WD", "§7/§16: ceremony within 30 working days of receiving the decision on 18/07/2024",
            "01/10/2024", (row(Stage.DECIDED),), also=("LATE",)),
    Example("RECOG_CELL_30WD", "§7/§16: recognition vote within 30 working days of the end of probation (02/08/2025)",
            "01/11/2025", (row(Stage.PROBATIONARY),), also=("LATE",)),
    Example("RECOG_DEC_30WD", "§7: recognition decision within 30 working days of the vote of 08/08/2025 (+30)",
            "01/12/2025", (row(Stage.OFFICIAL, recognition_date=None),), also=("LATE",)),
    Example("LATE", "§7 (QĐ §4.2, §4.3.1): a missed time limit is reported to the superior committee", "21/10/2024",
            (row(Stage.COMMITTEE_REVIEWED),), also=("DEC_60WD",)),
    Example("RECOG_DATE", "§7/§16: official 12 months after the ceremony of 02/08/2024, not on the decision 25/08/2025",
            "01/11/2025", (row(Stage.OFFICIAL),),
            members=cell_members() + (member(NEW_MEMBER, admitted="15/07/2024", official="25/08/2025",
                                             arrived="15/07/2024", row=12),)),
    Example("PARTY_AGE", "§7/§16: party age from the decision of 15/07/2024, not from the ceremony", "01/11/2025",
            (row(Stage.OFFICIAL),),
            members=cell_members() + (member(NEW_MEMBER, admitted="02/08/2024", official="02/08/2025",
                                             arrived="02/08/2024", row=12),)),
    Example("DEADLINE_SOON", "§7/§16: ceremony by 23/03/2026 (received 02/02/2026); 10 working days left",
            "09/03/2026", (row(Stage.DECIDED, decision_date=d("30/01/2026"), decision_received_date=d("02/02/2026"),
                               cell_vote_date=d("05/01/2026"), committee_date=d("12/01/2026")),), also=("DOSSIER_12M",)),
    # §10–§12 settings and calendar
    Example("QUOTA", "§10: the plan year in `Cài đặt` is a year", VOTED_AS_OF, (voted(),),
            settings={"Năm kế hoạch": "năm sau"}),
    Example("HOL", "§12: a `Ngày nghỉ` line is `Nghỉ` or `Làm bù`", VOTED_AS_OF, (voted(),),
            days=(("10/06/2024", "Nghỉ phép riêng"),)),
    # §15 data quality
    Example("REQUIRED_FIELD", "§15: the birth date is required", VOTED_AS_OF, (voted(dob=None),)),
    Example("DATE_INVALID", "§15: 31/02 is no date", VOTED_AS_OF, (voted(typed={"ceremony_date": "31/02/2026"}),)),
    Example("DATE_PARTIAL", "§15: a birth year alone", VOTED_AS_OF, (voted(typed={"dob": "1989"}),)),
    Example("DATE_ORDER", "§15: the ceremony of 10/07/2024 before the decision of 15/07/2024", "01/12/2024",
            (row(Stage.PROBATIONARY, ceremony_date=d("10/07/2024")),)),
    Example("DATE_FUTURE", "§15: a vote dated after the reference date", "11/06/2024", (voted(),)),
    Example("EXPECTED_PAST", "§15 (issue 17 §3): a planned admission 09/2026 past on 15/11/2026, no decision",
            "15/11/2026", (row(Stage.DOSSIER, typed={"expected": "09/2026"}),), also=("DOSSIER_12M",)),
    Example("DUPLICATE", "§15: the same name and birth date twice", "15/01/2024",
            (row(Stage.SOURCE), row(Stage.SOURCE, name=" NGUYỄN  văn an "))),
    Example("INTRO_UNKNOWN", "§15: an introducer not in `Đảng viên`", VOTED_AS_OF,
            (voted(introducer_2="Phạm Văn Lạ"),)),
    Example("TEXT_LEGACY", "§15: a name typed in the TCVN3 (ABC) code", VOTED_AS_OF,
            (voted(typed={"name": "NguyÔn V¨n Phóc"}),)),
    Example("AGE_IMPLAUSIBLE", "§15: 124 years old is a typing error", VOTED_AS_OF, (voted(dob=d("01/01/1900")),),
            also=("AGE_MAX",)),
    Example("REGISTER_HIDDEN", "§15: the register sheet is hidden in Excel", VOTED_AS_OF, (voted(),), hidden=True),
    Example("COLUMNS_MISSING", "§15: without `Ngày cấp GCN lớp nhận thức` the course rules cannot run", VOTED_AS_OF,
            (voted(),), without=("course_date",)),
)

# Catalogue ids that no check raises, and why.
NOT_FINDINGS: Mapping[str, str] = {
    "PROB_12M": "12 months of probation: the start of the recognition deadlines (RECOG_CELL_30WD), cited by the plan",
    "STATS": "the statistics' definitions, cited by `Thống kê` and the summary",
    "FMT": "the forms of the drafts (HD 12-HD/BTCTW), cited by the Word drafts",
}
