# A reminder names what it is about by an opaque subject id instead of a foreign key to the check-in, before the
# reminders take their own app (reminders.0001_initial), which knows nothing of check-ins. The check-in each
# reminder was linked to (0010's data step) becomes its subject; the same two uniqueness rules hold on it.

from django.db import migrations, models
from django.db.models import F


def subject_from_check_in(apps, schema_editor):
    Reminder = apps.get_model("followups", "Reminder")
    Reminder.objects.filter(check_in__isnull=False).update(subject_id=F("check_in_id"))


def check_in_from_subject(apps, schema_editor):
    # Back to the foreign key: a reminder whose check-in is gone would have gone with it (CASCADE).
    Reminder = apps.get_model("followups", "Reminder")
    CheckIn = apps.get_model("followups", "CheckIn")
    asked = Reminder.objects.filter(subject_id__isnull=False)
    asked.exclude(subject_id__in=CheckIn.objects.values("pk")).delete()
    asked.update(check_in_id=F("subject_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("followups", "0010_check_in_again"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reminder", name="reminder_one_per_kind_per_interview"),
        migrations.RemoveConstraint(model_name="reminder", name="reminder_one_per_check_in"),
        migrations.RemoveConstraint(model_name="reminder", name="reminder_check_in_kind"),
        migrations.AddField(
            model_name="reminder",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(subject_from_check_in, check_in_from_subject),
        migrations.RemoveField(model_name="reminder", name="check_in"),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("subject_id__isnull", True)),
                fields=("interview", "kind"),
                name="reminder_one_per_kind_per_interview",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("subject_id__isnull", False)),
                fields=("interview", "kind", "subject_id"),
                name="reminder_one_per_subject",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.CheckConstraint(
                condition=models.Q(("subject_id__isnull", True), ("kind__in", ["check_in"]), _connector="OR"),
                name="reminder_subject_kind",
            ),
        ),
    ]
