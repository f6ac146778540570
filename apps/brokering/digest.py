"""The open requests of each knowledge broker, for their weekly digest."""

from collections import defaultdict

from apps.core.contracts import DigestItem

from .selectors import requests_open_for

SECTION = "Your open requests for evidence"


def digest_items(*, users, since, until) -> dict[int, list[DigestItem]]:
    """For each user: the requests assigned to them that are still open. One query per batch.

    These are reminders of work in hand, not news (`standing`): every digest lists what is open at the
    time it is written.
    """
    result: dict[int, list[DigestItem]] = defaultdict(list)
    for request in requests_open_for(user.pk for user in users):
        due = f"due {request.due_on.day} {request.due_on:%B %Y}" if request.due_on else "no due date"
        result[request.assignee_id].append(
            DigestItem(
                section=SECTION,
                title=f"{request.reference} ({request.get_status_display().lower()}, {due})",
                url=request.get_staff_url(),
                summary=request.question[:180],
                published_at=request.created_at,
                standing=True,
            )
        )
    return dict(result)
