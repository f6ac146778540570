"""Anonymous pages come from the cache; a change shows on the next request; nothing personal is cached."""

import pytest
from django.test import Client

from apps.core.models import Topic
from apps.core.page_cache import public_pages_version
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.publications import PublicationFactory, TopicFactory
from tests.factories.seminars import PastSeminarFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_served_from_cache_without_queries(client, django_assert_num_queries):
    PublicationFactory(title="Knee pain in primary care")

    first = client.get("/publications/")
    with django_assert_num_queries(0):
        second = client.get("/publications/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_admin_rename_is_visible_on_next_anonymous_request(client):
    topic = TopicFactory(name="Back pain", slug="back-pain")
    publication = PublicationFactory(topics=[topic])
    assert "Back pain" in client.get(publication.get_absolute_url()).content.decode()
    assert client.get(publication.get_absolute_url())["X-Page-Cache"] == "hit"
    staff = Client()
    sign_in(staff, StaffFactory(is_superuser=True))

    saved = staff.post(
        f"/admin/core/topic/{topic.pk}/change/", {"name": "Low back pain", "slug": "back-pain"}
    )

    assert saved.status_code == 302
    assert Topic.objects.get().name == "Low back pain"
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "Low back pain" in page


def test_many_to_many_change_is_visible_on_next_anonymous_request_after_one_version_step(
    client, django_capture_on_commit_callbacks
):
    publication = PublicationFactory()
    topic = TopicFactory(name="Hip pain", slug="hip-pain")
    assert "Hip pain" not in client.get(publication.get_absolute_url()).content.decode()
    before = public_pages_version()

    with django_capture_on_commit_callbacks(execute=True):
        publication.topics.add(topic)

    # One step now and one when the transaction commits; none for Django's "pre_add" signal.
    assert public_pages_version() == before + 2
    assert "Hip pain" in client.get(publication.get_absolute_url()).content.decode()


def test_admin_delete_is_visible_on_next_anonymous_request(client):
    kept = PublicationFactory(title="Kept on the list")
    deleted = PublicationFactory(title="Taken off the list")
    assert "Taken off the list" in client.get("/publications/").content.decode()
    staff = Client()
    sign_in(staff, StaffFactory(is_superuser=True))

    response = staff.post(f"/admin/publications/publication/{deleted.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    page = client.get("/publications/").content.decode()
    assert "Taken off the list" not in page
    assert kept.title in page


def test_signed_in_request_neither_reads_nor_writes_the_cache(client):
    PublicationFactory()
    anonymous = Client()
    assert anonymous.get("/publications/")["X-Page-Cache"] == "miss"
    sign_in(client, UserFactory(display_name="Pat Member"))

    signed_in = client.get("/publications/")
    signed_in_detail = client.get("/seminars/")

    assert "X-Page-Cache" not in signed_in
    assert "Sign out" in signed_in.content.decode()
    assert "X-Page-Cache" not in signed_in_detail
    # Nothing the signed-in visitor saw was stored: the anonymous visitor's first /seminars/ is a miss.
    anonymous_page = anonymous.get("/seminars/")
    assert anonymous_page["X-Page-Cache"] == "miss"
    assert "Sign out" not in anonymous_page.content.decode()


def test_page_with_a_form_is_never_cached(client):
    seminar = SeminarFactory(capacity=20)

    first = client.get(seminar.get_absolute_url())
    second = Client().get(seminar.get_absolute_url())

    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_page_without_a_form_is_cached_for_a_visitor_with_only_a_csrf_cookie(client):
    seminar = PastSeminarFactory()
    client.cookies["csrftoken"] = "a" * 32

    assert client.get(seminar.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(seminar.get_absolute_url())["X-Page-Cache"] == "hit"


def test_visitor_with_a_session_gets_a_fresh_page(client):
    client.get("/publications/")
    client.cookies["sessionid"] = "somebody"

    response = client.get("/publications/")

    assert "X-Page-Cache" not in response


def test_expression_of_interest_form_page_is_never_cached(client):
    first = client.get("/involvement/")
    second = Client().get("/involvement/")

    assert first.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in first.content.decode()
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_page_not_on_the_list_is_not_cached(client):
    client.get("/robots.txt")

    assert "X-Page-Cache" not in client.get("/robots.txt")


def test_very_long_query_string_is_not_stored(client):
    path = "/publications/?q=" + "knee+" * 100

    client.get(path)

    assert "X-Page-Cache" not in client.get(path)


def test_cache_can_be_turned_off(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get("/publications/")

    assert "X-Page-Cache" not in client.get("/publications/")
