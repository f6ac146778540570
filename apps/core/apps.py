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

        # Admin lists filter only by the filters they offer (no `?secret_field__regex=` probing). The
        # admin app is listed first, so every admin.py has been read and registered by now.
        from django.contrib import admin

        from .admin_lookups import allow_only_listed_filters

        allow_only_listed_filters(admin.site)

        # SQLite (the embedded default) learns the similar-word function before any connection opens, so
        # search forgives misspellings there as pg_trgm does on PostgreSQL (text_search.py).
        from . import text_search  # noqa: F401
