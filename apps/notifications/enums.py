from django.db import models


class DigestFrequency(models.TextChoices):
    OFF = "off", "Never"
    WEEKLY = "weekly", "Weekly, on Monday mornings"
    MONTHLY = "monthly", "Monthly, on the first of the month"


class ReminderTiming(models.TextChoices):
    """When a member may choose to be reminded of a meeting or seminar they are going to.

    The values are the labels of the outbox keys (`services.offset_label`) of REMINDER_OFFSETS and
    REMINDER_SHORT_NOTICE, so a reminder chosen here is the very one those settings send.
    """

    WEEK_BEFORE = "7d", "A week before"
    DAY_BEFORE = "1d", "The day before"
    MORNING = "morning", "On the morning of the day (at 7am)"
    HOUR_BEFORE = "1h", "An hour before, if it is online"
