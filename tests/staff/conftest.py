"""A hand-counted year of records for the financial year 1 April 2025 to 31 March 2026.

Each record sits inside the period (on its first or last day where that is the point) or just outside
it. The numbers the tests expect are counted by hand in the comments next to each record.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission

from apps.communities.enums import MemberRole, MembershipStatus
from apps.communities.models import Attendance
from apps.core.enums import OutboxStatus
from apps.core.models import OutboxMessage
from apps.involvement.enums import InterestStatus, OpportunityStatus, PaymentStatus
from apps.notifications.models import NotificationPreference
from apps.publications.enums import PublicationStatus, PublicationType
from apps.seminars.enums import RegistrantRole, RegistrationStatus
from apps.seminars.models import Feedback
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import CommunityFactory, MeetingFactory
from tests.factories.communities import MembershipFactory as CommunityMembershipFactory
from tests.factories.impact import ImpactEntryFactory
from tests.factories.involvement import ActivityFactory, GroupFactory, InterestFactory, OpportunityFactory
from tests.factories.involvement import MembershipFactory as GroupMembershipFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import RegistrationFactory, SeminarFactory

LONDON = ZoneInfo("Europe/London")
PERIOD = "start=2025-04-01&end=2026-03-31"


def london(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def superuser(db):
    return StaffFactory(is_superuser=True, display_name="Una Lead")


def staff_with(*permissions):
    user = StaffFactory()
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def year(db):
    """The hand-counted records. Returns nothing: the tests read the pages."""
    # ---- involvement: two groups; new members = joined in the period
    link = GroupFactory(slug="link", name="Link group", order=1)
    rug = GroupFactory(slug="rug", name="Research User Group", order=2)
    alice, bob, cat, dan = (UserFactory(display_name=name) for name in ["Alice", "Bob", "Cat", "Dan"])
    GroupMembershipFactory(user=alice, group=link, joined_on=datetime.date(2025, 4, 1))  # new (first day)
    GroupMembershipFactory(user=bob, group=rug, joined_on=datetime.date(2026, 3, 31))  # new (last day)
    GroupMembershipFactory(user=cat, group=link, joined_on=datetime.date(2025, 3, 31))  # before
    GroupMembershipFactory(user=cat, group=rug, joined_on=datetime.date(2025, 3, 31))  # before
    GroupMembershipFactory(user=dan, group=link, joined_on=datetime.date(2026, 4, 1))  # after
    activity = ActivityFactory
    activity(user=alice, date=datetime.date(2025, 4, 1), hours=Decimal("3"), amount_due=Decimal("75"))  # in
    activity(user=alice, date=datetime.date(2025, 3, 31), hours=Decimal("2"), amount_due=Decimal("50"))  # out
    activity(
        user=bob,
        date=datetime.date(2026, 3, 31),
        hours=Decimal("1.5"),
        amount_due=Decimal("39"),
        payment_status=PaymentStatus.PAID,
    )  # in
    activity(user=bob, date=datetime.date(2026, 4, 1), hours=Decimal("4"), amount_due=Decimal("100"))  # out
    activity(
        user=cat,
        date=datetime.date(2025, 4, 15),
        hours=Decimal("2"),
        amount_due=Decimal("0"),
        payment_status=PaymentStatus.NOT_DUE,
    )  # in, unpaid
    activity(
        user=cat,
        date=datetime.date(2025, 10, 10),
        hours=Decimal("6"),
        amount_due=Decimal("160"),
        payment_status=PaymentStatus.APPROVED,
    )  # in
    # Opportunities: published in the period (London clock), places, members selected.
    first = OpportunityFactory(groups=[link], places=2, published_at=london(2025, 4, 1, 0, 0))
    InterestFactory(opportunity=first, status=InterestStatus.SELECTED)
    InterestFactory(opportunity=first, status=InterestStatus.SELECTED)  # full: 2 of 2
    last = OpportunityFactory(groups=[link, rug], places=3, published_at=london(2026, 3, 31, 23, 59))
    InterestFactory(opportunity=last, status=InterestStatus.SELECTED)  # 1 of 3
    InterestFactory(opportunity=last, status=InterestStatus.INTERESTED)
    OpportunityFactory(groups=[rug], places=1, published_at=london(2025, 3, 31, 23, 59))  # before
    OpportunityFactory(groups=[link], places=4, published_at=london(2026, 4, 1, 0, 0))  # after
    OpportunityFactory(groups=[link], places=4, status=OpportunityStatus.DRAFT, published_at=None)  # draft

    # ---- communities
    falls = CommunityFactory(name="Falls prevention")
    knees = CommunityFactory(name="Knee pain")
    held = MeetingFactory(community=falls, start=london(2025, 4, 1, 9, 0))  # in
    for _ in range(3):
        Attendance.objects.create(meeting=held, user=UserFactory())  # 3 at falls
    MeetingFactory(community=falls, start=london(2026, 3, 31, 18, 0), cancelled=True)  # cancelled: not held
    after = MeetingFactory(community=falls, start=london(2026, 4, 1, 10, 0))  # after
    Attendance.objects.create(meeting=after, user=UserFactory())
    june = MeetingFactory(community=knees, start=london(2025, 6, 10, 14, 0))
    Attendance.objects.create(meeting=june, user=UserFactory())
    june.__class__.objects.filter(pk=june.pk).update(anonymous_attendance=2)  # 1 + 2 erased = 3 at knees
    member = CommunityMembershipFactory
    member(community=falls, role=MemberRole.CLINICIAN, decided_at=london(2025, 4, 1, 0, 30))  # new
    member(
        community=falls, role=MemberRole.PATIENT_OR_PUBLIC, decided_at=london(2024, 1, 1, 12, 0)
    )  # earlier
    member(community=falls, role=MemberRole.ACADEMIC, decided_at=london(2026, 4, 1, 0, 0))  # after
    member(community=falls, role=MemberRole.ACADEMIC, status=MembershipStatus.REQUESTED)  # not a member
    member(community=knees, role=MemberRole.COMMISSIONER, decided_at=london(2026, 3, 31, 23, 0))  # new

    # ---- seminars
    april = SeminarFactory(title="Evidence into practice", starts_at=london(2025, 4, 1, 10, 0), capacity=3)
    r1 = RegistrationFactory(seminar=april, attended=True, role=RegistrantRole.CLINICIAN)
    RegistrationFactory(seminar=april, attended=False, role=RegistrantRole.RESEARCHER)
    RegistrationFactory(
        seminar=april, status=RegistrationStatus.WAITLISTED, role=RegistrantRole.PATIENT_PUBLIC
    )
    RegistrationFactory(seminar=april, status=RegistrationStatus.CANCELLED, role=RegistrantRole.COMMISSIONER)
    r5 = RegistrationFactory(
        seminar=april, attended=True, promoted_at=london(2025, 3, 20, 9, 0), role=RegistrantRole.CLINICIAN
    )
    Feedback.objects.create(registration=r1, rating=5)
    Feedback.objects.create(registration=r5, rating=4)
    later = SeminarFactory(title="Next year", starts_at=london(2026, 4, 1, 9, 0))  # after
    Feedback.objects.create(registration=RegistrationFactory(seminar=later, attended=True), rating=1)

    # ---- publications (counted by calendar year: 2022 to 2026 for this period)
    PublicationFactory(year=2026, type=PublicationType.JOURNAL_ARTICLE)
    PublicationFactory(year=2026, type=PublicationType.REPORT, status=PublicationStatus.IN_PRESS)
    PublicationFactory(year=2025, type=PublicationType.JOURNAL_ARTICLE)
    PublicationFactory(year=2021, type=PublicationType.JOURNAL_ARTICLE)  # before the years shown

    # ---- email
    def outbox(n, status, **fields):
        message = OutboxMessage.objects.create(
            recipient=f"reader{n}@example.org", kind="test", subject="Hello", body_text="Hello", status=status
        )
        OutboxMessage.objects.filter(pk=message.pk).update(**fields)

    outbox(1, OutboxStatus.SENT, sent_at=london(2025, 4, 1, 0, 0))  # in
    outbox(2, OutboxStatus.SENT, sent_at=london(2026, 3, 31, 23, 59))  # in
    outbox(3, OutboxStatus.SENT, sent_at=london(2026, 4, 1, 0, 0))  # after
    outbox(4, OutboxStatus.FAILED, updated_at=london(2025, 5, 5, 12, 0))  # in
    NotificationPreference.objects.create(user=alice, unsubscribed_at=london(2025, 12, 1, 8, 0))  # in
    NotificationPreference.objects.create(user=bob, unsubscribed_at=london(2025, 3, 31, 8, 0))  # before

    # ---- impact log
    ImpactEntryFactory(happened_on=datetime.date(2025, 4, 1), standards=["impact", "working-together"])
    ImpactEntryFactory(happened_on=datetime.date(2026, 3, 31), standards=["impact"])
    ImpactEntryFactory(happened_on=datetime.date(2026, 4, 1), standards=["impact"])  # after
    ImpactEntryFactory(happened_on=datetime.date(2025, 6, 1), standards=["governance"], status="draft")
