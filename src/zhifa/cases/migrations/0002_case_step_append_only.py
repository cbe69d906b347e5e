from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [
        migrations.RunPython(append_only.install("cases_casestep"), migrations.RunPython.noop)
    ]
