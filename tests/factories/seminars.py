from datetime import timedelta

import factory
from django.utils import timezone

from apps.core.enums import DeliveryMode
from apps.seminars.enums import RegistrantRole, RegistrationStatus
from apps.seminars.models import Registration, Seminar, SeminarSeries, Speaker


class SeminarSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeminarSeries
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")


class SeminarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seminar

    title = factory.Sequence(lambda n: f"Seminar {n}")
    slug = factory.Sequence(lambda n: f"seminar-{n}")
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=14)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    mode = DeliveryMode.HYBRID
    venue = "Keele University, David Weatherall Building"
    address = "Keele\nST5 5BG"
    join_link = "https://meet.example.org/secret-room"
    description = "A seminar about moving research evidence into everyday care."
    capacity = 10


class PastSeminarFactory(SeminarFactory):
    starts_at = factory.LazyFunction(lambda: (timezone.now() - timedelta(days=30)).replace(microsecond=0))
    slides_link = "https://example.org/slides.pdf"
    recording_link = "https://video.example.org/recording"
    summary = "What was said."


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    seminar = factory.SubFactory(SeminarFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    affiliation = "Somewhere University"
    order = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    seminar = factory.SubFactory(SeminarFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"registrant{n}@example.org")
    role = RegistrantRole.CLINICIAN
    consent = True
    status = RegistrationStatus.CONFIRMED
