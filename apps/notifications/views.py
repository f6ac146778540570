from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.core.key_links import link_expired

from .forms import DigestPreferenceForm
from .selectors import notification_preference_of
from .services import notification_preference_unsubscribe, notification_preference_update
from .unsubscribe import EmailLinkExpired, user_from_token


def _preferences_page(request, *, user, action: str, signed: bool):
    preference = notification_preference_of(user=user)
    form = DigestPreferenceForm(
        request.POST or None,
        initial={
            "digest_frequency": preference.digest_frequency,
            "reminder_timings": preference.reminder_timings,
        },
    )
    if request.method == "POST" and form.is_valid():
        notification_preference_update(
            user=user,
            digest_frequency=form.cleaned_data["digest_frequency"],
            reminder_timings=form.cleaned_data["reminder_timings"],
        )
        messages.success(request, "Your email choices have been saved.")
        return redirect(action)
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "action": action, "signed": signed, "preference_user": user},
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    return _preferences_page(
        request, user=request.user, action=reverse("notifications:preferences"), signed=False
    )


def _expired(request):
    return link_expired(
        request,
        what="This link let you choose which emails we send you.",
        lifetime="a year after we send them",
        advice=(
            "Use the link at the bottom of the latest email we sent you, or sign in and go to "
            '"Your email choices" under Your account.'
        ),
    )


@require_http_methods(["GET", "POST"])
def preferences_signed(request, token: str):
    """The same choices, from a link in any email: the signed token stands in for signing in."""
    try:
        user = user_from_token(token)
    except EmailLinkExpired:
        return _expired(request)
    if user is None:
        raise Http404("This link is not valid.")
    action = reverse("notifications:preferences_signed", kwargs={"token": token})
    return _preferences_page(request, user=user, action=action, signed=True)


# Mail clients POST here with no cookie or CSRF token (RFC 8058), so this one view is exempt. It can
# only turn email off, for the one account its signed token names.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        user = user_from_token(token)
    except EmailLinkExpired:
        return _expired(request)
    if user is None:
        raise Http404("This link is not valid.")
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") != "One-Click":
            return HttpResponseBadRequest("Expected List-Unsubscribe=One-Click.")
        notification_preference_unsubscribe(user=user)
        return render(request, "notifications/unsubscribed.html", {"token": token})
    return render(request, "notifications/unsubscribe.html", {"token": token})
