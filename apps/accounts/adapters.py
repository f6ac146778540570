import logging
import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth import get_user_model

from apps.core.limits import client_address, limit_take
from apps.core.services import outbox_enqueue

logger = logging.getLogger(__name__)
# A code or a one-time link in an email acts as a password: whoever reads it can take over the account, so
# the outbox never shows such an email's text and removes it once sent (OutboxMessage.secret). allauth
# puts one of these in the context of every such email (sign-in and password-reset codes, verification
# codes: "code"; password-reset and verification links, built from it: "key"), whatever the template.
SECRET_CONTEXT_KEYS = {"code", "key"}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Members are invited by staff; nobody creates an account by themselves.
        return False

    def get_reauthentication_methods(self, user):
        """Someone with an authenticator app confirms it's them with it or their password, not with a code
        sent to a mailbox (which may be open on the same unattended computer)."""
        from .second_factor import has_second_factor

        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and has_second_factor(user):
            methods = [method for method in methods if method["id"] != "reauthenticate_by_code"]
        return methods

    def send_mail(self, template_prefix, email, context):
        """Send allauth's emails (login codes, password resets, verification) through the outbox.

        Each one is a new occasion (a fresh code or link), so it gets a unique occasion key. Emails with a
        code or link are stored as secret: sent, never shown to staff, and their text removed once sent.
        """
        # The forms that send codes and links refuse, and say so, when an address or a requester has had
        # its share (email_limits). This is the backstop for every other path to an account email.
        if not limit_take(
            scope="accounts:email-backstop",
            key=email,
            limit=2 * settings.ACCOUNT_EMAILS_PER_ADDRESS_PER_HOUR,
            period=3600,
        ):
            logger.warning(
                "Account email %s not sent: hourly limit for this address reached", template_prefix
            )
            return
        name = template_prefix.rsplit("/", 1)[-1]
        secret = bool(SECRET_CONTEXT_KEYS & set(context))
        # The address, as allauth's own send_mail gives it: the greeting finds the account's name by it.
        message = self.render_mail(template_prefix, email, {"email": email, **context})
        user = get_user_model().objects.filter(email__iexact=email).first()
        outbox_enqueue(
            recipient=email,
            kind="account-" + name.replace("_", "-"),
            template="account/prerendered",
            context={
                "subject": message.subject,
                "body_text": message.body,
                "body_html": next((c for c, mime in message.alternatives if mime == "text/html"), ""),
            },
            about=user,
            occasion=uuid.uuid4().hex,
            secret=secret,
        )

    def post_login(self, request, user, **kwargs):
        """Signed in: this browser is now known as the holder of the account's address, so the holder's
        reserve of sign-in codes stays open to it however often strangers ask (email_limits)."""
        from .email_limits import remember_account_holder

        response = super().post_login(request, user, **kwargs)
        remember_account_holder(request, response, user.email)
        return response

    def get_client_ip(self, request):
        # allauth's rate limits key on the same address as ours (TRUSTED_PROXY_COUNT).
        return client_address(request)


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor sign-in in our words. Staff cannot turn off their last authenticator app: the admin
    and the staff area need it. Authenticator secrets and recovery-code seeds are stored encrypted
    (apps.core.encryption): a database backup alone cannot make someone's codes."""

    def encrypt(self, text: str) -> str:
        from apps.core.encryption import seal

        return seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        from apps.core.encryption import unseal

        return unseal(encrypted_text)

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
