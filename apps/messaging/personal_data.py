"""What messages to a group hold about a member: the messages sent to them, and those they wrote."""

from .models import GroupMessage
from .selectors import messages_received_by
from .services import from_label, member_messages_erase


def export_personal_data(user) -> dict:
    return {
        "messages_received": [
            {
                "subject": message.subject,
                "from": from_label(message),
                "sent_at": message.sent_at.isoformat(),
                "body": message.body,
            }
            for message in messages_received_by(user)
        ],
        "messages_written": [
            {"subject": message.subject, "status": message.status, "to": message.audience_label()}
            for message in GroupMessage.objects.filter(author=user)
            .select_related("community", "seminar")
            .prefetch_related("groups")
            .order_by("pk")
        ],
    }


def erase_personal_data(user) -> None:
    member_messages_erase(user=user)
