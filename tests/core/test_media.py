"""Public uploads: served by the portal itself with production settings, safely; unsafe uploads refused."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.people.models import Profile
from apps.publications.models import Publication
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.people import ProfileFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% an open-access paper\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!doctype html><script>fetch('/admin/')</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def _put(settings, relative: str, content: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_media_pdf_is_served_as_a_sandboxed_download_that_is_never_sniffed(client, settings):
    _put(settings, "publications/paper.pdf", PDF)

    response = client.get("/media/publications/paper.pdf")

    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "public, max-age=31536000"


def test_media_image_is_shown_inline_but_still_sandboxed(client, settings):
    _put(settings, "people/face.png", PNG)

    response = client.get("/media/people/face.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_image_stays_cacheable_for_a_signed_in_member(client, settings):
    # A public upload is the same for everyone: signing in must not make the browser fetch every
    # photo again on every page.
    _put(settings, "people/face.png", PNG)
    sign_in(client, UserFactory())

    response = client.get("/media/people/face.png")

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000"


def test_media_text_file_is_a_download_in_plain_text(client, settings):
    _put(settings, "seminars/slides/notes.txt", b"<b>not html here</b>")

    response = client.get("/media/seminars/slides/notes.txt")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "app.js", "page.htm", "noextension", "x.PHP"])
def test_media_refuses_types_that_are_not_allowed_even_when_the_file_exists(client, settings, name):
    _put(settings, f"publications/{name}", HTML)

    response = client.get(f"/media/publications/{name}")

    assert response.status_code == 404
    assert HTML not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.pdf",
        "/media/%2e%2e/secret.pdf",
        "/media/..%2fsecret.pdf",
        "/media//etc/secret.pdf",
        "/media/.hidden/secret.pdf",
        "/media/publications/missing.pdf",
        "/media/publications/",
    ],
)
def test_media_refuses_paths_outside_the_media_folder_hidden_or_missing(client, settings, path):
    # A file beside MEDIA_ROOT (where private files live) must stay out of reach.
    _put(settings, "../secret.pdf", PDF)
    _put(settings, ".hidden/secret.pdf", PDF)

    response = client.get(path)

    assert response.status_code == 404


def test_media_answers_not_modified_to_a_browser_that_has_it(client, settings):
    _put(settings, "publications/paper.pdf", PDF)
    first = client.get("/media/publications/paper.pdf")

    again = client.get("/media/publications/paper.pdf", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_media_refuses_writes(client, settings):
    _put(settings, "publications/paper.pdf", PDF)

    assert client.post("/media/publications/paper.pdf").status_code == 405


def test_uploaded_open_access_file_from_the_admin_is_served_at_its_url(client):
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post("/admin/publications/publication/add/", _publication_form(PDF, "paper.pdf"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    url = Publication.objects.get().open_access_file.url
    served = client.get(url)
    assert served.status_code == 200
    assert _body(served) == PDF


def _publication_form(content: bytes, name: str) -> dict:
    return {
        "type": "report",
        "status": "published",
        "title": "With a file",
        "slug": "with-a-file",
        "is_public": "on",
        "plain_summary": "What we found, in plain words.",
        "venue": "IAU",
        "year": "2024",
        "open_access_file": SimpleUploadedFile(name, content),
        "authors-TOTAL_FORMS": "1",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "authors-0-position": "1",
        "authors-0-family_name": "Author",
        "authors-0-given_name": "A",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", HTML, ".html files cannot be uploaded here."),
        ("drawing.svg", SVG, ".svg files cannot be uploaded here."),
        ("app.js", b"alert(1)", ".js files cannot be uploaded here."),
        ("paper.pdf", HTML, "This file is named .pdf but its contents are not a PDF file."),
        ("notes.txt", HTML, "This file is named .txt but its contents are not a plain text file."),
    ],
)
def test_admin_refuses_an_unsafe_open_access_file_next_to_the_field(client, name, content, message):
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.post("/admin/publications/publication/add/", _publication_form(content, name))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["open_access_file"]
    assert errors[0].startswith(message)
    assert "Choose a PDF, Word" in errors[0] or "Save it again as a PDF, Word" in errors[0]
    assert Publication.objects.count() == 0


def _gif() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "GIF")
    return buffer.getvalue()


def _profile_form(response) -> dict:
    """What the admin's change page would post back unchanged: its form's values and its inlines."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None or name == "photo":
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
    return data


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # Not an image at all: the image field says so before our check runs.
        ("photo.svg", SVG, "Upload a valid image."),
        ("photo.png", HTML, "Upload a valid image."),
        # A real image of a type we do not serve.
        ("photo.gif", _gif(), ".gif files cannot be uploaded here. Choose a JPEG, PNG or WebP file."),
    ],
)
def test_admin_refuses_an_unsafe_photo_next_to_the_field(client, name, content, message):
    profile = ProfileFactory()
    sign_in(client, StaffFactory(is_superuser=True))
    url = f"/admin/people/profile/{profile.pk}/change/"
    data = _profile_form(client.get(url))
    data["photo"] = SimpleUploadedFile(name, content)

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"][0].startswith(message)
    assert Profile.objects.get().photo.name == ""


def test_uploaded_photo_in_the_admin_is_kept_and_served_inline(client):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    profile = ProfileFactory()
    sign_in(client, StaffFactory(is_superuser=True))
    url = f"/admin/people/profile/{profile.pk}/change/"
    data = _profile_form(client.get(url))
    data["photo"] = SimpleUploadedFile("face.png", buffer.getvalue())
    data["photo_alt_text"] = "A teal square"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    served = client.get(Profile.objects.get().photo.url)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("inline;")


def test_member_receipt_that_is_a_web_page_in_disguise_is_refused_next_to_the_field(client):
    from tests.factories.accounts import UserFactory

    sign_in(client, UserFactory())

    response = client.post(
        "/me/involvement/expenses/new/",
        {
            "kind": "travel",
            "description": "Bus fare to the meeting",
            "incurred_on": "2025-05-01",
            "amount": "6.40",
            "receipt": SimpleUploadedFile("ticket.pdf", HTML, content_type="application/pdf"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["receipt"] == [
        "This file is named .pdf but its contents are not a PDF file. "
        "Save it again as a PDF, JPEG or PNG file and upload that."
    ]


def test_media_refuses_a_symbolic_link_that_points_outside_the_media_folder(client, settings):
    secret = _put(settings, "../private-media/receipt.pdf", PDF)
    link = Path(settings.MEDIA_ROOT) / "publications" / "innocent.pdf"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)

    assert client.get("/media/publications/innocent.pdf").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/x.png%00.txt",
        "/media/people/face.png%00",
        "/media/people/face%00.png",
        "/media/%00/face.png",
        "/media/people/%ff%fe.png",
        "/media/people/" + "a" * 5000 + ".png",
        "/media/people/face.png/",
        "/media/people/face.png%0a",
    ],
)
def test_media_answers_a_malformed_path_with_404_not_a_server_error(path, settings):
    from django.test import Client

    _put(settings, "people/face.png", PNG)
    _put(settings, "x.png", PNG)
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 404
