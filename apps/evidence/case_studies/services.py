"""Writes to case studies. Every save keeps a version (django-simple-history writes the row; the
person saving is recorded as its author)."""

from django.db import transaction

from .models import CaseStudy
from .prefill import impacts_for_prefill, prefilled_sections


def _save(case_study: CaseStudy, actor) -> CaseStudy:
    case_study.full_clean(exclude=["impacts"])
    if actor is not None:
        case_study._history_user = actor
    case_study.save()
    return case_study


@transaction.atomic
def case_study_create(*, title: str, impact_ids, actor=None) -> CaseStudy:
    """A new draft about these impacts, its sections filled in from them for staff to edit: references
    from their publications, sources from their evidence items (contacts by their job only)."""
    impacts = impacts_for_prefill(impact_ids)
    if not impacts:
        raise ValueError("A case study needs at least one impact.")
    case_study = _save(CaseStudy(title=title, **prefilled_sections(impacts)), actor)
    case_study.impacts.set(impacts)
    return case_study


@transaction.atomic
def case_study_save(*, case_study: CaseStudy, impact_ids=None, actor=None) -> CaseStudy:
    """Validate and save the case study, keeping a version. Word counts over the advice do not stop a
    save; the form refuses more than ten sources."""
    _save(case_study, actor)
    if impact_ids is not None:
        case_study.impacts.set(impact_ids)
    return case_study
