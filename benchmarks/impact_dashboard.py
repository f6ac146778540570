"""How fast the impact dashboard is on a large data set.

Run:  DATABASE_URL=postgres://postgres@127.0.0.1:5432/iau_impact \
          .venv/bin/python benchmarks/impact_dashboard.py

It creates a throwaway test database (test_<name> on PostgreSQL, or SQLite in memory), fills it with
several years of records (BENCH_SCALE=1: 2,000 members, 60,000 activities, 3,000 meetings with 30,000
attendances, 300 seminars with 30,000 registrations, 5,000 publications, 100,000 emails), then times
/staff/impact/, the annual report and the zip of CSVs through Django's test client as a superuser,
with their query counts and each figure's own time, and drops the database again.
"""

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iau_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SCALE = float(os.environ.get("BENCH_SCALE", 1))
REPEAT = 3
LONDON = ZoneInfo("Europe/London")
FIRST_DAY = date(2023, 4, 1)
DAYS = 3 * 365


def n(count: int) -> int:
    return max(1, int(count * SCALE))


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def build(rng: random.Random) -> None:
    from apps.accounts.models import User
    from apps.communities.enums import MemberRole, MembershipStatus
    from apps.communities.models import Attendance, Community, Meeting
    from apps.communities.models import Membership as CommunityMembership
    from apps.core.enums import OutboxStatus
    from apps.core.models import OutboxMessage
    from apps.impact.enums import EntryStatus
    from apps.impact.models import ImpactEntry, Standard
    from apps.involvement.enums import InterestStatus, OpportunityStatus, PaymentStatus
    from apps.involvement.models import Activity, Group, Interest, Opportunity
    from apps.involvement.models import Membership as GroupMembership
    from apps.notifications.models import NotificationPreference
    from apps.publications.enums import PublicationStatus, PublicationType
    from apps.publications.models import Publication
    from apps.seminars.enums import RegistrantRole, RegistrationStatus
    from apps.seminars.models import Feedback, Registration, Seminar

    def day() -> date:
        return FIRST_DAY + timedelta(days=rng.randrange(DAYS))

    users = User.objects.bulk_create(
        [
            User(email=f"member{i}@example.org", display_name=f"Member {i}", password="!")
            for i in range(n(2000))
        ]
    )
    link = Group.objects.create(slug="link", name="Link group", description="Link", order=1)
    rug = Group.objects.create(slug="rug", name="Research User Group", description="RUG", order=2)
    GroupMembership.objects.bulk_create(
        [GroupMembership(group=rng.choice([link, rug]), user=user, joined_on=day()) for user in users]
    )
    Activity.objects.bulk_create(
        [
            Activity(
                user=rng.choice(users),
                date=day(),
                description="Meeting",
                hours=Decimal(rng.choice(["1", "2", "3.5"])),
                payment_preference="paid",
                amount_due=Decimal("52.00"),
                payment_status=rng.choice([PaymentStatus.DUE, PaymentStatus.PAID, PaymentStatus.NOT_DUE]),
            )
            for _ in range(n(60000))
        ]
    )
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Opportunity {i}",
                slug=f"opportunity-{i}",
                summary="s",
                what_it_involves="w",
                time_needed="1 hour",
                places=rng.randint(1, 6),
                status=OpportunityStatus.CLOSED,
                published_at=at(day()),
                deadline=at(day()),
            )
            for i in range(n(1500))
        ]
    )
    Opportunity.groups.through.objects.bulk_create(
        [Opportunity.groups.through(opportunity=o, group=rng.choice([link, rug])) for o in opportunities]
    )
    Interest.objects.bulk_create(
        [
            Interest(
                opportunity=o,
                user=user,
                status=rng.choice([InterestStatus.SELECTED, InterestStatus.INTERESTED]),
            )
            for o in opportunities
            for user in rng.sample(users, 6)
        ]
    )
    communities = Community.objects.bulk_create(
        [
            Community(
                name=f"Community {i}", slug=f"community-{i}", focus="f", region="r", audience="a", purpose="p"
            )
            for i in range(40)
        ]
    )
    CommunityMembership.objects.bulk_create(
        [
            CommunityMembership(
                community=community,
                user=user,
                role=rng.choice(MemberRole.values),
                status=MembershipStatus.APPROVED,
                decided_at=at(day()),
            )
            for community in communities
            for user in rng.sample(users, n(120))
        ]
    )
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(community=rng.choice(communities), title="Meeting", start=at(d), end=at(d, 12))
            for d in (day() for _ in range(n(3000)))
        ]
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=user) for meeting in meetings for user in rng.sample(users, 10)]
    )
    seminars = Seminar.objects.bulk_create(
        [
            Seminar(
                title=f"Seminar {i}",
                slug=f"seminar-{i}",
                starts_at=at(d),
                ends_at=at(d, 12),
                mode="online",
                description="d",
                capacity=80,
            )
            for i, d in enumerate(day() for _ in range(n(300)))
        ]
    )
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                seminar=seminar,
                name="R",
                email=f"r{i}@example.org",
                role=rng.choice(RegistrantRole.values),
                consent=True,
                status=rng.choice(RegistrationStatus.values),
                attended=rng.choice([True, False, None]),
            )
            for seminar in seminars
            for i in range(100)
        ]
    )
    Feedback.objects.bulk_create(
        [Feedback(registration=r, rating=rng.randint(1, 5)) for r in registrations if rng.random() < 0.25]
    )
    Publication.objects.bulk_create(
        [
            Publication(
                title=f"Publication {i}",
                slug=f"publication-{i}",
                year=rng.randint(2015, 2026),
                type=rng.choice(PublicationType.values),
                status=rng.choice(PublicationStatus.values),
            )
            for i in range(n(5000))
        ]
    )
    sent_at = [at(day()) for _ in range(n(100000))]
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                recipient=f"reader{i}@example.org",
                kind="digest",
                subject="s",
                body_text="b",
                status=OutboxStatus.SENT if i % 50 else OutboxStatus.FAILED,
                sent_at=when,
            )
            for i, when in enumerate(sent_at)
        ],
        batch_size=5000,
    )
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=user, unsubscribed_at=at(day())) for user in users[: n(300)]]
    )
    standards = list(Standard.objects.all())
    entries = ImpactEntry.objects.bulk_create(
        [
            ImpactEntry(
                title=f"Entry {i}",
                slug=f"entry-{i}",
                you_said="y",
                we_did="w",
                happened_on=day(),
                status=EntryStatus.PUBLISHED,
            )
            for i in range(n(500))
        ]
    )
    ImpactEntry.standards.through.objects.bulk_create(
        [ImpactEntry.standards.through(impactentry=e, standard=rng.choice(standards)) for e in entries]
    )


def timed(client, url):
    times, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(times), queries


def main():
    from apps.accounts.models import User
    from apps.staff.figures import FIGURES
    from apps.staff.periods import financial_year_starting

    # No setup_test_environment(): templates render as in production, without the test instrumentation.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        build(random.Random(2025))
        built = time.perf_counter() - started
        print(f"Built the data set in {built:.1f} s on {connection.vendor} (scale {SCALE})")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
        lead = User.objects.create(email="lead@example.org", is_staff=True, is_superuser=True, password="!")
        client = Client()
        client.force_login(lead)
        period = "start=2024-04-01&end=2025-03-31"
        print(f"\n{'page':<56} {'median':>9} {'queries':>8}")
        for url in [
            f"/staff/impact/?{period}",
            f"/staff/impact/report/?{period}",
            f"/staff/impact/csv.zip?{period}",
            "/staff/impact/?start=2023-04-01&end=2026-03-31",
        ]:
            seconds, queries = timed(client, url)
            print(f"{url:<56} {seconds * 1000:>7.0f} ms {queries:>8}")
        year = financial_year_starting(2024)
        print(f"\n{'figure (one period, no comparison)':<48} {'median':>9} {'queries':>8}")
        for spec in FIGURES:
            times = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    spec.build(year)
                    times.append(time.perf_counter() - started)
            print(f"{spec.slug:<48} {statistics.median(times) * 1000:>7.0f} ms {len(captured):>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
