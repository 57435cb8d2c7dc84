"""Record when an account's one-time password was given, so that it expires
(settings.ONE_TIME_PASSWORD_HOURS).

An account that already holds one when this runs gets the migration's time as its issue time:
when the admin really gave it is not known, and dating it earlier (or leaving it unknown, which
counts as expired) would lock its user out the moment the server is upgraded. Such a password
therefore signs in for the full limit from the upgrade on. The time is written behind the audit
log on purpose: the account's last event does not record the field, so `verify` does not
compare it until the account's next audited change records it.
"""

from django.db import migrations, models
from django.utils import timezone


def issue_held_one_time_passwords_now(apps, schema_editor):
    users = apps.get_model("accounts", "User")
    held = users.objects.filter(must_change_password=True, one_time_password_issued_at=None)
    held.update(one_time_password_issued_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_must_change_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="one_time_password_issued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(issue_held_one_time_passwords_now, migrations.RunPython.noop),
    ]
