import django_filters
from django.db.models.functions import ExtractYear

from apps.core.filters import cached_choices

from .models import Seminar, SeminarSeries


def _year_choices():
    years = (
        Seminar.objects.filter(is_published=True)
        .annotate(year=ExtractYear("starts_at"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [(str(year), str(year)) for year in years]


def _series_choices():
    return SeminarSeries.objects.order_by("name").values_list("slug", "name")


class SeminarFilter(django_filters.FilterSet):
    """Bad values (an unknown series, a year that is not a number) are ignored, not an error page."""

    # Choices from the cache until a seminar changes (core.filters).
    series = django_filters.ChoiceFilter(
        field_name="series__slug",
        choices=lambda: cached_choices("seminars-series", _series_choices),
        empty_label="All series",
        label="Series",
    )
    year = django_filters.ChoiceFilter(
        field_name="starts_at",
        lookup_expr="year",
        choices=lambda: cached_choices("seminars-years", _year_choices),
        empty_label="All years",
        label="Year",
    )

    class Meta:
        model = Seminar
        fields = ["series", "year"]
