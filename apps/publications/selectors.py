"""Reads about publications that views, exports and other apps reuse."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet

from apps.people.models import Profile

from .enums import PublicationStatus
from .models import Publication, PublicationAuthor, normalise_doi, normalise_title

SEARCH_CONFIG = "english"


def search_vector_expression():
    """Title weighs most, then the abstract, then the plain-language summary and venue."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("abstract", weight="B", config=SEARCH_CONFIG)
        + SearchVector("plain_summary", "venue", weight="C", config=SEARCH_CONFIG)
    )


AUTHOR_FIELDS = ("id", "publication_id", "position", "family_name", "given_name", "profile_id")


def _with_authors(queryset: QuerySet[Publication]) -> QuerySet[Publication]:
    return queryset.prefetch_related(
        Prefetch(
            "authors",
            queryset=PublicationAuthor.objects.select_related("profile")
            .only(*AUTHOR_FIELDS, "profile__name", "profile__slug", "profile__is_listed")
            .order_by("position"),
        ),
        "topics",
    )


def publications_for_export() -> QuerySet[Publication]:
    """Public publications with just the columns BibTeX and RIS need. Pass the filtered result to
    `publications_with_authors_attached` to get their authors in one more query."""
    return Publication.objects.filter(is_public=True).defer(
        "search_vector", "plain_summary", "created_at", "updated_at", "title_key"
    )


def publications_with_authors_attached(queryset: QuerySet[Publication]) -> list[Publication]:
    """Evaluate the queryset and give each publication `export_authors`, its ordered authors.

    One query for the authors whatever the size, joined on the same filter (no list of thousands of ids),
    reading plain rows rather than whole model instances: exporting the whole library stays quick.
    """
    publications = list(queryset)
    by_publication: dict[int, list[PublicationAuthor]] = {publication.pk: [] for publication in publications}
    if by_publication:
        rows = (
            PublicationAuthor.objects.filter(publication__in=queryset.order_by().values("pk"))
            .order_by("publication_id", "position")
            .values_list("publication_id", "position", "family_name", "given_name")
        )
        for publication_id, position, family_name, given_name in rows:
            if publication_id in by_publication:
                by_publication[publication_id].append(
                    PublicationAuthor(
                        publication_id=publication_id,
                        position=position,
                        family_name=family_name,
                        given_name=given_name,
                    )
                )
    for publication in publications:
        publication.export_authors = by_publication[publication.pk]
    return publications


def publications_public() -> QuerySet[Publication]:
    return _with_authors(Publication.objects.filter(is_public=True)).defer("search_vector")


def publications_search(queryset: QuerySet[Publication], query: str) -> QuerySet[Publication]:
    """Full-text search: ranked on PostgreSQL (title above abstract), a plain match on SQLite."""
    query = (query or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query)
        )
    matching = Q()
    for word in query.split():
        matching &= (
            Q(title__icontains=word)
            | Q(abstract__icontains=word)
            | Q(plain_summary__icontains=word)
            | Q(venue__icontains=word)
        )
    return queryset.filter(matching)


def publications_latest(limit: int = 5) -> list[Publication]:
    return list(publications_public().order_by("-created_at", "-pk")[:limit])


def publications_for_profile(profile: Profile) -> list[Publication]:
    return list(
        publications_public().filter(
            pk__in=PublicationAuthor.objects.filter(profile=profile).values("publication")
        )
    )


def publication_by_key(key: str) -> Publication | None:
    """A public publication by its id or its slug, or None."""
    if "\x00" in key:  # PostgreSQL refuses NUL in text: no publication has it in its address
        return None
    queryset = publications_public()
    if key.isascii() and key.isdigit():  # "²" is a digit to Python but not a number to int()
        found = queryset.filter(pk=int(key)).first()
        if found:
            return found
    return queryset.filter(slug=key).first()


def publication_versions(publication: Publication) -> list[Publication]:
    """The other public versions of the same piece of work (one query), in the order of their stages."""
    first_id = publication.version_of_id or publication.pk
    versions = (
        Publication.objects.filter(Q(pk=first_id) | Q(version_of_id=first_id), is_public=True)
        .exclude(pk=publication.pk)
        .only("title", "slug", "status", "stage_date", "year", "month", "venue")
    )
    order = list(PublicationStatus.values)
    return sorted(versions, key=lambda v: (order.index(v.status), v.year, v.month or 0, v.title))


def publication_duplicates(*, doi: str, title: str, exclude_pk=None) -> list[Publication]:
    """Existing publications with the same DOI or the same normalised title."""
    match = Q(title_key=normalise_title(title))
    if normalise_doi(doi):
        match |= Q(doi=normalise_doi(doi))
    queryset = Publication.objects.filter(match)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(queryset)
