"""The knowledge brokering figures of the impact dashboard, against hand-counted requests.

The period is the financial year 1 April 2025 to 31 March 2026 on the London clock.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.brokering.models import EvidenceRequest
from apps.staff.figures import FIGURES_BY_SLUG
from apps.staff.periods import financial_year_starting
from tests.auth import sign_in
from tests.factories.brokering import EvidenceRequestFactory
from tests.staff.conftest import london
from tests.staff.test_dashboard import csv_of

pytestmark = pytest.mark.django_db
SLUGS = ["brokering-requesters", "brokering-time-to-answer", "brokering-on-time"]


def request_(role, created_at, answered_at=None, **fields):
    evidence_request = EvidenceRequestFactory(requester_role=role, **fields)
    EvidenceRequest.objects.filter(pk=evidence_request.pk).update(
        created_at=created_at, answered_at=answered_at
    )
    return evidence_request


@pytest.fixture
def requests_year(db):
    # 1. clinician, first day, answered in 10 days, before its due date: on time.
    request_(
        "clinician", london(2025, 4, 1, 0, 30), london(2025, 4, 11, 15, 0), due_on=datetime.date(2025, 4, 15)
    )
    # 2. clinician, answered in 4 days, after the date they needed it by: late.
    request_(
        "clinician", london(2025, 5, 1, 9, 0), london(2025, 5, 5, 9, 0), needed_by=datetime.date(2025, 5, 2)
    )
    # 3. commissioner, answered in 6 days, no date: neither on time nor late.
    request_("commissioner", london(2025, 6, 10, 9, 0), london(2025, 6, 16, 9, 0))
    # 4. researcher asking for research support on the last evening of the year; not answered yet.
    request_(
        "researcher",
        london(2026, 3, 31, 23, 30),
        kind="research_support",
        funder="NIHR",
        research_stage="idea",
    )
    # 5. patient, received the evening BEFORE the year (not counted as received), answered in it in
    #    2 days, on time.
    request_(
        "patient_carer",
        london(2025, 3, 31, 23, 30),
        london(2025, 4, 2, 10, 0),
        due_on=datetime.date(2025, 4, 3),
    )
    # 6. manager, received just after the year: counted nowhere.
    request_("manager", london(2026, 4, 1, 0, 10))
    # 7. clinician, received in the year, answered just after it: received and "answered so far",
    #    but not among the year's answers.
    request_("clinician", london(2025, 9, 1, 9, 0), london(2026, 4, 1, 0, 5))


def test_requests_by_who_asked_csv_equals_the_records(client, superuser, requests_year):
    sign_in(client, superuser)
    rows = csv_of(client, "brokering-requesters")
    assert rows[0] == ["Who asked", "Requests", "Of which research support", "Answered so far"]
    by_role = {row[0]: row[1:] for row in rows[1:]}
    assert by_role["Clinician or health professional"] == ["3", "0", "3"]  # 1, 2, 7
    assert by_role["Commissioner or policy maker"] == ["1", "0", "1"]  # 3
    assert by_role["Researcher"] == ["1", "1", "0"]  # 4
    assert by_role["Patient or carer"] == ["0", "0", "0"]  # 5 came in before the year
    assert by_role["Service manager"] == ["0", "0", "0"]  # 6 came in after it
    assert by_role["Everyone"] == ["5", "1", "4"]


def test_time_to_answer_csv_equals_the_records(client, superuser, requests_year):
    sign_in(client, superuser)
    rows = csv_of(client, "brokering-time-to-answer")
    by_role = {row[0]: row[1:] for row in rows[1:]}
    assert by_role["Clinician or health professional"] == ["2", "7.00"]  # 10 and 4 days
    assert by_role["Commissioner or policy maker"] == ["1", "6.00"]
    assert by_role["Patient or carer"] == ["1", "2.00"]
    assert by_role["Researcher"] == ["0", ""]
    assert by_role["Everyone"] == ["4", "5.00"]  # 2, 4, 6, 10


def test_answered_on_time_csv_equals_the_records(client, superuser, requests_year):
    sign_in(client, superuser)
    rows = csv_of(client, "brokering-on-time")
    assert rows[1:] == [["On time", "2"], ["Late", "1"], ["No date asked for", "1"], ["All answered", "4"]]
    page = client.get("/staff/impact/?start=2025-04-01&end=2026-03-31").content.decode()
    assert "66.7" in page  # 2 of the 3 with a date


def test_brokering_figures_need_the_queue_permission(client, requests_year):
    from django.contrib.auth.models import Group

    from apps.accounts.roles import staff_roles_ensure
    from tests.factories.accounts import StaffFactory

    staff_roles_ensure()
    broker = StaffFactory()
    broker.groups.add(Group.objects.get(name="Knowledge broker"))

    sign_in(client, StaffFactory())
    assert client.get("/staff/impact/brokering-on-time.csv").status_code == 403
    sign_in(client, broker)
    assert client.get("/staff/impact/brokering-on-time.csv").status_code == 200
    page = client.get("/staff/impact/").content.decode()
    assert "Requests for evidence answered on time" in page
    assert "Involvement: hours and payments by month" not in page


@pytest.mark.parametrize("slug", SLUGS)
def test_brokering_figures_are_one_query_however_many_requests(slug, requests_year):
    build = FIGURES_BY_SLUG[slug].build
    period = financial_year_starting(2025)
    with CaptureQueriesContext(connection) as few:
        build(period)
    for day in range(1, 29):
        request_("manager", london(2025, 10, day, 9, 0), london(2025, 11, day, 9, 0))
    with CaptureQueriesContext(connection) as many:
        build(period)
    assert len(few) == len(many) == 1
