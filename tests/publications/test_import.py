import socket

import httpx
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.publications.crossref import CrossrefError, crossref_fetch
from apps.publications.formats import PublicationDraft, to_bibtex, to_ris
from apps.publications.models import Publication
from apps.publications.services import import_check
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.people import ProfileFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db

RECORDED_DOI = "10.5555/iau.2024.0077"


def _staff_who_may_add():
    staff = StaffFactory()
    staff.user_permissions.add(Permission.objects.get(codename="add_publication"))
    return staff


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_import_page_permissions(client):
    assert client.get("/publications/import/").status_code == 302
    sign_in(client, UserFactory())
    assert client.get("/publications/import/").status_code == 403
    sign_in(client, StaffFactory())
    assert client.get("/publications/import/").status_code == 403
    sign_in(client, _staff_who_may_add())
    assert client.get("/publications/import/").status_code == 200


def test_import_confirm_needs_permission(client):
    sign_in(client, StaffFactory())

    assert client.post("/publications/import/confirm/", {"chosen": ["0"]}).status_code == 403


def test_import_bibtex_previews_duplicates_then_saves_chosen(client):
    existing = PublicationFactory(title="Exercise for Knee Pain: a trial", doi="10.5555/knee")
    profile = ProfileFactory(name="Dr Priya Nair")
    new = PublicationFactory.build(title="A brand new study", doi="", year=2024)
    bib = (
        to_bibtex([existing])
        + "\n"
        + """@article{n, title = {A brand-new study}, author = {Nair, Priya and Ng, K},
        journal = {J}, year = {2024}}
@article{d, title = {EXERCISE for knee pain - a trial}, author = {Other, A}, year = {2019}, journal = {J}}"""
    )
    sign_in(client, _staff_who_may_add())

    preview = client.post("/publications/import/", {"file": SimpleUploadedFile("refs.bib", bib.encode())})
    candidates = preview.context["candidates"]

    assert [c.draft.title for c in candidates] == [
        existing.title,
        "A brand-new study",
        "EXERCISE for knee pain - a trial",
    ]
    assert [bool(c.duplicates) for c in candidates] == [True, False, True]
    assert Publication.objects.count() == 1
    assert new.title  # built only, not saved

    response = client.post("/publications/import/confirm/", {"chosen": ["1"]})

    assert response.status_code == 302
    created = Publication.objects.get(title="A brand-new study")
    assert [(a.family_name, a.profile) for a in created.authors.all()] == [("Nair", profile), ("Ng", None)]
    assert Publication.objects.count() == 2


def test_import_ris_file(client):
    source = PublicationFactory.build(pk=1, title="Ris título", slug="x")
    ris = (
        "TY  - RPRT\nAU  - Bennett, Ruth\nTI  - Ris título\nT2  - NIHR\nPY  - 2019\nM3  - NIHR "
        "final report\nER  - \n"
    )
    sign_in(client, _staff_who_may_add())

    preview = client.post("/publications/import/", {"file": SimpleUploadedFile("refs.ris", ris.encode())})
    client.post("/publications/import/confirm/", {"chosen": ["0"]})

    assert preview.context["candidates"][0].draft.type == "nihr_final_report"
    assert Publication.objects.get().title == source.title


def test_import_rejects_a_file_that_is_not_bibtex_or_ris(client):
    sign_in(client, _staff_who_may_add())

    response = client.post("/publications/import/", {"file": SimpleUploadedFile("x.bib", b"hello there")})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "We found no BibTeX entries in this file. Upload a .bib (BibTeX) or .ris (RIS) file."
    ]


def test_import_needs_a_file_or_dois(client):
    sign_in(client, _staff_who_may_add())

    response = client.post("/publications/import/", {"dois": ""})

    assert response.context["form"].non_field_errors() == [
        "Choose a file to upload or paste at least one DOI."
    ]


def test_crossref_fetch_reads_recorded_work(crossref_server):
    draft = crossref_fetch(f"https://doi.org/{RECORDED_DOI.upper()}")

    assert (
        draft.title
        == "Knowledge mobilisation fellowships for allied health professionals: a realist evaluation"
    )
    assert [(a.family_name, a.given_name) for a in draft.authors] == [
        ("Whitcombe", "Sarah"),
        ("Price", "Daniel"),
        ("Müller", "Zoë"),
        ("IAU Fellowship Group", ""),
    ]
    assert (draft.year, draft.month, draft.volume, draft.issue, draft.pages, draft.doi, draft.type) == (
        2024,
        6,
        "18",
        "2",
        "77-89",
        RECORDED_DOI,
        "journal_article",
    )
    assert draft.abstract.startswith("Abstract Background Fellowships give clinicians protected time")


def test_crossref_fetch_unknown_doi_says_not_found(crossref_server):
    with pytest.raises(CrossrefError, match="Crossref does not know the DOI 10.5555/missing"):
        crossref_fetch("10.5555/missing")


def test_crossref_fetch_offline_says_so(settings):
    settings.CROSSREF_API_URL = f"http://127.0.0.1:{_free_port()}"

    with pytest.raises(CrossrefError, match="could not reach Crossref"):
        crossref_fetch(RECORDED_DOI)


def test_crossref_fetch_timeout_says_so():
    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    with (
        httpx.Client(transport=httpx.MockTransport(slow)) as client,
        pytest.raises(CrossrefError, match="did not answer in time"),
    ):
        crossref_fetch(RECORDED_DOI, client=client)


def test_crossref_fetch_rejects_text_that_is_not_a_doi():
    with pytest.raises(CrossrefError, match="is not a DOI"):
        crossref_fetch("not a doi")


def test_import_dois_fetches_from_crossref_and_reports_failures(client, crossref_server):
    sign_in(client, _staff_who_may_add())

    preview = client.post("/publications/import/", {"dois": f"{RECORDED_DOI}\n10.5555/missing"})
    client.post("/publications/import/confirm/", {"chosen": ["0"]})

    assert [c.draft.doi for c in preview.context["candidates"]] == [RECORDED_DOI]
    assert preview.context["fetch_errors"] == [
        "Crossref does not know the DOI 10.5555/missing. Check it for typing errors."
    ]
    assert Publication.objects.get().doi == RECORDED_DOI


def test_import_dois_all_failing_show_errors_on_the_field(client, crossref_server):
    sign_in(client, _staff_who_may_add())

    response = client.post("/publications/import/", {"dois": "10.5555/missing"})

    assert response.context["form"].errors["dois"] == [
        "Crossref does not know the DOI 10.5555/missing. Check it for typing errors."
    ]


def test_import_check_finds_duplicates_within_the_batch():
    drafts = [
        PublicationDraft(title="Same study", year=2020, doi="10.5555/a"),
        PublicationDraft(title="Other", year=2020, doi="https://doi.org/10.5555/A"),
        PublicationDraft(title="same study!", year=2021),
    ]

    candidates = import_check(drafts)

    assert [len(c.duplicates) for c in candidates] == [0, 1, 1]


def test_import_confirm_without_session_explains(client):
    sign_in(client, _staff_who_may_add())

    response = client.post("/publications/import/confirm/", {"chosen": ["0"]}, follow=True)

    assert response.redirect_chain[-1][0] == "/publications/import/"
    assert "That import has expired" in response.content.decode()


def test_ris_text_with_to_ris_round_trip_is_importable():
    publication = PublicationFactory(title="Round trip", authors=[("Ünal", "Ayşe")])

    assert "AU  - Ünal, Ayşe" in to_ris([publication])
