"""The admin for benefits: the limits finance keeps, members' benefits information (read-only: members
write their own), written offers and acceptances inside an opportunity, and letters for a benefits office.

The warnings about limits come from `benefits.py`, the one place that counts; `admin.py` calls
`warn_about_limits` where coordinators select members and where activities are added or approved."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from apps.core.history import HistoryAdmin
from apps.core.templatetags.money import format_money

from .benefits import activity_warnings, can_see_benefits, offer_warnings
from .benefits_models import (
    BenefitLimit,
    BenefitLimitAmount,
    BenefitsInformation,
    BenefitsLetter,
    OfferAcceptance,
    OfferTerms,
)
from .letters import letter_for_display, letter_make

# Warnings -----------------------------------------------------------------------------------------


def warn_about_limits(modeladmin, request, activities) -> None:
    """After activities are added or approved: one warning for each that takes its member past their
    benefits limit, with the running total. Only for staff who may see benefits information."""
    if not can_see_benefits(request.user):
        return
    activities = list(activities)
    if not activities:
        return
    names = {activity.user_id: str(activity.user) for activity in activities}
    for warning in activity_warnings(activities):
        modeladmin.message_user(
            request, f"Benefits limit: {names[warning.user_id]}. {warning.message}", messages.WARNING
        )


def selection_warnings(request, opportunity, interests) -> dict:
    """For the page where coordinators select members: warnings keyed by the interest's id."""
    if not can_see_benefits(request.user):
        return {}
    by_user = offer_warnings(opportunity, [interest.user_id for interest in interests])
    return {interest.pk: by_user[interest.user_id] for interest in interests if interest.user_id in by_user}


# Inside an opportunity --------------------------------------------------------------------------------


class OfferTermsInline(admin.StackedInline):
    model = OfferTerms
    can_delete = False
    extra = 1
    max_num = 1
    verbose_name = "written offer (members read this before they accept)"
    verbose_name_plural = verbose_name
    fields = ["fee", "how_paid", "expenses_covered"]


class OfferAcceptanceInline(admin.TabularInline):
    """Who accepted their place, when, and the words they saw. Only members accept: nothing to add here."""

    model = OfferAcceptance
    extra = 0
    can_delete = False
    fields = ["user", "accepted_at", "text_seen"]
    readonly_fields = fields
    verbose_name = "acceptance"
    verbose_name_plural = "who accepted their place"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


# Limits ------------------------------------------------------------------------------------------


class BenefitLimitAmountInline(admin.TabularInline):
    model = BenefitLimitAmount
    extra = 0
    fields = ["amount", "in_force_from", "in_force_to", "note"]


@admin.register(BenefitLimit)
class BenefitLimitAdmin(HistoryAdmin):
    list_display = ["name", "period", "amount_now", "order"]
    search_fields = ["name"]
    inlines = [BenefitLimitAmountInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("amounts")

    @admin.display(description="amount in force today")
    def amount_now(self, obj):
        today = timezone.localdate()
        for amount in obj.amounts.all():  # newest first (the model's ordering)
            if amount.in_force_from <= today and (amount.in_force_to is None or amount.in_force_to >= today):
                return format_money(amount.amount)
        return "None: add this year's amount"

    def changelist_view(self, request, extra_context=None):
        self.message_user(
            request,
            "These amounts change each April. Finance checks each one on GOV.UK then, ends the old amount "
            "on 5 April and adds the new one from 6 April.",
            messages.INFO,
        )
        return super().changelist_view(request, extra_context)


# Members' information -------------------------------------------------------------------------------


@admin.register(BenefitsInformation)
class BenefitsInformationAdmin(HistoryAdmin):
    """What members told us about their benefits, on /me/benefits/. Staff read it; members change it."""

    list_display = ["user", "receives_benefits", "limit", "updated_at"]
    list_filter = ["receives_benefits", "limit"]
    list_select_related = ["user", "limit"]
    search_fields = ["user__email", "user__display_name"]
    fields = ["user", "receives_benefits", "limit", "note", "updated_at", "letters"]
    readonly_fields = fields
    change_form_template = "admin/involvement/benefitsinformation/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="letters for a benefits office")
    def letters(self, obj):
        letters = list(BenefitsLetter.objects.filter(user_id=obj.user_id)[:20])
        if not letters:
            return "None yet"
        return format_html(
            "<br>".join(["{}"] * len(letters)),
            *[f"{letter} (made {letter.made_at:%-d %B %Y})" for letter in letters],
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_make_letter": request.user.has_perm("involvement.add_benefitsletter"),
        }
        return super().change_view(request, object_id, form_url, extra_context)


# Letters ------------------------------------------------------------------------------------------


class LetterForm(forms.ModelForm):
    class Meta:
        model = BenefitsLetter
        fields = ["user", "starts", "ends", "office", "signed_by_name", "signed_by_role"]
        labels = {"signed_by_name": "signed by (name)", "signed_by_role": "their role"}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", "The last day must be on or after the first day.")
        if starts and starts > timezone.localdate():
            self.add_error("starts", "The letter is about what has happened: choose a first day up to today.")
        return data


@admin.register(BenefitsLetter)
class BenefitsLetterAdmin(HistoryAdmin):
    form = LetterForm
    list_display = ["user", "starts", "ends", "office", "made_by", "made_at", "open_letter"]
    list_select_related = ["user", "made_by"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["made_by", "made_at", "open_letter"]

    def has_change_permission(self, request, obj=None):
        return False  # a letter given is a record; make a new one for other dates

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "starts", "ends", "office", "signed_by_name", "signed_by_role"]
        return [
            "user",
            "starts",
            "ends",
            "office",
            "signed_by_name",
            "signed_by_role",
            "made_by",
            "made_at",
            "open_letter",
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("signed_by_name", request.user.display_name or "")
        return initial

    @admin.display(description="letter")
    def open_letter(self, obj):
        if obj is None or obj.pk is None:
            return ""
        return format_html(
            '<a href="{}">Open the letter to print</a>',
            reverse("admin:involvement_benefitsletter_letter", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        made = letter_make(
            user=data["user"],
            starts=data["starts"],
            ends=data["ends"],
            office=data["office"],
            signed_by_name=data["signed_by_name"],
            signed_by_role=data["signed_by_role"],
            by=request.user,
        )
        obj.pk = made.pk
        obj.refresh_from_db()

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request, "The letter is made and kept in the member's record; they can download it too."
        )
        return redirect(reverse("admin:involvement_benefitsletter_letter", args=[obj.pk]))

    def get_urls(self):
        return [
            path(
                "<int:pk>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="involvement_benefitsletter_letter",
            )
        ] + super().get_urls()

    def letter_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        letter = get_object_or_404(BenefitsLetter.objects.select_related("user"), pk=pk)
        return render(
            request,
            "involvement/benefits/letter.html",
            {
                "letter": letter,
                "content": letter_for_display(letter),
                "staff_view": True,
                "back_url": reverse("admin:involvement_benefitsletter_changelist"),
            },
        )
