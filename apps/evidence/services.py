"""Writes to impacts. The admin calls these from save_model and its inline formset, so every way of
editing an impact keeps the same rules."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .enums import CORROBORATING_KINDS, ImpactStatus
from .models import EvidenceItem, Impact


def impact_status_problem(*, status: str, kinds: list[str]) -> str | None:
    """Why an impact cannot have `status` with evidence items of `kinds`, or None if it may.

    Evidenced needs at least one evidence item; verified needs one from someone outside the unit (a
    testimonial, a policy or guideline citation, or a corroborating contact)."""
    if status in (ImpactStatus.EVIDENCED, ImpactStatus.VERIFIED) and not kinds:
        return "An evidenced or verified impact needs at least one evidence item. Add one below."
    if status == ImpactStatus.VERIFIED and not set(kinds) & set(CORROBORATING_KINDS):
        return (
            "A verified impact needs confirmation from outside the unit: a testimonial, a policy or "
            "guideline citation, or a corroborating contact."
        )
    return None


@transaction.atomic
def impact_save(*, impact: Impact) -> Impact:
    """Validate and save the impact (its history row is written by django-simple-history)."""
    impact.full_clean()
    impact.save()
    return impact


@transaction.atomic
def evidence_item_save(*, item: EvidenceItem, actor=None) -> EvidenceItem:
    """Validate and save an evidence item; the first person who saves it is recorded as adding it."""
    if item.pk is None and actor is not None and item.added_by_id is None:
        item.added_by = actor
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def impact_check_status(*, impact: Impact) -> None:
    """Raise ValidationError when the saved impact's status is not backed by its evidence items."""
    kinds = list(impact.evidence_items.values_list("kind", flat=True))
    problem = impact_status_problem(status=impact.status, kinds=kinds)
    if problem:
        raise ValidationError({"status": problem})
