import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.core.services import outbox_allows_bulk_email, outbox_unsubscribe_headers
from apps.notifications.enums import DigestFrequency
from apps.notifications.models import NotificationPreference
from apps.notifications.personal_data import erase_personal_data, export_personal_data
from apps.notifications.unsubscribe import list_unsubscribe_headers, user_token
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.notifications import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db

PREFERENCES = "/notifications/preferences/"


def _signed(user):
    return reverse("notifications:preferences_signed", kwargs={"token": user_token(user)})


def _unsubscribe(user):
    return reverse("notifications:unsubscribe", kwargs={"token": user_token(user)})


def test_preferences_page_asks_a_visitor_to_sign_in(client):
    response = client.get(PREFERENCES)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_member_sees_weekly_by_default_without_a_row_being_created(client):
    member = UserFactory()
    sign_in(client, member)

    response = client.get(PREFERENCES)

    assert response.status_code == 200
    assert response.context["form"].initial == {
        "digest_frequency": "weekly",
        "reminder_timings": ["7d", "1d", "1h"],
    }
    assert NotificationPreference.objects.count() == 0


def test_member_changes_their_own_preference(client):
    member = UserFactory()
    sign_in(client, member)

    response = client.post(PREFERENCES, {"digest_frequency": "monthly"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=member).digest_frequency == DigestFrequency.MONTHLY


def test_unknown_choice_is_explained_next_to_the_field(client):
    member = UserFactory()
    sign_in(client, member)

    response = client.post(PREFERENCES, {"digest_frequency": "hourly"})

    assert response.status_code == 200
    assert response.context["form"].errors["digest_frequency"] == [
        "Select a valid choice. hourly is not one of the available choices."
    ]
    assert NotificationPreference.objects.count() == 0


def test_signed_link_opens_the_preferences_without_signing_in(client):
    member = NotificationPreferenceFactory(digest_frequency=DigestFrequency.MONTHLY).user

    response = client.get(_signed(member))

    assert response.status_code == 200
    assert response.context["form"].initial["digest_frequency"] == "monthly"
    assert member.email in response.content.decode()


def test_signed_link_changes_only_that_members_preference(client):
    member, other = UserFactory(), UserFactory()

    response = client.post(_signed(member), {"digest_frequency": "off"})

    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=member).digest_frequency == DigestFrequency.OFF
    assert not NotificationPreference.objects.filter(user=other).exists()


@pytest.mark.parametrize("token", ["nonsense", "eyJ1c2VyIjoxfQ:1abc:forged"])
def test_tampered_or_unknown_token_is_not_found(client, token):
    assert client.get(f"/notifications/preferences/{token}/").status_code == 404
    assert client.get(f"/notifications/unsubscribe/{token}/").status_code == 404
    assert (
        client.post(f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}).status_code
        == 404
    )


def test_token_for_an_inactive_account_is_not_found(client):
    member = UserFactory(is_active=False)

    assert client.get(_signed(member)).status_code == 404


def test_unsubscribe_get_shows_a_button_and_changes_nothing(client):
    member = UserFactory()

    response = client.get(_unsubscribe(member))

    assert response.status_code == 200
    assert '<input type="hidden" name="List-Unsubscribe" value="One-Click">' in response.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_one_click_post_unsubscribes_without_login_or_csrf_token():
    member = NotificationPreferenceFactory(digest_frequency=DigestFrequency.WEEKLY).user
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        _unsubscribe(member), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    preference = NotificationPreference.objects.get(user=member)
    assert preference.digest_frequency == DigestFrequency.OFF
    assert preference.unsubscribed_at is not None


def test_post_without_the_one_click_field_is_refused(client):
    member = UserFactory()

    response = client.post(_unsubscribe(member), {})

    assert response.status_code == 400
    assert NotificationPreference.objects.count() == 0


def test_signed_preferences_form_still_needs_its_csrf_token():
    member = UserFactory()

    response = Client(enforce_csrf_checks=True).post(_signed(member), {"digest_frequency": "off"})

    assert response.status_code == 403


def test_list_unsubscribe_headers_for_other_apps_through_core(settings):
    member = UserFactory()

    headers = outbox_unsubscribe_headers(user=member)

    assert headers == list_unsubscribe_headers(member)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Placeholders: the outbox signs the web and mailto links when it sends the email.
    assert re.fullmatch(
        r"<\[\[key-link:\w+:notifications\.unsubscribe:\d+\]\]>, "
        r"<\[\[key-link:\w+:notifications\.unsubscribe-mailto:\d+\]\]>",
        headers["List-Unsubscribe"],
    )


def test_member_area_shows_the_digest_choice_with_a_link(client):
    member = NotificationPreferenceFactory(digest_frequency=DigestFrequency.MONTHLY).user
    sign_in(client, member)

    response = client.get("/me/")

    content = response.content.decode()
    assert "Monthly, on the first of the month" in content
    assert f'href="{PREFERENCES}"' in content


def test_personal_data_export_and_erase():
    preference = NotificationPreferenceFactory(digest_frequency=DigestFrequency.OFF)

    assert export_personal_data(preference.user)["email_preferences"]["digest_frequency"] == "off"
    erase_personal_data(preference.user)
    assert export_personal_data(preference.user) == {"email_preferences": None}


def test_unsubscribed_member_gets_no_bulk_email_until_they_choose_a_digest_again(client):
    member = UserFactory()
    assert outbox_allows_bulk_email(user=member) is True

    client.post(_unsubscribe(member), {"List-Unsubscribe": "One-Click"})
    assert outbox_allows_bulk_email(user=member) is False

    client.post(_signed(member), {"digest_frequency": "monthly"})
    assert outbox_allows_bulk_email(user=member) is True
