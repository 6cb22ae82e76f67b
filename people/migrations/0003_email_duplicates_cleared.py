"""Before e-mails become unique: keep each address on one account only.

Addresses are compared without case. Of the accounts sharing one, the one that logged in most
recently keeps it (then the oldest account); the others lose it (blank) and can set an address
again from their profile, which a confirmation link now verifies. Surrounding spaces are trimmed.
The demo data has no duplicates; this is for databases that collected them before the rule.
"""

from django.db import migrations
from django.db.models import F


def clear_duplicate_emails(apps, schema_editor):
    User = apps.get_model("people", "User")
    kept = set()
    order = (F("last_login").desc(nulls_last=True), "pk")
    for pk, email in User.objects.exclude(email="").order_by(*order).values_list("pk", "email").iterator():
        key = email.strip().lower()
        if key and key not in kept:
            kept.add(key)
            if email != email.strip():
                User.objects.filter(pk=pk).update(email=email.strip())
        else:
            User.objects.filter(pk=pk).update(email="")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_reference_data")]

    operations = [migrations.RunPython(clear_duplicate_emails, migrations.RunPython.noop)]
