"""Every long public text staff write shows its reading age under the field in the admin."""

import re

import pytest

from tests.auth import sign_in
from tests.core.test_readability import HARD, PLAIN
from tests.factories.accounts import StaffFactory
from tests.factories.impact import ImpactEntryFactory
from tests.factories.involvement import OpportunityFactory
from tests.factories.pages import PageFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "admin_path", "field"),
    [
        (lambda: PageFactory(body=HARD), "pages/page", "body"),
        (lambda: OpportunityFactory(summary=HARD), "involvement/opportunity", "summary"),
        (lambda: SeminarFactory(description=HARD), "seminars/seminar", "description"),
        (lambda: ImpactEntryFactory(you_said=HARD, we_did=PLAIN), "impact/impactentry", "you_said"),
        (lambda: ImpactEntryFactory(you_said=HARD, we_did=PLAIN), "impact/impactentry", "we_did"),
    ],
)
def test_change_form_shows_the_reading_age_under_the_text(client, make, admin_path, field):
    record = make()
    sign_in(client, StaffFactory(is_superuser=True))

    html = client.get(f"/admin/{admin_path}/{record.pk}/change/").content.decode()

    help_block = re.search(rf'id="id_{field}_helptext">(.*?)</div>\s*</div>', html, re.S).group(1)
    expected = "Reading age: 6 (aim for 12 or under)" if field == "we_did" else "Reading age: 43 (aim"
    assert expected in help_block


def _editor(client):
    from django.contrib.auth.models import Group

    editor = StaffFactory(email="editor@iau.example")
    editor.groups.add(Group.objects.get(name="Communications editor"))
    return sign_in(client, editor)


def test_editors_preview_the_typed_text_and_its_reading_age_before_saving(client):
    from apps.core.readability import readability_measure
    from tests.admin_forms import form_data

    page = PageFactory(body=PLAIN, status="draft")
    _editor(client)
    form = client.get(f"/admin/pages/page/{page.pk}/change/")
    assert "Preview and check the reading age" in form.content.decode()
    data = form_data(form, "page_form")
    data["body"] = "## What we found\n\n" + HARD

    preview = client.post("/admin/pages/page/readability-preview/", data)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<h2>What we found</h2>" in html
    typed_age = readability_measure(data["body"]).reading_age
    assert typed_age > 12
    assert f"Reading age: {typed_age} (aim for 12 or under)" in html
    page.refresh_from_db()
    assert page.body == PLAIN  # nothing was saved


def test_publishing_a_text_above_the_aim_asks_for_a_tick_first(client):
    from apps.pages.models import Page
    from tests.admin_forms import form_data

    page = PageFactory(body=HARD, status="draft")
    _editor(client)
    data = form_data(client.get(f"/admin/pages/page/{page.pk}/change/"), "page_form")
    data["status"] = "published"

    warned = client.post(f"/admin/pages/page/{page.pk}/change/", data)

    assert warned.status_code == 200
    assert "This reads at age 43, above the aim of 12." in warned.content.decode()
    assert Page.objects.get(pk=page.pk).status == "draft"

    data["publish_above_reading_age"] = "on"
    published = client.post(f"/admin/pages/page/{page.pk}/change/", data)

    assert published.status_code == 302
    assert Page.objects.get(pk=page.pk).status == "published"


def test_a_plain_text_publishes_without_a_tick_and_people_without_the_permission_get_no_preview(client):
    from apps.pages.models import Page
    from tests.admin_forms import form_data

    page = PageFactory(body=PLAIN, status="draft")
    _editor(client)
    data = form_data(client.get(f"/admin/pages/page/{page.pk}/change/"), "page_form")
    data["status"] = "published"

    assert client.post(f"/admin/pages/page/{page.pk}/change/", data).status_code == 302
    assert Page.objects.get(pk=page.pk).status == "published"

    from django.contrib.auth.models import Group

    finance = StaffFactory(email="finance@iau.example")
    finance.groups.add(Group.objects.get(name="Finance"))
    sign_in(client, finance)
    assert client.post("/admin/pages/page/readability-preview/", data).status_code == 403
