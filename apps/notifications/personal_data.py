from .models import NotificationPreference


def export_personal_data(user) -> dict:
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is None:
        return {"email_preferences": None}
    return {
        "email_preferences": {
            "digest_frequency": preference.digest_frequency,
            "reminder_timings": list(preference.reminder_timings),
            "last_digest_up_to": preference.last_digest_up_to.isoformat()
            if preference.last_digest_up_to
            else None,
            "unsubscribed_at": preference.unsubscribed_at.isoformat() if preference.unsubscribed_at else None,
        }
    }


def erase_personal_data(user) -> None:
    NotificationPreference.objects.filter(user=user).delete()
