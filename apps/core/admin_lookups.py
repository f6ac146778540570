"""Admin lists filter only by the filters they offer.

Django's changelist turns any parameter of its query string into a lookup on the model, so
`?token__regex=^a` made a list answer yes or no about a field staff never see, one character at a time.
Here every admin registered on the site takes only the parameters its own links make: those its
`list_filter` filters read, its `date_hierarchy`, and the `limit_choices_to` lookups of the raw-id popups
Django opens on it. Any other lookup is a `DisallowedModelAdminLookup`, which Django answers with a 400.

`CoreConfig.ready()` gives this rule to every admin registered by then (ours and those of Django,
allauth and the other apps: the admin app, listed first, has discovered them all), and a system check
fails for any admin registered later without it.
"""

from functools import cache

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.widgets import url_params_from_lookup_dict
from django.core import checks


class ListedFiltersOnlyChangeList:
    """Mixed into a changelist class: once the admin's own filters have taken their parameters, whatever
    is left must be the date hierarchy's bounds or a raw-id popup's `limit_choices_to`."""

    def get_filters(self, request):
        asked = self.get_filters_params()
        filters = super().get_filters(request)
        left_over = filters[2]
        for key in left_over:
            if not (self._from_date_hierarchy(key, asked) or self._from_raw_id_popup(key, asked[key])):
                raise DisallowedModelAdminLookup(f"Filtering by {key} not allowed")
        return filters

    def _from_date_hierarchy(self, key, asked) -> bool:
        # Django turns the hierarchy's year, month and day into these two bounds.
        field = self.date_hierarchy
        return bool(field) and f"{field}__year" in asked and key in (f"{field}__gte", f"{field}__lt")

    def _from_raw_id_popup(self, key, values) -> bool:
        # The same test as Django's ModelAdmin.lookup_allowed: exactly the lookup and value a foreign key's
        # limit_choices_to puts in the popup's address.
        for lookups in self.model._meta.related_fkey_lookups:
            params = url_params_from_lookup_dict(lookups() if callable(lookups) else lookups)
            if key in params and all(value == params[key] for value in values):
                return True
        return False


@cache
def _listed_filters_only(changelist_class):
    if issubclass(changelist_class, ListedFiltersOnlyChangeList):
        return changelist_class
    return type(changelist_class.__name__, (ListedFiltersOnlyChangeList, changelist_class), {})


class ListedFiltersOnlyAdmin:
    """Mixed into every registered ModelAdmin by `allow_only_listed_filters` (an admin with its own
    changelist class keeps it, with the rule mixed in)."""

    def get_changelist(self, request, **kwargs):
        return _listed_filters_only(super().get_changelist(request, **kwargs))


def allow_only_listed_filters(site=admin.site) -> None:
    """Register every admin of `site` again as a subclass that filters only by its own filters."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, ListedFiltersOnlyAdmin):
            continue
        admin_class = type(model_admin)
        site.unregister(model)
        site.register(
            model,
            type(
                admin_class.__name__,
                (ListedFiltersOnlyAdmin, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            ),
        )


@checks.register(checks.Tags.admin)
def check_admins_filter_only_by_their_filters(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"The admin of {model._meta.label} accepts lookups on any field in its address.",
            hint="Register it before CoreConfig.ready() runs (in the app's admin.py), or pass its class "
            "through apps.core.admin_lookups.allow_only_listed_filters.",
            obj=type(model_admin),
            id="core.E001",
        )
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ListedFiltersOnlyAdmin)
    ]
