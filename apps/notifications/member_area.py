from apps.core.contracts import MemberPanel

from .selectors import notification_preference_of


def panels(user) -> list[MemberPanel]:
    return [
        MemberPanel(
            title="Emails from us",
            template="notifications/includes/member_panel.html",
            context={"preference": notification_preference_of(user=user)},
            order=800,
        )
    ]
