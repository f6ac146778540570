import factory

from apps.core.models import Topic
from apps.publications.enums import PublicationStatus, PublicationType
from apps.publications.models import Publication, PublicationAuthor, normalise_title
from apps.publications.services import publication_reindex


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    type = PublicationType.JOURNAL_ARTICLE
    title = factory.Sequence(lambda n: f"A study of knowledge mobilisation number {n}")
    title_key = factory.LazyAttribute(lambda o: normalise_title(o.title))
    slug = factory.Sequence(lambda n: f"publication-{n}")
    venue = "Journal of Primary Care Implementation"
    year = 2020
    status = PublicationStatus.PUBLISHED
    abstract = "An abstract."
    plain_summary = "We looked at how teams share research, and what helped them use it."

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        names = extracted if extracted is not None else [("Author", "Alex")]
        for position, author in enumerate(names, start=1):
            family, given, *rest = author
            PublicationAuthor.objects.create(
                publication=obj,
                position=position,
                family_name=family,
                given_name=given,
                profile=rest[0] if rest else None,
            )

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:
            publication_reindex(publication_ids=[obj.pk])
