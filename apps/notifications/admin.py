from django.contrib import admin

from .models import NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest_frequency", "reminder_timings", "last_digest_up_to", "unsubscribed_at"]
    list_filter = ["digest_frequency"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["last_digest_up_to", "unsubscribed_at"]
