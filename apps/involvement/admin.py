"""The coordinators' tools. Personal details need involvement.view_personal_details as well as the
ordinary model permissions; every change is kept in the history (django-simple-history)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from apps.core.readability import ReadabilityAdminMixin

from .enums import ExpenseStatus, InterestStatus, PaymentStatus
from .forms import IdChoicesField
from .models import (
    Activity,
    Application,
    Expense,
    Group,
    Interest,
    MemberProfile,
    Membership,
    Opportunity,
    Rate,
)
from .selectors import PERSONAL_DETAILS_PERMISSION, can_see_member_payments, rate_in_force
from .services import (
    activity_set_payment_status,
    application_approve,
    application_decline,
    expense_decide,
    opportunity_announce_outcome,
    opportunity_publish,
)


class PersonalDetailsAdminMixin:
    """Staff see these records only with the model permission AND the personal-details permission."""

    def _allowed(self, request) -> bool:
        return request.user.has_perm(PERSONAL_DETAILS_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._allowed(request) and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and super().has_delete_permission(request, obj)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "member_count", "order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        )

    @admin.display(ordering="member_count", description="members")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(PersonalDetailsAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "group", "joined_on", "is_active"]
    list_filter = ["group", "is_active"]
    list_select_related = ["user", "group"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user", "group"]


@admin.action(description="Approve and invite to sign in", permissions=["change"])
def approve_applications(modeladmin, request, queryset):
    for application in queryset.select_related("group"):
        application_approve(application=application, by=request.user)
    modeladmin.message_user(
        request, "The approved applicants have been sent an invitation.", messages.SUCCESS
    )


@admin.action(description="Decline kindly", permissions=["change"])
def decline_applications(modeladmin, request, queryset):
    declined = 0
    for application in queryset.select_related("group"):
        try:
            application_decline(application=application, by=request.user)
            declined += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{application}: {' '.join(error.messages)}", messages.WARNING)
    modeladmin.message_user(request, f"{declined} application(s) declined; each person has been told kindly.")


@admin.register(Application)
class ApplicationAdmin(PersonalDetailsAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "email", "group", "status", "created_at"]
    list_filter = ["status", "group"]
    list_select_related = ["group"]
    search_fields = ["name", "email"]
    readonly_fields = ["status", "decided_at", "decided_by", "user", "created_at", "updated_at"]
    actions = [approve_applications, decline_applications]


@admin.register(MemberProfile)
class MemberProfileAdmin(PersonalDetailsAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "preferred_name", "payment_preference", "access_needs"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__display_name", "preferred_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["interests"]

    @admin.display(description="access needs")
    def access_needs(self, obj):
        return obj.access_needs_summary


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    fields = ["user", "status", "access_needs", "created_at"]
    readonly_fields = ["user", "status", "access_needs", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user__involvement_profile")

    @admin.display(description="access needs")
    def access_needs(self, obj):
        profile = getattr(obj.user, "involvement_profile", None)
        return profile.access_needs_summary if profile else ""

    def get_fields(self, request, obj=None):
        if request.user.has_perm(PERSONAL_DETAILS_PERMISSION):
            return self.fields
        return ["status", "created_at"]


class OutcomeForm(forms.Form):
    selected = IdChoicesField(
        queryset=Interest.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.action(description="Publish (open for members to express interest)", permissions=["change"])
def publish_opportunities(modeladmin, request, queryset):
    for opportunity in queryset:
        opportunity_publish(opportunity=opportunity)
    modeladmin.message_user(request, "Published.")


@admin.register(Opportunity)
class OpportunityAdmin(ReadabilityAdminMixin, admin.ModelAdmin):
    readability_fields = ("summary",)
    view_on_site = False  # the page on the site is for members only
    list_display = [
        "title",
        "status",
        "deadline",
        "starts_at",
        "places",
        "interested_count",
        "outcome_sent_at",
    ]
    list_filter = ["status", "groups", "mode"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["groups", "topics"]
    readonly_fields = ["published_at", "outcome_sent_at"]
    inlines = [InterestInline]
    actions = [publish_opportunities]
    change_form_template = "admin/involvement/opportunity/change_form.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                interested_count=Count("interests", filter=~Q(interests__status=InterestStatus.WITHDRAWN))
            )
        )

    @admin.display(ordering="interested_count", description="interested")
    def interested_count(self, obj):
        return obj.interested_count

    def get_urls(self):
        from django.urls import path

        return [
            path(
                "<int:pk>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name="involvement_opportunity_outcome",
            )
        ] + super().get_urls()

    def outcome_view(self, request, pk):
        """Choose members from those interested and send everyone the outcome, once."""
        from django.shortcuts import get_object_or_404, redirect, render

        if not (self.has_change_permission(request) and request.user.has_perm(PERSONAL_DETAILS_PERMISSION)):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        opportunity = get_object_or_404(Opportunity, pk=pk)
        interests = opportunity.interests.exclude(status=InterestStatus.WITHDRAWN).select_related(
            "user__involvement_profile"
        )
        form = OutcomeForm(request.POST if request.method == "POST" else None)
        form.fields["selected"].queryset = interests
        form.fields["selected"].label_from_instance = lambda i: f"{i.user} ({i.user.email})"
        if request.method == "POST" and form.is_valid():
            try:
                opportunity_announce_outcome(
                    opportunity=opportunity,
                    selected_user_ids=[i.user_id for i in form.cleaned_data["selected"]],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, "Everyone who expressed interest has been told the outcome.")
                return redirect(reverse("admin:involvement_opportunity_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": opportunity,
            "form": form,
            "interests": interests,
            "title": f"Select members for {opportunity}",
        }
        return render(request, "admin/involvement/opportunity/outcome.html", context)


@admin.register(Rate)
class RateAdmin(SimpleHistoryAdmin):
    list_display = ["effective_from", "hourly_rate", "daily_rate", "note"]
    date_hierarchy = "effective_from"


@admin.action(description="Approve payment", permissions=["change"])
def approve_payments(modeladmin, request, queryset):
    _set_payment(modeladmin, request, queryset, PaymentStatus.APPROVED)


@admin.action(description="Mark payment as paid", permissions=["change"])
def mark_paid(modeladmin, request, queryset):
    _set_payment(modeladmin, request, queryset, PaymentStatus.PAID)


def _set_payment(modeladmin, request, queryset, status):
    changed = 0
    for activity in queryset:
        try:
            activity_set_payment_status(activity=activity, status=status)
            changed += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{activity}: {' '.join(error.messages)}", messages.WARNING)
    modeladmin.message_user(request, f"{changed} payment(s) updated.")


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["user", "date", "start_time", "description", "hours", "basis", "opportunity"]

    def clean(self):
        data = super().clean()
        if data.get("date") and not rate_in_force(data["date"]):
            self.add_error(
                "date", "There is no rate in the rate table for this date. Add one under Rates first."
            )
        return data


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    view_on_site = False  # the page on the site is the member's own
    list_display = ["description", "member", "date", "hours", "amount_due", "payment_status"]
    list_filter = ["payment_status", "basis", "date"]
    list_select_related = ["user", "opportunity"]
    search_fields = ["description", "user__email", "user__display_name"]
    autocomplete_fields = ["user", "opportunity"]
    date_hierarchy = "date"
    actions = [approve_payments, mark_paid]
    change_list_template = "admin/involvement/activity/change_list.html"

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ActivityAdminForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fixed = [
            "user",
            "date",
            "hours",
            "basis",
            "payment_preference",
            "rate",
            "amount_due",
            "payment_status",
        ]
        if request.user.has_perm(PERSONAL_DETAILS_PERMISSION):
            fixed.append("member_access_needs")
        return fixed

    @admin.display(description="member")
    def member(self, obj):
        return obj.user

    @admin.display(description="member's access needs")
    def member_access_needs(self, obj):
        profile = MemberProfile.objects.filter(user_id=obj.user_id).first()
        return (profile.access_needs_summary if profile else "") or "None given"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        from .services import activity_record

        data = form.cleaned_data
        recorded = activity_record(
            user=data["user"],
            date=data["date"],
            start_time=data.get("start_time"),
            description=data["description"],
            hours=data["hours"],
            basis=data["basis"],
            opportunity=data.get("opportunity"),
        )
        obj.pk = recorded.pk
        obj.refresh_from_db()


class ExpenseAdminForm(forms.ModelForm):
    decision = forms.ChoiceField(
        choices=[("", "Leave undecided"), ("approve", "Approve"), ("reject", "Reject")], required=False
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Needed to reject."
    )

    class Meta:
        model = Expense
        fields = []

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the claim is not approved; the member will read this.")
        return data


@admin.register(Expense)
class ExpenseAdmin(PersonalDetailsAdminMixin, SimpleHistoryAdmin):
    view_on_site = False  # the page on the site is the member's own
    form = ExpenseAdminForm
    list_display = ["description", "user", "kind", "amount", "incurred_on", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["user"]
    search_fields = ["description", "user__email", "user__display_name"]
    readonly_fields = [
        "user",
        "kind",
        "description",
        "incurred_on",
        "amount",
        "activity",
        "receipt_link",
        "status",
        "decided_at",
        "decided_by",
        "decision_reason",
    ]
    fields = readonly_fields + ["decision", "reason"]

    def _allowed(self, request) -> bool:
        # Claims show no access needs or motivations: finance sees them to pay members.
        return can_see_member_payments(request.user)

    def has_add_permission(self, request):
        return False

    @admin.display(description="receipt")
    def receipt_link(self, obj):
        if not obj.receipt:
            return "No receipt"
        return format_html(
            '<a href="{}">Download the receipt</a>', reverse("my_involvement:expense_receipt", args=[obj.pk])
        )

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if decision and obj.status == ExpenseStatus.PENDING:
            expense_decide(
                expense=obj,
                approve=decision == "approve",
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
