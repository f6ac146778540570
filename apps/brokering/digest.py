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
    for evidence_request in requests_open_for(user.pk for user in users):
        due = (
            f"due {evidence_request.due_on.day} {evidence_request.due_on:%B %Y}"
            if evidence_request.due_on
            else "no due date"
        )
        status = evidence_request.get_status_display().lower()
        result[evidence_request.assignee_id].append(
            DigestItem(
                section=SECTION,
                title=f"{evidence_request.reference} ({status}, {due})",
                url=evidence_request.get_staff_url(),
                summary=evidence_request.question[:180],
                published_at=evidence_request.created_at,
                standing=True,
            )
        )
    return dict(result)
