"""The outbox's `access_needs` plugin module: what members asked for that changes how we write to them.

The outbox (apps.core.services) asks every installed app's `access_needs.access_needs_for(user_ids)` once
per batch of emails and applies the answer to each one: large print, their carer copied in, the name they
like to be greeted by. Involvement holds these on the member's profile.
"""

from apps.core.contracts import AccessNeeds

from .models import MemberProfile


def access_needs_for(user_ids) -> dict[int, AccessNeeds]:
    """Each member's needs, in one query. Members without a profile are absent from the result."""
    rows = MemberProfile.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "large_print", "easy_read", "carer_copied", "carer_email", "preferred_name"
    )
    return {
        user_id: AccessNeeds(
            large_print=large_print,
            easy_read=easy_read,
            carer_email=carer_email if carer_copied else "",
            preferred_name=preferred_name.strip(),
        )
        for user_id, large_print, easy_read, carer_copied, carer_email, preferred_name in rows
    }
