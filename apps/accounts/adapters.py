import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth import get_user_model

from apps.core.services import outbox_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Members are invited by staff; nobody creates an account by themselves.
        return False

    def send_mail(self, template_prefix, email, context):
        """Send allauth's emails (login codes, password resets, verification) through the outbox.

        Each one is a new occasion (a fresh code or link), so it gets a unique occasion key.
        """
        message = self.render_mail(template_prefix, email, context)
        user = get_user_model().objects.filter(email__iexact=email).first()
        outbox_enqueue(
            recipient=email,
            kind="account-" + template_prefix.rsplit("/", 1)[-1].replace("_", "-"),
            template="account/prerendered",
            context={
                "subject": message.subject,
                "body_text": message.body,
                "body_html": next((c for c, mime in message.alternatives if mime == "text/html"), ""),
            },
            about=user,
            occasion=uuid.uuid4().hex,
        )


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor sign-in in our words. Staff cannot turn off their last authenticator app: the admin
    and the staff area need it."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Staff accounts must keep two-factor sign-in. To move to a new phone, scan the code again "
            "from your new phone before you remove the old one, or ask the unit lead for help."
        ),
        "incorrect_code": (
            "That code was not accepted. Enter the 6-digit code your authenticator app shows now, "
            "or one of your recovery codes."
        ),
        "unverified_email": "Confirm your email address before you turn on two-factor sign-in.",
    }

    def can_delete_authenticator(self, authenticator) -> bool:
        from allauth.mfa.models import Authenticator

        from .second_factor import SECOND_FACTORS

        if not authenticator.user.is_staff or authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()
