"""Create one group per role; the codes match zhifa.accounts.roles.Role."""

from django.db import migrations

ROLE_CODES = [
    "officer",
    "department_head",
    "publication_approver",
    "reviewer",
    "judicial_office_reviewer",
    "agency_head",
    "supervisor",
    "archivist",
    "archives_bureau",
    "system_admin",
    "security_admin",
    "audit_admin",
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_audit_entry_append_only"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
