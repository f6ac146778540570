import django_filters
from django import forms

from .enums import PersonRole
from .models import ExpertiseArea, Profile


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
        field_name="roles__role", choices=PersonRole.choices, label="Role", empty_label="Any role"
    )
    profession = django_filters.ChoiceFilter(
        choices=_profession_choices, label="Profession", empty_label="Any profession"
    )
    expertise = django_filters.ModelChoiceFilter(
        queryset=ExpertiseArea.objects.all(),
        to_field_name="slug",
        label="Area of expertise",
        empty_label="Any area",
        widget=forms.Select,
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
