"""Seed the publication scope rules and the publication deadlines, with their sources.

Rules are read in ``position`` order and the first match decides. Rows whose source is not
confirmed against the text are seeded with ``confirmed`` False (待核实) for the supervisor to
check. The warning-only exclusion of 总局令第45号 binds market regulation only; the same
exclusion for other domains is seeded inactive, since 沪府令第36号 publishes every
ordinary-procedure penalty.
"""

from decimal import Decimal
from typing import Any

from django.db import migrations

SHANGHAI_36 = "《上海市行政处罚案件信息主动公开办法》（沪府令第36号）第六条"
SAMR_45 = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
GUIDANCE_118 = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"

RULES: list[dict[str, Any]] = [
    {
        "code": "minor-party-excluded",
        "kind": "",
        "condition": "minor_party",
        "action": "exclude",
        "description": "当事人为未成年人的决定不予公示",
        "source": "沪府令第36号（待核实条款）；《浙江省行政处罚结果信息网上公开暂行办法》同",
        "confirmed": False,
    },
    {
        "code": "state-secret-excluded",
        "kind": "",
        "condition": "state_secret",
        "action": "exclude",
        "description": "涉及国家秘密的决定不予公示",
        "source": "《中华人民共和国行政处罚法》第五十条；《中华人民共和国政府信息公开条例》第十四条",
        "confirmed": False,
    },
    {
        "code": "no-penalty-excluded",
        "kind": "penalty",
        "condition": "no_penalty",
        "action": "exclude",
        "description": "不予行政处罚决定不属于行政处罚，不予公示",
        "source": "沪府令第36号第六条仅规定公开行政处罚决定（待核实）",
        "confirmed": False,
    },
    {
        "code": "summary-procedure-excluded",
        "kind": "penalty",
        "condition": "summary_procedure",
        "action": "exclude",
        "description": "简易程序（当场）作出的处罚决定不在主动公开范围",
        "source": SHANGHAI_36,
        "confirmed": True,
    },
    {
        "code": "market-warning-only-excluded",
        "kind": "penalty",
        "domain": ("market", "市场监管"),
        "condition": "warning_only",
        "action": "exclude",
        "description": "市场监管领域仅给予警告的处罚决定不予公示",
        "source": SAMR_45,
        "confirmed": True,
    },
    {
        "code": "warning-only-excluded",
        "kind": "penalty",
        "condition": "warning_only",
        "action": "exclude",
        "description": "仅给予警告的处罚决定不予公示（其他领域，默认不启用）",
        "source": "参照总局令第45号；本市其他领域是否适用待核实",
        "confirmed": False,
        "is_active": False,
    },
    {
        "code": "ordinary-penalty-published",
        "kind": "penalty",
        "condition": "ordinary_procedure",
        "action": "publish",
        "description": "普通程序作出的行政处罚决定应当主动公开，7个工作日内公示",
        "source": SHANGHAI_36,
        "confirmed": True,
    },
    {
        "code": "license-refusal-excluded",
        "kind": "license",
        "condition": "license_refused",
        "action": "exclude",
        "description": "不予行政许可决定不列入双公示",
        "source": "《中华人民共和国行政许可法》第四十条仅规定准予许可的决定应当公开（待核实）",
        "confirmed": False,
    },
    {
        "code": "license-published",
        "kind": "license",
        "condition": "always",
        "action": "publish",
        "description": "行政许可决定（双公示）7个工作日内公示",
        "source": f"《中华人民共和国行政许可法》第四十条；{GUIDANCE_118}",
        "confirmed": True,
    },
    {
        "code": "inspection-other-excluded",
        "kind": "inspection",
        "condition": "inspection_not_spot_check",
        "action": "exclude",
        "description": "“双随机”抽查以外的行政检查结果不主动公示",
        "source": f"{GUIDANCE_118}要求公开“双随机”抽查结果；其他检查结果待核实",
        "confirmed": False,
    },
    {
        "code": "inspection-published",
        "kind": "inspection",
        "condition": "always",
        "action": "publish",
        "description": "“双随机”抽查结果20个工作日内公示（一公开）",
        "source": GUIDANCE_118,
        "confirmed": True,
    },
    {
        "code": "expropriation-published",
        "kind": "expropriation",
        "condition": "always",
        "action": "publish",
        "description": "房屋征收决定和补偿决定以区人民政府名义公示",
        "source": "《国有土地上房屋征收与补偿条例》第十三条、第二十六条",
        "confirmed": True,
    },
    {
        "code": "other-decisions-published",
        "kind": "",
        "condition": "always",
        "action": "publish",
        "description": "其他行政执法决定20个工作日内公示",
        "source": GUIDANCE_118,
        "confirmed": True,
    },
]

PARAMETERS: list[dict[str, Any]] = [
    {
        "key": "publication_days_dual_publicity",
        "name": "行政许可、行政处罚决定的公示期限",
        "value": Decimal("7"),
        "unit": "工作日",
        "legal_source": f"{GUIDANCE_118}（司法部2019年1月4日发布会解读）",
        "confirmed": False,
        "note": "自决定作出之日起计算，决定当日不计入；法律、行政法规另有规定的从其规定。",
    },
    {
        "key": "publication_days_general",
        "name": "其他行政执法决定和检查结果的公示期限",
        "value": Decimal("20"),
        "unit": "工作日",
        "legal_source": f"{GUIDANCE_118}；《中华人民共和国政府信息公开条例》第二十六条",
        "confirmed": False,
        "note": "自决定作出之日起计算，决定当日不计入。",
    },
]


def seed(apps, schema_editor):
    rule_model = apps.get_model("publicity", "PublicationRule")
    for position, row in enumerate(RULES, start=1):
        values = {key: value for key, value in row.items() if key not in ("code", "domain")}
        if "domain" in row:
            values["domain_code"] = row["domain"][0]
        rule_model.objects.get_or_create(
            code=row["code"], defaults={"position": position * 10, **values}
        )
    parameter_model = apps.get_model("core", "RuleParameter")
    for row in PARAMETERS:
        parameter_model.objects.get_or_create(key=row["key"], defaults=row)


def unseed(apps, schema_editor):
    codes = [row["code"] for row in RULES]
    apps.get_model("publicity", "PublicationRule").objects.filter(code__in=codes).delete()
    keys = [row["key"] for row in PARAMETERS]
    apps.get_model("core", "RuleParameter").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0004_seed_masking_policies"),
        ("core", "0004_seed_case_rule_parameters"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
