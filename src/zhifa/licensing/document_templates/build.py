"""Build the bundled Word templates of the licensing documents.

Run ``.venv/bin/python -m zhifa.licensing.document_templates.build`` after changing a layout;
the .docx files beside this script are the output and are committed. The blocks, fonts and
page layout come from ``zhifa.cases.document_templates.build``.
"""

import sys
from pathlib import Path

from zhifa.cases.document_templates.build import Block, Heading, Line, Prose, Signature, render

OUTPUT_DIR = Path(__file__).resolve().parent

PARTY: tuple[Block, ...] = (
    Line("申请人：{{ party.name }}"),
    Line("{{ party.id_label }}：{{ party.id_number }}"),
    Line("住所（地址）：{{ party.address }}"),
)
REMEDY = Prose(
    "如不服本决定，可以自收到本决定书之日起{{ remedy.reconsideration_period }}内申请行政复议，"
    "或者自收到本决定书之日起{{ remedy.litigation_period }}内依法向人民法院提起行政诉讼。"
)

LAYOUTS: dict[str, tuple[Block, ...]] = {
    "license_acceptance_notice": (
        Heading("行政许可申请受理通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关于{{ doc.received_on }}收到你（单位）提出的{{ doc.license_item }}申请，"
            "收到的申请材料如下："
        ),
        Prose("{{ doc.materials }}"),
        Prose(
            "经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式，本机关决定于"
            "{{ doc.accepted_on }}予以受理。本机关将在{{ doc.decision_period }}内作出行政许可决定；"
            "依法需要听证、检验、检测、专家评审等的，所需时间不计算在内，本机关将另行书面告知。"
        ),
        Signature(),
    ),
    "license_non_acceptance": (
        Heading("不予受理行政许可申请决定书", numbered=True),
        *PARTY,
        Prose("本机关于{{ doc.received_on }}收到你（单位）提出的{{ doc.license_item }}申请。"),
        Prose(
            "经审查，{{ doc.reasons }}根据《中华人民共和国行政许可法》第三十二条的规定，"
            "本机关决定不予受理。"
        ),
        Prose("{% if doc.other_agency %}请向{{ doc.other_agency }}提出申请。{% endif %}"),
        REMEDY,
        Signature(),
    ),
    "license_supplement_notice": (
        Heading("行政许可申请材料补正告知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关于{{ doc.received_on }}收到你（单位）提出的{{ doc.license_item }}申请。"
            "经审查，申请材料不齐全或者不符合法定形式，现一次性告知需要补正的全部内容如下："
        ),
        Prose("{{ doc.missing_materials }}"),
        Prose("{% if doc.submit_by %}补正方式和期限：{{ doc.submit_by }}{% endif %}"),
        Prose("本机关自收到全部补正材料之日起受理。"),
        Signature(),
    ),
    "license_hearing_right_notice": (
        Heading("行政许可听证告知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关正在审查{{ doc.license_item }}申请，该行政许可直接涉及申请人与他人之间的"
            "重大利益关系：{{ doc.interests }}"
        ),
        Prose(
            "根据《中华人民共和国行政许可法》第四十七条的规定，你（单位）有权要求听证。"
            "如要求听证，请于{{ doc.request_deadline }}前（被告知之日起五个工作日内）向本机关提出；"
            "逾期未提出的，视为放弃听证权利。申请人、利害关系人不承担听证费用。"
        ),
        Signature(),
    ),
    "license_hearing_notice": (
        Heading("行政许可听证通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关定于{{ doc.hearing_time }}在{{ doc.hearing_place }}就{{ doc.license_item }}"
            "申请举行听证，听证公开进行。听证主持人：{{ doc.presiding_officer }}。"
        ),
        Prose(
            "你（单位）认为主持人与该行政许可事项有直接利害关系的，有权申请回避。请按时出席，"
            "可以委托代理人参加，并携带身份证明和有关证据材料。"
        ),
        Signature(),
    ),
    "license_grant_decision": (
        Heading("准予行政许可决定书", numbered=True),
        *PARTY,
        Prose("你（单位）提出的{{ doc.license_item }}申请，经审查，符合法定条件、标准。"),
        Prose("根据{{ doc.legal_basis }}的规定，本机关决定准予行政许可，许可内容如下："),
        Prose("{{ doc.content }}"),
        Prose("许可证件：{{ doc.certificate_name }}，有效期限：{{ doc.validity }}。"),
        Prose("{% if doc.commitment %}{{ doc.commitment }}{% endif %}"),
        Signature(),
    ),
    "license_refusal_decision": (
        Heading("不予行政许可决定书", numbered=True),
        *PARTY,
        Prose("你（单位）提出的{{ doc.license_item }}申请，经审查，{{ doc.reasons }}"),
        Prose("根据{{ doc.legal_basis }}的规定，本机关决定不予行政许可。"),
        REMEDY,
        Signature(),
    ),
    "license_extension_notice": (
        Heading("延长行政许可期限通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关已受理你（单位）提出的{{ doc.license_item }}申请。因{{ doc.reason }}，"
            "二十个工作日内不能作出决定，经本机关负责人批准，延长十个工作日，"
            "本机关将于{{ doc.new_deadline }}前作出决定。"
        ),
        Signature(),
    ),
    "license_excluded_period_notice": (
        Heading("行政许可期限扣除告知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关在审查你（单位）提出的{{ doc.license_item }}申请过程中，依法需要"
            "{{ doc.excluded_matter }}，所需时间为{{ doc.period }}。"
            "根据《中华人民共和国行政许可法》第四十五条的规定，该时间不计算在作出行政许可决定的期限内。"
        ),
        Signature(),
    ),
    "license_disposal_decision": (
        Heading("行政许可变更、撤回、撤销、注销决定书", numbered=True),
        Line("决定事项：{{ doc.disposal }}"),
        Line("被许可人：{{ party.name }}"),
        Line("{{ party.id_label }}：{{ party.id_number }}"),
        Line("住所（地址）：{{ party.address }}"),
        Prose("本机关向你（单位）颁发的{{ doc.licence }}，{{ doc.grounds }}"),
        Prose("根据{{ doc.legal_basis }}的规定，本机关决定对该行政许可予以{{ doc.disposal }}。"),
        Prose("{% if doc.compensation %}{{ doc.compensation }}{% endif %}"),
        REMEDY,
        Signature(),
    ),
}


def build_all(output_dir: Path = OUTPUT_DIR) -> list[Path]:
    paths = []
    for code, blocks in LAYOUTS.items():
        path = output_dir / f"{code}.docx"
        render(blocks).save(str(path))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for built in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT_DIR):
        print(built)
