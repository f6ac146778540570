"""Reads of the impact log."""

from django.db.models import Count, Prefetch, Q

from apps.core.models import Topic

from .enums import EntryStatus, HearAbout
from .models import Contribution, ImpactEntry, MemberPreference, Standard


def standards_all():
    return Standard.objects.all()


def entries_published():
    """Published entries with what their cards show: standards, topics and the named members."""
    return (
        ImpactEntry.objects.filter(status=EntryStatus.PUBLISHED)
        .select_related("opportunity")
        .prefetch_related(
            "standards",
            "topics",
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("user__profile").order_by("pk"),
            ),
        )
        .order_by("-happened_on", "-pk")
    )


def entry_topics_in_use():
    """Topics at least one published entry carries: the choices of the topic filter."""
    return Topic.objects.filter(impact_entries__status=EntryStatus.PUBLISHED).distinct().order_by("name")


def contributions_of(user):
    """The member's own contributions to published entries, newest first."""
    return (
        Contribution.objects.filter(user=user, entry__status=EntryStatus.PUBLISHED)
        .select_related("entry")
        .prefetch_related("entry__standards")
        .order_by("-entry__happened_on", "-pk")
    )


def hear_about_for(user) -> str:
    preference = MemberPreference.objects.filter(user=user).first()
    return preference.hear_about if preference else HearAbout.DIGEST


def entries_count_by_standard(*, start, end) -> list[tuple[Standard, int]]:
    """Each standard with the number of published entries dated in [start, end] (dates, inclusive).

    One query; an entry showing two standards counts under each.
    """
    in_period = Q(
        entries__status=EntryStatus.PUBLISHED,
        entries__happened_on__gte=start,
        entries__happened_on__lte=end,
    )
    standards = Standard.objects.annotate(entry_count=Count("entries", filter=in_period)).order_by("order")
    return [(standard, standard.entry_count) for standard in standards]


def entries_highlights(*, start, end, limit: int = 6):
    """Published entries of the period for the annual report: the chosen highlights first."""
    return (
        entries_published()
        .filter(happened_on__gte=start, happened_on__lte=end)
        .order_by("-is_highlight", "-happened_on", "-pk")[:limit]
    )
