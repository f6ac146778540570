"""Reads about publications that views, exports and other apps reuse."""

from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from apps.core.text_search import words_match
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
    """Public publications, to be filtered and then read with `publications_for_export_in_chunks`."""
    return Publication.objects.filter(is_public=True)


EXPORT_FIELDS = (
    "id",
    "type",
    "title",
    "slug",
    "venue",
    "year",
    "month",
    "volume",
    "issue",
    "supplement",
    "pages",
    "doi",
    "url",
    "status",
    "abstract",
)


class ExportAuthor(NamedTuple):
    family_name: str
    given_name: str


class ExportPublication(SimpleNamespace):
    """A publication as the export formats read it: its columns and the model's derived properties."""

    issue_label = Publication.issue_label
    first_page = Publication.first_page
    last_page = Publication.last_page


def publications_for_export_in_chunks(
    queryset: QuerySet[Publication], *, chunk_size: int | None = None
) -> Iterator[list[ExportPublication]]:
    """The queryset's publications in its order, `chunk_size` at a time, each with `export_authors`.

    For streaming the whole library: one query for the ids in order, then two per chunk (the columns the
    formats need as plain rows, and the chunk's authors), so memory holds one chunk whatever the size.
    The publications are light objects built from those rows (building 30,000 model instances was
    most of the time an export of the whole library took); they have the model's properties the formats use.
    """
    chunk_size = chunk_size or settings.PUBLICATIONS_EXPORT_CHUNK_SIZE
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk_ids = ids[start : start + chunk_size]
        rows = {row["id"]: row for row in Publication.objects.filter(pk__in=chunk_ids).values(*EXPORT_FIELDS)}
        authors: dict[int, list[ExportAuthor]] = defaultdict(list)
        for publication_id, family_name, given_name in (
            PublicationAuthor.objects.filter(publication_id__in=chunk_ids)
            .order_by("publication_id", "position")
            .values_list("publication_id", "family_name", "given_name")
        ):
            authors[publication_id].append(ExportAuthor(family_name, given_name))
        chunk = [
            ExportPublication(**rows[pk], export_authors=authors[pk])
            for pk in chunk_ids
            if pk in rows  # not deleted since the ids were read
        ]
        yield chunk


def publications_public() -> QuerySet[Publication]:
    return _with_authors(Publication.objects.filter(is_public=True)).defer("search_vector")


def publications_search(queryset: QuerySet[Publication], query: str) -> QuerySet[Publication]:
    """Full-text search: ranked on PostgreSQL (title above abstract), a plain match on SQLite.

    A title also matches when its words are like the query's ("osteoarthritus"): through the trigram
    index on PostgreSQL, through core's own similar-word function on SQLite; on PostgreSQL such a match
    ranks by how alike they are. A word that is an author's surname ("Hill knee") finds that author's
    publications, the other words searching the text as usual.
    """
    query = (query or "").strip()
    if not query:
        return queryset
    surnames = _author_surnames_in(query)
    if surnames:
        for surname in surnames:
            queryset = queryset.filter(
                pk__in=PublicationAuthor.objects.filter(family_name__iexact=surname).values("publication_id")
            )
        query = " ".join(word for word in query.split() if word.lower() not in surnames)
        if not query:
            return queryset
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(
            Q(search_vector=search_query) | words_match(query, fields=["title"], fuzzy_fields=["title"])
        ).annotate(rank=SearchRank(F("search_vector"), search_query) + TrigramWordSimilarity(query, "title"))
    return queryset.filter(
        words_match(query, fields=["title", "abstract", "plain_summary", "venue"], fuzzy_fields=["title"])
    )


def _author_surnames_in(query: str) -> set[str]:
    """The words of the query that are some author's family name (lower case), in one query."""
    words = {word.lower() for word in query.split() if len(word) > 1}
    if not words:
        return set()
    names = PublicationAuthor.objects.annotate(lower=Lower("family_name")).filter(lower__in=words)
    return set(names.values_list("lower", flat=True).distinct())


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
