"""The member's own pages under /me/. Every query is limited to the signed-in user: another member's
record answers 404."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.exports import csv_row
from apps.core.forms import add_service_errors

from .enums import TimeRecordStatus
from .forms import CertificatePeriodForm, ExpenseForm, ProfileForm, RecordYearsForm, TimeRecordForm
from .models import Expense
from .offers import offer_context
from .payment_services import payment_choice_open
from .payments import choice_in_words
from .selectors import (
    TAX_YEAR,
    YEAR_KINDS,
    activities_of,
    can_see_member_payments,
    certificate_signatory,
    expenses_of,
    interests_of,
    involvement_certificate,
    is_group_member,
    opportunities_for_member,
    opportunity_for_member,
    paid_on,
    tax_year_starting,
    time_records_of,
    totals_by_year,
    year_period,
)
from .services import (
    expense_submit,
    interest_express,
    interest_withdraw,
    profile_for,
    profile_update,
    time_record_correct,
    time_record_submit,
)


def _years(request) -> str:
    """The member's choice of tax or calendar years (`?years=`); anything else means the tax year."""
    kind = request.GET.get("years", "")
    return kind if kind in YEAR_KINDS else TAX_YEAR


def _record_context(request) -> dict:
    user, kind = request.user, _years(request)
    activities = list(activities_of(user))
    expenses = list(expenses_of(user))
    return {
        "activities": activities,
        "expenses": expenses,
        "totals": totals_by_year(activities, expenses, kind=kind),
        "years": kind,
        "years_label": YEAR_KINDS[kind],
        "years_form": RecordYearsForm(initial={"years": kind}),
        "interests": interests_of(user),
        "member": user,
        "time_records": list(time_records_of(user).exclude(status=TimeRecordStatus.APPROVED)),
        "records_time": is_group_member(user),
    }


@login_required
def record(request):
    return render(request, "involvement/me/record.html", _record_context(request))


@login_required
def record_print(request):
    return render(request, "involvement/me/record_print.html", _record_context(request))


@login_required
def record_csv(request):
    context = _record_context(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-involvement-record.csv"'
    writer = csv.writer(response)
    writer.writerow(["Type", "Date", "What", "Hours", "Amount (£)", "Status"])
    for activity in context["activities"]:
        writer.writerow(
            csv_row(
                [
                    "Activity",
                    activity.date.isoformat(),
                    activity.description,
                    activity.hours,
                    activity.amount_due,
                    activity.payment_status_label,
                ]
            )
        )
    for expense in context["expenses"]:
        writer.writerow(
            csv_row(
                [
                    f"Expense ({expense.get_kind_display()})",
                    expense.incurred_on.isoformat(),
                    expense.description,
                    "",
                    expense.amount,
                    expense.get_status_display(),
                ]
            )
        )
    period = "tax year" if context["years"] == TAX_YEAR else "calendar year"
    for total in context["totals"]:
        writer.writerow(
            [
                f"Total, {period} {total['label']}",
                f"{total['starts']:%Y-%m-%d} to {total['ends']:%Y-%m-%d}",
                "Hours given, and payments and approved expenses",
                total["hours"],
                total["payments"] + total["expenses"],
                "",
            ]
        )
    return response


@login_required
def certificate(request):
    """A certificate of what the member did in a period (the current UK tax year unless they choose one),
    to print or save as a PDF for a CV, an award or a job application. Only their own record; no money."""
    if "from" in request.GET or "to" in request.GET:
        form = CertificatePeriodForm(request.GET)
        valid = form.is_valid()
    else:
        period = year_period(tax_year_starting(timezone.localdate()), TAX_YEAR)
        form = CertificatePeriodForm(initial={"from": period["starts"], "to": period["ends"]})
        valid = True
    context = {"form": form, "member": request.user}
    if valid:
        starts = form.cleaned_data["from"] if form.is_bound else period["starts"]
        ends = form.cleaned_data["to"] if form.is_bound else period["ends"]
        context |= {
            "certificate": involvement_certificate(user=request.user, starts=starts, ends=ends),
            "signatory": certificate_signatory(),
        }
    return render(request, "involvement/certificate.html", context)


@login_required
def activity_detail(request, pk):
    activity = get_object_or_404(activities_of(request.user).select_related("donation_charity"), pk=pk)
    return render(
        request,
        "involvement/me/activity_detail.html",
        {
            "activity": activity,
            "paid_on": paid_on(activity=activity),
            "payment_choice": choice_in_words(
                preference=activity.payment_preference,
                charity=activity.donation_charity,
                expenses_only=activity.expenses_only,
            ),
            "choice_open": payment_choice_open(activity),
        },
    )


@login_required
def expense_detail(request, pk):
    expense = get_object_or_404(expenses_of(request.user), pk=pk)
    return render(
        request,
        "involvement/me/expense_detail.html",
        {"expense": expense, "paid_on": paid_on(expense=expense)},
    )


@login_required
def expense_receipt(request, pk):
    """The receipt file, for its owner and for coordinators only; never a public media URL."""
    expense = get_object_or_404(Expense, pk=pk)
    if expense.user_id != request.user.pk and not can_see_member_payments(request.user):
        raise Http404
    if not expense.receipt:
        raise Http404
    try:
        handle = expense.receipt.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The receipt file is missing.") from missing
    response = FileResponse(handle, as_attachment=True, filename=f"receipt-{expense.pk}{_suffix(expense)}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _suffix(expense) -> str:
    name = expense.receipt.name
    return name[name.rfind(".") :] if "." in name else ""


@login_required
def expense_create(request):
    form = ExpenseForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            expense = expense_submit(user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. Your claim has been sent to the coordinator.")
            return redirect(expense.get_absolute_url())
    return render(request, "involvement/me/expense_form.html", {"form": form})


@login_required
def time_create(request):
    """A Link or RUG member records time they gave; the coordinator checks it."""
    if not is_group_member(request.user):
        raise Http404
    form = TimeRecordForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            time_record_submit(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Thank you. Your time has been sent to the coordinator, who will check it."
            )
            return redirect(f"{reverse('my_involvement:record')}#your-time")
    return render(request, "involvement/me/time_form.html", {"form": form, "record": None})


@login_required
def time_edit(request, pk):
    """The member's own recorded time: its status, and a form to correct it until it is approved."""
    record = get_object_or_404(time_records_of(request.user), pk=pk)
    form = None
    if record.status != TimeRecordStatus.APPROVED:
        initial = {
            "date": record.date,
            "description": record.description,
            "hours": record.hours,
            "opportunity": record.opportunity_id,
            "meeting": record.meeting_id,
        }
        form = TimeRecordForm(
            request.POST if request.method == "POST" else None, initial=initial, user=request.user
        )
        if request.method == "POST" and form.is_valid():
            try:
                time_record_correct(record=record, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Thank you. Your changes have been sent to the coordinator.")
                return redirect(f"{reverse('my_involvement:record')}#your-time")
    return render(request, "involvement/me/time_form.html", {"form": form, "record": record})


@login_required
def opportunity_list(request):
    return render(
        request,
        "involvement/me/opportunity_list.html",
        {"opportunities": opportunities_for_member(request.user)},
    )


@login_required
def opportunity_detail(request, slug):
    opportunity = opportunity_for_member(request.user, slug)
    if opportunity is None:
        raise Http404
    interest = opportunity.own_interests[0] if opportunity.own_interests else None
    return render(
        request,
        "involvement/me/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "interest": interest,
            **offer_context(user=request.user, opportunity=opportunity, interest=interest),
        },
    )


@require_POST
@login_required
def interest(request, slug):
    opportunity = opportunity_for_member(request.user, slug)
    if opportunity is None:
        raise Http404
    try:
        interest_express(opportunity=opportunity, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you. We have noted your interest; the coordinator will be in touch.")
    return redirect(opportunity.get_absolute_url())


@require_POST
@login_required
def withdraw(request, slug):
    opportunity = opportunity_for_member(request.user, slug)
    if opportunity is None:
        raise Http404
    try:
        interest_withdraw(opportunity=opportunity, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have withdrawn your interest.")
    return redirect(opportunity.get_absolute_url())


@login_required
def profile(request):
    member_profile = profile_for(request.user)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=member_profile)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        interests = data.pop("interests")
        try:
            profile_update(profile=member_profile, interests=interests, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your involvement details have been saved.")
            return redirect("my_involvement:profile")
    return render(request, "involvement/me/profile.html", {"form": form})
