import csv

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone

from apps.core.exports import csv_cell

from .enums import MembershipStatus
from .models import (
    Attendance,
    CalendarFeed,
    Community,
    JoinRequest,
    Meeting,
    MeetingPaper,
    Membership,
    Output,
)
from .services import CALENDAR_FIELDS, membership_approve, membership_decline


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "status", "decided_at"]
    readonly_fields = ["decided_at"]


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["title", "start", "end", "mode", "cancelled"]
    show_change_link = True


HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class OutputInline(admin.StackedInline):
    model = Output
    extra = 0
    formfield_overrides = HTTPS_URLS


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "is_active", "member_count", "meeting_count"]
    list_filter = ["is_active", "region", "topics"]
    search_fields = ["name", "focus", "purpose", "region"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["topics"]
    inlines = [MembershipInline, MeetingInline, OutputInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count(
                    "memberships", filter=Q(memberships__status=MembershipStatus.APPROVED), distinct=True
                ),
                meeting_total=Count("meetings", distinct=True),
            )
        )

    @admin.display(description="members", ordering="member_total")
    def member_count(self, community):
        return community.member_total

    @admin.display(description="meetings", ordering="meeting_total")
    def meeting_count(self, community):
        return community.meeting_total


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "status", "created_at"]
    list_filter = ["status", "role", "community"]
    search_fields = ["user__email", "user__display_name", "community__name"]
    list_select_related = ["user", "community"]
    autocomplete_fields = ["user", "community"]
    readonly_fields = ["decided_at", "decided_by"]
    actions = ["approve_requests", "decline_requests"]

    def _decide(self, request, queryset, service, verb):
        done = 0
        for membership in queryset.filter(status=MembershipStatus.REQUESTED).select_related(
            "user", "community"
        ):
            service(membership=membership, actor=request.user)
            done += 1
        self.message_user(request, f"{done} request(s) {verb}; each requester is emailed.")

    @admin.action(description="Approve selected requests (emails each requester)", permissions=["change"])
    def approve_requests(self, request, queryset):
        self._decide(request, queryset, membership_approve, "approved")

    @admin.action(description="Decline selected requests (emails each requester)", permissions=["change"])
    def decline_requests(self, request, queryset):
        self._decide(request, queryset, membership_decline, "declined")


class PaperInline(admin.TabularInline):
    model = MeetingPaper
    extra = 0
    fields = ["title", "file"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.action(description="Download attendance as CSV", permissions=["export_attendance"])
def export_attendance_csv(modeladmin, request, queryset):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(["community", "meeting", "start", "name", "email", "role"])
    attendances = (
        Attendance.objects.filter(meeting__in=queryset)
        .select_related("meeting__community", "user")
        .order_by("meeting__start", "user__display_name")
    )
    roles = {
        (m.community_id, m.user_id): m.get_role_display()
        for m in Membership.objects.filter(community__meetings__in=queryset).distinct()
    }
    for attendance in attendances:
        meeting = attendance.meeting
        writer.writerow(
            csv_cell(value)
            for value in [
                meeting.community.name,
                meeting.title,
                timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
                attendance.user.get_full_name(),
                attendance.user.email,
                roles.get((meeting.community_id, attendance.user_id), ""),
            ]
        )
    for meeting in queryset.filter(anonymous_attendance__gt=0).select_related("community"):
        writer.writerow(
            csv_cell(value)
            for value in [
                meeting.community.name,
                meeting.title,
                timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M"),
                f"{meeting.anonymous_attendance} erased attendee(s)",
                "",
                "",
            ]
        )
    return response


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "community", "start", "mode", "cancelled", "attended"]
    list_filter = ["cancelled", "mode", "community", ("start", admin.DateFieldListFilter)]
    search_fields = ["title", "community__name", "agenda"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    date_hierarchy = "start"
    readonly_fields = ["sequence", "anonymous_attendance"]
    inlines = [PaperInline, AttendanceInline]
    actions = [export_attendance_csv]

    def has_export_attendance_permission(self, request):
        # The export names members with their email addresses: staff who may see memberships only.
        return request.user.has_perm("communities.view_membership")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attended_total=Count("attendances"))

    @admin.display(description="attended", ordering="attended_total")
    def attended(self, meeting):
        return meeting.attended_total + meeting.anonymous_attendance

    def save_model(self, request, obj, form, change):
        # Same rule as the service: a change of time or place is a new calendar revision, same UID.
        if change and (set(form.changed_data) & (set(CALENDAR_FIELDS) | {"cancelled"})):
            obj.sequence += 1
        super().save_model(request, obj, form, change)


@admin.register(Output)
class OutputAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "community", "kind", "created_at"]
    list_filter = ["kind", "community"]
    search_fields = ["title", "description", "community__name"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "updated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    # The token is a password to the member's calendar (with join links): staff may delete a feed to
    # revoke it, but never read it.
    exclude = ["token"]
    autocomplete_fields = ["user"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Read-only: requests are decided on the community's requests page, which calls the services (an
    approval creates an account and a membership and emails the person)."""

    list_display = ["name", "community", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role", "community"]
    search_fields = ["name", "email", "organisation", "community__name"]
    list_select_related = ["community"]
    readonly_fields = [field.name for field in JoinRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
