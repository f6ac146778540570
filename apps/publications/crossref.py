"""Fetch a work's metadata from Crossref's REST API (https://api.crossref.org/works/<doi>)."""

import re
from urllib.parse import quote

import httpx
from django.conf import settings

from .enums import PublicationStatus, PublicationType
from .formats import PublicationDraft, parse_person, split_issue
from .models import normalise_doi

CROSSREF_TYPES = {
    "journal-article": PublicationType.JOURNAL_ARTICLE,
    "proceedings-article": PublicationType.CONFERENCE_ABSTRACT,
    "report": PublicationType.REPORT,
    "report-component": PublicationType.REPORT,
    "book-chapter": PublicationType.BOOK_CHAPTER,
}


class CrossrefError(Exception):
    """Crossref could not give us this DOI; the message is fit to show to staff."""


def _api_url() -> str:
    return settings.CROSSREF_API_URL.rstrip("/")


def _client() -> httpx.Client:
    contact = settings.CROSSREF_MAILTO
    agent = "IAU-Portal/1.0" + (f" (mailto:{contact})" if contact else "")
    return httpx.Client(
        timeout=httpx.Timeout(settings.CROSSREF_TIMEOUT),
        headers={"User-Agent": agent, "Accept": "application/json"},
        follow_redirects=True,
    )


def crossref_fetch(doi: str, *, client: httpx.Client | None = None) -> PublicationDraft:
    doi = normalise_doi(doi)
    if not re.match(r"^10\.\d{4,9}/\S+$", doi):
        raise CrossrefError(f"“{doi}” is not a DOI. A DOI starts 10. and has a slash, e.g. 10.1093/abc123.")
    own_client = client is None
    client = client or _client()
    try:
        response = client.get(f"{_api_url()}/works/{quote(doi, safe='')}")
    except httpx.TimeoutException as error:
        raise CrossrefError(f"Crossref did not answer in time for {doi}. Try again later.") from error
    except httpx.HTTPError as error:
        raise CrossrefError(
            f"We could not reach Crossref for {doi} (is the portal offline?). Try again later."
        ) from error
    finally:
        if own_client:
            client.close()
    if response.status_code == 404:
        raise CrossrefError(f"Crossref does not know the DOI {doi}. Check it for typing errors.")
    if response.status_code != 200:
        raise CrossrefError(f"Crossref answered with an error ({response.status_code}) for {doi}.")
    try:
        message = response.json()["message"]
    except (ValueError, KeyError) as error:
        raise CrossrefError(f"Crossref sent something we could not read for {doi}.") from error
    return draft_from_crossref(message)


def _first(values) -> str:
    return (values or [""])[0] if isinstance(values, list) else (values or "")


def draft_from_crossref(message: dict) -> PublicationDraft:
    date_parts = []
    for key in ("published-print", "published-online", "published", "issued"):
        parts = (message.get(key) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0]:
            date_parts = parts[0]
            break
    authors = []
    for person in message.get("author", []):
        if person.get("family"):
            authors.append(parse_person(f"{person['family']}, {person.get('given', '')}".rstrip(", ")))
        elif person.get("name"):
            authors.append(parse_person("{" + person["name"] + "}"))
    issue, supplement = split_issue(message.get("issue", ""))
    abstract = re.sub(r"<[^>]+>", " ", message.get("abstract", ""))
    return PublicationDraft(
        title=re.sub(r"\s+", " ", _first(message.get("title"))).strip(),
        year=date_parts[0] if date_parts else None,
        month=date_parts[1] if len(date_parts) > 1 else None,
        type=CROSSREF_TYPES.get(message.get("type", ""), PublicationType.OTHER),
        authors=authors,
        venue=_first(message.get("container-title")) or message.get("publisher", ""),
        volume=message.get("volume", ""),
        issue=issue,
        supplement=supplement,
        pages=message.get("page", ""),
        doi=normalise_doi(message.get("DOI", "")),
        url=message.get("URL", ""),
        status=PublicationStatus.PUBLISHED,
        abstract=" ".join(abstract.split()),
    )
