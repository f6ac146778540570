"""The brokers' queue under /staff/requests/: every page checks a permission; every write is a service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from apps.core.forms import add_service_errors
from apps.core.lists import FilteredListView
from apps.core.plugins import page_sections
from apps.core.readability import readability_note

from . import selectors, services
from .access import permission_needed
from .enums import NEXT_STATUSES, RequestStatus
from .filters import RequestQueueFilter
from .forms import AnswerForm, AssignForm, DecisionForm, LinksForm, NoteForm, PublishForm

VIEW = "brokering.view_evidencerequest"
CHANGE = "brokering.change_evidencerequest"
PUBLISH = "brokering.publish_evidencerequest"


class QueueView(FilteredListView):
    template_name = "brokering/staff/queue.html"
    context_object_name = "requests"
    paginate_by = 25
    filterset_class = RequestQueueFilter
    forgiving = False  # a bad filter value is explained next to its field and every request is shown

    def get_base_queryset(self):
        return selectors.requests_for_queue()

    def get_filterset_kwargs(self) -> dict:
        return {"broker_choices": [(str(user.pk), str(user)) for user in selectors.brokers()]}


queue = permission_needed(VIEW)(QueueView.as_view())


def _get(number):
    evidence_request = selectors.request_for_staff(number)
    if evidence_request is None:
        raise Http404("No request has that number.")
    return evidence_request


def _detail(request, evidence_request, *, status=200, answer_preview=None, **forms):
    can_change = request.user.has_perm(CHANGE)
    next_statuses = NEXT_STATUSES[RequestStatus(evidence_request.status)]
    context = {
        "evidence_request": evidence_request,
        "can_change": can_change,
        "can_publish": request.user.has_perm(PUBLISH) and evidence_request.consent_to_publish,
        "may_decide": can_change and evidence_request.status == RequestStatus.NEW,
        "may_start": can_change and RequestStatus.IN_PROGRESS in next_statuses,
        "may_answer": can_change and RequestStatus.ANSWERED in next_statuses,
        "may_close": can_change and RequestStatus.CLOSED in next_statuses,
        "may_publish": evidence_request.status in (RequestStatus.ANSWERED, RequestStatus.CLOSED),
        "status_url": services.status_url(evidence_request),
        "answer_preview": answer_preview,
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            evidence_request=evidence_request,
            initial={
                "assignee": evidence_request.assignee_id,
                "due_on": evidence_request.due_on,
                "involvement_coordinator": evidence_request.involvement_coordinator_id,
            },
        ),
        "note_form": forms.get("note_form") or NoteForm(),
        "links_form": forms.get("links_form")
        or LinksForm(
            initial={
                "publications": evidence_request.publications.all(),
                "profiles": evidence_request.profiles.all(),
                "communities": evidence_request.communities.all(),
                "pages": evidence_request.pages.all(),
            }
        ),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer": evidence_request.answer}),
        "publish_form": forms.get("publish_form")
        or PublishForm(
            initial={
                "public_question": evidence_request.public_question,
                "public_summary": evidence_request.public_summary,
            }
        ),
    }
    _with_reading_age(context["publish_form"], "public_summary", evidence_request.public_summary)
    context["answer_reading_age"] = (
        readability_note(evidence_request.answer) if evidence_request.answer else ""
    )
    # What other apps add about an answered request (evidence: its follow-ups), without importing them.
    context["page_sections"] = (
        page_sections(evidence_request, request) if evidence_request.answered_at else []
    )
    return render(request, "brokering/staff/detail.html", context, status=status)


def _with_reading_age(form, name: str, saved_text: str) -> None:
    """The reading age of the SAVED text under the field where staff write it (measured as the page is
    drawn, so it changes after each save; no script: the content security policy allows none inline)."""
    field = form.fields[name]
    field.help_text = format_html(
        '{}<br><strong class="readability-note">{}</strong>', field.help_text, readability_note(saved_text)
    )


@permission_needed(VIEW)
def detail(request, number):
    return _detail(request, _get(number))


def _announce_errors(request, form) -> None:
    # Problems with the request itself (say, it was declined meanwhile) go at the top of the page too:
    # the form they came from may no longer be shown.
    for problem in form.non_field_errors():
        messages.error(request, problem)


def _action(request, number, form_class, form_name, run, done_message):
    """Validate the form, run the service, and come back to the request page (errors shown there)."""
    evidence_request = _get(number)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            run(evidence_request, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done_message)
            return redirect(evidence_request.get_staff_url())
    _announce_errors(request, form)
    return _detail(request, evidence_request, status=200, **{form_name: form})


@require_POST
@permission_needed(CHANGE)
def decide(request, number):
    def run(evidence_request, data):
        if data["decision"] == "accept":
            services.request_accept(evidence_request=evidence_request)
        else:
            services.request_decline(evidence_request=evidence_request, reason=data["reason"])

    return _action(request, number, DecisionForm, "decision_form", run, "Your decision is saved.")


@require_POST
@permission_needed(CHANGE)
def assign(request, number):
    evidence_request = _get(number)
    form = AssignForm(request.POST, evidence_request=evidence_request)
    if form.is_valid():
        try:
            services.request_assign(
                evidence_request=evidence_request,
                assignee=form.cleaned_data["assignee"],
                due_on=form.cleaned_data["due_on"],
                involvement_coordinator=form.cleaned_data.get("involvement_coordinator"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The request's broker and due date are saved.")
            return redirect(evidence_request.get_staff_url())
    _announce_errors(request, form)
    return _detail(request, evidence_request, status=200, assign_form=form)


def _step(request, number, service, done_message):
    """Move the request on with a service that needs no form, and come back to its page."""
    evidence_request = _get(number)
    try:
        service(evidence_request=evidence_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message)
    return redirect(evidence_request.get_staff_url())


@require_POST
@permission_needed(CHANGE)
def start(request, number):
    return _step(request, number, services.request_start, "The request is marked as in progress.")


@require_POST
@permission_needed(CHANGE)
def add_note(request, number):
    def run(evidence_request, data):
        services.request_note_add(evidence_request=evidence_request, author=request.user, text=data["text"])

    return _action(request, number, NoteForm, "note_form", run, "Your note is saved.")


@require_POST
@permission_needed(CHANGE)
def set_links(request, number):
    def run(evidence_request, data):
        services.request_links_set(evidence_request=evidence_request, **data)

    return _action(request, number, LinksForm, "links_form", run, "The links are saved.")


@require_POST
@permission_needed(CHANGE)
def answer(request, number):
    """Three buttons on one form: keep the draft, see the email as the person will get it, or send it."""
    if "preview" in request.POST:
        evidence_request = _get(number)
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return _detail(request, evidence_request, status=200, answer_form=form)
        preview = services.request_answer_preview(
            evidence_request=evidence_request, answer=form.cleaned_data["answer"], by=request.user
        )
        return _detail(request, evidence_request, status=200, answer_form=form, answer_preview=preview)
    if "save_draft" in request.POST:

        def keep(evidence_request, data):
            services.request_answer_draft_save(evidence_request=evidence_request, answer=data["answer"])

        return _action(request, number, AnswerForm, "answer_form", keep, "Your draft answer is saved.")

    def run(evidence_request, data):
        services.request_answer(evidence_request=evidence_request, answer=data["answer"], by=request.user)

    return _action(request, number, AnswerForm, "answer_form", run, "The answer is on its way by email.")


@require_POST
@permission_needed(CHANGE)
def close(request, number):
    return _step(request, number, services.request_close, "The request is closed.")


@require_POST
@permission_needed(PUBLISH)
def publish(request, number):
    if request.POST.get("unpublish"):
        evidence_request = _get(number)
        services.request_unpublish(evidence_request=evidence_request)
        messages.success(request, "The answered question is no longer on the website.")
        return redirect(evidence_request.get_staff_url())

    def run(evidence_request, data):
        services.request_publish(evidence_request=evidence_request, **data)

    return _action(request, number, PublishForm, "publish_form", run, "The answered question is published.")
