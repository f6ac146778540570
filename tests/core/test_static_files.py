"""Static files answer the same with or without a session: WhiteNoise serves them before anything that
asks who is signed in (a stylesheet that failed for signed-in people left every member page unstyled)."""

import pytest
from django.test import Client, override_settings

from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ASSETS = ["/static/css/portal.css", "/static/img/favicon.svg"]


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
@pytest.mark.parametrize("who", ["visitor", "member", "staff"])
def test_static_files_load_for_visitors_members_and_staff(who):
    client = Client(raise_request_exception=False)
    if who == "member":
        sign_in(client, UserFactory())
    elif who == "staff":
        sign_in(client, StaffFactory())
    checked = 0
    for path in ASSETS:
        response = client.get(path)
        assert response.status_code == 200, (who, path, response.status_code)
        checked += 1
    assert checked == len(ASSETS)
