# Reminders and the sweep's heartbeat come from the followups app (followups.0012 lets go of them). State only: the
# models keep their tables, so a database that holds reminders keeps every row (tests/reminders/test_migrations.py).
# Their content types follow, so permissions and admin history stay attached.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_types_follow(apps, schema_editor, *, old="followups", new="reminders"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("reminder", "sweeprun"):
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, old="reminders", new="followups")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("followups", "0011_reminder_subject_id"),
        ("interviews", "0011_client_feedback"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SweepRun',
                    fields=[
                        ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                        ('finished_at', models.DateTimeField()),
                        ('counts', models.JSONField(blank=True, default=dict)),
                    ],
                    options={
                        'db_table': 'followups_sweeprun',
                        'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='sweep_run_one_row')],
                    },
                ),
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('debrief_missing', 'Debrief not recorded a few hours after the interview'), ('thanks_closing', 'Thank-you window about to close'), ('thanks_passed', 'Thank-you window has passed'), ('hear_back_passed', 'Hear-back date passed with no answer'), ('follow_up_due', 'A planned follow-up is due today'), ('offer_answer_soon', 'An offer to answer within 48 hours'), ('offer_answer_today', 'An offer to answer today'), ('check_in', 'A recruiter asks if you are still interested')], max_length=24)),
                        ('subject_id', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('due_at', models.DateTimeField()),
                        ('state', models.CharField(choices=[('scheduled', 'Scheduled'), ('sent', 'Sent'), ('cancelled', 'Cancelled'), ('dropped', 'Dropped (too late)'), ('parked', 'Parked (failed repeatedly)')], default='scheduled', max_length=16)),
                        ('next_attempt_at', models.DateTimeField()),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('last_error', models.TextField(blank=True)),
                        ('failures', models.PositiveIntegerField(default=0)),
                        ('parked_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_reason', models.CharField(blank=True, max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('interview', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='interviews.interview')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'followups_reminder',
                        'ordering': ['due_at', 'pk'],
                        'indexes': [models.Index(condition=models.Q(('state', 'scheduled')), fields=['next_attempt_at'], name='reminder_sweep_idx')],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('subject_id__isnull', True)), fields=('interview', 'kind'), name='reminder_one_per_kind_per_interview'), models.UniqueConstraint(condition=models.Q(('subject_id__isnull', False)), fields=('interview', 'kind', 'subject_id'), name='reminder_one_per_subject'), models.CheckConstraint(condition=models.Q(('subject_id__isnull', True), ('kind__in', ['check_in']), _connector='OR'), name='reminder_subject_kind'), models.CheckConstraint(condition=models.Q(('kind__in', ['debrief_missing', 'thanks_closing', 'thanks_passed', 'hear_back_passed', 'follow_up_due', 'offer_answer_soon', 'offer_answer_today', 'check_in'])), name='reminder_kind_valid'), models.CheckConstraint(condition=models.Q(('state__in', ['scheduled', 'sent', 'cancelled', 'dropped', 'parked'])), name='reminder_state_valid'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='reminder_sent_has_sent_at'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'parked'), _negated=True), ('parked_at__isnull', False), _connector='OR'), name='reminder_parked_has_parked_at')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
