from apps.accounts.demo import demo_email, demo_user

from .enums import DigestFrequency
from .models import NotificationPreference


def seed(*, password: str, stdout) -> None:
    # The Link member reads the weekly round-up; the champion asked for a monthly one.
    for role, frequency in (("link", DigestFrequency.WEEKLY), ("champion", DigestFrequency.MONTHLY)):
        NotificationPreference.objects.get_or_create(
            user=demo_user(role), defaults={"digest_frequency": frequency}
        )


def pages_to_check() -> list[tuple[str, str | None]]:
    from django.urls import reverse

    from .unsubscribe import user_token

    token = user_token(demo_user("link"))
    return [
        ("/notifications/preferences/", demo_email("link")),
        (reverse("notifications:preferences_signed", kwargs={"token": token}), None),
        (reverse("notifications:unsubscribe", kwargs={"token": token}), None),
    ]
