"""The annual report's narrative is written here, one per period; /staff/impact/report/ links to it."""

from django.contrib import admin

from apps.core.history import HistoryAdmin

from .models import ReportNarrative


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(HistoryAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "updated_at"]
    date_hierarchy = "starts_on"
    search_fields = ["narrative", "highlights"]
    fields = ["starts_on", "ends_on", "narrative", "highlights"]
