from django.utils import timezone

from apps.core.contracts import MemberPanel

from . import tokens
from .enums import RegistrationStatus
from .selectors import registrations_attended_by, registrations_for_email


def panels(user) -> list[MemberPanel]:
    """Seminars the member registered for with their account's email address: those coming up, and those
    they were recorded as attending (with a certificate of attendance each)."""
    registrations = list(
        registrations_for_email(user.email)
        .filter(seminar__ends_at__gt=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("seminar__starts_at")
    )
    attended = list(registrations_attended_by(user.email).filter(seminar__ends_at__lte=timezone.now())[:10])
    if not registrations and not attended:
        return []
    rows = [(registration, tokens.signed_path(registration, tokens.CANCEL)) for registration in registrations]
    return [
        MemberPanel(
            title="Your seminars",
            template="seminars/includes/member_panel.html",
            context={"seminar_rows": rows, "attended": attended},
            order=40,
        )
    ]
