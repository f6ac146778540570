"""After "erase my account" nothing personal about the member is left in any table, history included,
and no email still waiting in the outbox goes to them; finance totals stay."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models

from apps.accounts.services import account_erase
from apps.communities.meeting_services import rsvp_set
from apps.communities.services import calendar_feed_get_or_create
from apps.involvement.selectors import finance_rows
from apps.involvement.services import profile_update
from apps.notifications.services import notification_preference_update
from apps.seminars.services import registration_create
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory
from tests.factories.involvement import (
    ActivityFactory,
    ApplicationFactory,
    ExpenseFactory,
    GroupFactory,
    InterestFactory,
    MemberProfileFactory,
)
from tests.factories.involvement import MembershipFactory as GroupMembershipFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db

EMAIL = "rosalind.private@example.org"
NAME = "Rosalind Quillfeather"
MARKERS = [EMAIL, "Quillfeather", "07700 900123", "carer.private@example.org", "needs-a-hearing-loop-xyz"]
# Kept on purpose: the text of free-form fields nobody could tie back to the person without the rest.
TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def _rows_mentioning(marker: str) -> list[str]:
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            lookup = f"{field.attname}__icontains"
            if isinstance(field, models.JSONField):
                matches = [
                    row for row in model.objects.values_list(field.attname, flat=True) if marker in str(row)
                ]
            else:
                matches = list(model.objects.filter(**{lookup: marker}).values_list("pk", flat=True))
            if matches:
                found.append(f"{model._meta.label}.{field.name}")
    return found


@pytest.fixture
def member(django_capture_on_commit_callbacks):
    user = UserFactory(email=EMAIL, display_name="Ros Q")
    user.display_name = NAME  # a change of name: the account's history now holds both
    user.save()
    group = GroupFactory()
    GroupMembershipFactory(user=user, group=group)
    profile = MemberProfileFactory(user=user)
    profile_update(
        profile=profile,
        phone="07700 900123",
        carer_copied=True,
        carer_email="carer.private@example.org",
        other_access_needs="needs-a-hearing-loop-xyz",
    )
    ApplicationFactory(
        email=EMAIL, name=NAME, group=group, user=user, access_needs="needs-a-hearing-loop-xyz"
    )
    ActivityFactory(user=user, amount_due=Decimal("50.00"), payment_status="approved")
    ExpenseFactory(user=user, amount=Decimal("6.40"), status="approved")
    InterestFactory(user=user)
    meeting = MeetingFactory()
    MembershipFactory(community=meeting.community, user=user)
    rsvp_set(meeting=meeting, user=user, answer="going")
    calendar_feed_get_or_create(user=user)
    notification_preference_update(user=user, digest_frequency="monthly")
    with django_capture_on_commit_callbacks(execute=False):  # queued, not yet delivered
        registration_create(
            seminar=SeminarFactory(),
            name=NAME,
            email=EMAIL,
            role="patient_public",
            consent=True,
            access_requirements="needs-a-hearing-loop-xyz",
        )
    return user


def test_erasure_leaves_nothing_personal_in_any_table_or_history_and_keeps_finance_totals(member):
    before = [(row["payments"], row["expenses"], row["total"]) for row in finance_rows()]
    assert _rows_mentioning(EMAIL) != []  # the arrangement put the details everywhere

    account_erase(user=member)

    assert {marker: _rows_mentioning(marker) for marker in MARKERS} == {marker: [] for marker in MARKERS}
    assert [(row["payments"], row["expenses"], row["total"]) for row in finance_rows()] == before


def test_email_still_waiting_in_the_outbox_is_not_sent_after_erasure(django_capture_on_commit_callbacks):
    from django.core import mail

    user = UserFactory(email=EMAIL, display_name=NAME)
    with django_capture_on_commit_callbacks() as callbacks:
        registration_create(
            seminar=SeminarFactory(), name=NAME, email=EMAIL, role="patient_public", consent=True
        )
    account_erase(user=user)

    for callback in callbacks:
        callback()

    assert mail.outbox == []


def test_download_lists_the_emails_sent_to_the_member(client, django_capture_on_commit_callbacks):
    user = UserFactory(email=EMAIL, display_name=NAME)
    seminar = SeminarFactory(title="Evidence into practice")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(seminar=seminar, name=NAME, email=EMAIL, role="patient_public", consent=True)
    sign_in(client, user)
    confirm_identity(client)

    emails = client.get("/me/data/download.json").json()["core"]["emails"]

    assert [email["status"] for email in emails] == ["Sent"]
    assert "Evidence into practice" in emails[0]["subject"]


# Rows that keep the account's id on purpose: the anonymised account itself and the finance records the
# unit must keep (payments and expenses), with their history.
KEPT_FOR_THE_ACCOUNT = {
    "accounts.User",
    "accounts.HistoricalUser",
    "involvement.Activity",
    "involvement.HistoricalActivity",
    "involvement.Expense",
    "involvement.HistoricalExpense",
}


def _rows_pointing_at_user(user_id: int) -> list[str]:
    """Every model (history and many-to-many tables included) with a row whose user column holds the id."""
    user_model = apps.get_model("accounts", "User")
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label in KEPT_FOR_THE_ACCOUNT:
            continue
        for field in model._meta.concrete_fields:
            related = field.is_relation and field.related_model is user_model
            if related and model._base_manager.filter(**{field.attname: user_id}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def _orphaned_history_rows() -> list[str]:
    """History of many-to-many fields whose object no longer has any history of its own."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        history = next(
            (
                field
                for field in model._meta.concrete_fields
                if field.name == "history"
                and field.is_relation
                and model._meta.label.startswith("involvement.")
            ),
            None,
        )
        if history is None:
            continue
        if model._base_manager.exclude(
            **{f"{history.name}__in": history.related_model._base_manager.all()}
        ).exists():
            found.append(model._meta.label)
    return found


def test_erasure_through_the_page_leaves_no_row_with_the_members_id_email_or_name(member, client):
    member_id = member.pk
    assert _rows_pointing_at_user(member_id) != []  # the arrangement put the member everywhere
    sign_in(client, member)
    # The member changes their interests on the page: history of the profile and of its topics.
    client.post("/me/profile/", {"contact_methods": ["email"], "payment_preference": "bank_transfer"})

    confirm_identity(client)  # erasing is for good: the member confirms who they are
    response = client.post("/me/data/erase/", {"confirm": "on"})

    assert response.status_code == 302
    assert ", ".join(sorted(_rows_pointing_at_user(member_id))) == ""
    assert {marker: _rows_mentioning(marker) for marker in [*MARKERS, NAME, "Ros Q"]} == {
        marker: [] for marker in [*MARKERS, NAME, "Ros Q"]
    }
    assert _orphaned_history_rows() == []
