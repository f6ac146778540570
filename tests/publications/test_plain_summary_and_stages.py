"""Plain-language summaries (required to be public), reading ages in the admin, stages and versions."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.publications.enums import PublicationStatus, PublicationType
from apps.publications.models import SUMMARY_NEEDED, Publication
from tests.auth import sign_in
from tests.core.test_readability import HARD, PLAIN
from tests.factories.accounts import StaffFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/publications/publication/"


def _form_data(**changes):
    data = {
        "type": "journal_article",
        "status": "published",
        "stage_date": "",
        "version_of": "",
        "title": "Made in the admin",
        "slug": "made-in-the-admin",
        "is_public": "on",
        "venue": "IAU",
        "year": "2024",
        "plain_summary": PLAIN,
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-position": "1",
        "authors-0-family_name": "First",
        "authors-0-given_name": "A",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _reading_age(html: str) -> int:
    return int(re.search(r"Reading age: (\d+) \(aim for 12 or under\)", html).group(1))


def test_admin_change_form_shows_the_reading_age_of_the_saved_summary(client):
    publication = PublicationFactory(plain_summary=HARD, authors=[])
    sign_in(client, StaffFactory(is_superuser=True))

    before = client.get(f"{ADMIN}{publication.pk}/change/").content.decode()
    saved = client.post(
        f"{ADMIN}{publication.pk}/change/",
        _form_data(title=publication.title, slug=publication.slug, plain_summary=PLAIN),
    )
    after = client.get(f"{ADMIN}{publication.pk}/change/").content.decode()

    assert saved.status_code == 302
    assert _reading_age(before) == 43
    assert "Flesch reading ease: -127.2 (very hard)" in before
    assert _reading_age(after) == 6
    assert "Flesch reading ease: 104.9 (easy)" in after
    # Shown under the summary field itself, as its help text
    help_block = re.search(r'id="id_plain_summary_helptext">(.*?)</div>\s*</div>', after, re.S).group(1)
    assert "Reading age: 6 (aim for 12 or under)" in help_block


def test_admin_add_form_says_the_reading_age_comes_after_saving(client):
    sign_in(client, StaffFactory(is_superuser=True))

    html = client.get(f"{ADMIN}add/").content.decode()

    assert "The reading age is shown here once you save, or now with" in html


def test_a_failed_save_still_shows_the_reading_age_of_the_saved_text(client):
    publication = PublicationFactory(plain_summary=PLAIN, authors=[])
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post(
        f"{ADMIN}{publication.pk}/change/",
        _form_data(title=publication.title, slug=publication.slug, plain_summary=HARD, year="nonsense"),
    )

    assert response.status_code == 200
    assert _reading_age(response.content.decode()) == 6


def test_admin_refuses_a_public_publication_without_summary_next_to_the_field(client):
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post(f"{ADMIN}add/", _form_data(plain_summary="   "))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"plain_summary": [SUMMARY_NEEDED]}
    html = response.content.decode()
    field_row = re.search(r'<div class="form-row[^"]*field-plain_summary.*?</div>\s*</div>', html, re.S)
    assert "Add a plain-language summary before this publication is shown" in field_row.group(0)
    assert not Publication.objects.exists()


def test_admin_saves_a_draft_without_summary(client):
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post(f"{ADMIN}add/", _form_data(plain_summary="", is_public=None))

    assert response.status_code == 302
    assert Publication.objects.get().is_public is False


def test_mark_published_action_refuses_public_items_without_summary(client):
    without = PublicationFactory(status=PublicationStatus.IN_PRESS, plain_summary="", title="No summary yet")
    with_summary = PublicationFactory(status=PublicationStatus.IN_PRESS)
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post(
        ADMIN, {"action": "mark_published", "_selected_action": [without.pk, with_summary.pk]}, follow=True
    )

    texts = [str(message) for message in response.context["messages"]]
    assert "1 publication(s) marked as published." in texts
    assert any("without a plain-language summary: No summary yet." in text for text in texts)
    without.refresh_from_db()
    with_summary.refresh_from_db()
    assert (without.status, with_summary.status) == ("in_press", "published")
    assert with_summary.stage_date == timezone.localdate()  # the date in London, as the code stamps it


def test_imported_publications_wait_as_drafts(client):
    staff = StaffFactory()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_publication", "view_publication"])
    )
    sign_in(client, staff)
    bib = (
        "@article{n, title = {Imported without a summary}, author = {Ng, K}, journal = {J}, year = {2024}}\n"
        "@techreport{r, title = {An imported final report}, author = {Ng, K}, institution = {NIHR}, "
        "year = {2023}, type = {NIHR final report}}"
    )

    client.post("/publications/import/", {"file": SimpleUploadedFile("refs.bib", bib.encode())})
    response = client.post("/publications/import/confirm/", {"chosen": ["0", "1"]}, follow=True)

    imported = Publication.objects.get(title="Imported without a summary")
    report = Publication.objects.get(title="An imported final report")
    assert (imported.is_public, report.is_public) == (False, False)
    assert (imported.status, report.type, report.status) == ("published", "nihr_final_report", "final_report")
    assert [str(m) for m in response.context["messages"]] == [
        "Added 2 publications as drafts. Each stays out of the public library until it has a plain-language "
        "summary and “Shown in the public library” is ticked."
    ]
    assert client.get(imported.get_absolute_url()).status_code == 404
    assert "Imported without a summary" not in client.get("/publications/").content.decode()


def test_library_filters_by_stage_and_ignores_a_bad_stage(client):
    PublicationFactory(title="The preprint", status=PublicationStatus.PREPRINT)
    PublicationFactory(title="The final report", status=PublicationStatus.FINAL_REPORT)

    preprints = client.get("/publications/?stage=preprint")
    anything = client.get("/publications/?stage=nonsense")

    assert [p.title for p in preprints.context["object_list"]] == ["The preprint"]
    assert anything.status_code == 200
    assert sorted(p.title for p in anything.context["object_list"]) == ["The final report", "The preprint"]


def _work(versions: int):
    abstract = PublicationFactory(
        title="The abstract",
        type=PublicationType.CONFERENCE_ABSTRACT,
        status=PublicationStatus.CONFERENCE_ABSTRACT,
        stage_date=date(2017, 11, 9),
        year=2017,
    )
    paper = PublicationFactory(title="The paper", version_of=abstract, year=2018)
    report = PublicationFactory(
        title="The report",
        type=PublicationType.NIHR_FINAL_REPORT,
        status=PublicationStatus.FINAL_REPORT,
        version_of=abstract,
        year=2019,
    )
    for number in range(versions - 3):
        PublicationFactory(title=f"Another version {number}", version_of=abstract, year=2020)
    PublicationFactory(title="A draft version", version_of=abstract, is_public=False)
    return abstract, paper, report


def _versions_section(html: str) -> str:
    return re.search(r'<section aria-labelledby="versions-heading">.*?</section>', html, re.S).group(0)


def test_each_version_shows_the_others_in_stage_order(client):
    abstract, paper, report = _work(3)

    on_paper = _versions_section(client.get(paper.get_absolute_url()).content.decode())
    on_abstract = _versions_section(client.get(abstract.get_absolute_url()).content.decode())
    on_report = _versions_section(client.get(report.get_absolute_url()).content.decode())

    assert "Other versions of this work" in on_paper
    assert re.findall(r">(The \w+)</a>", on_paper) == ["The abstract", "The report"]
    assert "conference abstract, 9 November 2017" in on_paper
    assert re.findall(r">(The \w+)</a>", on_abstract) == ["The paper", "The report"]
    assert re.findall(r">(The \w+)</a>", on_report) == ["The abstract", "The paper"]
    assert "A draft version" not in on_abstract


def test_detail_page_queries_do_not_grow_with_versions(client):
    _, paper, _ = _work(3)
    with CaptureQueriesContext(connection) as few:
        client.get(paper.get_absolute_url())
    many_first = PublicationFactory(title="Many versions")
    for number in range(12):
        PublicationFactory(title=f"Version {number}", version_of=many_first)
    many_paper = Publication.objects.get(title="Version 0")
    with CaptureQueriesContext(connection) as many:
        response = client.get(many_paper.get_absolute_url())

    assert len(re.findall(r"<li><a href", _versions_section(response.content.decode()))) == 12
    assert len(many) == len(few)


def test_linking_to_a_later_version_links_to_the_first_record():
    abstract, paper, _ = _work(3)
    report = PublicationFactory(title="A second report")

    report.version_of = paper
    report.full_clean()

    assert report.version_of_id == abstract.pk


def test_a_first_record_with_versions_cannot_become_a_version_itself(client):
    abstract, paper, _ = _work(3)
    other = PublicationFactory(title="Something else")
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post(
        f"{ADMIN}{abstract.pk}/change/",
        _form_data(
            title=abstract.title,
            slug=abstract.slug,
            type="conference_abstract",
            status="conference_abstract",
            version_of=str(other.pk),
        ),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["version_of"] == [
        "Other versions already point to this publication. Link the other publication to this one instead."
    ]


def test_stage_changes_are_kept_in_the_history(client):
    publication = PublicationFactory(status=PublicationStatus.PREPRINT, authors=[])
    sign_in(client, StaffFactory(is_superuser=True))

    client.post(
        f"{ADMIN}{publication.pk}/change/",
        _form_data(
            title=publication.title, slug=publication.slug, status="in_press", stage_date="2025-03-01"
        ),
    )

    assert list(publication.history.order_by("history_date").values_list("status", "stage_date")) == [
        ("preprint", None),
        ("in_press", date(2025, 3, 1)),
    ]
    html = client.get(publication.get_absolute_url()).content.decode()
    assert "In press, 1 March 2025" in html
    assert "listed as journal article, preprint" in html


def test_library_filtered_by_stage_keeps_constant_queries(client, django_assert_num_queries):
    PublicationFactory(status=PublicationStatus.PREPRINT, authors=[("One", "A"), ("Two", "B")])
    # Filter choices (years, topics, communities; authors are typed), the count, the page, authors and topics.
    with django_assert_num_queries(7) as one:
        client.get("/publications/", {"stage": "preprint"})
    for _ in range(30):
        PublicationFactory(status=PublicationStatus.PREPRINT, authors=[("One", "A"), ("Two", "B")])
        PublicationFactory(status=PublicationStatus.PUBLISHED)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/publications/", {"stage": "preprint"})
    assert response.context["paginator"].count == 31


def test_services_refuse_a_public_publication_without_summary_and_keep_drafts():
    from django.core.exceptions import ValidationError

    from apps.publications.services import publication_create, publication_update

    with pytest.raises(ValidationError) as error:
        publication_create(title="No summary", year=2024, plain_summary="")
    draft = publication_create(title="A draft", year=2024, is_public=False)
    with pytest.raises(ValidationError):
        publication_update(publication=draft, is_public=True)

    assert error.value.message_dict == {"plain_summary": [SUMMARY_NEEDED]}
    assert Publication.objects.get().is_public is False
