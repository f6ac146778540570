from django.db import models


class ImpactLevel(models.TextChoices):
    """How far the change went (the levels Pure uses): people heard of it, used it, or it did good."""

    ENGAGEMENT = "engagement", "Engagement: people took part or took notice"
    ADOPTION = "adoption", "Adoption: a practice, service or policy changed"
    BENEFIT = "benefit", "Benefit: patients or services are better off"


class ImpactStatus(models.TextChoices):
    """How sure the unit is: said by someone, backed by evidence, confirmed by someone outside."""

    CLAIMED = "claimed", "Claimed"
    EVIDENCED = "evidenced", "Evidenced"
    VERIFIED = "verified", "Verified"


class Confidentiality(models.TextChoices):
    PUBLIC = "public", "Public"
    STAFF_ONLY = "staff_only", "Staff only"


class EvidenceKind(models.TextChoices):
    TESTIMONIAL = "testimonial", "Testimonial or letter"
    DOCUMENT = "document", "Document or link"
    FIGURE = "figure", "Figure"
    CITATION = "citation", "Policy or guideline citation"
    CONTACT = "contact", "Corroborating contact (staff only)"


# Kinds that come from someone outside the unit confirming the change: a verified impact needs one.
CORROBORATING_KINDS = (EvidenceKind.TESTIMONIAL, EvidenceKind.CITATION, EvidenceKind.CONTACT)


class FollowUpAfter(models.IntegerChoices):
    """When a follow-up goes: days after a request's answer was sent, or after a seminar took place."""

    DAYS_30 = 30, "30 days"
    DAYS_90 = 90, "90 days"


class Helped(models.TextChoices):
    """The answer to "Did it help?" (for a seminar: "Did you?")."""

    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class ProposalState(models.TextChoices):
    """A follow-up answer reporting a change is proposed to staff as an impact; they accept or dismiss it."""

    NONE = "none", "Nothing to propose"
    PROPOSED = "proposed", "Proposed to staff"
    ACCEPTED = "accepted", "Accepted as an impact"
    DISMISSED = "dismissed", "Dismissed"
