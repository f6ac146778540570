"""Impact evidence under /staff/impacts/: every page needs `evidence.view_impact` (which already needs
the second factor). Editing happens in the admin. Also the follow-up answer pages, which need no account:
their signed link is the key."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.forms import add_service_errors
from apps.core.key_links import link_expired
from apps.core.lists import FilteredListView
from apps.staff.access import staff_required

from . import selectors, services
from .enums import ProposalState
from .filters import FollowUpFilter, ImpactFilter
from .forms import FollowUpAcceptForm, FollowUpForm, SeminarFollowUpForm
from .models import EvidenceItem
from .pathway import pathway_chart

VIEW = "evidence.view_impact"


def _may_view(view):
    @staff_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied("Your role does not include impact evidence.")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@method_decorator(_may_view, name="dispatch")
class ImpactListView(FilteredListView):
    filterset_class = ImpactFilter
    paginate_by = 25
    template_name = "evidence/impact_list.html"
    context_object_name = "impacts"

    def get_base_queryset(self):
        return selectors.impacts_for_staff()

    def get_queryset(self):
        return super().get_queryset().distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm("evidence.change_impact")
        context["proposed_count"] = selectors.follow_ups_proposed_waiting()["count"]
        return context


impact_list = ImpactListView.as_view()


def _get(pk):
    impact = selectors.impact_for_staff(pk)
    if impact is None:
        raise Http404("No impact has that number.")
    return impact


@_may_view
def impact_detail(request, pk):
    impact = _get(pk)
    events = selectors.impact_pathway(impact)
    chart = pathway_chart(chart_id="pathway", title=f"How it happened: {impact.title}", events=events)
    return render(
        request,
        "evidence/impact_detail.html",
        {
            "impact": impact,
            "events": events,
            "chart": chart,
            "can_change": request.user.has_perm("evidence.change_impact"),
            # What members said changed since, as the facilitator recorded it with the meeting's notes.
            "meeting_changes": [meeting for meeting in impact.meetings.all() if meeting.changes_reported],
        },
    )


@_may_view
def evidence_file(request, pk, item_pk):
    """A testimonial or document: never under a public URL, only for staff who may see impacts."""
    item = EvidenceItem.objects.filter(pk=item_pk, impact_id=pk).first()
    if item is None or not item.file:
        raise Http404("No such file.")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    response = FileResponse(handle, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ------------------------------------------------------------------------------- follow-ups (no account)


FOLLOW_UP_PAGES = {
    services.FOLLOW_UP_KEY_LINK: {
        "form": FollowUpForm,
        "template": "evidence/follow_up_form.html",
        "what": "This link was for telling us whether our answer to your question helped.",
    },
    services.SEMINAR_FOLLOW_UP_KEY_LINK: {
        "form": SeminarFollowUpForm,
        "template": "evidence/follow_up_seminar_form.html",
        "what": "This link was for telling us whether you did what you planned after a seminar.",
    },
}


def _follow_up_page(request, token, purpose):
    page = FOLLOW_UP_PAGES[purpose]
    try:
        follow_up = services.follow_up_from_token(token, purpose=purpose)
    except services.FollowUpLinkExpired:
        return link_expired(
            request,
            what=page["what"],
            lifetime=f"{services.FOLLOW_UP_LINK_LIFETIME} after we send them",
            advice="Thank you for thinking of it. You can still reply to our email with anything to say.",
        )
    if follow_up is None:
        raise Http404("This link is not right. Check it against the one in your email.")
    if follow_up.answered_at is not None:
        return render(request, "evidence/follow_up_used.html", {"follow_up": follow_up}, status=410)
    form = page["form"](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.follow_up_answer(follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "already_answered":
                return render(request, "evidence/follow_up_used.html", {"follow_up": follow_up}, status=410)
            add_service_errors(form, error)
        else:
            return render(request, "evidence/follow_up_thanks.html", {"follow_up": follow_up})
    context = {"follow_up": follow_up, "form": form}
    if follow_up.feedback_id:
        context["seminar"] = follow_up.feedback.registration.seminar
    else:
        context["evidence_request"] = follow_up.evidence_request
    return render(request, page["template"], context, status=400 if request.method == "POST" else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up_answer(request, token):
    """/ask/follow-up/<token>/: "Did it help?", from the link in the 30- or 90-day email."""
    return _follow_up_page(request, token, services.FOLLOW_UP_KEY_LINK)


@never_cache
@require_http_methods(["GET", "POST"])
def seminar_follow_up_answer(request, token):
    """/seminars/did-you/<token>/: "Did you?", three months after a seminar."""
    return _follow_up_page(request, token, services.SEMINAR_FOLLOW_UP_KEY_LINK)


# ------------------------------------------------------------------------------ follow-ups (for staff)

DECIDE = "evidence.add_impact"  # accepting a proposal makes an impact: those who may add impacts decide


@method_decorator(_may_view, name="dispatch")
class FollowUpListView(FilteredListView):
    """Answers to follow-ups; "Proposed by follow-ups" (`?proposal=proposed`) waits for a decision."""

    filterset_class = FollowUpFilter
    paginate_by = 25
    template_name = "evidence/follow_up_list.html"
    context_object_name = "follow_ups"

    def get_base_queryset(self):
        return selectors.follow_ups_for_staff()


follow_up_list = FollowUpListView.as_view()


def _get_follow_up(pk):
    follow_up = selectors.follow_up_for_staff(pk)
    if follow_up is None:
        raise Http404("No answered follow-up has that number.")
    return follow_up


def _follow_up_detail(request, follow_up, *, accept_form=None, status=200):
    may_decide = request.user.has_perm(DECIDE) and follow_up.proposal == ProposalState.PROPOSED
    if may_decide and accept_form is None:
        accept_form = FollowUpAcceptForm(initial={"title": services.follow_up_suggested_title(follow_up)})
    context = {"follow_up": follow_up, "may_decide": may_decide, "accept_form": accept_form}
    return render(request, "evidence/follow_up_detail.html", context, status=status)


@_may_view
@require_http_methods(["GET"])
def follow_up_detail(request, pk):
    return _follow_up_detail(request, _get_follow_up(pk))


def _may_decide(request):
    if not request.user.has_perm(DECIDE):
        raise PermissionDenied("Your role does not include adding impacts.")


@_may_view
@require_POST
def follow_up_accept(request, pk):
    _may_decide(request)
    follow_up = _get_follow_up(pk)
    if follow_up.proposal != ProposalState.PROPOSED:  # decided meanwhile (another tab, a colleague)
        messages.error(request, f"This answer is already decided: {follow_up.get_proposal_display()}.")
        return redirect("impacts:follow_up", pk=pk)
    form = FollowUpAcceptForm(request.POST)
    if form.is_valid():
        try:
            impact = services.follow_up_accept(follow_up=follow_up, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("impacts:follow_up", pk=pk)
            add_service_errors(form, error)
        else:
            messages.success(request, "Accepted. The impact is made, with the answer as its evidence.")
            return redirect(impact.get_absolute_url())
    return _follow_up_detail(request, follow_up, accept_form=form, status=400)


@_may_view
@require_POST
def follow_up_dismiss(request, pk):
    _may_decide(request)
    follow_up = _get_follow_up(pk)
    try:
        services.follow_up_dismiss(follow_up=follow_up, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("impacts:follow_up", pk=pk)
    messages.success(request, "Dismissed. The answer stays on record.")
    return redirect(f"{reverse('impacts:follow_ups')}?proposal={ProposalState.PROPOSED}")
