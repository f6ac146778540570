import xml.etree.ElementTree as ElementTree

import pytest

from apps.pages.enums import PageStatus
from apps.pages.views import server_error
from tests.factories.pages import PageFactory

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_the_home_page_and_published_pages_only(client):
    PageFactory(slug="cookie-notice")
    PageFactory(slug="secret-draft", status=PageStatus.DRAFT)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    locations = [element.text for element in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert "https://portal.test/" in locations
    assert "https://portal.test/pages/" in locations
    assert "https://portal.test/pages/cookie-notice/" in locations
    assert "https://portal.test/pages/secret-draft/" not in locations


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_areas(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /me/",
        "Disallow: /accounts/",
        "Disallow: /notifications/",
        "",
        "Sitemap: https://portal.test/sitemap.xml",
    ]


def test_unknown_address_is_a_friendly_404_in_the_site_design(client):
    response = client.get("/no/such/place/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert '<a class="skip-link" href="#main-content">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'name="q"' in html


def test_server_error_page_renders_without_touching_the_database(rf, django_assert_num_queries):
    request = rf.get("/anything/")

    with django_assert_num_queries(0):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong</h1>" in html
    assert "mailto:involvement@iau.example" in html
    assert '<a class="skip-link" href="#main-content">' in html


def test_server_error_page_is_what_a_visitor_sees_when_a_view_fails(client, settings):
    settings.ROOT_URLCONF = "tests.pages.error_urls"
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert "<h1>Sorry, something went wrong</h1>" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/pages/", "/search/", "/search/?q=care", "/no-such-page/"])
def test_every_page_of_ours_has_a_description_and_open_graph_tags(client, path):
    html = client.get(path).content.decode()

    tags = [
        '<meta name="description" content="',
        '<meta property="og:title" content="',
        '<meta property="og:description" content="',
        '<meta property="og:url" content="',
    ]
    for tag in tags:
        start = html.index(tag) + len(tag)
        assert html[start : html.index('"', start)].strip() != "", (path, tag)
