"""Reads of impacts: the staff list and one impact with everything that led to it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Prefetch

from apps.communities.models import Community

from .enums import EvidenceKind
from .models import EvidenceItem, Impact, ImpactPerson


def impacts_for_staff():
    return Impact.objects.annotate(evidence_count=Count("evidence_items", distinct=True)).order_by(
        "-started_on", "title"
    )


def impact_for_staff(pk: int) -> Impact | None:
    return (
        Impact.objects.filter(pk=pk)
        .prefetch_related(
            "publications",
            "seminars",
            "meetings__community",
            "evidence_requests",
            "impact_entries",
            Prefetch("communities", queryset=Community.objects.annotate(first_met=Min("meetings__start"))),
            Prefetch("people", queryset=ImpactPerson.objects.select_related("profile")),
            Prefetch("evidence_items", queryset=EvidenceItem.objects.order_by("dated_on", "pk")),
        )
        .first()
    )


@dataclass(frozen=True)
class PathwayEvent:
    """One step on an impact's pathway: from the research through the unit's work to the change."""

    on: date
    date_text: str  # as shown: a publication has only its year
    stage: str  # Research, The unit's work, The change, Evidence
    kind: str  # Publication, Seminar, Meeting, ...
    title: str


RESEARCH = "Research"
UNIT_WORK = "The unit's work"
CHANGE = "The change"
EVIDENCE = "Evidence"


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def impact_pathway(impact: Impact) -> list[PathwayEvent]:
    """Every dated thing that led to the impact, the impact itself and its evidence, oldest first.

    Reads only what `impact_for_staff` prefetched (no extra queries). A community is dated by its first
    meeting (or when it was added, if it has not met yet); a publication by 1 January of its year."""
    from django.utils import timezone

    events = []
    for publication in impact.publications.all():
        events.append(
            PathwayEvent(
                date(publication.year, 1, 1),
                str(publication.year),
                RESEARCH,
                "Publication",
                publication.title,
            )
        )
    for community in impact.communities.all():
        started = community.first_met or community.created_at
        on = timezone.localdate(started)
        events.append(PathwayEvent(on, _day(on), UNIT_WORK, "Community of practice", community.name))
    for meeting in impact.meetings.all():
        on = timezone.localdate(meeting.start)
        events.append(
            PathwayEvent(on, _day(on), UNIT_WORK, "Meeting", f"{meeting.title} ({meeting.community.name})")
        )
    for seminar in impact.seminars.all():
        on = timezone.localdate(seminar.starts_at)
        events.append(PathwayEvent(on, _day(on), UNIT_WORK, "Seminar", seminar.title))
    for request in impact.evidence_requests.all():
        on = timezone.localdate(request.answered_at or request.created_at)
        events.append(
            PathwayEvent(
                on, _day(on), UNIT_WORK, "Answered request", f"{request.reference}: {request.question}"
            )
        )
    for entry in impact.impact_entries.all():
        events.append(
            PathwayEvent(
                entry.happened_on, _day(entry.happened_on), UNIT_WORK, "You said, we did", entry.title
            )
        )
    period = _day(impact.started_on) + (f" to {_day(impact.ended_on)}" if impact.ended_on else " onwards")
    events.append(
        PathwayEvent(
            impact.started_on, period, CHANGE, impact.get_level_display().split(":")[0], impact.title
        )
    )
    for item in impact.evidence_items.all():
        title = item.title
        if item.kind == EvidenceKind.FIGURE and item.figure is not None:
            title = f"{item.figure:,} {item.figure_unit}".strip()
        events.append(
            PathwayEvent(item.dated_on, _day(item.dated_on), EVIDENCE, item.get_kind_display(), title)
        )
    order = {RESEARCH: 0, UNIT_WORK: 1, CHANGE: 2, EVIDENCE: 3}
    return sorted(events, key=lambda event: (event.on, order[event.stage]))
