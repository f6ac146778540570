"""A case study assembles impacts into the five sections of a REF impact case study. Every save keeps a
version (django-simple-history), which staff can read at /staff/impacts/case-studies/<id>/versions/."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.models import TimeStampedModel

from .enums import CaseStudyStatus
from .sections import section_states


class CaseStudy(TimeStampedModel):
    title = models.CharField(max_length=200, help_text="What changed, and where, in a few words.")
    impacts = models.ManyToManyField(
        "evidence.Impact", related_name="case_studies", help_text="The impacts this case study is about."
    )
    summary = models.TextField("summary of the impact", blank=True)
    underpinning_research = models.TextField(blank=True)
    references = models.TextField("references to the research", blank=True)
    details = models.TextField("details of the impact", blank=True)
    sources = models.TextField("sources to corroborate the impact", blank=True)
    status = models.CharField(max_length=8, choices=CaseStudyStatus.choices, default=CaseStudyStatus.DRAFT)

    history = HistoricalRecords()

    class Meta:
        app_label = "evidence"
        verbose_name_plural = "case studies"
        ordering = ["-updated_at", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("case_studies:detail", kwargs={"pk": self.pk})

    @property
    def sections(self):
        return section_states(self)

    @property
    def warnings(self) -> list[str]:
        return [state.warning for state in self.sections if state.warning]

    @property
    def word_counts_text(self) -> str:
        """The words of the written sections (summary, research, details), e.g. "98, 430, 702"."""
        return ", ".join(str(state.words) for state in self.sections if not state.section.is_list)

    @property
    def is_final(self) -> bool:
        return self.status == CaseStudyStatus.FINAL
