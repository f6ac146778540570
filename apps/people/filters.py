import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .enums import PersonRole
from .models import ExpertiseArea, Profile


class QuickSelect(forms.Select):
    """A <select> built in Python. Django renders each option through a template, which is slow when a
    filter offers hundreds of choices (every author, every year)."""

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


def _profession_choices():
    professions = (
        Profile.objects.filter(is_listed=True)
        .exclude(profession="")
        .order_by("profession")
        .values_list("profession", flat=True)
        .distinct()
    )
    return [(profession, profession) for profession in professions]


class ProfileFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        field_name="roles__role",
        choices=PersonRole.choices,
        label="Role",
        empty_label="Any role",
        widget=QuickSelect,
    )
    profession = django_filters.ChoiceFilter(
        choices=_profession_choices, label="Profession", empty_label="Any profession", widget=QuickSelect
    )
    expertise = django_filters.ModelChoiceFilter(
        queryset=ExpertiseArea.objects.all(),
        to_field_name="slug",
        label="Area of expertise",
        empty_label="Any area",
        widget=QuickSelect,
    )

    class Meta:
        model = Profile
        fields = ["role", "profession", "expertise"]


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
