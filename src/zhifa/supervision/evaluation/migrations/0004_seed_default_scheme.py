"""Seed the default assessment scheme (考核方案); each year's scheme starts as a copy of it.

The weights are the platform's proposal and add up to 100; the bureau changes them on the
assessment page.
"""

from decimal import Decimal

from django.db import migrations

NOTE = "平台提供的默认权重（待核实），请区司法局按本区考核办法调整；各项权重合计100。"

# (indicator code, weight); the codes are those of zhifa.supervision.evaluation.indicators.
WEIGHTS = [
    ("publication_on_time", "15"),
    ("av_coverage", "15"),
    ("correction_rate", "10"),
    ("review_timeliness", "10"),
    ("complaints_on_time", "10"),
    ("satisfaction", "5"),
    ("evaluation_score", "20"),
    ("report_filing", "10"),
    ("rules_adopted", "5"),
]


def seed(apps, schema_editor):
    AssessmentScheme = apps.get_model("evaluation", "AssessmentScheme")
    SchemeIndicator = apps.get_model("evaluation", "SchemeIndicator")
    if AssessmentScheme.objects.filter(year__isnull=True).exists():
        return
    scheme = AssessmentScheme.objects.create(
        year=None, name="“三项制度”年度考核默认方案", note=NOTE
    )
    SchemeIndicator.objects.bulk_create(
        SchemeIndicator(scheme=scheme, code=code, weight=Decimal(weight), sort_order=index)
        for index, (code, weight) in enumerate(WEIGHTS)
    )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_seed_default_standard")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
