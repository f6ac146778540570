from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_meeting_next_index"),
    ]

    operations = [
        # Nobody is named publicly until they say so themselves: existing facilitators start unnamed.
        migrations.AddField(
            model_name="membership",
            name="named_publicly",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A facilitator or knowledge broker agreed to be named on the public community page and "
                    "their profile. Only they change it."
                ),
                verbose_name="show my name on the community page",
            ),
        ),
    ]
