import django_filters
from django.db.models import Q

from apps.core.filters import cached_choices
from apps.core.models import Topic

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
        words = value.split()[:8]
        for word in words:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(focus__icontains=word)
                | Q(purpose__icontains=word)
                | Q(audience__icontains=word)
                | Q(region__icontains=word)
            )
        return queryset
