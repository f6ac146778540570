"""The staff area: /staff/ ("Waiting for you" and what this person may open), the impact dashboard, report
and CSVs, and the readability check of published texts."""

import csv
import io
import zipfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.core.exports import csv_row
from apps.evidence.case_studies.selectors import (
    case_studies_final_between,
    case_study_is_public,
    impacts_going_on_between,
)
from apps.impact.selectors import entries_highlights

from .access import staff_required
from .figures import FIGURES_BY_SLUG, build_with_comparison, figures_for
from .forms import WaitingEmailForm
from .periods import financial_year_of, period_from_query
from .readability import sources_for, texts_above_target
from .report import report_figures
from .selectors import report_narrative_for
from .services import waiting_email_preference_set, waiting_email_wanted
from .waiting import waiting_for


def _period_context(request):
    today = timezone.localdate()
    period, form = period_from_query(request.GET, today=today)
    this_year = financial_year_of(today)
    return {
        "period": period,
        "previous_period": period.previous(),
        "period_form": form,
        "period_invalid": form is not None and not form.is_valid(),
        "this_year": this_year,
        "last_year": this_year.previous(),
    }


@staff_required
def home(request):
    specs = figures_for(request.user)
    areas = {}
    for spec in specs:
        areas.setdefault(spec.area, []).append(spec)
    today = timezone.localdate()
    waiting = waiting_for(request.user, today=today)
    return render(
        request,
        "staff/home.html",
        {
            "waiting": [(work, work.age(today)) for work in waiting],
            "waiting_email_form": WaitingEmailForm(initial={"weekly": waiting_email_wanted(request.user)}),
            "areas": areas,
            "can_see_dashboard": bool(specs),
            "can_see_readability": bool(sources_for(request.user)),
        },
    )


@staff_required
@require_POST
def waiting_email(request):
    """The person's own choice of the weekly "waiting for you" email."""
    form = WaitingEmailForm(request.POST)
    weekly = form.is_valid() and form.cleaned_data["weekly"]
    waiting_email_preference_set(user=request.user, weekly=weekly)
    if weekly:
        messages.success(request, "We will email you what is waiting for you every Monday morning.")
    else:
        messages.success(request, "We will not email you what is waiting for you.")
    return redirect(reverse("staff:home") + "#waiting-email")


def _figures_or_403(request):
    specs = figures_for(request.user)
    if not specs:
        raise PermissionDenied("Your role does not include any figures of the impact dashboard.")
    return specs


@staff_required
def dashboard(request):
    specs = _figures_or_403(request)
    context = _period_context(request)
    figures = [build_with_comparison(spec, context["period"]) for spec in specs]
    return render(request, "staff/dashboard.html", {**context, "figures": figures})


@staff_required
def report(request):
    """The annual report a funder reads: a cover, contents, the staff's narrative for exactly this period,
    the headlines, the final case studies and the impacts of the period (for those who may see impacts),
    "you said, we did" highlights, then the figures (one sentence for a figure with nothing to show)."""
    specs = _figures_or_403(request)
    context = _period_context(request)
    period = context["period"]
    # Like the figures: what is dated after today has not happened yet.
    last_day = period.last_day_done()
    figures = report_figures([build_with_comparison(spec, period) for spec in specs])
    highlights = []
    if request.user.has_perm("impact.view_impactentry"):
        highlights = list(entries_highlights(start=period.start, end=last_day))
    case_studies, impacts = [], []
    if request.user.has_perm("evidence.view_impact"):
        case_studies = [
            (case_study, case_study_is_public(case_study))
            for case_study in case_studies_final_between(start=period.start, end=last_day)
        ]
        impacts = list(impacts_going_on_between(start=period.start, end=last_day))
    user = request.user
    return render(
        request,
        "staff/report.html",
        {
            **context,
            "figures": figures,
            "highlights": highlights,
            "narrative": report_narrative_for(period),
            "can_write_narrative": user.has_perm("staff.add_reportnarrative")
            and user.has_perm("staff.change_reportnarrative"),
            "case_studies": case_studies,
            "impacts": impacts,
            "may_see_impacts": user.has_perm("evidence.view_impact"),
            "prepared_on": timezone.localdate(),
        },
    )


def _and_list(words: list[str]) -> str:
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]])) if words else ""


@staff_required
def readability(request):
    """Published texts harder to read than the aim, worst first, for staff who may change them."""
    sources = sources_for(request.user)
    if not sources:
        raise PermissionDenied("Your role does not let you change any of the texts this page checks.")
    return render(
        request,
        "staff/readability.html",
        {
            "texts": texts_above_target(sources),
            "kinds": _and_list([source.kind.lower() for source in sources]),
            "target": settings.READABILITY_TARGET_AGE,
        },
    )


def _bad_period_response(form):
    problems = [error for errors in form.errors.values() for error in errors]
    return HttpResponse(
        "The period was not understood: " + " ".join(problems) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _csv_text(figure) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in figure.csv_rows():
        writer.writerow(csv_row(row))
    return buffer.getvalue()


@staff_required
def figure_csv(request, slug):
    spec = FIGURES_BY_SLUG.get(slug)
    if spec is None:
        raise Http404("No such figure.")
    if spec not in figures_for(request.user):
        raise PermissionDenied("Your role does not include this figure.")
    period, form = period_from_query(request.GET)
    if form is not None and not form.is_valid():
        return _bad_period_response(form)
    figure = spec.build(period)
    response = HttpResponse(_csv_text(figure), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="impact-{slug}-{period.file_suffix}.csv"'
    return response


@staff_required
def csv_zip(request):
    specs = _figures_or_403(request)
    period, form = period_from_query(request.GET)
    if form is not None and not form.is_valid():
        return _bad_period_response(form)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for spec in specs:
            archive.writestr(f"impact-{spec.slug}-{period.file_suffix}.csv", _csv_text(spec.build(period)))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="impact-figures-{period.file_suffix}.zip"'
    return response
