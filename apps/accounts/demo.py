"""Demo accounts, one per role: <role>@demo.example. Staff accounts are in their role's group and have a
TOTP authenticator whose secret is settings.DEMO_TOTP_SECRET, so the demo's admin can be opened."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth.models import Group

from .models import User
from .roles import staff_roles_ensure
from .services import user_invite

DEMO_ROLES = {
    "staff": "Sam Staff",
    "coordinator": "Cory Coordinator",
    "finance": "Fin Finance",
    "editor": "Eddie Editor",
    "facilitator": "Fran Facilitator",
    "link": "Lee Link",
    "rug": "Robin Rug",
    "champion": "Chris Champion",
}
# Staff accounts and the group (role, see docs/permissions.md) each belongs to.
DEMO_STAFF_GROUPS = {
    "staff": "Unit lead",
    "coordinator": "Involvement coordinator",
    "finance": "Finance",
    "editor": "Communications editor",
}
DEMO_GROUPS = {**DEMO_STAFF_GROUPS, "facilitator": "Community facilitator"}


def demo_email(role: str) -> str:
    return f"{role}@demo.example"


def demo_user(role: str) -> User:
    return User.objects.get(email=demo_email(role))


def totp_uri(email: str) -> str:
    return f"otpauth://totp/IAU%20Portal:{email}?secret={settings.DEMO_TOTP_SECRET}&issuer=IAU%20Portal"


def seed(*, password: str, stdout) -> None:
    staff_roles_ensure()
    for role, name in DEMO_ROLES.items():
        user, _ = user_invite(email=demo_email(role), display_name=name)
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        is_staff = role in DEMO_STAFF_GROUPS
        if user.is_staff != is_staff or user.is_superuser:
            # The unit lead is not a superuser: nobody in the demo is.
            user.is_staff, user.is_superuser = is_staff, False
            user.save(update_fields=["is_staff", "is_superuser"])
        if role in DEMO_GROUPS:
            user.groups.add(Group.objects.get(name=DEMO_GROUPS[role]))
        if is_staff:
            _demo_totp(user)


def _demo_totp(user: User) -> None:
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and decrypt(totp.data["secret"]) != settings.DEMO_TOTP_SECRET:
        totp.delete()
        totp = None
    if totp is None:
        TOTP.activate(user, settings.DEMO_TOTP_SECRET)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


def sign_in_help(*, password: str, stdout) -> None:
    """Printed by seed_demo once everything is seeded: the demo logins and the staff's second factor."""
    stdout.write("Sign in with any of:")
    for role in DEMO_ROLES:
        role_name = f"  (staff: {DEMO_STAFF_GROUPS[role]})" if role in DEMO_STAFF_GROUPS else ""
        stdout.write(f"  {demo_email(role)}{role_name}")
    shown = password if password == settings.DEMO_PASSWORD_DEFAULT else "(the value of DEMO_PASSWORD)"
    stdout.write(f"  password: {shown}")
    stdout.write(
        "Staff accounts also ask for a 6-digit code. Add this secret to an authenticator app "
        "(one entry serves every demo staff account):"
    )
    stdout.write(f"  TOTP secret (DEMO_TOTP_SECRET): {settings.DEMO_TOTP_SECRET}")
    stdout.write(f"  or scan/open: {totp_uri(demo_email('staff'))}")


def pages_to_check() -> list[tuple[str, str | None]]:
    return [
        ("/accounts/login/", None),
        ("/accounts/login/code/", None),
        ("/accounts/password/reset/", None),
        ("/me/", demo_email("link")),
        ("/me/account/", demo_email("link")),
        ("/me/data/", demo_email("link")),
        ("/me/data/erase/", demo_email("link")),
        # Two-factor sign-in: the overview, setting up an authenticator app (for a member who has none),
        # the recovery codes of a staff account and "confirm it's you".
        ("/accounts/2fa/", demo_email("link")),
        ("/accounts/2fa/totp/activate/", demo_email("link")),
        ("/accounts/2fa/recovery-codes/", demo_email("coordinator")),
        ("/accounts/reauthenticate/", demo_email("link")),
    ]
