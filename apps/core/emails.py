"""Builds an email's subject, plain-text and HTML parts from templates/emails/<name>-*.txt|html.

Easy read: when the context says `easy_read` (the outbox sets it for every member who asked, from the
`access_needs.py` plugin), the body comes from `<name>_easy_read-body.html|txt` where that version exists,
so no service needs to know. The subject stays the standard one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str
    easy_read: bool = False


EASY_READ_SUFFIX = "_easy_read"


def easy_read_version(name: str) -> str | None:
    """The easy-read version of an email template, or None when there is none yet."""
    try:
        get_template(f"emails/{name}{EASY_READ_SUFFIX}-body.html")
    except TemplateDoesNotExist:
        return None
    return f"{name}{EASY_READ_SUFFIX}"


def render_email(name: str, context: dict) -> RenderedEmail:
    """Render templates/emails/<name>-subject.txt, -body.txt and (if it exists) -body.html.

    With `easy_read` in the context, the bodies of `<name>_easy_read` where it exists (its -body.txt too,
    if written; otherwise the standard plain text, which screen readers read).
    """
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
    easy = easy_read_version(name) if context.get("easy_read") else None
    body = easy or name
    try:
        body_text = _render_plain(f"emails/{body}-body.txt", context)
    except TemplateDoesNotExist:
        body_text = _render_plain(f"emails/{name}-body.txt", context)
    body_text = body_text.strip() + "\n"
    try:
        body_html = render_to_string(f"emails/{body}-body.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return RenderedEmail(subject=subject, body_text=body_text, body_html=body_html, easy_read=bool(easy))


def absolute_url(path: str) -> str:
    """A full https link for use in email, from a site-relative path."""
    return f"{settings.SITE_URL}{path}"


def _render_plain(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (an "&" in a title must stay "&")."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))
