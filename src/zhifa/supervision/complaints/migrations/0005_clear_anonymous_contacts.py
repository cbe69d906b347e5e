"""Drop the name and contact details stored with anonymous complaints.

Anonymous complaints used to keep whatever name, phone and email were typed in; an anonymous
complaint now stores none, so the rows written before are brought in line.
"""

from django.db import migrations


def clear(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    Complaint.objects.filter(is_anonymous=True).update(name="", phone="", email="")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_complaint_event_occurred_at")]
    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
