"""Demo requests for evidence in every state, and answered questions, written for the demo in our own words.

Idempotent: each request is looked up by its question; a second run changes nothing. Requests are made
and moved on through the services (so the demo's emails are the real ones), then dated in the past.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from apps.accounts.demo import demo_email
from apps.accounts.models import User
from apps.communities.models import Community
from apps.pages.models import Page
from apps.publications.models import Publication

from . import services
from .enums import RequestStatus
from .models import EvidenceRequest

BROKER = "staff"  # the unit lead answers in the demo (the role "Knowledge broker" holds no demo account)

# Each: the asker's form, then what the unit did: (status, days ago asked, days to answer, due in days,
# links, note, decline reason, answer, published question, published summary).
REQUESTS = [
    {
        "ask": {
            "question": "Is there good evidence that a physiotherapist seeing patients first, instead "
            "of the GP, works for people with back and joint pain?",
            "purpose": "Our primary care network is deciding whether to keep funding first contact "
            "physiotherapists next year.",
            "name": "Dr Naomi Carter",
            "email": "naomi.carter@example.org",
            "requester_role": "commissioner",
            "organisation": "A primary care network",
            "consent_to_contact": True,
            "consent_to_publish": True,
        },
        "status": RequestStatus.CLOSED,
        "days_ago": 70,
        "days_to_answer": 18,
        "due_in": 21,
        "publications": ["First contact physiotherapy in general practice: what patients and GPs value"],
        "pages": ["mobilising-knowledge-with-commissioners-and-policy-makers"],
        "note": "Spoke to the physiotherapy lead: the service evaluation data are not public yet.",
        "answer": "Thank you for your question. We looked at studies from UK general practice. Patients "
        "who see a physiotherapist first are generally as satisfied as those who see a GP, and most do not "
        "need a GP appointment for the same problem afterwards. GPs in the studies valued the time it freed. "
        "The evidence on costs is thinner, so we suggest collecting your own figures on onward referrals.",
        "public_question": "Does seeing a physiotherapist first, instead of a GP, work for people with back "
        "and joint pain?",
        "public_summary": "Studies in UK general practice found that most people who saw a physiotherapist "
        "first were happy with their care. Most did not need to see a GP about the same problem later. GPs "
        "said it gave them more time for other patients. We found less evidence about costs.",
    },
    {
        "ask": {
            "question": "What helps people with hand osteoarthritis carry on working?",
            "purpose": "We are planning a hand clinic for people of working age: what should it offer?",
            "name": "Sunil Mehta",
            "email": "sunil.mehta@example.org",
            "requester_role": "clinician",
            "organisation": "Community hand therapy service",
            "consent_to_contact": True,
            "consent_to_publish": True,
        },
        "status": RequestStatus.ANSWERED,
        "days_ago": 40,
        "days_to_answer": 12,
        "due_in": 10,
        "publications": [
            "Exercise advice for hand osteoarthritis in primary care: a cluster audit",
            "Returning to work with back pain: embedding vocational advice in physiotherapy",
        ],
        "answer": "Hand exercises, splints for the base of the thumb, and advice about pacing work tasks "
        "all have some evidence behind them. Asking about work early, and advising on adjusting tasks, "
        "was the part most often missed in practice.",
        "public_question": "What helps people with hand osteoarthritis carry on working?",
        "public_summary": "Hand exercises and splints for the thumb can ease pain and help people keep "
        "using their hands. Asking people early about their work, and helping them plan changes to their "
        "tasks, also helps. This last step is often forgotten.",
    },
    {
        "ask": {
            "question": "Do structured medication reviews reduce the number of painkillers people with "
            "long-term pain take?",
            "purpose": "I care for my mother, who takes a lot of tablets. What should we ask at her review?",
            "name": "Margaret Doyle",
            "email": "margaret.doyle@example.org",
            "requester_role": "patient_carer",
            "consent_to_contact": True,
            "consent_to_publish": False,
        },
        "status": RequestStatus.ANSWERED,
        "days_ago": 30,
        "days_to_answer": 9,
        "due_in": 14,
        "publications": [
            "Structured medication reviews for people with persistent pain: a service evaluation"
        ],
        "answer": "In the service we evaluated, many people had at least one pain medicine reduced or "
        "stopped after a structured review. It helped when people brought all their tablets and said what "
        "mattered most to them. You could ask: which of these still helps, and what would happen if we "
        "tried less?",
    },
    {
        "ask": {
            "question": "How can we plan from the start for our falls prevention study's findings to be used "
            "in care homes?",
            "purpose": "We are writing a funding application and the funder asks for an implementation plan.",
            "name": "Dr Tom Hughes",
            "email": "tom.hughes@example.org",
            "requester_role": "researcher",
            "organisation": "A university school of medicine",
            "kind": "research_support",
            "funder": "NIHR Research for Patient Benefit",
            "application_deadline": 45,
            "research_stage": "writing",
            "wants_involvement_support": True,
            "consent_to_contact": True,
            "consent_to_publish": False,
        },
        "status": RequestStatus.IN_PROGRESS,
        "days_ago": 9,
        "due_in": 20,
        "communities": ["osteoarthritis-primary-care"],
        "note": "Suggest a care home manager on the steering group; ask the Link group about the leaflet.",
    },
    {
        "ask": {
            "question": "Which ways of sharing decisions about knee replacement work in a short appointment?",
            "purpose": "Our orthopaedic team wants to change how the first appointment runs.",
            "name": "Rachel Green",
            "email": "rachel.green@example.org",
            "requester_role": "manager",
            "organisation": "A hospital trust",
            "consent_to_contact": True,
            "consent_to_publish": True,
        },
        "status": RequestStatus.ACCEPTED,
        "days_ago": 4,
        "due_in": 25,
        "publications": ["Sharing decisions about knee osteoarthritis: a co-produced consultation guide"],
    },
    {
        "ask": {
            "question": "Should my husband have an injection or an operation for his shoulder?",
            "purpose": "He has to decide next month.",
            "name": "Ann Walker",
            "email": "ann.walker@example.org",
            "requester_role": "patient_carer",
            "consent_to_contact": True,
            "consent_to_publish": False,
        },
        "status": RequestStatus.DECLINED,
        "days_ago": 15,
        "decline": "Thank you for trusting us with this. We are not able to advise on one person's "
        "treatment: that is a decision to make with his surgeon or GP, who know his situation. Arthritis "
        "charities publish plain-language guides to shoulder treatments that may help you both prepare "
        "questions for the appointment.",
    },
    {
        "ask": {
            "question": "What is known about getting the Link group's kind of patient involvement into a "
            "community of practice from the very first meeting?",
            "purpose": "We are starting a new community of practice on persistent pain.",
            "name": "Priya Nair",
            "email": "priya.nair@example.org",
            "requester_role": "other",
            "organisation": "A voluntary sector partner",
            "consent_to_contact": True,
            "consent_to_publish": True,
        },
        "status": RequestStatus.NEW,
        "days_ago": 2,
    },
    {
        "ask": {
            "question": "Is there evidence on how knowledge brokers help allied health professionals use "
            "research in practice?",
            "purpose": "I am preparing a fellowship application and want to cite the evidence.",
            "name": "Dr Leah Okafor",
            "email": "leah.okafor@example.org",
            "requester_role": "researcher",
            "kind": "research_support",
            "funder": "Not decided yet",
            "research_stage": "idea",
            "consent_to_contact": True,
            "consent_to_publish": True,
        },
        "status": RequestStatus.NEW,
        "days_ago": 8,
    },
]


def seed(*, password: str, stdout) -> None:
    broker = User.objects.filter(email=demo_email(BROKER)).first()
    if broker is None:
        return
    today = timezone.localdate()
    added = 0
    for spec in sorted(REQUESTS, key=lambda spec: -spec["days_ago"]):  # references follow the dates
        fields = dict(spec["ask"])
        if EvidenceRequest.objects.filter(question=fields["question"]).exists():
            continue
        if "application_deadline" in fields:
            fields["application_deadline"] = today + timedelta(days=fields["application_deadline"])
        evidence_request = services.request_submit(**fields)
        _move_on(evidence_request, spec, broker, today)
        _date(evidence_request, spec)
        added += 1
    stdout.write(f"Requests for evidence: {added} added.")


def _move_on(evidence_request, spec, broker, today) -> None:
    status = spec["status"]
    if status == RequestStatus.NEW:
        return
    if status == RequestStatus.DECLINED:
        services.request_decline(evidence_request=evidence_request, reason=spec["decline"])
        return
    asked_on = today - timedelta(days=spec["days_ago"])
    services.request_accept(
        evidence_request=evidence_request,
        assignee=broker,
        due_on=asked_on + timedelta(days=spec.get("due_in", 28)),
    )
    services.request_links_set(
        evidence_request=evidence_request,
        publications=Publication.objects.filter(title__in=spec.get("publications", [])),
        communities=Community.objects.filter(slug__in=spec.get("communities", [])),
        pages=Page.objects.filter(slug__in=spec.get("pages", [])),
    )
    if spec.get("note"):
        services.request_note_add(evidence_request=evidence_request, author=broker, text=spec["note"])
    if status == RequestStatus.ACCEPTED:
        return
    if spec.get("answer"):
        services.request_answer(evidence_request=evidence_request, answer=spec["answer"], by=broker)
    else:
        services.request_start(evidence_request=evidence_request)
    if spec.get("public_question"):
        services.request_publish(
            evidence_request=evidence_request,
            public_question=spec["public_question"],
            public_summary=spec["public_summary"],
        )
    if status == RequestStatus.CLOSED:
        services.request_close(evidence_request=evidence_request)


def _date(evidence_request, spec) -> None:
    """Put the demo request back in time, so the queue, the reminders and the figures have a history."""
    now = timezone.now()
    asked = now - timedelta(days=spec["days_ago"])
    changes = {"created_at": asked}
    evidence_request.refresh_from_db()
    if evidence_request.decided_at:
        changes["decided_at"] = asked + timedelta(days=1)
    if evidence_request.answered_at:
        answered = asked + timedelta(days=spec["days_to_answer"])
        changes["answered_at"] = answered
        if evidence_request.published_at:
            changes["published_at"] = answered + timedelta(days=2)
        if evidence_request.closed_at:
            changes["closed_at"] = answered + timedelta(days=7)
    EvidenceRequest.objects.filter(pk=evidence_request.pk).update(**changes)


def pages_to_check() -> list[tuple[str, str | None]]:
    staff = demo_email("staff")
    first_answered = (
        EvidenceRequest.objects.filter(published_at__isnull=False)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    research = (
        EvidenceRequest.objects.filter(kind="research_support")
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    pages = [
        ("/ask/", None),
        ("/ask/thanks/", None),
        ("/ask/answered/", None),
        ("/ask/answered/?q=osteoarthritis", None),
        ("/staff/requests/", staff),
        ("/staff/requests/?status=new", staff),
    ]
    if first_answered:
        pages += [(f"/ask/answered/{first_answered}/", None), (f"/staff/requests/{first_answered}/", staff)]
    if research:
        pages.append((f"/staff/requests/{research}/", staff))
    newest = EvidenceRequest.objects.filter(status=RequestStatus.NEW).order_by("number").first()
    if newest:
        pages += [
            (f"/staff/requests/{newest.number}/", staff),
            (reverse("brokering:status", kwargs={"token": services.status_token(newest)}), None),
        ]
    return pages
