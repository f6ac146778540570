from apps.core.contracts import MemberPanel

from .models import Profile


def panels(user) -> list[MemberPanel]:
    profile = Profile.objects.filter(user=user).prefetch_related("roles").first()
    if profile is None:
        return []
    return [
        MemberPanel(
            title="Your public profile",
            template="people/includes/member_panel.html",
            context={"profile": profile},
            order=200,
        )
    ]
