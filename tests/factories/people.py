import factory

from apps.people.enums import PersonRole
from apps.people.models import ExpertiseArea, Profile, ProfileRole


class ExpertiseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Expertise {n}")
    slug = factory.Sequence(lambda n: f"expertise-{n}")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    name = factory.Faker("name", locale="en_GB")
    slug = factory.Sequence(lambda n: f"person-{n}")
    profession = "GP"


class ProfileRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileRole

    profile = factory.SubFactory(ProfileFactory)
    role = PersonRole.CLINICAL_CHAMPION
