# Offers come from the followups app (followups.0003 lets go of them). State only: the models keep their tables,
# so a database that holds offers keeps every row (tests/insight/test_migrations.py). Their content types follow,
# so permissions and admin history stay attached.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_types_follow(apps, schema_editor, *, old="followups", new="insight"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("offer", "offerweights"):
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def content_types_go_back(apps, schema_editor):
    content_types_follow(apps, schema_editor, old="insight", new="followups")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("followups", "0002_offers"),
        ("interviews", "0003_recruiter_notes_and_still_interested"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Offer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('salary', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MaxValueValidator(1000000000)], verbose_name='yearly salary')),
                        ('currency', models.CharField(default='EUR', help_text='Three letters, for example EUR, GBP, USD.', max_length=3)),
                        ('salary_rating', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='salary (1–10)')),
                        ('benefits', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                        ('benefits_rating', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='benefits (1–10)')),
                        ('location', models.CharField(blank=True, max_length=200)),
                        ('location_rating', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='location (1–10)')),
                        ('working_conditions', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                        ('conditions_rating', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='working conditions (1–10)')),
                        ('job_security', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='job security (1–10)')),
                        ('career_fit', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='career fit (1–10)')),
                        ('interest', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='interest (1–10)')),
                        ('notes', models.TextField(blank=True, validators=[django.core.validators.MaxLengthValidator(10000)])),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('opportunity', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='offer', to='interviews.opportunity')),
                    ],
                    options={
                        'db_table': 'followups_offer',
                        'constraints': [models.CheckConstraint(condition=models.Q(('salary_rating__isnull', True), models.Q(('salary_rating__gte', 1), ('salary_rating__lte', 10)), _connector='OR'), name='offer_salary_rating_1_to_10'), models.CheckConstraint(condition=models.Q(('benefits_rating__isnull', True), models.Q(('benefits_rating__gte', 1), ('benefits_rating__lte', 10)), _connector='OR'), name='offer_benefits_rating_1_to_10'), models.CheckConstraint(condition=models.Q(('location_rating__isnull', True), models.Q(('location_rating__gte', 1), ('location_rating__lte', 10)), _connector='OR'), name='offer_location_rating_1_to_10'), models.CheckConstraint(condition=models.Q(('conditions_rating__isnull', True), models.Q(('conditions_rating__gte', 1), ('conditions_rating__lte', 10)), _connector='OR'), name='offer_conditions_rating_1_to_10'), models.CheckConstraint(condition=models.Q(('job_security__isnull', True), models.Q(('job_security__gte', 1), ('job_security__lte', 10)), _connector='OR'), name='offer_job_security_1_to_10'), models.CheckConstraint(condition=models.Q(('career_fit__isnull', True), models.Q(('career_fit__gte', 1), ('career_fit__lte', 10)), _connector='OR'), name='offer_career_fit_1_to_10'), models.CheckConstraint(condition=models.Q(('interest__isnull', True), models.Q(('interest__gte', 1), ('interest__lte', 10)), _connector='OR'), name='offer_interest_1_to_10')],
                    },
                ),
                migrations.CreateModel(
                    name='OfferWeights',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('salary', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='salary')),
                        ('benefits', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='benefits')),
                        ('location', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='location')),
                        ('conditions', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='working conditions')),
                        ('security', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='job security')),
                        ('career_fit', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='career fit')),
                        ('interest', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(10)], verbose_name='interest')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='offer_weights', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'followups_offerweights',
                        'verbose_name_plural': 'offer weights',
                        'constraints': [models.CheckConstraint(condition=models.Q(('benefits__lte', 10), ('career_fit__lte', 10), ('conditions__lte', 10), ('interest__lte', 10), ('location__lte', 10), ('salary__lte', 10), ('security__lte', 10)), name='offerweights_0_to_10')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_go_back),
    ]
