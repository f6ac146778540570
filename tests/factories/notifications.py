import factory

from apps.core.models import Topic
from apps.notifications.enums import DigestFrequency
from apps.notifications.models import NotificationPreference
from tests.factories.accounts import UserFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Stroke rehabilitation {n}")
    slug = factory.Sequence(lambda n: f"stroke-rehabilitation-{n}")


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    digest_frequency = DigestFrequency.WEEKLY
