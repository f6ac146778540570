"""How the publications library behaves at scale: 5,000 publications and 500 people.

Run:  .venv/bin/python benchmarks/publications_scale.py
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/iau_publications \
          .venv/bin/python benchmarks/publications_scale.py

It creates a throwaway test database (SQLite in memory, or test_<name> on PostgreSQL), fills it, times the
list, search and export pages through Django's test client with their query counts, and drops it again.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iau_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", 5000))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", 500))
REPEAT = 3

WORDS = (  # noqa: SIM905
    "knee hip hand osteoarthritis back pain neck shoulder physiotherapy exercise self-management primary "
    "care general practice community knowledge mobilisation implementation evaluation trial cohort "
    "qualitative interviews patients clinicians commissioners stratified shared decision making "
    "medicines pharmacist workplace return work fellowship champions brokers education service redesign"
).split()
FAMILY = "Smith Jones Patel Khan Evans Hughes Walker Wright Green Hall Wood Clarke Ahmed Nair Okafor".split()  # noqa: SIM905
GIVEN = "Amy Ben Chloe Dev Ema Farah George Hana Ivan Jess Kemi Liam Mia Noor Omar Pia Zoë".split()  # noqa: SIM905


def build():
    from apps.core.models import Topic
    from apps.people.models import Profile
    from apps.publications.enums import PublicationStatus, PublicationType
    from apps.publications.models import Publication, PublicationAuthor, normalise_title
    from apps.publications.services import publication_reindex

    rng = random.Random(2024)
    profiles = Profile.objects.bulk_create(
        [
            Profile(name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", slug=f"person-{n}", profession="GP")
            for n in range(PEOPLE)
        ]
    )
    topics = [Topic.objects.create(name=f"Bench topic {n}", slug=f"bench-topic-{n}") for n in range(10)]
    publications = []
    for n in range(PUBLICATIONS):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + f" {n}"
        publications.append(
            Publication(
                title=title,
                title_key=normalise_title(title),
                slug=f"bench-{n}",
                type=rng.choice(PublicationType.values),
                year=rng.randint(2000, 2025),
                month=rng.randint(1, 12),
                venue="Journal of " + rng.choice(WORDS).title(),
                volume=str(rng.randint(1, 60)),
                pages=f"{rng.randint(1, 500)}-{rng.randint(501, 900)}",
                doi=f"10.5555/bench.{n}",
                status=rng.choice(PublicationStatus.values),
                abstract=" ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 200))),
                plain_summary=" ".join(rng.choice(WORDS) for _ in range(30)),
            )
        )
    publications = Publication.objects.bulk_create(publications, batch_size=500)
    authors, links = [], []
    Through = Publication.topics.through
    for publication in publications:
        for position in range(1, rng.randint(2, 9)):
            profile = rng.choice(profiles) if rng.random() < 0.4 else None
            authors.append(
                PublicationAuthor(
                    publication=publication,
                    position=position,
                    family_name=rng.choice(FAMILY),
                    given_name=rng.choice(GIVEN),
                    profile=profile,
                )
            )
        links.extend(Through(publication_id=publication.pk, topic_id=t.pk) for t in rng.sample(topics, 2))
    PublicationAuthor.objects.bulk_create(authors, batch_size=2000)
    Through.objects.bulk_create(links, batch_size=2000)
    publication_reindex()
    return len(authors)


def measure(client, path):
    timings, queries, size = [], 0, 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries, size = len(captured.captured_queries), len(response.content)
    return statistics.median(timings), queries, size


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        started = time.perf_counter()
        author_rows = build()
        built = time.perf_counter() - started
        from apps.people.models import Profile

        author_slug = Profile.objects.filter(authorships__isnull=False).values_list("slug", flat=True).first()
        client = Client()
        paths = [
            "/publications/",
            "/publications/?page=100",
            "/publications/?year=2015&type=journal_article",
            f"/publications/?author={author_slug}",
            "/publications/?q=knee+osteoarthritis",
            "/publications/?q=knowledge+mobilisation+fellowship&sort=newest",
            "/publications/?q=zzzznothing",
            "/publications/bench-42/",
            "/publications/export.bib?type=nihr_final_report",
            "/publications/export.bib",
            "/publications/export.ris",
            "/publications/export.ris?q=knee",
            "/people/",
        ]
        print(
            f"Database: {connection.vendor} ({test_name}); {PUBLICATIONS} publications, "
            f"{author_rows} author rows, {PEOPLE} people; built in {built:.1f}s; median of {REPEAT} runs"
        )
        print(f"{'page':62} {'ms':>8} {'queries':>8} {'bytes':>10}")
        for path in paths:
            ms, queries, size = measure(client, path)
            print(f"{path:62} {ms:8.1f} {queries:8d} {size:10d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
