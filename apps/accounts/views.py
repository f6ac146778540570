from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from apps.core.plugins import render_block

from .forms import ProfileForm
from .member_area import member_panels
from .services import user_update_profile


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
