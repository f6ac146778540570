"""Demo accounts, one per role: <role>@demo.example."""

from django.contrib.auth.models import Group

from .models import User
from .services import user_invite

DEMO_ROLES = {
    "staff": "Sam Staff",
    "facilitator": "Fran Facilitator",
    "link": "Lee Link",
    "rug": "Robin Rug",
    "champion": "Chris Champion",
}


def demo_email(role: str) -> str:
    return f"{role}@demo.example"


def demo_user(role: str) -> User:
    return User.objects.get(email=demo_email(role))


def seed(*, password: str, stdout) -> None:
    for role, name in DEMO_ROLES.items():
        user, _ = user_invite(email=demo_email(role), display_name=name)
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if role == "staff" and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    Group.objects.get_or_create(name="Coordinators")


def pages_to_check() -> list[tuple[str, str | None]]:
    return [
        ("/accounts/login/", None),
        ("/accounts/login/code/", None),
        ("/accounts/password/reset/", None),
        ("/me/", demo_email("link")),
        ("/me/account/", demo_email("link")),
        ("/me/data/", demo_email("link")),
        ("/me/data/erase/", demo_email("link")),
    ]
