# Offers moved to the insight app. State only: the tables stay as they are (insight's models keep their names), so
# no row is copied and nothing is locked; insight.0001_initial takes the models over in the same step.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("followups", "0002_offers"),
        ("insight", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Offer"),
                migrations.DeleteModel(name="OfferWeights"),
            ],
            database_operations=[],
        ),
    ]
