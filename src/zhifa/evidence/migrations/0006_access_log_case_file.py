"""Let the access log (调阅记录) name an archived case file instead of an AV record.

On SQLite, making ``record`` nullable rebuilds the table, which drops its triggers; the last
operation installs the append-only triggers again (on PostgreSQL it replaces them unchanged).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from zhifa.core import append_only


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0001_initial"),
        ("evidence", "0005_fixed_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="case_file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_log",
                to="archives.casefile",
                verbose_name="档案（案卷）",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="record",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="access_log",
                to="evidence.avrecord",
                verbose_name="音像记录",
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("case_file__isnull", True), ("record__isnull", False)),
                    models.Q(("case_file__isnull", False), ("record__isnull", True)),
                    _connector="OR",
                ),
                name="access_log_one_subject",
            ),
        ),
        migrations.RunPython(append_only.install("evidence_accesslog"), migrations.RunPython.noop),
    ]
