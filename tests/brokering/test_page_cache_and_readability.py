"""Answered questions come from the anonymous page cache, and what a broker publishes or changes on the
request's staff page shows on the next anonymous request; /ask/ (a form) is never cached. The staff page
shows the reading age of the saved evidence summary and of the answer sent."""

import pytest
from django.test import Client
from django.utils import timezone

from apps.brokering.enums import RequestStatus
from tests.auth import sign_in
from tests.core.test_readability import HARD, PLAIN
from tests.factories.brokering import EvidenceRequestFactory

pytestmark = pytest.mark.django_db


def _answered(**fields):
    defaults = {"status": RequestStatus.ANSWERED, "answer": "Walking helps.", "answered_at": timezone.now()}
    return EvidenceRequestFactory(**{**defaults, **fields})


def _cached(client, url) -> str:
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


@pytest.fixture
def broker_client(broker):
    staff = Client()
    sign_in(staff, broker)
    return staff


def test_publishing_and_editing_an_answer_shows_on_the_next_anonymous_request(client, broker_client):
    already = _answered(
        public_question="Does walking help knee pain?",
        public_summary="Walking helps.",
        published_at=timezone.now(),
    )
    fresh = _answered()
    assert "Does walking help knee pain?" in _cached(client, "/ask/answered/")
    assert "Walking helps." in _cached(client, f"/ask/answered/{already.number}/")

    broker_client.post(
        f"/staff/requests/{fresh.number}/publish/",
        {"public_question": "Do splints help hand pain?", "public_summary": "Splints ease pain for many."},
    )
    broker_client.post(
        f"/staff/requests/{already.number}/publish/",
        {
            "public_question": "Does walking help knee pain?",
            "public_summary": "Walking most days eases pain.",
        },
    )

    assert "Do splints help hand pain?" in client.get("/ask/answered/").content.decode()
    assert "Walking most days eases pain." in client.get(f"/ask/answered/{already.number}/").content.decode()


def test_taking_an_answer_off_the_website_shows_on_the_next_anonymous_request(client, broker_client):
    question = _answered(
        public_question="Does walking help knee pain?",
        public_summary="Walking helps.",
        published_at=timezone.now(),
    )
    assert "Does walking help knee pain?" in _cached(client, "/ask/answered/")
    _cached(client, f"/ask/answered/{question.number}/")

    response = broker_client.post(f"/staff/requests/{question.number}/publish/", {"unpublish": "1"})

    assert response.status_code == 302
    assert "Does walking help knee pain?" not in client.get("/ask/answered/").content.decode()
    assert client.get(f"/ask/answered/{question.number}/").status_code == 404


def test_the_ask_form_is_never_cached(client):
    first = client.get("/ask/")
    second = Client().get("/ask/")

    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_request_page_shows_the_reading_age_of_the_saved_summary_and_the_answer(broker_client):
    question = _answered(answer=PLAIN)
    url = f"/staff/requests/{question.number}/"

    before = broker_client.get(url).content.decode()
    broker_client.post(
        f"{url}publish/", {"public_question": "Does walking help knee pain?", "public_summary": HARD}
    )
    hard = broker_client.get(url).content.decode()
    broker_client.post(
        f"{url}publish/", {"public_question": "Does walking help knee pain?", "public_summary": PLAIN}
    )
    plain = broker_client.get(url).content.decode()

    assert "Reading age: not measured yet, as there is no saved text (aim for 12 or under)." in before
    assert "Reading age: 43 (aim for 12 or under)" in hard
    assert "Shorter sentences and everyday words bring the reading age down." in hard
    assert "Reading age: 43" not in plain
    # The note belongs to the summary field: it is read out with it (aria-describedby).
    assert 'aria-describedby="id_public_summary_helptext"' in plain
    assert plain.count("Reading age:") == 2  # the summary's, and the answer's that was sent
