"""The member's own pages under /me/. Every query is limited to the signed-in user: another member's
record answers 404."""

import csv
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.core.exports import csv_row

from .forms import EraseForm, ExpenseForm, ProfileForm
from .models import Expense
from .selectors import (
    activities_of,
    can_see_member_payments,
    expenses_of,
    interests_of,
    opportunities_for_member,
    opportunity_for_member,
    totals_by_year,
)
from .services import (
    account_erase,
    expense_submit,
    interest_express,
    interest_withdraw,
    personal_data_export,
    profile_for,
    profile_update,
)


def _record_context(user) -> dict:
    activities = list(activities_of(user))
    expenses = list(expenses_of(user))
    return {
        "activities": activities,
        "expenses": expenses,
        "totals": totals_by_year(activities, expenses),
        "interests": interests_of(user),
        "member": user,
    }


@login_required
def record(request):
    return render(request, "involvement/me/record.html", _record_context(request.user))


@login_required
def record_print(request):
    return render(request, "involvement/me/record_print.html", _record_context(request.user))


@login_required
def record_csv(request):
    context = _record_context(request.user)
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
                    activity.get_payment_status_display(),
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
    for total in context["totals"]:
        writer.writerow(
            [f"Total {total['year']}", "", "", total["hours"], total["payments"] + total["expenses"], ""]
        )
    return response


@login_required
def activity_detail(request, pk):
    activity = get_object_or_404(activities_of(request.user), pk=pk)
    return render(request, "involvement/me/activity_detail.html", {"activity": activity})


@login_required
def expense_detail(request, pk):
    expense = get_object_or_404(expenses_of(request.user), pk=pk)
    return render(request, "involvement/me/expense_detail.html", {"expense": expense})


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
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you. Your claim has been sent to the coordinator.")
            return redirect(expense.get_absolute_url())
    return render(request, "involvement/me/expense_form.html", {"form": form})


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
        request, "involvement/me/opportunity_detail.html", {"opportunity": opportunity, "interest": interest}
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
            form.add_error(None, error)
        else:
            messages.success(request, "Your involvement details have been saved.")
            return redirect("my_involvement:profile")
    return render(request, "involvement/me/profile.html", {"form": form})


@login_required
def data(request):
    return render(request, "involvement/me/data.html")


@login_required
def data_download(request):
    payload = json.dumps(personal_data_export(user=request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def erase(request):
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        account_erase(user=request.user)
        logout(request)
        messages.success(request, "Your account has been erased. Thank you for everything you gave.")
        return redirect("/")
    return render(request, "involvement/me/erase.html", {"form": form})
