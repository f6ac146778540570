"""Writes to impacts. The admin calls these from save_model and its inline formset, so every way of
editing an impact keeps the same rules."""

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.key_links import key_link
from apps.core.services import outbox_enqueue

from . import selectors
from .enums import (
    CORROBORATING_KINDS,
    Confidentiality,
    EvidenceKind,
    FollowUpAfter,
    Helped,
    ImpactStatus,
    ProposalState,
)
from .models import EvidenceItem, FollowUp, Impact


def impact_status_problem(*, status: str, kinds: list[str]) -> str | None:
    """Why an impact cannot have `status` with evidence items of `kinds`, or None if it may.

    Evidenced needs at least one evidence item; verified needs one from someone outside the unit (a
    testimonial, a policy or guideline citation, or a corroborating contact)."""
    if status in (ImpactStatus.EVIDENCED, ImpactStatus.VERIFIED) and not kinds:
        return "An evidenced or verified impact needs at least one evidence item. Add one below."
    if status == ImpactStatus.VERIFIED and not set(kinds) & set(CORROBORATING_KINDS):
        return (
            "A verified impact needs confirmation from outside the unit: a testimonial, a policy or "
            "guideline citation, or a corroborating contact."
        )
    return None


@transaction.atomic
def impact_save(*, impact: Impact) -> Impact:
    """Validate and save the impact (its history row is written by django-simple-history)."""
    impact.full_clean()
    impact.save()
    return impact


@transaction.atomic
def evidence_item_save(*, item: EvidenceItem, actor=None) -> EvidenceItem:
    """Validate and save an evidence item; the first person who saves it is recorded as adding it."""
    if item.pk is None and actor is not None and item.added_by_id is None:
        item.added_by = actor
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def impact_check_status(*, impact: Impact) -> None:
    """Raise ValidationError when the saved impact's status is not backed by its evidence items."""
    kinds = list(impact.evidence_items.values_list("kind", flat=True))
    problem = impact_status_problem(status=impact.status, kinds=kinds)
    if problem:
        raise ValidationError({"status": problem})


# -------------------------------------------------------------------------------------------- follow-ups
# Thirty and ninety days after a request's answer was sent, the person who asked gets one short email:
# did it help, what decision did it inform, may we quote you. Ninety days after a seminar, those who said
# in their feedback what they would do differently (and agreed to be asked) get one "Did you?" email.
# An answer that reports a change is proposed to staff as an impact; they accept or dismiss it.

FOLLOW_UP_KEY_LINK = "evidence.follow-up"
SEMINAR_FOLLOW_UP_KEY_LINK = "evidence.seminar-follow-up"
# The link in a follow-up email works for 60 days after the email was sent: time to come back to it after
# a holiday, short enough that a forgotten email stops being a key to the answer form.
FOLLOW_UP_LINK_MAX_AGE = timedelta(days=60)
FOLLOW_UP_LINK_LIFETIME = "60 days"
SEMINAR_FOLLOW_UP_AFTER_DAYS = FollowUpAfter.DAYS_90


class FollowUpLinkExpired(Exception):
    """A genuine follow-up link older than FOLLOW_UP_LINK_MAX_AGE."""


def follow_up_token_for(follow_up_id: int, *, purpose: str = FOLLOW_UP_KEY_LINK) -> str:
    """From the id alone (no query), so the outbox can sign it as the email is sent. Each purpose has
    its own salt: a seminar's link does not open a request's follow-up."""
    return signing.dumps({"follow_up": int(follow_up_id)}, salt=purpose)


def follow_up_url_for(follow_up_id: int) -> str:
    token = follow_up_token_for(follow_up_id)
    return absolute_url(reverse("follow_up_answer", kwargs={"token": token}))


def seminar_follow_up_url_for(follow_up_id: int) -> str:
    token = follow_up_token_for(follow_up_id, purpose=SEMINAR_FOLLOW_UP_KEY_LINK)
    return absolute_url(reverse("seminar_follow_up_answer", kwargs={"token": token}))


def follow_up_from_token(token: str, *, purpose: str = FOLLOW_UP_KEY_LINK) -> FollowUp | None:
    """The follow-up a link is for, or None for a link that was altered, made up or for another purpose.

    Raises FollowUpLinkExpired for a genuine link older than FOLLOW_UP_LINK_MAX_AGE."""
    try:
        data = signing.loads(token, salt=purpose, max_age=FOLLOW_UP_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise FollowUpLinkExpired from error
    except signing.BadSignature:
        return None
    pk = data.get("follow_up") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    subject = (
        {"evidence_request__isnull": False} if purpose == FOLLOW_UP_KEY_LINK else {"feedback__isnull": False}
    )
    return (
        FollowUp.objects.filter(pk=pk, **subject)
        .select_related("evidence_request", "feedback__registration__seminar")
        .first()
    )


def _queue_follow_up(*, follow_up_fields: dict, now, email: dict) -> bool:
    """Make the follow-up row and queue its email, together or not at all. True if an email was queued.

    The row's unique constraint (one per request or feedback and period) and the outbox key (recipient,
    kind, subject, period) each keep it to one email: two sweeps at once, or a retry, queue nothing more.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: losing the race leaves this transaction usable
                follow_up = FollowUp.objects.create(**follow_up_fields, sent_at=now)
        except IntegrityError:
            return False
        context = {**email["context"], "follow_up_url": key_link(email["purpose"], follow_up.pk)}
        _message, created = outbox_enqueue(
            recipient=email["recipient"],
            kind=email["kind"],
            template=email["template"],
            context={**context, "link_lifetime": FOLLOW_UP_LINK_LIFETIME},
            about=email["about"],
            occasion=f"after-{follow_up.after_days}-days",
            reply_to=email.get("reply_to", ""),
        )
        return created


def follow_ups_send_due(*, now) -> int:
    """Queue every follow-up email due now (requests at 30 and 90 days, seminars at 90). Safe to repeat.

    Returns how many emails were queued. When nothing is due it costs three queries.
    """
    queued = 0
    for after_days in FollowUpAfter.values:
        for evidence_request in selectors.evidence_requests_due_follow_up(after_days=after_days, now=now):
            queued += _queue_follow_up(
                follow_up_fields={"evidence_request": evidence_request, "after_days": after_days},
                now=now,
                email={
                    "recipient": evidence_request.email,
                    "kind": "ask-follow-up",
                    "template": "evidence/follow-up",
                    "purpose": FOLLOW_UP_KEY_LINK,
                    "about": evidence_request,
                    "context": {"request": evidence_request, "after_days": after_days},
                    # A reply goes to the knowledge broker who answered, as replies to the answer do.
                    "reply_to": evidence_request.assignee.email if evidence_request.assignee else "",
                },
            )
    for feedback in selectors.seminar_feedback_due_follow_up(now=now):
        registration = feedback.registration
        queued += _queue_follow_up(
            follow_up_fields={"feedback": feedback, "after_days": SEMINAR_FOLLOW_UP_AFTER_DAYS},
            now=now,
            email={
                "recipient": registration.email,
                "kind": "seminar-did-you",
                "template": "evidence/follow-up-seminar",
                "purpose": SEMINAR_FOLLOW_UP_KEY_LINK,
                "about": feedback,
                "context": {
                    "feedback": feedback,
                    "registration": registration,
                    "seminar": registration.seminar,
                },
            },
        )
    return queued


@transaction.atomic
def follow_up_answer(
    *,
    follow_up: FollowUp,
    helped: str,
    decision_informed: str = "",
    change_reported: str = "",
    may_quote: bool = False,
    quote: str = "",
    stop_asking: bool = False,
    now=None,
) -> FollowUp:
    """Store the answer, once. A change reported is proposed to staff as an impact.

    "Please stop asking me" alone is an answer too: no further follow-up goes for that request. Raises
    ValidationError (by field) for an answer that says nothing, or a quote allowed but not written.
    """
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.answered_at is not None:
        raise ValidationError("This has already been answered. Thank you.", code="already_answered")
    errors = {}
    if not helped and not stop_asking:
        errors["helped"] = "Choose yes, partly or no (or tick “please stop asking me”)."
    if helped and helped not in Helped.values:
        errors["helped"] = "Choose yes, partly or no."
    if may_quote and not quote.strip():
        errors["quote"] = "Write what we may quote, or choose “No” to being quoted."
    if errors:
        raise ValidationError(errors)
    follow_up.helped = helped
    follow_up.decision_informed = decision_informed.strip()
    follow_up.change_reported = change_reported.strip()
    follow_up.may_quote = bool(may_quote and quote.strip())
    follow_up.quote = quote.strip() if follow_up.may_quote else ""
    follow_up.stop_asking = stop_asking
    follow_up.answered_at = now or timezone.now()
    if follow_up.change_reported:
        follow_up.proposal = ProposalState.PROPOSED
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def follow_up_suggested_title(follow_up: FollowUp) -> str:
    """A first title for the impact staff make from an answer; they change it before accepting."""
    change = " ".join(follow_up.change_reported.split())
    if len(change) > 120:
        change = change[:117].rsplit(" ", 1)[0] + "…"
    if follow_up.evidence_request_id:
        where = follow_up.evidence_request.organisation
    else:
        where = follow_up.feedback.registration.organisation
    return f"{change} ({where})" if where else change


def _decidable(follow_up: FollowUp) -> FollowUp:
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("evidence_request", "feedback__registration__seminar")
        .get(pk=follow_up.pk)
    )
    if follow_up.proposal != ProposalState.PROPOSED:
        raise ValidationError(
            f"This answer is not waiting for a decision: it is “{follow_up.get_proposal_display()}”.",
            code="not_proposed",
        )
    return follow_up


@transaction.atomic
def follow_up_accept(*, follow_up: FollowUp, title: str, level: str, by) -> Impact:
    """Make a claimed, staff-only impact from a proposed answer: linked to the request (or the seminar),
    with the answer as its evidence (a testimonial; the quote, when they allowed quoting)."""
    follow_up = _decidable(follow_up)
    if not title.strip():
        raise ValidationError({"title": "Give the impact a plain title: what changed, and where."})
    answered_on = timezone.localdate(follow_up.answered_at)
    summary = follow_up.change_reported
    if follow_up.decision_informed:
        summary = f"{summary}\n\nThe decision it informed: {follow_up.decision_informed}"
    impact = Impact(
        title=title.strip(),
        summary=summary,
        level=level,
        status=ImpactStatus.CLAIMED,
        confidentiality=Confidentiality.STAFF_ONLY,
        started_on=answered_on,
    )
    if follow_up.evidence_request_id:
        impact.organisations = follow_up.evidence_request.organisation
        source = (
            f"the {follow_up.get_after_days_display()} follow-up of {follow_up.evidence_request.reference}"
        )
    else:
        seminar = follow_up.feedback.registration.seminar
        source = f"the follow-up of the seminar “{seminar.title}”"
    impact_save(impact=impact)
    if follow_up.evidence_request_id:
        impact.evidence_requests.add(follow_up.evidence_request)
    else:
        impact.seminars.add(follow_up.feedback.registration.seminar)
    if follow_up.may_quote:
        item = EvidenceItem(
            impact=impact,
            kind=EvidenceKind.TESTIMONIAL,
            dated_on=answered_on,
            title=f"Quote from {source} (they agreed we may quote it)",
            description=follow_up.quote,
        )
    else:
        item = EvidenceItem(
            impact=impact,
            kind=EvidenceKind.TESTIMONIAL,
            dated_on=answered_on,
            title=f"Answer to {source} (not for quoting)",
            description=summary,
        )
    evidence_item_save(item=item, actor=by)
    follow_up.proposal = ProposalState.ACCEPTED
    follow_up.impact = impact
    follow_up.proposal_decided_at = timezone.now()
    follow_up.proposal_decided_by = by
    follow_up.save()
    return impact


@transaction.atomic
def follow_up_dismiss(*, follow_up: FollowUp, by) -> FollowUp:
    follow_up = _decidable(follow_up)
    follow_up.proposal = ProposalState.DISMISSED
    follow_up.proposal_decided_at = timezone.now()
    follow_up.proposal_decided_by = by
    follow_up.save()
    return follow_up
