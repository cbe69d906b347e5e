from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    """Make recorded spot-check draws, their entities and teams unchangeable in the database."""

    dependencies = [("cases", "0006_spot_checks_and_exchange")]
    operations = [
        migrations.RunPython(append_only.install(table), migrations.RunPython.noop)
        for table in (
            "cases_spotcheckdraw",
            "cases_spotcheckassignment",
            "cases_spotcheckteammember",
        )
    ]
