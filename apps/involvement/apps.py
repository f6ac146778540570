from django.apps import AppConfig


class InvolvementConfig(AppConfig):
    name = "apps.involvement"
    label = "involvement"
    verbose_name = "Patient and public involvement"

    def ready(self):
        # Benefits limits, written offers and letters live in their own module; importing it here
        # registers its models with the app's others.
        from . import benefits_models  # noqa: F401
