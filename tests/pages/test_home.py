import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.pages.enums import HomeBlockStyle, PageStatus
from apps.pages.home import home_sections
from tests.factories.pages import HomeBlockFactory, HomeBlockItemFactory, PageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_home_page_heading_and_introduction_come_from_the_database(client):
    HomeBlockFactory(
        style=HomeBlockStyle.HERO, title="Research into care, sooner", body="We help **everyone**."
    )

    html = client.get("/").content.decode()

    assert "<h1>Research into care, sooner</h1>" in html
    assert "<strong>everyone</strong>" in html


def test_home_page_without_an_introduction_still_has_one_heading(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_home_page_shows_published_blocks_in_order_with_their_cards(client):
    approaches = HomeBlockFactory(title="How we work", order=10)
    HomeBlockItemFactory(block=approaches, title="Knowledge brokering", link_url="/people/", order=2)
    HomeBlockItemFactory(block=approaches, title="Communities of practice", link_url="/communities/", order=1)
    HomeBlockFactory(title="Ways to work with us", style=HomeBlockStyle.TEXT, order=90)
    HomeBlockFactory(title="Not ready yet", is_published=False)

    html = client.get("/").content.decode()

    assert (
        html.index("How we work") < html.index("Communities of practice") < html.index("Knowledge brokering")
    )
    assert html.index("Knowledge brokering") < html.index("Ways to work with us")
    assert '<a href="/communities/">Communities of practice</a>' in html
    assert "Not ready yet" not in html


def test_home_page_shows_featured_published_pages_of_sections_shown_on_home(client):
    section = SectionFactory(title="Knowledge mobilisation guides", show_on_home=True, home_order=70)
    PageFactory(section=section, title="Introduction", is_featured=True)
    PageFactory(section=section, title="Not featured", is_featured=False)
    PageFactory(section=section, title="Featured draft", is_featured=True, status=PageStatus.DRAFT)
    hidden = SectionFactory(title="About", show_on_home=False)
    PageFactory(section=hidden, title="Privacy", is_featured=True)

    html = client.get("/").content.decode()

    assert '">Knowledge mobilisation guides</h2>' in html
    assert "Introduction" in html
    assert "Not featured" not in html
    assert "Featured draft" not in html
    assert "Privacy</a>" not in html.split("<footer")[0]


def test_home_sections_of_the_pages_app_follow_their_order_numbers():
    section = SectionFactory(title="Guides", show_on_home=True, home_order=70)
    PageFactory(section=section, is_featured=True)
    HomeBlockFactory(title="Approaches", order=10)
    HomeBlockFactory(title="Ways to take part", order=90)
    HomeBlockFactory(title="Introduction", style=HomeBlockStyle.HERO, order=0)

    sections = sorted(home_sections(), key=lambda section: section.order)

    assert [(section.title, section.order) for section in sections] == [
        ("Approaches", 10),
        ("Guides", 70),
        ("Ways to take part", 90),
    ]


def test_home_page_sections_are_each_a_labelled_region_in_order(client):
    HomeBlockFactory(title="First", order=1)
    HomeBlockFactory(title="Second", order=2)

    html = client.get("/").content.decode()

    assert '<section class="home-section" aria-labelledby="home-section-1">' in html
    assert '<h2 id="home-section-1">First</h2>' in html
    assert '<h2 id="home-section-2">Second</h2>' in html


def _home_query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_page_queries_do_not_grow_with_blocks_cards_and_pages(client):
    HomeBlockFactory(style=HomeBlockStyle.HERO)
    section = SectionFactory(show_on_home=True)
    PageFactory(section=section, is_featured=True)
    HomeBlockItemFactory()
    with_one = _home_query_count(client)

    for _ in range(8):
        HomeBlockItemFactory(block=HomeBlockItemFactory().block)
        PageFactory(section=SectionFactory(show_on_home=True), is_featured=True)
        PageFactory(section=section, is_featured=True)
    with_many = _home_query_count(client)

    assert with_many == with_one
