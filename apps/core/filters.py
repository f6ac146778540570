"""What every filtered list shares: a forgiving filterset, a quick <select>, filter choices from cache."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .page_cache import public_pages_version


class QuickSelect(forms.Select):
    """A <select> built in Python. Django renders each option through a template, which is slow when a
    filter offers many choices (every year, every topic)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), mark_safe(" selected") if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def lenient_filterset(filterset_class, data, **kwargs):
    """A bound filterset that ignores values it does not understand instead of failing.

    Returns (filterset, ignored_field_names). Unknown or malformed values are dropped, so a stale
    bookmark or a hand-edited link shows the unfiltered list rather than an error.
    """
    filterset = filterset_class(data, **kwargs)
    if filterset.is_valid():
        return filterset, []
    ignored = sorted(filterset.errors)
    cleaned = data.copy()
    for name in ignored:
        cleaned.pop(name, None)
    return filterset_class(cleaned, **kwargs), ignored


def cached_choices(name: str, compute):
    """Filter choices (distinct years, topics in use...) worked out once, then read from the cache.

    Keyed on the public pages' version, so they are worked out again as soon as the content they come
    from changes (see page_cache.py), and kept at most as long as a cached page.
    """
    key = f"filter-choices:{public_pages_version()}:{name}"
    choices = cache.get(key)
    if choices is None:
        choices = list(compute())
        cache.set(key, choices, settings.PUBLIC_PAGE_CACHE_SECONDS or 60)
    return choices
