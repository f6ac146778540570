"""What the evidence app holds about a person: their answers to follow-ups, found by the email address the
follow-up went to (the request's asker, or the seminar registrant)."""

from django.db.models import Q

from .models import FollowUp


def _follow_ups(user):
    email = (user.email or "").strip()
    if not email:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(
        Q(evidence_request__email__iexact=email) | Q(feedback__registration__email__iexact=email)
    ).select_related("evidence_request", "feedback__registration__seminar")


def export_personal_data(user) -> dict:
    exported = []
    for follow_up in _follow_ups(user).order_by("sent_at", "pk"):
        exported.append(
            {
                "about": follow_up.evidence_request.reference
                if follow_up.evidence_request_id
                else follow_up.feedback.registration.seminar.title,
                "after_days": follow_up.after_days,
                "sent_at": follow_up.sent_at.isoformat() if follow_up.sent_at else None,
                "answered_at": follow_up.answered_at.isoformat() if follow_up.answered_at else None,
                "helped": follow_up.get_helped_display(),
                "decision_informed": follow_up.decision_informed,
                "change_reported": follow_up.change_reported,
                "may_quote": follow_up.may_quote,
                "quote": follow_up.quote,
                "asked_us_to_stop": follow_up.stop_asking,
            }
        )
    return {"follow_ups": exported}


def erase_personal_data(user) -> None:
    """Their words go, with the history rows that kept them; that a follow-up was sent (and any "stop")
    stays, so nobody is asked again. An impact staff already made keeps its own evidence."""
    ids = list(_follow_ups(user).values_list("pk", flat=True))
    FollowUp.objects.filter(pk__in=ids).update(
        decision_informed="", change_reported="", quote="", may_quote=False
    )
    FollowUp.history.filter(id__in=ids).delete()
