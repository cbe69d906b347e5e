"""Seed the district-wide materials (送审材料) and checklist items (审核要点) of legal review.

Sources: 国办发〔2018〕118号 (what a review checks and what is submitted), 行政处罚法 (2021),
行政许可法 (2019), 行政强制法 (2011) and 国有土地上房屋征收与补偿条例 (2011). A material that
applies only in some cases is seeded as optional and says in its name when it must be added.
"""

from typing import Any

from django.db import migrations

GUIDELINE = "国办发〔2018〕118号《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
PENALTY_LAW = "《中华人民共和国行政处罚法》"
LICENSING_LAW = "《中华人民共和国行政许可法》"
COERCION_LAW = "《中华人民共和国行政强制法》"
EXPROPRIATION_RULES = "《国有土地上房屋征收与补偿条例》"

LICENCE_CHANGES = ("license_change", "license_withdrawal", "license_annulment")

# (decision kind, code, name, required, legal source); an empty kind means every kind.
MATERIALS: list[tuple[str, str, str, bool, str]] = [
    (
        "",
        "submission_report",
        "送审报告（拟作出决定的事实、依据、理由和审核事项）",
        True,
        GUIDELINE,
    ),
    ("", "evidence", "证据材料", True, GUIDELINE),
    (
        "penalty",
        "draft_decision",
        "拟作出的行政处罚决定书代拟稿",
        True,
        f"{PENALTY_LAW}第五十八条、第五十九条",
    ),
    ("penalty", "investigation_report", "调查终结报告", True, f"{PENALTY_LAW}第五十七条"),
    (
        "penalty",
        "statement_and_defence",
        "陈述申辩及复核材料",
        True,
        f"{PENALTY_LAW}第四十四条、第四十五条",
    ),
    (
        "penalty",
        "hearing_record",
        "听证笔录（举行听证的案件必须提交）",
        False,
        f"{PENALTY_LAW}第六十四条、第六十五条",
    ),
    ("penalty", "discretion_note", "裁量基准适用说明", True, f"{PENALTY_LAW}第三十四条"),
    (
        "licensing",
        "draft_decision",
        "拟作出的行政许可决定书代拟稿",
        True,
        f"{LICENSING_LAW}第三十八条",
    ),
    ("licensing", "application_review", "申请材料及审查意见", True, f"{LICENSING_LAW}第三十四条"),
    (
        "licensing",
        "hearing_record",
        "听证笔录（举行听证的必须提交）",
        False,
        f"{LICENSING_LAW}第四十八条",
    ),
    (
        "license_change",
        "draft_decision",
        "拟作出的变更行政许可决定代拟稿",
        True,
        f"{LICENSING_LAW}第八条",
    ),
    (
        "license_withdrawal",
        "draft_decision",
        "拟作出的撤回行政许可决定代拟稿",
        True,
        f"{LICENSING_LAW}第八条",
    ),
    (
        "license_annulment",
        "draft_decision",
        "拟作出的撤销行政许可决定代拟稿",
        True,
        f"{LICENSING_LAW}第六十九条",
    ),
    ("license_change", "compensation_plan", "补偿或赔偿方案", True, f"{LICENSING_LAW}第八条"),
    ("license_withdrawal", "compensation_plan", "补偿或赔偿方案", True, f"{LICENSING_LAW}第八条"),
    (
        "license_annulment",
        "compensation_plan",
        "补偿或赔偿方案",
        True,
        f"{LICENSING_LAW}第六十九条",
    ),
    (
        "license_cancellation",
        "draft_decision",
        "拟作出的注销行政许可决定代拟稿",
        True,
        f"{LICENSING_LAW}第七十条",
    ),
    (
        "compulsory_enforcement",
        "draft_decision",
        "拟作出的行政强制执行决定书代拟稿",
        True,
        f"{COERCION_LAW}第三十七条",
    ),
    (
        "compulsory_enforcement",
        "underlying_decision",
        "据以执行的行政决定及其送达凭证",
        True,
        f"{COERCION_LAW}第三十四条",
    ),
    (
        "compulsory_enforcement",
        "demand_notice",
        "催告书及送达回证",
        True,
        f"{COERCION_LAW}第三十五条",
    ),
    (
        "compulsory_enforcement",
        "statement_record",
        "陈述申辩记录",
        True,
        f"{COERCION_LAW}第三十六条",
    ),
    (
        "housing_expropriation",
        "draft_decision",
        "拟作出的房屋征收决定代拟稿",
        True,
        f"{EXPROPRIATION_RULES}第八条、第十三条",
    ),
    (
        "housing_expropriation",
        "compensation_plan_consultation",
        "征收补偿方案及征求意见情况",
        True,
        f"{EXPROPRIATION_RULES}第十条、第十一条",
    ),
    (
        "housing_expropriation",
        "stability_risk_assessment",
        "社会稳定风险评估报告",
        True,
        f"{EXPROPRIATION_RULES}第十二条",
    ),
    (
        "housing_expropriation",
        "executive_meeting_minutes",
        "政府常务会议纪要（被征收人数量较多的必须提交）",
        False,
        f"{EXPROPRIATION_RULES}第十二条",
    ),
    (
        "housing_expropriation",
        "compensation_funds_proof",
        "补偿资金到位证明",
        True,
        f"{EXPROPRIATION_RULES}第十二条",
    ),
    (
        "housing_expropriation",
        "announcement",
        "房屋征收公告代拟稿",
        True,
        f"{EXPROPRIATION_RULES}第十三条",
    ),
    ("other", "draft_decision", "拟作出的执法决定文书代拟稿", True, GUIDELINE),
]

# (decision kind, group, code, label, legal source); an empty kind means every kind.
CHECKLIST: list[tuple[str, str, str, str, str]] = [
    ("", "formal", "jurisdiction", "主体资格和管辖权（是否超越法定职权）", GUIDELINE),
    (
        "",
        "formal",
        "officer_qualification",
        "执法人员资格",
        f"{PENALTY_LAW}第四十二条；{GUIDELINE}",
    ),
    (
        "",
        "formal",
        "procedure",
        "程序合法（含听证、陈述申辩权利保障）",
        f"{PENALTY_LAW}第四十四条、第四十五条、第六十三条；{LICENSING_LAW}第四十七条；{COERCION_LAW}第三十六条",
    ),
    (
        "",
        "formal",
        "remedies_notice",
        "救济权利告知",
        f"{PENALTY_LAW}第五十九条；{COERCION_LAW}第三十七条；{EXPROPRIATION_RULES}第十三条",
    ),
    ("", "formal", "documents_complete", "文书齐全规范", GUIDELINE),
    (
        "",
        "substantive",
        "facts_and_evidence",
        "事实清楚、证据确凿",
        f"{PENALTY_LAW}第四十条；{GUIDELINE}",
    ),
    ("", "substantive", "legal_basis", "适用依据正确", GUIDELINE),
    ("", "substantive", "grounds", "理由充分", GUIDELINE),
    (
        "",
        "substantive",
        "discretion",
        "裁量适当（裁量基准适用）",
        f"{PENALTY_LAW}第三十四条；{GUIDELINE}",
    ),
    (
        "penalty",
        "kind",
        "penalty_type_and_range",
        "处罚种类和幅度",
        f"{PENALTY_LAW}第九条、第三十四条",
    ),
    (
        "penalty",
        "kind",
        "performance_manner_and_deadline",
        "履行方式和期限",
        f"{PENALTY_LAW}第五十九条",
    ),
    ("penalty", "kind", "crime_referral", "涉嫌犯罪移送", f"{PENALTY_LAW}第二十七条；{GUIDELINE}"),
    (
        "license_change",
        "kind",
        "license_change_compensation",
        "补偿或赔偿方案",
        f"{LICENSING_LAW}第八条",
    ),
    (
        "license_withdrawal",
        "kind",
        "license_withdrawal_compensation",
        "补偿或赔偿方案",
        f"{LICENSING_LAW}第八条",
    ),
    (
        "license_annulment",
        "kind",
        "license_annulment_damages",
        "补偿或赔偿方案",
        f"{LICENSING_LAW}第六十九条",
    ),
    (
        "compulsory_enforcement",
        "kind",
        "enforcement_conditions",
        "强制执行条件",
        f"{COERCION_LAW}第三十四条至第三十七条",
    ),
    (
        "compulsory_enforcement",
        "kind",
        "enforcement_body",
        "执行主体",
        f"{COERCION_LAW}第十三条、第三十四条",
    ),
    (
        "compulsory_enforcement",
        "kind",
        "enforcement_manner_and_time",
        "执行方式和时间",
        f"{COERCION_LAW}第三十七条、第四十三条",
    ),
    (
        "housing_expropriation",
        "kind",
        "expropriation_compensation_plan",
        "补偿方案及征求意见",
        f"{EXPROPRIATION_RULES}第十条、第十一条",
    ),
    (
        "housing_expropriation",
        "kind",
        "stability_risk_assessment",
        "社会稳定风险评估",
        f"{EXPROPRIATION_RULES}第十二条",
    ),
    (
        "housing_expropriation",
        "kind",
        "executive_meeting",
        "政府常务会议讨论",
        f"{EXPROPRIATION_RULES}第十二条",
    ),
    (
        "housing_expropriation",
        "kind",
        "compensation_funds",
        "补偿资金到位",
        f"{EXPROPRIATION_RULES}第十二条",
    ),
    (
        "housing_expropriation",
        "kind",
        "expropriation_announcement",
        "征收公告",
        f"{EXPROPRIATION_RULES}第十三条",
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    material = apps.get_model("review", "MaterialRequirement")
    checklist = apps.get_model("review", "ChecklistItem")
    for order, (kind, code, name, required, source) in enumerate(MATERIALS, start=1):
        material.objects.update_or_create(
            decision_kind=kind,
            code=code,
            agency=None,
            defaults={
                "name": name,
                "required": required,
                "legal_source": source,
                "sort_order": order * 10,
            },
        )
    for order, (kind, group, code, label, source) in enumerate(CHECKLIST, start=1):
        checklist.objects.update_or_create(
            code=code,
            defaults={
                "decision_kind": kind,
                "group": group,
                "label": label,
                "legal_source": source,
                "sort_order": order * 10,
            },
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("review", "MaterialRequirement").objects.filter(
        agency=None, code__in=[row[1] for row in MATERIALS]
    ).delete()
    apps.get_model("review", "ChecklistItem").objects.filter(
        code__in=[row[2] for row in CHECKLIST]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0002_seed_thresholds_and_parameters")]

    operations = [migrations.RunPython(seed, unseed)]
