from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from apps.accounts.models import User
from apps.involvement.enums import ApplicationStatus
from apps.involvement.models import Application, Membership
from apps.involvement.services import application_approve, application_decline, application_submit
from tests.auth import sign_in
from tests.factories.involvement import ApplicationFactory

pytestmark = pytest.mark.django_db

URL = "/involvement/"
LONDON = ZoneInfo("Europe/London")


def _form(group, **overrides):
    data = {
        "name": "Pat Applicant",
        "email": "Pat@Example.org",
        "phone": "",
        "group": group.pk,
        "motivation": "I help run a carers' group and want research to reach them.",
        "access_needs": "Large print please",
        "consent_to_contact": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_involvement_page_explains_the_groups_to_a_visitor(client, link_group, rug_group):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["form"].fields["group"].queryset.count() == 2
    assert "Research User Group" in response.content.decode()


def test_application_is_stored_and_acknowledged_with_coordinator_notified(
    client, link_group, settings, django_capture_on_commit_callbacks
):
    settings.COORDINATOR_EMAIL = "coordinator@iau.example"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form(link_group))

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.email == "pat@example.org"
    assert application.access_needs == "Large print please"
    assert sorted(message.to[0] for message in mail.outbox) == ["coordinator@iau.example", "pat@example.org"]
    acknowledgement = next(m for m in mail.outbox if m.to == ["pat@example.org"])
    assert acknowledgement.subject == "We have your interest in joining the Link group"


def test_a_second_form_for_a_pending_application_changes_nothing_and_tells_the_owner(
    client, link_group, settings, django_capture_on_commit_callbacks
):
    settings.COORDINATOR_EMAIL = "coordinator@iau.example"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, _form(link_group, phone="01782 111111"))
        second = client.post(
            URL,
            _form(
                link_group,
                name="Someone Else",
                email="PAT@example.org ",
                phone="07700 900000",
                motivation="Rewritten by a stranger.",
                access_needs="",
            ),
        )

    application = Application.objects.get()
    assert (application.name, application.phone, application.motivation, application.access_needs) == (
        "Pat Applicant",
        "01782 111111",
        "I help run a carers' group and want research to reach them.",
        "Large print please",
    )
    # The page answers exactly as it does for a new application: it never says an address has applied.
    assert (second.status_code, second["Location"]) == (first.status_code, first["Location"])
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["pat@example.org"], "We have your interest in joining the Link group"),
        (["coordinator@iau.example"], "New expression of interest: Pat Applicant for the Link group"),
        (["pat@example.org"], "We already have your interest in joining the Link group"),
    ]
    again = mail.outbox[2]
    assert "We have kept it as it was" in again.body
    assert "If it was not you, you can ignore this email." in again.body
    assert "reply to this email" in again.body
    assert "Someone Else" not in again.body and "stranger" not in again.body


def test_the_owner_of_a_pending_application_is_told_at_most_once_a_day(
    client, link_group, django_capture_on_commit_callbacks
):
    monday, tuesday = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON), datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)
    with time_machine.travel(monday, tick=False), django_capture_on_commit_callbacks(execute=True):
        for attempt in range(4):
            client.post(URL, _form(link_group, motivation=f"Attempt {attempt}"))
    with time_machine.travel(tuesday, tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(URL, _form(link_group, motivation="The next day"))

    subjects = [m.subject for m in mail.outbox if m.to == ["pat@example.org"]]
    assert subjects == [
        "We have your interest in joining the Link group",
        "We already have your interest in joining the Link group",
        "We already have your interest in joining the Link group",
    ]
    assert Application.objects.get().motivation == "Attempt 0"


def test_approval_after_a_second_form_gives_the_account_the_first_details(
    client, link_group, coordinator, django_capture_on_commit_callbacks
):
    client.post(URL, _form(link_group, phone="01782 111111"))
    client.post(URL, _form(link_group, name="Mallory", phone="07700 900000"))
    sign_in(client, coordinator)

    client.post(
        reverse("admin:involvement_application_changelist"),
        {"action": "approve_applications", "_selected_action": [Application.objects.get().pk]},
    )

    user = User.objects.get(email="pat@example.org")
    assert (user.display_name, user.involvement_profile.phone) == ("Pat Applicant", "01782 111111")


def test_a_decided_application_is_not_rewritten_by_a_later_one(client, link_group):
    first, _ = application_submit(
        name="Pat", email="pat@example.org", group=link_group, motivation="Original", consent_to_contact=True
    )
    Application.objects.filter(pk=first.pk).update(status="declined")

    client.post(URL, _form(link_group, name="Someone else", motivation="Overwritten?"))

    first.refresh_from_db()
    assert (first.name, first.motivation, first.status) == ("Pat", "Original", "declined")
    assert Application.objects.count() == 1


def test_same_person_may_apply_to_both_groups(link_group, rug_group):
    application_submit(
        name="Pat", email="pat@example.org", group=link_group, motivation="x", consent_to_contact=True
    )
    application_submit(
        name="Pat", email="pat@example.org", group=rug_group, motivation="y", consent_to_contact=True
    )

    assert Application.objects.count() == 2


def test_database_refuses_a_second_application_for_the_same_email_and_group(link_group):
    ApplicationFactory(email="pat@example.org", group=link_group)

    with pytest.raises(IntegrityError):
        ApplicationFactory(email="pat@example.org", group=link_group)


def test_honeypot_filled_in_stores_nothing_and_sends_nothing(
    client, link_group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _form(link_group, website="http://spam.example"))

    assert response.status_code == 302
    assert Application.objects.count() == 0
    assert mail.outbox == []


def test_too_many_applications_from_one_address_are_refused(client, link_group, settings):
    settings.INVOLVEMENT_APPLICATION_RATE_LIMIT = 2
    client.post(URL, _form(link_group, email="one@example.org"))
    client.post(URL, _form(link_group, email="two@example.org"))

    response = client.post(URL, _form(link_group, email="three@example.org"))

    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert Application.objects.count() == 2


def test_application_without_consent_is_explained_and_keeps_the_answers(client, link_group):
    response = client.post(URL, _form(link_group, consent_to_contact=""))

    assert response.status_code == 200
    assert response.context["form"].errors["consent_to_contact"] == [
        "We need your permission to contact you about joining."
    ]
    assert 'value="Pat Applicant"' in response.content.decode()
    assert Application.objects.count() == 0


def test_approval_creates_the_account_membership_and_sends_an_invitation(
    link_group, coordinator, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(email="pat@example.org", group=link_group, phone="01782 000000")

    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, by=coordinator)

    user = User.objects.get(email="pat@example.org")
    assert user.has_usable_password() is False
    assert Membership.objects.filter(user=user, group=link_group).count() == 1
    assert user.involvement_profile.phone == "01782 000000"
    application.refresh_from_db()
    assert (application.status, application.user, application.decided_by) == (
        ApplicationStatus.APPROVED,
        user,
        coordinator,
    )
    [invitation] = mail.outbox
    assert invitation.subject == "Welcome to the Link group: set up your account"
    assert "/accounts/login/code/" in invitation.body
    assert "/accounts/password/reset/" in invitation.body


def test_approving_twice_sends_one_invitation(link_group, coordinator, django_capture_on_commit_callbacks):
    application = ApplicationFactory(group=link_group)

    with django_capture_on_commit_callbacks(execute=True):
        application_approve(application=application, by=coordinator)
        application_approve(application=application, by=coordinator)

    assert len(mail.outbox) == 1


def test_decline_sends_a_kind_email(link_group, coordinator, django_capture_on_commit_callbacks):
    application = ApplicationFactory(email="pat@example.org", group=link_group)

    with django_capture_on_commit_callbacks(execute=True):
        application_decline(application=application, by=coordinator)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    [message] = mail.outbox
    assert message.to == ["pat@example.org"]
    assert "not a judgement of you" in message.body
    assert User.objects.filter(email="pat@example.org").exists() is False


def test_admin_action_approves_for_a_coordinator(client, link_group, coordinator):
    application = ApplicationFactory(group=link_group)
    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_application_changelist"),
        {"action": "approve_applications", "_selected_action": [application.pk]},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
