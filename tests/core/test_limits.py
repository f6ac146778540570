"""Abuse limits through HTTP: the client's address behind proxies, seminar registration, account email."""

import pytest
from django.core import mail
from django.test import Client

from apps.seminars.models import Registration
from tests.factories.accounts import UserFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db

FORM = {"name": "Ann Example", "email": "ann@example.org", "role": "patient_public", "consent": "on"}


@pytest.fixture
def seminar():
    return SeminarFactory()


def _register(client, seminar, address="203.0.113.5", forwarded=None, **extra):
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(f"/seminars/{seminar.slug}/register/", {**FORM, **extra}, **headers)


def test_seminar_registrations_over_the_limit_for_one_address_get_a_helpful_429(client, settings, seminar):
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 2
    _register(client, seminar, email="one@example.org")
    _register(client, seminar, email="two@example.org")

    response = _register(client, seminar, email="three@example.org")

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    page = response.content.decode()
    assert "<h1>Please wait a little before trying again</h1>" in page
    assert "You have registered for seminars many times in a short while" in page
    assert "Wait about an hour, then go back and try again." in page
    assert f"mailto:{settings.COORDINATOR_EMAIL}" in page
    assert Registration.objects.count() == 2


def test_seminar_registrations_over_the_limit_for_one_email_get_a_429(client, settings):
    settings.SEMINAR_REGISTRATIONS_PER_EMAIL_PER_HOUR = 2
    for number in range(2):
        _register(client, SeminarFactory(), address=f"198.51.100.{number}", email="Ann@Example.org")

    response = _register(client, SeminarFactory(), address="198.51.100.9", email="ann@example.org")

    assert response.status_code == 429
    assert "registered with this email address" in response.content.decode()
    assert Registration.objects.count() == 2


def test_seminar_registration_with_mistakes_does_not_count_against_the_limit(client, settings, seminar):
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    for _ in range(3):
        assert _register(client, seminar, email="not-an-email").status_code == 400

    assert _register(client, seminar).status_code == 302
    assert Registration.objects.count() == 1


def test_spoofed_forwarded_for_changes_nothing_without_a_trusted_proxy(client, settings, seminar):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    _register(client, seminar, forwarded="192.0.2.1", email="one@example.org")

    response = _register(client, seminar, forwarded="192.0.2.2", email="two@example.org")

    assert response.status_code == 429


def test_behind_one_proxy_each_visitor_has_their_own_limit(client, settings, seminar):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    proxy = "10.0.0.2"
    assert (
        _register(client, seminar, address=proxy, forwarded="192.0.2.1", email="a@example.org").status_code
        == 302
    )
    assert (
        _register(client, seminar, address=proxy, forwarded="192.0.2.2", email="b@example.org").status_code
        == 302
    )

    # A visitor who writes their own X-Forwarded-For only adds to the left of what the proxy appends.
    again = _register(
        client, seminar, address=proxy, forwarded="198.51.100.77, 192.0.2.1", email="c@example.org"
    )

    assert again.status_code == 429
    assert Registration.objects.count() == 2


def test_seminar_honeypot_filled_in_stores_nothing_and_sends_nothing(client, seminar):
    response = _register(client, seminar, website="http://spam.example")

    assert response.status_code == 302
    assert Registration.objects.count() == 0
    assert mail.outbox == []


def test_seminar_form_hides_the_honeypot_from_people(client, seminar):
    page = client.get(f"/seminars/{seminar.slug}/").content.decode()

    assert '<div class="honeypot">' in page
    assert 'name="website"' in page


def _application_form() -> dict:
    """An expression of interest the involvement form accepts (all but the email address)."""
    from tests.factories.involvement import GroupFactory

    return {
        "name": "Pat",
        "group": GroupFactory().pk,
        "motivation": "I care about research.",
        "consent_to_contact": "on",
    }


def test_involvement_limit_uses_the_forwarded_address_behind_a_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INVOLVEMENT_APPLICATION_RATE_LIMIT = 1
    form = _application_form()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = client.post(
        "/involvement/", {**form, "email": "a@example.org"}, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy
    )
    other = client.post(
        "/involvement/", {**form, "email": "b@example.org"}, HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy
    )
    same = client.post(
        "/involvement/", {**form, "email": "c@example.org"}, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy
    )

    assert (first.status_code, other.status_code, same.status_code) == (302, 302, 429)


def test_password_reset_for_an_unknown_address_mails_no_one(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "stranger@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_sign_in_code_for_an_unknown_address_mails_no_one(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": "stranger@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_account_emails_to_one_address_are_capped_per_hour(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR = 6
    member = UserFactory(email="member@example.org")

    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            response = client.post(
                "/accounts/password/reset/", {"email": member.email}, REMOTE_ADDR=f"198.51.100.{number}"
            )
            answers.append(response.status_code)

    # Strangers share half of the address's allowance: three links, then an honest "nothing was sent".
    assert [message.to for message in mail.outbox] == [[member.email]] * 3
    assert answers == [302, 302, 302, 200, 200, 200]
    assert "nothing was sent this time" in response.content.decode()


def test_strangers_asking_for_codes_never_lock_the_holder_out(
    client, settings, django_capture_on_commit_callbacks
):
    """Six anonymous requests used to use up a member's sign-in codes for an hour while the page still
    said a code was on its way."""
    member = UserFactory(email="member@example.org")
    # The member's own browser signed in before (with a code or a password): it is known as the holder.
    holder = Client()
    assert (
        holder.post(
            "/accounts/login/", {"login": member.email, "password": "a-long-test-password"}
        ).status_code
        == 302
    )
    holder.post("/accounts/logout/")

    with django_capture_on_commit_callbacks(execute=True):
        strangers = [
            Client().post("/accounts/login/code/", {"email": member.email}, REMOTE_ADDR=f"203.0.113.{n}")
            for n in range(6)
        ]
    assert [response.status_code for response in strangers] == [302, 302, 302, 200, 200, 200]
    refused = strangers[-1].content.decode()
    assert "nothing was sent this time" in refused
    assert "We have sent you a code" not in refused
    sent_to_strangers = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        own = holder.post("/accounts/login/code/", {"email": member.email}, REMOTE_ADDR="192.0.2.50")

    assert own.status_code == 302
    assert len(mail.outbox) == sent_to_strangers + 1
    assert mail.outbox[-1].to == [member.email]


def test_one_requester_cannot_ask_for_codes_for_everyone(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAILS_PER_REQUESTER_PER_HOUR = 2
    people = [UserFactory(email=f"member{n}@example.org") for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        # Each from a fresh session, as a script would; one /64 is one requester.
        answers = [
            Client().post("/accounts/login/code/", {"email": person.email}, REMOTE_ADDR=f"2001:db8:1:2::{n}")
            for n, person in enumerate(people, start=1)
        ]

    assert [response.status_code for response in answers] == [302, 302, 200]
    assert "asked for from this connection" in answers[-1].content.decode()
    assert len(mail.outbox) == 2


def test_an_unknown_address_meets_the_same_limits_as_a_known_one(client, django_capture_on_commit_callbacks):
    """The answer never tells whether an address has an account."""
    UserFactory(email="member@example.org")

    def answers(email, first_octet):
        return [
            client.post(
                "/accounts/login/code/", {"email": email}, REMOTE_ADDR=f"{first_octet}.0.2.{n}"
            ).status_code
            for n in range(5)
        ]

    with django_capture_on_commit_callbacks(execute=True):
        assert answers("member@example.org", 192) == answers("nobody@example.org", 198)


def test_allauth_limits_see_the_same_client_address(rf, settings):
    from allauth.account.adapter import get_adapter

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")

    assert get_adapter(request).get_client_ip(request) == "192.0.2.7"


def test_allauth_rate_limit_page_is_our_helpful_429(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client.post("/accounts/password/reset/", {"email": "a@example.org"})

    response = client.post("/accounts/password/reset/", {"email": "b@example.org"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "Please wait a little before trying again" in page
    assert f"mailto:{settings.COORDINATOR_EMAIL}" in page


def test_two_ipv6_addresses_in_one_64_share_the_seminar_limit(client, settings, seminar):
    # One connection is given a whole /64 and may use any address in it.
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    first = _register(client, seminar, address="2001:db8:5:7::1", email="one@example.org")

    second = _register(client, seminar, address="2001:db8:5:7:a:b:c:d", email="two@example.org")

    assert (first.status_code, second.status_code) == (302, 429)
    assert Registration.objects.count() == 1


def test_ipv6_addresses_in_different_64s_have_their_own_seminar_limit(client, settings, seminar):
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    first = _register(client, seminar, address="2001:db8:5:7::1", email="one@example.org")

    second = _register(client, seminar, address="2001:db8:5:8::1", email="two@example.org")

    assert (first.status_code, second.status_code) == (302, 302)


def test_ipv4_addresses_are_counted_each_on_their_own(client, settings, seminar):
    settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR = 1
    first = _register(client, seminar, address="192.0.2.1", email="one@example.org")

    second = _register(client, seminar, address="192.0.2.2", email="two@example.org")

    assert (first.status_code, second.status_code) == (302, 302)


def test_ipv6_behind_a_proxy_is_counted_by_its_64_on_the_public_forms(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INVOLVEMENT_APPLICATION_RATE_LIMIT = 1
    form = _application_form()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    def apply(forwarded, email):
        return client.post("/involvement/", {**form, "email": email}, HTTP_X_FORWARDED_FOR=forwarded, **proxy)

    first = apply("2001:db8:1:2::10", "a@example.org")
    same_64 = apply("2001:db8:1:2:ffff::20", "b@example.org")
    other_64 = apply("2001:db8:1:3::10", "c@example.org")

    assert (first.status_code, same_64.status_code, other_64.status_code) == (302, 429, 302)


def test_allauth_limits_count_an_ipv6_64_as_one_client(client, settings):
    # allauth keys on our client_address (its adapter) and groups IPv6 by the same /64.
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "1/m/ip"}
    client.post("/accounts/password/reset/", {"email": "a@example.org"}, REMOTE_ADDR="2001:db8:9:9::1")

    same_64 = client.post(
        "/accounts/password/reset/", {"email": "b@example.org"}, REMOTE_ADDR="2001:db8:9:9::2"
    )
    other_64 = client.post(
        "/accounts/password/reset/", {"email": "c@example.org"}, REMOTE_ADDR="2001:db8:9:a::1"
    )

    assert (same_64.status_code, other_64.status_code) == (429, 302)
