""" "Waiting for you": the work in hand a member of staff may act on, oldest first (/staff/ and the weekly
email).

Each domain app says what waits through its `waiting.py` plugin module (`waiting_work(user, *, today)`,
plain `apps.core.contracts.WaitingWork`): involvement (applications, expense claims, activities to
approve, payment runs to pay), communities (requests to join), brokering (new requests, requests due
soon). The staff area adds the published texts above the reading age aim (`readability.py`) and only
composes.

Impacts proposed by follow-ups are not recorded yet: when they are, the app that records them offers them
through its own `waiting.py` and they appear here and in the email with nothing to change in this module.
"""

from django.conf import settings
from django.urls import reverse

from apps.core.contracts import WaitingWork
from apps.core.plugins import app_modules

from .readability import sources_for, texts_above_target

PLUGIN_MODULE = "waiting"
PLUGIN_FUNCTION = "waiting_work"


def texts_to_make_easier(user) -> list[WaitingWork]:
    """Published texts above the reading age aim (or missing a required summary) this person may change:
    the same list as /staff/readability/. The texts carry no date, so they come after dated work."""
    sources = sources_for(user)
    if not sources:
        return []
    return [
        WaitingWork(
            kind="staff.readability",
            title=f"Published texts with a reading age above {settings.READABILITY_TARGET_AGE}",
            count=len(texts_above_target(sources)),
            oldest=None,
            url=reverse("staff:readability"),
            action="Make them easier to read",
        )
    ]


def waiting_for(user, *, today) -> list[WaitingWork]:
    """Every kind of work waiting for `user` (only kinds with something in them), oldest first."""
    work = []
    for module in app_modules(PLUGIN_MODULE):
        offer = getattr(module, PLUGIN_FUNCTION, None)
        if offer is not None:
            work.extend(offer(user, today=today))
    work.extend(texts_to_make_easier(user))
    return sorted((item for item in work if item.count), key=WaitingWork.sort_key)
