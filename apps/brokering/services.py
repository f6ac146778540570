"""Writes to the brokering desk: requests, decisions, notes, links, answers, publishing. The only writers.

Every change of state is checked against `NEXT_STATUSES`; emails to the person who asked go through
the outbox keyed on the request, so a double click never sends one twice.
"""

from datetime import date, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.key_links import key_link
from apps.core.page_cache import public_pages_changed
from apps.core.services import outbox_enqueue

from .enums import NEXT_STATUSES, RequestKind, RequestStatus
from .models import EvidenceRequest, RequestNote

STATUS_LINK_SALT = "brokering.request-status"
# A status link works for a year after the email that carried it was sent (each email signs a fresh
# one): long enough to follow a question through to its answer and look back at it later, short enough
# that a link forgotten in an old mailbox or a forwarded email stops telling anyone about the question.
STATUS_LINK_MAX_AGE = timedelta(days=365)
# The status link's purpose for the outbox (apps/brokering/key_links.py makes the link when sending).
STATUS_KEY_LINK = "brokering.status"
NUMBER_ATTEMPTS = 10


# ------------------------------------------------------------------------------------------ signed links


class StatusLinkExpired(Exception):
    """A genuine status link older than STATUS_LINK_MAX_AGE."""


def status_token_for(request_id: int) -> str:
    # Timestamped (signing.dumps), so request_from_status_token can tell its age.
    return signing.dumps({"request": request_id}, salt=STATUS_LINK_SALT)


def status_token(evidence_request: EvidenceRequest) -> str:
    return status_token_for(evidence_request.pk)


def status_url_for(request_id: int) -> str:
    return absolute_url(reverse("brokering:status", kwargs={"token": status_token_for(request_id)}))


def status_url(evidence_request: EvidenceRequest) -> str:
    return status_url_for(evidence_request.pk)


def request_from_status_token(token: str) -> EvidenceRequest | None:
    """The request a status link is for, or None for a link that was altered or made up.

    Raises StatusLinkExpired for a genuine link older than STATUS_LINK_MAX_AGE.
    """
    try:
        data = signing.loads(token, salt=STATUS_LINK_SALT, max_age=STATUS_LINK_MAX_AGE)
    except signing.SignatureExpired as error:
        raise StatusLinkExpired from error
    except signing.BadSignature:
        return None
    pk = data.get("request") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return EvidenceRequest.objects.filter(pk=pk).first()


# ------------------------------------------------------------------------------------------------ asking


def request_submit(
    *,
    question: str,
    purpose: str,
    name: str,
    email: str,
    requester_role: str,
    consent_to_contact: bool,
    consent_to_publish: bool = False,
    kind: str = RequestKind.EVIDENCE,
    needed_by: date | None = None,
    organisation: str = "",
    funder: str = "",
    application_deadline: date | None = None,
    research_stage: str = "",
    wants_involvement_support: bool = False,
) -> EvidenceRequest:
    """Store a question from /ask/ with the next reference (ASK-0001, ASK-0002...) and acknowledge it.

    The reference is the highest number plus one; the database's unique constraint decides when two
    people ask at the same moment, and the loser takes the next number (each try in a savepoint).
    Research details are kept only on a request for research support.
    """
    if not consent_to_contact:
        raise ValidationError(
            {"consent_to_contact": "We need your permission to contact you about your question."}
        )
    evidence_request = EvidenceRequest(
        kind=kind,
        status=RequestStatus.NEW,
        question=question,
        purpose=purpose,
        needed_by=needed_by,
        name=name,
        email=email,
        requester_role=requester_role,
        organisation=organisation,
        consent_to_contact=consent_to_contact,
        consent_to_publish=consent_to_publish,
    )
    if kind == RequestKind.RESEARCH_SUPPORT:
        evidence_request.funder, evidence_request.application_deadline = funder, application_deadline
        evidence_request.research_stage, evidence_request.wants_involvement_support = (
            research_stage,
            wants_involvement_support,
        )
    evidence_request.number = 1  # validated with a placeholder; the real number is taken just before saving
    evidence_request.full_clean(exclude=["number"])
    with transaction.atomic():
        _take_numbering_lock()
        for attempt in range(NUMBER_ATTEMPTS):
            evidence_request.number = (EvidenceRequest.objects.aggregate(top=Max("number"))["top"] or 0) + 1
            try:
                with transaction.atomic():
                    evidence_request.save()
                break
            except IntegrityError:
                if attempt == NUMBER_ATTEMPTS - 1:
                    raise
                evidence_request.pk = None
        _email_asker(evidence_request, kind="ask-acknowledgement", template="brokering/acknowledgement")
    return evidence_request


# Any fixed number: PostgreSQL's transaction-level advisory lock that queues people asking at the same moment.
NUMBERING_LOCK = 0x41534B  # "ASK"


def _take_numbering_lock() -> None:
    """Take the next reference one at a time (PostgreSQL; SQLite has one writer at a time anyway).

    Held until the transaction ends, so the next person reads the highest number only after this one's
    row is committed. The unique constraint and the retry stay as the last line of defence.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NUMBERING_LOCK])


def _email_asker(
    evidence_request: EvidenceRequest, *, kind: str, template: str, reply_to: str = "", **context
):
    outbox_enqueue(
        recipient=evidence_request.email,
        kind=kind,
        template=template,
        # A placeholder: the outbox signs the link when it sends the email, and never stores it.
        context={
            "request": evidence_request,
            "status_url": key_link(STATUS_KEY_LINK, evidence_request.pk),
            **context,
        },
        about=evidence_request,
        reply_to=reply_to,
    )


# ---------------------------------------------------------------------------------------------- deciding


def _locked(evidence_request: EvidenceRequest) -> EvidenceRequest:
    return EvidenceRequest.objects.select_for_update().get(pk=evidence_request.pk)


def _move(evidence_request: EvidenceRequest, to: str) -> None:
    if to not in NEXT_STATUSES[RequestStatus(evidence_request.status)]:
        raise ValidationError(
            f"{evidence_request.reference} is {evidence_request.get_status_display().lower()}: it cannot be "
            f"{RequestStatus(to).label.lower()} now."
        )
    evidence_request.status = to


def _check_staff(user, field: str, who: str) -> None:
    if user is not None and not (user.is_active and user.is_staff):
        raise ValidationError({field: f"Choose a {who} from the unit's staff."})


@transaction.atomic
def request_accept(
    *, evidence_request: EvidenceRequest, assignee=None, due_on: date | None = None
) -> EvidenceRequest:
    """Take the request on, optionally giving it to a knowledge broker with a due date."""
    evidence_request = _locked(evidence_request)
    _move(evidence_request, RequestStatus.ACCEPTED)
    _check_staff(assignee, "assignee", "knowledge broker")
    evidence_request.decided_at = timezone.now()
    if assignee is not None:
        evidence_request.assignee = assignee
    if due_on is not None:
        evidence_request.due_on = due_on
    evidence_request.save()
    return evidence_request


@transaction.atomic
def request_decline(*, evidence_request: EvidenceRequest, reason: str) -> EvidenceRequest:
    """Say no, kindly: the reason is emailed to the person who asked."""
    if not reason.strip():
        raise ValidationError({"reason": "Tell them kindly why we cannot take this on."})
    evidence_request = _locked(evidence_request)
    _move(evidence_request, RequestStatus.DECLINED)
    evidence_request.decided_at = timezone.now()
    evidence_request.decline_reason = reason.strip()
    evidence_request.save()
    _email_asker(evidence_request, kind="ask-declined", template="brokering/declined")
    return evidence_request


@transaction.atomic
def request_assign(
    *, evidence_request: EvidenceRequest, assignee, due_on: date | None, involvement_coordinator=None
) -> EvidenceRequest:
    """Give the request to a knowledge broker (and, for research support, an involvement coordinator).

    A coordinator newly asked to help is told by email (once for each request).
    """
    evidence_request = _locked(evidence_request)
    if evidence_request.status in (RequestStatus.DECLINED, RequestStatus.CLOSED):
        raise ValidationError(
            f"{evidence_request.reference} is {evidence_request.get_status_display().lower()}."
        )
    _check_staff(assignee, "assignee", "knowledge broker")
    _check_staff(involvement_coordinator, "involvement_coordinator", "coordinator")
    if involvement_coordinator is not None and not evidence_request.is_research_support:
        raise ValidationError(
            {"involvement_coordinator": "Only requests for research support go to a coordinator."}
        )
    evidence_request.assignee = assignee
    evidence_request.due_on = due_on
    newly_routed = (
        involvement_coordinator is not None
        and involvement_coordinator.pk != evidence_request.involvement_coordinator_id
    )
    evidence_request.involvement_coordinator = involvement_coordinator
    evidence_request.save()
    if newly_routed:
        outbox_enqueue(
            recipient=involvement_coordinator.email,
            kind="ask-routed-to-coordinator",
            template="brokering/routed-to-coordinator",
            context={
                "request": evidence_request,
                "coordinator": involvement_coordinator,
                "url": absolute_url(evidence_request.get_staff_url()),
            },
            about=evidence_request,
            occasion=f"coordinator:{involvement_coordinator.pk}",
        )
    return evidence_request


@transaction.atomic
def request_start(*, evidence_request: EvidenceRequest) -> EvidenceRequest:
    evidence_request = _locked(evidence_request)
    _move(evidence_request, RequestStatus.IN_PROGRESS)
    evidence_request.save()
    return evidence_request


def request_note_add(*, evidence_request: EvidenceRequest, author, text: str) -> RequestNote:
    note = RequestNote(request=evidence_request, author=author, text=text.strip())
    if not note.text:
        raise ValidationError({"text": "Write the note first."})
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def request_links_set(
    *, evidence_request: EvidenceRequest, publications=(), profiles=(), communities=(), pages=()
):
    """The publications, people, communities and resource pages this request draws on."""
    evidence_request.publications.set(list(publications))
    evidence_request.profiles.set(list(profiles))
    evidence_request.communities.set(list(communities))
    evidence_request.pages.set(list(pages))
    EvidenceRequest.objects.filter(pk=evidence_request.pk).update(updated_at=timezone.now())
    return evidence_request


@transaction.atomic
def request_answer_draft_save(*, evidence_request: EvidenceRequest, answer: str) -> EvidenceRequest:
    """Keep the answer being written (nothing is sent). Brokers come back to it, preview it, then send."""
    evidence_request = _locked(evidence_request)
    if RequestStatus.ANSWERED not in NEXT_STATUSES[RequestStatus(evidence_request.status)]:
        raise ValidationError({"answer": f"{evidence_request.reference} cannot be answered now."})
    evidence_request.answer = answer.strip()
    evidence_request.save(update_fields=["answer", "updated_at"])
    return evidence_request


def request_answer_preview(*, evidence_request: EvidenceRequest, answer: str, by):
    """The answer email exactly as the asker would get it (subject, text and HTML), nothing stored."""
    from apps.core.emails import render_email

    evidence_request.answer = answer.strip()
    return render_email(
        "brokering/answer", _answer_context(evidence_request, broker=evidence_request.assignee or by)
    )


def _answer_context(evidence_request: EvidenceRequest, *, broker) -> dict:
    return {
        "request": evidence_request,
        "broker": broker,
        "publications": list(evidence_request.publications.order_by("-year", "title")),
        "pages": [page for page in evidence_request.pages.order_by("title") if page.is_published],
    }


@transaction.atomic
def request_answer(*, evidence_request: EvidenceRequest, answer: str, by) -> EvidenceRequest:
    """Send the answer with the reference. Replies go to the assigned broker (or whoever answered)."""
    if not answer.strip():
        raise ValidationError({"answer": "Write the answer first."})
    evidence_request = _locked(evidence_request)
    _move(evidence_request, RequestStatus.ANSWERED)
    if evidence_request.assignee_id is None:
        evidence_request.assignee = by
    evidence_request.answer = answer.strip()
    evidence_request.answered_at = timezone.now()
    evidence_request.save()
    broker = evidence_request.assignee
    context = _answer_context(evidence_request, broker=broker)
    del context["request"]
    _email_asker(
        evidence_request, kind="ask-answer", template="brokering/answer", reply_to=broker.email, **context
    )
    return evidence_request


@transaction.atomic
def request_close(*, evidence_request: EvidenceRequest) -> EvidenceRequest:
    evidence_request = _locked(evidence_request)
    _move(evidence_request, RequestStatus.CLOSED)
    evidence_request.closed_at = timezone.now()
    evidence_request.save()
    return evidence_request


@transaction.atomic
def request_publish(
    *, evidence_request: EvidenceRequest, public_question: str, public_summary: str
) -> EvidenceRequest:
    """Show the answered question at /ask/answered/, without the person's name (only with their consent)."""
    evidence_request = _locked(evidence_request)
    if not evidence_request.consent_to_publish:
        raise ValidationError("The person who asked did not agree that we publish it.")
    if (
        evidence_request.status not in (RequestStatus.ANSWERED, RequestStatus.CLOSED)
        or not evidence_request.answered_at
    ):
        raise ValidationError("Publish a question only once it has been answered.")
    errors = {}
    if not public_question.strip():
        errors["public_question"] = "Write the question as it will be published, without names."
    if not public_summary.strip():
        errors["public_summary"] = "Write a plain-language summary of the evidence."
    if errors:
        raise ValidationError(errors)
    evidence_request.public_question = public_question.strip()
    evidence_request.public_summary = public_summary.strip()
    if evidence_request.published_at is None:
        evidence_request.published_at = timezone.now()
    evidence_request.save()
    return evidence_request


@transaction.atomic
def request_unpublish(*, evidence_request: EvidenceRequest) -> EvidenceRequest:
    EvidenceRequest.objects.filter(pk=evidence_request.pk).update(
        published_at=None, updated_at=timezone.now()
    )
    public_pages_changed()  # update() sends no signal; the answered question must leave the site at once
    evidence_request.refresh_from_db()
    return evidence_request
