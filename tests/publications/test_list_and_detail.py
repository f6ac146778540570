import json
import re

import pytest
from django.db import connection

from apps.publications.enums import PublicationStatus, PublicationType
from tests.factories.communities import CommunityFactory
from tests.factories.people import ProfileFactory
from tests.factories.publications import PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _titles(response):
    return [publication.title for publication in response.context["object_list"]]


def test_publication_list_query_count_is_constant(client, django_assert_num_queries):
    topic = TopicFactory()
    profile = ProfileFactory()
    PublicationFactory(topics=[topic], authors=[("One", "A", profile), ("Two", "B")])
    # Filter choices (years, topics, communities), the count, the page, authors and topics.
    with django_assert_num_queries(7) as one:
        client.get("/publications/")
    for _ in range(99):
        PublicationFactory(topics=[topic], authors=[("One", "A", profile), ("Two", "B"), ("Three", "C")])

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/publications/", {"page": 2})
    assert response.context["paginator"].count == 100
    # The filter choices come from the cache until a publication changes: the count, page, authors, topics.
    with django_assert_num_queries(4):
        client.get("/publications/", {"page": 3})


def test_publication_list_query_count_is_constant_when_searching(client, django_assert_num_queries):
    PublicationFactory(title="Exercise for knee pain")
    # Filter choices (years, topics, communities), which query words are authors' surnames, the count,
    # the page, authors and topics.
    with django_assert_num_queries(8) as one:
        client.get("/publications/", {"q": "knee"})
    for number in range(99):
        PublicationFactory(title=f"Knee study {number}")

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/publications/", {"q": "knee"})
    assert response.context["paginator"].count == 100


def test_publication_list_filters_by_year_type_topic_and_author(client):
    topic = TopicFactory(name="Back pain", slug="back-pain")
    author = ProfileFactory(slug="hannah-okafor")
    PublicationFactory(title="Report 2019", year=2019, type=PublicationType.NIHR_FINAL_REPORT)
    PublicationFactory(title="Article 2020", year=2020, topics=[topic])
    PublicationFactory(title="Article 2021", year=2021, authors=[("Okafor", "Hannah", author)])

    assert _titles(client.get("/publications/", {"year": "2019"})) == ["Report 2019"]
    assert _titles(client.get("/publications/", {"type": "nihr_final_report"})) == ["Report 2019"]
    assert _titles(client.get("/publications/", {"topic": "back-pain"})) == ["Article 2020"]
    assert _titles(client.get("/publications/", {"author": "hannah-okafor"})) == ["Article 2021"]


def test_publication_list_filters_by_community_and_exports_the_same_list(client):
    physiotherapy = CommunityFactory(slug="physiotherapy")
    linked = PublicationFactory(title="From the community")
    linked.communities.add(physiotherapy)
    PublicationFactory(title="Elsewhere")

    assert _titles(client.get("/publications/", {"community": "physiotherapy"})) == ["From the community"]
    exported = client.get("/publications/export.ris", {"community": "physiotherapy"}).getvalue().decode()
    assert "From the community" in exported
    assert "Elsewhere" not in exported
    detail = client.get(linked.get_absolute_url()).content.decode()
    assert physiotherapy.get_absolute_url() in detail


def test_publication_list_ignores_unknown_values(client):
    PublicationFactory(title="Only one")

    response = client.get(
        "/publications/",
        {
            "year": "nineteen",
            "type": "poem",
            "topic": "x",
            "sort": "?",
            "community": "physio",
            "page": "1",
        },
    )

    assert response.status_code == 200
    assert _titles(response) == ["Only one"]
    assert response.context["ignored_filters"] == [
        "community of practice",
        "sort by",
        "topic",
        "type",
        "year",
    ]


def test_publication_list_page_out_of_range_shows_the_last_page(client):
    PublicationFactory()

    response = client.get("/publications/", {"page": "99"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_publication_list_author_is_a_search_field_not_a_list_of_everyone(client):
    kay = ProfileFactory(name="Kay Stevenson", slug="kay-stevenson")
    for number in range(30):
        ProfileFactory(name=f"Person {number}", slug=f"person-{number}")
    PublicationFactory(title="By Kay", authors=[("Stevenson", "Kay", kay)])
    PublicationFactory(title="By a partner", authors=[("Dziedzic", "Krysia")])
    PublicationFactory(title="By someone else", authors=[("Stevens", "Alex")])

    response = client.get("/publications/")
    by_full_name = client.get("/publications/", {"author": "kay stevenson"})
    by_family_name = client.get("/publications/", {"author": "Dziedzic"})
    by_profile_link = client.get("/publications/", {"author": "kay-stevenson"})
    nobody = client.get("/publications/", {"author": "nobody"})

    html = response.content.decode()
    assert '<input type="search" name="author"' in html
    assert 'aria-describedby="id_author_helptext"' in html
    assert '<p class="field__hint" id="id_author_helptext">' in html
    assert "Person 1" not in html  # no <option> per person
    assert _titles(by_full_name) == ["By Kay"]
    assert _titles(by_family_name) == ["By a partner"]
    assert _titles(by_profile_link) == ["By Kay"]
    assert _titles(nobody) == []


def test_publication_list_sorts(client):
    PublicationFactory(title="Beta", year=2018)
    PublicationFactory(title="Alpha", year=2022)

    assert _titles(client.get("/publications/")) == ["Alpha", "Beta"]
    assert _titles(client.get("/publications/", {"sort": "oldest"})) == ["Beta", "Alpha"]
    assert _titles(client.get("/publications/", {"sort": "title"})) == ["Alpha", "Beta"]


def test_publication_search_finds_words_in_title_or_abstract(client):
    PublicationFactory(title="Exercise for hand osteoarthritis", abstract="Clinics.")
    PublicationFactory(title="Back pain at work", abstract="People with osteoarthritis too.")
    PublicationFactory(title="Unrelated", abstract="Nothing here.")

    response = client.get("/publications/", {"q": "osteoarthritis"})

    assert sorted(_titles(response)) == ["Back pain at work", "Exercise for hand osteoarthritis"]
    assert "2 publications matching “osteoarthritis”" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL full-text search")
def test_publication_search_ranks_title_above_abstract_on_postgresql(client):
    PublicationFactory(
        title="Service evaluation", abstract="Fellowships in practice were evaluated.", year=2025
    )
    PublicationFactory(title="Fellowships for clinicians", abstract="A study.", year=2010)

    response = client.get("/publications/", {"q": "fellowship"})

    # Stemming finds "Fellowships" for "fellowship"; the title match ranks first although it is older.
    assert _titles(response) == ["Fellowships for clinicians", "Service evaluation"]


def test_publication_list_hides_private_items(client):
    PublicationFactory(title="Public")
    hidden = PublicationFactory(title="Draft", is_public=False)

    assert _titles(client.get("/publications/")) == ["Public"]
    assert client.get(f"/publications/{hidden.slug}/").status_code == 404


def test_publication_detail_by_id_redirects_to_slug(client):
    publication = PublicationFactory(slug="a-study")

    by_id = client.get(f"/publications/{publication.pk}/")
    by_slug = client.get("/publications/a-study/")

    assert (by_id.status_code, by_id["Location"]) == (301, "/publications/a-study/")
    assert by_slug.status_code == 200
    assert client.get("/publications/no-such-thing/").status_code == 404
    assert client.get("/publications/999999/").status_code == 404


def _meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta name="{name}" content="([^"]*)">', html)


def test_publication_detail_has_highwire_tags_citation_and_json_ld(client):
    publication = PublicationFactory(
        slug="cop-abstract",
        type=PublicationType.CONFERENCE_ABSTRACT,
        title="66. Can Communities of Practice Assist?",
        authors=[("Stevenson", "Kay"), ("Duffy", "Helen")],
        venue="Rheumatology",
        year=2014,
        month=4,
        volume="53",
        supplement="1",
        pages="i80",
        doi="10.5555/rheum.i80",
        open_access_url="https://example.org/abstract.pdf",
    )

    html = client.get(publication.get_absolute_url()).content.decode()

    assert _meta(html, "citation_title") == ["66. Can Communities of Practice Assist?"]
    assert _meta(html, "citation_author") == ["Stevenson, Kay", "Duffy, Helen"]
    assert _meta(html, "citation_publication_date") == ["2014/04"]
    assert _meta(html, "citation_journal_title") == ["Rheumatology"]
    assert _meta(html, "citation_volume") == ["53"]
    assert _meta(html, "citation_issue") == ["suppl_1"]
    assert _meta(html, "citation_firstpage") == ["i80"]
    assert _meta(html, "citation_doi") == ["10.5555/rheum.i80"]
    assert _meta(html, "citation_pdf_url") == ["https://example.org/abstract.pdf"]
    assert (
        "Stevenson K, Duffy H. 66. Can Communities of Practice Assist? Rheumatology. 2014 "
        "Apr;53(Suppl 1):i80. "
        "doi:10.5555/rheum.i80" in html
    )
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "ScholarlyArticle"
    assert [author["name"] for author in data["author"]] == ["Kay Stevenson", "Helen Duffy"]
    assert data["identifier"]["value"] == "10.5555/rheum.i80"


def test_publication_json_ld_cannot_break_out_of_its_script(client):
    publication = PublicationFactory(title="</script><script>alert(1)</script>")

    html = client.get(publication.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 1 + html.count("<script src=")


def test_in_press_item_says_so(client):
    publication = PublicationFactory(status=PublicationStatus.IN_PRESS, venue="", volume="")

    html = client.get(publication.get_absolute_url()).content.decode()

    assert "In press." in html
