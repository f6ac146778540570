from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from apps.core.history import HistoryAdmin

from .enums import TERM_ROLES
from .models import ExpertiseArea, Profile, ProfileRole
from .selectors import RENEWAL_WINDOW_DAYS


class TermEndFilter(admin.SimpleListFilter):
    title = "term"
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return [
            ("renewal_due", f"Ends within {RENEWAL_WINDOW_DAYS} days"),
            ("ended", "Ended"),
            ("current", "Current"),
            ("no_end", "No end date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        prefix = "" if queryset.model is ProfileRole else "roles__"
        if self.value() == "renewal_due":
            return queryset.filter(
                **{
                    f"{prefix}role__in": TERM_ROLES,
                    f"{prefix}term_end__gte": today,
                    f"{prefix}term_end__lte": today + timedelta(days=RENEWAL_WINDOW_DAYS),
                }
            ).distinct()
        if self.value() == "ended":
            return queryset.filter(**{f"{prefix}term_end__lt": today}).distinct()
        if self.value() == "current":
            return queryset.filter(**{f"{prefix}term_end__gte": today}).distinct()
        if self.value() == "no_end":
            return queryset.filter(**{f"{prefix}term_end__isnull": True}).distinct()
        return queryset


class ProfileRoleInline(admin.TabularInline):
    model = ProfileRole
    extra = 1


@admin.register(Profile)
class ProfileAdmin(HistoryAdmin):
    list_display = ["name", "profession", "roles_display", "is_listed", "user"]
    list_filter = ["roles__role", TermEndFilter, "is_listed", "expertise"]
    list_select_related = ["user"]
    search_fields = ["name", "profession", "employer", "clinical_base", "user__email"]
    autocomplete_fields = ["user", "expertise"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProfileRoleInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_listed", "user"]}),
        (
            "Work",
            {"fields": ["profession", "clinical_base", "employer", "time_split", "expertise", "wider_roles"]},
        ),
        ("About", {"fields": ["orcid", "photo", "photo_alt_text", "biography"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("roles")

    @admin.display(description="Roles")
    def roles_display(self, obj):
        return ", ".join(role.get_role_display() for role in obj.roles.all())


@admin.register(ProfileRole)
class ProfileRoleAdmin(admin.ModelAdmin):
    """Terms of champions and fellows: filter "Ends within 90 days" to see who is due for renewal."""

    list_display = ["profile", "role", "term_start", "term_end", "days_left"]
    list_filter = [TermEndFilter, "role"]
    list_select_related = ["profile"]
    search_fields = ["profile__name"]
    autocomplete_fields = ["profile"]
    ordering = ["term_end", "profile__name"]
    date_hierarchy = "term_end"

    @admin.display(description="Days left", ordering="term_end")
    def days_left(self, obj):
        if obj.term_end is None:
            return "–"
        days = (obj.term_end - timezone.localdate()).days
        return "Ended" if days < 0 else days


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
