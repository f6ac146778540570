"""Signed links only do the one thing they were made for; sign-in never sends anyone off the site."""

import pytest
from django.core import signing

from apps.notifications.unsubscribe import user_token
from apps.seminars import tokens
from tests.factories.accounts import UserFactory
from tests.factories.seminars import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_sign_in_with_a_next_address_off_the_site_stays_on_the_site(client, next_url):
    user = UserFactory()
    user.set_password("a-long-password-9")
    user.save()

    response = client.post(
        f"/accounts/login/?next={next_url}", {"login": user.email, "password": "a-long-password-9"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_a_seminar_link_made_for_one_purpose_does_not_work_for_another(client):
    registration = RegistrationFactory()
    cancel = tokens.make_token(registration, tokens.CANCEL)

    assert client.get(f"/seminars/feedback/{cancel}/").status_code == 404
    assert client.post(f"/seminars/registration/{cancel}/stop-emails/").status_code == 404
    assert client.get(f"/seminars/registration/{cancel}/cancel/").status_code == 200


def test_a_tampered_seminar_link_naming_another_registration_is_refused(client):
    mine, theirs = RegistrationFactory(), RegistrationFactory()
    token = tokens.make_token(mine, tokens.CANCEL)
    value, signature = token.rsplit(":", 1)
    forged_value = (
        signing.Signer(salt=tokens.CANCEL).sign_object({"registration": theirs.pk}).rsplit(":", 1)[0]
    )

    response = client.get(f"/seminars/registration/{forged_value}:{signature}/cancel/")

    assert response.status_code == 404


def test_an_email_preferences_link_is_not_accepted_as_a_seminar_link_or_the_reverse(client):
    user = UserFactory()
    registration = RegistrationFactory(email=user.email)

    assert client.get(f"/seminars/registration/{user_token(user)}/cancel/").status_code == 404
    stop = tokens.make_token(registration, tokens.STOP_EMAILS)
    assert client.get(f"/notifications/preferences/{stop}/").status_code == 404
