"""The coordinators' tools. Personal details need involvement.view_personal_details as well as the
ordinary model permissions; every change is kept in the history (django-simple-history)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.core.forms import IdMultipleChoiceField, add_service_errors
from apps.core.history import HistoryAdmin
from apps.core.readability import ReadabilityAdminMixin
from apps.core.templatetags.money import format_money

from .admin_benefits import OfferAcceptanceInline, OfferTermsInline, selection_warnings, warn_about_limits
from .enums import ExpenseStatus, InterestStatus, PaymentBasis, PaymentStatus
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
    TimeRecord,
)
from .payments import employment_route
from .selectors import (
    PAYMENT_DETAILS_PERMISSION,
    PERSONAL_DETAILS_PERMISSION,
    attendance_for_activities,
    can_see_member_payments,
    rate_in_force,
    this_tax_year_of,
)
from .services import (
    activities_from_attendance,
    activity_record,
    activity_set_payment_status,
    application_approve,
    application_decline,
    expense_decide,
    opportunity_announce_outcome,
    opportunity_publish,
    time_record_approve,
    time_record_return,
)


def _summarise(modeladmin, request, *, done: int, done_text: str, skipped: list[str]) -> None:
    """One message for a bulk decision: how many were done, and which were skipped and why."""
    modeladmin.message_user(request, done_text.format(count=done), messages.SUCCESS)
    if skipped:
        modeladmin.message_user(request, f"{len(skipped)} skipped: " + "; ".join(skipped), messages.WARNING)


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
class MembershipAdmin(PersonalDetailsAdminMixin, HistoryAdmin):
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
class ApplicationAdmin(PersonalDetailsAdminMixin, HistoryAdmin):
    list_display = ["name", "email", "group", "status", "created_at"]
    list_filter = ["status", "group"]
    list_select_related = ["group"]
    search_fields = ["name", "email"]
    readonly_fields = ["status", "decided_at", "decided_by", "user", "created_at", "updated_at"]
    actions = [approve_applications, decline_applications]


@admin.register(MemberProfile)
class MemberProfileAdmin(PersonalDetailsAdminMixin, HistoryAdmin):
    list_display = ["user", "preferred_name", "payment_preference", "access_needs"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__display_name", "preferred_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["interests"]

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # Payroll and supplier numbers are for those who deal with payments only.
        if not request.user.has_perm(PAYMENT_DETAILS_PERMISSION):
            fields = [name for name in fields if name != "payroll_reference"]
        elif obj is not None and "this_tax_year" not in fields:
            fields.insert(1, "this_tax_year")
        return fields

    def get_readonly_fields(self, request, obj=None):
        fixed = list(super().get_readonly_fields(request, obj))
        if obj is not None and request.user.has_perm(PAYMENT_DETAILS_PERMISSION):
            fixed.append("this_tax_year")
        return fixed

    @admin.display(description="this tax year")
    def this_tax_year(self, obj):
        """What a coordinator is asked on the phone: hours, payments and claims since 6 April."""
        year = this_tax_year_of(obj.user)
        return (
            f"{year['label']}: {year['hours'].normalize():f} hours given, "
            f"{format_money(year['payments'])} in payments, "
            f"{format_money(year['expenses'])} in expense claims approved."
        )

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.has_perm(PAYMENT_DETAILS_PERMISSION):
            exclude.append("payroll_reference")
        return exclude

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
    selected = IdMultipleChoiceField(
        queryset=Interest.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.action(description="Publish (open for members to express interest)", permissions=["change"])
def publish_opportunities(modeladmin, request, queryset):
    published, skipped = 0, []
    for opportunity in queryset:
        try:
            opportunity_publish(opportunity=opportunity)
            published += 1
        except ValidationError as error:
            skipped.append(f"{opportunity}: {' '.join(error.messages)}")
    _summarise(modeladmin, request, done=published, done_text="{count} published.", skipped=skipped)


@admin.register(Opportunity)
class OpportunityAdmin(ReadabilityAdminMixin, admin.ModelAdmin):
    readability_fields = ("summary",)
    easy_read_fields = ("easy_read_summary",)
    view_on_site = False  # the page on the site is for members only
    list_display = [
        "title",
        "status",
        "deadline",
        "starts_at",
        "places",
        "employment_status",
        "interested_count",
        "outcome_sent_at",
    ]
    list_filter = ["status", "groups", "mode", "employment_status"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["groups", "topics"]
    readonly_fields = ["published_at", "outcome_sent_at", "payment_route"]
    inlines = [OfferTermsInline, InterestInline, OfferAcceptanceInline]

    @admin.display(description="how members are paid for it")
    def payment_route(self, obj):
        """Follows the employment-status decision; finance's file shows it on each payment."""
        return employment_route(obj.employment_status)

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
        return [
            path(
                "<int:pk>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name="involvement_opportunity_outcome",
            )
        ] + super().get_urls()

    def outcome_view(self, request, pk):
        """Choose members from those interested and send everyone the outcome, once."""
        if not (self.has_change_permission(request) and request.user.has_perm(PERSONAL_DETAILS_PERMISSION)):
            raise PermissionDenied
        opportunity = get_object_or_404(Opportunity, pk=pk)
        interests = opportunity.interests.exclude(status=InterestStatus.WITHDRAWN).select_related(
            "user__involvement_profile"
        )
        form = OutcomeForm(request.POST if request.method == "POST" else None)
        form.fields["selected"].queryset = interests
        warnings = selection_warnings(request, opportunity, interests)
        form.fields["selected"].label_from_instance = lambda i: (
            f"{i.user} ({i.user.email})"
            + (" – benefits limit: see the warning below" if i.pk in warnings else "")
        )
        if request.method == "POST" and form.is_valid():
            try:
                opportunity_announce_outcome(
                    opportunity=opportunity,
                    selected_user_ids=[i.user_id for i in form.cleaned_data["selected"]],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, "Everyone who expressed interest has been told the outcome.")
                return redirect(reverse("admin:involvement_opportunity_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": opportunity,
            "form": form,
            "interests": interests,
            "benefit_warnings": [
                (interest, warnings[interest.pk]) for interest in interests if interest.pk in warnings
            ],
            "title": f"Select members for {opportunity}",
        }
        return render(request, "admin/involvement/opportunity/outcome.html", context)


@admin.register(Rate)
class RateAdmin(HistoryAdmin):
    list_display = ["effective_from", "hourly", "half_day", "daily", "note"]
    date_hierarchy = "effective_from"

    @admin.display(description="hourly rate", ordering="hourly_rate")
    def hourly(self, obj):
        return format_money(obj.hourly_rate)

    @admin.display(description="half-day rate")
    def half_day(self, obj):
        return format_money(obj.half_day_amount)

    @admin.display(description="daily rate", ordering="daily_rate")
    def daily(self, obj):
        return format_money(obj.daily_rate)


@admin.action(description="Approve payment for the selected activities", permissions=["pay"])
def approve_payments(modeladmin, request, queryset):
    approved, skipped = 0, []
    for activity in queryset:
        try:
            activity_set_payment_status(activity=activity, status=PaymentStatus.APPROVED)
            approved += 1
        except ValidationError as error:
            skipped.append(f"{activity}: {' '.join(error.messages)}")
    _summarise(
        modeladmin,
        request,
        done=approved,
        done_text="{count} payment(s) approved. They are paid with the next payment run.",
        skipped=skipped,
    )


def _payment_run_link(obj) -> str:
    item = obj.payment_run_items.select_related("run").first()
    if item is None:
        return "Not in a payment run yet"
    url = reverse("admin:involvement_paymentrun_change", args=[item.run_id])
    return format_html('<a href="{}">{}</a>', url, item.run)


def _meeting_label(meeting) -> str:
    return f"{timezone.localtime(meeting.start):%-d %B %Y}: {meeting.title} ({meeting.community.name})"


class MeetingChoiceForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=None,
        label="Meeting",
        empty_label="Choose a meeting",
        error_messages={"invalid_choice": "Choose one of the meetings in the list."},
    )

    def __init__(self, *args, **kwargs):
        from .selectors import meetings_with_attendance

        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_with_attendance()
        self.fields["meeting"].label_from_instance = _meeting_label


class AttendanceActivitiesForm(forms.Form):
    """One tick box and one hours box per attending member who has no activity for the meeting yet."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_rows = [row for row in rows if row["existing"] is None]
        for row in self.open_rows:
            user = row["user"]
            self.fields[f"make_{user.pk}"] = forms.BooleanField(
                required=False, initial=True, label=f"Make an activity for {user}"
            )
            self.fields[f"hours_{user.pk}"] = forms.DecimalField(
                min_value=Decimal("0.25"),
                max_value=Decimal("24"),
                decimal_places=2,
                initial=row["hours"],
                label=f"Hours for {user}",
            )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f"make_{row['user'].pk}") for row in self.open_rows):
            raise forms.ValidationError("Tick at least one member.")
        return data

    def chosen_hours(self) -> dict[int, Decimal]:
        return {
            row["user"].pk: self.cleaned_data[f"hours_{row['user'].pk}"]
            for row in self.open_rows
            if self.cleaned_data.get(f"make_{row['user'].pk}")
        }


class ActivityAdminForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["user", "date", "start_time", "description", "hours", "basis", "kind", "opportunity"]

    def clean(self):
        data = super().clean()
        if data.get("basis") == PaymentBasis.KIND and not data.get("kind"):
            self.add_error("kind", "Choose the kind of activity, or another way to pay it.")
        elif data.get("kind"):
            data["basis"] = PaymentBasis.KIND
        if data.get("date") and not rate_in_force(data["date"]):
            self.add_error(
                "date", "There is no rate in the rate table for this date. Add one under Rates first."
            )
        return data


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    view_on_site = False  # the page on the site is the member's own
    list_display = ["description", "member", "date", "hours", "amount", "payment_status", "source"]
    list_filter = ["payment_status", "source", "basis", "date"]
    list_select_related = ["user", "opportunity"]
    search_fields = ["description", "user__email", "user__display_name"]
    autocomplete_fields = ["user", "opportunity"]
    date_hierarchy = "date"
    actions = [approve_payments]
    change_list_template = "admin/involvement/activity/change_list.html"

    # Without the personal-details or finance permission, staff see what was done and when, never who
    # was paid how much.
    PAYMENT_FIELDS = (
        "user",
        "member",
        "amount",
        "amount_due",
        "rate",
        "payment_preference",
        "donation_charity",
        "expenses_only",
        "member_access_needs",
    )

    def has_pay_permission(self, request):
        return self.has_change_permission(request) and can_see_member_payments(request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_see_member_payments(request.user)

    def get_list_display(self, request):
        if can_see_member_payments(request.user):
            return self.list_display
        return [name for name in self.list_display if name not in self.PAYMENT_FIELDS]

    def get_search_fields(self, request):
        if can_see_member_payments(request.user):
            return self.search_fields
        return ["description"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if can_see_member_payments(request.user):
            return fields
        return [name for name in fields if name not in self.PAYMENT_FIELDS]

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
            "kind",
            "payment_preference",
            "donation_charity",
            "expenses_only",
            "rate",
            "amount_due",
            "payment_status",
            "payment_run",
        ]
        if request.user.has_perm(PERSONAL_DETAILS_PERMISSION):
            fixed.append("member_access_needs")
        if not can_see_member_payments(request.user):
            fixed = [name for name in fixed if name not in self.PAYMENT_FIELDS]
        return fixed

    @admin.display(description="member")
    def member(self, obj):
        return obj.user

    @admin.display(description="amount due", ordering="amount_due")
    def amount(self, obj):
        return format_money(obj.amount_due)

    @admin.display(description="payment run")
    def payment_run(self, obj):
        return _payment_run_link(obj)

    # Activities from a meeting's attendance --------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "from-meeting/",
                self.admin_site.admin_view(self.from_meeting_view),
                name="involvement_activity_from_meeting",
            )
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_make_from_meeting": self._can_make_from_meeting(request),
        }
        return super().changelist_view(request, extra_context)

    def _can_make_from_meeting(self, request) -> bool:
        # Names of those who attended, with their pay: the personal-details permission and adding activities.
        return self.has_add_permission(request) and request.user.has_perm(PERSONAL_DETAILS_PERMISSION)

    def from_meeting_view(self, request):
        """Choose a meeting; each Link group or RUG member who attended is listed with the hours and rate
        suggested, ticked; one press makes their activities. Those who have one already are only shown."""
        if not self._can_make_from_meeting(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        choose = MeetingChoiceForm(data if "meeting" in data else None)
        meeting = choose.cleaned_data["meeting"] if choose.is_bound and choose.is_valid() else None
        rows, form = [], None
        if meeting is not None:
            rows = attendance_for_activities(meeting)
            form = AttendanceActivitiesForm(request.POST if request.method == "POST" else None, rows=rows)
            if request.method == "POST" and form.is_valid():
                try:
                    created = activities_from_attendance(
                        meeting=meeting, hours_by_user=form.chosen_hours(), by=request.user
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    self.message_user(
                        request,
                        f"{len(created)} activit{'y' if len(created) == 1 else 'ies'} made for {meeting}.",
                        messages.SUCCESS,
                    )
                    warn_about_limits(self, request, created)
                    page = reverse("admin:involvement_activity_from_meeting")
                    return redirect(f"{page}?meeting={meeting.pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Make activities from a meeting's attendance",
            "choose": choose if choose.is_bound else MeetingChoiceForm(),
            "meeting": meeting,
            "rows": [
                {
                    **row,
                    "field": form[f"make_{row['user'].pk}"] if row["existing"] is None else None,
                    "hours_field": form[f"hours_{row['user'].pk}"] if row["existing"] is None else None,
                }
                for row in rows
            ]
            if form is not None
            else [],
            "form": form,
        }
        return render(request, "admin/involvement/activity/from_meeting.html", context)

    @admin.display(description="member's access needs")
    def member_access_needs(self, obj):
        profile = MemberProfile.objects.filter(user_id=obj.user_id).first()
        return (profile.access_needs_summary if profile else "") or "None given"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        recorded = activity_record(
            user=data["user"],
            date=data["date"],
            start_time=data.get("start_time"),
            description=data["description"],
            hours=data["hours"],
            basis=data["basis"],
            opportunity=data.get("opportunity"),
            kind=data.get("kind"),
        )
        obj.pk = recorded.pk
        obj.refresh_from_db()
        warn_about_limits(self, request, [recorded])


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


@admin.action(description="Approve the selected expense claims", permissions=["change"])
def approve_expenses(modeladmin, request, queryset):
    approved, skipped = 0, []
    for expense in queryset.select_related("user"):
        if expense.status != ExpenseStatus.PENDING:
            skipped.append(f"{expense}: already {expense.get_status_display().lower()}")
            continue
        try:
            expense_decide(expense=expense, approve=True, by=request.user)
            approved += 1
        except ValidationError as error:
            skipped.append(f"{expense}: {' '.join(error.messages)}")
    _summarise(
        modeladmin,
        request,
        done=approved,
        done_text="{count} claim(s) approved; each member has been told. They are paid with the next run.",
        skipped=skipped,
    )


@admin.register(Expense)
class ExpenseAdmin(PersonalDetailsAdminMixin, HistoryAdmin):
    view_on_site = False  # the page on the site is the member's own
    form = ExpenseAdminForm
    actions = [approve_expenses]
    list_display = ["description", "user", "kind", "claimed", "incurred_on", "status"]
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
        "payment_run",
    ]
    fields = readonly_fields + ["decision", "reason"]

    @admin.display(description="payment run")
    def payment_run(self, obj):
        return _payment_run_link(obj)

    @admin.display(description="amount", ordering="amount")
    def claimed(self, obj):
        return format_money(obj.amount)

    def _allowed(self, request) -> bool:
        # Finance pays claims: they see them (no access needs or motivations are shown here).
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


# Time members record themselves ---------------------------------------------------------------------


@admin.action(description="Approve", permissions=["change"])
def approve_time_records(modeladmin, request, queryset):
    approved, skipped, activities = 0, [], []
    for record in queryset.select_related("user"):
        try:
            activities.append(time_record_approve(record=record, by=request.user).activity)
            approved += 1
        except ValidationError as error:
            skipped.append(f"{record}: {' '.join(error.messages)}")
    _summarise(
        modeladmin,
        request,
        done=approved,
        done_text="{count} record(s) of time approved. Each is now an activity, paid with the next run.",
        skipped=skipped,
    )
    warn_about_limits(modeladmin, request, activities)


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What should the member correct?",
        help_text="The member reads this in an email, so write it kindly and plainly.",
        error_messages={"required": "Say what the member should correct; they will read this."},
    )


@admin.action(description="Return with a reason", permissions=["change"])
def return_time_records(modeladmin, request, queryset):
    """A page asks for the reason first; the same reason goes to each member chosen."""
    records = list(queryset.select_related("user"))
    form = ReturnReasonForm(request.POST if "reason" in request.POST else None)
    if form.is_bound and form.is_valid():
        returned, skipped = 0, []
        for record in records:
            try:
                time_record_return(record=record, by=request.user, reason=form.cleaned_data["reason"])
                returned += 1
            except ValidationError as error:
                skipped.append(f"{record}: {' '.join(error.messages)}")
        _summarise(
            modeladmin,
            request,
            done=returned,
            done_text="{count} record(s) of time returned; each member has been emailed the reason.",
            skipped=skipped,
        )
        return None
    # The actions this person may run, as on the list (the page is the first step of one of them).
    action_form = modeladmin.action_form(auto_id=None)
    action_form.fields["action"].choices = modeladmin.get_action_choices(request)
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": "Return time with a reason",
        "action_form": action_form,
        "records": records,
        "form": form,
        "action": "return_time_records",
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return render(request, "admin/involvement/timerecord/return.html", context)


@admin.register(TimeRecord)
class TimeRecordAdmin(PersonalDetailsAdminMixin, HistoryAdmin):
    """Time members recorded on /me/involvement/time/: approved here it becomes an activity; returned, it
    goes back to the member with the reason. Nothing is edited in a form."""

    view_on_site = False
    list_display = ["description", "user", "date", "hours", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["user"]
    search_fields = ["description", "user__email", "user__display_name"]
    fields = [
        "user",
        "date",
        "description",
        "hours",
        "opportunity",
        "meeting",
        "status",
        "submission",
        "return_reason",
        "decided_at",
        "decided_by",
        "activity",
        "created_at",
    ]
    readonly_fields = fields
    actions = [approve_time_records, return_time_records]

    def has_add_permission(self, request):
        return False  # members record their own time

    def has_delete_permission(self, request, obj=None):
        return False  # returned, never deleted: the record of what was sent stays

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# Kinds of activity and charities, and payment runs: their own modules, registered when the admin is loaded.
from . import admin_payment_runs, admin_payments  # noqa: E402, F401
