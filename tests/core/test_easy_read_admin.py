"""Staff write the easy-read version of a page (and of an opportunity) beside the standard text; the admin
checks it against the easy-read rules before it is saved, and the page shows it behind "Easy read"."""

import re

import pytest

from apps.core.easy_read import easy_read_problems
from tests.admin_forms import form_data
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.pages import PageFactory

pytestmark = pytest.mark.django_db

EASY = "We help people take part in health research.\n\nYou can tell us what matters to you."
# 20 words in one sentence: easy read has 15 or fewer.
LONG = (
    "We help people who use health services take part in research by telling the researchers "
    "what matters most to them."
)


def _editor(client):
    from django.contrib.auth.models import Group

    editor = StaffFactory(email="editor@iau.example")
    editor.groups.add(Group.objects.get(name="Communications editor"))
    return sign_in(client, editor)


def test_the_rules_count_words_per_sentence_and_name_long_words():
    assert easy_read_problems(EASY) == []
    problems = easy_read_problems(LONG)
    assert [problem.rule for problem in problems if problem.blocking] == ["sentence"]
    assert "20 words" in problems[0].message
    words = [
        problem
        for problem in easy_read_problems("Your remuneration is paid monthly.")
        if not problem.blocking
    ]
    assert "remuneration" in words[0].message


def test_a_long_sentence_in_the_easy_read_text_is_refused_next_to_the_field(client):
    page = PageFactory(status="draft")
    _editor(client)
    data = form_data(client.get(f"/admin/pages/page/{page.pk}/change/"), "page_form")
    data["easy_read_body"] = LONG

    refused = client.post(f"/admin/pages/page/{page.pk}/change/", data)

    assert refused.status_code == 200
    html = refused.content.decode()
    error = re.search(r'<ul class="errorlist" id="id_easy_read_body_error">(.*?)</ul>', html, re.S)
    assert error is not None
    assert "This sentence has 20 words" in error.group(1)
    page.refresh_from_db()
    assert page.easy_read_body == ""


def test_easy_read_text_that_meets_the_rules_is_saved(client):
    page = PageFactory(status="draft")
    _editor(client)
    data = form_data(client.get(f"/admin/pages/page/{page.pk}/change/"), "page_form")
    data["easy_read_body"] = EASY

    saved = client.post(f"/admin/pages/page/{page.pk}/change/", data)

    assert saved.status_code == 302
    page.refresh_from_db()
    assert page.easy_read_body == EASY


def test_the_preview_lists_what_to_fix_before_saving(client):
    page = PageFactory(status="draft")
    _editor(client)
    data = form_data(client.get(f"/admin/pages/page/{page.pk}/change/"), "page_form")
    data["easy_read_body"] = LONG + "\n\nYour remuneration is paid monthly."

    preview = client.post("/admin/pages/page/readability-preview/", data)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Easy read: what to fix." in html
    assert "This sentence has 20 words" in html
    assert "remuneration" in html
    page.refresh_from_db()
    assert page.easy_read_body == ""


def test_the_saved_easy_read_text_shows_its_problems_under_the_field(client):
    page = PageFactory(status="draft", easy_read_body="Your remuneration is paid monthly.")
    _editor(client)

    html = client.get(f"/admin/pages/page/{page.pk}/change/").content.decode()

    help_block = re.search(r'id="id_easy_read_body_helptext">(.*?)</div>\s*</div>', html, re.S).group(1)
    assert "To fix in the saved text" in help_block
    assert "remuneration" in help_block


def test_the_page_shows_its_easy_read_version_behind_a_toggle(client):
    page = PageFactory(status="published", easy_read_body=EASY)
    plain = PageFactory(status="published")

    html = client.get(page.get_absolute_url()).content.decode()

    toggle = re.search(r'<details class="easy-read-toggle">(.*?)</details>', html, re.S)
    assert toggle is not None
    assert "<summary>Easy read</summary>" in toggle.group(1)
    assert "We help people take part in health research." in toggle.group(1)
    assert "easy-read-toggle" not in client.get(plain.get_absolute_url()).content.decode()


def _coordinator(client):
    from django.contrib.auth.models import Group

    coordinator = StaffFactory(email="coordinator@iau.example")
    coordinator.groups.add(Group.objects.get(name="Involvement coordinator"))
    return sign_in(client, coordinator)


def test_an_opportunitys_easy_read_text_is_checked_before_it_is_saved(client):
    from tests.factories.involvement import GroupFactory, OpportunityFactory

    opportunity = OpportunityFactory(groups=[GroupFactory()])
    _coordinator(client)
    form = client.get(f"/admin/involvement/opportunity/{opportunity.pk}/change/")
    assert "Preview and check the reading age" in form.content.decode()
    data = form_data(form, "opportunity_form")
    # A browser posts nothing for a multiple choice with nothing chosen (this one has no topics).
    data = {name: value for name, value in data.items() if name not in ("groups", "topics") or value}
    data["easy_read_summary"] = LONG

    refused = client.post(f"/admin/involvement/opportunity/{opportunity.pk}/change/", data)

    assert refused.status_code == 200
    error = re.search(
        r'<ul class="errorlist" id="id_easy_read_summary_error">(.*?)</ul>', refused.content.decode(), re.S
    )
    assert "This sentence has 20 words" in error.group(1)
    opportunity.refresh_from_db()
    assert opportunity.easy_read_summary == ""

    data["easy_read_summary"] = EASY
    saved = client.post(f"/admin/involvement/opportunity/{opportunity.pk}/change/", data)

    assert saved.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.easy_read_summary == EASY
