"""What a new case study starts with, from its impacts: the references in Vancouver style (the
publications app's one citation builder) and the sources to corroborate from the evidence items.

A contact is described by their job and organisation, never by name or email: a case study is sent
out, and the unit gives contact details to the panel separately when asked."""

from django.db.models import Prefetch

from apps.publications.formats import citation_vancouver
from apps.publications.models import Publication, PublicationAuthor

from ..enums import CORROBORATING_KINDS, EvidenceKind
from ..models import EvidenceItem, Impact
from .sections import MAX_SOURCES


def impacts_for_prefill(impact_ids) -> list[Impact]:
    """The impacts with what the prefill reads, in a fixed number of queries."""
    return list(
        Impact.objects.filter(pk__in=impact_ids)
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=Publication.objects.prefetch_related(
                    Prefetch("authors", queryset=PublicationAuthor.objects.order_by("position"))
                ).order_by("year", "title"),
            ),
            Prefetch("evidence_items", queryset=EvidenceItem.objects.order_by("dated_on", "pk")),
        )
        .order_by("started_on", "title")
    )


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}"


def describe_source(item: EvidenceItem) -> str:
    """One evidence item as a source to corroborate: what it is and its date, with no personal details."""
    dated = _day(item.dated_on)
    if item.kind == EvidenceKind.CONTACT:
        who = item.contact_role or "A contact outside the unit"
        return f"{who}: can confirm the change (contact details held by the unit)."
    if item.kind == EvidenceKind.CITATION:
        return f"{item.citation.rstrip('.')} (cited {dated})."
    if item.kind == EvidenceKind.FIGURE and item.figure is not None:
        if item.figure_unit:  # the unit says what was counted, e.g. "practices using the template"
            return f"{item.figure:,} {item.figure_unit}, counted {dated}."
        return f"{item.title.rstrip('.')}: {item.figure:,}, counted {dated}."
    text = f"{item.title.rstrip('.')}, {dated}."
    if item.url:
        text += f" {item.url}"
    return text


def references_for(impacts: list[Impact]) -> list[str]:
    """Each publication once (an impact may share a paper with another), oldest first."""
    seen, publications = set(), []
    for impact in impacts:
        for publication in impact.publications.all():
            if publication.pk not in seen:
                seen.add(publication.pk)
                publications.append(publication)
    publications.sort(key=lambda publication: (publication.year, publication.title))
    return [citation_vancouver(publication) for publication in publications]


def sources_for(impacts: list[Impact]) -> list[str]:
    """Up to ten sources: confirmation from outside the unit first (letters, citations, contacts), then
    documents and figures, each group oldest first."""
    items = [item for impact in impacts for item in impact.evidence_items.all()]
    items.sort(key=lambda item: (item.kind not in CORROBORATING_KINDS, item.dated_on, item.pk))
    return [describe_source(item) for item in items[:MAX_SOURCES]]


def underpinning_for(impacts: list[Impact]) -> str:
    """A first draft: each publication's plain-language summary, for staff to rewrite."""
    seen, parts = set(), []
    for impact in impacts:
        for publication in impact.publications.all():
            if publication.pk in seen:
                continue
            seen.add(publication.pk)
            summary = (publication.plain_summary or "").strip()
            parts.append(f"{publication.title} ({publication.year}). {summary}".strip())
    return "\n\n".join(parts)


def details_for(impacts: list[Impact]) -> str:
    """A first draft of the details: for each impact what changed, where, when and for whom."""
    parts = []
    for impact in impacts:
        facts = [f"{impact.title}. {impact.summary.strip()}"]
        when = f"It began in {impact.started_on:%B %Y}"
        when += f" and ran to {impact.ended_on:%B %Y}." if impact.ended_on else " and goes on."
        facts.append(when)
        if impact.organisation_list:
            facts.append("Who changed something: " + "; ".join(impact.organisation_list) + ".")
        if impact.places:
            facts.append(f"Where: {impact.places}.")
        if impact.reach:
            reached = f"Who was reached: {impact.reach}"
            if impact.people_reached is not None:
                reached += f" (about {impact.people_reached:,} people)"
            facts.append(reached + ".")
        parts.append(" ".join(facts))
    return "\n\n".join(parts)


def prefilled_sections(impacts: list[Impact]) -> dict[str, str]:
    return {
        "summary": "\n\n".join(impact.summary.strip() for impact in impacts),
        "underpinning_research": underpinning_for(impacts),
        "references": "\n".join(references_for(impacts)),
        "details": details_for(impacts),
        "sources": "\n".join(sources_for(impacts)),
    }
