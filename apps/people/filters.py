import django_filters

from apps.core.filters import QuickSelect, cached_choices

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


def _expertise_choices():
    return ExpertiseArea.objects.order_by("name").values_list("slug", "name")


class ProfileFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        field_name="roles__role",
        choices=PersonRole.choices,
        label="Role",
        empty_label="Any role",
        widget=QuickSelect,
    )
    profession = django_filters.ChoiceFilter(
        choices=lambda: cached_choices("people-professions", _profession_choices),
        label="Profession",
        empty_label="Any profession",
        widget=QuickSelect,
    )
    expertise = django_filters.ChoiceFilter(
        field_name="expertise__slug",
        choices=lambda: cached_choices("people-expertise", _expertise_choices),
        label="Area of expertise",
        empty_label="Any area",
        widget=QuickSelect,
    )

    class Meta:
        model = Profile
        fields = ["role", "profession", "expertise"]
