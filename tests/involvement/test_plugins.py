from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from apps.core.models import Topic
from apps.involvement import digest, home, reminders, search, sitemaps
from apps.involvement.models import Expense
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.involvement import (
    ActivityFactory,
    ExpenseFactory,
    InterestFactory,
    MemberProfileFactory,
    MembershipFactory,
    OpportunityFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_reminders_include_an_activity_with_its_member(member):
    activity = ActivityFactory(user=member, date=datetime(2026, 3, 10).date())
    start = datetime(2026, 3, 10, 0, 0, tzinfo=LONDON)

    occasions = reminders.occasions_between(start=start, end=start + timedelta(days=1))

    [occasion] = occasions
    assert (occasion.source, occasion.obj, occasion.attendees[0].email) == (
        "involvement-activity",
        activity,
        member.email,
    )
    assert occasion.starts_at == datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


def test_reminders_include_deadlines_for_members_who_expressed_interest(link_group, member, other_member):
    deadline = datetime(2026, 3, 10, 17, 0, tzinfo=LONDON)
    opportunity = OpportunityFactory(groups=[link_group], deadline=deadline)
    InterestFactory(opportunity=opportunity, user=member)
    InterestFactory(opportunity=opportunity, user=other_member, status="withdrawn")

    occasions = reminders.occasions_between(
        start=deadline - timedelta(hours=1), end=deadline + timedelta(hours=1)
    )

    [occasion] = occasions
    assert occasion.source == "opportunity-deadline"
    assert [a.email for a in occasion.attendees] == [member.email]


def test_reminders_include_meetings_for_selected_members(link_group, member, other_member):
    starts = datetime(2026, 3, 20, 10, 0, tzinfo=LONDON)
    opportunity = OpportunityFactory(groups=[link_group], starts_at=starts, status="closed")
    InterestFactory(opportunity=opportunity, user=member, status="selected")
    InterestFactory(opportunity=opportunity, user=other_member, status="not_selected")

    [occasion] = reminders.occasions_between(start=starts - timedelta(days=1), end=starts + timedelta(days=1))

    assert (occasion.source, [a.email for a in occasion.attendees]) == (
        "involvement-opportunity",
        [member.email],
    )


def test_reminders_include_expense_claims_due_a_decision_for_coordinators(
    member, coordinator, staff_without_permission
):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=LONDON), tick=False):
        expense = ExpenseFactory(user=member)
    due = expense.created_at + timedelta(days=7)

    occasions = reminders.occasions_between(start=due - timedelta(hours=1), end=due + timedelta(hours=1))

    [occasion] = occasions
    assert (occasion.source, occasion.obj, occasion.starts_at) == ("expense-claim", expense, due)
    assert [a.email for a in occasion.attendees] == [coordinator.email]


def test_decided_expense_needs_no_reminder(member, coordinator):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=LONDON), tick=False):
        ExpenseFactory(user=member, status="approved")
    due = datetime(2026, 3, 8, 9, 0, tzinfo=LONDON)

    assert reminders.occasions_between(start=due - timedelta(hours=1), end=due + timedelta(hours=1)) == []


@pytest.mark.parametrize("count", [1, 6])
def test_reminders_use_a_constant_number_of_queries(
    link_group, coordinator, count, django_assert_num_queries
):
    start = datetime(2026, 3, 10, 0, 0, tzinfo=LONDON)
    for _ in range(count):
        user = UserFactory()
        ActivityFactory(user=user, date=start.date())
        opportunity = OpportunityFactory(groups=[link_group], deadline=start + timedelta(hours=12))
        InterestFactory(opportunity=opportunity, user=user)
        with time_machine.travel(start - timedelta(days=7) + timedelta(hours=3), tick=False):
            ExpenseFactory(user=user)

    with django_assert_num_queries(5):
        occasions = reminders.occasions_between(start=start, end=start + timedelta(days=1))

    assert len(occasions) == 3 * count


def test_digest_offers_new_opportunities_for_each_users_groups_interests_first(link_group, rug_group):
    topic = Topic.objects.create(name="Mental health", slug="mental-health")
    link_member, rug_member, outsider = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=link_member, group=link_group)
    MembershipFactory(user=rug_member, group=rug_group)
    MemberProfileFactory(user=link_member).interests.add(topic)
    now = timezone.now()
    plain = OpportunityFactory(groups=[link_group], published_at=now - timedelta(hours=1))
    matching = OpportunityFactory(groups=[link_group], published_at=now - timedelta(hours=2))
    matching.topics.add(topic)
    OpportunityFactory(groups=[link_group], published_at=now - timedelta(days=3))
    OpportunityFactory(groups=[link_group], status="draft", published_at=now - timedelta(hours=1))

    items = digest.digest_items(
        users=[link_member, rug_member, outsider], since=now - timedelta(days=1), until=now
    )

    assert list(items) == [link_member.pk]
    assert [item.title for item in items[link_member.pk]] == [matching.title, plain.title]
    assert items[link_member.pk][0].section == "Opportunities to get involved"


@pytest.mark.parametrize("count", [1, 6])
def test_digest_uses_a_constant_number_of_queries(link_group, count, django_assert_num_queries):
    users = []
    for _ in range(count):
        user = UserFactory()
        MembershipFactory(user=user, group=link_group)
        users.append(user)
        OpportunityFactory(groups=[link_group])
    now = timezone.now()

    with django_assert_num_queries(5):
        items = digest.digest_items(
            users=users, since=now - timedelta(days=1), until=now + timedelta(minutes=1)
        )

    assert len(items) == count


def test_home_section_lists_open_opportunities(link_group, django_assert_num_queries):
    OpportunityFactory(groups=[link_group], title="Review a leaflet")
    OpportunityFactory(groups=[link_group], status="draft")

    with django_assert_num_queries(4):
        [section] = home.home_sections()

    assert [o.title for o in section.context["opportunities"]] == ["Review a leaflet"]


def test_search_finds_the_groups(link_group, rug_group):
    results = search.search("research user", limit=5)

    assert [(r.title, r.url) for r in results] == [("Research User Group", "/involvement/#group-rug")]


def test_search_never_finds_private_things(member):
    ActivityFactory(user=member, description="Secret meeting")

    assert search.search("secret", limit=5) == []


def test_sitemap_lists_the_public_page():
    sitemap = sitemaps.sitemaps()["involvement"]

    assert [sitemap.location(item) for item in sitemap.items()] == ["/involvement/"]


def test_seed_demo_gives_the_demo_members_a_record_and_a_pending_claim():
    call_command("seed_demo", verbosity=0)

    from django.contrib.auth.models import Group as AuthGroup

    from apps.involvement.models import Activity, Opportunity

    for role in ("link", "rug"):
        assert Activity.objects.filter(user__email=f"{role}@demo.example").count() >= 3
        assert Expense.objects.filter(user__email=f"{role}@demo.example", status="pending").count() == 1
    # Three for members to browse, and the RUG survey whose offer warns about a benefits limit.
    assert Opportunity.objects.filter(status="open").count() == 4
    from apps.involvement.models import PaymentRun
    from apps.involvement.selectors import payment_run_candidates

    paid, waiting = PaymentRun.objects.order_by("pk")
    assert (paid.is_paid, waiting.is_paid) == (True, False)
    assert {a.payment_status for a in Activity.objects.filter(payment_run_items__run=paid)} == {"paid"}
    assert {e.status for e in Expense.objects.filter(payment_run_items__run=paid)} == {"paid"}
    assert {a.payment_status for a in Activity.objects.filter(payment_run_items__run=waiting)} == {"approved"}
    assert {e.status for e in Expense.objects.filter(payment_run_items__run=waiting)} == {"approved"}
    activities, expenses = payment_run_candidates()
    # Approved, waiting for the next run: the Link member's review and the four December 2025 payments
    # either side of the rate rise (one of them given to a charity), and the parking claim.
    assert (activities.count(), expenses.count()) == (5, 1)
    (donated,) = Activity.objects.filter(payment_preference="donated")
    assert (donated.user.email, donated.donation_charity.name) == (
        "link@demo.example",
        "Age UK North Staffordshire",
    )
    assert Activity.objects.filter(payment_status="due", date__lt=timezone.localdate()).exists()
    assert (
        AuthGroup.objects.get(name="Involvement coordinator")
        .permissions.filter(codename="view_personal_details")
        .exists()
    )


def test_seed_demo_pages_answer_for_their_accounts(client):
    from apps.accounts.models import User
    from apps.involvement.demo import pages_to_check

    call_command("seed_demo", verbosity=0)

    for path, account in pages_to_check():
        client.logout()
        if account:
            sign_in(client, User.objects.get(email=account))
        assert client.get(path).status_code == 200, path
