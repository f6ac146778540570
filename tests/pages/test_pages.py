import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from apps.pages.enums import HomeBlockStyle, PageStatus
from apps.pages.services import page_publish, page_unpublish
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.pages import HomeBlockFactory, PageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_page_detail_shows_a_published_page_with_its_rendered_body(client):
    page = PageFactory(title="Theories, models and frameworks", body="## Why\n\nBecause **it helps**.")

    response = client.get(f"/pages/{page.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Theories, models and frameworks</h1>" in html
    assert "<h2>Why</h2>" in html
    assert "<strong>it helps</strong>" in html
    assert "Last reviewed 1 October 2026." in html


def test_page_detail_escapes_nothing_twice_and_runs_no_script(client):
    page = PageFactory(body="<script>alert('x')</script>Fish & chips")

    html = client.get(page.get_absolute_url()).content.decode()

    assert "alert(" not in html
    assert "Fish &amp; chips" in html


@pytest.mark.parametrize("who", ["visitor", "member", "staff without permission"])
def test_page_detail_of_a_draft_is_not_found_for(client, who):
    page = PageFactory(status=PageStatus.DRAFT)
    if who == "member":
        sign_in(client, UserFactory())
    elif who == "staff without permission":
        sign_in(client, StaffFactory())

    response = client.get(page.get_absolute_url())

    assert response.status_code == 404


def test_page_detail_of_a_draft_is_previewed_by_staff_with_permission(client):
    page = PageFactory(status=PageStatus.DRAFT)
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="view_page"))
    sign_in(client, staff)

    response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "This page is a draft." in html
    assert '<meta name="robots" content="noindex">' in html


def test_page_detail_of_an_unknown_slug_is_a_friendly_404(client):
    response = client.get("/pages/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'action="/search/"' in html


def test_page_detail_has_breadcrumbs_and_the_other_pages_of_its_section(client):
    section = SectionFactory(title="Knowledge mobilisation guides", slug="guides")
    first = PageFactory(section=section, title="First guide", navigation_order=1)
    PageFactory(section=section, title="Second guide", navigation_order=2)
    PageFactory(section=section, title="Hidden draft", status=PageStatus.DRAFT)

    html = client.get(first.get_absolute_url()).content.decode()

    assert '<a href="/pages/#guides">Knowledge mobilisation guides</a>' in html
    assert '<li aria-current="page">First guide</li>' in html
    assert "Second guide" in html
    assert "Hidden draft" not in html


def test_page_detail_has_meta_description_and_open_graph_tags(client):
    page = PageFactory(title="Privacy notice", summary="What we hold.", meta_description="How we use data.")

    html = client.get(page.get_absolute_url()).content.decode()

    assert '<meta name="description" content="How we use data.">' in html
    assert '<meta property="og:title" content="Privacy notice">' in html
    assert '<meta property="og:description" content="How we use data.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="https://portal.test{page.get_absolute_url()}">' in html


def test_page_meta_description_falls_back_to_the_summary(client):
    page = PageFactory(summary="A guide to working with clinicians & champions.", meta_description="")

    html = client.get(page.get_absolute_url()).content.decode()

    assert '<meta name="description" content="A guide to working with clinicians &amp; champions.">' in html
    assert (
        '<meta property="og:description" content="A guide to working with clinicians &amp; champions.">'
        in html
    )


def test_open_graph_title_is_the_site_name_on_the_home_page(client):
    html = client.get("/").content.decode()

    assert '<meta property="og:title" content="IAU Portal">' in html
    assert "<title>IAU Portal</title>" in html


def test_open_graph_title_is_plain_escaped_text_whatever_the_title_holds(client):
    html = client.get("/search/", {"q": 'say "hello" & <b>'}).content.decode()

    assert (
        '<meta property="og:title" content="Search results for ‘say &quot;hello&quot; &amp; &lt;b&gt;’">'
        in html
    )


def test_page_list_shows_sections_with_their_published_pages_in_navigation_order(client):
    section = SectionFactory(title="Guides", slug="guides")
    PageFactory(section=section, title="Later", navigation_order=20)
    PageFactory(section=section, title="Earlier", navigation_order=10)
    PageFactory(section=section, title="Secret", status=PageStatus.DRAFT)
    SectionFactory(title="Empty section")
    PageFactory(section=None, title="Loose page")

    html = client.get("/pages/").content.decode()

    assert html.index("Earlier") < html.index("Later")
    assert "Secret" not in html
    assert "Empty section" not in html
    assert "Loose page" in html


@pytest.mark.parametrize("count", [1, 12])
def test_page_list_queries_do_not_grow_with_pages(client, django_assert_num_queries, count):
    for number in range(count):
        PageFactory(section=SectionFactory() if number % 2 == 0 else None)

    with django_assert_num_queries(3):
        response = client.get("/pages/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_page_detail_queries_do_not_grow_with_the_section(client, django_assert_num_queries, count):
    section = SectionFactory()
    pages = [PageFactory(section=section) for _ in range(count)]

    with django_assert_num_queries(2):
        response = client.get(pages[0].get_absolute_url())

    assert response.status_code == 200


def test_page_slug_is_unique():
    PageFactory(slug="cookie-notice")

    with pytest.raises(ValidationError):
        PageFactory.build(slug="cookie-notice").full_clean()


def test_page_publish_and_unpublish_change_what_the_public_sees(client):
    page = PageFactory(status=PageStatus.DRAFT)

    page_publish(page=page)
    assert client.get(page.get_absolute_url()).status_code == 200

    page_unpublish(page=page)
    assert client.get(page.get_absolute_url()).status_code == 404


def test_home_block_allows_only_one_published_introduction():
    HomeBlockFactory(style=HomeBlockStyle.HERO, is_published=True)
    second = HomeBlockFactory.build(style=HomeBlockStyle.HERO, is_published=True, title="Another")

    with pytest.raises(ValidationError) as error:
        second.full_clean()

    assert error.value.message_dict["style"] == [
        "The home page already has a published introduction. Unpublish that one first."
    ]


def test_home_block_item_link_must_be_a_path_or_web_address():
    from tests.factories.pages import HomeBlockItemFactory

    item = HomeBlockItemFactory.build(block=HomeBlockFactory(), link_url="javascript:alert(1)")

    with pytest.raises(ValidationError) as error:
        item.full_clean()

    assert list(error.value.message_dict) == ["link_url"]


@pytest.mark.parametrize("path", ["/", "/publications/", "/ask/", "/involvement/", "/accounts/login/"])
def test_every_page_says_how_to_contact_the_unit(client, settings, path):
    settings.CONTACT_EMAIL = "hello@iau.example"
    settings.CONTACT_PHONE = "01234 567890"
    settings.CONTACT_ADDRESS = "1 Example Road, Exampletown"

    page = client.get(path).content.decode()

    footer = page.split('<footer class="site-footer">', 1)[1]
    assert 'href="mailto:hello@iau.example"' in footer
    assert 'href="tel:01234567890"' in footer
    assert "1 Example Road, Exampletown" in footer
