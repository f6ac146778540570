"""An old version on an admin history page can be read, never posted back: posting it would rewrite the
record with only the view permission and without the services."""

import pytest
from django.contrib.auth.models import Permission

from apps.accounts.models import User
from apps.seminars.models import Registration
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.seminars import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_view_only_staff_cannot_post_an_old_version_of_a_registration(client):
    registration = RegistrationFactory(name="First Name")
    Registration.objects.filter(pk=registration.pk).update(name="First Name")
    registration.name = "Corrected Name"
    registration.save()
    old_version = registration.history.earliest()
    staff = StaffFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_registration", "view_personal_details"])
    )
    sign_in(client, User.objects.get(pk=staff.pk))
    url = f"/admin/seminars/registration/{registration.pk}/history/{old_version.history_id}/"

    page = client.get(url)
    posted = client.post(url, {"name": "First Name", "email": registration.email})

    assert page.status_code == 200
    assert posted.status_code == 403
    registration.refresh_from_db()
    assert registration.name == "Corrected Name"
