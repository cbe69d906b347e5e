"""Store the agency's short name on the published annual snapshot, for the chart labels."""

from typing import Any

from django.db import migrations, models


def fill_short_names(apps: Any, schema_editor: Any) -> None:
    """Copy the short name of each snapshot's agency as it stands now."""
    snapshots = apps.get_model("reports", "PublishedAnnualReport")
    for snapshot in snapshots.objects.select_related("report__agency"):
        snapshot.agency_short_name = snapshot.report.agency.short_name
        snapshot.save(update_fields=["agency_short_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_seed_monthly_due_parameter"),
    ]

    operations = [
        migrations.AddField(
            model_name="publishedannualreport",
            name="agency_short_name",
            field=models.CharField(blank=True, max_length=40, verbose_name="执法主体简称"),
        ),
        migrations.RunPython(fill_short_names, migrations.RunPython.noop),
    ]
