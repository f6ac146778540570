""" "Waiting for you" on /staff/: changes people reported in answer to a follow-up, proposed as impacts and
waiting for someone who may add impacts to accept or dismiss them."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from apps.core.contracts import WaitingWork

from . import selectors
from .enums import ProposalState


def waiting_work(user, *, today) -> list[WaitingWork]:
    if not (user.has_perm("evidence.view_impact") and user.has_perm("evidence.add_impact")):
        return []
    proposed = selectors.follow_ups_proposed_waiting()
    return [
        WaitingWork(
            kind="evidence.proposed_by_follow_ups",
            title="Impacts proposed by follow-ups",
            count=proposed["count"],
            oldest=timezone.localdate(proposed["oldest"]) if proposed["oldest"] else None,
            url=f"{reverse('impacts:follow_ups')}?{urlencode({'proposal': ProposalState.PROPOSED})}",
            action="Accept or dismiss them",
        )
    ]
