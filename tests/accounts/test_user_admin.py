"""No one escalates themselves in the user admin: only a superuser grants superuser, staff status, groups
or permissions, never on their own account, and only after confirming who they are."""

import pytest
from django.contrib.auth.models import Group, Permission

from apps.accounts.models import User
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user_manager():
    staff = StaffFactory(email="manager@example.org")
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_user", "change_user"], content_type__app_label="accounts"
        )
    )
    return staff


def _change_form(user, **extra):
    return {"email": user.email, "display_name": user.display_name, "is_active": "on", **extra}


def test_user_manager_who_ticks_superuser_on_themselves_does_not_become_one(client):
    manager = _user_manager()
    sign_in(client, manager)
    coordinators = Group.objects.create(name="Coordinators")
    every_permission = list(Permission.objects.values_list("pk", flat=True)[:5])

    response = client.post(
        f"/admin/accounts/user/{manager.pk}/change/",
        _change_form(
            manager,
            display_name="Now Superuser",
            is_staff="on",
            is_superuser="on",
            groups=[coordinators.pk],
            user_permissions=every_permission,
        ),
    )

    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.display_name == "Now Superuser"  # the rest of the form was saved
    assert manager.is_superuser is False
    assert list(manager.groups.all()) == []
    assert manager.user_permissions.count() == 2


def test_user_manager_cannot_grant_powers_to_someone_else(client):
    sign_in(client, _user_manager())
    member = UserFactory()

    client.post(
        f"/admin/accounts/user/{member.pk}/change/", _change_form(member, is_staff="on", is_superuser="on")
    )

    member.refresh_from_db()
    assert (member.is_staff, member.is_superuser) == (False, False)


def test_user_manager_cannot_change_a_superusers_account(client):
    sign_in(client, _user_manager())
    boss = StaffFactory(is_superuser=True, email="boss@example.org")

    response = client.post(
        f"/admin/accounts/user/{boss.pk}/change/", _change_form(boss, email="manager-owned@example.org")
    )

    assert response.status_code == 403
    assert User.objects.get(pk=boss.pk).email == "boss@example.org"
    assert client.get(f"/admin/accounts/user/{boss.pk}/password/").status_code == 403


def test_the_power_fields_are_shown_read_only_to_a_user_manager(client):
    manager = _user_manager()
    sign_in(client, manager)

    page = client.get(f"/admin/accounts/user/{UserFactory().pk}/change/")

    form_fields = set(page.context["adminform"].form.fields)
    assert {"is_staff", "is_superuser", "groups", "user_permissions"} & form_fields == set()
    # Nobody sets another person's email address in the admin either.
    assert "email" not in form_fields


def test_a_superuser_cannot_change_their_own_powers(client):
    boss = StaffFactory(is_superuser=True)
    sign_in(client, boss)

    client.post(f"/admin/accounts/user/{boss.pk}/change/", _change_form(boss))  # unticks superuser, staff

    boss.refresh_from_db()
    assert (boss.is_staff, boss.is_superuser, boss.is_active) == (True, True, True)


def test_a_superuser_confirms_who_they_are_before_granting_staff_status(client):
    boss = StaffFactory(is_superuser=True, email="boss@example.org")
    sign_in(client, boss)
    member = UserFactory()
    url = f"/admin/accounts/user/{member.pk}/change/"

    asked = client.post(url, _change_form(member, is_staff="on"))

    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.get(pk=member.pk).is_staff is False

    confirmed = client.post(asked["Location"], {"password": "a-long-test-password"})

    assert confirmed.status_code == 302
    assert User.objects.get(pk=member.pk).is_staff is True


def test_a_group_manager_cannot_add_permissions_to_their_own_group(client):
    team = Group.objects.create(name="Editors")
    manager = StaffFactory()
    manager.groups.add(team)
    manager.user_permissions.add(*Permission.objects.filter(codename__in=["view_group", "change_group"]))
    sign_in(client, manager)

    client.post(
        f"/admin/auth/group/{team.pk}/change/",
        {"name": "Editors", "permissions": list(Permission.objects.values_list("pk", flat=True))},
    )

    assert team.permissions.count() == 0
    assert User.objects.get(pk=manager.pk).has_perm("accounts.change_user") is False


def test_staff_who_may_only_view_email_addresses_cannot_mark_one_verified(client):
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.create(user=UserFactory(), email="unproven@example.org", verified=False)
    viewer = StaffFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_emailaddress"))
    sign_in(client, viewer)

    client.post("/admin/account/emailaddress/", {"action": "make_verified", "_selected_action": [address.pk]})

    assert EmailAddress.objects.get(pk=address.pk).verified is False


def test_the_user_page_shows_no_password_hash(client):
    from django.contrib.auth.models import Group

    lead = StaffFactory(email="lead@iau.example")
    lead.groups.add(Group.objects.get(name="Unit lead"))
    member = UserFactory()
    sign_in(client, lead)

    page = client.get(f"/admin/accounts/user/{member.pk}/change/").content.decode()

    assert "algorithm" not in page and "md5$" not in page and "hash" not in page.lower()
    assert member.email in page
