from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from django import forms

        # Plain English for the message people meet most often (many of our users are patients).
        forms.Field.default_error_messages["required"] = "Please fill this in."

        # Cache plumbing, not domain logic: the anonymous page cache forgets its pages whenever a model
        # they show is saved or deleted, by whoever (services, admin, migrations). See page_cache.py.
        from .page_cache import connect_invalidation, source_models

        connect_invalidation(source_models())
