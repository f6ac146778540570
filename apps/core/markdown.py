"""Markdown written by staff becomes safe HTML: rendered, then cleaned against an allow-list."""

import re

import markdown as markdown_library
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr", "table", "thead", "tbody", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# The page's own title is its only <h1>; a "# Heading" in the body becomes a second-level heading.
_HEADING_ONE = re.compile(r"<(/?)h1(\W)", re.IGNORECASE)


def render_markdown(text: str) -> SafeString:
    """Render staff-written Markdown to HTML that cannot run script or break the page's structure."""
    html = markdown_library.markdown(text or "", extensions=["tables", "sane_lists", "abbr", "def_list"])
    html = _HEADING_ONE.sub(r"<\1h2\2", html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything not on the allow-list


_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s*", re.MULTILINE)


def markdown_as_text(text: str) -> str:
    """The same Markdown for the plain-text part of an email: no asterisks or hashes left to read out,
    links written as "text (address)", lists and paragraphs as they were typed."""
    text = _EMPHASIS.sub(r"\2", text or "")
    text = _LINK.sub(r"\1 (\2)", text)
    return _HEADING.sub("", text)
