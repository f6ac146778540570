from django.db import transaction

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


def _mark_email_verified(user: User) -> None:
    # Staff invited this address, so it is the person's own: no separate verification step.
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
