"""Demo content for benefits (called from `demo.seed`): the RUG demo member receives benefits with a weekly
limit and is close to it this week, so the coordinator sees a warning when selecting for an open offer; a
written offer; a letter for the Jobcentre. Idempotent: rows that exist are left as they are."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from apps.accounts.demo import demo_user

from .benefits_models import BenefitLimit, BenefitLimitAmount, BenefitsInformation, BenefitsLetter, OfferTerms
from .enums import InterestStatus, OpportunityStatus, PaymentBasis
from .letters import letter_make
from .models import Activity, Group, Interest, Opportunity
from .selectors import TAX_YEAR, rate_in_force, tax_year_starting, year_period
from .services import activity_record

WEEKLY_LIMIT = "Permitted work: higher limit"  # seeded by involvement/0012_benefit_limits_and_roles
SURVEY_SLUG = "choose-questions-for-a-mental-health-survey"


def _weekly_limit() -> BenefitLimit:
    """The limit the migration made; put back (with its 2025-26 amount) if an emptied database lost it."""
    limit, created = BenefitLimit.objects.get_or_create(
        name=WEEKLY_LIMIT,
        defaults={
            "period": "week",
            "explanation": "For people on ESA who do permitted work of under 16 hours a week.",
        },
    )
    if created:
        BenefitLimitAmount.objects.create(
            limit=limit,
            amount=Decimal("195.50"),
            in_force_from=date(2025, 4, 6),
            note="GOV.UK, 2025 to 2026: check each April",
        )
    return limit


def seed() -> None:
    rug, coordinator = demo_user("rug"), demo_user("coordinator")
    today = timezone.localdate()
    # A day later this week (Monday to Sunday), so the offer's fee falls in the same week as the panel.
    offer_day = today + timedelta(days=1) if today.weekday() < 6 else today
    BenefitsInformation.objects.get_or_create(
        user=rug,
        defaults={
            "receives_benefits": True,
            "limit": _weekly_limit(),
            "note": "I do permitted work. Please check with me before offering a whole day.",
        },
    )
    if not Activity.objects.filter(
        user=rug, description__startswith="Research fellowship interview"
    ).exists():
        activity_record(
            user=rug,
            date=today,
            description="Research fellowship interview panel (a whole day)",
            hours="7",
            basis=PaymentBasis.DAILY,
        )
    survey, created = Opportunity.objects.get_or_create(
        slug=SURVEY_SLUG,
        defaults={
            "title": "Choose the questions for a mental health survey",
            "summary": "Help researchers choose what to ask people who use mental health services.",
            "what_it_involves": "A two-hour online meeting. We send the draft questions a week before.",
            "time_needed": "2 hours",
            "payment_offered": "Paid at the hourly rate",
            "places": 3,
            "status": OpportunityStatus.OPEN,
            "published_at": timezone.now(),
            "starts_at": timezone.make_aware(datetime.combine(offer_day, time(18, 0))),
        },
    )
    if created:
        survey.groups.set([Group.objects.get(slug="rug")])
    rate = rate_in_force(offer_day)
    OfferTerms.objects.get_or_create(
        opportunity=survey,
        defaults={
            "fee": (rate.hourly_rate * 2) if rate else 0,
            "how_paid": "By bank transfer, or in vouchers if you prefer, in the payment run after the "
            "meeting (within 4 weeks).",
            "expenses_covered": "None are needed online. If you need help to join (a carer, or data for your "
            "phone), we pay for it.",
        },
    )
    OfferTerms.objects.get_or_create(
        opportunity=Opportunity.objects.get(slug="review-a-leaflet-on-back-pain"),
        defaults={
            "fee": rate.hourly_rate * 2 if rate else 0,
            "how_paid": "By bank transfer, in the payment run after you send your comments (within 4 weeks).",
            "expenses_covered": "Printing and postage if you would like the leaflet on paper.",
        },
    )
    Interest.objects.get_or_create(
        opportunity=survey, user=rug, defaults={"status": InterestStatus.INTERESTED}
    )
    if not BenefitsLetter.objects.filter(user=rug).exists():
        period = year_period(tax_year_starting(today) - 1, TAX_YEAR)
        letter_make(
            user=rug,
            starts=period["starts"],
            ends=today,
            office="Jobcentre Plus",
            signed_by_name=coordinator.display_name or "Cory Coordinator",
            signed_by_role="Involvement coordinator",
            by=coordinator,
        )


def pages_to_check() -> list[tuple[str, str]]:
    from django.urls import reverse

    rug = demo_user("rug")
    pages = [("/me/benefits/", rug.email), (f"/me/opportunities/{SURVEY_SLUG}/", rug.email)]
    letter = BenefitsLetter.objects.filter(user=rug).first()
    if letter is not None:
        pages.append((reverse("my_involvement:benefits_letter", args=[letter.pk]), rug.email))
    return pages
