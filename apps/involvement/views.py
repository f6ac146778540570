from django.conf import settings
from django.shortcuts import redirect, render

from apps.core.limits import public_form_submitted

from .forms import ApplicationForm
from .selectors import groups_public, opportunities_open
from .services import application_submit

RATE_SCOPE = "involvement:applications"


def index(request):
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    submitted = public_form_submitted(
        request, form, scope=RATE_SCOPE, limit=settings.INVOLVEMENT_APPLICATION_RATE_LIMIT, what="forms"
    )
    if submitted.accepted:
        if not submitted.by_bot:  # a bot is thanked and nothing is stored
            data = form.cleaned_data
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
    return render(request, "involvement/index.html", context, status=submitted.status)


def thanks(request):
    return render(request, "involvement/thanks.html")
