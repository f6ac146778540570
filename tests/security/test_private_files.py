"""Private files (expense receipts, meeting papers) never sit under the public media folder."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.involvement.models import Expense
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.involvement import ExpenseFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a tiny receipt"


def _files_under(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def test_uploaded_receipt_is_stored_outside_the_public_media_folder(client):
    member = UserFactory()
    sign_in(client, member)

    response = client.post(
        "/me/involvement/expenses/new/",
        {
            "kind": "travel",
            "description": "Bus fare to the meeting",
            "incurred_on": "2025-05-01",
            "amount": "6.40",
            "receipt": SimpleUploadedFile("ticket.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    expense = Expense.objects.get(user=member)
    assert _files_under(settings.MEDIA_ROOT) == []
    assert Path(expense.receipt.path).read_bytes() == PDF
    with pytest.raises(ValueError):
        expense.receipt.url  # noqa: B018 - a receipt has no public address at all


def test_receipt_is_served_as_an_attachment_that_browsers_must_not_sniff(client):
    expense = ExpenseFactory(receipt=SimpleUploadedFile("r.pdf", PDF))
    sign_in(client, expense.user)

    response = client.get(f"/me/involvement/expenses/{expense.pk}/receipt/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_receipt_whose_file_has_gone_answers_404_not_a_server_error(client):
    expense = ExpenseFactory(receipt=SimpleUploadedFile("r.pdf", PDF))
    Path(expense.receipt.path).unlink()
    sign_in(client, expense.user)

    response = client.get(f"/me/involvement/expenses/{expense.pk}/receipt/")

    assert response.status_code == 404


def test_migration_moves_receipts_uploaded_before_out_of_the_public_media_folder(settings):
    from importlib import import_module

    from django.apps import apps as django_apps

    expense = ExpenseFactory()
    public = Path(settings.MEDIA_ROOT) / "involvement" / "receipts" / "old.pdf"
    public.parent.mkdir(parents=True)
    public.write_bytes(PDF)
    Expense.objects.filter(pk=expense.pk).update(receipt="involvement/receipts/old.pdf")
    migration = import_module("apps.involvement.migrations.0003_move_receipts_out_of_public_media")

    migration.move_receipts(django_apps, None)

    expense.refresh_from_db()
    assert public.exists() is False
    assert Path(expense.receipt.path).read_bytes() == PDF
