"""Public pages of the brokering desk: /ask/, the signed status link and /ask/answered/."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from apps.core.emails import absolute_url
from apps.core.jsonld import json_ld
from apps.core.key_links import link_expired
from apps.core.limits import public_form_submitted

from . import selectors, services
from .enums import STATUS_FOR_ASKER
from .forms import AnsweredSearchForm, AskForm

SESSION_REFERENCE = "brokering:last-reference"


RATE_SCOPE = "brokering:ask"


def ask(request):
    form = AskForm(request.POST if request.method == "POST" else None)
    submitted = public_form_submitted(
        request, form, scope=RATE_SCOPE, limit=settings.BROKERING_ASK_RATE_LIMIT, what="questions"
    )
    if submitted.accepted:
        if submitted.by_bot:  # thank it and store nothing
            request.session.pop(SESSION_REFERENCE, None)
        else:
            evidence_request = services.request_submit(**form.request_fields())
            request.session[SESSION_REFERENCE] = evidence_request.reference
        return redirect("brokering:thanks")
    return render(
        request,
        "brokering/ask.html",
        {"form": form, "recent": selectors.answered_published()[:3]},
        status=submitted.status,
    )


def thanks(request):
    return render(request, "brokering/thanks.html", {"reference": request.session.pop(SESSION_REFERENCE, "")})


def status(request, token):
    try:
        evidence_request = services.request_from_status_token(token)
    except services.StatusLinkExpired:
        return link_expired(
            request,
            what="This link showed how your question to the knowledge brokers was going.",
            lifetime="a year after we send them",
            advice=(
                "Use the link in the latest email we sent you about your question, or reply to that "
                "email and quote your reference (it starts with ASK-)."
            ),
        )
    if evidence_request is None:
        raise Http404("This link is not right. Check it against the one in your email.")
    return render(
        request,
        "brokering/status.html",
        {
            "evidence_request": evidence_request,
            "status_text": STATUS_FOR_ASKER[evidence_request.status],
            "steps": _steps(evidence_request),
        },
    )


def _steps(evidence_request):
    """The path a request takes, with the steps done so far marked."""
    order = ["new", "accepted", "in_progress", "answered", "closed"]
    labels = {
        "new": "We received your question",
        "accepted": "A knowledge broker took it on",
        "in_progress": "Looking for evidence",
        "answered": "Answered by email",
        "closed": "Closed",
    }
    if evidence_request.status == "declined":
        return [(labels["new"], True), ("We could not take it on", True)]
    reached = order.index(evidence_request.status)
    return [(labels[step], index <= reached) for index, step in enumerate(order)]


def answered_list(request):
    form = AnsweredSearchForm(request.GET or None)
    questions = selectors.answered_published()
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        questions = selectors.answered_search(questions, query)
    page = Paginator(questions, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "brokering/answered_list.html",
        {"form": form, "page_obj": page, "questions": page.object_list, "query": query},
    )


def answered_detail(request, number):
    evidence_request = selectors.answered_published().filter(number=number).first()
    if evidence_request is None:
        raise Http404("No published answer has that number.")
    return render(
        request,
        "brokering/answered_detail.html",
        {"question": evidence_request, "json_ld": _json_ld(evidence_request)},
    )


def _json_ld(evidence_request) -> str:
    """schema.org QAPage markup. Escaped for a <script type="application/ld+json"> block."""
    url = absolute_url(evidence_request.get_absolute_url())
    published = evidence_request.published_at.isoformat()
    data = {
        "@context": "https://schema.org",
        "@type": "QAPage",
        "url": url,
        "mainEntity": {
            "@type": "Question",
            "name": evidence_request.public_question[:110],
            "text": evidence_request.public_question,
            "answerCount": 1,
            "datePublished": published,
            "author": {"@type": "Organization", "name": "Person who asked (anonymised)"},
            "acceptedAnswer": {
                "@type": "Answer",
                "text": evidence_request.public_summary,
                "url": url,
                "datePublished": published,
                "author": {"@type": "Organization", "name": settings.UNIT_NAME},
                "citation": [
                    {
                        "@type": "CreativeWork",
                        "name": publication.title,
                        "url": absolute_url(publication.get_absolute_url()),
                    }
                    for publication in evidence_request.public_publications
                ],
            },
        },
    }
    return json_ld(data)
