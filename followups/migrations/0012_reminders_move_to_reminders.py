# Reminders and the sweep's heartbeat moved to the reminders app, the delivery machine below follow-up. State only:
# the tables stay as they are (reminders' models keep their names), so no row is copied and nothing is locked;
# reminders.0001_initial takes the models over in the same step.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("followups", "0011_reminder_subject_id"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="SweepRun"),
            ],
            database_operations=[],
        ),
    ]
