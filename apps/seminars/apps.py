from django.apps import AppConfig


class SeminarsConfig(AppConfig):
    name = "apps.seminars"
    label = "seminars"
    verbose_name = "Seminars"
