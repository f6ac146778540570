from django.db import models


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "Draft (only staff see it)"
    PUBLISHED = "published", "Published"


class HearAbout(models.TextChoices):
    """How a member wants to hear that an entry about their work was published."""

    AT_ONCE = "at_once", "Email me straight away"
    DIGEST = "digest", "Put it in my email digest"
    NEVER = "never", "Do not email me about this"
