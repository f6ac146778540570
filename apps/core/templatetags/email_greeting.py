"""The greeting name for emails rendered outside the outbox (allauth renders its account emails itself).

Every other email gets `greeting_name` from the outbox (apps.core.services.outbox_apply_needs); this tag
gives allauth's templates the same name: `{% load email_greeting %}{% greeting_name user as name %}`.
"""

from django import template

from apps.core.services import outbox_recipients

register = template.Library()


@register.simple_tag
def greeting_name(user, email="") -> str:
    """The person's preferred name, else their display name, else "" (the email says "Hello").

    By the account (`user`) when the email has one, else by the address it goes to (`email`): allauth
    gives a sign-in code's email only the address."""
    email = getattr(user, "email", "") or email or ""
    person = outbox_recipients([email]).get(email.strip().lower()) if email else None
    return person.greeting_name if person else ""
