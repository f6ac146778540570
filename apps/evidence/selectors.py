"""Reads of impacts: the staff list and one impact with everything that led to it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch

from apps.brokering.enums import RequestStatus
from apps.brokering.models import EvidenceRequest
from apps.communities.models import Community
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Feedback

from .enums import EvidenceKind, FollowUpAfter, ProposalState
from .models import EvidenceItem, FollowUp, Impact, ImpactPerson


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


# -------------------------------------------------------------------------------------------- follow-ups

# A follow-up goes within this many days of falling due, never later: a request answered long before
# follow-ups existed (or while the sweep was stopped) gets no surprise email months on.
FOLLOW_UP_SEND_WINDOW = timedelta(days=14)


def evidence_requests_due_follow_up(*, after_days: int, now) -> list[EvidenceRequest]:
    """Answered requests whose `after_days` follow-up is due now and not yet sent: one query.

    Due means the answer was sent `after_days` days ago (within FOLLOW_UP_SEND_WINDOW). Not for a request
    that was never answered (declined, withdrawn, still open), nor after the asker said "please stop
    asking me" in an earlier follow-up. The 90-day one goes even when the 30-day one got no answer.
    """
    due_by = now - timedelta(days=after_days)
    return list(
        EvidenceRequest.objects.filter(
            status__in=(RequestStatus.ANSWERED, RequestStatus.CLOSED),
            answered_at__lte=due_by,
            answered_at__gt=due_by - FOLLOW_UP_SEND_WINDOW,
        )
        .exclude(Exists(FollowUp.objects.filter(evidence_request=OuterRef("pk"), after_days=after_days)))
        .exclude(Exists(FollowUp.objects.filter(evidence_request=OuterRef("pk"), stop_asking=True)))
        .select_related("assignee")
        .only("pk", "number", "name", "email", "question", "answered_at", "organisation", "assignee__email")
        .order_by("answered_at", "pk")
    )


def seminar_feedback_due_follow_up(*, now) -> list[Feedback]:
    """Feedback whose "Did you?" email is due now and not yet sent: one query.

    Only for those who wrote what they would do differently and agreed to be asked, had a place, and have
    not asked for no more emails about the seminar; 90 days after a seminar that took place (within
    FOLLOW_UP_SEND_WINDOW).
    """
    due_by = now - timedelta(days=FollowUpAfter.DAYS_90)
    return list(
        Feedback.objects.filter(
            may_ask_later=True,
            registration__status=RegistrationStatus.CONFIRMED,
            registration__emails_stopped=False,
            registration__seminar__cancelled=False,
            registration__seminar__starts_at__lte=due_by,
            registration__seminar__starts_at__gt=due_by - FOLLOW_UP_SEND_WINDOW,
        )
        .exclude(will_do_differently="")
        .exclude(registration__email="")
        .exclude(Exists(FollowUp.objects.filter(feedback=OuterRef("pk"))))
        .select_related("registration__seminar")
        .order_by("pk")
    )


def follow_ups_for_staff():
    """Answered follow-ups, newest answer first, with what staff show beside each."""
    return (
        FollowUp.objects.filter(answered_at__isnull=False)
        .select_related(
            "evidence_request", "feedback__registration__seminar", "impact", "proposal_decided_by"
        )
        .order_by("-answered_at", "-pk")
    )


def follow_up_for_staff(pk: int) -> FollowUp | None:
    return follow_ups_for_staff().filter(pk=pk).first()


def follow_ups_proposed_waiting() -> dict:
    """Answers proposed as impacts and not yet accepted or dismissed: count and oldest answer, one query."""
    return (
        FollowUp.objects.filter(proposal=ProposalState.PROPOSED, answered_at__isnull=False)
        .order_by()
        .aggregate(count=Count("pk"), oldest=Min("answered_at"))
    )
