from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "apps.impact"
    label = "impact"
    verbose_name = "You said, we did (impact log)"
