import django_filters

from apps.communities.models import Community
from apps.core.models import Topic
from apps.people.filters import QuickSelect, lenient_filterset  # noqa: F401  (re-exported for the views)
from apps.people.models import Profile

from .enums import PublicationSort, PublicationStatus, PublicationType
from .models import Publication, PublicationAuthor
from .selectors import publications_search


def _year_choices():
    years = (
        Publication.objects.filter(is_public=True).order_by("-year").values_list("year", flat=True).distinct()
    )
    return [(str(year), str(year)) for year in years]


class PublicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search words")
    year = django_filters.ChoiceFilter(
        choices=_year_choices, label="Year", empty_label="Any year", widget=QuickSelect
    )
    type = django_filters.ChoiceFilter(
        choices=PublicationType.choices, label="Type", empty_label="Any type", widget=QuickSelect
    )
    stage = django_filters.ChoiceFilter(
        field_name="status",
        choices=PublicationStatus.choices,
        label="Stage",
        empty_label="Any stage",
        widget=QuickSelect,
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        queryset=Topic.objects.filter(publications__isnull=False).distinct(),
        to_field_name="slug",
        label="Topic",
        empty_label="Any topic",
        widget=QuickSelect,
    )
    author = django_filters.ModelChoiceFilter(
        queryset=Profile.objects.filter(is_listed=True, authorships__isnull=False)
        .distinct()
        .only("name", "slug"),
        to_field_name="slug",
        method="filter_author",
        label="Author",
        empty_label="Any of our people",
        widget=QuickSelect,
    )
    community = django_filters.ModelChoiceFilter(
        field_name="communities",
        queryset=Community.objects.filter(publications__isnull=False).distinct(),
        to_field_name="slug",
        label="Community of practice",
        empty_label="Any community",
        widget=QuickSelect,
    )
    sort = django_filters.ChoiceFilter(
        choices=PublicationSort.choices,
        method="filter_sort",
        label="Sort by",
        empty_label="Default order",
        widget=QuickSelect,
    )

    class Meta:
        model = Publication
        fields = ["q", "year", "type", "stage", "topic", "author", "community", "sort"]

    def filter_search(self, queryset, name, value):
        return publications_search(queryset, value)

    def filter_author(self, queryset, name, value):
        return queryset.filter(pk__in=PublicationAuthor.objects.filter(profile=value).values("publication"))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or (
            PublicationSort.RELEVANCE if self.form.cleaned_data.get("q") else PublicationSort.NEWEST
        )
        ranked = "rank" in queryset.query.annotations
        if sort == PublicationSort.RELEVANCE and ranked:
            return queryset.order_by("-rank", "-year", "title")
        if sort == PublicationSort.OLDEST:
            return queryset.order_by("year", "month", "title")
        if sort == PublicationSort.TITLE:
            return queryset.order_by("title", "-year")
        return queryset.order_by("-year", "-month", "title")
