"""Calendar feed links are no longer stored: a feed keeps a random key, and its link's token is an HMAC of
its id and that key (see CalendarFeed). The links members already use keep working through the SHA-256
of their token, until the member replaces the link.

Backwards, each feed gets back a stored token: the link the member was shown since this migration (the
derived one; the SHA-256 of an older link cannot be turned back into it).
"""

import hashlib
import secrets

import apps.communities.models
from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac
from django.utils.http import int_to_base36

# As in apps/communities/models.py at the time of writing.
FEED_TOKEN_SALT = "apps.communities.calendar-feed"


def derived_token(feed) -> str:
    digest = salted_hmac(FEED_TOKEN_SALT, f"{feed.pk}:{feed.key}", secret=settings.SECRET_KEY, algorithm="sha256")
    return f"{int_to_base36(feed.pk)}-{digest.hexdigest()[::2]}"


def hash_stored_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("communities", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "token"):
        feed.key = secrets.token_hex(16)
        feed.legacy_token_hash = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.token = None
        feed.save(update_fields=["key", "legacy_token_hash", "token"])


def store_derived_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("communities", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "key"):
        feed.token = derived_token(feed)
        feed.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0005_membership_named_publicly"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="key",
            field=models.CharField(default=apps.communities.models.new_feed_key, max_length=32),
        ),
        migrations.AddField(
            model_name="calendarfeed",
            name="legacy_token_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        # Not unique, and empty once hashed; the reverse fills it before it is unique again.
        migrations.AlterField(
            model_name="calendarfeed",
            name="token",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_stored_tokens, store_derived_tokens),
        migrations.RemoveField(
            model_name="calendarfeed",
            name="token",
        ),
    ]
