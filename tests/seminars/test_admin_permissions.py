"""Exporting registrations reveals names, emails and access requirements: it needs the view permission on
registrations AND seminars.view_personal_details, and a fresh confirmation of who is asking."""

import pytest
from django.contrib.auth.models import Permission

from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def _staff_with(*codenames):
    user = StaffFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="seminars", codename__in=codenames)
    )
    return user


def _export(client, seminar):
    return client.post(
        "/admin/seminars/seminar/", {"action": "export_registrations", "_selected_action": [seminar.pk]}
    )


def test_staff_who_may_only_view_seminars_cannot_export_registrations(client):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, email="someone@example.org", access_requirements="Wheelchair user")
    sign_in(client, _staff_with("view_seminar"))

    response = _export(client, seminar)

    assert response.get("Content-Type") != "text/csv; charset=utf-8"
    assert "someone@example.org" not in response.content.decode()
    page = client.get("/admin/seminars/seminar/")
    assert "export_registrations" not in page.content.decode()


def test_staff_who_may_view_registrations_but_not_personal_details_cannot_export(client):
    seminar = SeminarFactory()
    registration = RegistrationFactory(seminar=seminar, email="someone@example.org")
    sign_in(client, _staff_with("view_seminar", "view_registration"))

    response = client.post(
        "/admin/seminars/registration/", {"action": "export_csv", "_selected_action": [registration.pk]}
    )

    assert response.get("Content-Type") == "text/html; charset=utf-8"  # the list again, no download


def test_export_asks_staff_to_confirm_who_they_are_then_downloads(client):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar, email="someone@example.org", access_requirements="Wheelchair user")
    sign_in(client, _staff_with("view_seminar", "view_registration", "view_personal_details"))

    asked = _export(client, seminar)
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    # After confirming, allauth replays the suspended POST: the download follows at once.
    replayed = client.post(asked["Location"], {"password": "a-long-test-password"})
    again = _export(client, seminar)  # and within the next few minutes no question is asked

    for response in (replayed, again):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "someone@example.org" in response.content.decode()


def test_access_requirements_are_hidden_without_the_personal_details_permission(client):
    registration = RegistrationFactory(access_requirements="Needs a hearing loop")
    sign_in(client, _staff_with("view_registration"))

    page = client.get(f"/admin/seminars/registration/{registration.pk}/change/")

    assert page.status_code == 200
    assert "Needs a hearing loop" not in page.content.decode()
    sign_in(client, _staff_with("view_registration", "view_personal_details"))
    confirm_identity(client)
    assert (
        "Needs a hearing loop"
        in client.get(f"/admin/seminars/registration/{registration.pk}/change/").content.decode()
    )
