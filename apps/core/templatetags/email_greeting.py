"""The greeting name for emails rendered outside the outbox (allauth renders its account emails itself).

Every other email gets `greeting_name` from the outbox (apps.core.services.outbox_apply_needs); this tag
gives allauth's templates the same name: `{% load email_greeting %}{% greeting_name user as name %}`.
"""

from django import template

from apps.core.services import outbox_recipients

register = template.Library()


@register.simple_tag
def greeting_name(user) -> str:
    """The person's preferred name, else their display name, else "" (the email says "Hello")."""
    email = getattr(user, "email", "") or ""
    person = outbox_recipients([email]).get(email.strip().lower()) if email else None
    return person.greeting_name if person else ""
