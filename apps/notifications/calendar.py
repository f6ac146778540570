"""The calendar entry attached to a reminder, with the occasion's own UID and SEQUENCE (so it updates the
entry an invitation already put in the calendar). The file is built by `apps.core.calendar`."""

from apps.core.calendar import PUBLISH, CalendarEvent, calendar_attachment
from apps.core.contracts import Occasion
from apps.core.emails import absolute_url


def occasion_uid(occasion: Occasion) -> str:
    if occasion.uid:
        return occasion.uid
    meta = occasion.obj._meta
    return f"{meta.app_label}-{meta.model_name}-{occasion.obj.pk}@iau-portal"


def occasion_attachment(occasion: Occasion) -> dict:
    """PUBLISH: a reminder offers the entry; it does not invite anyone (invitations come from the app)."""
    page = absolute_url(occasion.url)
    event = CalendarEvent(
        uid=occasion_uid(occasion),
        sequence=occasion.sequence,
        title=occasion.title,
        starts_at=occasion.starts_at,
        ends_at=occasion.ends_at,
        cancelled=occasion.cancelled,
        location=occasion.where,
        description=f"Details: {page}",
        url=page,
    )
    return calendar_attachment(event, method=PUBLISH, filename="invitation.ics")
