"""The admin of the lists behind how members are paid: kinds of activity (with their paid time) and the
charities a member may give a payment to. Imported by admin.py."""

from django.contrib import admin

from apps.core.history import HistoryAdmin

from .payment_models import ActivityKind, Charity


@admin.register(ActivityKind)
class ActivityKindAdmin(HistoryAdmin):
    """A kind is paid as its paid time at the hourly rate in force on each activity's date."""

    list_display = ["name", "paid_time", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    @admin.display(description="paid as", ordering="paid_hours")
    def paid_time(self, obj):
        hours = obj.paid_hours.normalize()
        return f"{hours:f} hour" + ("" if hours == 1 else "s")

    def has_delete_permission(self, request, obj=None):
        # A kind already used is kept (activities point at it); untick "can be chosen" instead.
        if obj is not None and obj.activities.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Charity)
class CharityAdmin(HistoryAdmin):
    """The charities members may choose to give a payment to. Finance gives each donation in a run."""

    list_display = ["name", "registered_number", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "registered_number"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.donations.exists():
            return False
        return super().has_delete_permission(request, obj)
