from django.db import models


class RequestKind(models.TextChoices):
    """What the person asks for."""

    EVIDENCE = "evidence", "A question about the evidence"
    RESEARCH_SUPPORT = "research_support", "Help to plan how research will be used (for researchers)"


class RequesterRole(models.TextChoices):
    """Who is asking: the figures for the impact dashboard count these."""

    CLINICIAN = "clinician", "Clinician or health professional"
    COMMISSIONER = "commissioner", "Commissioner or policy maker"
    MANAGER = "manager", "Service manager"
    RESEARCHER = "researcher", "Researcher"
    PATIENT_CARER = "patient_carer", "Patient or carer"
    OTHER = "other", "Someone else"


class ResearchStage(models.TextChoices):
    """Where a researcher's study or funding application is."""

    IDEA = "idea", "An early idea"
    DESIGNING = "designing", "Designing the study"
    WRITING = "writing", "Writing the funding application"
    RESUBMITTING = "resubmitting", "Revising it after feedback"
    FUNDED = "funded", "Funded, about to start"


class RequestStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PROGRESS = "in_progress", "In progress"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


# The states a request may move to from each state (services check every change against this).
NEXT_STATUSES = {
    RequestStatus.NEW: {RequestStatus.ACCEPTED, RequestStatus.DECLINED},
    RequestStatus.ACCEPTED: {RequestStatus.IN_PROGRESS, RequestStatus.ANSWERED},
    RequestStatus.IN_PROGRESS: {RequestStatus.ANSWERED},
    RequestStatus.ANSWERED: {RequestStatus.CLOSED},
    RequestStatus.DECLINED: {RequestStatus.CLOSED},
    RequestStatus.CLOSED: set(),
}
# Requests still waiting for the unit to act: the brokers' digest lists these.
OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS)

# What the person who asked reads on their status page for each state.
STATUS_FOR_ASKER = {
    RequestStatus.NEW: "We have your question. A knowledge broker will look at it within 5 working days.",
    RequestStatus.ACCEPTED: (
        "A knowledge broker has taken on your question and will start looking for evidence."
    ),
    RequestStatus.DECLINED: "We are not able to take on this question. We have emailed you to explain why.",
    RequestStatus.IN_PROGRESS: "A knowledge broker is looking for evidence and putting the answer together.",
    RequestStatus.ANSWERED: "We have emailed you our answer. You can reply to that email with any questions.",
    RequestStatus.CLOSED: "This request is closed. Thank you for asking us.",
}
