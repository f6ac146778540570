import pytest
from django.core.management import call_command

from apps.pages.enums import PageStatus
from apps.pages.models import HomeBlock, Page, Section
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.pages import HomeBlockItemFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    sign_in(client, StaffFactory(is_superuser=True))
    return client


def test_admin_page_form_shows_a_sanitised_preview_of_the_body(admin_client):
    page = PageFactory(body="## Heading\n\n<script>alert(1)</script>Some *words*.")

    response = admin_client.get(f"/admin/pages/page/{page.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="pages-preview"><h2>Heading</h2>' in html
    assert "<em>words</em>" in html
    assert "<script>alert(1)</script>" not in html


def test_admin_page_lists_load_with_counts(admin_client):
    PageFactory.create_batch(3)
    HomeBlockItemFactory()

    for path in (
        "/admin/pages/page/",
        "/admin/pages/section/",
        "/admin/pages/homeblock/",
        "/admin/pages/page/add/",
    ):
        assert admin_client.get(path).status_code == 200, path


def test_admin_action_publishes_and_unpublishes_pages(admin_client):
    drafts = PageFactory.create_batch(2, status=PageStatus.DRAFT)

    admin_client.post(
        "/admin/pages/page/",
        {"action": "publish", "_selected_action": [page.pk for page in drafts]},
    )
    assert set(Page.objects.values_list("status", flat=True)) == {PageStatus.PUBLISHED}

    admin_client.post(
        "/admin/pages/page/",
        {"action": "move_to_draft", "_selected_action": [drafts[0].pk]},
    )
    drafts[0].refresh_from_db()
    assert drafts[0].status == PageStatus.DRAFT


def test_admin_staff_without_permission_cannot_edit_pages(client):
    sign_in(client, StaffFactory())
    page = PageFactory()

    assert client.get(f"/admin/pages/page/{page.pk}/change/").status_code == 403


def test_seed_demo_creates_every_content_page_published_with_real_content():
    call_command("seed_demo", verbosity=0)

    slugs = set(Page.objects.filter(status=PageStatus.PUBLISHED).values_list("slug", flat=True))
    assert slugs == {
        "introduction-to-knowledge-mobilisation",
        "theories-models-and-frameworks",
        "mobilising-knowledge-with-clinicians",
        "mobilising-knowledge-with-members-of-the-public",
        "mobilising-knowledge-with-commissioners-and-policy-makers",
        "final-reports-from-nihr-funded-research",
        "partners-and-funders",
        "accessibility-statement",
        "privacy-notice",
        # Made by a migration (pages/0004) on every install: where members on benefits get advice.
        "benefits-advice",
    }
    assert "WCAG" in Page.objects.get(slug="accessibility-statement").body
    assert "How long we keep it" in Page.objects.get(slug="privacy-notice").body
    assert Section.objects.filter(show_on_home=True).count() == 1
    assert HomeBlock.objects.filter(is_published=True).count() == 4


def test_seed_demo_pages_are_reachable_from_the_footer_links(client):
    call_command("seed_demo", verbosity=0)

    html = client.get("/").content.decode()
    for path in ("/pages/accessibility-statement/", "/pages/privacy-notice/", "/pages/partners-and-funders/"):
        assert f'href="{path}"' in html
        assert client.get(path).status_code == 200, path
