from apps.core.contracts import Block

from .selectors import messages_received_by


def panels(user) -> list[Block]:
    """The latest messages the unit sent to this member (only theirs), with a link to all of them."""
    return [
        Block(
            title="Messages from the unit",
            template="messaging/includes/member_panel.html",
            context={"latest": list(messages_received_by(user)[:3])},
            order=40,
        )
    ]
