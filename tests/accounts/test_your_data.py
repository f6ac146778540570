"""'Your data' belongs to the account: download (after confirming the password again) and erasure."""

import pytest

from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_download_asks_for_the_password_again_then_gives_the_file(client):
    member = UserFactory(email="dana@example.org")
    sign_in(client, member)  # a session that has been open a while: no recent sign-in

    asked = client.get("/me/data/download.json")
    confirm_identity(client)
    response = client.get("/me/data/download.json")

    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    assert response.json()["account"]["email"] == "dana@example.org"


def test_a_wrong_password_gives_no_file(client):
    member = UserFactory()
    sign_in(client, member)

    response = client.post("/accounts/reauthenticate/", {"password": "not-my-password"})

    assert response.status_code == 200
    assert client.get("/me/data/download.json").status_code == 302


def test_your_data_page_is_linked_from_the_account_panel_and_links_to_both_actions(client):
    sign_in(client, UserFactory())

    me = client.get("/me/").content.decode()
    page = client.get("/me/data/").content.decode()

    assert 'href="/me/data/"' in me
    assert 'href="/me/data/download.json"' in page
    assert 'href="/me/data/erase/"' in page


def test_visitors_are_sent_to_sign_in(client):
    for path in ("/me/data/", "/me/data/download.json", "/me/data/erase/"):
        assert client.get(path)["Location"].startswith("/accounts/login/")


def test_staff_cannot_erase_their_own_account_and_keep_their_name_on_their_changes(client, settings):
    """A staff member who erased themselves turned every change they made into "changed by nobody"."""
    from tests.factories.accounts import StaffFactory

    staff = StaffFactory(email="lead@iau.example", display_name="Lee Lead")
    sign_in(client, staff)

    page = client.get("/me/data/erase/")
    posted = client.post("/me/data/erase/", {"confirm": "on"})

    assert page.status_code == 403 and posted.status_code == 403
    assert "Staff accounts are closed by the unit" in page.content.decode()
    staff.refresh_from_db()
    assert staff.is_active and staff.email == "lead@iau.example"


def test_erasing_an_account_first_asks_the_member_to_confirm_who_they_are(client, settings):
    from apps.accounts.models import User

    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    member = UserFactory(email="member@example.org")
    sign_in(client, member)

    asked = client.post("/me/data/erase/", {"confirm": "on"})

    assert asked.status_code == 302 and asked.url.startswith("/accounts/reauthenticate/")
    assert User.objects.get(pk=member.pk).is_active
