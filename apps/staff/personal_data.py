"""What the staff area holds about a person, for "download my data" and "erase my account"."""

from .models import WaitingEmailPreference


def export_personal_data(user) -> dict:
    preference = WaitingEmailPreference.objects.filter(user=user).first()
    return {"waiting_for_you_email_every_monday": bool(preference and preference.weekly)}


def erase_personal_data(user) -> None:
    WaitingEmailPreference.objects.filter(user=user).delete()
