"""The whole road from an answer to a funder's figures, as the people meet it: the sweep emails the asker
30 days after the answer (once, over real SMTP), they answer through the link, a broker accepts the change
as an impact, adds evidence in the admin, builds a case study and downloads it as Word; the dashboard's
figures change by exactly what happened."""

import io
from datetime import timedelta

import pytest
import time_machine
from docx import Document

from apps.evidence.models import CaseStudy, FollowUp, Impact
from tests.auth import sign_in
from tests.evidence.test_admin import _form
from tests.evidence.test_follow_ups import ANSWERED_AT, _follow_up_emails, _link, answered, sweep
from tests.staff.test_dashboard import csv_of

from .conftest import staff_in

pytestmark = pytest.mark.django_db

# The financial year the answer, the follow-up and the impact fall in (April 2026 to March 2027).
YEAR = "start=2026-04-01&end=2027-03-31"


def _total(client, slug) -> list[str]:
    return csv_of(client, slug, query=YEAR)[-1]


def test_an_answer_becomes_a_counted_impact_with_evidence_and_a_word_case_study(
    client, smtp_server, django_capture_on_commit_callbacks
):
    evidence_request = answered(email="dr.ada@example.org", organisation="Riverside Health Centre")
    broker = staff_in("Knowledge broker", "bea.broker@iau.example")
    sign_in(client, broker)
    assert _total(client, "impact-follow-ups") == ["All follow-ups", "0", "0", "", "0"]
    assert _total(client, "impacts-by-level")[-2:] == ["0", "0"]
    client.logout()

    # The scheduled sweep (as `manage.py send_reminders` runs it) twice: one email.
    sweep(django_capture_on_commit_callbacks, at=ANSWERED_AT + timedelta(days=30, hours=1))
    sweep(django_capture_on_commit_callbacks, at=ANSWERED_AT + timedelta(days=30, hours=2))
    (email,) = _follow_up_emails(smtp_server)
    assert email["To"] == "dr.ada@example.org"

    with time_machine.travel(ANSWERED_AT + timedelta(days=31), tick=False):
        thanks = client.post(
            _link(email),
            {
                "helped": "yes",
                "decision_informed": "Whether to run an evening hand clinic.",
                "change_reported": "We run a hand clinic on Tuesday evenings now.",
                "may_quote": "yes",
                "quote": "The answer gave us the confidence to start the clinic.",
            },
        )
    assert thanks.status_code == 200
    follow_up = FollowUp.objects.get(evidence_request=evidence_request)

    sign_in(client, broker)
    accepted = client.post(
        f"/staff/impacts/follow-ups/{follow_up.pk}/accept/",
        {"title": "Riverside runs an evening hand clinic", "level": "adoption"},
    )
    impact = Impact.objects.get()
    assert accepted.url == impact.get_absolute_url()
    assert _total(client, "impact-follow-ups") == ["All follow-ups", "1", "1", "100.00", "1"]
    by_level = _total(client, "impacts-by-level")
    assert by_level[0] == "All levels" and by_level[-2] == "1"
    evidence_before = int(_total(client, "impact-evidence")[-1])  # the quote, as a testimonial

    # Evidence added in the admin: a figure, dated in the year.
    (quote,) = impact.evidence_items.all()
    response = client.post(
        f"/admin/evidence/impact/{impact.pk}/change/",
        _form(
            impact,
            status=impact.status,
            items=[
                {
                    "id": str(quote.pk),
                    "kind": quote.kind,
                    "dated_on": quote.dated_on.isoformat(),
                    "title": quote.title,
                    "description": quote.description,
                },
                {
                    "kind": "figure",
                    "dated_on": "2026-06-01",
                    "title": "Patients seen in the clinic",
                    "figure": "84",
                    "figure_unit": "patients seen in the first two months",
                },
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert impact.evidence_items.count() == 2
    assert int(_total(client, "impact-evidence")[-1]) == evidence_before + 1

    # A case study built from it, downloaded as Word and read back.
    started = client.post(
        "/staff/impacts/case-studies/new/", {"title": "An evening hand clinic", "impacts": [impact.pk]}
    )
    assert started.status_code == 302
    case_study = CaseStudy.objects.get(title="An evening hand clinic")
    detail = client.get(f"/staff/impacts/case-studies/{case_study.pk}/").content.decode()
    assert f'href="/staff/impacts/case-studies/{case_study.pk}.docx"' in detail
    word = client.get(f"/staff/impacts/case-studies/{case_study.pk}.docx")
    assert word.status_code == 200
    document = Document(io.BytesIO(word.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 5
    assert any(p.text == "An evening hand clinic" for p in document.paragraphs)
    # The sources to corroborate come from the evidence: the figure added in the admin among them.
    text = "\n".join(p.text for p in document.paragraphs)
    assert "84 patients seen in the first two months, counted 1 June 2026." in text
