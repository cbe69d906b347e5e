"""Seed the district's masking defaults (LEGAL.md §6.3)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("publicity", "0003_versions_append_only")]

    # TODO: the seed rows are added with the module that reads them.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
