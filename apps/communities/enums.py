from django.db import models


class MemberRole(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    ACADEMIC = "academic", "Academic"
    COMMISSIONER = "commissioner", "Commissioner"
    PATIENT_OR_PUBLIC = "patient_or_public", "Patient or public member"
    KNOWLEDGE_BROKER = "knowledge_broker", "Knowledge broker"
    FACILITATOR = "facilitator", "Facilitator"
    OTHER = "other", "Other"


# Roles whose holders are named publicly on the community page (and on their people profile).
PUBLIC_ROLES = (MemberRole.FACILITATOR, MemberRole.KNOWLEDGE_BROKER)
# Roles a person may choose for themselves when asking to join; facilitators are appointed.
SELF_CHOSEN_ROLES = [choice for choice in MemberRole.choices if choice[0] != MemberRole.FACILITATOR]


class VisitorRole(models.TextChoices):
    """What someone without an account says they are when they ask to join. Each value is also a
    MemberRole value, so the membership an approval creates records the same role (impact counts it)."""

    CLINICIAN = MemberRole.CLINICIAN.value, "Clinician"
    ACADEMIC = MemberRole.ACADEMIC.value, "Academic or researcher"
    COMMISSIONER = MemberRole.COMMISSIONER.value, "Commissioner"
    PATIENT_OR_PUBLIC = MemberRole.PATIENT_OR_PUBLIC.value, "Patient or carer"
    OTHER = MemberRole.OTHER.value, "Something else"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", "Asked to join"
    APPROVED = "approved", "Member"
    DECLINED = "declined", "Declined"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed by a facilitator"


# A membership that has ended: the record stays (history of who was a member when), it no longer counts.
ENDED_STATUSES = (MembershipStatus.LEFT, MembershipStatus.REMOVED)


class RsvpAnswer(models.TextChoices):
    GOING = "going", "Going"
    MAYBE = "maybe", "Maybe"
    NOT_GOING = "not_going", "Not going"


class OutputKind(models.TextChoices):
    RESOURCE = "resource", "Resource"
    PATHWAY_CHANGE = "pathway_change", "Pathway change"
    PUBLICATION = "publication", "Publication"
    OTHER = "other", "Other"
