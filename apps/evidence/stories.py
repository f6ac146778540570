"""The public face of impacts: stories at /impact/, in site search, the sitemap and on the pages of the
publications and communities they came from.

A story is shown only while its impact is Public AND "tell it publicly" is ticked (with an address and a
story written). Reads here load only the fields the public may see (`PUBLIC_FIELDS`): never the staff
summary, the organisations' list, evidence items (files, contacts, emails) or answered requests.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from apps.communities.models import Community
from apps.core.text_search import words_match
from apps.people.names import public_name
from apps.publications.models import Publication
from apps.seminars.models import Seminar

from .enums import Confidentiality, ImpactLevel, ImpactStatus
from .models import Impact, ImpactPerson

PUBLIC_FIELDS = (
    "pk",
    "title",
    "slug",
    "story",
    "level",
    "status",
    "places",
    "reach",
    "people_reached",
    "started_on",
    "ended_on",
    "updated_at",
    "confidentiality",
    "tell_publicly",
)

# The level and status in everyday words, for the public (the staff labels speak of "adoption").
LEVEL_WORDS = {
    ImpactLevel.ENGAGEMENT: "People took part or took notice",
    ImpactLevel.ADOPTION: "A service or practice changed how it works",
    ImpactLevel.BENEFIT: "Patients or services are better off",
}
STATUS_WORDS = {
    ImpactStatus.CLAIMED: "Told to us; we have not checked it yet",
    ImpactStatus.EVIDENCED: "Backed by evidence we keep",
    ImpactStatus.VERIFIED: "Confirmed by someone outside the unit",
}


def told_publicly() -> Q:
    """The one rule for a public story (Impact.is_public_story says the same for one impact)."""
    return Q(tell_publicly=True, confidentiality=Confidentiality.PUBLIC) & ~Q(slug="") & ~Q(story="")


def stories_public() -> QuerySet[Impact]:
    """Public stories, newest change first, with only the fields the public may see."""
    return Impact.objects.filter(told_publicly()).only(*PUBLIC_FIELDS).order_by("-started_on", "title")


def stories_search(queryset: QuerySet[Impact], query: str) -> QuerySet[Impact]:
    """Stories whose title, story, place or who was reached has every word of the query."""
    matching = words_match(query, fields=["title", "story", "places", "reach"], fuzzy_fields=["title"])
    return queryset if matching is None else queryset.filter(matching)


@dataclass(frozen=True)
class NamedPerson:
    name: str
    url: str  # their public profile
    role: str


def story_public(slug: str) -> Impact | None:
    """One public story with what led to it, public things only: publications in the library, active
    communities, published seminars and people with a listed profile."""
    return (
        stories_public()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("publications", queryset=Publication.objects.filter(is_public=True).order_by("-year")),
            Prefetch("communities", queryset=Community.objects.filter(is_active=True).order_by("name")),
            Prefetch("seminars", queryset=Seminar.objects.filter(is_published=True).order_by("-starts_at")),
            Prefetch(
                "people",
                queryset=ImpactPerson.objects.filter(profile__is_listed=True).select_related("profile__user"),
                to_attr="listed_people",
            ),
        )
        .first()
    )


def story_people(impact: Impact) -> list[NamedPerson]:
    """The people of a story (prefetched by story_public) as the public may see them: named through
    public_name (never an address), linked to their listed profile."""
    people = []
    for person in impact.listed_people:
        profile = person.profile
        name = public_name(profile.user, default="") if profile.user_id else ""
        name = name or (profile.name if "@" not in profile.name else "")
        if name:
            people.append(NamedPerson(name=name, url=profile.get_absolute_url(), role=person.role))
    return sorted(people, key=lambda person: person.name)


def stories_from_publication(publication) -> list[Impact]:
    """Public stories that this publication led to (one query)."""
    return list(stories_public().filter(publications=publication).only("pk", "title", "slug", "level"))


def stories_from_community(community) -> list[Impact]:
    """Public stories that this community of practice led to (one query)."""
    return list(stories_public().filter(communities=community).only("pk", "title", "slug", "level"))
