"""The signed-in member's own area at /me/ is assembled from panels that each app offers.

An app offers panels by defining `apps/<app>/member_area.py` with a function
`panels(user) -> list[MemberPanel]`. Each panel shows only the user's own data.
"""

from apps.core.contracts import MemberPanel
from apps.core.plugins import collect_blocks


def panels(user) -> list[MemberPanel]:
    return [
        MemberPanel(
            title="Your account",
            template="accounts/includes/account_panel.html",
            context={"account_user": user},
            order=900,
        )
    ]


def member_panels(user) -> list[MemberPanel]:
    return collect_blocks("member_area", "panels", user)
