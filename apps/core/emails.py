"""Builds an email's subject, plain-text and HTML parts from templates/emails/<name>-*.txt|html."""

from dataclasses import dataclass

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def render_email(name: str, context: dict) -> RenderedEmail:
    """Render templates/emails/<name>-subject.txt, -body.txt and (if it exists) -body.html."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
    body_text = _render_plain(f"emails/{name}-body.txt", context).strip() + "\n"
    try:
        body_html = render_to_string(f"emails/{name}-body.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return RenderedEmail(subject=subject, body_text=body_text, body_html=body_html)


def absolute_url(path: str) -> str:
    """A full https link for use in email, from a site-relative path."""
    return f"{settings.SITE_URL}{path}"


def _render_plain(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (an "&" in a title must stay "&")."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))
