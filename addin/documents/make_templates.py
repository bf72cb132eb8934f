"""Write the dossier templates (templates/*.docx) with python-docx, byte-reproducibly.

Run `python -m addin.documents.make_templates` after editing a form below; the test suite
checks that the committed files are what this script writes. Each form reproduces the
structure of its model in the appendix of HD 12-HD/BTCTW (18/01/2022), see templates/SOURCES.md;
the layout follows HD 36-HD/VPTW: A4, margins 20/20/30/15 mm, Times New Roman 14, the header
block (superior committee and cell, "ĐẢNG CỘNG SẢN VIỆT NAM", place and date), and the
signature block. `{{ … }}` are filled by addin/documents/dossier.py (docxtpl); a value the
register does not hold arrives as "……" for the committee to fill in by hand.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .dossier import TEMPLATES, DossierForm, reproducible

FONT = "Times New Roman"
BODY_SIZE = 14
BLANK_LINE = "…" * 32


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
        properties = self.doc.core_properties
        properties.author = "chibo"
        properties.title = ""
        properties.comments = ""

    def header(self, number: str | None, signer: str = "CHI BỘ") -> None:
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

    def title(self, title: str, subtitle: str = "") -> None:
        self.line(title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15)
        if subtitle:
            self.line(subtitle, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
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
    f.line("{{ cell }} QUYẾT NGHỊ:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    f.text("1. Phân công đồng chí {{ helper }}, đảng viên chính thức của chi bộ, giúp đỡ quần chúng "
           "{{ name }}, " + PERSON + ", phấn đấu vào Đảng.",
           "2. Đảng viên được phân công có trách nhiệm tuyên truyền, giáo dục, theo dõi, giúp đỡ quần chúng "
           "học tập, rèn luyện, phấn đấu; hướng dẫn quần chúng viết đơn, khai lý lịch khi đủ điều kiện; "
           "báo cáo kết quả với chi bộ tại kỳ sinh hoạt hằng tháng.",
           "3. Đồng chí {{ helper }}, quần chúng {{ name }} và các đảng viên trong chi bộ chịu trách nhiệm "
           "thi hành Nghị quyết này.")
    f.signature(["- Đảng ủy (để báo cáo),", "- Đồng chí {{ helper }},", "- Lưu chi bộ."])
    return f


def opinions_report(subject: str, procedure: str, about: str) -> Form:
    """A summary by the chi ủy of the opinions of the mass organisation at work and of the residence chi ủy."""
    f = Form()
    f.header(None)
    f.title("TỔNG HỢP Ý KIẾN NHẬN XÉT CỦA TỔ CHỨC ĐOÀN THỂ VÀ CHI ỦY NƠI CƯ TRÚ", subject)
    f.text("Thực hiện quy định về thủ tục " + procedure + ", chi ủy (chi bộ) đã lấy ý kiến nhận xét của tổ chức "
           "đoàn thể nơi làm việc và chi ủy (chi bộ) nơi cư trú đối với " + about + ". Chi ủy tổng hợp như sau:",
           "1. Ý kiến nhận xét của tổ chức đoàn thể nơi làm việc ({{ union_body }}):")
    f.blanks()
    f.text("2. Ý kiến nhận xét của chi ủy (chi bộ) nơi cư trú:")
    f.blanks()
    return f


def opinions_summary() -> Form:
    """5-KNĐ: summary of the opinions of the mass organisations and of the residence chi ủy on a candidate."""
    f = opinions_report("đối với người xin vào Đảng", "xem xét kết nạp đảng viên",
                        "quần chúng {{ name }}, " + PERSON)
    f.text("3. Tổng hợp chung:", "- Ưu điểm (về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, "
           "quan hệ quần chúng):")
    f.blanks(2)
    f.text("- Khuyết điểm:")
    f.blanks(2)
    f.text("4. Những vấn đề cần làm rõ thêm (nếu có):")
    f.blanks(2)
    f.signature([], on_behalf="T/M CHI ỦY")
    return f


ATTENDANCE = (
    "Tổng số đảng viên chính thức của chi bộ: {{ official_total }} đồng chí; có mặt: {{ present }} đồng chí; "
    "vắng mặt: {{ absent }} đồng chí (lý do: ……).",
    "Chủ trì hội nghị: đồng chí ……, chức vụ ……. Thư ký hội nghị: đồng chí ……, chức vụ …….",
)
VOTE = ("Số đảng viên chính thức tán thành: {{ in_favour }} đồng chí (đạt {{ in_favour_percent }} so với tổng số "
        "đảng viên chính thức); không tán thành: {{ against }} đồng chí ({{ against_percent }}), lý do: …….")


def cell_resolution(subtitle: str, purpose: str, review: Sequence[str], merits: str, proposal: str) -> Form:
    """A resolution of the cell meeting on one person: meeting, attendance, review, merits, proposal, vote."""
    f = Form()
    f.header("……-NQ/CB")
    f.title("NGHỊ QUYẾT", subtitle)
    f.text("Ngày {{ meeting_day }} tháng {{ meeting_month }} năm {{ meeting_year }}, {{ cell_name }} đã họp để xét "
           + purpose + ".", *ATTENDANCE, *review, "1. Ưu điểm (" + merits + "):")
    f.blanks()
    f.text("2. Khuyết điểm:")
    f.blanks(2)
    f.text(proposal, VOTE)
    f.signature(["- Đảng ủy (để xét),", "- Lưu chi bộ."])
    return f


def admission_resolution() -> Form:
    """6-KNĐ: the cell's resolution proposing to admit a candidate."""
    return cell_resolution(
        "Đề nghị kết nạp đảng viên",
        "đề nghị kết nạp quần chúng {{ name }} vào Đảng",
        ["Sau khi xem xét đơn xin vào Đảng, lý lịch của người xin vào Đảng, giấy giới thiệu của đảng viên chính thức "
         "({{ introducers }}){{ union_intro }}, ý kiến nhận xét của tổ chức đoàn thể và chi ủy nơi cư trú, giấy "
         "chứng nhận học lớp bồi dưỡng nhận thức về Đảng (cấp ngày {{ course_date }}); chi bộ nhận thấy quần chúng "
         "{{ name }}, " + PERSON + ", có những ưu, khuyết điểm chính như sau:"],
        "về phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, quan hệ quần chúng",
        "Đối chiếu với tiêu chuẩn, điều kiện người vào Đảng, chi bộ đề nghị cấp ủy cấp trên xem xét, kết nạp quần "
        "chúng {{ name }} vào Đảng.")


def recognition_opinions() -> Form:
    """12-KNĐ: summary of the opinions on a probationary member."""
    f = opinions_report("đối với đảng viên dự bị", "xét công nhận đảng viên chính thức",
                        "đồng chí {{ name }}, " + PERSON + "; kết nạp vào Đảng ngày {{ ceremony_date }} theo Quyết "
                        "định số {{ decision_no }} ngày {{ decision_date }}; đảng viên được phân công giúp đỡ: đồng chí "
                        "{{ helper }}")
    f.text("3. Tổng hợp chung về ưu điểm, khuyết điểm trong thời gian dự bị:")
    f.blanks(3)
    f.signature([], on_behalf="T/M CHI ỦY")
    return f


def recognition_resolution() -> Form:
    """13-KNĐ: the cell's resolution proposing to recognise a probationary member as official."""
    return cell_resolution(
        "Đề nghị công nhận đảng viên chính thức",
        "đề nghị công nhận đảng viên chính thức cho đồng chí {{ name }}",
        ["Đồng chí {{ name }}, " + PERSON + ", được kết nạp vào Đảng ngày {{ ceremony_date }} theo Quyết định số "
         "{{ decision_no }} ngày {{ decision_date }}; hết thời gian dự bị ngày {{ probation_end }}; đã học lớp bồi "
         "dưỡng lý luận chính trị dành cho đảng viên mới (giấy chứng nhận ngày {{ new_member_course_date }}).",
         "Sau khi xem xét bản tự kiểm điểm của đảng viên dự bị, bản nhận xét của đảng viên chính thức được phân công "
         "giúp đỡ (đồng chí {{ helper }}), ý kiến nhận xét của tổ chức đoàn thể nơi làm việc và chi ủy nơi cư trú; "
         "chi bộ nhận thấy trong thời gian dự bị, đồng chí {{ name }} có những ưu, khuyết điểm chính như sau:"],
        "về nhận thức, phẩm chất chính trị, đạo đức, lối sống, năng lực công tác, thực hiện nhiệm vụ đảng viên",
        "Đối chiếu với tiêu chuẩn, nhiệm vụ đảng viên, chi bộ đề nghị cấp ủy cấp trên xem xét, công nhận đồng chí "
        "{{ name }} là đảng viên chính thức.")


BUILDERS = {
    DossierForm.HELPER: helper_assignment,
    DossierForm.OPINIONS: opinions_summary,
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
