from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    """Make recorded evaluation draws and their drawn cases unchangeable in the database."""

    dependencies = [("evaluation", "0001_initial")]
    operations = [
        migrations.RunPython(append_only.install(table), migrations.RunPython.noop)
        for table in ("evaluation_draw", "evaluation_drawncase")
    ]
