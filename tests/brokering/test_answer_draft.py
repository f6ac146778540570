"""A broker writes the answer as a draft, previews the email, then sends it: Markdown arrives as
formatting (never as asterisks), and the asker's status page shows the answer."""

import re

import pytest

from apps.brokering.enums import RequestStatus
from apps.brokering.models import EvidenceRequest

pytestmark = pytest.mark.django_db

ANSWER = (
    "Three trials found that group exercise helps.\n\n"
    "**What this means for you:** ask your physiotherapist about a class near you.\n\n"
    "- It is free on the NHS\n- Classes run weekly"
)


def test_draft_preview_then_send_with_markdown_rendered(
    client, staff_client, broker, ask_data, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask/", ask_data)
    acknowledgement = smtp_server.messages[0].get_body(("plain",)).get_content()
    status_link = re.search(r"https://portal\.test(/ask/status/[^/\s]+/)", acknowledgement).group(1)
    staff = staff_client(broker)
    staff.post("/staff/requests/1/decide/", {"decision": "accept"})
    smtp_server.messages.clear()

    # A draft is kept and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        saved = staff.post("/staff/requests/1/answer/", {"answer": ANSWER, "save_draft": "1"})
    assert saved.status_code == 302
    evidence_request = EvidenceRequest.objects.get()
    assert evidence_request.answer == ANSWER and evidence_request.status == RequestStatus.ACCEPTED
    assert smtp_server.messages == []
    assert ANSWER.splitlines()[0] in staff.get("/staff/requests/1/").content.decode()

    # The preview shows the email as the person will get it, and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        preview = staff.post("/staff/requests/1/answer/", {"answer": ANSWER, "preview": "1"})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview: the email" in page
    assert "<strong>What this means for you:</strong>" in page
    assert "Our answer to your question ASK-0001" in page
    assert smtp_server.messages == []

    # Sent: the HTML part has the formatting, the text part no asterisks.
    with django_capture_on_commit_callbacks(execute=True):
        sent = staff.post("/staff/requests/1/answer/", {"answer": ANSWER, "send": "1"})
    assert sent.status_code == 302
    assert len(smtp_server.messages) == 1
    letter = smtp_server.messages[0]
    text = letter.get_body(("plain",)).get_content()
    html = letter.get_body(("html",)).get_content()
    assert "What this means for you: ask your physiotherapist" in text
    assert "**" not in text
    assert "<strong>What this means for you:</strong>" in html
    assert "<li>It is free on the NHS</li>" in html

    # The asker reads the answer on their status page too.
    status = client.get(status_link).content.decode()
    assert "Our answer" in status
    assert "<strong>What this means for you:</strong>" in status


def test_an_empty_draft_says_what_is_missing_next_to_the_field(staff_client, broker, client, ask_data):
    client.post("/ask/", ask_data)
    staff = staff_client(broker)
    staff.post("/staff/requests/1/decide/", {"decision": "accept"})

    response = staff.post("/staff/requests/1/answer/", {"answer": "", "preview": "1"})

    assert response.status_code == 200
    assert "Write the answer first." in response.content.decode()
