import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel


class WaitingEmailPreference(TimeStampedModel):
    """Whether a member of staff wants "Waiting for you" by email every Monday. They alone set it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_email_preference"
    )
    weekly = models.BooleanField("email me what is waiting for me every Monday morning", default=False)

    def __str__(self):
        return f"{self.user}: {'weekly' if self.weekly else 'no email'}"


class ReportNarrative(TimeStampedModel):
    """What staff write for the annual report of one period: a short story of the period and its
    highlights. The report at /staff/impact/report/?start=&end= shows the narrative of exactly that
    period (the financial year by default)."""

    starts_on = models.DateField(
        "period starts", help_text="The report's first day, for example 1 April 2026."
    )
    ends_on = models.DateField("period ends", help_text="The report's last day, for example 31 March 2027.")
    narrative = models.TextField(
        "our story this period",
        help_text="A few short paragraphs for the funder: what the unit set out to do, what changed and what "
        "comes next. Leave a blank line between paragraphs.",
    )
    highlights = models.TextField(
        blank=True, help_text="One highlight a line: a sentence each, the most important first."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "annual report narrative"
        ordering = ["-starts_on", "-ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on", "ends_on"], name="staff_report_narrative_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="staff_report_narrative_ends_after",
            ),
        ]

    def __str__(self):
        return f"Report narrative {self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last day must be on or after the first day."})

    @property
    def paragraphs(self) -> list[str]:
        return [
            part.strip()
            for part in re.split(r"\n\s*\n", self.narrative.replace("\r\n", "\n"))
            if part.strip()
        ]

    @property
    def highlight_list(self) -> list[str]:
        return [line.strip().lstrip("-*•").strip() for line in self.highlights.splitlines() if line.strip()]
