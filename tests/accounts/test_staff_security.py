"""Staff sessions, private-response headers, permissions only for active staff, re-authentication and the
demo's staff accounts, all through HTTP."""

import io
from datetime import timedelta

import pytest
import time_machine
from allauth.account.decorators import reauthentication_required
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import include, path
from django.utils import timezone

from apps.accounts.models import User
from apps.involvement.enums import PaymentStatus
from apps.involvement.services import payment_run_create
from tests.admin_forms import confirm_identity
from tests.auth import sign_in, totp_code
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import ActivityFactory, ExpenseFactory

pytestmark = pytest.mark.django_db


# Sessions ----------------------------------------------------------------------------------------------


def test_staff_session_ends_after_thirty_minutes_idle(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, StaffFactory(is_superuser=True))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=31))

        response = client.get("/admin/", follow=True)

    assert response.context["user"].is_anonymous
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_staff_session_ends_twelve_hours_after_sign_in_however_busy(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, StaffFactory(is_superuser=True))
        for _ in range(29):  # 29 x 25 minutes: just over 12 hours
            assert client.get("/admin/").status_code == 200
            clock.shift(timedelta(minutes=25))
        response = client.get("/me/", follow=True)

    assert response.context["user"].is_anonymous
    assert "please sign in again" in response.content.decode()


def test_member_session_is_not_cut_short(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post("/accounts/login/", {"login": UserFactory().email, "password": "a-long-test-password"})
        clock.shift(timedelta(hours=13))

        response = client.get("/me/")

    assert response.status_code == 200


# Headers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/", "/publications/"])
def test_every_response_turns_off_camera_microphone_and_geolocation(client, path):
    response = client.get(path)

    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/admin/login/", "/me/"])
def test_account_admin_and_personal_paths_are_never_stored_by_caches(client, path):
    response = client.get(path)

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_page_for_a_visitor_may_be_cached_but_not_for_a_signed_in_member(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")

    sign_in(client, UserFactory())
    for page in ("/", "/publications/", "/me/"):
        response = client.get(page)
        assert "no-store" in response["Cache-Control"], page
        assert "private" in response["Cache-Control"], page


def test_admin_pages_for_staff_are_never_stored(client):
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# Permissions count only for active staff ---------------------------------------------------------------


def _grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


def _payment_run_export_url():
    ActivityFactory(payment_status=PaymentStatus.APPROVED)
    return f"/admin/involvement/paymentrun/{payment_run_create(by=None).pk}/export.csv"


def test_member_holding_personal_details_and_finance_permissions_gets_nothing(client):
    member = _grant(
        UserFactory(), "view_personal_details", "export_finance", "view_payment_details", "view_paymentrun"
    )
    other = UserFactory()
    expense = ExpenseFactory(user=other, receipt=None)
    export_url = _payment_run_export_url()
    sign_in(client, member)

    response = client.get(export_url)

    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert client.get(f"/me/involvement/expenses/{expense.pk}/receipt/").status_code == 404
    assert member.has_perm("involvement.view_personal_details") is False
    assert member.get_all_permissions() == set()


def test_same_permissions_work_for_active_staff_and_stop_when_the_account_is_no_longer_staff(client):
    staff = _grant(StaffFactory(), "export_finance", "view_paymentrun")
    export_url = _payment_run_export_url()
    sign_in(client, staff)
    confirm_identity(client)
    assert client.get(export_url).status_code == 200

    User.objects.filter(pk=staff.pk).update(is_staff=False)

    assert client.get(export_url).status_code != 200
    assert User.objects.get(pk=staff.pk).has_perm("involvement.export_finance") is False


def test_superuser_powers_need_an_active_staff_account(client):
    not_staff = UserFactory(is_superuser=True)
    inactive = StaffFactory(is_superuser=True, is_active=False)
    sign_in(client, not_staff)

    assert client.get("/admin/").status_code == 302
    assert not_staff.has_perm("involvement.export_finance") is False
    assert inactive.has_perm("involvement.export_finance") is False
    assert StaffFactory(is_superuser=True).has_perm("involvement.export_finance") is True


def test_people_with_a_permission_are_only_active_staff():
    from django.contrib.auth import get_backends

    member = _grant(UserFactory(), "export_finance")
    staff = _grant(StaffFactory(), "export_finance")

    holders = set(get_backends()[0].with_perm("involvement.export_finance"))

    assert staff in holders
    assert member not in holders


# Re-authentication -------------------------------------------------------------------------------------


def _done(request):
    from django.http import HttpResponse

    return HttpResponse(f"done {request.method}")


urlpatterns = [
    path("sensitive/", reauthentication_required(_done)),
    path("", include("iau_portal.urls")),
]


@pytest.mark.urls(__name__)
def test_sensitive_view_asks_for_the_password_again_then_carries_out_the_request(client):
    client.post("/accounts/login/", {"login": UserFactory().email, "password": "a-long-test-password"})

    response = client.post("/sensitive/", {"x": "1"})

    assert response.status_code == 302
    assert response.url == "/accounts/reauthenticate/?next=%2Fsensitive%2F"
    wrong = client.post(response.url, {"password": "not-my-password"})
    assert wrong.status_code == 200
    resumed = client.post(response.url, {"password": "a-long-test-password"})
    assert resumed.content == b"done POST"
    # Within the next five minutes it is not asked again.
    assert client.post("/sensitive/").content == b"done POST"


def test_changing_the_password_needs_the_current_one(client):
    client.post("/accounts/login/", {"login": UserFactory().email, "password": "a-long-test-password"})

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-my-password", "password1": "a-new-password-9", "password2": "a-new-password-9"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]


def test_setting_a_first_password_asks_to_confirm_who_you_are_first(client):
    member = UserFactory()
    member.set_unusable_password()
    member.save()
    sign_in(client, member)

    response = client.post(
        "/accounts/password/set/", {"password1": "a-new-password-9", "password2": "a-new-password-9"}
    )

    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/code/")
    assert not User.objects.get(pk=member.pk).has_usable_password()
    page = client.get(response.url)
    assert page.status_code == 200
    assert "We will email you a code to confirm it's you." in page.content.decode()


def test_the_role_groups_the_migration_made_match_the_roles_table():
    from apps.accounts.roles import ROLES

    for name, wanted in ROLES.items():
        permissions = Group.objects.get(name=name).permissions
        held = set(permissions.values_list("content_type__app_label", "codename"))
        assert held == set(wanted), name


def test_roles_made_again_after_their_groups_are_gone_match_the_roles_table_in_few_queries(
    django_assert_max_num_queries,
):
    from apps.accounts.roles import ROLES, staff_roles_ensure

    Group.objects.all().delete()

    # A handful per group, however many permissions it holds (one query reads them all).
    with django_assert_max_num_queries(8 * len(ROLES)):
        staff_roles_ensure()

    for name, wanted in ROLES.items():
        held = set(
            Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
        )
        assert held == set(wanted), name


# The demo ----------------------------------------------------------------------------------------------


def test_seed_demo_gives_staff_their_roles_and_the_demo_authenticator_and_prints_the_secret(settings):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    roles = {
        "staff": "Unit lead",
        "coordinator": "Involvement coordinator",
        "finance": "Finance",
        "editor": "Communications editor",
    }
    for role, group in roles.items():
        user = User.objects.get(email=f"{role}@demo.example")
        assert (user.is_staff, user.is_superuser) == (True, False), role
        assert list(user.groups.values_list("name", flat=True)) == [group]
        totp = Authenticator.objects.get(user=user, type="totp")
        assert decrypt(totp.data["secret"]) == settings.DEMO_TOTP_SECRET
    assert not User.objects.filter(is_superuser=True).exists()
    assert not Group.objects.filter(name="Coordinators").exists()
    assert not Authenticator.objects.filter(user__email="link@demo.example").exists()
    printed = out.getvalue()
    assert settings.DEMO_TOTP_SECRET in printed
    assert f"otpauth://totp/IAU%20Portal:staff@demo.example?secret={settings.DEMO_TOTP_SECRET}" in printed
    for role in roles:
        assert f"{role}@demo.example" in printed


def test_demo_unit_lead_signs_in_to_the_admin_with_password_and_the_demo_code(client, settings):
    call_command("seed_demo", stdout=io.StringIO())

    client.post("/accounts/login/", {"login": "staff@demo.example", "password": "knowledge-mobilisation"})
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(settings.DEMO_TOTP_SECRET)})

    assert client.get("/admin/").status_code == 200
