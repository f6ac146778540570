import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apps.publications.digest import digest_items
from apps.publications.enums import PublicationStatus, PublicationType
from apps.publications.formats import citation_vancouver
from apps.publications.home import home_sections
from apps.publications.models import Publication
from apps.publications.profile_sections import sections
from apps.publications.search import search
from apps.publications.selectors import publications_latest
from apps.publications.services import AuthorInput, publication_create, publication_mark_published
from apps.publications.sitemaps import sitemaps
from tests.factories.accounts import UserFactory
from tests.factories.people import ProfileFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db

SUMMARY = "What we found, in everyday words."


def test_publication_create_normalises_doi_and_keeps_author_order():
    publication = publication_create(
        plain_summary=SUMMARY,
        title="Ordered authors",
        year=2024,
        doi="https://doi.org/10.5555/ABC.1",
        authors=[AuthorInput("Zed", "A"), AuthorInput("Alpha", "B"), AuthorInput("Mid", "C")],
    )

    assert publication.doi == "10.5555/abc.1"
    assert [a.family_name for a in publication.authors.all()] == ["Zed", "Alpha", "Mid"]
    assert publication.slug == "ordered-authors"


def test_publication_doi_is_unique_when_present():
    publication_create(plain_summary=SUMMARY, title="One", year=2024, doi="10.5555/same")
    publication_create(plain_summary=SUMMARY, title="No DOI", year=2024)
    publication_create(plain_summary=SUMMARY, title="No DOI either", year=2024)

    with pytest.raises(ValidationError):
        publication_create(plain_summary=SUMMARY, title="Two", year=2024, doi="10.5555/SAME")


def test_publication_rejects_malformed_doi():
    with pytest.raises(ValidationError) as error:
        publication_create(plain_summary=SUMMARY, title="Bad", year=2024, doi="not-a-doi")

    assert list(error.value.message_dict) == ["doi"]


def test_mark_published_upgrades_in_place_and_keeps_history(client):
    abstract = publication_create(
        plain_summary=SUMMARY,
        title="Fellowships evaluated",
        year=2023,
        type=PublicationType.CONFERENCE_ABSTRACT,
        status=PublicationStatus.IN_PRESS,
        authors=[AuthorInput("Price", "Daniel")],
    )

    published = publication_mark_published(
        publication=abstract,
        type=PublicationType.JOURNAL_ARTICLE,
        year=2024,
        volume="18",
        pages="77-89",
        doi="10.5555/iau.2024.0077",
    )

    assert (published.pk, published.slug, published.status, published.type) == (
        abstract.pk,
        abstract.slug,
        "published",
        "journal_article",
    )
    history = list(published.history.order_by("history_date").values_list("type", "status", "year"))
    assert history == [("conference_abstract", "in_press", 2023), ("journal_article", "published", 2024)]
    assert published.history.first().history_change_reason == (
        "Published version replaces the conference abstract, in press record"
    )
    html = client.get(published.get_absolute_url()).content.decode()
    assert "listed as conference abstract, in press" in html


def test_citation_for_more_than_six_authors_uses_et_al():
    publication = PublicationFactory(
        title="Many",
        authors=[(f"Name{n}", "A") for n in range(8)],
        venue="J",
        year=2020,
        volume="1",
        pages="2-3",
    )

    assert citation_vancouver(publication) == (
        "Name0 A, Name1 A, Name2 A, Name3 A, Name4 A, Name5 A, et al. Many. J. 2020;1:2-3."
    )


def test_digest_gives_every_user_the_same_new_publications_in_constant_queries(django_assert_num_queries):
    old = PublicationFactory(title="Old")
    Publication.objects.filter(pk=old.pk).update(
        created_at=datetime(2020, 1, 1, tzinfo=UTC), published_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    PublicationFactory(title="New one")
    PublicationFactory(title="Hidden", is_public=False)
    users = [UserFactory() for _ in range(3)]

    with django_assert_num_queries(1):
        items = digest_items(
            users=users, since=datetime(2025, 1, 1, tzinfo=UTC), until=datetime(2100, 1, 1, tzinfo=UTC)
        )

    assert sorted(items) == sorted(user.pk for user in users)
    assert {tuple(item.title for item in user_items) for user_items in items.values()} == {("New one",)}
    assert (
        digest_items(users=[], since=datetime(2025, 1, 1, tzinfo=UTC), until=datetime(2100, 1, 1, tzinfo=UTC))
        == {}
    )


def test_a_draft_is_news_in_the_digest_of_the_week_it_is_published_not_the_week_it_was_written(time_machine):
    users = [UserFactory()]
    written, published = datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 4, 6, 10, tzinfo=UTC)
    time_machine.move_to(written)
    draft = PublicationFactory(title="Written in March", is_public=False)
    PublicationFactory(title="Public at once")
    march = digest_items(users=users, since=written - timedelta(days=1), until=written + timedelta(days=6))
    assert [item.title for item in march[users[0].pk]] == ["Public at once"]

    time_machine.move_to(published)
    draft.is_public = True
    draft.save(update_fields=["is_public"])
    april = digest_items(
        users=users, since=published - timedelta(days=1), until=published + timedelta(days=6)
    )
    assert [(item.title, item.published_at) for item in april[users[0].pk]] == [
        ("Written in March", published)
    ]

    # Taken down and put back later: it was news once, and is not news again.
    time_machine.move_to(published + timedelta(days=30))
    draft.is_public = False
    draft.save()
    draft.is_public = True
    draft.save()
    draft.refresh_from_db()
    assert draft.published_at == published
    later = digest_items(
        users=users, since=published + timedelta(days=29), until=published + timedelta(days=36)
    )
    assert later == {users[0].pk: []}


def test_home_section_lists_latest_in_constant_queries(django_assert_num_queries):
    for number in range(5):
        PublicationFactory(title=f"Item {number}")

    with django_assert_num_queries(3):
        home = home_sections()

    assert [p.title for p in home[0].context["publications"]] == ["Item 4", "Item 3", "Item 2"]
    assert [p.title for p in publications_latest(2)] == ["Item 4", "Item 3"]


def test_profile_sections_list_their_publications_only():
    profile = ProfileFactory()
    PublicationFactory(title="Theirs", authors=[("X", "Y", profile)])
    PublicationFactory(title="Someone else's")

    found = sections(profile)

    assert [p.title for p in found[0].context["publications"]] == ["Theirs"]
    assert sections(ProfileFactory()) == []


def test_site_search_and_sitemap_show_public_items_only():
    PublicationFactory(title="Knee exercise trial")
    PublicationFactory(title="Knee draft", is_public=False)

    assert [r.title for r in search("knee", 5)] == ["Knee exercise trial"]
    assert [p.title for p in sitemaps()["publications"]().items()] == ["Knee exercise trial"]
    assert search("", 5) == []


def test_seed_demo_has_the_two_cited_publications_exactly():
    call_command("seed_demo", stdout=io.StringIO())
    count = Publication.objects.count()
    call_command("seed_demo", stdout=io.StringIO())

    stevenson = Publication.objects.get(title__startswith="66. Can Communities")
    swaithes = Publication.objects.get(title__startswith="Optimising the process")
    assert citation_vancouver(stevenson) == (
        "Stevenson K, Duffy H, Somerville S, Cooper V, Hughes R, Dziedzic K. 66. Can Communities of Practice "
        "Assist the Implementation of Research Across the Academic Health Sciences Network? Rheumatology. "
        "2014 Apr;53(Suppl 1):i80."
    )
    assert (stevenson.type, stevenson.issue_label) == ("conference_abstract", "suppl_1")
    assert citation_vancouver(swaithes) == (
        "Swaithes L, Paskins Z, Quicke J, Stevenson K, Fell K, Dziedzic K. Optimising the process of "
        "knowledge "
        "mobilisation in Communities of Practice: recommendations from a multi-method qualitative "
        "study. 2022. "
        "In press."
    )
    assert Publication.objects.count() == count
    assert Publication.objects.filter(type="nihr_final_report").count() >= 2
    assert len(set(Publication.objects.values_list("type", flat=True))) == 6
    assert len(set(Publication.objects.values_list("year", flat=True))) >= 8
