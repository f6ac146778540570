from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.limits import client_address

from .forms import ApplicationForm
from .selectors import groups_public, opportunities_open
from .services import application_submit


def _rate_key(request) -> str:
    return f"involvement:applications:{client_address(request)}:{timezone.now():%Y%m%d%H}"


def _rate_limited(request) -> bool:
    """True once this address has sent the limit of forms this hour (only forms that got through count,
    so someone correcting mistakes is never shut out)."""
    limit = settings.INVOLVEMENT_APPLICATION_RATE_LIMIT
    return cache.get(_rate_key(request), 0) >= limit


def _count_submission(request) -> None:
    key = _rate_key(request)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3600)


def index(request):
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            form.add_error(
                None,
                "We have had a lot of forms from your connection in the last hour. "
                "Please try again later, or email us.",
            )
            status = 429
        elif form.is_valid():
            _count_submission(request)
            data = form.cleaned_data
            if not data["website"]:  # a bot filled in the honeypot: thank it and store nothing
                application_submit(
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    group=data["group"],
                    motivation=data["motivation"],
                    access_needs=data["access_needs"],
                    consent_to_contact=data["consent_to_contact"],
                )
            return redirect("involvement:thanks")
    context = {
        "form": form,
        "groups": groups_public(),
        "opportunities": opportunities_open()[:6],
        "coordinator_email": settings.COORDINATOR_EMAIL,
    }
    return render(request, "involvement/index.html", context, status=status)


def thanks(request):
    return render(request, "involvement/thanks.html")
