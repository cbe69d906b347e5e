from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    """Make publication versions unchangeable: a change to a publication adds a version."""

    dependencies = [("publicity", "0002_search_index")]
    operations = [
        migrations.RunPython(
            append_only.install("publicity_publicationversion"), migrations.RunPython.noop
        )
    ]
