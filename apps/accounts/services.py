from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import transaction

from apps.core.plugins import app_modules

from .models import User


@transaction.atomic
def user_update_profile(*, user: User, display_name: str) -> User:
    user.display_name = display_name.strip()
    user.full_clean()
    user.save(update_fields=["display_name"])
    return user


@transaction.atomic
def user_invite(*, email: str, display_name: str = "") -> tuple[User, bool]:
    """Create an account for someone staff have invited (sign-up is closed). Returns (user, created).

    The account has no usable password: the person signs in with a code sent by email or sets a
    password through "forgotten password". Inviting an existing address changes nothing.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    user = User(email=email, display_name=display_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _mark_email_verified(user)
    return user, True


def user_send_password_reset(*, user: User, request) -> None:
    """Send the person allauth's password reset link, to their own address (staff never set passwords).
    It goes through the outbox like every allauth email, stored as a secret."""
    from allauth.account.forms import ResetPasswordForm

    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)


@transaction.atomic
def authenticator_remove(*, authenticator, by: User) -> None:
    """Someone else (a superuser) removes a person's authenticator app: the person is told at once, so a
    removal they did not expect is noticed. Their recovery codes go with their last app."""
    from allauth.mfa.models import Authenticator

    from apps.core.emails import absolute_url
    from apps.core.services import outbox_enqueue

    user = authenticator.user
    authenticator.delete()
    if not Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
        Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    outbox_enqueue(
        recipient=user.email,
        kind="account-authenticator-removed",
        template="accounts/authenticator-removed",
        context={"user": user, "sign_in_url": absolute_url("/accounts/login/")},
        about=user,
        occasion=f"authenticator-{authenticator.pk}-removed",
    )


def _mark_email_verified(user: User) -> None:
    # Staff invited this address, so it is the person's own: no separate verification step.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


# Your data: "download my data" and erasure gather every app's `personal_data.py`.


def personal_data_export(*, user) -> dict:
    """Everything the portal holds about the user, from every app that holds personal data."""
    data = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    }
    for module in app_modules("personal_data"):
        data[module.__name__.split(".")[-2]] = module.export_personal_data(user)
    return data


def account_may_erase_itself(user) -> bool:
    """Members erase their own account; a staff account (or a superuser) is closed by the unit instead,
    so the changes it made keep their author."""
    return not (user.is_staff or user.is_superuser)


@transaction.atomic
def account_erase(*, user) -> None:
    """Erase a member's account: every app removes personal details, keeps anonymised finance records,
    and the account itself is deactivated and stripped of name and address."""
    if not account_may_erase_itself(user):
        raise PermissionError("Staff accounts are closed by the unit, not erased.")
    for module in app_modules("personal_data"):
        module.erase_personal_data(user)
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = "Erased member"
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    # The account's history keeps who changed what and when, but not the old name and address.
    User.history.filter(id=user.pk).update(email=user.email, display_name=user.display_name)
    user.groups.clear()
    user.user_permissions.clear()
    _forget_as_author_of_changes(user)


def _forget_as_author_of_changes(user) -> None:
    """History rows of any model keep what changed and when, but no longer who: the erased member's own
    edits (their profile, their registrations, and the erasure itself) are recorded as by nobody."""
    for model in apps.get_models():
        if any(field.name == "history_user" for field in model._meta.concrete_fields):
            model._base_manager.filter(history_user_id=user.pk).update(history_user=None)
