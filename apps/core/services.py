"""The outbox: the one way any email leaves the portal.

A caller asks for an email with outbox_enqueue() (or outbox_enqueue_many() for a batch); that stores a
row and, once the caller's transaction commits, queues a Celery task that calls outbox_deliver().
Delivery claims the row with a conditional UPDATE, so two workers (or a task redelivered by the broker)
can never both send it.
"""

import contextlib
import logging
import smtplib
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEMultipart
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .contracts import AccessNeeds
from .easy_read import inline_icon_parts
from .emails import render_email
from .encryption import seal, unseal
from .enums import OutboxStatus
from .key_links import bind_key_links, fill_key_links
from .models import OutboxMessage
from .plugins import app_modules

logger = logging.getLogger(__name__)


def describe_object(obj: models.Model | None) -> str:
    """The stable text key for the object an email is about: "app_label.model:pk"."""
    if obj is None:
        return ""
    return f"{obj._meta.label_lower}:{obj.pk}"


@dataclass(frozen=True)
class OutboxRecipient:
    """The account behind an email address, with what its holder asked for (see outbox_recipients)."""

    user_id: int
    display_name: str
    is_staff: bool
    needs: AccessNeeds

    @property
    def greeting_name(self) -> str:
        """Their preferred name, else their display name; "" means the email says a neutral "Hello"."""
        return self.needs.preferred_name or self.display_name.strip()


def outbox_recipients(addresses) -> dict[str, OutboxRecipient]:
    """The accounts behind these addresses (lower case), with their needs. Two queries however many.

    The needs come from every installed app's `access_needs.py` plugin module
    (`access_needs_for(user_ids) -> {user_id: AccessNeeds}`, involvement's member profile); an address
    without an account is absent.
    """
    addresses = {address.strip().lower() for address in addresses if address}
    if not addresses:
        return {}
    accounts = list(
        get_user_model()
        .objects.filter(email__in=addresses)
        .values_list("pk", "email", "display_name", "is_staff")
    )
    if not accounts:
        return {}
    needs: dict[int, AccessNeeds] = {}
    user_ids = [pk for pk, *_ in accounts]
    for module in app_modules("access_needs"):
        offer = getattr(module, "access_needs_for", None)
        if offer is not None:
            needs.update(offer(user_ids))
    return {
        email.lower(): OutboxRecipient(
            user_id=pk, display_name=display_name, is_staff=is_staff, needs=needs.get(pk, AccessNeeds())
        )
        for pk, email, display_name, is_staff in accounts
    }


def outbox_apply_needs(
    *, context: dict, cc: list[str] | None, person: OutboxRecipient | None, secret: bool
) -> tuple[dict, list[str]]:
    """The one place an email takes on what its recipient asked for. Returns (context, cc).

    Every email to an account gets, before it is rendered: `large_print` (the HTML layouts set the large
    size), `easy_read`, and `greeting_name` (the templates greet them by it, or say "Hello"). Their carer
    is copied in, except on a secret email (a sign-in code or one-time link is for the account holder
    alone: nobody else is ever copied in) and on work email to staff (it is about other people).
    """
    cc = [] if secret else list(cc or [])
    if person is None:
        return context, cc
    needs = person.needs
    context = {
        **context,
        "large_print": bool(context.get("large_print")) or needs.large_print,
        "easy_read": bool(context.get("easy_read")) or needs.easy_read,
        "greeting_name": person.greeting_name,
    }
    if needs.carer_email and not secret and not person.is_staff:
        cc.append(needs.carer_email)
    return context, cc


def outbox_enqueue(
    *,
    recipient: str,
    kind: str,
    template: str,
    context: dict,
    about: models.Model | None = None,
    occasion: str = "",
    cc: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict] | None = None,
    secret: bool = False,
    reply_to: str = "",
) -> tuple[OutboxMessage, bool]:
    """Store an email to be sent, once. Returns (message, created).

    If an email of this kind about this object for this occasion was already queued for the recipient,
    nothing new is stored or sent and the existing row is returned with created=False.

    `secret=True` for an email that carries a sign-in code or a one-time link (password reset, address
    verification): its text, HTML, headers and attachments are stored encrypted (`encryption.seal`) and
    opened only to send it; staff never see it, and the text is replaced by SECRET_REMOVED_TEXT as soon
    as the email is sent or has finally failed. Only the record of it (who, what kind, when, status) stays.
    A link that acts as a key (a status page, unsubscribing, cancelling) is passed as
    `key_links.key_link(purpose, id)` instead of its URL: the stored email holds a placeholder and the
    link is signed when the email is sent (see apps/core/key_links.py).
    `reply_to` sends replies to that person (say, the knowledge broker who answered) instead of
    REPLY_TO_EMAIL; it is kept with the message's headers.
    When the recipient has an account, what they asked for (large print, their carer copied in, the name
    they are greeted by) is applied here, before rendering: see outbox_apply_needs().
    """
    recipient = recipient.strip().lower()
    key = {"recipient": recipient, "kind": kind, "about": describe_object(about), "occasion": occasion}
    existing = OutboxMessage.objects.filter(**key).first()
    if existing is not None:
        return existing, False

    context, cc = outbox_apply_needs(
        context=context, cc=cc, person=outbox_recipients([recipient]).get(recipient), secret=secret
    )
    rendered = render_email(template, context)
    message = OutboxMessage(
        **key,
        subject=rendered.subject,
        cc=sorted({address.strip().lower() for address in cc if address} - {recipient}),
        next_attempt_at=timezone.now(),
        secret=secret,
        **_stored_content(
            recipient=recipient,
            body_text=rendered.body_text,
            body_html=rendered.body_html,
            headers={**(headers or {}), **({REPLY_TO_HEADER: reply_to} if reply_to else {})},
            attachments=attachments or [],
            secret=secret,
        ),
    )
    message.full_clean(validate_unique=False, validate_constraints=False)
    try:
        # A savepoint, so that losing the race to a concurrent enqueue leaves the caller's transaction usable.
        with transaction.atomic():
            message.save()
    except IntegrityError:
        return OutboxMessage.objects.get(**key), False
    _queue_delivery_after_commit(message.pk)
    return message, True


def _stored_content(
    *, recipient: str, body_text: str, body_html: str, headers: dict, attachments: list, secret: bool
) -> dict:
    """What is stored of an email's content: key links as placeholders bound to the recipient, and for a
    secret email everything encrypted. Nothing in the row opens anything without the portal's key."""

    def stored(text: str) -> str:
        text = bind_key_links(text, recipient=recipient)
        return seal(text) if secret else text

    return {
        "body_text": stored(body_text),
        "body_html": stored(body_html),
        "headers": {name: stored(value) for name, value in headers.items()},
        "attachments": [{**item, "content": stored(item["content"])} for item in attachments],
    }


@dataclass
class OutboxRequest:
    """One email asked for in a batch: the same arguments as outbox_enqueue()."""

    recipient: str
    kind: str
    template: str
    context: dict
    about: models.Model | None = None
    occasion: str = ""
    cc: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[dict] = field(default_factory=list)

    def key(self) -> tuple[str, str, str, str]:
        return (self.recipient.strip().lower(), self.kind, describe_object(self.about), self.occasion)


def outbox_enqueue_many(*, requests: list[OutboxRequest]) -> int:
    """Store many emails to be sent, each once, in a constant number of queries. Returns how many are new.

    Used for digests and reminders, where one run asks for thousands. Emails already stored for the
    same reason are neither rendered nor stored again; a concurrent run that stores the same key first
    wins quietly (the unique constraint, `ignore_conflicts`). Only the rows this call stored are counted
    and handed to the workers: three runs at once queue each email once and report it once in total.
    Each recipient's needs (outbox_apply_needs) are read once for the whole batch: two more queries.
    """
    wanted = {request.key(): request for request in requests}
    if not wanted:
        return 0
    existing = outbox_existing_keys(list(wanted))
    new = {key: request for key, request in wanted.items() if key not in existing}
    if not new:
        return 0
    now = timezone.now()
    # Every row of this call carries the same fresh token: the rows a concurrent run stored first (and
    # that `ignore_conflicts` skipped here) carry that run's token, so neither run counts the other's.
    batch = uuid.uuid4()
    people = outbox_recipients(recipient for recipient, *_ in new)
    rows = []
    for (recipient, kind, about, occasion), request in new.items():
        context, cc = outbox_apply_needs(
            context=request.context, cc=request.cc, person=people.get(recipient), secret=False
        )
        rendered = render_email(request.template, context)
        row = OutboxMessage(
            recipient=recipient,
            kind=kind,
            about=about,
            occasion=occasion,
            subject=rendered.subject,
            cc=sorted({address.strip().lower() for address in cc if address} - {recipient}),
            next_attempt_at=now,
            batch=batch,
            **_stored_content(
                recipient=recipient,
                body_text=rendered.body_text,
                body_html=rendered.body_html,
                headers=request.headers,
                attachments=request.attachments,
                secret=False,
            ),
        )
        try:
            row.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            # One bad address (say, a typo in someone's record) must not hold up everyone else's email.
            logger.warning("Not queuing %s to %r: %s", kind, recipient, error)
            continue
        rows.append(row)
    if not rows:
        return 0
    with transaction.atomic():
        OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        # bulk_create with ignore_conflicts does not return ids: read back the rows this call stored.
        created_ids = list(
            OutboxMessage.objects.filter(batch=batch).order_by("pk").values_list("pk", flat=True)
        )
    # A few ids per task: thousands of digests are not thousands of broker round trips, yet several
    # workers still share the sending.
    for start in range(0, len(created_ids), DELIVERY_CHUNK):
        _queue_deliveries_after_commit(created_ids[start : start + DELIVERY_CHUNK])
    return len(created_ids)


DELIVERY_CHUNK = 25


def _rows_for_keys(keys: list[tuple[str, str, str, str]]):
    # One query: the IN lists may match a few rows of other combinations, which callers filter out.
    return OutboxMessage.objects.filter(
        recipient__in={key[0] for key in keys},
        kind__in={key[1] for key in keys},
        about__in={key[2] for key in keys},
        occasion__in={key[3] for key in keys},
    )


def outbox_existing_keys(keys: list[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
    """Which of these (recipient, kind, about, occasion) keys are already in the outbox. One query.

    Lets a caller that works out many emails on a schedule skip building the ones already queued.
    """
    wanted = set(keys)
    found = _rows_for_keys(keys).values_list("recipient", "kind", "about", "occasion")
    return {tuple(key) for key in found if tuple(key) in wanted}


def outbox_unsubscribe_headers(*, user) -> dict[str, str]:
    """RFC 8058 List-Unsubscribe headers for bulk email to `user` (digests, announcements).

    Any app may call this and pass the result as `headers=` to outbox_enqueue(). The links themselves
    belong to the app that handles unsubscribing (notifications); it offers them through its
    `unsubscribe.py` plugin module, so no app needs to import it. Empty when no app offers them.
    """
    for module in app_modules("unsubscribe"):
        if hasattr(module, "list_unsubscribe_headers"):
            return module.list_unsubscribe_headers(user)
    return {}


def outbox_allows_bulk_email(*, user) -> bool:
    """Whether `user` may be sent bulk email (announcements to many): False once they unsubscribed.

    Asks the `unsubscribe.py` plugin module (notifications), like outbox_unsubscribe_headers().
    Transactional email (confirmations, reminders of what they signed up to) does not ask.
    """
    for module in app_modules("unsubscribe"):
        if hasattr(module, "allows_bulk_email"):
            return module.allows_bulk_email(user)
    return True


def outbox_accepting_bulk_email(users):
    """`users` (a queryset of accounts) without those who may not be sent bulk email: the rule of
    outbox_allows_bulk_email() for a whole audience, in the same query (a message to many)."""
    for module in app_modules("unsubscribe"):
        if hasattr(module, "accepting_bulk_email"):
            return module.accepting_bulk_email(users)
    return users


def _queue_delivery_after_commit(message_id: int) -> None:
    from .tasks import deliver_outbox_message

    # After commit, so the worker can see the row; if queuing fails the periodic dispatch still sends it.
    transaction.on_commit(lambda: _queue_quietly(deliver_outbox_message, message_id))


def _queue_deliveries_after_commit(message_ids: list[int]) -> None:
    from .tasks import deliver_outbox_messages

    transaction.on_commit(lambda: _queue_quietly(deliver_outbox_messages, message_ids, many=True))


def _queue_quietly(task, message_id, *, many: bool = False) -> None:
    try:
        if many:
            task.delay(message_ids=message_id)
        else:
            task.delay(message_id=message_id)
    except Exception:  # the broker is down: outbox_dispatch_due picks the row up later
        logger.warning(
            "Could not queue outbox message %s; the periodic dispatch will send it", message_id, exc_info=True
        )


# Failures worth another try: the server or network may be back later. An SMTP reply with a code is
# judged by its code (4xx: later; 5xx: never); any other error on the way (every smtplib error, socket
# timeouts, refused or reset connections, DNS) is an OSError and worth another try.
TRANSIENT_ERRORS = (OSError,)


def _is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    return isinstance(error, TRANSIENT_ERRORS)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 1, 2, 4, 8 ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def message_id_header(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, so a rare resend after a crash is recognisably one message."""
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "iau-portal"
    return f"<outbox-{message.pk}-{int(message.created_at.timestamp())}@{domain}>"


def smtp_timeout() -> float:
    """Seconds to wait for the SMTP server before giving up on this attempt (never wait for ever)."""
    return settings.EMAIL_TIMEOUT or 30


# How long one email may take, from the claim to the outcome being written. Each figure is strictly
# larger than the one before, so a live send can never be taken for a dead one:
#   send deadline (connect + the whole SMTP conversation; a timer cuts the connection at this point)
#   < delivery time limit (the deadline, saying goodbye and writing the outcome; Celery's hard limit)
#   < stuck-after (only then may outbox_recover_stuck() take the row back).
def outbox_send_deadline() -> float:
    """Seconds after which a send still talking to the SMTP server is cut off (each SMTP step alone is
    bounded by EMAIL_TIMEOUT, but a server that answers slowly at every step could go on far longer)."""
    return 4 * smtp_timeout()


def outbox_delivery_time_limit() -> float:
    """The most one delivery can take: the send deadline, then QUIT and the database write."""
    return outbox_send_deadline() + 2 * smtp_timeout()


def outbox_stuck_after() -> float:
    """Seconds in "sending" after which a row is taken to be left by a dead worker: strictly longer than
    any live delivery can take, whatever OUTBOX_STUCK_AFTER_SECONDS says."""
    return max(settings.OUTBOX_STUCK_AFTER_SECONDS, outbox_delivery_time_limit() + 2 * smtp_timeout())


class _SendDeadline:
    """Cuts the SMTP connection if the conversation is still going at the deadline.

    A timer, not a signal: it works in any thread and in any worker pool. Cutting the socket makes the
    sending code fail at once with an OSError, which is recorded like a timeout (and retried later).
    """

    def __init__(self, connection, seconds: float):
        self.connection = connection
        self.expired = False
        self.timer = threading.Timer(seconds, self._cut)
        self.timer.daemon = True

    def _cut(self):
        self.expired = True
        smtp = getattr(self.connection, "connection", None)
        sock = getattr(smtp, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed: nothing left to cut
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc_info):
        self.timer.cancel()
        return False


# A message that carries its own Reply-To (outbox_enqueue(reply_to=...)) keeps it among its headers.
REPLY_TO_HEADER = "Reply-To"


def _opened(message: OutboxMessage, text: str) -> str:
    # The only place stored text is decrypted and key links are signed: just before it is sent.
    return fill_key_links(unseal(text), recipient=message.recipient)


class _EmailWithPictures(EmailMultiAlternatives):
    """An email whose HTML part travels with the pictures it shows (easy read): text/plain beside a
    multipart/related of the HTML and its inline PNGs, the structure mail programs show reliably."""

    pictures: list

    def _create_alternatives(self, msg):
        if not getattr(self, "pictures", None) or not self.alternatives:
            return super()._create_alternatives(msg)
        encoding = self.encoding or settings.DEFAULT_CHARSET
        body_msg = msg
        msg = SafeMIMEMultipart(_subtype=self.alternative_subtype, encoding=encoding)
        if self.body:
            msg.attach(body_msg)
        for alternative in self.alternatives:
            part = self._create_mime_attachment(alternative.content, alternative.mimetype)
            if alternative.mimetype == "text/html":
                related = SafeMIMEMultipart(_subtype="related", encoding=encoding)
                related.attach(part)
                for picture in self.pictures:
                    related.attach(picture)
                part = related
            msg.attach(part)
        return msg


def _build_email(message: OutboxMessage, connection) -> EmailMultiAlternatives:
    headers = {name: _opened(message, value) for name, value in message.headers.items()}
    own_reply_to = headers.pop(REPLY_TO_HEADER, "")
    # The sending address is not read by anyone; replies go to a person at the unit.
    reply_to = own_reply_to or settings.REPLY_TO_EMAIL
    email = _EmailWithPictures(
        connection=connection,
        subject=message.subject,
        body=_opened(message, message.body_text),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        cc=message.cc,
        reply_to=[reply_to] if reply_to else None,
        headers={
            "X-IAU-Message-Id": str(message.pk),
            "Message-ID": message_id_header(message),
            **headers,
        },
    )
    if message.body_html:
        html = _opened(message, message.body_html)
        email.attach_alternative(html, "text/html")
        # Easy-read pictures are drawn from our SVGs here, at sending (cached), not stored in every row.
        email.pictures = inline_icon_parts(html)
    for attachment in message.attachments:
        email.attach(attachment["filename"], _opened(message, attachment["content"]), attachment["mimetype"])
    return email


def outbox_deliver(*, message_id: int) -> str:
    """Send one outbox message if it is pending and due. Returns the message's status afterwards.

    The claim (pending → sending) is one conditional UPDATE, so a message is sent by at most one worker.
    The SMTP conversation happens outside any transaction: a slow server must not hold database locks,
    and a crash after sending leaves the row in "sending", which is never sent again automatically
    without first waiting OUTBOX_STUCK_AFTER_SECONDS.

    The claim's time (`claimed_at`) is this attempt's token: the outcome is written only if the row
    still carries it. If the row was recovered meanwhile but not yet claimed again, we still record
    "sent" (so the recovery sends nothing twice); if another worker has claimed it since, that worker
    owns the outcome.
    """
    # Do not wrap this in a transaction: the claim must be committed before the SMTP conversation
    # starts, and a slow SMTP server must not hold row locks.
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None:
        return "missing"
    if not claimed:
        return message.status

    connection = get_connection(timeout=smtp_timeout())
    deadline = _SendDeadline(connection, outbox_send_deadline())
    try:
        with deadline:
            connection.open()
            _build_email(message, connection).send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded for staff, none is lost
        _close_quietly(connection)
        if deadline.expired:
            cut_off = TimeoutError(f"The send was cut off after {outbox_send_deadline():g} seconds")
            return _record_failure(message, cut_off, claimed_at=now)
        return _record_failure(message, error, claimed_at=now)
    # The server has accepted the email: a failure to say goodbye must not turn it into a failure.
    _close_quietly(connection)

    OutboxMessage.objects.filter(
        pk=message.pk, status__in=[OutboxStatus.SENDING, OutboxStatus.PENDING], claimed_at=now
    ).update(
        status=OutboxStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        updated_at=timezone.now(),
        **(_secret_removed(timezone.now()) if message.secret else {}),
    )
    return OutboxStatus.SENT


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - the connection is finished with either way
        logger.info("Closing the SMTP connection failed", exc_info=True)


# What stays of an email's text once it may no longer be kept.
SECRET_REMOVED_TEXT = "[sign-in code or link removed: it is never kept]"
RETENTION_REMOVED_TEXT = "[text removed after the retention period]"


def _secret_removed(now: datetime) -> dict:
    return {
        "body_text": SECRET_REMOVED_TEXT,
        "body_html": "",
        "headers": {},
        "attachments": [],
        "body_removed_at": now,
    }


def _record_failure(message: OutboxMessage, error: Exception, *, claimed_at: datetime) -> str:
    description = f"{type(error).__name__}: {error}"[:2000]
    gives_up = not _is_transient(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    status = OutboxStatus.FAILED if gives_up else OutboxStatus.PENDING
    OutboxMessage.objects.filter(
        pk=message.pk, status__in=[OutboxStatus.SENDING, OutboxStatus.PENDING], claimed_at=claimed_at
    ).update(
        status=status,
        last_error=description,
        next_attempt_at=None if gives_up else timezone.now() + retry_delay(message.attempts),
        updated_at=timezone.now(),
        # A secret that will not be sent is of no use to anyone: it goes at once.
        **(_secret_removed(timezone.now()) if gives_up and message.secret else {}),
    )
    logger.warning("Outbox message %s: %s (%s)", message.pk, description, status)
    return status


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_recover_stuck() -> int:
    """Put messages that have been "sending" for too long back to pending. Returns how many.

    A worker killed mid-send leaves its row in "sending". We cannot know whether the server accepted the
    message; after OUTBOX_STUCK_AFTER_SECONDS we try again, preferring a rare duplicate to a lost email
    (the Message-ID stays the same, so mail clients can tell). A message that has already used all its
    attempts (say it kills the worker every time) is marked failed for staff instead of looping.
    The threshold (outbox_stuck_after()) is strictly longer than any live delivery can take, or a slow
    but live send would be recovered and sent twice.
    """
    now = timezone.now()
    stuck = OutboxMessage.objects.filter(
        status=OutboxStatus.SENDING, claimed_at__lt=now - timedelta(seconds=outbox_stuck_after())
    )
    given_up = {
        "status": OutboxStatus.FAILED,
        "next_attempt_at": None,
        "last_error": "The worker stopped while sending, on every attempt.",
        "updated_at": now,
    }
    stuck.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS, secret=True).update(
        **given_up, **_secret_removed(now)
    )
    stuck.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(**given_up)
    return stuck.update(status=OutboxStatus.PENDING, next_attempt_at=now, updated_at=now)


def outbox_resend(*, message: OutboxMessage) -> bool:
    """Staff asked to try a failed message again. Returns whether it was failed (and is now queued).

    A message whose text was removed (a sign-in code or link, or one past the retention period) cannot
    be sent again: there is nothing left to send. The person asks for a new code or link instead.
    """
    reset = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxStatus.FAILED, body_removed_at__isnull=True
    ).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    if reset:
        _queue_delivery_after_commit(message.pk)
    return bool(reset)


def outbox_purge_old_bodies(*, now: datetime | None = None) -> int:
    """Remove the text of emails sent or failed more than OUTBOX_BODY_RETENTION_DAYS ago. Returns how many.

    The row stays as the record (who, what kind, what subject, when, status); the text, HTML, headers
    (unsubscribe links) and attachments go. Idempotent: a row is purged once, later runs skip it.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.OUTBOX_BODY_RETENTION_DAYS)
    return OutboxMessage.objects.filter(
        status__in=[OutboxStatus.SENT, OutboxStatus.FAILED],
        body_removed_at__isnull=True,
        created_at__lt=cutoff,
    ).update(
        body_text=RETENTION_REMOVED_TEXT,
        body_html="",
        headers={},
        attachments=[],
        body_removed_at=now,
        updated_at=now,
    )
