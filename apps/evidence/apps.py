from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Impact evidence: changes that happened OUTSIDE the unit, what led to them and the proof.

    Not to be confused with `apps.impact`, the "you said, we did" log of public involvement."""

    name = "apps.evidence"
    label = "evidence"
    verbose_name = "Impact evidence"
