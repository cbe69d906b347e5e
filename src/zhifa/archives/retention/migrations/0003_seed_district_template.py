"""Seed the district template (区默认期限表) that the archives bureau edits afterwards.

The lines follow common practice for enforcement case files and still await confirmation by
青浦区档案局 (待核实): major and hearing cases permanent, ordinary-procedure penalty cases
30 years, summary-procedure and other small cases 10 years, routine recordings 6 months.
"""

from django.db import migrations

PERMANENT = None

TEMPLATE_NOTE = (
    "按行政执法案卷归档的常见做法编制，待青浦区档案局核实。"
    "重大执法决定和听证案件定为永久而非 30 年：期限定短后无法补救，定长可由日后批准的版本缩短。"
)

# (code, name, record class, case kinds, condition, months)
CATEGORIES = [
    ("01", "重大执法决定案件（经法制审核）", "case_file", [], "legal_review", PERMANENT),
    ("02", "举行听证的案件", "case_file", [], "hearing", PERMANENT),
    ("03", "行政处罚案件（普通程序）", "case_file", ["penalty_ordinary"], "any", 360),
    ("04", "行政处罚案件（简易程序）", "case_file", ["penalty_summary"], "any", 120),
    ("05", "其他执法案件", "case_file", [], "any", 120),
    ("06", "未作为证据的执法音像记录", "routine_av", [], "any", 6),
]


def seed(apps, schema_editor):
    schedule_model = apps.get_model("retention", "RetentionSchedule")
    category_model = apps.get_model("retention", "RetentionCategory")
    if schedule_model.objects.filter(agency__isnull=True).exists():
        return
    template = schedule_model.objects.create(
        agency=None, version=1, status="approved", note=TEMPLATE_NOTE
    )
    for code, name, record_class, kinds, condition, months in CATEGORIES:
        category_model.objects.create(
            schedule=template,
            code=code,
            name=name,
            record_class=record_class,
            case_kinds=kinds,
            condition=condition,
            retention_months=months,
        )


def unseed(apps, schema_editor):
    schedule_model = apps.get_model("retention", "RetentionSchedule")
    category_model = apps.get_model("retention", "RetentionCategory")
    category_model.objects.filter(schedule__agency__isnull=True).delete()
    schedule_model.objects.filter(agency__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0002_district_template")]

    operations = [migrations.RunPython(seed, unseed)]
