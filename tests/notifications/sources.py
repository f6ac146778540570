"""Test input for the notifications engine: a reminders and digest source like a domain app's.

Tests list the occasions they want (about real saved Topics) with add_occasion(); a digest lists every
member who joined in the period under "New members". A worker process started by an integration test
reads the same occasions from the JSON file named by NOTIFICATION_TEST_SOURCE_FILE.
"""

import json
import os
from datetime import datetime

from django.contrib.auth import get_user_model

from apps.core.contracts import Attendee, DigestItem, Occasion
from apps.core.models import Topic

FILE_ENV = "NOTIFICATION_TEST_SOURCE_FILE"
OCCASIONS: list[dict] = []
FAIL_FOR_USER_IDS: set[int] = set()


def reset() -> None:
    OCCASIONS.clear()
    FAIL_FOR_USER_IDS.clear()


def add_occasion(*, topic: Topic, starts_at: datetime, attendees: list[Attendee], **fields) -> dict:
    spec = {"topic_id": topic.pk, "starts_at": starts_at.isoformat(), "attendees": attendees, **fields}
    OCCASIONS.append(spec)
    return spec


def write_to(path: str) -> None:
    specs = [{**spec, "attendees": [vars(a) for a in spec["attendees"]]} for spec in OCCASIONS]
    with open(path, "w") as handle:
        json.dump(specs, handle)


def _specs() -> list[dict]:
    path = os.environ.get(FILE_ENV)
    if path:
        with open(path) as handle:
            return [
                {**spec, "attendees": [Attendee(**a) for a in spec["attendees"]]}
                for spec in json.load(handle)
            ]
    return OCCASIONS


def occasions_between(*, start, end) -> list[Occasion]:
    specs = _specs()
    topics = Topic.objects.in_bulk([spec["topic_id"] for spec in specs])
    occasions = []
    for spec in specs:
        fields = dict(spec)
        topic = topics[fields.pop("topic_id")]
        starts_at = datetime.fromisoformat(fields.pop("starts_at"))
        if start <= starts_at < end:
            fields.setdefault("source", "community-meeting")
            fields.setdefault("title", f"{topic.name} meeting")
            fields.setdefault("ends_at", None)
            fields.setdefault("url", f"/communities/{topic.slug}/")
            occasions.append(Occasion(obj=topic, starts_at=starts_at, **fields))
    return occasions


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    if FAIL_FOR_USER_IDS & {user.pk for user in users}:
        raise RuntimeError("The source failed for this batch")
    joined = list(get_user_model().objects.filter(date_joined__gte=since, date_joined__lt=until))
    items = {}
    for user in users:
        items[user.pk] = [
            DigestItem(
                section="New members",
                title=f"{other.display_name or other.email} joined",
                url=f"/people/{other.pk}/",
                published_at=other.date_joined,
            )
            for other in joined
            if other.pk != user.pk
        ]
    return items
