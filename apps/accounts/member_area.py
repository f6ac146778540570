"""The signed-in member's own area at /me/ is assembled from panels that each app offers.

An app offers panels by defining `apps/<app>/member_area.py` with a function
`panels(user) -> list[MemberPanel]`. Each panel shows only the user's own data.
"""

from dataclasses import dataclass, field

from apps.core.plugins import app_modules


@dataclass(frozen=True)
class MemberPanel:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


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
    collected = []
    for module in app_modules("member_area"):
        collected.extend(module.panels(user))
    return sorted(collected, key=lambda panel: panel.order)
