"""Seed the publication period rules (LEGAL.md §6.6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("publicity", "0005_seed_publication_rules")]

    # TODO: the seed rows are added with the module that reads them.
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
