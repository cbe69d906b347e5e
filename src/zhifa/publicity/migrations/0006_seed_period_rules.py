"""Seed the publication period rules (公示期限) with their sources.

Sources: 《市场监督管理行政处罚信息公示规定》 (总局令第45号, checked against the full text) and
《失信行为纠正后的信用信息修复管理办法（试行）》 (国家发展改革委令第58号, known only from a
government summary page, so its rows stay 待核实). Periods count from the decision date
(58号令). The rows for licensing and other decisions are platform defaults that no source sets.

The three domains with a one-year minimum (特种设备, 安全生产, 消防) are looked up by code and
added when missing, because the domain list is reference data loaded after the migrations.
"""

from django.db import migrations

ORDER_45 = "《市场监督管理行政处罚信息公示规定》（总局令第45号）"
ORDER_58 = "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展改革委令第58号）"
DEFAULT = "平台默认值，无规定来源，待核实"

# The domains the 58号令 gives a one-year minimum, by EnforcementDomain code. The rules hold
# the code only; a rule whose domain the district has not registered never applies.
DOMAINS = {
    "special-equipment": "特种设备安全",
    "emergency": "应急管理",
    "fire": "消防救援",
}

# code, kind, penalty_type, domain code, min_months, max_months, early removal, source, confirmed, active
RULES = [
    (
        "penalty-circulated-criticism",
        "penalty",
        "circulated_criticism",
        "",
        3,
        3,
        True,
        f"{ORDER_45}：仅受通报批评的，公示3个月",
        True,
        True,
    ),
    (
        "penalty-low-fine",
        "penalty",
        "fine",
        "",
        3,
        3,
        True,
        f"{ORDER_45}：较低数额罚款公示3个月。“较低数额”的金额标准待核实，填写“罚款不超过”金额后启用",
        False,
        False,
    ),
    (
        "penalty-general",
        "penalty",
        "",
        "",
        3,
        36,
        True,
        f"{ORDER_58}：最短3个月、最长3年，最短期满后可申请信用修复；{ORDER_45}：其他处罚公示3年",
        False,
        True,
    ),
    (
        "penalty-business-suspension",
        "penalty",
        "business_suspension",
        "",
        36,
        None,
        False,
        f"{ORDER_45}：责令停产停业不得提前停止公示；期限长于3年的，按实际期限公示",
        True,
        True,
    ),
    (
        "penalty-business-restriction",
        "penalty",
        "business_restriction",
        "",
        36,
        None,
        False,
        f"{ORDER_45}：限制开展生产经营活动不得提前停止公示；期限长于3年的，按实际期限公示",
        True,
        True,
    ),
    (
        "penalty-practice-restriction",
        "penalty",
        "practice_restriction",
        "",
        36,
        None,
        False,
        f"{ORDER_45}：限制从业不得提前停止公示；期限长于3年的，按实际期限公示",
        True,
        True,
    ),
    (
        "penalty-qualification-downgrade",
        "penalty",
        "qualification_downgrade",
        "",
        36,
        36,
        False,
        f"{ORDER_45}：降低资质等级不得提前停止公示",
        True,
        True,
    ),
    (
        "penalty-license-revocation",
        "penalty",
        "license_revocation",
        "",
        36,
        36,
        False,
        f"{ORDER_45}：吊销许可证件、营业执照不得提前停止公示",
        True,
        True,
    ),
    (
        "penalty-domain-special-equipment",
        "penalty",
        "",
        "special-equipment",
        12,
        36,
        True,
        f"{ORDER_58}：特种设备领域最短公示1年",
        False,
        True,
    ),
    (
        "penalty-domain-work-safety",
        "penalty",
        "",
        "emergency",
        12,
        36,
        True,
        f"{ORDER_58}：安全生产领域最短公示1年",
        False,
        True,
    ),
    (
        "penalty-domain-fire",
        "penalty",
        "",
        "fire",
        12,
        36,
        True,
        f"{ORDER_58}：消防领域最短公示1年",
        False,
        True,
    ),
    (
        "license-default",
        "license",
        "",
        "",
        36,
        36,
        False,
        f"{DEFAULT}：公示至许可有效期届满，最长3年",
        False,
        True,
    ),
]
# Inspection results and other decisions: three years, like the general penalty maximum.
RULES += [
    (f"{kind}-default", kind, "", "", 36, 36, False, f"{DEFAULT}：公示3年", False, True)
    for kind in ("inspection", "compulsion", "levy", "expropriation", "other")
]


def seed(apps, schema_editor):
    PeriodRule = apps.get_model("publicity", "PeriodRule")
    for (
        code,
        kind,
        penalty_type,
        domain_code,
        min_months,
        max_months,
        early,
        source,
        confirmed,
        active,
    ) in RULES:
        if PeriodRule.objects.filter(code=code).exists():
            continue
        PeriodRule.objects.create(
            code=code,
            kind=kind,
            penalty_type=penalty_type,
            domain_code=domain_code,
            min_months=min_months,
            max_months=max_months,
            early_removal_allowed=early,
            source=source,
            confirmed=confirmed,
            is_active=active,
        )


def unseed(apps, schema_editor):
    PeriodRule = apps.get_model("publicity", "PeriodRule")
    PeriodRule.objects.filter(code__in=[row[0] for row in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0005_seed_publication_rules"),
        ("agencies", "0004_reviewer_user"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
