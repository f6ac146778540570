"""Writing and sending messages to a group. Every email goes through the outbox, once per person."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from apps.core.emails import RenderedEmail, absolute_url, render_email
from apps.core.key_links import key_link
from apps.core.markdown import render_markdown
from apps.core.services import OutboxRequest, outbox_enqueue, outbox_enqueue_many, outbox_unsubscribe_headers
from apps.seminars import tokens

from .enums import Audience, MessageStatus
from .models import GroupMessage, GroupMessageRecipient
from .selectors import Addressee, addressees_for

EMAIL_KIND = "group-message"
TEST_KIND = "group-message-test"
TEMPLATE = "messaging/message"


def body_html(message: GroupMessage) -> SafeString:
    """The body as safe HTML: the project's Markdown, cleaned against its allow-list (nh3)."""
    return render_markdown(message.body)


def _apply(message: GroupMessage, *, audience, subject, body, groups=(), community=None, seminar=None):
    message.audience = audience
    message.subject = (subject or "").strip()
    message.body = (body or "").strip()
    message.community = community if audience == Audience.COMMUNITY else None
    message.seminar = seminar if audience == Audience.SEMINAR else None
    message.full_clean()
    if audience == Audience.GROUPS and not groups:
        raise ValidationError({"groups": "Choose the Link group, the Research User Group or both."})
    message.save()
    message.groups.set(list(groups) if audience == Audience.GROUPS else [])
    return message


def group_message_create(
    *, author, audience: str, subject: str, body: str, groups=(), community=None, seminar=None
) -> GroupMessage:
    """A draft: nothing is sent until group_message_send()."""
    with transaction.atomic():
        return _apply(
            GroupMessage(author=author),
            audience=audience,
            subject=subject,
            body=body,
            groups=groups,
            community=community,
            seminar=seminar,
        )


def group_message_update(
    *, message: GroupMessage, audience: str, subject: str, body: str, groups=(), community=None, seminar=None
) -> GroupMessage:
    """Change a draft. A sent message is a record and stays as it was sent."""
    with transaction.atomic():
        locked = GroupMessage.objects.select_for_update().get(pk=message.pk)
        if locked.is_sent:
            raise ValidationError("This message has been sent, so it can no longer be changed.")
        return _apply(
            locked,
            audience=audience,
            subject=subject,
            body=body,
            groups=groups,
            community=community,
            seminar=seminar,
        )


@dataclass
class Preview:
    email: RenderedEmail
    recipients_count: int
    context: dict


def _context(message: GroupMessage, addressee: Addressee | None, *, is_test: bool = False) -> dict:
    context = {
        "message": message,
        "body_html": body_html(message),
        "name": addressee.name if addressee else "",
        "from_label": from_label(message),
        "is_test": is_test,
        "read_online_url": absolute_url(reverse("messaging:me_list")),
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "stop_url": "",
        "for_account": True,
    }
    if addressee is not None and addressee.registration is not None and addressee.user is None:
        context.update(stop_url=key_link(tokens.STOP_EMAILS, addressee.registration.pk), for_account=False)
    return context


def from_label(message: GroupMessage) -> str:
    if message.audience == Audience.COMMUNITY:
        return f"the {message.community} community of practice"
    if message.audience == Audience.SEMINAR:
        return "the seminar team"
    return "the involvement team"


def _headers(addressee: Addressee) -> dict[str, str]:
    if addressee.user is not None:
        return outbox_unsubscribe_headers(user=addressee.user)
    # A registrant without an account: the seminar's own "stop emails" link, as its announcements carry.
    return {
        "List-Unsubscribe": f"<{key_link(tokens.STOP_EMAILS, addressee.registration.pk)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def group_message_preview(*, message: GroupMessage) -> Preview:
    """The email as a recipient will see it (addressed to the first of them), and how many it will reach."""
    addressees = addressees_for(message)
    sample = addressees[0] if addressees else None
    context = _context(message, sample)
    return Preview(email=render_email(TEMPLATE, context), recipients_count=len(addressees), context=context)


def group_message_send_test(*, message: GroupMessage, to) -> bool:
    """Send the message to its author (`to`) only, marked as a test. The same text is sent once; after an
    edit, a new test goes. Returns whether a new test was queued."""
    version = hashlib.sha256(f"{message.subject}\n{message.body}".encode()).hexdigest()[:16]
    _, created = outbox_enqueue(
        recipient=to.email,
        kind=TEST_KIND,
        template=TEMPLATE,
        context=_context(message, Addressee(email=to.email, name=to.display_name, user=to), is_test=True),
        about=message,
        occasion=f"test-{version}",
    )
    return created


def group_message_send(*, message: GroupMessage, sent_by=None) -> int:
    """Send the message to everyone in its audience who accepts bulk email, once each.

    One transaction and a constant number of queries, however many people. The message row is locked and
    marked sent in the same transaction, so a second click (or a second request racing the first) finds
    it sent and sends nothing; and every email's outbox key is (recipient, kind, this message), so even a
    retry that got past the lock would store nothing new. Delivery is the outbox's: each row is claimed
    by one worker, and a worker that dies mid-way leaves the rest for the next. Returns how many were
    queued by this call.
    """
    with transaction.atomic():
        # Lock the message row only ("self"): its community and seminar may be empty (an outer join).
        locked = (
            GroupMessage.objects.select_for_update(of=("self",))
            .select_related("community", "seminar")
            .get(pk=message.pk)
        )
        if locked.is_sent:
            return 0
        addressees = addressees_for(locked)
        GroupMessageRecipient.objects.bulk_create(
            [
                GroupMessageRecipient(
                    message=locked,
                    user=addressee.user,
                    email="" if addressee.user is not None else addressee.email,
                    registration=addressee.registration,
                )
                for addressee in addressees
            ],
            batch_size=500,
        )
        queued = outbox_enqueue_many(
            requests=[
                OutboxRequest(
                    recipient=addressee.email,
                    kind=EMAIL_KIND,
                    template=TEMPLATE,
                    context=_context(locked, addressee),
                    about=locked,
                    headers=_headers(addressee),
                )
                for addressee in addressees
            ]
        )
        locked.status = MessageStatus.SENT
        locked.sent_at = timezone.now()
        locked.recipients_count = len(addressees)
        locked.save(update_fields=["status", "sent_at", "recipients_count", "updated_at"])
        message.status, message.sent_at, message.recipients_count = (
            locked.status,
            locked.sent_at,
            len(addressees),
        )
        return queued


@transaction.atomic
def member_messages_erase(*, user) -> None:
    """Forget a member here: the record of messages sent to them, and their name as an author."""
    GroupMessageRecipient.objects.filter(user=user).delete()
    GroupMessage.objects.filter(author=user).update(author=None)
    GroupMessage.history.filter(author=user).update(author=None)
