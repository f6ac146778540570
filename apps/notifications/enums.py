from django.db import models


class DigestFrequency(models.TextChoices):
    OFF = "off", "Never"
    WEEKLY = "weekly", "Weekly, on Monday mornings"
    MONTHLY = "monthly", "Monthly, on the first of the month"
