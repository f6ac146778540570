"""A visitor's question from /ask/ to the answer in their inbox and on /ask/answered/, through the pages
staff and the visitor meet and a real SMTP server."""

import re

import pytest
from django.core import mail  # noqa: F401  (the SMTP sink is the inbox; locmem is not used here)

from apps.brokering.enums import RequestStatus
from apps.brokering.models import EvidenceRequest, RequestNote
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db


def _link(text: str, pattern: str) -> str:
    found = re.search(pattern, text)
    assert found, f"no link matching {pattern!r} in:\n{text}"
    return found.group(0)


def test_a_question_goes_from_ask_to_an_answer_email_and_the_answered_page(
    client, staff_client, broker, ask_data, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.test"
    settings.REPLY_TO_EMAIL = "involvement@iau.example"
    source = PublicationFactory(title="Working with hand osteoarthritis: a cohort study", is_public=True)

    # The visitor asks, with no account.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ask/", ask_data)
    assert response.status_code == 302
    thanks = client.get(response.url)
    assert "Your reference is <strong>ASK-0001</strong>" in thanks.content.decode()

    # The acknowledgement: reference, what happens next, the signed status link.
    assert [m["To"] for m in smtp_server.messages] == ["priya.shah@example.org"]
    acknowledgement = smtp_server.messages[0]
    assert acknowledgement["Subject"] == "We have your question (ASK-0001)"
    text = acknowledgement.get_body(("plain",)).get_content()
    assert "Your reference is ASK-0001" in text
    assert "What happens next" in text
    status_link = _link(text, r"https://portal\.test/ask/status/[^/\s]+/")
    status_page = client.get(status_link.removeprefix("https://portal.test"))
    assert status_page.status_code == 200
    assert "We have your question" in status_page.content.decode()

    # Into the queue.
    client = staff_client(broker)
    queue = client.get("/staff/requests/")
    assert "ASK-0001" in queue.content.decode()
    request_page = client.get("/staff/requests/1/")
    assert "Riverside Health Centre" in request_page.content.decode()

    # Accepted, given a due date, a note, a source; in progress; answered.
    assert client.post("/staff/requests/1/decide/", {"decision": "accept"}).status_code == 302
    assert (
        client.post("/staff/requests/1/assign/", {"assignee": broker.pk, "due_on": "2099-01-31"}).status_code
        == 302
    )
    assert 'value="2099-01-31"' in client.get("/staff/requests/1/").content.decode()
    client.post("/staff/requests/1/notes/", {"text": "Check the 2023 cohort paper first."})
    client.post("/staff/requests/1/links/", {"publications": [source.pk]})
    client.post("/staff/requests/1/start/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/requests/1/answer/",
            {"answer": "Three studies suggest that splints and hand exercises help people stay at work."},
        )
    assert response.status_code == 302
    evidence_request = EvidenceRequest.objects.get(number=1)
    assert evidence_request.status == RequestStatus.ANSWERED

    # The answer email: reference, answer, sources; replies go to the broker.
    answer = smtp_server.messages[-1]
    assert answer["To"] == "priya.shah@example.org"
    assert answer["Subject"] == "Our answer to your question ASK-0001"
    assert answer.get_all("Reply-To") == ["bea.broker@iau.example"]  # one Reply-To, the broker
    text = answer.get_body(("plain",)).get_content()
    assert "splints and hand exercises" in text
    assert "Working with hand osteoarthritis: a cohort study" in text
    assert "Check the 2023 cohort paper" not in text  # internal notes never leave the portal
    html = answer.get_body(("html",)).get_content()
    assert "ASK-0001" in html
    assert acknowledgement["Reply-To"] == "involvement@iau.example"  # other mail keeps the unit's address

    # The asker's status page says it is answered (and shows no internal note).
    status_page = client.get(status_link.removeprefix("https://portal.test")).content.decode()
    assert "We have emailed you our answer" in status_page
    assert "cohort paper first" not in status_page

    # Published with consent, anonymised, on /ask/answered/ with its source and QAPage markup.
    response = client.post(
        "/staff/requests/1/publish/",
        {
            "public_question": "What helps people with hand osteoarthritis keep working?",
            "public_summary": "Hand exercises and splints help many people keep working.",
        },
    )
    assert response.status_code == 302
    client.logout()
    listing = client.get("/ask/answered/").content.decode()
    assert "hand osteoarthritis keep working" in listing
    detail = client.get("/ask/answered/1/").content.decode()
    assert "Hand exercises and splints" in detail
    assert source.get_absolute_url() in detail
    assert "Priya" not in detail and "Riverside" not in detail
    assert '"@type": "QAPage"' in detail
    assert RequestNote.objects.count() == 1
    assert len(smtp_server.messages) == 2


def test_references_are_sequential_and_unique(client, ask_data):
    for _ in range(3):
        client.post("/ask/", ask_data)
    assert list(EvidenceRequest.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert [r.reference for r in EvidenceRequest.objects.order_by("number")] == [
        "ASK-0001",
        "ASK-0002",
        "ASK-0003",
    ]


def test_a_declined_request_tells_the_asker_kindly_why(
    client, staff_client, broker, ask_data, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask/", ask_data)
    client = staff_client(broker)

    response = client.post("/staff/requests/1/decide/", {"decision": "decline", "reason": ""})
    assert response.status_code == 200
    assert "Tell them kindly why we cannot take this on." in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/staff/requests/1/decide/",
            {"decision": "decline", "reason": "This is about one person's treatment: please ask your GP."},
        )
    declined = smtp_server.messages[-1]
    assert declined["Subject"] == "About your question ASK-0001"
    assert "please ask your GP" in declined.get_body(("plain",)).get_content()
    assert EvidenceRequest.objects.get(number=1).status == RequestStatus.DECLINED
    # A declined request cannot then be answered.
    response = client.post("/staff/requests/1/answer/", {"answer": "Something"})
    assert response.status_code == 200
    assert "cannot be answered now" in response.content.decode()


def test_the_status_link_is_signed(client, ask_data):
    client.post("/ask/", ask_data)
    from apps.brokering.services import status_token

    token = status_token(EvidenceRequest.objects.get())
    assert client.get(f"/ask/status/{token}/").status_code == 200
    assert client.get(f"/ask/status/{token[:-2]}xx/").status_code == 404
    assert client.get("/ask/status/1/").status_code == 404
    # A token signed for another purpose (another salt) opens nothing here.
    from django.core import signing

    other = signing.dumps({"request": 1}, salt="seminars.registration")
    assert client.get(f"/ask/status/{other}/").status_code == 404


def test_a_research_support_request_names_funder_deadline_stage_and_goes_to_a_coordinator(
    client, staff_client, broker, coordinator, ask_data, smtp_server, django_capture_on_commit_callbacks
):
    ask_data.update(
        kind="research_support",
        requester_role="researcher",
        question="How can we plan for our falls study's findings to be used in care homes?",
        funder="",
        research_stage="",
    )
    response = client.post("/ask/", ask_data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tell us which funder you are applying to" in page
    assert "Choose the stage your study or application is at." in page

    ask_data.update(
        funder="NIHR Research for Patient Benefit",
        application_deadline="2099-02-14",
        research_stage="writing",
        wants_involvement_support="on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ask/", ask_data).status_code == 302
    evidence_request = EvidenceRequest.objects.get()
    assert evidence_request.funder == "NIHR Research for Patient Benefit"
    assert str(evidence_request.application_deadline) == "2099-02-14"

    client = staff_client(broker)
    client.post("/staff/requests/1/decide/", {"decision": "accept"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/requests/1/assign/",
            {"assignee": broker.pk, "due_on": "", "involvement_coordinator": coordinator.pk},
        )
    assert response.status_code == 302
    told = smtp_server.messages[-1]
    assert told["To"] == "cora@iau.example"
    assert "ASK-0001" in told["Subject"]
    # The coordinator can read it in the queue.
    client = staff_client(coordinator)
    assert client.get("/staff/requests/1/").status_code == 200
    assert client.post("/staff/requests/1/notes/", {"text": "x"}).status_code == 403
