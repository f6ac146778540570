from .enums import DigestFrequency
from .models import NotificationPreference


def notification_preference_of(*, user) -> NotificationPreference:
    """The user's preference, or the default (weekly) unsaved one: reading never creates a row."""
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is None:
        preference = NotificationPreference(user=user, digest_frequency=DigestFrequency.WEEKLY)
    return preference
