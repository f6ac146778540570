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
    PAID = "paid", "I would like to be paid for my time"
    VOLUNTEER = "volunteer", "I would like to volunteer my time"
    DECLINED = "declined", "I decline payment (for example, because of benefits)"


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
    DAILY = "daily", "Daily rate"


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
