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
