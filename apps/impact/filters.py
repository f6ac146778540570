import django_filters

from apps.core.models import Topic

from .models import ImpactEntry, Standard


class ImpactEntryFilter(django_filters.FilterSet):
    standard = django_filters.ModelChoiceFilter(
        label="UK Standard for Public Involvement",
        field_name="standards",
        to_field_name="slug",
        queryset=Standard.objects.all(),
        empty_label="Any standard",
        distinct=True,
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        empty_label="Any topic",
        distinct=True,
    )

    class Meta:
        model = ImpactEntry
        fields = ["standard", "topic"]

    def __init__(self, *args, topics=None, **kwargs):
        super().__init__(*args, **kwargs)
        if topics is not None:
            self.filters["topic"].queryset = topics
