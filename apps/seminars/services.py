"""Writes for seminars: registration with capacity and a waiting list, changes, cancellations, mail.

Every service that changes who holds a place locks the seminar row first (SELECT ... FOR UPDATE on
PostgreSQL; SQLite runs writers one at a time). That lock is what keeps "confirmed places <= capacity"
true when many people press Register at the same moment: the count and the insert happen while no other
registration for the same seminar can run.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.events import changes_from_stored
from apps.core.key_links import key_link
from apps.core.services import OutboxRequest, outbox_enqueue_many
from apps.core.updates import model_update

from . import tokens
from .calendar import invitation_attachment
from .enums import RegistrationStatus
from .models import Announcement, Feedback, Registration, Seminar, registration_problem


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _locked(seminar: Seminar) -> Seminar:
    # Do not replace with the instance passed in: the locked row is the only one whose numbers we trust.
    return Seminar.objects.select_for_update().get(pk=seminar.pk)


def _email_context(seminar: Seminar, registration: Registration) -> dict:
    return {
        "seminar": seminar,
        "registration": registration,
        "seminar_url": absolute_url(seminar.get_absolute_url()),
        "cancel_url": key_link(tokens.CANCEL, registration.pk),
        "show_join_link": registration.status == RegistrationStatus.CONFIRMED and bool(seminar.join_link),
    }


def _bulk_headers(registration: Registration) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: a signed https link that works with a POST and no login."""
    return {
        "List-Unsubscribe": f"<{key_link(tokens.STOP_EMAILS, registration.pk)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _registration_email(
    registration: Registration,
    seminar: Seminar,
    *,
    kind: str,
    occasion: str,
    with_invite: bool,
    invite_method: str | None = None,
) -> OutboxRequest:
    attachments = [invitation_attachment(seminar, registration, method=invite_method)] if with_invite else []
    return OutboxRequest(
        recipient=registration.email,
        kind=kind,
        template=f"seminars/{kind.removeprefix('seminar-')}",
        context=_email_context(seminar, registration),
        about=registration,
        occasion=occasion,
        attachments=attachments,
    )


def _send_registration_email(registration: Registration, seminar: Seminar, **email) -> None:
    outbox_enqueue_many(requests=[_registration_email(registration, seminar, **email)])


def registration_create(
    *,
    seminar: Seminar,
    name: str,
    email: str,
    role: str,
    consent: bool,
    organisation: str = "",
    access_requirements: str = "",
) -> tuple[Registration, bool]:
    """Register someone for a seminar, without an account. Returns (registration, created).

    Guarantees: confirmed places never exceed capacity (the seminar row is locked while we count);
    one email address holds at most one registration per seminar (a database constraint on
    lower(email)), so registering again changes nothing and returns the existing registration; the
    address is then emailed that it is already registered (with its cancel link), once per attempt, so
    only its owner learns it, never the person at the form (the views' rate limits bound how often);
    when the seminar is full the person joins the end of the waiting list. Raises ValidationError
    with a plain message when registration is not open.
    """
    email = normalise_email(email)
    try:
        with transaction.atomic():
            seminar = _locked(seminar)
            problem = registration_problem(seminar, timezone.now())
            if problem:
                raise ValidationError(problem, code="closed")
            existing = Registration.objects.filter(seminar=seminar, email=email).first()
            if existing is not None and existing.status != RegistrationStatus.CANCELLED:
                _tell_already_registered(existing, seminar)
                return existing, False
            if existing is not None:
                # They cancelled earlier and are coming back: a fresh registration at the end of the queue.
                existing.delete()

            counts = _status_counts(seminar)
            has_room = counts[RegistrationStatus.CONFIRMED] < seminar.capacity
            # Nobody jumps the waiting list: a free place belongs to the first person waiting.
            status = (
                RegistrationStatus.CONFIRMED
                if has_room and not counts[RegistrationStatus.WAITLISTED]
                else RegistrationStatus.WAITLISTED
            )
            registration = Registration(
                seminar=seminar,
                name=name.strip(),
                email=email,
                organisation=organisation.strip(),
                role=role,
                access_requirements=access_requirements.strip(),
                consent=consent,
                status=status,
            )
            registration.full_clean()
            registration.save()
            if status == RegistrationStatus.CONFIRMED:
                _send_registration_email(
                    registration, seminar, kind="seminar-confirmation", occasion="confirmed", with_invite=True
                )
            else:
                _send_registration_email(
                    registration, seminar, kind="seminar-waitlisted", occasion="waitlisted", with_invite=False
                )
            return registration, True
    except IntegrityError:
        # Only reachable without the row lock (another database): the same address registered meanwhile.
        existing = Registration.objects.get(seminar=seminar, email=email)
        _tell_already_registered(existing, seminar)
        return existing, False


def _tell_already_registered(registration: Registration, seminar: Seminar) -> None:
    # Each attempt is its own occasion (the outbox sends one email per key): the owner hears of every
    # attempt the rate limits let through, and the page the person at the form sees is the same as for
    # a new registration.
    _send_registration_email(
        registration,
        seminar,
        kind="seminar-already-registered",
        occasion=f"attempt-{uuid.uuid4().hex}",
        with_invite=False,
    )


def _status_counts(seminar: Seminar) -> dict[str, int]:
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    rows = Registration.objects.filter(seminar=seminar).values_list("status").order_by()
    for (status,) in rows:
        counts[status] += 1
    return counts


def _fill_from_waitlist(seminar: Seminar) -> list[Registration]:
    """Give free places to the people waiting longest. The caller holds the seminar lock."""
    if seminar.cancelled or seminar.starts_at <= timezone.now():
        return []
    free = (
        seminar.capacity
        - Registration.objects.filter(seminar=seminar, status=RegistrationStatus.CONFIRMED).count()
    )
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(seminar=seminar, status=RegistrationStatus.WAITLISTED).order_by(
            "created_at", "pk"
        )[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        _send_registration_email(
            registration, seminar, kind="seminar-promoted", occasion="promoted", with_invite=True
        )
    return promoted


def seminar_fill_from_waitlist(*, seminar: Seminar) -> list[Registration]:
    """Offer any free places (e.g. after staff raised the capacity) to the waiting list, in order."""
    with transaction.atomic():
        return _fill_from_waitlist(_locked(seminar))


def registration_cancel(*, registration: Registration, notify: bool = True) -> Registration | None:
    """Cancel a registration. If it held a place, the first person waiting gets it and is emailed.

    Returns the promoted registration, if any. Cancelling twice does nothing the second time.
    notify=False skips the "your registration is cancelled" email (e.g. when an account is erased).
    """
    with transaction.atomic():
        seminar = _locked(registration.seminar)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return None
        held_place = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if notify:
            _send_registration_email(
                registration,
                seminar,
                kind="seminar-registration-cancelled",
                occasion="cancelled",
                with_invite=held_place,
                invite_method="CANCEL",
            )
        if not held_place:
            return None
        promoted = _fill_from_waitlist(seminar)
        return promoted[0] if promoted else None


def _notify_change(seminar: Seminar, *, kind: str) -> int:
    """Tell everyone still registered about a change; one email per change (occasion = the new SEQUENCE)."""
    registrations = list(
        Registration.objects.filter(seminar=seminar).exclude(status=RegistrationStatus.CANCELLED)
    )
    outbox_enqueue_many(
        requests=[
            _registration_email(
                registration,
                seminar,
                kind=kind,
                occasion=f"sequence-{seminar.sequence}",
                with_invite=registration.status == RegistrationStatus.CONFIRMED,
            )
            for registration in registrations
        ]
    )
    return len(registrations)


CHANGE_FIELDS = ("starts_at", "ends_at", "mode", "venue", "address", "join_link")


def seminar_reschedule(*, seminar: Seminar, **changes) -> Seminar:
    """Change when or where a seminar happens (starts_at, ends_at, mode, venue, address, join_link).

    When anything really changed, SEQUENCE goes up by one and every registrant is emailed once for this
    change; people with a place get an updated invitation (METHOD:REQUEST, same UID) with the new details.
    """
    unknown = set(changes) - set(CHANGE_FIELDS)
    if unknown:
        raise TypeError(f"seminar_reschedule() cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked, changed = changes_from_stored(seminar, changes)
        if locked.cancelled:
            raise ValidationError("A cancelled seminar cannot be moved.", code="cancelled")
        if not changed:
            return locked
        model_update(locked, sequence=locked.sequence + 1, **changed)
        _notify_change(locked, kind="seminar-changed")
        return locked


def seminar_cancel(*, seminar: Seminar) -> Seminar:
    """Cancel a seminar: SEQUENCE goes up and everyone registered is told once (METHOD:CANCEL invite)."""
    with transaction.atomic():
        locked = _locked(seminar)
        if locked.cancelled:
            return locked
        locked.cancelled = True
        locked.sequence += 1
        locked.save(update_fields=["cancelled", "sequence", "updated_at"])
        _notify_change(locked, kind="seminar-cancelled")
        return locked


def registration_set_attendance(*, registration: Registration, attended: bool | None) -> Registration:
    if registration.status != RegistrationStatus.CONFIRMED and attended:
        raise ValidationError("Only people with a confirmed place can be marked as attended.")
    Registration.objects.filter(pk=registration.pk).update(attended=attended, updated_at=timezone.now())
    registration.attended = attended
    return registration


def registration_stop_emails(*, registration: Registration) -> None:
    """They asked for no more bulk email about this seminar (announcements, the follow-up)."""
    Registration.objects.filter(pk=registration.pk).update(emails_stopped=True, updated_at=timezone.now())
    registration.emails_stopped = True


def seminar_email_registrants(*, seminar: Seminar, subject: str, body: str, sent_by=None) -> Announcement:
    """Email everyone registered (places and waiting list) who has not asked us to stop. Sent once."""
    with transaction.atomic():
        announcement = Announcement(
            seminar=seminar, subject=subject.strip(), body=body.strip(), sent_by=sent_by
        )
        announcement.full_clean()
        announcement.save()
        recipients = Registration.objects.filter(seminar=seminar, emails_stopped=False).exclude(
            status=RegistrationStatus.CANCELLED
        )
        requests = [
            OutboxRequest(
                recipient=registration.email,
                kind="seminar-announcement",
                template="seminars/announcement",
                context=_email_context(seminar, registration)
                | {
                    "announcement": announcement,
                    "stop_url": key_link(tokens.STOP_EMAILS, registration.pk),
                },
                about=registration,
                occasion=f"announcement-{announcement.pk}",
                headers=_bulk_headers(registration),
            )
            for registration in recipients
        ]
        outbox_enqueue_many(requests=requests)
        announcement.recipients_count = len(requests)
        announcement.save(update_fields=["recipients_count", "updated_at"])
        return announcement


def seminar_send_follow_up(*, seminar: Seminar) -> int:
    """After the seminar: slides, recording and the feedback form to everyone who had a place. Once each."""
    if seminar.cancelled:
        raise ValidationError("This seminar was cancelled, so there is nothing to follow up.")
    if seminar.ends_at > timezone.now():
        raise ValidationError("The follow-up can be sent only after the seminar has ended.")
    recipients = Registration.objects.filter(
        seminar=seminar, status=RegistrationStatus.CONFIRMED, emails_stopped=False
    ).exclude(attended=False)
    slides_url = absolute_url(seminar.slides.url) if seminar.slides else seminar.slides_link
    requests = [
        OutboxRequest(
            recipient=registration.email,
            kind="seminar-follow-up",
            template="seminars/follow-up",
            context=_email_context(seminar, registration)
            | {
                "slides_url": slides_url,
                "feedback_url": key_link(tokens.FEEDBACK, registration.pk),
                "certificate_url": key_link(tokens.CERTIFICATE, registration.pk),
                "stop_url": key_link(tokens.STOP_EMAILS, registration.pk),
            },
            about=registration,
            occasion="follow-up",
            headers=_bulk_headers(registration),
        )
        for registration in recipients
    ]
    return outbox_enqueue_many(requests=requests)


def feedback_submit(
    *,
    registration: Registration,
    rating: int,
    most_useful: str = "",
    improve: str = "",
    will_use: str = "",
    will_do_differently: str = "",
    may_ask_later: bool = False,
) -> Feedback:
    """Store (or replace) a registrant's answers to the feedback form.

    `may_ask_later` (only with something written in `will_do_differently`) lets the unit email them once,
    about three months after the seminar, to ask whether they did (the evidence app's follow-ups)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError("Only people who had a place can give feedback.")
    if registration.seminar.starts_at > timezone.now():
        raise ValidationError("Feedback opens once the seminar has started.")
    with transaction.atomic():
        feedback = Feedback.objects.filter(registration=registration).first() or Feedback(
            registration=registration
        )
        feedback.rating = rating
        feedback.most_useful = most_useful.strip()
        feedback.improve = improve.strip()
        feedback.will_use = will_use.strip()
        feedback.will_do_differently = will_do_differently.strip()
        feedback.may_ask_later = bool(may_ask_later and feedback.will_do_differently)
        feedback.full_clean()
        feedback.save()
        return feedback


def registrations_erase(*, email: str) -> int:
    """Remove a person's details from every registration made with this address. Returns how many.

    Places at seminars still to come are given up first (the waiting list moves up); the rows stay,
    anonymised, so the numbers who registered and attended remain true. Feedback answers are kept
    but no longer linked to anyone.
    """
    email = normalise_email(email)
    if not email:
        return 0
    registrations = list(Registration.objects.filter(email=email).select_related("seminar"))
    now = timezone.now()
    for registration in registrations:
        if registration.status != RegistrationStatus.CANCELLED and registration.seminar.starts_at > now:
            registration_cancel(registration=registration, notify=False)
    with transaction.atomic():
        for registration in registrations:
            removed = {
                "name": "Removed",
                "email": f"erased-{registration.pk}@erased.invalid",
                "organisation": "",
                "access_requirements": "",
            }
            Registration.objects.filter(pk=registration.pk).update(
                **removed, emails_stopped=True, updated_at=now
            )
            # The audit history keeps who changed the registration and when, not the person's details.
            Registration.history.filter(id=registration.pk).update(**removed)
    return len(registrations)
