import csv

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core.exports import csv_row
from apps.core.reauthentication import require_recent_authentication

from .forms import ApplicationForm, FinanceExportForm
from .selectors import finance_rows, groups_public, opportunities_open
from .services import application_submit

RATE_LIMIT_DEFAULT = 5  # applications from one address per hour


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_key(request) -> str:
    return f"involvement:applications:{_client_address(request)}:{timezone.now():%Y%m%d%H}"


def _rate_limited(request) -> bool:
    """True once this address has sent the limit of forms this hour (only forms that got through count,
    so someone correcting mistakes is never shut out)."""
    limit = getattr(settings, "INVOLVEMENT_APPLICATION_RATE_LIMIT", RATE_LIMIT_DEFAULT)
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
        "coordinator_email": getattr(settings, "COORDINATOR_EMAIL", ""),
    }
    return render(request, "involvement/index.html", context, status=status)


def thanks(request):
    return render(request, "involvement/thanks.html")


@permission_required("involvement.export_finance", raise_exception=True)
def finance_export(request):
    form = FinanceExportForm(request.GET or None)
    if not request.GET or not form.is_valid():
        return render(request, "involvement/finance_export.html", {"form": form})
    require_recent_authentication(request)  # names, emails and amounts: confirm who is asking first
    rows = finance_rows(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="involvement-payments-and-expenses.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["Member id", "Name", "Email", "Approved payments (£)", "Approved expenses (£)", "Total (£)"]
    )
    for row in rows:
        writer.writerow(
            csv_row(
                [row["user_id"], row["name"], row["email"], row["payments"], row["expenses"], row["total"]]
            )
        )
    return response
