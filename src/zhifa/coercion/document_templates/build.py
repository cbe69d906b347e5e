"""Build the bundled Word templates of the coercion documents.

Run ``.venv/bin/python -m zhifa.coercion.document_templates.build`` after changing a layout
here; the .docx files beside this script are the output and are committed. The layout and
fonts come from ``zhifa.cases.document_templates.build``.
"""

import sys
from pathlib import Path

from zhifa.cases.document_templates.build import (
    PARTY_LINES,
    Block,
    Heading,
    Line,
    Prose,
    Signature,
    SignLines,
    Table,
    render,
)

OUTPUT_DIR = Path(__file__).resolve().parent

REMEDY = Prose(
    "如不服本决定，可以自收到本决定书之日起{{ remedy.reconsideration_period }}内向"
    "{{ doc.reconsideration_body }}申请行政复议，或者自收到本决定书之日起"
    "{{ remedy.litigation_period }}内依法向{{ doc.court }}提起行政诉讼。"
)

LAYOUTS: dict[str, tuple[Block, ...]] = {
    "seizure_decision": (
        Heading("查封（扣押）决定书及清单", numbered=True),
        *PARTY_LINES,
        Prose("理由：{{ doc.reason }}"),
        Prose(
            "依据{{ doc.legal_basis }}，本机关决定对{{ doc.place }}的下列场所、设施或者财物"
            "予以{{ doc.measure }}，期限为{{ doc.period }}。"
        ),
        Line("{{ doc.measure }}清单："),
        Prose("{{ doc.inventory }}"),
        Prose(
            "在{{ doc.measure }}期间，你（单位）不得擅自转移、隐匿、损毁上述场所、设施或者财物。"
            "对物品需要进行检测、检验、检疫或者技术鉴定的，期间不计入{{ doc.measure }}期限，"
            "本机关将书面告知。"
        ),
        REMEDY,
        Signature(),
        SignLines(("当事人签名（拒绝签名的注明）", "执法人员签名", "见证人签名")),
    ),
    "freezing_decision": (
        Heading("冻结决定书", numbered=True),
        *PARTY_LINES,
        Prose("理由：{{ doc.reason }}"),
        Prose(
            "依据{{ doc.legal_basis }}，本机关决定冻结你（单位）在{{ doc.bank }}的账户"
            "（账号：{{ doc.account }}）内存款、汇款{{ doc.amount }}，冻结期限为{{ doc.period }}。"
        ),
        REMEDY,
        Signature(),
    ),
    "measure_extension_decision": (
        Heading("延长查封（扣押）期限决定书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关于{{ doc.original_decision }}决定书对你（单位）"
            "的场所、设施或者财物采取了强制措施。"
            "因{{ doc.reason }}，经本机关负责人批准，期限延长{{ doc.extension }}，"
            "至{{ doc.new_deadline }}届满。"
        ),
        Signature(),
    ),
    "measure_release_decision": (
        Heading("解除查封（扣押）决定书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关以{{ doc.original_decision }}决定书对你（单位）"
            "的场所、设施或者财物采取了强制措施。"
            "因{{ doc.reason }}，本机关决定予以解除，并退还下列财物："
        ),
        Prose("{{ doc.inventory }}"),
        Signature(),
        SignLines(("当事人签收", "执法人员签名")),
    ),
    "enforcement_demand_notice": (
        Heading("催告书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "本机关作出的{{ doc.decision }}已经送达，你（单位）"
            "应当履行的义务是：{{ doc.obligation }}。"
            "你（单位）至今未履行。现催告你（单位）于{{ doc.deadline }}前以下列方式履行："
            "{{ doc.manner }}。"
        ),
        Prose("{% if doc.amount %}金额及给付方式：{{ doc.amount }}{% endif %}"),
        Prose(
            "你（单位）有权进行陈述和申辩。逾期仍不履行且无正当理由的，本机关将依法强制执行"
            "或者申请人民法院强制执行。"
        ),
        Signature(),
    ),
    "enforcement_decision": (
        Heading("行政强制执行决定书", numbered=True),
        *PARTY_LINES,
        Prose(
            "本机关作出的{{ doc.decision }}经催告，你（单位）逾期仍未履行。理由：{{ doc.reason }}。"
        ),
        Prose(
            "依据{{ doc.legal_basis }}，"
            "本机关决定于{{ doc.time }}以下列方式强制执行：{{ doc.method }}。"
        ),
        REMEDY,
        Signature(),
    ),
    "substitute_decision": (
        Heading("代履行决定书", numbered=True),
        *PARTY_LINES,
        Prose("理由：{{ doc.reason }}"),
        Prose(
            "依据{{ doc.legal_basis }}，本机关决定由{{ doc.performer }}于{{ doc.time }}"
            "以{{ doc.method }}的方式对{{ doc.target }}实施代履行，"
            "费用预算{{ doc.cost_estimate }}，"
            "代履行的费用由你（单位）承担。"
        ),
        Prose("代履行三日前本机关将催告你（单位）履行；你（单位）履行的，停止代履行。"),
        Signature(),
    ),
    "immediate_substitute_notice": (
        Heading("立即代履行事后通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "{{ doc.performed_at }}，你（单位）"
            "在{{ doc.place }}的{{ doc.content }}影响通行或者公共安全，"
            "需要立即清除，因你（单位）不能清除，本机关依据{{ doc.legal_basis }}立即实施了代履行。"
        ),
        Prose("代履行费用{{ doc.cost }}，由你（单位）承担。"),
        Prose("{% if doc.handling %}{{ doc.handling }}{% endif %}"),
        Signature(),
    ),
    "enforcement_suspension": (
        Heading("中止（终结）执行决定书", numbered=True),
        Line("{{ party.name }}："),
        Prose(
            "关于{{ doc.decision }}的强制执行，因{{ doc.ground }}，依据{{ doc.legal_basis }}，"
            "本机关决定{{ doc.measure }}执行。"
        ),
        Signature(),
    ),
    "enforcement_agreement": (
        Heading("执行协议", numbered=True),
        Line("甲方：{{ agency.name }}"),
        Line("乙方：{{ party.name }}"),
        Prose(
            "就{{ doc.decision }}的执行，双方在不损害公共利益和他人合法权益的前提下达成如下协议："
        ),
        Prose("{{ doc.terms }}"),
        Prose("{% if doc.instalments %}分阶段履行计划：{{ doc.instalments }}{% endif %}"),
        Prose(
            "{% if doc.charges_waived %}乙方采取补救措施的，减免加处的罚款或者滞纳金："
            "{{ doc.charges_waived }}。{% endif %}"
        ),
        Prose("乙方不履行本协议的，甲方将恢复强制执行。"),
        Signature(),
        SignLines(("乙方（签名或者盖章）",)),
    ),
    "compulsion_court_application": (
        Heading("强制执行申请书", numbered=True),
        Line("申请人：{{ agency.name }}"),
        Line("被申请人：{{ party.name }}"),
        Line("住所（地址）：{{ party.address }}"),
        Line("{{ doc.court }}："),
        Table(
            (
                ("据以执行的行政决定", "{{ doc.decision }}"),
                ("当事人的意见", "{{ doc.party_opinion }}"),
                ("催告情况", "{{ doc.demand }}"),
                ("申请强制执行标的", "{{ doc.object }}"),
                ("其他材料", "{{ doc.attachments }}"),
            )
        ),
        Prose(
            "被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行上述行政决定，"
            "经催告仍未履行，特申请强制执行。"
        ),
        Signature(),
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
