"""Written offers: what an opportunity offers, in plain words, before a member agrees; and the member's
acceptance, kept with the exact words they saw."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apps.core.emails import absolute_url

from .benefits_models import OfferAcceptance, OfferTerms
from .enums import InterestStatus
from .models import Interest

# The page the unit keeps (apps/pages, made by pages/0004_benefits_advice_page) on where to get advice.
BENEFITS_ADVICE_SLUG = "benefits-advice"


def offer_terms_of(opportunity) -> OfferTerms | None:
    return OfferTerms.objects.filter(opportunity=opportunity).first()


def benefits_advice_url() -> str:
    return absolute_url(reverse("pages:detail", kwargs={"slug": BENEFITS_ADVICE_SLUG}))


def offer_text(opportunity) -> str:
    """The offer in plain words, as the member reads it on the page and as it is kept when they accept."""
    text = render_to_string(
        "involvement/benefits/offer.txt",
        {
            "opportunity": opportunity,
            "terms": offer_terms_of(opportunity),
            "advice_url": benefits_advice_url(),
        },
    )
    return "\n\n".join(part.strip() for part in text.strip().split("\n\n") if part.strip()) + "\n"


def offer_fingerprint(text: str) -> str:
    """A short fingerprint of the words on the page: accepting checks the member saw the current words."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def acceptance_of(*, user, opportunity) -> OfferAcceptance | None:
    return OfferAcceptance.objects.filter(user=user, opportunity=opportunity).first()


@transaction.atomic
def offer_accept(*, user, opportunity, fingerprint: str) -> OfferAcceptance:
    """The member accepts the place they were offered, having read the offer. The words they saw are kept
    with the time. Accepting twice keeps the first acceptance."""
    interest = Interest.objects.select_for_update().filter(user=user, opportunity=opportunity).first()
    if interest is None or interest.status != InterestStatus.SELECTED:
        raise ValidationError("You can accept once you have been offered a place.")
    existing = acceptance_of(user=user, opportunity=opportunity)
    if existing is not None:
        return existing
    text = offer_text(opportunity)
    if fingerprint != offer_fingerprint(text):
        raise ValidationError(
            "The offer has changed since you opened this page. Please read it again before accepting."
        )
    acceptance = OfferAcceptance(
        user=user, opportunity=opportunity, text_seen=text, accepted_at=timezone.now()
    )
    acceptance.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            acceptance.save()
    except IntegrityError:
        return OfferAcceptance.objects.get(user=user, opportunity=opportunity)
    return acceptance


def offer_context(*, user, opportunity, interest) -> dict:
    """What the opportunity page shows of the offer: its words, and the button when a place is offered."""
    from .benefits import limit_warnings, offer_day, offer_fee

    acceptance = acceptance_of(user=user, opportunity=opportunity)
    text = offer_text(opportunity)
    # The member's own limit, if they told us of one: how close this offer's fee takes them.
    warnings = limit_warnings({user.pk: offer_fee(opportunity)}, on=offer_day(opportunity))
    return {
        "limit_warning": warnings.get(user.pk) if acceptance is None else None,
        "offer_text": text,
        "offer_fingerprint": offer_fingerprint(text),
        "acceptance": acceptance,
        "can_accept": acceptance is None
        and interest is not None
        and interest.status == InterestStatus.SELECTED,
        "advice_url": reverse("pages:detail", kwargs={"slug": BENEFITS_ADVICE_SLUG}),
    }
