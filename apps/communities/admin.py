import csv

from django.contrib import admin
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html

from apps.accounts.reauthentication import require_recent_authentication
from apps.core.exports import csv_cell

from .enums import MembershipStatus
from .meeting_services import CALENDAR_FIELDS, meeting_cancel, meeting_create, meeting_update
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
from .permissions import is_staff_manager
from .services import (
    membership_approve,
    membership_decline,
    membership_set_role,
)

# What the meeting services change (the time and place, and what members read).
MEETING_FIELDS = (*CALENDAR_FIELDS, "agenda", "notes", "changes_reported")


class ReadOnlyInline(admin.TabularInline):
    """A list with links, never a form: a change here would skip the service (and its emails)."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    """Approve or decline requests with the actions of Community memberships, which email the requester."""

    model = Membership
    fields = ["user", "role", "status", "decided_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "community")


class MeetingInline(ReadOnlyInline):
    """Move or cancel a meeting on its own page, which emails the members an updated invitation."""

    model = Meeting
    fields = ["title", "start", "end", "mode", "cancelled"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("community")


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
    # The status changes only through the actions (which email the requester); the role through the
    # service. People ask to join on the community's page, so there is no adding here.
    # Whether a facilitator is named publicly is the member's own choice, made on the community's page.
    fields = [
        "user",
        "community",
        "role",
        "status",
        "named_publicly",
        "decided_at",
        "decided_by",
        "created_at",
    ]
    readonly_fields = [
        "user",
        "community",
        "status",
        "named_publicly",
        "decided_at",
        "decided_by",
        "created_at",
    ]
    actions = ["approve_requests", "decline_requests"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "role" in form.changed_data:
            stored = Membership.objects.select_related("community").get(pk=obj.pk)
            membership_set_role(membership=stored, actor=request.user, role=form.cleaned_data["role"])
        obj.refresh_from_db()

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


class PaperInline(ReadOnlyInline):
    """Papers are private files: linked through the members' permission-checked download, never a
    storage URL (private storage has none). Facilitators add and remove them on the meeting's page."""

    model = MeetingPaper
    fields = ["title", "download", "uploaded_by", "created_at"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting__community", "uploaded_by")

    @admin.display(description="file")
    def download(self, paper):
        return format_html('<a href="{}">Download</a>', paper.get_absolute_url())


class AttendanceInline(ReadOnlyInline):
    """Attendance is recorded by the facilitator after the meeting (the service keeps the counts right)."""

    model = Attendance
    fields = ["user", "recorded_by"]
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "recorded_by")


@admin.action(description="Download attendance as CSV", permissions=["export_attendance"])
def export_attendance_csv(modeladmin, request, queryset):
    require_recent_authentication(request)  # names and email addresses: confirm who is asking first
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
    fields = [
        "community",
        "title",
        "start",
        "end",
        "mode",
        "venue",
        "join_link",
        "agenda",
        "notes",
        "changes_reported",
        "cancelled",
        "sequence",
        "anonymous_attendance",
    ]
    inlines = [PaperInline, AttendanceInline]
    actions = [export_attendance_csv]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["sequence", "anonymous_attendance"]
        if obj is None:
            fixed.append("cancelled")
        else:
            fixed.append("community")  # a meeting does not move between communities
            if obj.cancelled:
                fixed.append("cancelled")  # there is no un-cancelling: make a new meeting
        return fixed

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # Say what saving will do: the same emails as the facilitator's pages send.
        if obj is not None and "start" in form.base_fields:
            form.base_fields[
                "start"
            ].help_text = "Changing the time or place emails every member an updated calendar invitation."
        if "cancelled" in form.base_fields:
            form.base_fields[
                "cancelled"
            ].help_text = "Cancels the meeting and emails every member a cancellation. It cannot be undone."
        return form

    # The services let staff act on meetings only with the permission to manage communities; the admin
    # asks the same, so a save never fails half-way.
    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_staff_manager(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_staff_manager(request.user)

    def has_export_attendance_permission(self, request):
        # The export names members with their email addresses: the view permission on the attendance
        # rows AND on memberships (who the members are, their roles).
        return request.user.has_perm("communities.view_attendance") and request.user.has_perm(
            "communities.view_membership"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attended_total=Count("attendances"))

    @admin.display(description="attended", ordering="attended_total")
    def attended(self, meeting):
        return meeting.attended_total + meeting.anonymous_attendance

    def save_model(self, request, obj, form, change):
        """Through the same services as the facilitator's pages, so members get the same emails (an
        updated invitation with SEQUENCE raised when the time or place changes, a cancellation)."""
        data = form.cleaned_data
        if not change:
            created = meeting_create(
                community=data["community"],
                actor=request.user,
                **{name: data[name] for name in MEETING_FIELDS if name in data},
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            return
        # The form has already written the new values onto `obj`: the service gets the meeting as stored,
        # so it sees what changed.
        stored = Meeting.objects.select_related("community").get(pk=obj.pk)
        changes = {name: data[name] for name in form.changed_data if name in MEETING_FIELDS}
        if changes:
            meeting_update(meeting=stored, actor=request.user, **changes)
        if "cancelled" in form.changed_data and data["cancelled"]:
            meeting_cancel(meeting=Meeting.objects.get(pk=obj.pk), actor=request.user)
        obj.refresh_from_db()


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
    # The link is a password to the member's calendar (with join links): staff may delete a feed to
    # revoke it, but see nothing the link is made from (its key), and no list filter offers it.
    fields = ["user"]
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
