"""The member's payment choices: their default for new payments (/me/payment-choices/) and their choice
for one payment (/me/involvement/activities/<pk>/payment-choice/). Only the member's own records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from apps.core.forms import add_service_errors

from .payment_forms import PaymentChoiceForm
from .payment_services import (
    CHANGE_CLOSED,
    activity_set_payment_choice,
    payment_choice_open,
    profile_set_payment_choice,
)
from .payments import choice_in_words
from .selectors import activities_of
from .services import profile_for


def _initial(record) -> dict:
    return {
        "payment_preference": record.payment_preference,
        "donation_charity": record.donation_charity_id,
        "expenses_only": record.expenses_only,
    }


def _apply(form, save) -> bool:
    """Call the service with the form's answers; its errors land next to their fields."""
    try:
        save(
            preference=form.cleaned_data["payment_preference"],
            charity=form.cleaned_data["donation_charity"],
            expenses_only=form.cleaned_data["expenses_only"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@login_required
def payment_choices(request):
    """The member's default choice, and their payments whose choice they can still change."""
    profile = profile_for(request.user)
    form = PaymentChoiceForm(request.POST if request.method == "POST" else None, initial=_initial(profile))
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda **choice: profile_set_payment_choice(profile=profile, **choice))
    )
    if saved:
        messages.success(request, "Your payment choice has been saved. New payments will follow it.")
        return redirect("my_involvement:payment_choices")
    open_payments = (
        activities_of(request.user)
        .filter(payment_run_items__isnull=True)
        .exclude(payment_status="paid")
        .select_related("donation_charity")
    )
    return render(
        request,
        "involvement/me/payment_choices.html",
        {"form": form, "open_payments": open_payments},
        status=400 if form.errors else 200,
    )


@login_required
def activity_payment_choice(request, pk):
    """Change how one payment is made, until it is in a payment run."""
    activity = get_object_or_404(activities_of(request.user).select_related("donation_charity"), pk=pk)
    is_open = payment_choice_open(activity)
    form = PaymentChoiceForm(request.POST if request.method == "POST" else None, initial=_initial(activity))
    if request.method == "POST" and not is_open:
        form.is_valid()
        form.add_error(None, CHANGE_CLOSED)
    elif (
        request.method == "POST"
        and form.is_valid()
        and _apply(form, lambda **choice: activity_set_payment_choice(activity=activity, **choice))
    ):
        messages.success(request, "How this payment is made has been changed.")
        return redirect(activity.get_absolute_url())
    return render(
        request,
        "involvement/me/activity_payment_choice.html",
        {
            "activity": activity,
            "form": form,
            "is_open": is_open,
            "current": choice_in_words(
                preference=activity.payment_preference,
                charity=activity.donation_charity,
                expenses_only=activity.expenses_only,
            ),
        },
        status=400 if form.errors else 200,
    )
