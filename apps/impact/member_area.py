from apps.core.contracts import Block

from .enums import HearAbout
from .selectors import contributions_of, hear_about_for

HEAR_ABOUT_WORDS = {
    HearAbout.AT_ONCE: "by email straight away",
    HearAbout.DIGEST: "in your email digest",
    HearAbout.NEVER: "only here, not by email",
}


def panels(user) -> list[Block]:
    """The difference the member's own advice made: only for members who have given some."""
    contributions = list(contributions_of(user)[:10])
    if not contributions and not user.involvement_memberships.exists():
        return []
    return [
        Block(
            title="The difference your advice made",
            template="impact/includes/member_panel.html",
            context={
                "contributions": contributions,
                "hear_about_words": HEAR_ABOUT_WORDS[hear_about_for(user)],
            },
            order=25,
        )
    ]
