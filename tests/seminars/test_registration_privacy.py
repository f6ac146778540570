"""What a registration tells whom: the page never says whether an address was registered already (the
email to that address does), and the cancel link in the emails stops working once the seminar has ended."""

import re
from datetime import timedelta

import pytest
from django.test import Client

from apps.seminars import tokens
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Registration
from apps.seminars.services import seminar_reschedule
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Ann Example", "email": "ann@example.org", "role": "patient_public", "consent": "on"}


def _register(seminar, capture, form):
    """A visitor with a browser of their own registers; returns the redirect and the page it leads to."""
    browser = Client()
    with capture(execute=True):
        answer = browser.post(f"/seminars/{seminar.slug}/register/", form)
    page = browser.get(answer["Location"]) if answer.status_code == 302 else answer
    return answer, page


def _plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_registering_an_address_already_registered_looks_the_same_as_registering_a_new_one(
    smtp_server, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=1)
    first_answer, first_page = _register(seminar, django_capture_on_commit_callbacks, FORM)
    # Someone else types Ann's address (another name, other case): the seminar is full by now.
    stranger = {**FORM, "name": "Somebody Else", "email": "ANN@example.org"}
    again_answer, again_page = _register(seminar, django_capture_on_commit_callbacks, stranger)

    assert (again_answer.status_code, again_answer["Location"]) == (
        first_answer.status_code,
        first_answer["Location"],
    )
    assert (again_page.status_code, again_page.content) == (first_page.status_code, first_page.content)
    assert "already" not in again_page.content.decode()
    assert Registration.objects.get().name == "Ann Example"


def test_the_owner_of_an_address_already_registered_is_emailed_with_their_cancel_link(
    smtp_server, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    _register(seminar, django_capture_on_commit_callbacks, FORM)
    _register(seminar, django_capture_on_commit_callbacks, {**FORM, "name": "Somebody Else"})

    confirmation, already = smtp_server.messages
    registration = Registration.objects.get()
    assert [message["To"] for message in smtp_server.messages] == ["ann@example.org", "ann@example.org"]
    assert already["Subject"] == f"You are already registered: {seminar.title}"
    body = _plain(already)
    assert body.startswith("Dear Ann Example,")  # the name they gave, not the one typed now
    assert "It was already registered, so nothing has changed: you have a place." in body
    assert tokens.signed_url(registration, tokens.CANCEL) in body
    assert "Somebody Else" not in body


def test_every_attempt_on_a_registered_address_is_emailed_once_within_the_limits(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SEMINAR_REGISTRATIONS_PER_EMAIL_PER_HOUR = 3
    seminar = SeminarFactory()
    answers = [_register(seminar, django_capture_on_commit_callbacks, FORM)[0] for _ in range(4)]

    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert [message["Subject"] for message in smtp_server.messages] == [
        f"Your place is confirmed: {seminar.title}",
        f"You are already registered: {seminar.title}",
        f"You are already registered: {seminar.title}",
    ]


def test_a_new_registration_on_the_waiting_list_is_told_so_by_email_only(
    smtp_server, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    _, page = _register(seminar, django_capture_on_commit_callbacks, FORM)

    (waitlisted,) = smtp_server.messages
    assert waitlisted["Subject"] == f"You are on the waiting list: {seminar.title}"
    assert "<h1>Check your email</h1>" in page.content.decode()


# --- the cancel link's lifetime ------------------------------------------------------------------------


def test_a_cancel_link_works_until_the_seminar_has_started_and_shows_the_registration(client):
    registration = RegistrationFactory(name="Ann Example", email="ann@example.org")

    response = client.get(tokens.signed_path(registration, tokens.CANCEL))

    assert response.status_code == 200
    assert "Ann Example, you have a place (ann@example.org)" in response.content.decode()


def test_a_cancel_link_after_the_seminar_has_ended_is_a_plain_expired_page(client, time_machine):
    registration = RegistrationFactory(name="Ann Example", email="ann@example.org")
    path = tokens.signed_path(registration, tokens.CANCEL)
    time_machine.move_to(registration.seminar.ends_at + timedelta(minutes=1))

    looked = client.get(path)
    posted = client.post(path)

    assert (looked.status_code, posted.status_code) == (410, 410)
    page = looked.content.decode()
    assert "<h1>This link has expired</h1>" in page
    assert "Ann Example" not in page and "ann@example.org" not in page
    assert re.search(r'href="mailto:[^"]+"', page)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_cancel_link_follows_its_seminar_when_it_is_moved_later(client, time_machine):
    registration = RegistrationFactory()
    seminar = registration.seminar
    path = tokens.signed_path(registration, tokens.CANCEL)
    seminar_reschedule(
        seminar=seminar,
        starts_at=seminar.starts_at + timedelta(days=7),
        ends_at=seminar.ends_at + timedelta(days=7),
    )
    time_machine.move_to(seminar.ends_at + timedelta(days=1))

    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "spoil", [lambda token: token[:-3], lambda token: token + "x", lambda token: "0" + token]
)
def test_a_tampered_cancel_link_is_a_plain_page_saying_what_to_do(client, spoil):
    registration = RegistrationFactory()
    token = tokens.make_token(registration, tokens.CANCEL)

    response = client.get(f"/seminars/registration/{spoil(token)}/cancel/")

    assert response.status_code == 404
    assert "<h1>This link does not work</h1>" in response.content.decode()


def test_a_cancel_link_for_a_registration_that_no_longer_exists_is_the_same_plain_page(client):
    registration = RegistrationFactory()
    path = tokens.signed_path(registration, tokens.CANCEL)
    registration.delete()

    response = client.get(path)

    assert response.status_code == 404
    assert "<h1>This link does not work</h1>" in response.content.decode()
