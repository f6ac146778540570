import pytest

from apps.publications.enums import PublicationStatus
from apps.publications.models import Publication
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db


def test_admin_changelist_links_to_import_and_counts_authors(client):
    PublicationFactory(authors=[("A", "B"), ("C", "D")])
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.get("/admin/publications/publication/")

    assert response.status_code == 200
    assert response.context["cl"].result_list[0]._author_count == 2
    assert "/publications/import/" in response.content.decode()


def test_admin_add_saves_ordered_authors(client):
    sign_in(client, StaffFactory(is_superuser=True))
    data = {
        "type": "report",
        "status": "published",
        "title": "Made in the admin",
        "slug": "made-in-the-admin",
        "is_public": "on",
        "plain_summary": "Made in the admin, with a summary in everyday words.",
        "venue": "IAU",
        "year": "2024",
        "doi": "https://doi.org/10.5555/Admin",
        "authors-TOTAL_FORMS": "2",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-position": "2",
        "authors-0-family_name": "Second",
        "authors-0-given_name": "B",
        "authors-1-position": "1",
        "authors-1-family_name": "First",
        "authors-1-given_name": "A",
    }

    response = client.post("/admin/publications/publication/add/", data)

    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.doi == "10.5555/admin"
    assert [a.family_name for a in publication.authors.all()] == ["First", "Second"]
    assert client.get("/publications/", {"q": "admin"}).context["paginator"].count == 1


def test_admin_mark_published_action_keeps_history(client):
    publication = PublicationFactory(status=PublicationStatus.IN_PRESS)
    sign_in(client, StaffFactory(is_superuser=True))

    client.post(
        "/admin/publications/publication/",
        {"action": "mark_published", "_selected_action": [publication.pk]},
    )

    publication.refresh_from_db()
    assert publication.status == "published"
    assert client.get(f"/admin/publications/publication/{publication.pk}/history/").status_code == 200


def test_admin_forbidden_to_staff_without_permission(client):
    sign_in(client, StaffFactory())

    assert client.get("/admin/publications/publication/").status_code == 403
