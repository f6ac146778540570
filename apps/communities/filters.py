import django_filters

from apps.core.filters import cached_choices
from apps.core.models import Topic
from apps.core.text_search import words_match

from .models import Community


def _topic_choices():
    return Topic.objects.order_by("name").values_list("slug", "name")


def _region_choices():
    regions = (
        Community.objects.filter(is_active=True)
        .exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )
    return [(region, region) for region in regions]


class CommunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    # Choices from the cache until a community or topic changes (core.filters).
    topic = django_filters.ChoiceFilter(
        label="Topic",
        field_name="topics__slug",
        choices=lambda: cached_choices("communities-topics", _topic_choices),
        empty_label="Any topic",
    )
    region = django_filters.ChoiceFilter(
        label="Region",
        empty_label="Any region",
        choices=lambda: cached_choices("communities-regions", _region_choices),
    )

    class Meta:
        model = Community
        fields = ["q", "topic", "region"]

    def search(self, queryset, name, value):
        matching = words_match(value, fields=["name", "focus", "purpose", "audience", "region"])
        return queryset if matching is None else queryset.filter(matching)
