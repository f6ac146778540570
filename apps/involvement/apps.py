from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "apps.involvement"
    label = "involvement"
    verbose_name = "Patient and public involvement"
