import django_filters
from django.db.models.functions import ExtractYear

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


class SeminarFilter(django_filters.FilterSet):
    """Bad values (an unknown series, a year that is not a number) are ignored, not an error page."""

    series = django_filters.ModelChoiceFilter(
        queryset=SeminarSeries.objects.all(), to_field_name="slug", empty_label="All series", label="Series"
    )
    year = django_filters.ChoiceFilter(
        field_name="starts_at",
        lookup_expr="year",
        choices=_year_choices,
        empty_label="All years",
        label="Year",
    )

    class Meta:
        model = Seminar
        fields = ["series", "year"]
