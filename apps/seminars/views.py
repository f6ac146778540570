from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.key_links import link_expired
from apps.core.limits import (
    HONEYPOT_FIELD,
    client_key,
    honeypot_filled,
    limit_count,
    limit_reached,
    too_many_requests,
)
from apps.core.lists import FilteredListView

from . import selectors, tokens
from .calendar import seminar_ics, seminars_feed_ics
from .enums import RegistrationStatus
from .filters import SeminarFilter
from .forms import FeedbackForm, RegistrationForm
from .models import Feedback, Registration, registration_problem
from .services import feedback_submit, registration_cancel, registration_create, registration_stop_emails


class SeminarListView(FilteredListView):
    """Upcoming seminars first, soonest first; then past ones, newest first, with their resources.

    Both lists are paginated (`page` for upcoming, `past` for past ones): a page renders at most
    `paginate_by` cards of each, however many seminars there are.
    """

    template_name = "seminars/seminar_list.html"
    filterset_class = SeminarFilter
    paginate_by = 12
    past_per_page = 12

    def get_base_queryset(self):
        return selectors.seminars_public()

    def get_queryset(self):
        self.now = timezone.now()
        return self.get_filterset().qs.filter(ends_at__gt=self.now).order_by("starts_at", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        past = self.filterset.qs.filter(ends_at__lte=self.now).order_by("-starts_at", "-pk")
        context.update(
            upcoming=list(context["page_obj"].object_list),
            past_page=Paginator(past, self.past_per_page).get_page(self.request.GET.get("past")),
        )
        return context


def _public_seminar(slug):
    return get_object_or_404(selectors.seminars_public(), slug=slug)


def _detail_context(seminar, form):
    now = timezone.now()
    return {
        "seminar": seminar,
        "form": form,
        "places_left": selectors.seminar_places_left(seminar),
        "registration_problem": registration_problem(seminar, now),
        "is_past": seminar.ends_at <= now,
    }


@require_GET
def seminar_detail(request, slug):
    seminar = _public_seminar(slug)
    return render(request, "seminars/seminar_detail.html", _detail_context(seminar, RegistrationForm()))


@require_POST
def seminar_register(request, slug):
    seminar = _public_seminar(slug)
    address = client_key(request)
    per_address = {
        "scope": "seminars:register:address",
        "key": address,
        "limit": settings.SEMINAR_REGISTRATIONS_PER_ADDRESS_PER_HOUR,
        "period": 3600,
    }
    if limit_reached(**per_address):
        return too_many_requests(request, doing="registered for seminars")
    form = RegistrationForm(request.POST)
    if form.is_valid():
        details = dict(form.cleaned_data)
        filled_honeypot = honeypot_filled(details)
        details.pop(HONEYPOT_FIELD)
        per_email = {
            "scope": "seminars:register:email",
            "key": details["email"],
            "limit": settings.SEMINAR_REGISTRATIONS_PER_EMAIL_PER_HOUR,
            "period": 3600,
        }
        if limit_reached(**per_email):
            return too_many_requests(request, doing="registered with this email address")
        # Only forms that got through count, so someone correcting a mistake is never shut out.
        for limit in (per_address, per_email):
            limit_count(scope=limit["scope"], key=limit["key"], period=limit["period"])
        if filled_honeypot:  # a bot filled in the hidden field: store nothing, say nothing useful
            return redirect(seminar)
        try:
            registration, _ = registration_create(seminar=seminar, **details)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(seminar)
        # Whether the address was new or already registered, the page is the same: anyone can type
        # someone else's address, so the answer is in the email to that address, never on the page.
        request.session["seminars_registered"] = {"id": registration.pk}
        return redirect("seminars:registered", slug=seminar.slug)
    return render(request, "seminars/seminar_detail.html", _detail_context(seminar, form), status=400)


@require_GET
def seminar_registered(request, slug):
    seminar = _public_seminar(slug)
    remembered = request.session.get("seminars_registered") or {}
    registration = Registration.objects.filter(pk=remembered.get("id"), seminar=seminar).first()
    if registration is None:
        return redirect(seminar)
    return render(request, "seminars/registered.html", {"seminar": seminar, "email": registration.email})


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def seminar_event_ics(request, slug):
    seminar = _public_seminar(slug)
    return _calendar_response(seminar_ics(seminar), f"{seminar.slug}.ics")


@require_GET
def seminars_feed(request):
    return _calendar_response(
        seminars_feed_ics(selectors.seminars_upcoming(include_cancelled=True)), "seminars.ics"
    )


def _registration_from_token(token, purpose):
    """The registration a link is for; Http404 when it is not a link of ours, tokens.Expired when it was
    but is past its lifetime."""
    registration_id = tokens.read_token(token, purpose)
    if registration_id is None:
        raise Http404("This link is not valid.")
    registration = Registration.objects.select_related("seminar").filter(pk=registration_id).first()
    if registration is None:
        raise Http404("This registration no longer exists.")
    return registration


@require_http_methods(["GET", "POST"])
def registration_cancel_view(request, token):
    try:
        registration = _registration_from_token(token, tokens.CANCEL)
    except (Http404, tokens.Expired):
        # Cut short, changed, or for a registration that is gone: a plain page saying what to do.
        return render(request, "seminars/link_not_working.html", status=404)
    seminar = registration.seminar
    if tokens.cancel_link_expired(registration):
        return link_expired(
            request,
            what=f"This link was for cancelling a registration for {seminar.title}, which has ended.",
            lifetime="as long as the seminar has not ended",
            advice="There is nothing left to cancel. To come to another seminar, see our list of seminars.",
        )
    already = registration.status == RegistrationStatus.CANCELLED
    too_late = seminar.starts_at <= timezone.now()
    if request.method == "POST" and not already and not too_late:
        registration_cancel(registration=registration)
        registration.refresh_from_db()
        return render(request, "seminars/registration_cancelled.html", {"registration": registration})
    return render(
        request,
        "seminars/registration_cancel.html",
        {"registration": registration, "seminar": seminar, "already": already, "too_late": too_late},
    )


# Mail clients send the one-click unsubscribe POST (RFC 8058) without a CSRF token or a session; the signed
# token in the URL is the proof, and the only thing it can do is stop email, so CSRF gives nothing here.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def registration_stop_emails_view(request, token):
    try:
        registration = _registration_from_token(token, tokens.STOP_EMAILS)
    except tokens.Expired:
        return link_expired(
            request,
            what="This link was for stopping emails about a seminar you registered for.",
            lifetime="a year after the email it came in",
            advice="Use the link in the latest email we sent you, or write to us and we will stop them.",
        )
    if request.method == "POST":
        registration_stop_emails(registration=registration)
    return render(
        request,
        "seminars/stop_emails.html",
        {"registration": registration, "seminar": registration.seminar, "done": request.method == "POST"},
    )


@require_http_methods(["GET", "POST"])
def feedback_view(request, token):
    try:
        registration = _registration_from_token(token, tokens.FEEDBACK)
    except tokens.Expired:
        return link_expired(
            request,
            what="This link was for telling us what you thought of a seminar.",
            lifetime="six months after the email it came in",
            advice="Thank you for thinking of it. You can still write to us with anything you want to say.",
        )
    seminar = registration.seminar
    existing = Feedback.objects.filter(registration=registration).first()
    form = FeedbackForm(request.POST or None, instance=existing)
    problem = ""
    if registration.status != RegistrationStatus.CONFIRMED:
        problem = "Only people who had a place can give feedback on this seminar."
    elif seminar.starts_at > timezone.now():
        problem = "You can give feedback once the seminar has started."
    if request.method == "POST" and not problem and form.is_valid():
        feedback_submit(registration=registration, **form.cleaned_data)
        return render(request, "seminars/feedback_thanks.html", {"seminar": seminar})
    return render(
        request,
        "seminars/feedback_form.html",
        {"registration": registration, "seminar": seminar, "form": form, "problem": problem},
        status=400 if request.method == "POST" and not problem else 200,
    )


def _certificate_page(request, registration):
    problem = selectors.registration_certificate_problem(registration)
    if problem:
        return render(
            request,
            "seminars/certificate_refused.html",
            {"seminar": registration.seminar, "problem": problem},
            status=403,
        )
    return render(
        request,
        "seminars/certificate.html",
        {
            "registration": registration,
            "seminar": registration.seminar,
            "cpd_hours": selectors.seminar_cpd_hours(registration.seminar),
        },
    )


@login_required
@require_GET
def attendance_certificate(request, pk):
    """A signed-in member's certificate for a seminar they registered for with their account's address."""
    registration = get_object_or_404(selectors.registrations_for_email(request.user.email), pk=pk)
    return _certificate_page(request, registration)


@require_GET
def attendance_certificate_link(request, token):
    """The same certificate for someone without an account, through the link in the follow-up email."""
    try:
        registration = _registration_from_token(token, tokens.CERTIFICATE)
    except Http404:
        return render(request, "seminars/link_not_working.html", status=404)
    except tokens.Expired:
        return link_expired(
            request,
            what="This link was for a certificate of attendance at a seminar.",
            lifetime="a year after the email it came in",
            advice="Write to us and we will send you the certificate.",
        )
    return _certificate_page(request, registration)
