""" "Waiting for you" on /staff/: per role, the count of each kind of work in hand, the oldest item's age and
a link to the list where it is acted on. Every record below is counted by hand in its comment; edge
records that must NOT count sit beside them.

Today is Wednesday 18 March 2026 in London.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from apps.brokering.enums import RequestStatus
from apps.communities.enums import JoinRequestStatus, MembershipStatus
from apps.communities.models import JoinRequest
from apps.involvement.enums import ApplicationStatus, ExpenseStatus, PaymentStatus
from apps.involvement.models import PaymentRun
from tests.auth import sign_in
from tests.core.test_readability import HARD, PLAIN
from tests.factories.accounts import StaffFactory
from tests.factories.brokering import EvidenceRequestFactory
from tests.factories.communities import CommunityFactory
from tests.factories.communities import MembershipFactory as CommunityMembershipFactory
from tests.factories.involvement import ActivityFactory, ApplicationFactory, ExpenseFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=LONDON)
ROLES = {
    "unit_lead": "Unit lead",
    "coordinator": "Involvement coordinator",
    "finance": "Finance",
    "editor": "Communications editor",
    "broker": "Knowledge broker",
}

APPLICATIONS = "Applications to join the Link group or the RUG"
EXPENSES = "Expense claims to approve"
ACTIVITIES = "Payments for activities to approve"
RUNS = "Payment runs to pay"
VISITORS = "Requests to join a community from people without an account"
MEMBERS = "Members asking to join a community"
NEW_REQUESTS = "New requests for evidence to accept or decline"
DUE_REQUESTS = "Requests for evidence due within 7 days or overdue"
TEXTS = "Published texts with a reading age above 12"
# The user, their authenticator and their permissions (4); communities 2, involvement 4, brokering 2 (one
# COUNT/MIN each, the requests due soon one list), evidence 1 (impacts proposed by follow-ups); texts: one
# per source the unit lead may change (7, impact stories among them); the email choice (1); the session's
# last activity (3, with its savepoint).
QUERIES_FOR_THE_UNIT_LEAD = 24


def day(month, day_of_month, hour=9):
    return datetime.datetime(2026, month, day_of_month, hour, 0, tzinfo=LONDON)


def created(obj, when):
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)
    return obj


@pytest.fixture(autouse=True)
def _today():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def work(db):
    """The hand-counted records."""
    # Applications: 2 waiting (oldest 1 March: 17 days).
    created(ApplicationFactory(), day(3, 1))
    created(ApplicationFactory(), day(3, 10))
    created(ApplicationFactory(status=ApplicationStatus.APPROVED), day(1, 1))  # decided: not counted
    created(ApplicationFactory(status=ApplicationStatus.DECLINED), day(2, 1))  # decided: not counted

    # Expense claims: 2 waiting (oldest made 4 March: 14 days).
    created(ExpenseFactory(), day(3, 4))
    created(ExpenseFactory(), day(3, 12))
    created(ExpenseFactory(status=ExpenseStatus.APPROVED), day(2, 1))  # already approved
    created(ExpenseFactory(status=ExpenseStatus.REJECTED, decision_reason="No receipt."), day(2, 1))
    created(ExpenseFactory(status=ExpenseStatus.PAID), day(1, 2))

    # Activities due for approval: 2 that have happened (oldest dated 2 March: 16 days).
    ActivityFactory(date=datetime.date(2026, 3, 2))
    ActivityFactory(date=datetime.date(2026, 3, 18))  # today: it has happened
    ActivityFactory(date=datetime.date(2026, 3, 19))  # in the future: planned, not counted
    ActivityFactory(date=datetime.date(2026, 3, 1), payment_status=PaymentStatus.APPROVED)  # approved
    ActivityFactory(date=datetime.date(2026, 3, 1), payment_status=PaymentStatus.NOT_DUE)  # volunteered

    # Payment runs: 1 made and not paid (9 March: 9 days).
    created(PaymentRun.objects.create(note="March"), day(3, 9))
    created(
        PaymentRun.objects.create(
            note="February", paid_on=datetime.date(2026, 3, 1), marked_paid_at=day(3, 1)
        ),
        day(2, 20),
    )  # paid: not counted

    # Visitors' requests to join: 3 waiting in two communities (oldest 5 March: 13 days).
    falls = CommunityFactory(name="Falls prevention", slug="falls")
    knees = CommunityFactory(name="Knee pain", slug="knees")

    def join_request(community, when, status=JoinRequestStatus.PENDING):
        row = JoinRequest.objects.create(
            community=community,
            name="Vic Visitor",
            email=f"visitor{JoinRequest.objects.count()}@example.org",
            role="clinician",
            reason="I run a falls clinic.",
            status=status,
        )
        return created(row, when)

    join_request(falls, day(3, 5))
    join_request(falls, day(3, 15))
    join_request(knees, day(3, 16))
    join_request(falls, day(2, 1), JoinRequestStatus.APPROVED)  # decided
    join_request(knees, day(2, 1), JoinRequestStatus.DECLINED)  # decided

    # Members asking to join: 1 (11 March: 7 days).
    created(CommunityMembershipFactory(community=falls, status=MembershipStatus.REQUESTED), day(3, 11))
    created(CommunityMembershipFactory(community=falls), day(3, 1))  # a member already

    # Requests for evidence: 2 new (oldest 3 March: 15 days).
    created(EvidenceRequestFactory(), day(3, 3))
    created(EvidenceRequestFactory(), day(3, 17))
    created(EvidenceRequestFactory(status=RequestStatus.CLOSED), day(1, 5))  # closed
    # Due within 7 days or overdue: 2 (the most overdue was due 14 March: 4 days late).
    EvidenceRequestFactory(status=RequestStatus.ACCEPTED, due_on=datetime.date(2026, 3, 14))
    EvidenceRequestFactory(status=RequestStatus.IN_PROGRESS, due_on=datetime.date(2026, 3, 25))  # day 7
    EvidenceRequestFactory(status=RequestStatus.IN_PROGRESS, due_on=datetime.date(2026, 3, 26))  # day 8
    EvidenceRequestFactory(status=RequestStatus.ACCEPTED)  # no due date
    EvidenceRequestFactory(status=RequestStatus.ANSWERED, due_on=datetime.date(2026, 3, 10))  # answered
    EvidenceRequestFactory(status=RequestStatus.CLOSED, due_on=datetime.date(2026, 3, 1))  # closed
    # A published answered question whose summary is hard to read (brokers and the unit lead may change it).
    EvidenceRequestFactory(
        status=RequestStatus.ANSWERED,
        published_at=timezone.now(),
        public_question="Does exercise help knee pain?",
        public_summary=HARD,
    )

    # Texts above the reading age: 1 publication (plus the answered question above).
    PublicationFactory(title="Hard summary", plain_summary=HARD)
    PublicationFactory(title="Plain summary", plain_summary=PLAIN)


def staff_in(role):
    user = StaffFactory(display_name=f"Demo {role}")
    user.groups.add(Group.objects.get(name=ROLES[role]))
    return user


def cards(html: str) -> list[tuple[str, int, str]]:
    """(title, count, age) of each card of "Waiting for you", in order."""
    section = re.search(r'<section aria-labelledby="waiting-for-you">(.*?)</section>', html, re.S).group(1)
    found = []
    for card in re.findall(r'<li class="card">(.*?)</li>\s*(?=<li class="card">|</ul>)', section, re.S):
        title, count = re.search(r'<h3>(.*?): <span class="staff-number">(\d+)</span></h3>', card).groups()
        age = re.search(r'<p class="meta">(.*?)</p>', card)
        found.append((title, int(count), age.group(1) if age else ""))
    return found


def links(html: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="waiting-for-you">(.*?)<form', html, re.S).group(1)
    return [url.replace("&amp;", "&") for url in re.findall(r'<a href="([^"]+)"', section)]


def listed(url: str, html: str) -> int:
    """How many items the page at `url` lists."""
    if url.startswith("/admin/"):
        body = re.search(r'<table id="result_list">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
        return body.count("<tr")
    if url.startswith("/staff/requests/?"):
        return int(re.search(r'<p class="meta" role="status">(\d+) requests?\.</p>', html).group(1))
    if re.fullmatch(r"/staff/requests/\d+/", url):
        return 1
    if url == "/staff/requests/":
        return -1  # the whole queue: the requests due soon are each linked after it
    if url.startswith("/staff/readability/"):
        return len(re.findall(r"<tr>\s*<th scope=\"row\">", html))
    if url.endswith("/manage/requests/"):
        return html.count('<section class="communities-request"')
    raise AssertionError(f"No way to count the items of {url}")


def test_unit_lead_sees_every_kind_counted_by_hand_oldest_first(client, work):
    sign_in(client, staff_in("unit_lead"))

    html = client.get("/staff/").content.decode()

    assert cards(html) == [
        (APPLICATIONS, 2, "Oldest waiting 17 days"),
        (ACTIVITIES, 2, "Oldest waiting 16 days"),
        (NEW_REQUESTS, 2, "Oldest waiting 15 days"),
        (EXPENSES, 2, "Oldest waiting 14 days"),
        (VISITORS, 3, "Oldest waiting 13 days"),
        (RUNS, 1, "Oldest waiting 9 days"),
        (MEMBERS, 1, "Oldest waiting 7 days"),
        (DUE_REQUESTS, 2, "The most overdue is 4 days late"),
        (TEXTS, 2, ""),
    ]


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("coordinator", [APPLICATIONS, ACTIVITIES, NEW_REQUESTS, EXPENSES, DUE_REQUESTS]),
        ("finance", [ACTIVITIES, EXPENSES, RUNS]),
        ("editor", [TEXTS]),
        ("broker", [NEW_REQUESTS, DUE_REQUESTS, TEXTS]),
    ],
)
def test_each_role_sees_only_the_work_it_may_act_on(client, work, role, titles):
    sign_in(client, staff_in(role))

    html = client.get("/staff/").content.decode()

    assert [title for title, _, _ in cards(html)] == titles


def test_texts_are_counted_for_what_the_role_may_change(client, work):
    """The editor changes the publication, the broker the answered question: one text each."""
    editor, broker = staff_in("editor"), staff_in("broker")

    sign_in(client, editor)
    editor_cards = cards(client.get("/staff/").content.decode())
    client.logout()
    sign_in(client, broker)
    broker_cards = cards(client.get("/staff/").content.decode())

    assert editor_cards == [(TEXTS, 1, "")]
    assert broker_cards[-1] == (TEXTS, 1, "")


@pytest.mark.parametrize("role", list(ROLES))
def test_every_link_opens_for_the_role_and_lists_what_was_counted(client, work, role):
    sign_in(client, staff_in(role))
    html = client.get("/staff/").content.decode()
    counts = dict((title, count) for title, count, _ in cards(html))
    assert counts

    opened = {}
    for url in links(html):
        response = client.get(url)
        assert response.status_code == 200, url
        opened[url] = listed(url, response.content.decode())

    lists = iter(links(html))
    for title, count, _ in cards(html):
        url = next(lists)
        if title in (VISITORS, DUE_REQUESTS):
            # Several places: the first link lists them all (the admin) or is the queue; each place follows.
            places = [next(lists) for _ in range(2)]
            assert sum(opened[place] for place in places) == count, title
            if title == VISITORS:
                assert opened[url] == count, title
        else:
            assert opened[url] == count, title


def test_nothing_waiting_says_so(client, db):
    sign_in(client, staff_in("finance"))

    html = client.get("/staff/").content.decode()

    assert cards(html) == []
    assert "Nothing is waiting for you just now." in html


def test_a_single_community_links_straight_to_its_requests_page(client, db):
    falls = CommunityFactory(name="Falls prevention", slug="falls")
    created(
        JoinRequest.objects.create(
            community=falls, name="Vic", email="vic@example.org", role="clinician", reason="To learn."
        ),
        day(3, 16),
    )
    sign_in(client, staff_in("unit_lead"))

    html = client.get("/staff/").content.decode()

    assert cards(html) == [(VISITORS, 1, "Oldest waiting 2 days")]
    assert links(html) == ["/communities/falls/manage/requests/"]


def test_query_count_does_not_grow_with_the_records(client, work, django_assert_num_queries):
    """One COUNT/MIN query per kind of work and one per source of texts, whatever the number of records."""
    sign_in(client, staff_in("unit_lead"))
    client.get("/staff/")  # the first view of a session also stores the session's second-factor record
    with django_assert_num_queries(QUERIES_FOR_THE_UNIT_LEAD):
        client.get("/staff/")
    for _ in range(5):
        created(ApplicationFactory(), day(3, 2))
        ExpenseFactory()
        ActivityFactory(date=datetime.date(2026, 3, 3))
        EvidenceRequestFactory(status=RequestStatus.ACCEPTED, due_on=datetime.date(2026, 3, 20))
        PublicationFactory(plain_summary=HARD)

    with django_assert_num_queries(QUERIES_FOR_THE_UNIT_LEAD):
        response = client.get("/staff/")

    assert (APPLICATIONS, 7, "Oldest waiting 17 days") in cards(response.content.decode())
