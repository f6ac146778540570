from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django import forms

        # Plain English for the message people meet most often (many of our users are patients).
        forms.Field.default_error_messages["required"] = "Please fill this in."
