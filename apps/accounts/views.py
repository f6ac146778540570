import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render

from apps.core.plugins import render_block

from .forms import EraseForm, ProfileForm
from .member_area import member_panels
from .services import account_erase, account_may_erase_itself, personal_data_export, user_update_profile


@login_required
def me(request):
    panels = [
        (panel, render_block(panel.template, panel.context, request)) for panel in member_panels(request.user)
    ]
    return render(request, "accounts/me.html", {"panels": panels})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:me")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def data(request):
    return render(request, "accounts/data.html")


@login_required
@reauthentication_required
def data_download(request):
    """Everything we hold about the member. A session left open on a shared computer is not enough:
    allauth asks for the password (or a sign-in code) again unless they signed in a few minutes ago."""
    payload = json.dumps(personal_data_export(user=request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def erase(request):
    """Staff accounts are closed by the unit, not erased by their holder: the record of who changed
    what must keep its author."""
    if not account_may_erase_itself(request.user):
        return render(request, "accounts/erase_staff.html", status=403)
    return _erase_confirmed(request)


@reauthentication_required
def _erase_confirmed(request):
    """Erasing is for good, so the member confirms who they are first (a session left open is not
    enough); the form they posted is carried out once they have."""
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        account_erase(user=request.user)
        logout(request)
        messages.success(request, "Your account has been erased. Thank you for everything you gave.")
        return redirect("/")
    return render(request, "accounts/erase.html", {"form": form})
