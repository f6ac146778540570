import django_filters
from django import forms
from django.db.models import Q

from apps.communities.models import Community
from apps.core.filters import QuickSelect, cached_choices
from apps.core.models import Topic

from .enums import PublicationSort, PublicationStatus, PublicationType
from .models import Publication, PublicationAuthor
from .selectors import publications_search


def _year_choices():
    years = (
        Publication.objects.filter(is_public=True).order_by("-year").values_list("year", flat=True).distinct()
    )
    return [(str(year), str(year)) for year in years]


def _topic_choices():
    return (
        Topic.objects.filter(publications__is_public=True)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


def _community_choices():
    return (
        Community.objects.filter(publications__is_public=True)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


class PublicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search words")
    # The choices are worked out once and kept in the cache until a publication changes (core.filters).
    year = django_filters.ChoiceFilter(
        choices=lambda: cached_choices("publications-years", _year_choices),
        label="Year",
        empty_label="Any year",
        widget=QuickSelect,
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
    topic = django_filters.ChoiceFilter(
        field_name="topics__slug",
        choices=lambda: cached_choices("publications-topics", _topic_choices),
        label="Topic",
        empty_label="Any topic",
        widget=QuickSelect,
    )
    # A search field, not a list of every author: people type a name (or follow a link with a person's
    # address, e.g. ?author=kay-stevenson from their profile).
    author = django_filters.CharFilter(
        method="filter_author",
        label="Author",
        help_text="A name, for example Stevenson or Kay Stevenson.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    community = django_filters.ChoiceFilter(
        field_name="communities__slug",
        choices=lambda: cached_choices("publications-communities", _community_choices),
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
        """Publications with an author whose names hold every word typed, or our person with that address."""
        words = value.split()[:5]
        if not words:
            return queryset
        by_name = Q()
        for word in words:
            by_name &= (
                Q(family_name__icontains=word)
                | Q(given_name__icontains=word)
                | Q(profile__is_listed=True, profile__name__icontains=word)
            )
        by_address = Q(profile__is_listed=True, profile__slug=value.strip())
        authors = PublicationAuthor.objects.filter(by_name | by_address)
        return queryset.filter(pk__in=authors.values("publication"))

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
