"""What moving or cancelling an event (a community meeting, a seminar) shares, whatever the app's rules.

Calendars update an entry they already hold when its SEQUENCE (RFC 5545) goes up under the same UID, so
each change people are told about raises it by one; the outbox keys each email on that SEQUENCE, so each
change is told once. Each app keeps its own rules (which fields move the event, who is told, what a
cancelled event may still do).
"""

from django.db import models
from django.db.models import F


def changes_from_stored(instance: models.Model, changes: dict, *, fields=None) -> tuple[models.Model, dict]:
    """Lock the stored row of `instance` (inside the caller's transaction) and return it with those of
    `changes` (limited to `fields` when given) whose value differs from it.

    Compared with the database row, never with the instance: a ModelForm (a facilitator's page, the
    admin) has already written the new values onto the instance during `is_valid()`.
    """
    stored = type(instance).objects.select_for_update().get(pk=instance.pk)
    differing = {
        name: value
        for name, value in changes.items()
        if (fields is None or name in fields) and getattr(stored, name) != value
    }
    return stored, differing


def sequence_bump(instance: models.Model, **also) -> None:
    """Raise the event's SEQUENCE by one in the database (with `also` set in the same UPDATE, e.g.
    `cancelled=True`) and read the new values back onto `instance`."""
    type(instance).objects.filter(pk=instance.pk).update(sequence=F("sequence") + 1, **also)
    instance.refresh_from_db(fields=["sequence", *also])
