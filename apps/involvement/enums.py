from django.db import models


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    POST = "post", "Post"


class PaymentPreference(models.TextChoices):
    """How a member wants a payment for their time made (the national guidance: they may accept it, have
    it given to a charity, or decline it). Old "volunteer" choices became "declined" with expenses only."""

    PAID = "paid", "Pay me for my time"
    VOUCHERS = "vouchers", "Pay me in shopping vouchers"
    DONATED = "donated", "Give it to a charity from the unit's list"
    DECLINED = "declined", "No payment for my time, thank you"


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for interest"
    CLOSED = "closed", "Closed"


class InterestStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected this time"


class PaymentBasis(models.TextChoices):
    HOURLY = "hourly", "Hourly rate"
    HALF_DAY = "half_day", "Half-day rate"
    DAILY = "daily", "Daily rate"
    KIND = "kind", "Paid time for the kind of activity"


class EmploymentStatus(models.TextChoices):
    """The decision, made for each opportunity before it is published, on what paying for it is in law."""

    INVOLVEMENT = "involvement", "Involvement, not employment"
    INVOICE = "invoice", "Needs an invoice (self-employed)"
    PAYROLL = "payroll", "Needs payroll"


class PaymentStatus(models.TextChoices):
    NOT_DUE = "not_due", "No payment (volunteered or declined)"
    DUE = "due", "Due, waiting for approval"
    APPROVED = "approved", "Approved for payment"
    PAID = "paid", "Paid"


class ExpenseKind(models.TextChoices):
    TRAVEL = "travel", "Travel"
    CARER = "carer", "Carer costs"
    OTHER = "other", "Other"


class ExpenseStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    PAID = "paid", "Paid"


class ActivitySource(models.TextChoices):
    COORDINATOR = "coordinator", "Recorded by the coordinator"
    MEMBER = "member", "Recorded by the member"
    ATTENDANCE = "attendance", "From a meeting's attendance"


class TimeRecordStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the coordinator to check"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Sent back to you to correct"
