"""Seed the rule types every agency must adopt under the three systems (三项制度)."""

from django.db import migrations

_GUIDANCE = "国办发〔2018〕118号"

ROWS = [
    {
        "code": "publicity",
        "name": "行政执法公示办法",
        "description": "明确公示的主体、内容、程序、时限和审核发布、更正撤回机制。",
        "source": f"{_GUIDANCE}：建立健全行政执法公示制度",
    },
    {
        "code": "full_process_recording",
        "name": "执法全过程记录办法（含音像记录制度）",
        "description": (
            "明确文字记录和音像记录的方式、全程音像记录的执法环节和场所、"
            "执法记录仪的配备使用以及记录的存储、调阅和监督。"
        ),
        "source": f"{_GUIDANCE}：建立健全执法全过程记录制度，制定音像记录管理制度（待核实）",
    },
    {
        "code": "legal_review",
        "name": "重大执法决定法制审核办法（含目录清单）",
        "description": "明确法制审核的机构、人员、范围、内容、程序和责任，并附重大执法决定法制审核目录清单。",
        "source": f"{_GUIDANCE}：建立健全重大执法决定法制审核制度，编制法制审核目录清单",
    },
    {
        "code": "archiving_scope",
        "name": "案卷归档范围",
        "description": "明确执法案卷（含电子文件和音像记录）的归档范围、整理要求和保管期限。",
        "source": f"{_GUIDANCE}：执法案卷完整准确、便于查询；《档案法》（范围细则待核实）",
    },
    {
        "code": "case_file_evaluation",
        "name": "案卷评查制度",
        "description": "明确本单位行政执法案卷评查的组织、频次、评查标准和整改要求。",
        "source": "行政执法监督工作要求（具体依据待核实）",
    },
    {
        "code": "complaint_handling",
        "name": "投诉举报处理制度",
        "description": "明确投诉举报的受理渠道、分办、办理时限、答复和回访。",
        "source": "《上海市城市管理行政执法条例》（举报五个工作日内核查答复）等（待核实）",
    },
]


def seed(apps, schema_editor):
    RuleType = apps.get_model("guidance", "RuleType")
    for order, row in enumerate(ROWS, start=1):
        values = {**row, "required": True, "sort_order": order * 10, "confirmed": False}
        RuleType.objects.get_or_create(code=row["code"], defaults=values)


def unseed(apps, schema_editor):
    codes = [row["code"] for row in ROWS]
    apps.get_model("guidance", "RuleType").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
