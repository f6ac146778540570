"""Reads of case studies: the staff list, one case study with its impacts, versions, and the final case
studies of a report's period."""

from datetime import date

from django.db.models import Prefetch, Q

from ..enums import Confidentiality
from ..models import Impact
from .enums import CaseStudyStatus
from .models import CaseStudy

_IMPACTS = Prefetch("impacts", queryset=Impact.objects.order_by("started_on", "title"))


def case_studies_for_staff():
    return CaseStudy.objects.prefetch_related(_IMPACTS).order_by("-updated_at", "title")


def case_study_for_staff(pk: int) -> CaseStudy | None:
    return CaseStudy.objects.filter(pk=pk).prefetch_related(_IMPACTS).first()


def case_study_versions(case_study: CaseStudy):
    """Every saved version, newest first, with who saved it."""
    return case_study.history.select_related("history_user").order_by("-history_date", "-history_id")


def case_study_is_public(case_study: CaseStudy) -> bool:
    """Public only when every impact it is about may be told publicly (reads the prefetched impacts)."""
    impacts = list(case_study.impacts.all())
    return bool(impacts) and all(impact.confidentiality == Confidentiality.PUBLIC for impact in impacts)


def _going_on(start: date, end: date) -> Q:
    return Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))


def impacts_going_on_between(*, start: date, end: date):
    """Impacts that had begun by `end` and had not ended before `start`: each once."""
    return Impact.objects.filter(_going_on(start, end)).order_by("started_on", "title")


def case_studies_final_between(*, start: date, end: date):
    """Final case studies about at least one impact going on in the period: each once."""
    going_on = impacts_going_on_between(start=start, end=end).values("pk")
    return (
        CaseStudy.objects.filter(status=CaseStudyStatus.FINAL, impacts__in=going_on)
        .distinct()
        .prefetch_related(_IMPACTS)
        .order_by("title")
    )
