"""Seed the publication scope rules (LEGAL.md §6.3, §6.6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("publicity", "0004_seed_masking_policies")]

    # TODO: the seed rows are added with the module that reads them.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
