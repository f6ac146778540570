from django.db import models


class CaseStudyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"
