"""Seed the district scene rules of audio-video recording and the recording rule parameters.

Freezing deposits (冻结, step ``deposits_frozen``) gets no scene: it is a notice to a bank, not
an on-site act, and the full-recording duty of the State Council opinion (国办发〔2018〕118号)
names on-site enforcement that directly affects personal liberty, life, health or major
property rights. No source text was opened for any of these rows, so each is left unconfirmed
for the legal office to check.
"""

from decimal import Decimal

from django.db import migrations

OPINION = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）"

MANDATORY = [
    {
        "code": "commitment_verification",
        "name": "告知承诺后的核查",
        "steps": ["commitment_follow_up"],
        "legal_source": "本区要求：实行告知承诺的行政许可，事后核查实行全程音像记录（依据文件待核实）",
    },
    {
        "code": "sealing_seizure",
        "name": "查封、扣押",
        "steps": ["measure_imposed"],
        "legal_source": f"{OPINION}：查封扣押财产等现场执法活动全程音像记录；《中华人民共和国行政强制法》第十八条",
    },
    {
        "code": "compulsory_enforcement",
        "name": "强制拆除、强制执行",
        "steps": ["enforcement_carried_out"],
        "legal_source": f"{OPINION}：强制拆除等现场执法活动全程音像记录；《中华人民共和国行政强制法》第四十四条",
    },
    {
        "code": "substitute_performance",
        "name": "代履行",
        "steps": ["substitute_performed", "immediate_substitute"],
        "legal_source": f"{OPINION}：直接涉及重大财产权益的现场执法活动全程音像记录；《中华人民共和国行政强制法》第五十条至第五十二条",
    },
    {
        "code": "evidence_preservation",
        "name": "证据先行登记保存",
        "steps": ["evidence_preservation"],
        "legal_source": "《中华人民共和国行政处罚法》第五十六条；国办发〔2018〕118号将证据保全列为视情音像记录，本区要求全程音像记录（依据文件待核实）",
    },
    {
        "code": "case_handling_room",
        "name": "执法办案场所",
        "steps": [],
        "legal_source": f"{OPINION}：执法办案场所全程音像记录",
    },
]

DISCRETIONARY = [
    {
        "code": "on_site_inspection",
        "name": "现场检查（与当事人直接接触）",
        "steps": ["inspection_record"],
        "legal_source": f"{OPINION}：现场检查、随机抽查等容易引发争议的环节视情音像记录",
    },
    {
        "code": "site_examination",
        "name": "勘验",
        "steps": ["site_examination"],
        "legal_source": f"{OPINION}：调查取证环节视情音像记录",
    },
    {
        "code": "sampling",
        "name": "抽样取证",
        "steps": ["sampling"],
        "legal_source": f"{OPINION}：调查取证环节视情音像记录",
    },
    {
        "code": "summary_penalty",
        "name": "简易程序当场处罚",
        "steps": ["on_the_spot_decision"],
        "legal_source": f"{OPINION}：容易引发争议的执法环节视情音像记录；《中华人民共和国行政处罚法》第五十一条至第五十二条",
    },
    {
        "code": "hearing",
        "name": "听证",
        "steps": ["hearing_record"],
        "legal_source": f"{OPINION}：听证环节视情音像记录",
    },
    {
        "code": "service_by_leaving",
        "name": "留置送达",
        "steps": ["document_service:method=leaving"],
        "legal_source": f"{OPINION}：送达环节视情音像记录；《中华人民共和国民事诉讼法》第八十九条",
    },
    {
        "code": "service_by_announcement",
        "name": "公告送达",
        "steps": ["document_service:method=announcement"],
        "legal_source": f"{OPINION}：送达环节视情音像记录；《中华人民共和国民事诉讼法》第九十五条",
    },
    {
        "code": "other",
        "name": "其他执法活动",
        "steps": [],
        "legal_source": f"{OPINION}：执法全过程记录",
    },
]

PARAMETERS = [
    {
        "key": "evidence_session_join_minutes",
        "name": "同一录制过程的文件间隔上限",
        "value": Decimal("30"),
        "unit": "分钟",
        "legal_source": "本平台设定，无法定依据",
        "confirmed": False,
        "note": "同一执法记录仪（或同一上传人、同一主办人员）的文件，前一文件结束后在此时间内开始的，归入同一录制过程。",
    },
    {
        "key": "evidence_gap_tolerance_seconds",
        "name": "分段录制的允许间隔",
        "value": Decimal("2"),
        "unit": "秒",
        "legal_source": "本平台设定，无法定依据",
        "confirmed": False,
        "note": "同一录制过程中相邻文件的间隔超过此值的，视为中断，须填写中断说明。",
    },
    {
        "key": "evidence_device_service_years",
        "name": "执法记录仪使用年限",
        "value": Decimal("6"),
        "unit": "年",
        "legal_source": "待核实：本区或本单位固定资产使用年限规定",
        "confirmed": False,
        "note": "启用满此年限的执法记录仪在年度装备报告中列为待更换。",
    },
]


def seed(apps, schema_editor):
    SceneType = apps.get_model("evidence", "SceneType")
    for requirement, rows in (("mandatory", MANDATORY), ("discretionary", DISCRETIONARY)):
        for row in rows:
            SceneType.objects.get_or_create(
                agency=None,
                code=row["code"],
                defaults={**row, "requirement": requirement, "confirmed": False},
            )
    RuleParameter = apps.get_model("core", "RuleParameter")
    for parameter in PARAMETERS:
        RuleParameter.objects.get_or_create(key=parameter["key"], defaults=parameter)


def unseed(apps, schema_editor):
    codes = [row["code"] for row in MANDATORY + DISCRETIONARY]
    SceneType = apps.get_model("evidence", "SceneType")
    SceneType.objects.filter(agency=None, code__in=codes, records__isnull=True).delete()
    keys = [row["key"] for row in PARAMETERS]
    apps.get_model("core", "RuleParameter").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_append_only"),
        ("core", "0004_seed_case_rule_parameters"),
    ]
    operations = [migrations.RunPython(seed, unseed)]
