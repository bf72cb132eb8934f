"""Write the dossier templates (templates/*.docx) with python-docx, byte-reproducibly.

Run `python -m addin.documents.make_templates` after editing a form below; the test suite
checks that the committed files are what this script writes. Each form follows its model in the
appendix of HD 12-HD/BTCTW (18/01/2022) as far as the stored copies show it: templates/SOURCES.md
says, form by form, which sentences come from which page and which could not be checked. The
layout follows HD 36-HD/VPTW: A4, margins 20/20/30/15 mm, Times New Roman 14, the header block
(superior committee and cell, "ĐẢNG CỘNG SẢN VIỆT NAM", place and date), and the signature block.
`{{ … }}` are filled by addin/documents/dossier.py (docxtpl); a value the register does not hold
arrives as "……" for the committee to fill in by hand.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from addin.rules.layout import balanced_lines

from .dossier import TEMPLATES, DossierForm, reproducible

FONT = "Times New Roman"
BODY_SIZE = 14
BLANK_LINE = "…" * 32
TITLE_WIDTH = 44  # characters of a 14-pt bold title that fit the 165 mm between the margins, with room to spare
# The party organisation where the person lives, which gives its opinion: the 2022 dossier list says "chi ủy (hoặc
# chi bộ) nơi cư trú"; the cell cannot know which the residence has, so the forms' own name of it (12-KNĐ, SOURCES.md
# sources 4 and 8) stands, without the alternative.
RESIDENCE = "chi ủy"


class Form:
    """One template being written: the document and the helpers that give it the HD 36 layout."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_SIZE)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
        self._page_numbers(section)
        properties = self.doc.core_properties
        properties.author = "chibo"
        properties.title = ""
        properties.comments = ""

    @staticmethod
    def _page_numbers(section) -> None:
        """HD 36: the page number at the top centre from the second page (the first page's header is empty)."""
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "2"
        run.append(text)
        field.append(run)
        paragraph._p.append(field)
        section.first_page_header.is_linked_to_previous = False

    def header(self, number: str | None) -> None:
        """Superior committee and cell on the left, the Party's name, place and date on the right."""
        left, right = self._two_columns(Mm(78), Mm(87))
        self._cell(left, "{{ superior }}", size=13)
        self._cell(left, "{{ cell }}", bold=True, size=13)
        self._cell(left, "*", size=13)
        if number:
            self._cell(left, f"Số {number}", size=13)
        self._cell(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14)
        self._cell(right, "", size=14)
        self._cell(right, "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", italic=True, size=14)
        self.doc.add_paragraph()

    def _two_columns(self, left: Mm, right: Mm) -> tuple:
        """A borderless one-row table of fixed widths (both Word and LibreOffice keep them)."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, (left, right)):
            column.width = width
            for cell in column.cells:
                cell.width = width
        return tuple(table.rows[0].cells)

    @staticmethod
    def _cell(cell, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False, size: int) -> None:
        paragraph = cell.paragraphs[0] if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and \
            not cell.paragraphs[0].runs else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)

    def title(self, title: str, *subtitles: str) -> None:
        """The form's name and what it is about, each broken into even lines, no word alone on a line."""
        self.line(title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15)
        for subtitle in subtitles:
            self.line("\n".join(balanced_lines(subtitle, TITLE_WIDTH)), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.line("-----", align=WD_ALIGN_PARAGRAPH.CENTER)
        self.doc.add_paragraph()

    def line(self, text: str, *, bold: bool = False, italic: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
             indent: bool = False, size: int = BODY_SIZE) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(6)
        if indent:
            paragraph.paragraph_format.first_line_indent = Mm(10)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)

    def text(self, *paragraphs: str) -> None:
        for p in paragraphs:
            self.line(p, indent=True)

    def blanks(self, count: int = 3) -> None:
        for _ in range(count):
            self.line(BLANK_LINE)

    def signature(self, recipients: Sequence[str], on_behalf: str = "T/M CHI BỘ") -> None:
        """`Nơi nhận` on the left; on behalf of the cell, its secretary, on the right."""
        self.doc.add_paragraph()
        left, right = self._two_columns(Mm(75), Mm(90))
        if recipients:
            first = left.paragraphs[0]
            run = first.add_run("Nơi nhận:")
            run.bold, run.italic, run.underline = True, True, True
            run.font.size = Pt(12)
            for r in recipients:
                run = left.add_paragraph().add_run(r)
                run.font.size = Pt(12)
        self._cell(right, on_behalf, bold=True, size=14)
        self._cell(right, "BÍ THƯ", bold=True, size=14)
        for _ in range(3):
            self._cell(right, "", size=14)
        self._cell(right, "{{ secretary }}", bold=True, size=14)

    def bytes(self) -> bytes:
        raw = io.BytesIO()
        self.doc.save(raw)
        return reproducible(raw.getvalue())


PERSON = ("sinh ngày {{ dob }}; giới tính: {{ gender }}; dân tộc: {{ ethnicity }}; tôn giáo: {{ religion }}; "
          "trình độ học vấn: {{ education }}; chức vụ, đơn vị công tác: {{ unit }}")


def helper_assignment() -> Form:
    """The cell's resolution assigning an official member to help a candidate (no numbered model)."""
    f = Form()
    f.header("……-NQ/CB")
    f.title("NGHỊ QUYẾT", "Phân công đảng viên chính thức giúp đỡ quần chúng phấn đấu vào Đảng")
    f.text("Căn cứ Điều lệ Đảng Cộng sản Việt Nam và các quy định, hướng dẫn của Trung ương về công tác "
           "kết nạp đảng viên;",
           "Căn cứ kết quả rà soát nguồn phát triển đảng viên và ý kiến thống nhất của chi bộ tại kỳ sinh hoạt "
           "ngày {{ day }} tháng {{ month }} năm {{ year }},")
    f.line("{{ cell_upper }} QUYẾT NGHỊ:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    f.text("1. Phân công đồng chí {{ helper }}, đảng viên chính thức của chi bộ, giúp đỡ quần chúng "
           "{{ name }}, " + PERSON + ", phấn đấu vào Đảng.",
           "2. Đảng viên được phân công có trách nhiệm tuyên truyền, giáo dục, theo dõi, giúp đỡ quần chúng "
           "học tập, rèn luyện, phấn đấu; hướng dẫn quần chúng viết đơn, khai lý lịch khi đủ điều kiện; "
           "báo cáo kết quả với chi bộ tại kỳ sinh hoạt hằng tháng.",
           "3. Đồng chí {{ helper }}, quần chúng {{ name }} và các đảng viên trong chi bộ chịu trách nhiệm "
           "thi hành Nghị quyết này.")
    f.signature(["- {{ superior_committee }} (để báo cáo),", "- Đồng chí {{ helper }},", "- Lưu chi bộ."])
    return f


def opinions_summary(bodies: str, about: str, subject: str, agreeing: str) -> Form:
    """5-KNĐ / 12-KNĐ: the chi ủy sums up the opinions of the mass organisations and of the residence chi ủy:
    how many gave one, the main merits and shortcomings, how many agree (structure: SOURCES.md)."""
    residence = RESIDENCE
    f = Form()
    f.header(None)
    f.title("TỔNG HỢP Ý KIẾN NHẬN XÉT", f"CỦA {bodies.upper()} VÀ {residence.upper()} NƠI CƯ TRÚ", f"đối với {about}")
    f.text(f"Căn cứ ý kiến nhận xét của đại diện các {bodies} mà {about} là thành viên và {residence} nơi cư trú; "
           f"{{{{ summary_author }}}} tổng hợp các ý kiến nhận xét đó đối với {subject} {{{{ name }}}} như sau:",
           f"1- Tổng số {bodies} (mà {about} là thành viên) và {residence} nơi cư trú có ý kiến nhận xét: …… tổ chức.",
           "2- Những ưu điểm chính:")
    f.blanks()
    f.text("3- Những khuyết điểm chính:")
    f.blanks(2)
    f.text(f"4- Số tổ chức nhất trí {agreeing}: …… tổ chức; không nhất trí: …… tổ chức.")
    f.signature([], on_behalf="{{ on_behalf }}")
    return f


def admission_opinions() -> Form:
    """5-KNĐ: the summary of opinions on a candidate (HD 12/2022 wording: đoàn thể chính trị - xã hội)."""
    return opinions_summary("đoàn thể chính trị - xã hội", "người vào Đảng", "quần chúng", "đề nghị kết nạp người vào Đảng")


def recognition_opinions() -> Form:
    """12-KNĐ: the summary of opinions on a probationary member."""
    return opinions_summary("tổ chức đoàn thể", "đảng viên dự bị", "đảng viên dự bị", "đề nghị công nhận đảng viên chính thức")


# The meeting block of 13-KNĐ as the stored page shows it (SOURCES.md); 6-KNĐ has the same block.
ATTENDANCE = (
    "Tổng số đảng viên của Chi bộ: …… đảng viên, trong đó chính thức {{ official_total }} đồng chí, dự bị …… "
    "đồng chí.",
    "Có mặt: …… đảng viên, trong đó chính thức {{ present }} đồng chí, dự bị …… đồng chí.",
    "Vắng mặt: …… đảng viên, trong đó chính thức {{ absent }} đồng chí, dự bị …… đồng chí.",
    "Lý do vắng mặt: …….",
    "Chủ trì hội nghị: Đồng chí …… Chức vụ …….",
    "Thư ký hội nghị: Đồng chí …….",
)


def cell_resolution(subtitle: str, article: int, meeting: str, review: str, merits: str, approving: str,
                    proposal: str) -> Form:
    """6-KNĐ / 13-KNĐ: the cell's resolution on one person: basis, meeting, attendance, review, merits, vote."""
    f = Form()
    f.header("……-NQ/CB")
    f.title("NGHỊ QUYẾT", subtitle)
    f.text(f"Căn cứ Điều {article}, Điều lệ Đảng Cộng sản Việt Nam,",
           "Ngày {{ meeting_day }} tháng {{ meeting_month }} năm {{ meeting_year }}, {{ cell_name }} đã họp để xét, "
           + meeting, *ATTENDANCE, review, "1. Ưu điểm (" + merits + "):")
    f.blanks()
    f.text("2. Khuyết điểm:")
    f.blanks(2)
    f.text("3. Số đảng viên chính thức tán thành " + approving + " là {{ in_favour }} đồng chí (đạt "
           "{{ in_favour_percent }} so với tổng số đảng viên chính thức{{ base_note }}); số không tán thành …… đồng chí (chiếm "
           "……), lý do: …….",
           proposal)
    f.signature(["- {{ superior_committee }} (để xét),", "- Lưu chi bộ."])
    return f


def admission_resolution() -> Form:
    """6-KNĐ: the cell's resolution proposing to admit a candidate."""
    return cell_resolution(
        "đề nghị kết nạp đảng viên", 4,
        "đề nghị kết nạp quần chúng {{ name }} vào Đảng.",
        "Sau khi xem xét giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (cấp ngày {{ course_date }}), đơn xin "
        "vào Đảng, lý lịch của người xin vào Đảng và các văn bản thẩm tra kèm theo, giấy giới thiệu của đảng viên "
        "chính thức ({{ introducers }}){{ union_intro }}, tổng hợp ý kiến nhận xét của đoàn thể chính trị - xã hội và "
        + RESIDENCE + " nơi cư trú; chi bộ thấy quần chúng {{ name }} có những ưu, khuyết điểm chính sau:",
        "về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, quan hệ quần chúng",
        "việc kết nạp quần chúng {{ name }} vào Đảng",
        "Chi bộ đề nghị cấp ủy cấp trên xem xét, kết nạp quần chúng {{ name }} vào Đảng.")


def recognition_resolution() -> Form:
    """13-KNĐ: the cell's resolution proposing to recognise a probationary member as official."""
    return cell_resolution(
        "đề nghị công nhận đảng viên chính thức", 5,
        # the form's "(hoặc kết nạp lại)" resolved from `Kết nạp lại`; admitted on the decision's day (PARTY_AGE)
        "đề nghị công nhận đảng viên dự bị {{ name }} được {{ admission_word }} vào Đảng ngày {{ admitted_day }} "
        "tháng {{ admitted_month }} năm {{ admitted_year }}, trở thành đảng viên chính thức.",
        "Sau khi xem xét giấy chứng nhận học lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới (cấp ngày "
        "{{ new_member_course_date }}), bản tự kiểm điểm của đảng viên dự bị, bản nhận xét của đảng viên chính thức "
        "được phân công giúp đỡ (đồng chí {{ helper }}), tổng hợp ý kiến nhận xét của tổ chức đoàn thể và "
        + RESIDENCE + " nơi cư trú; chi bộ thấy trong thời gian dự bị (quyết định kết nạp số {{ decision_no }} ngày "
        "{{ decision_date }}; lễ kết nạp ngày {{ ceremony_date }}, hết 12 tháng dự bị ngày {{ probation_end }}), đồng "
        "chí {{ name }} có những ưu, khuyết điểm chính sau:",
        "về nhận thức, phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, thực hiện nhiệm vụ đảng viên",
        "việc công nhận đồng chí {{ name }} là đảng viên chính thức",
        "Chi bộ đề nghị cấp ủy cấp trên xem xét, công nhận đồng chí {{ name }} là đảng viên chính thức.")


BUILDERS = {
    DossierForm.HELPER: helper_assignment,
    DossierForm.OPINIONS: admission_opinions,
    DossierForm.ADMISSION: admission_resolution,
    DossierForm.RECOGNITION_OPINIONS: recognition_opinions,
    DossierForm.RECOGNITION: recognition_resolution,
}


def template_bytes(form: DossierForm) -> bytes:
    return BUILDERS[form]().bytes()


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for form in DossierForm:
        (TEMPLATES / form.template).write_bytes(template_bytes(form))
        print(f"templates/{form.template}")


if __name__ == "__main__":
    main()
