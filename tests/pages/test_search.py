import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.pages.enums import PageStatus
from apps.pages.search import KIND, search
from tests.factories.pages import PageFactory

pytestmark = pytest.mark.django_db


def test_search_finds_published_pages_by_title_summary_or_body():
    PageFactory(title="Zebra crossings", summary="Your data.", body="We keep records.")
    PageFactory(title="Clinicians", summary="Champions help.", body="Nothing here.")
    PageFactory(title="Commissioners", summary="Brokers.", body="About zebras too.")
    PageFactory(title="Zebra draft", status=PageStatus.DRAFT)

    results = search("zebra", 10)

    assert [result.title for result in results] == ["Zebra crossings", "Commissioners"]
    assert results[0].kind == KIND
    assert results[0].url == "/pages/" + results[0].url.split("/")[2] + "/"
    assert results[0].summary == "Your data."


def test_search_needs_every_word_to_match():
    PageFactory(title="Knowledge brokers", body="They connect people.")
    PageFactory(title="Knowledge mobilisation", body="Two-way exchange.")

    assert [result.title for result in search("knowledge connect", 10)] == ["Knowledge brokers"]


def test_search_respects_the_limit():
    for _ in range(5):
        PageFactory(body="seminar")

    assert len(search("seminar", 3)) == 3


def test_search_of_blank_words_finds_nothing():
    PageFactory()

    assert search("   ", 10) == []


def test_search_page_groups_results_by_kind_with_counts(client):
    PageFactory(title="Mobilising knowledge with clinicians", body="Champions.")
    PageFactory(title="Mobilising knowledge with the public", body="Link group.")

    response = client.get("/search/", {"q": "mobilising"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>2 results</strong> for ‘mobilising’." in html
    assert f'<a href="#results-1">{KIND} (2)</a>' in html
    assert f'<h2 id="results-1">{KIND} <span class="search-group__count">(2)</span></h2>' in html
    assert "Search results for ‘mobilising’ – IAU Portal" in html


def test_search_page_without_a_query_invites_one_and_shows_no_error(client):
    response = client.get("/search/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Type a word or phrase and press Search." in html
    assert "There is a problem" not in html
    assert 'aria-invalid="true"' not in html


def test_search_page_with_only_spaces_is_treated_as_empty(client):
    html = client.get("/search/", {"q": "    "}).content.decode()

    assert "Type a word or phrase and press Search." in html
    assert "No results" not in html


def test_search_page_with_a_too_long_query_explains_next_to_the_field(client):
    response = client.get("/search/", {"q": "x" * 201})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your search is too long. Use 200 characters or fewer (it has 201)." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_q_helptext id_q_error"' in html
    assert 'value="' + "x" * 201 + '"' in html


def test_search_page_with_no_results_suggests_what_to_try(client):
    html = client.get("/search/", {"q": "zebra"}).content.decode()

    assert "<strong>No results</strong> for ‘zebra’." in html
    assert "Check the spelling." in html


def test_search_page_escapes_the_query(client):
    html = client.get("/search/", {"q": "<b>bold</b>"}).content.decode()

    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_search_page_says_when_more_results_may_exist(client):
    for _ in range(21):
        PageFactory(body="evidence")

    html = client.get("/search/", {"q": "evidence"}).content.decode()

    assert f"{KIND} (20 or more)" in html
    assert "Only the first 20 are shown." in html


def _search_query_count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", {"q": "guide"}).status_code == 200
    return len(queries)


def test_search_page_queries_do_not_grow_with_results(client):
    PageFactory(title="Guide one")
    with_one = _search_query_count(client)

    for _ in range(15):
        PageFactory(body="A guide.")
    with_many = _search_query_count(client)

    assert with_many == with_one
