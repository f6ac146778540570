"""The pages of the brokering desk: bad input, honeypot, rate limit, who may open the queue, query counts,
answered questions in site search and the sitemap."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from apps.brokering.enums import RequestStatus
from apps.brokering.models import EvidenceRequest
from apps.core.models import OutboxMessage
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.brokering import EvidenceRequestFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db


def published(**fields):
    defaults = {
        "status": RequestStatus.ANSWERED,
        "answered_at": timezone.now(),
        "published_at": timezone.now(),
        "public_question": "Does walking help knee pain?",
        "public_summary": "Regular walking eases knee pain for many people.",
    }
    return EvidenceRequestFactory(**{**defaults, **fields})


# ---------------------------------------------------------------------------------------------- /ask/


def test_ask_page_opens_without_an_account(client):
    response = client.get("/ask/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Ask the knowledge brokers</h1>" in page
    assert "Which best describes you?" in page


def test_bad_input_is_explained_next_to_each_field(client, ask_data):
    ask_data.update(question="", email="not-an-email", requester_role="", needed_by="2001-01-01")
    del ask_data["consent_to_contact"]
    response = client.post("/ask/", ask_data)
    assert response.status_code == 200
    page = response.content.decode()
    for message, field in [
        ("Tell us your question.", "id_question"),
        ("Enter an email address like name@example.org.", "id_email"),
        ("Choose the description that fits you best.", "id_requester_role"),
        ("That date has passed. Choose a later one.", "id_needed_by"),
        ("We need your permission to contact you about your question.", "id_consent_to_contact"),
    ]:
        assert message in page
        assert f'aria-describedby="{field}_error' in page or f"{field}_error" in page, field
    assert not EvidenceRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_made_up_date_is_explained_not_a_500(client, ask_data):
    ask_data["needed_by"] = "2027-02-31"
    response = client.post("/ask/", ask_data)
    assert response.status_code == 200
    assert "Enter a real date, for example 2027-03-27." in response.content.decode()


def test_honeypot_thanks_the_bot_and_stores_nothing(client, ask_data):
    ask_data["website"] = "http://spam.example"
    response = client.post("/ask/", ask_data)
    assert response.status_code == 302
    thanks = client.get(response.url).content.decode()
    assert "Your reference is" not in thanks
    assert not EvidenceRequest.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_rate_limit_stops_a_flood_from_one_address_but_not_corrections(client, ask_data, settings):
    settings.BROKERING_ASK_RATE_LIMIT = 2
    client.post("/ask/", {**ask_data, "question": ""})  # a mistake does not count
    assert client.post("/ask/", ask_data).status_code == 302
    assert client.post("/ask/", ask_data).status_code == 302
    response = client.post("/ask/", ask_data)
    assert response.status_code == 429
    assert "a lot of questions from your connection" in response.content.decode()
    assert EvidenceRequest.objects.count() == 2
    other = client.post("/ask/", ask_data, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_rate_limit_counts_each_asker_behind_the_proxy_not_the_proxy(client, ask_data, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.BROKERING_ASK_RATE_LIMIT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    first = client.post("/ask/", ask_data, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    other = client.post("/ask/", ask_data, HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy)
    same = client.post("/ask/", ask_data, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)

    assert (first.status_code, other.status_code, same.status_code) == (302, 302, 429)
    assert EvidenceRequest.objects.count() == 2


def test_the_ask_form_hides_the_honeypot_from_people(client):
    page = client.get("/ask/").content.decode()

    assert '<div class="honeypot">' in page
    assert 'name="website"' in page


def test_an_evidence_question_keeps_no_research_fields(client, ask_data):
    ask_data.update(funder="Somebody", research_stage="writing")
    client.post("/ask/", ask_data)
    evidence_request = EvidenceRequest.objects.get()
    assert (evidence_request.funder, evidence_request.research_stage) == ("", "")


# ------------------------------------------------------------------------------------------ permissions


QUEUE_PAGES = ["/staff/requests/", "/staff/requests/{n}/"]
ACTIONS = ["decide", "assign", "start", "notes", "links", "answer", "close", "publish"]


def test_visitors_are_sent_to_sign_in_and_members_refused(client, member):
    evidence_request = EvidenceRequestFactory()
    for path in QUEUE_PAGES:
        response = client.get(path.format(n=evidence_request.number))
        assert response.status_code == 302 and "/accounts/login/" in response.url
    sign_in(client, member)
    for path in QUEUE_PAGES:
        assert client.get(path.format(n=evidence_request.number)).status_code == 403
    for action in ACTIONS:
        assert client.post(f"/staff/requests/{evidence_request.number}/{action}/").status_code == 403


def test_staff_without_the_permission_are_refused(client):
    evidence_request = EvidenceRequestFactory()
    sign_in(client, StaffFactory())
    assert client.get("/staff/requests/").status_code == 403
    assert (
        client.post(f"/staff/requests/{evidence_request.number}/decide/", {"decision": "accept"}).status_code
        == 403
    )
    assert EvidenceRequest.objects.get().status == RequestStatus.NEW


def test_seeing_is_not_changing(client):
    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_evidencerequest"))
    evidence_request = EvidenceRequestFactory()
    sign_in(client, viewer)
    page = client.get(f"/staff/requests/{evidence_request.number}/").content.decode()
    assert "Accept or decline" not in page
    for action in ACTIONS:
        assert client.post(f"/staff/requests/{evidence_request.number}/{action}/").status_code == 403


def test_broker_role_holds_only_the_queue_and_impact_evidence(broker):
    # Brokers work on requests for evidence, and record the impacts that come of them (apps/evidence).
    assert sorted(broker.get_all_permissions()) == [
        "brokering.change_evidencerequest",
        "brokering.publish_evidencerequest",
        "brokering.view_evidencerequest",
        "evidence.add_evidenceitem",
        "evidence.add_impact",
        "evidence.add_impactperson",
        "evidence.change_evidenceitem",
        "evidence.change_impact",
        "evidence.change_impactperson",
        "evidence.delete_impactperson",
        "evidence.view_evidenceitem",
        "evidence.view_impact",
        "evidence.view_impactperson",
    ]


def test_publishing_needs_consent(client, broker):
    evidence_request = EvidenceRequestFactory(
        consent_to_publish=False, status=RequestStatus.ANSWERED, answered_at=timezone.now()
    )
    sign_in(client, broker)
    response = client.post(
        f"/staff/requests/{evidence_request.number}/publish/",
        {"public_question": "A question", "public_summary": "A summary"},
    )
    assert response.status_code == 200
    assert "did not agree that we publish it" in response.content.decode()
    assert client.get(f"/ask/answered/{evidence_request.number}/").status_code == 404


def test_staff_landing_page_links_the_queue_for_those_who_may_open_it(client, broker):
    sign_in(client, broker)
    assert "/staff/requests/" in client.get("/staff/").content.decode()
    sign_in(client, StaffFactory())
    assert "/staff/requests/" not in client.get("/staff/").content.decode()


# ------------------------------------------------------------------------------------------ the queue


def test_queue_filters_by_status_broker_and_kind(client, broker, other_broker):
    EvidenceRequestFactory(number=1, assignee=broker, status=RequestStatus.ACCEPTED)
    EvidenceRequestFactory(number=2, assignee=other_broker, status=RequestStatus.ACCEPTED)
    EvidenceRequestFactory(number=3, kind="research_support", funder="NIHR", research_stage="idea")
    sign_in(client, broker)

    def references(query):
        page = client.get(f"/staff/requests/?{query}").content.decode()
        return re.findall(r">(ASK-\d{4})<", page)

    assert references("") == ["ASK-0003", "ASK-0002", "ASK-0001"]
    assert references(f"assignee={broker.pk}") == ["ASK-0001"]
    assert references("assignee=none") == ["ASK-0003"]
    assert references("status=accepted&kind=evidence") == ["ASK-0002", "ASK-0001"]
    assert references("kind=research_support") == ["ASK-0003"]
    # A bad value is explained and everything shown.
    response = client.get("/staff/requests/?status=lost&assignee=abc")
    assert response.status_code == 200
    assert len(re.findall(r">(ASK-\d{4})<", response.content.decode())) == 3


def test_unknown_request_is_404(client, broker):
    sign_in(client, broker)
    assert client.get("/staff/requests/999/").status_code == 404


def test_queue_queries_do_not_grow_with_requests(client, broker, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    EvidenceRequestFactory(assignee=broker)
    sign_in(client, broker)
    client.get("/staff/requests/")  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/requests/")
    for _ in range(30):
        EvidenceRequestFactory(assignee=broker)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/staff/requests/")
    assert response.content.decode().count('scope="row"') == 25


def test_request_page_queries_do_not_grow_with_notes_and_links(client, broker, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.brokering.services import request_links_set, request_note_add

    evidence_request = EvidenceRequestFactory(assignee=broker)
    request_note_add(evidence_request=evidence_request, author=broker, text="First")
    request_links_set(evidence_request=evidence_request, publications=[PublicationFactory()])
    sign_in(client, broker)
    url = f"/staff/requests/{evidence_request.number}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(10):
        request_note_add(evidence_request=evidence_request, author=broker, text=f"Note {index}")
    request_links_set(
        evidence_request=evidence_request, publications=[PublicationFactory() for _ in range(5)]
    )
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


# ------------------------------------------------------------------------------------ answered questions


def test_answered_list_shows_only_published_questions_and_searches(client):
    published(public_question="Does walking help knee pain?")
    published(public_question="Do leaflets help people take their tablets?", public_summary="Some do.")
    EvidenceRequestFactory(public_question="Unpublished knee question", status=RequestStatus.ANSWERED)
    page = client.get("/ask/answered/").content.decode()
    assert "Does walking help knee pain?" in page
    assert "Unpublished knee question" not in page
    searched = client.get("/ask/answered/?q=knee").content.decode()
    assert "Does walking help knee pain?" in searched
    assert "leaflets" not in searched
    assert "No answered question matches" in client.get("/ask/answered/?q=zebra").content.decode()


def test_answered_list_queries_do_not_grow(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    question = published()
    question.publications.add(PublicationFactory())
    with CaptureQueriesContext(connection) as one:
        client.get("/ask/answered/")
    for _ in range(25):
        published().publications.add(PublicationFactory(), PublicationFactory())
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/ask/answered/")


def test_answered_question_has_qapage_markup_and_lists_only_public_sources(client):
    question = published(public_question="Does walking help </script> knee pain?")
    public = PublicationFactory(title="Walking and knees", is_public=True)
    hidden = PublicationFactory(title="Internal report", is_public=False)
    question.publications.add(public, hidden)
    response = client.get(f"/ask/answered/{question.number}/")
    page = response.content.decode()
    assert "Walking and knees" in page
    assert "Internal report" not in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</script>" not in block
    data = json.loads(block)
    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["@type"] == "Question"
    assert data["mainEntity"]["text"] == "Does walking help </script> knee pain?"
    assert data["mainEntity"]["acceptedAnswer"]["@type"] == "Answer"
    assert [c["name"] for c in data["mainEntity"]["acceptedAnswer"]["citation"]] == ["Walking and knees"]
    assert "Alex" not in page and question.email not in page


def test_unpublished_or_unknown_answered_question_is_404(client):
    draft = EvidenceRequestFactory(status=RequestStatus.ANSWERED)
    assert client.get(f"/ask/answered/{draft.number}/").status_code == 404
    assert client.get("/ask/answered/424242/").status_code == 404


def test_site_search_and_sitemap_list_published_answers_only(client):
    question = published(public_question="Does tai chi help balance?", public_summary="It can.")
    hidden = EvidenceRequestFactory(public_question="Does tai chi help sleep?", status=RequestStatus.ANSWERED)
    search = client.get("/search/?q=tai chi").content.decode()
    assert "Does tai chi help balance?" in search
    assert "Does tai chi help sleep?" not in search
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{question.get_absolute_url()}</loc>" in sitemap
    assert f"/ask/answered/{hidden.number}/</loc>" not in sitemap
    assert "/ask/</loc>" in sitemap and "/ask/answered/</loc>" in sitemap


def test_ids_too_big_for_the_database_are_explained_not_a_500(client, broker):
    evidence_request = EvidenceRequestFactory(status=RequestStatus.ACCEPTED)
    sign_in(client, broker)
    too_big = "99999999999999999999"
    response = client.post(f"/staff/requests/{evidence_request.number}/links/", {"publications": [too_big]})
    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
    response = client.post(f"/staff/requests/{evidence_request.number}/assign/", {"assignee": too_big})
    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
