"""Shared arrangements for the benefits tests: a limit with a dated amount, a member who told us of it."""

from datetime import date
from decimal import Decimal

from apps.involvement.benefits_models import BenefitLimit, BenefitLimitAmount, BenefitsInformation, OfferTerms


def weekly_limit(amount="50.00", *, name="Test weekly limit", period="week") -> BenefitLimit:
    limit = BenefitLimit.objects.create(name=name, period=period, explanation="For testing.")
    BenefitLimitAmount.objects.create(limit=limit, amount=Decimal(amount), in_force_from=date(2020, 4, 6))
    return limit


def tell_limit(user, limit) -> BenefitsInformation:
    return BenefitsInformation.objects.create(user=user, receives_benefits=True, limit=limit)


def offer_terms(opportunity, fee="30.00") -> OfferTerms:
    return OfferTerms.objects.create(
        opportunity=opportunity,
        fee=Decimal(fee),
        how_paid="By bank transfer, within 4 weeks of the meeting.",
        expenses_covered="Bus or train fares, and a carer's costs.",
    )
