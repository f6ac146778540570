import django_filters
from django.db.models import Q

from apps.communities.models import Community

from .enums import Confidentiality, ImpactLevel, ImpactStatus, ProposalState
from .models import FollowUp, Impact


class ImpactFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label="Level", choices=ImpactLevel.choices, empty_label="Any level")
    status = django_filters.ChoiceFilter(
        label="Status", choices=ImpactStatus.choices, empty_label="Any status"
    )
    confidentiality = django_filters.ChoiceFilter(
        label="Who may see it", choices=Confidentiality.choices, empty_label="Anyone"
    )
    community = django_filters.ModelChoiceFilter(
        label="Community of practice",
        field_name="communities",
        to_field_name="slug",
        queryset=Community.objects.order_by("name"),
        empty_label="Any community",
    )
    since = django_filters.DateFilter(
        label="Going on after (YYYY-MM-DD)", method="filter_since", help_text="For example 2025-04-01."
    )
    until = django_filters.DateFilter(
        label="Started by (YYYY-MM-DD)",
        field_name="started_on",
        lookup_expr="lte",
        help_text="For example 2026-03-31.",
    )

    class Meta:
        model = Impact
        fields = ["level", "status", "confidentiality", "community", "since", "until"]

    def filter_since(self, queryset, name, value):
        # The period overlaps: the change had not ended by this date.
        return queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=value))


class FollowUpFilter(django_filters.FilterSet):
    """Answered follow-ups. "Proposed by follow-ups" is `?proposal=proposed`; a request's: `?request=12`."""

    proposal = django_filters.ChoiceFilter(
        label="Proposal", choices=ProposalState.choices, empty_label="Any answer"
    )
    request = django_filters.NumberFilter(
        label="Request number", field_name="evidence_request__number", help_text="For ASK-0012, type 12."
    )

    class Meta:
        model = FollowUp
        fields = ["proposal", "request"]
