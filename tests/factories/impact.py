import datetime

import factory

from apps.impact.enums import EntryStatus
from apps.impact.models import Contribution, ImpactEntry, Standard


def standard(slug: str) -> Standard:
    """One of the six standards the data migration created."""
    return Standard.objects.get(slug=slug)


class ImpactEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImpactEntry
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Clearer invitation letters {n}")
    slug = factory.Sequence(lambda n: f"clearer-invitation-letters-{n}")
    you_said = "The invitation letter used words that many people would not know."
    we_did = "We rewrote the letter with members and tested it with three readers."
    happened_on = datetime.date(2025, 6, 1)
    status = EntryStatus.PUBLISHED

    @factory.post_generation
    def standards(obj, create, extracted, **kwargs):
        if create:
            obj.standards.set([standard(slug) for slug in (extracted or ["impact"])])


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    entry = factory.SubFactory(ImpactEntryFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
