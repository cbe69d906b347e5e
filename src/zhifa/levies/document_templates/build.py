"""Build the bundled Word templates of the levy, requisition and expropriation documents.

Run ``.venv/bin/python -m zhifa.levies.document_templates.build``; the .docx files beside this
script are the output and are committed. The layout blocks and fonts come from
``zhifa.cases.document_templates.build`` (GB/T 9704-2012).
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

REMEDY_TEXT = (
    "如不服本决定，可以自收到本决定书之日起{{ remedy.reconsideration_period }}内向"
    "{{ doc.reconsideration_body }}申请行政复议，或者自收到本决定书之日起"
    "{{ remedy.litigation_period }}内依法向{{ doc.court }}提起行政诉讼。"
)

EXPROPRIATION_REGULATION = "《国有土地上房屋征收与补偿条例》"

LAYOUTS: dict[str, tuple[Block, ...]] = {
    "levy_payment_notice": (
        Heading("征收缴款通知书", numbered=True),
        Line("{{ party.name }}："),
        Prose("依据{{ doc.legal_basis }}，经核定，你（单位）应缴纳下列款项："),
        Prose("计征依据和计算方法：{{ doc.base_description }}"),
        Prose("应缴金额：{{ doc.amount }}。"),
        Prose("请于{{ doc.due_on }}前通过以下方式缴纳：{{ doc.payment_method }}。"),
        Prose("{% if doc.late_fee %}{{ doc.late_fee }}{% endif %}"),
        Prose(REMEDY_TEXT),
        Signature(),
    ),
    "levy_reduction_decision": (
        Heading("减免决定书", numbered=True),
        Line("{{ party.name }}："),
        Prose("{% if doc.application %}{{ doc.application }}{% endif %}"),
        Prose(
            "经审查，{{ doc.reason }}。依据{{ doc.legal_basis }}，本机关决定：{{ doc.reduction }}。"
        ),
        Signature(),
    ),
    "requisition_decision": (
        Heading("征用决定书", numbered=True),
        *PARTY_LINES,
        Prose(
            "因{{ doc.emergency }}，依据{{ doc.legal_basis }}，本机关决定征用你（单位）的下列财产："
        ),
        Prose("{{ doc.property_list }}"),
        Prose("征用期限：{{ doc.period }}。请于{{ doc.handover }}办理交接。"),
        Prose(
            "被征用的财产使用完毕后将及时返还；财产被征用或者征用后毁损、灭失的，本机关将依法给予补偿。"
        ),
        Prose(REMEDY_TEXT),
        Signature(),
    ),
    "requisition_inventory": (
        Heading("征用物品交接/返还清单", numbered=False),
        Table(
            (
                ("清单类别", "{{ doc.list_kind }}"),
                ("案号", "{{ case.number }}"),
                ("被征用人", "{{ party.name }}"),
                ("日期", "{{ doc.transfer_on }}"),
                ("物品名称、数量", "{{ doc.property_list }}"),
                ("物品状况", "{{ doc.condition }}"),
            )
        ),
        SignLines(("被征用人签名", "执法人员签名")),
    ),
    "requisition_compensation_decision": (
        Heading("征用补偿决定书", numbered=True),
        *PARTY_LINES,
        Prose("{{ doc.facts }}"),
        Prose(
            "依据{{ doc.legal_basis }}，本机关决定给予你（单位）补偿{{ doc.amount }}。"
            "计算方法：{{ doc.calculation }}"
        ),
        Prose("支付方式和期限：{{ doc.payment }}。"),
        Prose(REMEDY_TEXT),
        Signature(),
    ),
    "compensation_plan_consultation_notice": (
        Heading("{{ doc.project }}征收补偿方案征求意见公告", numbered=True),
        Prose(
            f"根据{EXPROPRIATION_REGULATION}第十条的规定，现将{{{{ doc.project }}}}"
            "征收补偿方案予以公布，征求公众意见。"
        ),
        Prose("征收范围：{{ doc.scope }}"),
        Prose("征收补偿方案：{{ doc.plan }}"),
        Prose("征求意见期限：{{ doc.period }}（不少于三十日）。"),
        Prose("意见提交方式：{{ doc.how_to_comment }}"),
        Signature(),
    ),
    "consultation_results_notice": (
        Heading("{{ doc.project }}征求意见情况及修改情况公告", numbered=True),
        Prose(
            f"根据{EXPROPRIATION_REGULATION}第十一条的规定，现将征收补偿方案征求意见情况和修改情况公布如下："
        ),
        Prose("一、征求意见情况：{{ doc.comments }}"),
        Prose("二、根据公众意见修改的情况：{{ doc.changes }}"),
        Prose("{% if doc.hearing %}三、听证情况：{{ doc.hearing }}{% endif %}"),
        Signature(),
    ),
    "expropriation_decision_notice": (
        Heading("房屋征收决定公告", numbered=True),
        Prose(
            "为了{{ doc.public_interest }}，根据"
            f"{EXPROPRIATION_REGULATION}第八条、第十三条的规定，本府决定对{{{{ doc.project }}}}"
            "范围内国有土地上的房屋实施征收。"
        ),
        Prose("一、征收范围：{{ doc.scope }}"),
        Prose("二、房屋征收部门：{{ doc.department }}"),
        Prose("三、征收补偿方案：{{ doc.plan }}"),
        Prose("四、签约期限：{{ doc.signing_period }}"),
        Prose(
            "五、被征收人对本决定不服的，可以自本公告发布之日起"
            "{{ remedy.reconsideration_period }}内向"
            "{{ doc.reconsideration_body }}申请行政复议，也可以自本公告发布之日起"
            "{{ remedy.litigation_period }}内向{{ doc.court }}提起行政诉讼。"
        ),
        Prose("房屋被依法征收的，国有土地使用权同时收回。"),
        Signature(),
    ),
    "housing_compensation_agreement": (
        Heading("房屋征收补偿协议", numbered=True),
        Line("甲方（房屋征收部门）：{{ doc.department }}"),
        Line("乙方（被征收人）：{{ doc.owner }}"),
        Prose(
            f"根据{EXPROPRIATION_REGULATION}和{{{{ agency.name }}}}作出的房屋征收决定，"
            "甲乙双方就乙方被征收房屋的补偿事宜，达成如下协议："
        ),
        Prose("一、被征收房屋：{{ doc.house }}，评估价值{{ doc.valuation }}。"),
        Prose("二、补偿方式：{{ doc.method }}；补偿金额：{{ doc.amount }}。"),
        Prose("三、其他补偿：{{ doc.other_compensation }}"),
        Prose("四、支付期限：{{ doc.payment }}。"),
        Prose("五、乙方应于{{ doc.move_deadline }}前完成搬迁，将房屋交甲方验收。"),
        Prose("六、一方不履行本协议约定的，另一方可以依法提起诉讼（第二十五条）。"),
        SignLines(("甲方（盖章）", "乙方（签名）")),
    ),
    "housing_compensation_decision": (
        Heading("房屋征收补偿决定书", numbered=True),
        Line("被征收人：{{ doc.owner }}"),
        Line("被征收房屋：{{ doc.house }}"),
        Prose("{{ doc.facts }}"),
        Prose(
            f"依据{{{{ doc.legal_basis }}}}及{EXPROPRIATION_REGULATION}第二十六条的规定，"
            "本府作出补偿决定如下："
        ),
        Prose("一、被征收房屋评估价值：{{ doc.valuation }}。"),
        Prose("二、补偿方式：{{ doc.method }}；补偿金额：{{ doc.amount }}。"),
        Prose("三、被征收人应于{{ doc.move_deadline }}前完成搬迁。"),
        Prose(REMEDY_TEXT),
        Prose(
            "被征收人在法定期限内不申请行政复议或者不提起行政诉讼，在本决定规定的期限内又不搬迁的，"
            "本府将依法申请人民法院强制执行。"
        ),
        Signature(),
    ),
    "compensation_results_notice": (
        Heading("{{ doc.project }}分户补偿情况公示", numbered=False),
        Prose(f"根据{EXPROPRIATION_REGULATION}第二十九条的规定，现将分户补偿情况公布如下："),
        Prose("{{ doc.results }}"),
        Prose("{% if doc.period %}公示期间：{{ doc.period }}。{% endif %}"),
        Signature(),
    ),
    "court_enforcement_application": (
        Heading("强制执行申请书", numbered=True),
        Line("申请人：{{ agency.name }}"),
        Line("被申请人：{{ doc.respondent }}"),
        Line("{{ doc.court }}："),
        Prose("申请事项：{{ doc.request }}"),
        Prose("本府作出的{{ doc.decision }}"),
        Prose("{{ doc.facts }}"),
        Prose("催告情况：{{ doc.demand }}"),
        Prose(
            f"依据{EXPROPRIATION_REGULATION}第二十八条和《中华人民共和国行政强制法》第五十三条、"
            "第五十四条的规定，特申请人民法院强制执行。"
        ),
        Prose("{% if doc.attachments %}附：{{ doc.attachments }}{% endif %}"),
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
