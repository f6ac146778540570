"""The impact evidence figures of the dashboard (impacts by level and status, evidence items, follow-ups
and decisions informed) against hand-counted records.

The period is the financial year 1 April 2025 to 31 March 2026 on the London clock. Impacts and evidence
are counted with "today" inside the period (15 October 2025), so that what is still to come shows apart.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.roles import staff_roles_ensure
from apps.evidence.enums import Confidentiality, EvidenceKind, ImpactLevel, ImpactStatus
from apps.evidence.models import EvidenceItem, FollowUp, Impact
from apps.seminars.models import Feedback
from apps.staff.figures import FIGURES_BY_SLUG
from apps.staff.periods import financial_year_starting
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.brokering import EvidenceRequestFactory
from tests.factories.seminars import RegistrationFactory
from tests.staff.conftest import london
from tests.staff.test_dashboard import csv_of

pytestmark = pytest.mark.django_db
TODAY_IN_THE_PERIOD = london(2025, 10, 15, 12, 0)
D = datetime.date


def impact(title, level, status, started_on, ended_on=None, confidentiality=Confidentiality.STAFF_ONLY):
    return Impact.objects.create(
        title=title,
        summary="What changed.",
        level=level,
        status=status,
        confidentiality=confidentiality,
        started_on=started_on,
        ended_on=ended_on,
    )


def item(of, kind, dated_on):
    return EvidenceItem.objects.create(impact=of, kind=kind, dated_on=dated_on, title=f"{kind} {dated_on}")


@pytest.fixture
def impacts_year(db):
    """Six impacts and five evidence items; the counts the tests expect are beside each."""
    # 1. adoption, verified, staff only, from the period's first day and going on: counted.
    first = impact("Template adopted", ImpactLevel.ADOPTION, ImpactStatus.VERIFIED, D(2025, 4, 1))
    # 2. adoption, evidenced, public, ended on the period's first day: it went on in it, counted.
    impact(
        "Pathway used for a year",
        ImpactLevel.ADOPTION,
        ImpactStatus.EVIDENCED,
        D(2024, 6, 1),
        D(2025, 4, 1),
        confidentiality=Confidentiality.PUBLIC,
    )
    # 3. benefit, claimed, public, ended the day before the period: not counted.
    ended = impact(
        "Leaflet used until March",
        ImpactLevel.BENEFIT,
        ImpactStatus.CLAIMED,
        D(2023, 1, 1),
        D(2025, 3, 31),
        confidentiality=Confidentiality.PUBLIC,
    )
    # 4. engagement, claimed, staff only, started today: counted.
    impact("Staff trained today", ImpactLevel.ENGAGEMENT, ImpactStatus.CLAIMED, D(2025, 10, 15))
    # 5. engagement, evidenced, starts in December (after today, in the period): still to start only.
    impact("Trust to adopt in December", ImpactLevel.ENGAGEMENT, ImpactStatus.EVIDENCED, D(2025, 12, 1))
    # 6. benefit, verified, starts after the period: counted nowhere.
    impact("Next year's change", ImpactLevel.BENEFIT, ImpactStatus.VERIFIED, D(2026, 4, 1))

    # Evidence, by its own date.
    item(first, EvidenceKind.FIGURE, D(2025, 4, 1))  # the first day: counted
    item(first, EvidenceKind.TESTIMONIAL, D(2025, 10, 15))  # today: counted
    item(first, EvidenceKind.CITATION, D(2025, 3, 31))  # the day before: not counted
    item(first, EvidenceKind.CONTACT, D(2025, 11, 1))  # after today: not counted
    item(ended, EvidenceKind.CITATION, D(2025, 6, 1))  # of the ended impact, dated in the period: counted


@time_machine.travel(TODAY_IN_THE_PERIOD, tick=False)
def test_impacts_by_level_and_status_csv_equals_the_records(client, superuser, impacts_year):
    sign_in(client, superuser)
    rows = csv_of(client, "impacts-by-level")

    assert rows == [
        ["Level", "Claimed", "Evidenced", "Verified", "All impacts", "Still to start"],
        ["Engagement", "1", "0", "0", "1", "1"],  # 4; 5 still to start
        ["Adoption", "0", "1", "1", "2", "0"],  # 2, 1
        ["Benefit", "0", "0", "0", "0", "0"],  # 3 ended before, 6 starts after
        ["All levels", "1", "1", "1", "3", "1"],
    ]


@time_machine.travel(TODAY_IN_THE_PERIOD, tick=False)
def test_evidence_items_csv_counts_items_dated_in_the_period_up_to_today(client, superuser, impacts_year):
    sign_in(client, superuser)
    rows = csv_of(client, "impact-evidence")

    assert rows == [
        ["Kind of evidence", "Evidence items"],
        ["Testimonial or letter", "1"],
        ["Document or link", "0"],
        ["Figure", "1"],
        ["Policy or guideline citation", "1"],
        ["Corroborating contact (staff only)", "0"],
        ["All evidence", "3"],
    ]
    figure = FIGURES_BY_SLUG["impact-evidence"].build(financial_year_starting(2025))
    assert [(stat.label, stat.value) for stat in figure.summary] == [
        ("Evidence items", 3),
        ("Impacts with new evidence", 2),  # the template (figure, testimonial) and the leaflet
    ]


def test_once_the_period_is_over_everything_in_it_counts(client, superuser, impacts_year):
    # Today (after the period): the December impact has started and the November contact is dated.
    sign_in(client, superuser)
    assert csv_of(client, "impacts-by-level")[-1] == ["All levels", "1", "2", "1", "4", "0"]
    assert csv_of(client, "impact-evidence")[-1] == ["All evidence", "4"]


def follow_up(evidence_request, after_days, sent_at, answered_at=None, decision=""):
    return FollowUp.objects.create(
        evidence_request=evidence_request,
        after_days=after_days,
        sent_at=sent_at,
        answered_at=answered_at,
        decision_informed=decision,
        helped="yes" if answered_at else "",
    )


@pytest.fixture
def follow_ups_year(db):
    a, b, c, d = (EvidenceRequestFactory() for _ in range(4))
    # f1. sent on the first night, answered with a decision: sent, answered, decision (30 days).
    follow_up(a, 30, london(2025, 4, 1, 0, 30), london(2025, 4, 10, 9, 0), "We changed the referral form.")
    # f2. sent, never answered (90 days).
    follow_up(a, 90, london(2025, 6, 30, 9, 0))
    # f3. sent the evening before the period, answered in it with a decision: only the decision counts.
    follow_up(b, 30, london(2025, 3, 31, 23, 30), london(2025, 4, 2, 9, 0), "The practice kept the pathway.")
    # f4. sent and answered in the period, no decision named (90 days).
    follow_up(b, 90, london(2025, 7, 1, 9, 0), london(2025, 7, 5, 9, 0))
    # f5. queued but never sent: counted nowhere.
    follow_up(c, 30, None)
    # f6. sent on the last evening, answered after the period with a decision: sent only (90 days).
    follow_up(c, 90, london(2026, 3, 31, 23, 0), london(2026, 4, 1, 0, 30), "Too late for this year.")
    # f7. sent just after the period: counted nowhere.
    follow_up(d, 30, london(2026, 4, 1, 0, 10))
    # A seminar's "Did you?" follow-up, sent and answered with a decision: not a request, not counted.
    feedback = Feedback.objects.create(registration=RegistrationFactory(), rating=5)
    FollowUp.objects.create(
        feedback=feedback,
        after_days=90,
        sent_at=london(2025, 8, 1, 9, 0),
        answered_at=london(2025, 8, 2, 9, 0),
        decision_informed="We started group classes.",
    )


def test_follow_ups_csv_equals_the_records(client, superuser, follow_ups_year):
    sign_in(client, superuser)
    rows = csv_of(client, "impact-follow-ups")

    assert rows == [
        ["Follow-up", "Sent", "Answered", "Response rate", "Decisions informed"],
        ["After 30 days", "1", "1", "100.00", "2"],  # f1 sent and answered; decisions f1, f3
        ["After 90 days", "3", "1", "33.30", "0"],  # f2, f4, f6 sent; f4 answered
        ["All follow-ups", "4", "2", "50.00", "2"],
    ]
    page = client.get("/staff/impact/?start=2025-04-01&end=2026-03-31").content.decode()
    assert "Follow-ups: did the evidence help?" in page
    assert "50.0%" in page


def test_response_rate_is_a_dash_when_no_follow_up_was_sent(client, superuser, follow_ups_year):
    sign_in(client, superuser)
    rows = csv_of(client, "impact-follow-ups", query="start=2023-04-01&end=2024-03-31")

    assert rows[-1] == ["All follow-ups", "0", "0", "", "0"]
    figure = FIGURES_BY_SLUG["impact-follow-ups"].build(financial_year_starting(2023))
    assert figure.display_rows[-1] == ["All follow-ups", "0", "0", "–", "0"]
    assert figure.summary[1].text == "–"


@pytest.mark.parametrize(
    ("role", "opens"),
    [
        ("Unit lead", True),
        ("Involvement coordinator", True),
        ("Knowledge broker", True),
        ("Communications editor", False),
        ("Finance", False),
    ],
)
def test_the_impact_figures_are_for_the_roles_that_read_impacts(client, role, opens, impacts_year):
    staff_roles_ensure()
    person = StaffFactory()
    person.groups.add(Group.objects.get(name=role))
    sign_in(client, person)

    for slug in ("impacts-by-level", "impact-evidence", "impact-follow-ups"):
        assert client.get(f"/staff/impact/{slug}.csv").status_code == (200 if opens else 403)


@pytest.mark.parametrize("slug", ["impacts-by-level", "impact-evidence", "impact-follow-ups"])
def test_impact_figures_keep_their_queries_however_many_records(slug, impacts_year, follow_ups_year):
    build = FIGURES_BY_SLUG[slug].build
    period = financial_year_starting(2025)
    with CaptureQueriesContext(connection) as few:
        build(period)
    for day in range(1, 21):
        more = impact(f"Another change {day}", ImpactLevel.BENEFIT, ImpactStatus.CLAIMED, D(2025, 5, day))
        item(more, EvidenceKind.FIGURE, D(2025, 6, day))
        follow_up(EvidenceRequestFactory(), 30, london(2025, 7, day, 9, 0), london(2025, 8, day, 9, 0), "Yes")
    with CaptureQueriesContext(connection) as many:
        figure = build(period)
    assert len(few) == len(many) <= 2
    assert figure.rows[-1][1] > 0
