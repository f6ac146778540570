"""Fill a freshly migrated database with the large data set `make bench` measures.

5,000 publications (5 authors each, 500 of our people), 300 communities with 20 upcoming meetings each
(one a week) and about 67 members each, 10,000 members, 2,000 seminars (200 still to come) with 50,000
registrations. Everything is written with bulk_create: no services, no signals, no email.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... .venv/bin/python benchmarks/seed_large.py

Prints the sign-in emails of the members the benchmark uses, one per line, after "MEMBERS:".
"""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.communities.enums import MemberRole, MembershipStatus  # noqa: E402
from apps.communities.models import Community, Meeting, Membership  # noqa: E402
from apps.core.enums import DeliveryMode  # noqa: E402
from apps.core.models import Topic  # noqa: E402
from apps.notifications.services import digest_period_end  # noqa: E402
from apps.people.enums import PersonRole  # noqa: E402
from apps.people.models import Profile, ProfileRole  # noqa: E402
from apps.publications.enums import PublicationType  # noqa: E402
from apps.publications.models import Publication, PublicationAuthor  # noqa: E402
from apps.publications.services import publication_reindex  # noqa: E402
from apps.seminars.enums import RegistrantRole, RegistrationStatus  # noqa: E402
from apps.seminars.models import Registration, Seminar, SeminarSeries, Speaker  # noqa: E402

PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", 5000))
PEOPLE = 500
COMMUNITIES = 300
MEETINGS_PER_COMMUNITY = 20
MEMBERS = int(os.environ.get("BENCH_MEMBERS", 10000))
COMMUNITIES_PER_MEMBER = 2
SEMINARS = 2000
UPCOMING_SEMINARS = 200
REGISTRATIONS = 50000
BENCH_PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-member-password")
SIGNED_IN_MEMBERS = 10

WORDS = (  # noqa: SIM905
    "knee hip hand osteoarthritis back pain neck shoulder physiotherapy exercise self-management primary "
    "care general practice community knowledge mobilisation implementation evaluation trial cohort "
    "qualitative interviews patients clinicians commissioners stratified shared decision making "
    "medicines pharmacist workplace return work fellowship champions brokers education service redesign"
).split()
FAMILY = "Smith Jones Patel Khan Evans Hughes Walker Wright Green Hall Wood Clarke Ahmed Nair Okafor".split()  # noqa: SIM905
GIVEN = "Amy Ben Chloe Dev Ema Farah George Hana Ivan Jess Kemi Liam Mia Noor Omar Pia Zoë".split()  # noqa: SIM905
REGIONS = ["Staffordshire", "Cheshire", "Shropshire", "Stoke-on-Trent", "Online", "West Midlands"]


def words(rng, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


@transaction.atomic
def seed() -> list[str]:
    rng = random.Random(13)
    now = timezone.now().replace(microsecond=0)
    password = make_password(BENCH_PASSWORD)  # hashed once: every member shares it

    topics = Topic.objects.bulk_create(
        [Topic(name=f"{word.capitalize()} {n}", slug=f"{word}-{n}") for n, word in enumerate(WORDS[:24])]
    )

    users = User.objects.bulk_create(
        [
            User(
                email=f"member{n}@bench.example",
                display_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                password=password,
                date_joined=now - timedelta(days=rng.randint(30, 2000)),
            )
            for n in range(MEMBERS)
        ],
        batch_size=2000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=2000,
    )

    profiles = Profile.objects.bulk_create(
        [
            Profile(
                name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {n}",
                slug=f"person-{n}",
                profession=rng.choice(["GP", "Physiotherapist", "Pharmacist", "Researcher", "Nurse"]),
                biography=words(rng, 80),
            )
            for n in range(PEOPLE)
        ]
    )
    ProfileRole.objects.bulk_create(
        [ProfileRole(profile=profile, role=rng.choice(PersonRole.values)) for profile in profiles]
    )

    communities = Community.objects.bulk_create(
        [
            Community(
                name=f"{words(rng, 2).capitalize()} community {n}",
                slug=f"community-{n}",
                focus=words(rng, 8),
                region=rng.choice(REGIONS),
                audience="Clinicians, patients and researchers.",
                purpose=words(rng, 60),
            )
            for n in range(COMMUNITIES)
        ]
    )
    Community.topics.through.objects.bulk_create(
        [
            Community.topics.through(community_id=community.pk, topic_id=topic.pk)
            for community in communities
            for topic in rng.sample(topics, 2)
        ]
    )
    # One meeting a week for the next 20 weeks: 6,000 upcoming meetings.
    meetings = []
    for community in communities:
        for week in range(MEETINGS_PER_COMMUNITY):
            start = now + timedelta(days=7 * week, hours=rng.randint(1, 160))
            meetings.append(
                Meeting(
                    community=community,
                    title=f"Meeting {week + 1}",
                    start=start,
                    end=start + timedelta(minutes=90),
                    mode=DeliveryMode.ONLINE,
                    join_link="https://meet.example.org/room",
                    agenda=words(rng, 30),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Membership.objects.bulk_create(
        [
            Membership(
                community=community,
                user=user,
                role=rng.choice(MemberRole.values),
                status=MembershipStatus.APPROVED,
            )
            for user in users
            for community in rng.sample(communities, COMMUNITIES_PER_MEMBER)
        ],
        batch_size=5000,
    )

    publications = Publication.objects.bulk_create(
        [
            Publication(
                type=rng.choice(PublicationType.values),
                title=f"{words(rng, 9).capitalize()} ({n})",
                slug=f"publication-{n}",
                venue=rng.choice(["Rheumatology", "BMJ Open", "Physiotherapy", "BJGP", "Pain"]),
                year=rng.randint(2000, now.year),
                month=rng.randint(1, 12),
                volume=str(rng.randint(1, 60)),
                pages=f"{rng.randint(1, 400)}-{rng.randint(401, 800)}",
                doi=f"10.5555/bench.{n}",
                abstract=words(rng, 180),
                plain_summary=words(rng, 60),
            )
            for n in range(PUBLICATIONS)
        ],
        batch_size=1000,
    )
    PublicationAuthor.objects.bulk_create(
        [
            PublicationAuthor(
                publication=publication,
                position=position,
                family_name=rng.choice(FAMILY),
                given_name=rng.choice(GIVEN),
                profile=rng.choice(profiles) if rng.random() < 0.3 else None,
            )
            for publication in publications
            for position in range(1, 6)
        ],
        batch_size=5000,
    )
    Publication.topics.through.objects.bulk_create(
        [
            Publication.topics.through(publication_id=publication.pk, topic_id=topic.pk)
            for publication in publications
            for topic in rng.sample(topics, 2)
        ],
        batch_size=5000,
    )
    Publication.communities.through.objects.bulk_create(
        [
            Publication.communities.through(
                publication_id=publication.pk, community_id=rng.choice(communities).pk
            )
            for publication in publications[::5]
        ]
    )
    # What the next weekly digest reports: five publications and each community's "Meeting 4" were added
    # in the week it covers (about what the unit adds in a week).
    last_week = digest_period_end("weekly", now) - timedelta(days=2)
    Publication.objects.filter(pk__in=[p.pk for p in publications[-5:]]).update(created_at=last_week)
    Meeting.objects.filter(title="Meeting 4").update(created_at=last_week)
    publication_reindex()

    series = SeminarSeries.objects.bulk_create(
        [SeminarSeries(name=f"Series {n}", slug=f"series-{n}") for n in range(10)]
    )
    seminars = []
    for n in range(SEMINARS):
        if n < UPCOMING_SEMINARS:
            starts = now + timedelta(days=2 + n, hours=3)
        else:
            starts = now - timedelta(days=3 * (n - UPCOMING_SEMINARS) + 1)
        seminars.append(
            Seminar(
                title=f"{words(rng, 5).capitalize()} seminar {n}",
                slug=f"seminar-{n}",
                series=rng.choice(series),
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                mode=rng.choice([DeliveryMode.ONLINE, DeliveryMode.HYBRID]),
                venue="Keele University",
                join_link="https://meet.example.org/seminar",
                description=words(rng, 120),
                capacity=40,
                summary=words(rng, 40) if n >= UPCOMING_SEMINARS else "",
                recording_link="https://video.example.org/rec" if n >= UPCOMING_SEMINARS else "",
            )
        )
    seminars = Seminar.objects.bulk_create(seminars, batch_size=1000)
    Speaker.objects.bulk_create(
        [
            Speaker(seminar=seminar, profile=rng.choice(profiles), name="", order=order)
            for seminar in seminars
            for order in range(2)
        ],
        batch_size=5000,
    )
    per_seminar = REGISTRATIONS // SEMINARS
    Registration.objects.bulk_create(
        [
            Registration(
                seminar=seminar,
                name=f"Registrant {index}",
                email=f"member{(seminar_index * per_seminar + index) % MEMBERS}@bench.example",
                role=rng.choice(RegistrantRole.values),
                consent=True,
                status=RegistrationStatus.CONFIRMED if index < 30 else RegistrationStatus.WAITLISTED,
            )
            for seminar_index, seminar in enumerate(seminars)
            for index in range(per_seminar)
        ],
        batch_size=5000,
    )
    return [user.email for user in users[:SIGNED_IN_MEMBERS]]


if __name__ == "__main__":
    started = time.perf_counter()
    members = seed()
    print(f"Seeded the large data set in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print("MEMBERS:")
    for email in members:
        print(email)
