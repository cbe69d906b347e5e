"""Build the bundled Word template of the legal review opinion (法制审核意见书).

Run ``.venv/bin/python -m zhifa.review.document_templates.build`` after changing the layout;
the .docx beside this script is the output and is committed. The blocks, fonts and page
layout come from ``zhifa.cases.document_templates.build``. The opinion is headed and ends with
the issuing review body rather than the agency, because a judicial office may have issued it.
"""

import sys
from pathlib import Path

from docx.document import Document as WordDocument

from zhifa.cases.document_templates.build import Block, Heading, Line, Prose, render

OUTPUT_DIR = Path(__file__).resolve().parent

LAYOUTS: dict[str, tuple[Block, ...]] = {
    "review_opinion": (
        Heading("法制审核意见书", numbered=False),
        Line("送审单位：{{ agency.name }}"),
        Line("案号：{{ case.number }}"),
        Line("案由：{{ case.title }}"),
        Line("当事人：{{ parties_text }}"),
        Line("审核机构：{{ doc.review_body }}"),
        Line("送审轮次：第{{ doc.round }}轮"),
        Line("拟作出的决定：{{ doc.decision }}"),
        Line("属于重大执法决定的情形：{{ doc.major_reasons }}"),
        Line("一、审核要点"),
        Prose("{{ doc.checklist }}"),
        Line("二、合法性审核意见"),
        Prose("{{ doc.legality }}"),
        Line("三、合理性审核意见"),
        Prose("{{ doc.reasonableness }}"),
        Line("四、审核结论"),
        Prose("{{ doc.conclusion }}"),
        Prose("{% if doc.corrections %}修改意见：{{ doc.corrections }}{% endif %}"),
        Line("审核人员：{{ doc.reviewer }}"),
        Line("{% if doc.participants %}参与审核人员：{{ doc.participants }}{% endif %}"),
        Line("出具机构：{{ doc.issuing_body }}"),
        Line("出具日期：{{ date }}"),
    ),
}


AGENCY_HEADER = "{{ agency.name }}"
ISSUER_HEADER = "{{ doc.issuing_body }}"


def head_with_issuer(document: WordDocument) -> WordDocument:
    """Replace the shared heading's agency name with the issuing review body."""
    for paragraph in document.paragraphs:
        if paragraph.text == AGENCY_HEADER:
            paragraph.runs[0].text = ISSUER_HEADER
            for run in paragraph.runs[1:]:
                run.text = ""
            return document
    raise ValueError(f"the heading paragraph {AGENCY_HEADER} was not found")


def build_all(output_dir: Path = OUTPUT_DIR) -> list[Path]:
    paths = []
    for code, blocks in LAYOUTS.items():
        path = output_dir / f"{code}.docx"
        head_with_issuer(render(blocks)).save(str(path))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for built in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT_DIR):
        print(built)
