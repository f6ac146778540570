from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from apps.core.models import TimeStampedModel, Topic
from apps.involvement.models import Activity, Opportunity
from apps.people.names import public_name

from .enums import EntryStatus, HearAbout


class Standard(models.Model):
    """One of the six UK Standards for Public Involvement (created by a data migration)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "UK Standard for Public Involvement"
        verbose_name_plural = "UK Standards for Public Involvement"

    def __str__(self):
        return self.name


class ImpactEntry(TimeStampedModel):
    """One "you said, we did": what members advised, and what changed because of it."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="impact_entries"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="impact_entries"
    )
    you_said = models.TextField("you said", help_text="What members advised, in plain English.")
    we_did = models.TextField("we did", help_text="What changed because of it.")
    happened_on = models.DateField("date", help_text="When the change was made.")
    standards = models.ManyToManyField(
        Standard, related_name="entries", help_text="The UK Standards for Public Involvement it shows."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="impact_entries")
    status = models.CharField(max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_highlight = models.BooleanField(
        default=False, help_text="Show it among the highlights of the annual report."
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = "impact log entry"
        verbose_name_plural = "impact log entries"
        permissions = [("publish_impactentry", "Can publish impact log entries")]
        indexes = [models.Index(fields=["status", "happened_on"], name="impact_entry_status_date_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("impact:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if not self.you_said.strip():
            raise ValidationError({"you_said": "Say what members advised."})
        if not self.we_did.strip():
            raise ValidationError({"we_did": "Say what changed because of it."})

    @property
    def is_published(self) -> bool:
        return self.status == EntryStatus.PUBLISHED

    @property
    def named_members(self) -> list[str]:
        """Public names of the members who chose to be named (reads prefetched contributions and users).

        A member with no name to show (no display name, no listed profile) is counted, not named: never
        by their email address.
        """
        names = (
            public_name(contribution.user, default="")
            for contribution in self.contributions.all()
            if contribution.named
        )
        return [name for name in names if name]


class Contribution(TimeStampedModel):
    """A member who gave the advice an entry reports. Whether they are named is their own choice."""

    entry = models.ForeignKey(ImpactEntry, on_delete=models.CASCADE, related_name="contributions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="impact_contributions"
    )
    named = models.BooleanField(
        default=False, help_text="The member agreed to be named on the public page. Only they change it."
    )
    # When the member's news became due (the entry was published, or they were added to a published
    # entry). Set once: the digest and the at-once email both read it, so they are told only once.
    news_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "user"], name="impact_contribution_once")]
        indexes = [models.Index(fields=["news_at"], name="impact_contribution_news_idx")]

    def __str__(self):
        return f"{self.user} in {self.entry}"


class MemberPreference(TimeStampedModel):
    """How a member wants to hear about impact log entries on their work. No row means the digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="impact_preference"
    )
    hear_about = models.CharField(
        "when an entry about your work is published",
        max_length=10,
        choices=HearAbout.choices,
        default=HearAbout.DIGEST,
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hear_about__in=HearAbout.values), name="impact_preference_known_choice"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_hear_about_display()}"
