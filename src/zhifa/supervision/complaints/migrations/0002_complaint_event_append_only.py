from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [
        migrations.RunPython(
            append_only.install("complaints_complaintevent"), migrations.RunPython.noop
        )
    ]
