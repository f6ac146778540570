"""The member's benefits pages under /me/, and accepting an offer. Every query is limited to the signed-in
member: another member's letter answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.core.forms import add_service_errors

from .benefits import benefits_information_of, benefits_information_update, member_totals
from .benefits_forms import BenefitsInformationForm
from .letters import letter_for_display, letters_of
from .offers import offer_accept
from .selectors import opportunity_for_member


@login_required
def benefits(request):
    """Tell us, privately, whether you receive benefits and which limit matters to you."""
    information = benefits_information_of(request.user)
    initial = {}
    if information is not None:
        initial = {
            "receives_benefits": "yes" if information.receives_benefits else "no",
            "limit": information.limit_id,
            "note": information.note,
        }
    form = BenefitsInformationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            benefits_information_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. We have saved what you told us.")
            return redirect("my_involvement:benefits")
    return render(
        request,
        "involvement/benefits/me.html",
        {
            "form": form,
            "information": information,
            "totals": member_totals(request.user),
            "letters": list(letters_of(request.user)),
        },
    )


@login_required
def letter(request, pk):
    letter = get_object_or_404(letters_of(request.user), pk=pk)
    return render(
        request,
        "involvement/benefits/letter.html",
        {"letter": letter, "content": letter_for_display(letter), "staff_view": False},
    )


@require_POST
@login_required
def accept(request, slug):
    opportunity = opportunity_for_member(request.user, slug)
    if opportunity is None:
        raise Http404
    try:
        offer_accept(
            user=request.user, opportunity=opportunity, fingerprint=request.POST.get("fingerprint", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Thank you. You have accepted your place; we have kept a copy of the offer."
        )
    return redirect(opportunity.get_absolute_url())
