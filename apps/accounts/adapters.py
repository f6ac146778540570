import uuid

from allauth.account.adapter import DefaultAccountAdapter
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
