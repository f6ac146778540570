"""Benefits: the limits finance keeps, what a member tells us about theirs, the offers members accept in
writing, and the letters staff write for a benefits office.

Imported at the end of `models.py`, so Django finds these models with the app's others.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel
from apps.core.templatetags.money import format_money


class LimitPeriod(models.TextChoices):
    WEEK = "week", "a week"
    MONTH = "month", "a calendar month"
    TAX_YEAR = "tax_year", "a tax year (6 April to 5 April)"


class BenefitLimit(models.Model):
    """A kind of limit on what someone on benefits may earn, such as the permitted-work limit. Its amount
    changes (usually each April): the amounts are dated rows of their own."""

    name = models.CharField(max_length=120, unique=True)
    period = models.CharField(max_length=10, choices=LimitPeriod.choices)
    explanation = models.CharField(
        max_length=300,
        help_text="One plain sentence for members: who this limit is for.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class BenefitLimitAmount(models.Model):
    """How much a limit is, from one date to another. Finance checks these each April."""

    limit = models.ForeignKey(BenefitLimit, on_delete=models.CASCADE, related_name="amounts")
    amount = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    in_force_from = models.DateField()
    in_force_to = models.DateField(null=True, blank=True, help_text="Leave empty while it is still in force.")
    note = models.CharField(max_length=200, blank=True, help_text="Where the figure comes from.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["limit", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["limit", "in_force_from"], name="involvement_one_limit_amount_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(in_force_to__isnull=True)
                | models.Q(in_force_to__gte=models.F("in_force_from")),
                name="involvement_limit_amount_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="involvement_limit_not_negative"),
        ]

    def __str__(self):
        return f"{self.limit}: {format_money(self.amount)} from {self.in_force_from:%-d %B %Y}"

    def clean(self):
        super().clean()
        if self.in_force_to and self.in_force_from and self.in_force_to < self.in_force_from:
            raise ValidationError({"in_force_to": "The last day must be on or after the first day."})


class BenefitsInformation(TimeStampedModel):
    """What a member chose to tell us, privately, about their benefits. Only staff with the view
    permission on this model see it; the member can change it, and every change is kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benefits_information"
    )
    receives_benefits = models.BooleanField(default=False)
    limit = models.ForeignKey(
        BenefitLimit, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "member's benefits information"
        verbose_name_plural = "members' benefits information"

    def __str__(self):
        return f"Benefits information of {self.user}"

    def clean(self):
        super().clean()
        if self.limit_id and not self.receives_benefits:
            raise ValidationError({"limit": "Choose a limit only if you receive benefits."})


class OfferAcceptance(models.Model):
    """A member accepted a place, having read the offer: the exact words they saw, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="offer_acceptances"
    )
    opportunity = models.ForeignKey(
        "involvement.Opportunity", on_delete=models.CASCADE, related_name="acceptances"
    )
    text_seen = models.TextField()
    accepted_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="involvement_accept_an_offer_once")
        ]

    def __str__(self):
        return f"{self.user} accepted {self.opportunity}"


class BenefitsLetter(models.Model):
    """A letter for the Jobcentre (or another benefits office) about a member's involvement in a period.

    The figures are kept as they were on the day it was made (`content`), so the letter reads the same
    whenever it is opened again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="benefits_letters"
    )
    starts = models.DateField("from")
    ends = models.DateField("to")
    office = models.CharField(
        max_length=120, default="Jobcentre Plus", help_text='For example "Jobcentre Plus".'
    )
    signed_by_name = models.CharField(max_length=150)
    signed_by_role = models.CharField(max_length=150, default="Involvement coordinator")
    content = models.JSONField(default=dict, editable=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    made_at = models.DateTimeField(editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = "letter for a benefits office"
        verbose_name_plural = "letters for a benefits office"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="involvement_letter_period"
            )
        ]

    def __str__(self):
        return f"Letter for {self.user}, {self.starts:%-d %b %Y} to {self.ends:%-d %b %Y}"


class OfferTerms(models.Model):
    """What an opportunity offers, written before members agree: the fee, how and when it is paid, which
    expenses are covered. The member reads these words (with the rest of the offer) before accepting."""

    opportunity = models.OneToOneField(
        "involvement.Opportunity", on_delete=models.CASCADE, related_name="offer_terms"
    )
    fee = models.DecimalField(
        "fee for taking part",
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=(
            "In pounds, for the whole opportunity (0 if unpaid). Selecting a member warns you if it "
            "takes them past a benefits limit they told us about."
        ),
    )
    how_paid = models.TextField(
        "how and when it is paid",
        help_text='For example "By bank transfer, within 4 weeks of the meeting".',
    )
    expenses_covered = models.TextField(
        "expenses we cover",
        help_text="For example: bus or train fares, a taxi if you need one, a carer's costs.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "written offer"
        constraints = [
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="involvement_offer_fee_not_negative")
        ]

    def __str__(self):
        return f"Offer for {self.opportunity}"
