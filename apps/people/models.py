from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel
from apps.core.uploads import IMAGE_EXTENSIONS, UploadTypeValidator

from .enums import PersonRole

orcid_validator = RegexValidator(
    r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$", "Enter an ORCID iD like 0000-0002-1825-0097."
)


class ExpertiseArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Profile(TimeStampedModel):
    """A person the unit lists publicly. Not necessarily someone with an account."""

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="profile"
    )
    is_listed = models.BooleanField(
        default=True,
        help_text="Shown on the public People pages. Patient members are listed only if they agree.",
    )
    profession = models.CharField(
        max_length=120, blank=True, help_text="For example GP or consultant physiotherapist."
    )
    clinical_base = models.CharField(max_length=200, blank=True)
    employer = models.CharField(max_length=200, blank=True)
    time_split = models.CharField(
        max_length=200,
        blank=True,
        help_text="How their week is split, e.g. half in clinic, half in the unit.",
    )
    expertise = models.ManyToManyField(ExpertiseArea, blank=True, related_name="profiles")
    wider_roles = models.TextField(blank=True, help_text="Regional and national roles.")
    orcid = models.CharField("ORCID iD", max_length=19, blank=True, validators=[orcid_validator])
    photo = models.ImageField(
        upload_to="people/",
        blank=True,
        validators=[UploadTypeValidator(IMAGE_EXTENSIONS)],
        help_text="A JPEG, PNG or WebP photo.",
    )
    photo_alt_text = models.CharField(max_length=200, blank=True)
    biography = models.TextField(blank=True)

    # Changes to what we publish about a person are audited: who changed what, and when.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt_text:
            raise ValidationError({"photo_alt_text": "Describe the photo for people who cannot see it."})


class ProfileRole(models.Model):
    """A role a person holds in the unit, with term dates for champions and fellows."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=PersonRole.choices)
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "role"], name="profile_role_once"),
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True)
                | models.Q(term_start__isnull=True)
                | models.Q(term_end__gte=models.F("term_start")),
                name="profile_role_term_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.profile}: {self.get_role_display()}"

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": "The term must end after it starts."})
