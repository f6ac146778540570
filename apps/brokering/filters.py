import django_filters

from .enums import RequesterRole, RequestKind, RequestStatus
from .models import EvidenceRequest


class RequestQueueFilter(django_filters.FilterSet):
    """The brokers' queue: by status, knowledge broker (or nobody yet), kind and who asked."""

    status = django_filters.ChoiceFilter(
        label="Status", choices=RequestStatus.choices, empty_label="Any status"
    )
    assignee = django_filters.ChoiceFilter(
        label="Knowledge broker", empty_label="Anyone", null_label="Nobody yet", null_value="none"
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=RequestKind.choices, empty_label="Any kind")
    requester = django_filters.ChoiceFilter(
        label="Who asked", field_name="requester_role", choices=RequesterRole.choices, empty_label="Anyone"
    )

    class Meta:
        model = EvidenceRequest
        fields = ["status", "assignee", "kind", "requester"]

    def __init__(self, *args, broker_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["assignee"].extra["choices"] = list(broker_choices)
