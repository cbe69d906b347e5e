"""Give each existing API token an expiry: its creation time plus the default lifetime."""

import datetime

from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fill_expiry(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    api_token = apps.get_model("accounts", "ApiToken")
    lifetime = datetime.timedelta(days=settings.ZHIFA_API_TOKEN_DAYS)
    for token in api_token.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        token.expires_at = token.created_at + lifetime
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_user_must_change_password")]

    operations = [migrations.RunPython(fill_expiry, migrations.RunPython.noop)]
