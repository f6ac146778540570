import factory

from apps.brokering.enums import RequesterRole, RequestKind, RequestStatus
from apps.brokering.models import EvidenceRequest


class EvidenceRequestFactory(factory.django.DjangoModelFactory):
    """A request as stored (numbers from a sequence; the service gives real ones)."""

    class Meta:
        model = EvidenceRequest

    number = factory.Sequence(lambda n: 1000 + n)
    kind = RequestKind.EVIDENCE
    status = RequestStatus.NEW
    question = "Does group exercise help older people with knee pain?"
    purpose = "We are redesigning our physiotherapy pathway."
    name = "Alex Asker"
    email = factory.Sequence(lambda n: f"asker{n}@example.org")
    requester_role = RequesterRole.CLINICIAN
    organisation = "A GP practice"
    consent_to_contact = True
    consent_to_publish = True
