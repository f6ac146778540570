"""The digest rule (apps.core.contracts.is_news) through digests_send_due with the real sources.

An item is in the digest whose period holds the moment it became news, whenever it takes place, and in
no other: what a source offers, the digest shows.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from apps.brokering.enums import RequestStatus
from apps.core.contracts import is_news
from apps.core.plugins import app_modules
from apps.impact.enums import EntryStatus
from apps.impact.services import impact_entry_publish
from apps.notifications.services import digests_send_due
from tests.factories.accounts import UserFactory
from tests.factories.brokering import EvidenceRequestFactory
from tests.factories.communities import MeetingFactory, MembershipFactory, OutputFactory
from tests.factories.impact import ContributionFactory, ImpactEntryFactory
from tests.factories.involvement import GroupFactory, OpportunityFactory
from tests.factories.involvement import MembershipFactory as GroupMembershipFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Mondays at 07:00 London time: the ends of three consecutive weekly digests.
FIRST, SECOND, THIRD = (datetime(2026, 11, day, 7, 0, tzinfo=LONDON) for day in (16, 23, 30))


def _send_digests(at: datetime, capture) -> dict[str, str]:
    """Run the hourly job just after `at`; the digest bodies by recipient."""
    mail.outbox.clear()
    with time_machine.travel(at + timedelta(minutes=15)), capture(execute=True):
        digests_send_due()
    return {message.to[0]: message.body for message in mail.outbox}


def test_a_meeting_announced_months_ahead_reaches_the_next_digest_and_only_that_one(
    django_capture_on_commit_callbacks,
):
    member = UserFactory(email="member@example.org")
    _send_digests(FIRST, django_capture_on_commit_callbacks)  # the member's digests start here
    with time_machine.travel(FIRST + timedelta(days=2)):
        meeting = MeetingFactory(title="Spring planning day", start=FIRST + timedelta(days=75))
        MembershipFactory(community=meeting.community, user=member)

    second = _send_digests(SECOND, django_capture_on_commit_callbacks)
    third = _send_digests(THIRD, django_capture_on_commit_callbacks)

    assert "Spring planning day" in second["member@example.org"]
    assert "member@example.org" not in third  # listed once: nothing new, no digest


def test_a_seminar_announced_before_the_period_is_neither_offered_nor_repeated(
    django_capture_on_commit_callbacks,
):
    member = UserFactory(email="member@example.org")
    with time_machine.travel(FIRST - timedelta(days=3)):
        SeminarFactory(title="Seminar announced long ago", starts_at=SECOND + timedelta(days=20))
    _send_digests(FIRST, django_capture_on_commit_callbacks)
    with time_machine.travel(FIRST + timedelta(days=1)):
        SeminarFactory(title="Seminar announced this week", starts_at=SECOND + timedelta(days=90))
        PublicationFactory(title="Exercise for knee pain")

    second = _send_digests(SECOND, django_capture_on_commit_callbacks)

    assert "Seminar announced this week" in second[member.email]
    assert "Seminar announced long ago" not in second[member.email]
    assert "Exercise for knee pain" in second[member.email]


def test_every_real_source_offers_only_what_the_digest_shows():
    member = UserFactory()
    group = GroupFactory()
    GroupMembershipFactory(user=member, group=group)
    since, until = FIRST, SECOND
    for moment in (since - timedelta(days=1), since + timedelta(days=1), until + timedelta(hours=1)):
        with time_machine.travel(moment):
            meeting = MeetingFactory(start=until + timedelta(days=45))
            MembershipFactory(community=meeting.community, user=member)
            OutputFactory(community=meeting.community)
            SeminarFactory(starts_at=until + timedelta(days=100))
            PublicationFactory()
            OpportunityFactory(groups=[group], deadline=until + timedelta(days=30))
            draft = ImpactEntryFactory(status=EntryStatus.DRAFT)
            ContributionFactory(entry=draft, user=member)
            impact_entry_publish(entry=draft)

    # A request the member works on as a knowledge broker: open work is listed in every digest.
    EvidenceRequestFactory(status=RequestStatus.ACCEPTED, assignee=member)

    with time_machine.travel(until + timedelta(hours=2)):
        offered = {
            module.__name__: module.digest_items(users=[member], since=since, until=until).get(member.pk, [])
            for module in app_modules("digest")
        }

    assert {name: len(items) for name, items in offered.items()} == {
        "apps.brokering.digest": 1,  # the open request assigned to them
        "apps.communities.digest": 2,  # the meeting and the output added in the period
        "apps.impact.digest": 1,  # the entry about the member's advice published in the period
        "apps.involvement.digest": 1,
        "apps.publications.digest": 1,
        "apps.seminars.digest": 1,
    }
    assert all(
        item.standing or is_news(item.published_at, since=since, until=until)
        for items in offered.values()
        for item in items
    )
