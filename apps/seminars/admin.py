import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.accounts.reauthentication import require_recent_authentication
from apps.core.exports import csv_row
from apps.core.history import HistoryAdmin
from apps.core.readability import ReadabilityAdminMixin

from .enums import RegistrationStatus
from .forms import AnnouncementForm
from .models import Announcement, Feedback, Registration, Seminar, SeminarSeries, Speaker
from .services import (
    CHANGE_FIELDS,
    registration_cancel,
    registration_set_attendance,
    seminar_cancel,
    seminar_email_registrants,
    seminar_fill_from_waitlist,
    seminar_reschedule,
    seminar_send_follow_up,
)

# Registrations name people, with their email, organisation and access requirements: exporting them needs
# the view permission on registrations AND this one, and a fresh confirmation of who is asking.
PERSONAL_DETAILS_PERMISSION = "seminars.view_personal_details"


def may_export_registrations(request) -> bool:
    return request.user.has_perm("seminars.view_registration") and request.user.has_perm(
        PERSONAL_DETAILS_PERMISSION
    )


CSV_COLUMNS = [
    ("Seminar", lambda r: r.seminar.title),
    ("Name", lambda r: r.name),
    ("Email", lambda r: r.email),
    ("Organisation", lambda r: r.organisation),
    ("Role", lambda r: r.get_role_display()),
    ("Access requirements", lambda r: r.access_requirements),
    ("Status", lambda r: r.get_status_display()),
    ("Registered", lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
    ("Attended", lambda r: {True: "yes", False: "no", None: ""}[r.attended]),
]


def registrations_csv_response(registrations, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    for registration in registrations:
        writer.writerow(csv_row(get(registration) for _, get in CSV_COLUMNS))
    return response


@admin.register(SeminarSeries)
class SeminarSeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "seminar_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(seminar_total=Count("seminars"))

    @admin.display(description="Seminars", ordering="seminar_total")
    def seminar_count(self, obj):
        return obj.seminar_total


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1
    autocomplete_fields = ["profile"]
    fields = ["order", "profile", "name", "affiliation", "talk_title"]


@admin.register(Seminar)
class SeminarAdmin(ReadabilityAdminMixin, admin.ModelAdmin):
    readability_fields = ("description",)
    readability_public_when = ("is_published", True)
    list_display = ["title", "starts_at", "capacity", "confirmed", "waitlisted", "cancelled"]
    list_filter = ["series", "mode", "cancelled", "is_published"]
    list_select_related = ["series"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["series"]
    inlines = [SpeakerInline]
    readonly_fields = ["sequence", "cancelled", "staff_links"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["export_registrations", "send_follow_up", "cancel_seminars"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", "is_published", "staff_links"]}),
        ("When and where", {"fields": ["starts_at", "ends_at", "mode", "venue", "address", "join_link"]}),
        ("About", {"fields": ["description", "audience", "accessibility"]}),
        ("Registration", {"fields": ["capacity", "registration_opens_at", "registration_closes_at"]}),
        ("Afterwards", {"fields": ["slides", "slides_link", "recording_link", "summary"]}),
        ("Calendar", {"fields": ["sequence", "cancelled"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
                ),
                waitlisted_total=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
                ),
            )
        )

    def _registrations_link(self, obj, status, count):
        url = (
            reverse("admin:seminars_registration_changelist")
            + f"?seminar__id__exact={obj.pk}&status__exact={status}"
        )
        return format_html('<a href="{}">{}</a>', url, count)

    @admin.display(description="Places taken", ordering="confirmed_total")
    def confirmed(self, obj):
        return self._registrations_link(obj, RegistrationStatus.CONFIRMED, obj.confirmed_total)

    @admin.display(description="Waiting list", ordering="waitlisted_total")
    def waitlisted(self, obj):
        return self._registrations_link(obj, RegistrationStatus.WAITLISTED, obj.waitlisted_total)

    @admin.display(description="Registrations")
    def staff_links(self, obj):
        if not obj.pk:
            return "-"
        registrations = reverse("admin:seminars_registration_changelist") + f"?seminar__id__exact={obj.pk}"
        email = reverse("admin:seminars_seminar_email", args=[obj.pk])
        export = reverse("admin:seminars_seminar_export", args=[obj.pk])
        return format_html(
            '<a href="{}">Registrations and waiting list</a> · <a href="{}">Download as CSV</a> · '
            '<a href="{}">Email everyone registered</a>',
            registrations,
            export,
            email,
        )

    def save_model(self, request, obj, form, change):
        """Time and place changes go through seminar_reschedule, so registrants get an updated invite."""
        if not change:
            super().save_model(request, obj, form, change)
            return
        changed_logistics = {
            name: form.cleaned_data[name] for name in CHANGE_FIELDS if name in form.changed_data
        }
        other_fields = [name for name in form.changed_data if name not in CHANGE_FIELDS]
        if other_fields:
            stored = Seminar.objects.get(pk=obj.pk)
            for name in CHANGE_FIELDS:  # leave the logistics to the service
                setattr(obj, name, getattr(stored, name))
            obj.save()
        if changed_logistics:
            try:
                seminar_reschedule(seminar=obj, **changed_logistics)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.info(
                    request, "Everyone registered has been emailed the new details and an updated invite."
                )
            obj.refresh_from_db()
        if "capacity" in form.changed_data:
            promoted = seminar_fill_from_waitlist(seminar=obj)
            if promoted:
                messages.info(request, f"{len(promoted)} people moved from the waiting list to a place.")

    def get_urls(self):
        return [
            path(
                "<int:pk>/email/", self.admin_site.admin_view(self.email_view), name="seminars_seminar_email"
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="seminars_seminar_export",
            ),
        ] + super().get_urls()

    def export_view(self, request, pk):
        if not may_export_registrations(request):
            raise PermissionDenied
        require_recent_authentication(request)
        seminar = get_object_or_404(Seminar, pk=pk)
        registrations = Registration.objects.filter(seminar=seminar).select_related("seminar")
        return registrations_csv_response(registrations, f"{seminar.slug}-registrations.csv")

    def email_view(self, request, pk):
        if not request.user.has_perm("seminars.add_announcement"):
            raise PermissionDenied
        seminar = get_object_or_404(Seminar, pk=pk)
        form = AnnouncementForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            announcement = seminar_email_registrants(
                seminar=seminar, sent_by=request.user, **form.cleaned_data
            )
            self.message_user(
                request, f"Email queued for {announcement.recipients_count} people.", messages.SUCCESS
            )
            return redirect("admin:seminars_seminar_change", pk)
        recipients = Registration.objects.filter(seminar=seminar, emails_stopped=False).exclude(
            status=RegistrationStatus.CANCELLED
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": seminar,
            "seminar": seminar,
            "form": form,
            "recipient_count": recipients.count(),
            "title": f"Email everyone registered for {seminar}",
        }
        return TemplateResponse(request, "admin/seminars/email_registrants.html", context)

    def has_export_registrations_permission(self, request):
        return may_export_registrations(request)

    @admin.action(description="Download registrations as CSV", permissions=["export_registrations"])
    def export_registrations(self, request, queryset):
        require_recent_authentication(request)
        registrations = Registration.objects.filter(seminar__in=queryset).select_related("seminar")
        return registrations_csv_response(registrations, "seminar-registrations.csv")

    @admin.action(
        description="Send the follow-up email (slides, recording, feedback form)", permissions=["change"]
    )
    def send_follow_up(self, request, queryset):
        for seminar in queryset:
            try:
                count = seminar_send_follow_up(seminar=seminar)
            except ValidationError as error:
                self.message_user(request, f"{seminar}: {' '.join(error.messages)}", messages.WARNING)
            else:
                self.message_user(
                    request, f"{seminar}: follow-up queued for {count} people.", messages.SUCCESS
                )

    @admin.action(description="Cancel the seminar and tell everyone registered", permissions=["change"])
    def cancel_seminars(self, request, queryset):
        for seminar in queryset:
            seminar_cancel(seminar=seminar)
        self.message_user(request, f"{queryset.count()} seminar(s) cancelled; registrants are being emailed.")


@admin.register(Registration)
class RegistrationAdmin(HistoryAdmin):
    list_display = ["name", "email", "seminar", "status", "organisation", "created_at", "attended"]
    list_filter = ["status", "attended", "seminar__series", "seminar"]
    list_select_related = ["seminar"]
    search_fields = ["name", "email", "organisation", "seminar__title"]
    autocomplete_fields = ["seminar"]
    readonly_fields = ["status", "created_at", "promoted_at", "cancelled_at", "emails_stopped"]
    ordering = ["seminar", "status", "created_at"]
    actions = ["mark_attended", "mark_absent", "export_csv", "cancel_registrations"]

    def has_add_permission(self, request):
        return False  # people register on the public page, where capacity and the waiting list are kept

    def _set_attendance(self, request, queryset, attended):
        marked = 0
        for registration in queryset.filter(status=RegistrationStatus.CONFIRMED):
            registration_set_attendance(registration=registration, attended=attended)
            marked += 1
        skipped = queryset.count() - marked
        text = f"{marked} marked as {'attended' if attended else 'did not attend'}."
        if skipped:
            text += f" {skipped} skipped: they had no confirmed place."
        self.message_user(request, text)

    @admin.action(description="Mark as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        self._set_attendance(request, queryset, True)

    @admin.action(description="Mark as did not attend", permissions=["change"])
    def mark_absent(self, request, queryset):
        self._set_attendance(request, queryset, False)

    def has_export_registrations_permission(self, request):
        return may_export_registrations(request)

    def get_exclude(self, request, obj=None):
        # Access requirements can be health information: only for staff trusted with personal details.
        if request.user.has_perm(PERSONAL_DETAILS_PERMISSION):
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or []), "access_requirements"]

    @admin.action(description="Download as CSV", permissions=["export_registrations"])
    def export_csv(self, request, queryset):
        require_recent_authentication(request)
        return registrations_csv_response(queryset.select_related("seminar"), "seminar-registrations.csv")

    @admin.action(description="Cancel (offers the place to the waiting list)", permissions=["change"])
    def cancel_registrations(self, request, queryset):
        for registration in queryset:
            registration_cancel(registration=registration)
        self.message_user(request, "Cancelled; anyone moved off the waiting list has been emailed.")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["seminar", "registrant", "rating", "may_ask_later", "created_at"]
    list_filter = ["rating", "may_ask_later", "registration__seminar"]
    list_select_related = ["registration__seminar"]
    search_fields = ["registration__name", "most_useful", "improve", "will_use", "will_do_differently"]
    readonly_fields = [
        "registration",
        "rating",
        "most_useful",
        "improve",
        "will_use",
        "will_do_differently",
        "may_ask_later",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Seminar", ordering="registration__seminar__starts_at")
    def seminar(self, obj):
        return obj.registration.seminar

    @admin.display(description="From", ordering="registration__name")
    def registrant(self, obj):
        return obj.registration.name


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["subject", "seminar", "recipients_count", "sent_by", "created_at"]
    list_select_related = ["seminar", "sent_by"]
    search_fields = ["subject", "body"]
    readonly_fields = ["seminar", "subject", "body", "sent_by", "recipients_count", "created_at"]

    def has_add_permission(self, request):
        return False
