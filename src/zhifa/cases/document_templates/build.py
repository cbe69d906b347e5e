"""Build the bundled Word templates of the standard enforcement documents.

Run ``.venv/bin/python -m zhifa.cases.document_templates.build`` (or ``zhifa documents
build-templates``) after changing a layout here; the .docx files beside this script are the
output and are committed. The templates use docxtpl's Jinja placeholders; the variables are
listed in ``zhifa.cases.documents.registry``.

The layout follows GB/T 9704-2012 (党政机关公文格式): A4 paper, margins of 37 mm top, 35 mm
bottom, 28 mm left and 26 mm right; the title in 2号 (22 pt) 小标宋, replaced by 宋体 bold
here; body text in 3号 (16 pt) 仿宋 with a two-character first-line indent; page numbers in
4号 (14 pt) 宋体 as "— 1 —". Every run sets an East Asian font (w:eastAsia), so Chinese text
never falls back to a Latin font.
"""

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

OUTPUT_DIR = Path(__file__).resolve().parent

SONG = "宋体"
FANGSONG = "仿宋"
HEITI = "黑体"
LATIN = "Times New Roman"

TITLE_SIZE = 22  # 2号
BODY_SIZE = 16  # 3号
TABLE_SIZE = 12  # 小4号
PAGE_NUMBER_SIZE = 14  # 4号
# Exact line spacing that gives 22 lines on the 225 mm type area of GB/T 9704.
BODY_LINE_SPACING = Pt(28.9)


# --- Runs and paragraphs -----------------------------------------------------------------------


def set_run_font(run: Run, east_asia: str, size: float, *, bold: bool = False) -> None:
    """Set the Latin and East Asian fonts of a run, so Chinese text keeps its typeface."""
    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def add_text(
    paragraph: Paragraph,
    text: str,
    font: str = FANGSONG,
    size: float = BODY_SIZE,
    bold: bool = False,
) -> Run:
    run = paragraph.add_run(text)
    set_run_font(run, font, size, bold=bold)
    return run


def add_paragraph(
    container: WordDocument | _Cell,
    text: str = "",
    *,
    font: str = FANGSONG,
    size: float = BODY_SIZE,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    exact_spacing: bool = True,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    layout = paragraph.paragraph_format
    layout.space_before = Pt(0)
    layout.space_after = Pt(0)
    if exact_spacing:
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = BODY_LINE_SPACING
    if indent:
        layout.first_line_indent = Pt(size * 2)
    if text:
        add_text(paragraph, text, font, size, bold)
    return paragraph


def add_page_number_field(paragraph: Paragraph) -> None:
    """Append a PAGE field between em dashes, the GB/T 9704 page number."""
    add_text(paragraph, "— ", SONG, PAGE_NUMBER_SIZE)
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("end", "")):
        run = paragraph.add_run()
        set_run_font(run, SONG, PAGE_NUMBER_SIZE)
        if kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
        else:
            field_char = OxmlElement("w:fldChar")
            field_char.set(qn("w:fldCharType"), kind)
            run._element.append(field_char)
        if kind == "separate":
            add_text(paragraph, "1", SONG, PAGE_NUMBER_SIZE)
    add_text(paragraph, " —", SONG, PAGE_NUMBER_SIZE)


# --- Page setup --------------------------------------------------------------------------------


def new_template() -> WordDocument:
    document = docx.Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.footer_distance = Mm(20)

    # Defaults for text the template editor adds later, so new runs also get an East Asian font.
    normal = document.styles["Normal"]
    normal.font.name = LATIN
    normal.font.size = Pt(BODY_SIZE)
    style_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    style_fonts.set(qn("w:eastAsia"), FANGSONG)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number_field(footer)

    # python-docx starts with one empty paragraph; drop it so the heading is the first line.
    body = document.element.body
    first = body.find(qn("w:p"))
    if first is not None:
        body.remove(first)
    return document


# --- Blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    title: str
    numbered: bool


@dataclass(frozen=True)
class Line:
    """A paragraph without indent (labels such as 当事人：...)."""

    text: str


@dataclass(frozen=True)
class Prose:
    """A body paragraph with a two-character first-line indent."""

    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Signature:
    """Agency name, seal placeholder and date, aligned right."""


@dataclass(frozen=True)
class SignLines:
    """Lines where people sign by hand."""

    labels: tuple[str, ...]


Block = Heading | Line | Prose | Table | Signature | SignLines


def render_heading(document: WordDocument, block: Heading) -> None:
    add_paragraph(
        document,
        "{{ agency.name }}",
        font=SONG,
        size=TITLE_SIZE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact_spacing=False,
    )
    add_paragraph(
        document,
        block.title,
        font=SONG,
        size=TITLE_SIZE,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact_spacing=False,
    )
    if block.numbered:
        add_paragraph(document, "{{ number }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_paragraph(document, "")


def render_table(document: WordDocument, block: Table) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in block.rows:
        cells = table.add_row().cells
        cells[0].width = Mm(38)
        cells[1].width = Mm(118)
        for cell, text, font, bold in (
            (cells[0], label, HEITI, False),
            (cells[1], value, FANGSONG, False),
        ):
            # A new cell contains one empty paragraph; write into it instead of adding another.
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = Pt(3)
            paragraph.paragraph_format.space_after = Pt(3)
            add_text(paragraph, text, font, TABLE_SIZE, bold)


def render_signature(document: WordDocument) -> None:
    add_paragraph(document, "")
    for text in ("{{ agency.name }}", "{{ seal }}", "{{ date }}"):
        add_paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)


def render_sign_lines(document: WordDocument, block: SignLines) -> None:
    add_paragraph(document, "")
    for label in block.labels:
        add_paragraph(document, f"{label}：　　　　　　　　　　日期：　　　　年　　月　　日")


def render(blocks: Sequence[Block]) -> WordDocument:
    document = new_template()
    for block in blocks:
        if isinstance(block, Heading):
            render_heading(document, block)
        elif isinstance(block, Line):
            add_paragraph(document, block.text)
        elif isinstance(block, Prose):
            add_paragraph(document, block.text, indent=True)
        elif isinstance(block, Table):
            render_table(document, block)
        elif isinstance(block, Signature):
            render_signature(document)
        else:
            render_sign_lines(document, block)
    return document


# --- The documents -----------------------------------------------------------------------------

PARTY_LINES: tuple[Block, ...] = (
    Line("当事人：{{ party.name }}"),
    Line("{{ party.id_label }}：{{ party.id_number }}"),
    Line("法定代表人（负责人）：{{ party.legal_representative }}"),
    Line("住所（地址）：{{ party.address }}"),
)

APPROVALS: tuple[tuple[str, str], ...] = (
    ("承办人意见", "{{ doc.handler_opinion }}\n承办人：{{ officers_text }}"),
    ("承办部门负责人意见", "{{ doc.department_opinion }}\n签名：　　　　　　日期："),
    ("执法单位负责人意见", "{{ doc.agency_opinion }}\n签名：　　　　　　日期："),
)

REMEDY_TEXT = (
    "如不服本决定，可以自收到本决定书之日起{{ remedy.reconsideration_period }}内向"
    "{{ doc.reconsideration_body }}申请行政复议，或者自收到本决定书之日起"
    "{{ remedy.litigation_period }}内依法向{{ doc.court }}提起行政诉讼。"
    "申请行政复议或者提起行政诉讼期间，行政处罚不停止执行，法律另有规定的除外。"
)

# No-penalty decisions change no duty of the party, so unlike REMEDY_TEXT there is no sentence
# on execution continuing during reconsideration or litigation.
NO_PENALTY_REMEDY_TEXT = (
    "如不服本决定，可以自收到本决定书之日起{{ remedy.reconsideration_period }}内向"
    "{{ doc.reconsideration_body }}申请行政复议，或者自收到本决定书之日起"
    "{{ remedy.litigation_period }}内依法向{{ doc.court }}提起行政诉讼。"
)

LAYOUTS: dict[str, tuple[Block, ...]] = {
    "case_approval": (
        Heading("立案审批表", numbered=False),
        Table(
            (
                ("案号", "{{ case.number }}"),
                ("案由", "{{ case.title }}"),
                ("案件来源", "{{ doc.source }}"),
                ("受案时间", "{{ doc.received_on }}"),
                ("当事人", "{{ parties_text }}"),
                ("证件号码", "{{ party.id_label }} {{ party.id_number }}"),
                ("住所（地址）", "{{ party.address }}"),
                ("简要案情", "{{ doc.summary }}"),
                ("涉嫌违反的规定", "{{ doc.legal_basis }}"),
                *APPROVALS,
            )
        ),
    ),
    "site_inspection_record": (
        Heading("现场检查（勘验）笔录", numbered=False),
        Line("检查时间：{{ doc.started_at }}"),
        Line("检查地点：{{ doc.place }}"),
        *PARTY_LINES,
        Line("现场负责人或在场人：{{ doc.present_person }}"),
        Line("执法人员及执法证号：{{ officers_text }}"),
        Prose(
            "我们是{{ agency.name }}的执法人员，已向你出示执法证件。现依法进行现场检查（勘验），"
            "请予配合。你有权申请执法人员回避。"
        ),
        Line("检查（勘验）情况："),
        Prose("{{ doc.content }}"),
        Line("当事人意见：{{ doc.party_opinion }}"),
        SignLines(("当事人（在场人）签名", "执法人员签名", "记录人签名")),
    ),
    "inquiry_record": (
        Heading("询问笔录", numbered=False),
        Line("询问时间：{{ doc.started_at }}"),
        Line("询问地点：{{ doc.place }}"),
        Line("被询问人：{{ doc.interviewee }}　身份证件号码：{{ doc.interviewee_id }}"),
        Line("与案件关系：{{ doc.relation }}"),
        Line("案由：{{ case.title }}"),
        Line("执法人员及执法证号：{{ officers_text }}"),
        Line("记录人：{{ doc.recorder }}"),
        Prose(
            "我们是{{ agency.name }}的执法人员，已向你出示执法证件。你有如实回答询问的义务，"
            "也有申请执法人员回避的权利。"
        ),
        Line("询问内容："),
        Prose("{{ doc.content }}"),
        SignLines(("被询问人签名", "执法人员签名", "记录人签名")),
    ),
    "evidence_preservation_notice": (
        Heading("先行登记保存证据通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "因{{ doc.reason }}，在证据可能灭失或者以后难以取得的情况下，经本机关负责人批准，"
            "依据《中华人民共和国行政处罚法》第五十六条的规定，对下列物品予以先行登记保存："
        ),
        Prose("{{ doc.goods }}"),
        Prose(
            "保存地点：{{ doc.place }}。保存期限至{{ doc.period_end }}。"
            "在此期间，当事人或者有关人员不得销毁或者转移证据。本机关将在七个工作日内作出处理决定。"
        ),
        Signature(),
        SignLines(("当事人签名",)),
    ),
    "evidence_preservation_decision": (
        Heading("先行登记保存证据处理决定书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关于{{ doc.notice_number }}《先行登记保存证据通知书》对你（单位）的有关物品予以"
            "先行登记保存。依据{{ doc.legal_basis }}，现作出如下处理决定："
        ),
        Prose("{{ doc.handling }}"),
        Signature(),
    ),
    "prior_notice": (
        Heading("行政处罚事先告知书", numbered=True),
        Line("{{ party.name }}："),
        Prose("经调查，你（单位）{{ doc.facts }}"),
        Prose("以上事实有下列证据证明：{{ doc.evidence }}"),
        Prose(
            "你（单位）的上述行为违反了{{ doc.legal_basis }}的规定。依据{{ doc.penalty_basis }}"
            "的规定，本机关拟对你（单位）作出如下行政处罚：{{ doc.proposed_penalty }}"
        ),
        Prose(
            "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行"
            "陈述和申辩。请于{{ doc.statement_deadline }}内向本机关提出陈述、申辩意见，"
            "逾期视为放弃上述权利。"
        ),
        Prose("{{ doc.hearing_right }}"),
        Line("联系人及电话：{{ doc.contact }}"),
        Signature(),
    ),
    "hearing_notice": (
        Heading("听证通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "根据你（单位）的申请，本机关定于{{ doc.hearing_time }}在{{ doc.hearing_place }}"
            "就{{ case.title }}一案举行听证，{{ doc.publicity }}。"
        ),
        Prose(
            "听证主持人：{{ doc.presiding_officer }}；书记员：{{ doc.clerk }}。"
            "你（单位）认为主持人与本案有直接利害关系的，有权申请回避。"
        ),
        Prose(
            "你（单位）可以委托一至二人代理参加听证。请准时出席；无正当理由拒不出席或者未经许可"
            "中途退出听证的，视为放弃听证权利。"
        ),
        Signature(),
    ),
    "hearing_record": (
        Heading("听证笔录", numbered=False),
        Line("案由：{{ case.title }}"),
        Line("听证时间：{{ doc.hearing_time }}"),
        Line("听证地点：{{ doc.hearing_place }}"),
        Line("听证主持人：{{ doc.presiding_officer }}　书记员：{{ doc.clerk }}"),
        *PARTY_LINES,
        Line("参加人员：{{ doc.attendees }}"),
        Line("听证经过："),
        Prose("{{ doc.content }}"),
        SignLines(("当事人（代理人）签名", "听证主持人签名", "书记员签名")),
    ),
    "penalty_decision": (
        Heading("行政处罚决定书", numbered=True),
        *PARTY_LINES,
        Prose("经查，当事人{{ doc.facts }}"),
        Prose("以上事实有下列证据证明：{{ doc.evidence }}"),
        Prose(
            "{% if doc.legal_basis %}当事人的上述行为违反了{{ doc.legal_basis }}的规定。{% endif %}"
            "依据{{ doc.penalty_basis }}的规定，本机关决定对当事人作出如下行政处罚："
            "{{ doc.penalty }}"
        ),
        Prose("履行方式和期限：{{ doc.performance }}"),
        Prose(
            "当事人到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额"
            "不超出罚款的数额（《中华人民共和国行政处罚法》第七十二条）。"
        ),
        Prose(REMEDY_TEXT),
        Signature(),
    ),
    "summary_penalty_decision": (
        Heading("当场行政处罚决定书", numbered=True),
        *PARTY_LINES,
        Prose(
            "当事人于{{ doc.occurred_at }}在{{ doc.place }}{{ doc.facts }}。"
            "依据{{ doc.penalty_basis }}的规定，决定给予当事人如下行政处罚：{{ doc.penalty }}"
        ),
        Prose("履行方式和期限：{{ doc.performance }}"),
        Prose(REMEDY_TEXT),
        Line("执法人员及执法证号：{{ officers_text }}"),
        Signature(),
        SignLines(("当事人签名", "执法人员签名")),
    ),
    "service_receipt": (
        Heading("送达回证", numbered=False),
        Table(
            (
                ("案号", "{{ case.number }}"),
                ("送达文书名称及文号", "{{ doc.served_document }}"),
                ("受送达人", "{{ doc.recipient }}"),
                ("送达地点", "{{ doc.service_place }}"),
                ("送达方式", "{{ doc.service_method }}"),
                ("送达时间", "{{ doc.served_at }}"),
                ("送达人", "{{ officers_text }}"),
                ("受送达人签名或盖章", "\n\n年　　月　　日"),
                ("备注", "{{ doc.notes }}"),
            )
        ),
    ),
    "closing_approval": (
        Heading("结案审批表", numbered=False),
        Table(
            (
                ("案号", "{{ case.number }}"),
                ("案由", "{{ case.title }}"),
                ("当事人", "{{ parties_text }}"),
                ("立案日期", "{{ case.opened_on }}"),
                ("处理结果", "{{ doc.outcome }}"),
                ("执行情况", "{{ doc.execution }}"),
                *APPROVALS,
            )
        ),
    ),
    "inspection_record": (
        Heading("行政检查记录", numbered=False),
        Line("检查时间：{{ doc.inspected_at }}"),
        Line("检查地点：{{ doc.place }}"),
        Line("被检查人：{{ party.name }}"),
        Line("{{ party.id_label }}：{{ party.id_number }}"),
        Line("住所（地址）：{{ party.address }}"),
        Line("执法人员及执法证号：{{ officers_text }}"),
        Line("检查依据：{{ doc.basis }}"),
        Line("检查事项：{{ doc.check_items }}"),
        Line("检查情况："),
        Prose("{{ doc.findings }}"),
        Line("被检查人意见：{{ doc.party_opinion }}"),
        SignLines(("被检查人签名", "执法人员签名")),
    ),
    "inspection_result_notice": (
        Heading("行政检查结果告知书", numbered=True),
        Line("{{ party.name }}："),
        Prose("本机关于{{ doc.inspected_on }}对你（单位）进行了行政检查。检查情况如下："),
        Prose("{{ doc.findings }}"),
        Prose("检查结论：{{ doc.result }}"),
        Prose("{% if doc.requirements %}整改要求：{{ doc.requirements }}{% endif %}"),
        Signature(),
    ),
    # Lines of "{%p ... %}" are docxtpl paragraph tags. docxtpl removes the paragraph that
    # contains the tag, so an optional section leaves no empty line behind.
    "no_penalty_decision": (
        Heading("不予行政处罚决定书", numbered=True),
        *PARTY_LINES,
        Prose("经查，{{ doc.facts }}"),
        Prose("以上事实有下列证据证明：{{ doc.evidence }}"),
        Prose("本机关认为，{{ doc.reasons }}"),
        Prose("依据{{ doc.legal_basis }}的规定，本机关决定对当事人不予行政处罚。"),
        Line("{%p if doc.guardian_order %}"),
        Prose(
            "当事人违法时不满十四周岁，依据《中华人民共和国行政处罚法》第三十条的规定，"
            "责令其监护人加以管教：{{ doc.guardian_order }}"
        ),
        Line("{%p endif %}"),
        Line("{%p if doc.education %}"),
        Prose("本机关已对当事人进行教育：{{ doc.education }}"),
        Line("{%p endif %}"),
        Prose(NO_PENALTY_REMEDY_TEXT),
        Signature(),
    ),
    "criminal_transfer": (
        Heading("涉嫌犯罪案件移送书", numbered=True),
        Line("{{ doc.receiving_organ }}："),
        Prose(
            "本机关在办理{{ case.title }}（案号：{{ case.number }}）过程中，发现当事人的违法行为"
            "涉嫌犯罪。当事人基本情况如下："
        ),
        *PARTY_LINES,
        Line("涉嫌犯罪的事实："),
        Prose("{{ doc.facts }}"),
        Line("涉嫌犯罪的理由："),
        Prose("{{ doc.reasons }}"),
        Prose(
            "依据《中华人民共和国行政处罚法》第二十七条第一款的规定，现将本案移送你单位依法处理，"
            "随案移送下列材料："
        ),
        Line("{%p for item in doc.materials.splitlines() if item.strip() %}"),
        Line("{{ loop.index }}．{{ item.strip() }}"),
        Line("{%p endfor %}"),
        Line("联系人及电话：{{ doc.contact }}"),
        Signature(),
        SignLines(("接收单位经办人签名",)),
    ),
}


def build_all(output_dir: Path = OUTPUT_DIR) -> list[Path]:
    """Write one .docx per layout into ``output_dir`` and return the paths."""
    written = []
    for code, blocks in LAYOUTS.items():
        path = output_dir / f"{code}.docx"
        render(blocks).save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT_DIR):
        print(path)
