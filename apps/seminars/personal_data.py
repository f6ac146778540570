"""Everything the seminars app holds about a person, found by their email address."""

from .selectors import registrations_for_email
from .services import registrations_erase


def export_personal_data(user) -> dict:
    registrations = registrations_for_email(user.email).select_related("feedback").order_by("created_at")
    exported = []
    for registration in registrations:
        feedback = getattr(registration, "feedback", None)
        exported.append(
            {
                "seminar": registration.seminar.title,
                "seminar_starts_at": registration.seminar.starts_at.isoformat(),
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation,
                "role": registration.get_role_display(),
                "access_requirements": registration.access_requirements,
                "consent": registration.consent,
                "status": registration.get_status_display(),
                "attended": registration.attended,
                "registered_at": registration.created_at.isoformat(),
                "emails_stopped": registration.emails_stopped,
                "feedback": None
                if feedback is None
                else {
                    "rating": feedback.rating,
                    "most_useful": feedback.most_useful,
                    "improve": feedback.improve,
                    "will_use": feedback.will_use,
                    "will_do_differently": feedback.will_do_differently,
                    "may_ask_later": feedback.may_ask_later,
                },
            }
        )
    return {"seminar_registrations": exported}


def erase_personal_data(user) -> None:
    registrations_erase(email=user.email)
