from django.db import models


class Audience(models.TextChoices):
    GROUPS = "groups", "The Link group, the Research User Group or both"
    COMMUNITY = "community", "The members of a community of practice"
    SEMINAR = "seminar", "Everyone registered for a seminar"


class MessageStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"
