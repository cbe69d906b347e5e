"""Make case file items (卷内文件) append-only in the database: archived means frozen."""

from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    dependencies = [("archives", "0002_initial")]

    operations = [
        migrations.RunPython(
            append_only.install("archives_casefileitem"), migrations.RunPython.noop
        ),
    ]
