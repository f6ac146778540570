"""Every change to publications goes through these functions."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import update_change_reason

from apps.core.models import Topic
from apps.core.updates import model_update
from apps.people.models import Profile

from .enums import STAGE_OF_TYPE, PublicationStatus, PublicationType
from .formats import AuthorDraft, PublicationDraft, initials
from .models import Publication, PublicationAuthor, normalise_doi, normalise_title
from .selectors import search_vector_expression

FIELDS = (
    "type",
    "title",
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
    "stage_date",
    "version_of",
    "abstract",
    "plain_summary",
    "open_access_url",
    "is_public",
)


@dataclass
class AuthorInput:
    family_name: str
    given_name: str = ""
    profile: Profile | None = None


def _unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:150].rstrip("-") or "publication"
    if base.isdigit():
        base = f"publication-{base}"
    slug, number = base, 1
    taken = Publication.objects.filter(slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    taken_slugs = set(taken.values_list("slug", flat=True))
    while slug in taken_slugs:
        number += 1
        slug = f"{base}-{number}"
    return slug


def publication_reindex(*, publication_ids: Iterable[int] | None = None) -> None:
    """Refresh the stored full-text vector (PostgreSQL). On SQLite search needs no index."""
    if connection.vendor != "postgresql":
        return
    queryset = Publication.objects.all()
    if publication_ids is not None:
        queryset = queryset.filter(pk__in=list(publication_ids))
    queryset.update(search_vector=search_vector_expression())


@transaction.atomic
def publication_set_authors(*, publication: Publication, authors: list[AuthorInput | AuthorDraft]) -> None:
    """Replace the author list, keeping the order given."""
    publication.authors.all().delete()
    PublicationAuthor.objects.bulk_create(
        [
            PublicationAuthor(
                publication=publication,
                position=position,
                family_name=author.family_name.strip(),
                given_name=author.given_name.strip(),
                profile=getattr(author, "profile", None),
            )
            for position, author in enumerate(authors, start=1)
        ]
    )


@transaction.atomic
def publication_create(
    *,
    title: str,
    year: int,
    authors: list[AuthorInput | AuthorDraft] = (),
    type: str = PublicationType.JOURNAL_ARTICLE,  # noqa: A002
    topics: Iterable[Topic] = (),
    slug: str = "",
    **fields,
) -> Publication:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown publication fields: {', '.join(sorted(unknown))}")
    publication = Publication(title=title, year=year, type=type, slug=slug or _unique_slug(title), **fields)
    publication.full_clean()
    publication.save()
    publication_set_authors(publication=publication, authors=list(authors))
    if topics:
        publication.topics.set(topics)
    publication_reindex(publication_ids=[publication.pk])
    return publication


@transaction.atomic
def publication_update(*, publication: Publication, change_reason: str = "", **fields) -> Publication:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown publication fields: {', '.join(sorted(unknown))}")
    model_update(publication, **fields)
    if change_reason:
        update_change_reason(publication, change_reason)
    publication_reindex(publication_ids=[publication.pk])
    return publication


def publication_mark_published(
    *,
    publication: Publication,
    type: str | None = None,
    authors: list | None = None,
    **fields,  # noqa: A002
) -> Publication:
    """Upgrade an in-press item or an abstract to its published version.

    The same record carries on (same address, same links), and its history keeps the earlier version:
    what it was, and when it changed. The stage date becomes today unless one is given. A public
    publication without a plain-language summary is refused (ValidationError on `plain_summary`).
    """
    previous = f"{publication.get_type_display().lower()}, {publication.get_status_display().lower()}"
    with transaction.atomic():
        if type is not None:
            fields["type"] = type
        fields.setdefault("stage_date", timezone.localdate())
        publication = publication_update(
            publication=publication,
            status=PublicationStatus.PUBLISHED,
            change_reason=f"Published version replaces the {previous} record",
            **fields,
        )
        if authors is not None:
            publication_set_authors(publication=publication, authors=authors)
    return publication


def publication_history(publication: Publication) -> list:
    """Earlier versions worth telling readers about: changes of type or status, oldest first."""
    versions = list(publication.history.order_by("history_date", "history_id"))
    steps, last = [], None
    for version in versions:
        key = (version.type, version.status)
        if key != last:
            steps.append(version)
            last = key
    return steps if len(steps) > 1 else []


# ---------------------------------------------------------------- import


def _profile_matcher():
    """Links an imported author to a person we list when family name and first initial agree."""
    honorifics = {"dr", "professor", "prof", "mr", "mrs", "ms", "miss", "mx"}
    index: dict[tuple[str, str], list[Profile]] = {}
    for profile in Profile.objects.only("pk", "name", "slug"):
        words = [w for w in profile.name.replace(".", " ").split() if w.lower() not in honorifics]
        if len(words) >= 2:
            index.setdefault((words[-1].casefold(), words[0][0].upper()), []).append(profile)

    def match(author: AuthorDraft) -> Profile | None:
        found = index.get((author.family_name.casefold(), initials(author.given_name)[:1]), [])
        return found[0] if len(found) == 1 else None

    return match


@dataclass
class ImportCandidate:
    draft: PublicationDraft
    duplicates: list  # existing Publications, or the earlier draft in the same batch (as a string)
    problems: list[str]

    @property
    def can_import(self) -> bool:
        return not self.problems


def import_check(drafts: list[PublicationDraft]) -> list[ImportCandidate]:
    """Look for duplicates (by DOI and by normalised title) in the library and within the batch."""
    dois = {normalise_doi(d.doi) for d in drafts if d.doi}
    titles = {normalise_title(d.title) for d in drafts}
    existing = list(
        Publication.objects.filter(doi__in=dois) | Publication.objects.filter(title_key__in=titles)
    )
    seen_dois: dict[str, str] = {}
    seen_titles: dict[str, str] = {}
    candidates = []
    for draft in drafts:
        doi, title_key = normalise_doi(draft.doi), normalise_title(draft.title)
        duplicates = [p for p in existing if (doi and p.doi == doi) or p.title_key == title_key]
        if doi and doi in seen_dois:
            duplicates.append(f"{seen_dois[doi]} (earlier in this import)")
        elif title_key in seen_titles:
            duplicates.append(f"{seen_titles[title_key]} (earlier in this import)")
        problems = []
        if not draft.title:
            problems.append("It has no title.")
        if not draft.year:
            problems.append("It has no year.")
        candidates.append(ImportCandidate(draft=draft, duplicates=duplicates, problems=problems))
        if doi:
            seen_dois.setdefault(doi, draft.title)
        seen_titles.setdefault(title_key, draft.title)
    return candidates


@transaction.atomic
def publications_import(*, drafts: list[PublicationDraft], topics: Iterable[Topic] = ()) -> list[Publication]:
    """Save the drafts staff confirmed. Authors are linked to listed people where the name matches.

    Imports carry no plain-language summary, so each waits as a draft (not in the public library)
    until staff write one and tick "shown in the public library".
    """
    match = _profile_matcher()
    created = []
    for draft in drafts:
        authors = [
            AuthorInput(family_name=a.family_name, given_name=a.given_name, profile=match(a))
            for a in draft.authors
        ]
        created.append(
            publication_create(
                title=draft.title,
                year=draft.year,
                type=draft.type,
                authors=authors,
                topics=topics,
                venue=draft.venue,
                month=draft.month,
                volume=draft.volume,
                issue=draft.issue,
                supplement=draft.supplement,
                pages=draft.pages,
                doi=draft.doi,
                url=draft.url,
                status=(
                    STAGE_OF_TYPE.get(draft.type, draft.status)
                    if draft.status == PublicationStatus.PUBLISHED
                    else draft.status
                ),
                abstract=draft.abstract,
                is_public=False,
            )
        )
    return created
