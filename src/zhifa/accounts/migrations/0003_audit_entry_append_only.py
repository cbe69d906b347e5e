from django.db import migrations

from zhifa.core import append_only


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_agency_links")]
    operations = [
        migrations.RunPython(append_only.install("accounts_auditentry"), migrations.RunPython.noop)
    ]
