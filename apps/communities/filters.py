import django_filters
from django.db.models import Q

from apps.core.models import Topic

from .models import Community


class CommunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label="Any topic",
    )
    region = django_filters.ChoiceFilter(label="Region", empty_label="Any region", choices=())

    class Meta:
        model = Community
        fields = ["q", "topic", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = (
            Community.objects.filter(is_active=True)
            .order_by("region")
            .values_list("region", flat=True)
            .distinct()
        )
        self.filters["region"].extra["choices"] = [(region, region) for region in regions]

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
