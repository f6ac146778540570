"""The admin of payment runs: make one from what is approved and not yet paid, give finance its file,
mark it paid. Imported by admin.py, so the run is registered with the rest of involvement."""

import csv
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.reauthentication import require_recent_authentication
from apps.core.exports import csv_row
from apps.core.forms import add_service_errors
from apps.core.history import HistoryAdmin
from apps.core.templatetags.money import format_money, plain_money

from .enums import PaymentPreference
from .models import PaymentRun
from .payments import payment_route
from .selectors import (
    EXPORT_FINANCE_PERMISSION,
    PAYMENT_DETAILS_PERMISSION,
    finance_rows,
    payment_run_candidates,
    payment_run_items,
    payment_runs_listed,
)
from .services import payment_run_create, payment_run_delete, payment_run_mark_paid

# Marking a run paid changes the run and every payment and claim in it.
MARK_PAID_PERMISSIONS = (
    "involvement.change_paymentrun",
    "involvement.change_activity",
    "involvement.change_expense",
)


class PaymentRunCreateForm(forms.Form):
    note = forms.CharField(
        max_length=200,
        required=False,
        label="Name of the run (optional)",
        help_text='For example "November payments". Finance sees it in the file name.',
    )


class PaymentRunPaidForm(forms.Form):
    paid_on = forms.DateField(
        label="Date finance paid the run",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the date the run was paid.",
            "invalid": "Give a date like 2026-11-30.",
        },
    )


@admin.register(PaymentRun)
class PaymentRunAdmin(HistoryAdmin):
    """Payment runs: make one from what is approved and not yet paid, export it for finance, mark it paid.
    Every change goes through the services; nothing here edits a run directly."""

    list_display = ["__str__", "created_at", "created_by", "item_count", "total_amount", "state"]
    list_filter = [("paid_on", admin.EmptyFieldListFilter)]
    fields = ["note", "created_at", "created_by", "paid_on", "marked_paid_at", "marked_paid_by"]
    readonly_fields = fields
    change_form_template = "admin/involvement/paymentrun/change_form.html"

    def get_queryset(self, request):
        return payment_runs_listed()

    @admin.display(description="items", ordering="item_count")
    def item_count(self, obj):
        return obj.item_count

    @admin.display(description="total", ordering="total")
    def total_amount(self, obj):
        return format_money(obj.total or 0)

    @admin.display(description="state", ordering="paid_on")
    def state(self, obj):
        return f"Paid on {obj.paid_on:%-d %B %Y}" if obj.is_paid else "Waiting to be paid"

    # The run itself is never edited in a form: it is made, exported, marked paid or deleted.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_paid:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one run at a time, through the service
        return actions

    def delete_model(self, request, obj):
        payment_run_delete(run=obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/mark-paid/",
                self.admin_site.admin_view(self.mark_paid_view),
                name="involvement_paymentrun_mark_paid",
            ),
            path(
                "<int:pk>/export.csv",
                self.admin_site.admin_view(self.export_view),
                name="involvement_paymentrun_export",
            ),
        ] + super().get_urls()

    def _can_mark_paid(self, request) -> bool:
        return request.user.has_perms(MARK_PAID_PERMISSIONS)

    def _can_export(self, request) -> bool:
        return request.user.has_perm(EXPORT_FINANCE_PERMISSION) and self.has_view_permission(request)

    def add_view(self, request, form_url="", extra_context=None):
        """Show what is approved and not yet paid; make the run on confirmation."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PaymentRunCreateForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                run = payment_run_create(by=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request, f"{run} has been made. Download it for finance below.", messages.SUCCESS
                )
                return redirect(reverse("admin:involvement_paymentrun_change", args=[run.pk]))
        activities, expenses = payment_run_candidates()
        activities, expenses = list(activities), list(expenses)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Make a payment run",
            "form": form,
            "activity_count": len(activities),
            "activity_total": sum((a.amount_due for a in activities), Decimal("0.00")),
            "expense_count": len(expenses),
            "expense_total": sum((e.amount for e in expenses), Decimal("0.00")),
            "member_count": len({a.user_id for a in activities} | {e.user_id for e in expenses}),
        }
        return render(request, "admin/involvement/paymentrun/add.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = PaymentRun.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra_context = dict(extra_context or {})
        if run is not None and self.has_view_permission(request, run):
            extra_context.update(
                {
                    "items": [_with_route(item) for item in payment_run_items(run)],
                    "per_member": finance_rows(run=run),
                    "can_export": self._can_export(request),
                    "can_mark_paid": not run.is_paid and self._can_mark_paid(request),
                    "paid_form": PaymentRunPaidForm(initial={"paid_on": timezone.localdate()}),
                }
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def mark_paid_view(self, request, pk):
        if not self._can_mark_paid(request):
            raise PermissionDenied
        run = get_object_or_404(PaymentRun, pk=pk)
        if request.method != "POST":
            return redirect(reverse("admin:involvement_paymentrun_change", args=[run.pk]))
        form = PaymentRunPaidForm(request.POST)
        if form.is_valid():
            try:
                payment_run_mark_paid(run=run, paid_on=form.cleaned_data["paid_on"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    f"{run} is marked as paid. Every payment and claim in it is now Paid.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:involvement_paymentrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": run,
            "title": f"Mark {run} as paid",
            "form": form,
        }
        return render(request, "admin/involvement/paymentrun/mark_paid.html", context, status=400)

    def export_view(self, request, pk):
        """The run as a CSV file for finance: one row per payment or claim, safe to open in a spreadsheet."""
        if not self._can_export(request):
            raise PermissionDenied
        require_recent_authentication(request)  # names and amounts: confirm who is asking first
        run = get_object_or_404(PaymentRun, pk=pk)
        name = slugify(f"payment-run-{run.pk} {run.note}")
        # A long note is shortened at a hyphen, so the file name ends on a whole word.
        name = name if len(name) <= 60 else name[:61].rsplit("-", 1)[0]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow(
            [
                "Payment run",
                "Member id",
                "Name",
                "Email",
                "Item",
                "Item id",
                "Date",
                "What",
                "Amount (£)",
                "Status",
                "Payroll or supplier reference",
                "Route",
                "Employment status",
            ]
        )
        show_reference = request.user.has_perm(PAYMENT_DETAILS_PERMISSION)
        for item in payment_run_items(run):
            thing = item.activity or item.expense
            if item.activity:
                kind, on, status = (
                    "Donation for involvement"
                    if item.activity.payment_preference == PaymentPreference.DONATED
                    else "Payment for involvement",
                    item.activity.date,
                    item.activity.get_payment_status_display(),
                )
                route = payment_route(item.activity)
                opportunity = item.activity.opportunity
                employment = opportunity.get_employment_status_display() if opportunity else ""
            else:
                kind = f"Expense ({item.expense.get_kind_display().lower()})"
                on, status = item.expense.incurred_on, item.expense.get_status_display()
                route, employment = "Bank transfer (expenses)", ""
            writer.writerow(
                csv_row(
                    [
                        run.pk,
                        thing.user_id,
                        thing.user.display_name,
                        thing.user.email,
                        kind,
                        thing.pk,
                        on.isoformat(),
                        thing.description,
                        plain_money(item.amount),
                        status,
                        _payroll_reference(thing.user) if show_reference else "",
                        route,
                        employment,
                    ]
                )
            )
        return response


def _with_route(item):
    item.route = payment_route(item.activity) if item.activity_id else ""
    return item


def _payroll_reference(user) -> str:
    profile = getattr(user, "involvement_profile", None)
    return profile.payroll_reference if profile else ""
