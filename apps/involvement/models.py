import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.enums import DeliveryMode
from apps.core.models import TimeStampedModel, Topic
from apps.core.storage import private_storage
from apps.core.templatetags.money import format_money
from apps.core.uploads import UploadTypeValidator

from .enums import (
    ActivitySource,
    ApplicationStatus,
    ContactMethod,
    EmploymentStatus,
    ExpenseKind,
    ExpenseStatus,
    InterestStatus,
    OpportunityStatus,
    PaymentBasis,
    PaymentPreference,
    PaymentStatus,
    TimeRecordStatus,
)
from .payment_models import ActivityKind, Charity

RECEIPT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
RECEIPT_MAX_BYTES = 5 * 1024 * 1024
# A member hears about an expense claim within this many days; the coordinator is reminded then.
EXPENSE_DECISION_DAYS = 7
# The most hours a member may record for one day: a sensible ceiling that catches a slipped key.
TIME_RECORD_MAX_HOURS = Decimal("12")


class Group(models.Model):
    """A patient and public group the unit runs (the Link group, the Research User Group)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=30, blank=True)
    description = models.TextField(help_text="What the group does, in plain English.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('involvement:index')}#group-{self.slug}"


class Membership(TimeStampedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvement_memberships"
    )
    joined_on = models.DateField()
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "joined_on"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="involvement_one_membership")]

    def __str__(self):
        return f"{self.user} in {self.group}"


class Application(TimeStampedModel):
    """An expression of interest in joining a group. One per email address and group."""

    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="applications")
    motivation = models.TextField("what draws you to the group")
    access_needs = models.TextField(blank=True)
    consent_to_contact = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement_applications",
        help_text="The account created when the application was approved.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "group"], name="involvement_one_application_per_group"),
        ]

    def __str__(self):
        return f"{self.name} for {self.group}"

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if not self.consent_to_contact:
            raise ValidationError(
                {"consent_to_contact": "We need your permission to contact you about joining."}
            )


class MemberProfile(TimeStampedModel):
    """A member's involvement details: how to reach them, what they need, what interests them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvement_profile"
    )
    preferred_name = models.CharField(max_length=100, blank=True)
    contact_by_email = models.BooleanField("email", default=True)
    contact_by_phone = models.BooleanField("phone", default=False)
    contact_by_post = models.BooleanField("post", default=False)
    phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True)
    large_print = models.BooleanField(default=False)
    easy_read = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    carer_copied = models.BooleanField("copy my carer in", default=False)
    carer_email = models.EmailField(blank=True)
    other_access_needs = models.TextField(blank=True)
    interests = models.ManyToManyField(Topic, blank=True, related_name="+")
    payment_preference = models.CharField(
        "how you want payments for your time",
        max_length=10,
        choices=PaymentPreference.choices,
        default=PaymentPreference.PAID,
        help_text="Used for each new payment; the member can change it for any payment not yet in a run.",
    )
    donation_charity = models.ForeignKey(
        Charity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expenses_only = models.BooleanField(
        "expenses only",
        default=False,
        help_text="No fee for their time, whatever is chosen above; their expenses are still paid.",
    )
    payroll_reference = models.CharField(
        "payroll or supplier reference",
        max_length=40,
        blank=True,
        help_text="The member's number in the payroll or supplier system, for finance's file.",
    )
    history = HistoricalRecords(m2m_fields=[interests])

    class Meta:
        permissions = [
            ("view_personal_details", "Can see members' personal details and access needs"),
            ("export_finance", "Can export approved payments and expenses for finance"),
            # Finance pays members: names, payments and expense claims, never access needs or motivations.
            ("view_payment_details", "Can see members' names with their payments and expense claims"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(carer_copied=True, carer_email=""), name="involvement_carer_needs_email"
            ),
            models.CheckConstraint(
                condition=~models.Q(payment_preference="donated", donation_charity__isnull=True),
                name="involvement_profile_donation_names_charity",
            ),
        ]

    def __str__(self):
        return f"Involvement profile of {self.user}"

    def clean(self):
        super().clean()
        if self.carer_copied and not self.carer_email:
            raise ValidationError({"carer_email": "Give your carer's email address so we can copy them in."})
        if self.contact_by_phone and not self.phone:
            raise ValidationError({"phone": "Give a phone number so we can phone you."})
        if self.contact_by_post and not self.postal_address:
            raise ValidationError({"postal_address": "Give a postal address so we can write to you."})

    @property
    def contact_methods(self) -> list[str]:
        chosen = [
            (self.contact_by_email, ContactMethod.EMAIL),
            (self.contact_by_phone, ContactMethod.PHONE),
            (self.contact_by_post, ContactMethod.POST),
        ]
        return [method.label for flag, method in chosen if flag]

    @property
    def access_needs_summary(self) -> str:
        needs = [
            label
            for flag, label in [
                (self.large_print, "large print"),
                (self.easy_read, "easy read"),
                (self.hearing_loop, "hearing loop"),
                (self.carer_copied, f"copy in carer ({self.carer_email})"),
            ]
            if flag
        ]
        if self.other_access_needs:
            needs.append(self.other_access_needs)
        return "; ".join(needs)


class Opportunity(TimeStampedModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(help_text="A plain-language description: what it is about and why it matters.")
    easy_read_summary = models.TextField(
        "easy read version of the description",
        blank=True,
        help_text="Sent in the easy-read email to members who ask for easy read.",
    )
    what_it_involves = models.TextField()
    groups = models.ManyToManyField(Group, related_name="opportunities")
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="When it takes place, if it has a date."
    )
    deadline = models.DateTimeField(null=True, blank=True, help_text="When we need to hear from members by.")
    time_needed = models.CharField(max_length=120, help_text='For example "2 hours" or "half a day a month".')
    mode = models.CharField(max_length=10, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE)
    payment_offered = models.CharField(
        max_length=200, blank=True, help_text='For example "Paid at the hourly rate".'
    )
    employment_status = models.CharField(
        "employment status",
        max_length=12,
        choices=EmploymentStatus.choices,
        blank=True,
        help_text=(
            "Decide before publishing. Involvement, not employment: paid as an involvement payment. "
            "Self-employed: the member sends an invoice. Payroll: paid through payroll with tax."
        ),
    )
    places = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    status = models.CharField(
        max_length=10, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    outcome_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "starts_at", "title"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=False) | models.Q(deadline__isnull=False),
                name="involvement_opportunity_has_a_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.starts_at is None and self.deadline is None:
            raise ValidationError("Give a date, a deadline, or both.")
        if self.status == OpportunityStatus.OPEN and not self.employment_status:
            # HMRC and benefits rules turn on it: decided before members are offered anything.
            raise ValidationError(
                {"employment_status": "Decide the employment status before publishing the opportunity."}
            )

    def get_absolute_url(self):
        return reverse("my_involvement:opportunity_detail", kwargs={"slug": self.slug})


class Interest(TimeStampedModel):
    """A member said they would like to take part in an opportunity."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvement_interests"
    )
    status = models.CharField(
        max_length=15, choices=InterestStatus.choices, default=InterestStatus.INTERESTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "user"], name="involvement_one_interest")
        ]

    def __str__(self):
        return f"{self.user} – {self.opportunity}"


class Rate(models.Model):
    """One row of the rate table: the rates in force from `effective_from` until the next row."""

    effective_from = models.DateField(unique=True)
    hourly_rate = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    half_day_rate = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Leave empty to pay half the daily rate.",
    )
    daily_rate = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hourly_rate__gte=0, daily_rate__gte=0),
                name="involvement_rate_not_negative",
            ),
        ]

    def __str__(self):
        return (
            f"From {self.effective_from:%-d %B %Y}: "
            f"{format_money(self.hourly_rate)}/hour, {format_money(self.half_day_amount)}/half day, "
            f"{format_money(self.daily_rate)}/day"
        )

    @property
    def half_day_amount(self) -> Decimal:
        """The half-day rate, or half the daily rate when none is set."""
        if self.half_day_rate is not None:
            return self.half_day_rate
        return (self.daily_rate / 2).quantize(Decimal("0.01"))


class Activity(TimeStampedModel):
    """Something a member did (or will do) for the unit, and the payment due for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvement_activities"
    )
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    description = models.CharField("activity", max_length=200)
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    basis = models.CharField(max_length=10, choices=PaymentBasis.choices, default=PaymentBasis.HOURLY)
    kind = models.ForeignKey(
        ActivityKind,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        help_text="Paid as this kind's paid time, at the hourly rate in force on the activity's date.",
    )
    payment_preference = models.CharField(
        "how the member wants this payment",
        max_length=10,
        choices=PaymentPreference.choices,
        help_text="From the member's profile when recorded; the member may change it until it is in a run.",
    )
    donation_charity = models.ForeignKey(
        Charity, null=True, blank=True, on_delete=models.PROTECT, related_name="donations"
    )
    expenses_only = models.BooleanField(default=False, help_text="No fee for the time; expenses still paid.")
    rate = models.ForeignKey(Rate, null=True, blank=True, on_delete=models.PROTECT, related_name="activities")
    amount_due = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    payment_status = models.CharField(max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.DUE)
    source = models.CharField(
        max_length=12, choices=ActivitySource.choices, default=ActivitySource.COORDINATOR, editable=False
    )
    meeting = models.ForeignKey(
        "communities.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvement_activities",
        help_text="The community meeting this was, if any.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_due__gte=0), name="involvement_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(payment_preference="donated", donation_charity__isnull=True),
                name="involvement_donation_names_charity",
            ),
            models.CheckConstraint(
                condition=~models.Q(basis="kind", kind__isnull=True), name="involvement_kind_basis_has_kind"
            ),
            # A member is paid for a meeting once, however the activity was made.
            models.UniqueConstraint(
                fields=["user", "meeting"],
                condition=models.Q(meeting__isnull=False),
                name="involvement_one_activity_per_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.date:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("my_involvement:activity_detail", kwargs={"pk": self.pk})

    @property
    def is_planned(self) -> bool:
        """Still to come: its date is after today."""
        return self.date > timezone.localdate()

    @property
    def rate_amount(self) -> Decimal | None:
        """The hourly or daily rate the payment was worked out at, if it is paid."""
        if self.rate is None:
            return None
        if self.basis == PaymentBasis.DAILY:
            return self.rate.daily_rate
        if self.basis == PaymentBasis.HALF_DAY:
            return self.rate.half_day_amount
        return self.rate.hourly_rate

    @property
    def payment_status_label(self) -> str:
        """What the member reads: a payment for an activity still to come is planned, not yet due."""
        if self.payment_status == PaymentStatus.DUE and self.is_planned:
            return "Planned"
        return self.get_payment_status_display()


class TimeRecord(TimeStampedModel):
    """Time a member gave and recorded themselves. The coordinator checks it: approved, it becomes an
    activity paid like any other; returned, it goes back to the member with the reason, to correct and
    send again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvement_time_records"
    )
    date = models.DateField()
    description = models.CharField("what you did", max_length=200)
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="time_records"
    )
    meeting = models.ForeignKey(
        "communities.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=TimeRecordStatus.choices, default=TimeRecordStatus.WAITING
    )
    # Counts the times it was sent: each sending is its own notice to the coordinator.
    submission = models.PositiveSmallIntegerField(default=1, editable=False)
    return_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="time_record"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "time recorded by a member"
        verbose_name_plural = "time recorded by members"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=TIME_RECORD_MAX_HOURS),
                name="involvement_time_record_hours_sensible",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=TimeRecordStatus.RETURNED, return_reason=""),
                name="involvement_returned_time_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.description} ({self.date:%-d %B %Y})"

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "Record time once you have given it: this date is in the future."})
        if self.hours is not None and self.hours > TIME_RECORD_MAX_HOURS:
            raise ValidationError({"hours": f"Record at most {TIME_RECORD_MAX_HOURS:.0f} hours for one day."})
        if self.status == TimeRecordStatus.RETURNED and not self.return_reason.strip():
            raise ValidationError({"return_reason": "Say what the member should correct."})

    def get_absolute_url(self):
        return reverse("my_involvement:time_edit", kwargs={"pk": self.pk})


def receipt_upload_to(instance, filename):
    # A random name: a receipt's URL or file name must not reveal whose it is.
    extension = PurePath(filename).suffix.lower()
    return f"involvement/receipts/{uuid.uuid4().hex}{extension}"


def validate_receipt_size(file):
    if file.size > RECEIPT_MAX_BYTES:
        raise ValidationError("The receipt must be smaller than 5 MB.")


class Expense(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvement_expenses"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="expenses"
    )
    kind = models.CharField(max_length=10, choices=ExpenseKind.choices)
    description = models.CharField(
        max_length=200, help_text='For example "Bus fare to the meeting and back".'
    )
    incurred_on = models.DateField()
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    receipt = models.FileField(
        upload_to=receipt_upload_to,
        storage=private_storage,
        blank=True,
        validators=[UploadTypeValidator(RECEIPT_EXTENSIONS), validate_receipt_size],
        help_text="A photo or scan of the receipt: PDF, JPEG or PNG, up to 5 MB.",
    )
    status = models.CharField(max_length=10, choices=ExpenseStatus.choices, default=ExpenseStatus.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-incurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="involvement_expense_positive"),
            models.CheckConstraint(
                condition=~models.Q(status=ExpenseStatus.REJECTED, decision_reason=""),
                name="involvement_rejection_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description} ({format_money(self.amount)})"

    def clean(self):
        super().clean()
        if self.status == ExpenseStatus.REJECTED and not self.decision_reason.strip():
            raise ValidationError({"decision_reason": "Say why the claim was not approved."})
        if self.incurred_on and self.incurred_on > timezone.localdate():
            raise ValidationError(
                {"incurred_on": "Claim a cost once you have paid it: this date is in the future."}
            )

    def get_absolute_url(self):
        return reverse("my_involvement:expense_detail", kwargs={"pk": self.pk})


class PaymentRun(TimeStampedModel):
    """A batch of approved payments and expense claims sent to finance together, and later marked paid.

    Each item belongs to at most one run (a unique constraint on `PaymentRunItem`), so nothing is paid twice.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True, help_text='For example "November payments".')
    paid_on = models.DateField(null=True, blank=True, help_text="The day finance paid the run.")
    marked_paid_at = models.DateTimeField(null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(paid_on__isnull=True, marked_paid_at__isnull=True)
                | models.Q(paid_on__isnull=False, marked_paid_at__isnull=False),
                name="involvement_payment_run_paid_has_a_date",
            ),
        ]

    def __str__(self):
        return f"Payment run {self.pk}" + (f": {self.note}" if self.note else "")

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class PaymentRunItem(models.Model):
    """One payment for an activity, or one expense claim, in a payment run.

    The amount is the activity's `amount_due` or the claim's `amount`: neither changes once approved (both
    are read-only in the admin and no service rewrites them), so the run does not keep a copy."""

    run = models.ForeignKey(PaymentRun, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="payment_run_items"
    )
    expense = models.ForeignKey(
        Expense, null=True, blank=True, on_delete=models.PROTECT, related_name="payment_run_items"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            # The promise that nothing is paid twice: an activity or a claim is in one run at most.
            models.UniqueConstraint(fields=["activity"], name="involvement_activity_in_one_payment_run"),
            models.UniqueConstraint(fields=["expense"], name="involvement_expense_in_one_payment_run"),
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False, expense__isnull=True)
                | models.Q(activity__isnull=True, expense__isnull=False),
                name="involvement_payment_run_item_is_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.activity or self.expense} in {self.run}"

    @property
    def amount(self):
        return self.activity.amount_due if self.activity_id else self.expense.amount
