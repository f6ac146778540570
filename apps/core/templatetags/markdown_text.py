"""Staff-written Markdown in templates: `{{ text|markdown }}` (safe HTML) and `{{ text|markdown_text }}`
(the plain-text part of an email)."""

from django import template

from apps.core.markdown import markdown_as_text, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text)


@register.filter(name="markdown_text")
def markdown_text_filter(text):
    return markdown_as_text(text)
