from datetime import timedelta

import factory
from django.utils import timezone

from apps.communities.enums import MemberRole, MembershipStatus, OutputKind
from apps.communities.models import Community, Meeting, Membership, Output
from apps.core.enums import DeliveryMode
from tests.factories.accounts import UserFactory


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community of practice {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    focus = "Putting research on joint pain into practice."
    region = "Staffordshire"
    audience = "Physiotherapists and patients."
    purpose = "We meet to share evidence and try changes together."
    how_to_join = "Sign in and ask to join."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.CLINICIAN
    status = MembershipStatus.APPROVED


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    end = factory.LazyAttribute(lambda meeting: meeting.start + timedelta(hours=2))
    mode = DeliveryMode.ONLINE
    join_link = "https://meet.example.org/secret-room"
    agenda = "Welcome and evidence review."


class OutputFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Output

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Output {n}")
    kind = OutputKind.RESOURCE
    description = "A leaflet written with patients."
