from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from apps.seminars import tokens
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Registration
from apps.seminars.services import registration_cancel, registration_create
from tests.factories.seminars import RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db


def _invite(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return attachment, Calendar.from_ical(attachment[1])


def test_registration_with_room_confirms_and_emails_an_invitation(register):
    seminar = SeminarFactory(capacity=5)

    registration, created = register(
        seminar, email="  Ann@Example.ORG ", organisation="Trust", role="researcher"
    )

    assert created is True
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "ann@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.org"]
    assert message.subject == f"Your place is confirmed: {seminar.title}"
    assert "https://meet.example.org/secret-room" in message.body
    attachment, calendar = _invite(message)
    assert attachment[2].startswith("text/calendar")
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"seminars-seminar-{seminar.pk}@iau-portal"
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == "mailto:portal@iau.example"
    assert str(event["ATTENDEE"]) == "mailto:ann@example.org"
    assert event.decoded("DTSTART") == seminar.starts_at


def test_confirmation_email_cancel_link_is_signed_and_works(
    register, client, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=5)
    registration, _ = register(seminar)
    cancel_url = tokens.signed_url(registration, tokens.CANCEL)
    assert cancel_url in mail.outbox[0].body

    path = cancel_url.removeprefix("https://portal.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_registering_twice_with_the_same_email_takes_one_place(register):
    seminar = SeminarFactory(capacity=5)
    first, _ = register(seminar, email="ann@example.org")

    second, created = register(seminar, email="ANN@example.org ")

    assert created is False
    assert second.pk == first.pk
    assert Registration.objects.filter(seminar=seminar).count() == 1
    # The confirmation, then "you are already registered" to the address (never on the page).
    assert [message.subject for message in mail.outbox] == [
        f"Your place is confirmed: {seminar.title}",
        f"You are already registered: {seminar.title}",
    ]


def test_database_refuses_two_registrations_differing_only_in_case():
    registration = RegistrationFactory(email="ann@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            seminar=registration.seminar,
            name="Ann",
            email="ANN@example.org",
            role="other",
            consent=True,
            status=RegistrationStatus.CONFIRMED,
        )


def test_registration_without_consent_is_refused(register):
    seminar = SeminarFactory()

    with pytest.raises(ValidationError):
        register(seminar, consent=False)

    assert Registration.objects.count() == 0


def test_registration_when_full_joins_the_waiting_list_without_the_join_link(register):
    seminar = SeminarFactory(capacity=1)
    register(seminar, email="first@example.org")

    registration, created = register(seminar, email="second@example.org")

    assert created is True
    assert registration.status == RegistrationStatus.WAITLISTED
    message = mail.outbox[-1]
    assert message.subject == f"You are on the waiting list: {seminar.title}"
    assert "secret-room" not in message.body
    assert message.attachments == []


def test_cancellation_promotes_the_next_person_and_emails_them_an_invite(
    register, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=1)
    holder, _ = register(seminar, email="holder@example.org")
    first_waiting, _ = register(seminar, email="waiting1@example.org")
    register(seminar, email="waiting2@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=holder)

    assert promoted.pk == first_waiting.pk
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "holder@example.org": RegistrationStatus.CANCELLED,
        "waiting1@example.org": RegistrationStatus.CONFIRMED,
        "waiting2@example.org": RegistrationStatus.WAITLISTED,
    }
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["holder@example.org", "waiting1@example.org"]
    promoted_mail = by_recipient["waiting1@example.org"]
    assert promoted_mail.subject == f"A place has come free for you: {seminar.title}"
    assert "secret-room" in promoted_mail.body
    assert _invite(promoted_mail)[1]["METHOD"] == "REQUEST"
    assert _invite(by_recipient["holder@example.org"])[1]["METHOD"] == "CANCEL"


def test_cancelling_twice_changes_nothing_the_second_time(register, django_capture_on_commit_callbacks):
    seminar = SeminarFactory(capacity=1)
    holder, _ = register(seminar, email="holder@example.org")
    register(seminar, email="waiting@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holder)
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        assert registration_cancel(registration=holder) is None

    assert len(mail.outbox) == sent
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 1


def test_waiting_list_cancellation_promotes_nobody(register, django_capture_on_commit_callbacks):
    seminar = SeminarFactory(capacity=1)
    register(seminar, email="holder@example.org")
    waiting, _ = register(seminar, email="waiting@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assert registration_cancel(registration=waiting) is None

    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 1


def test_registering_again_after_cancelling_gives_a_fresh_registration(
    register, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(capacity=3)
    registration, _ = register(seminar, email="ann@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)
    mail.outbox.clear()

    again, created = register(seminar, email="ann@example.org")

    assert created is True
    assert again.status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "Registration opens on"),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Registration for this seminar has closed.",
        ),
        (
            {
                "starts_at": timezone.now() - timedelta(days=1),
                "ends_at": timezone.now() - timedelta(hours=20),
            },
            "This seminar has already taken place, so registration is closed.",
        ),
    ],
)
def test_registration_outside_its_window_is_refused_with_a_clear_message(register, changes, message):
    seminar = SeminarFactory(**changes)

    with pytest.raises(ValidationError) as error:
        register(seminar)

    assert error.value.messages[0].startswith(message)
    assert Registration.objects.count() == 0


def test_registration_for_a_cancelled_seminar_is_refused():
    seminar = SeminarFactory(cancelled=True)

    with pytest.raises(ValidationError) as error:
        registration_create(seminar=seminar, name="Ann", email="ann@example.org", role="other", consent=True)

    assert error.value.messages == ["This seminar has been cancelled, so registration is closed."]


def test_nobody_jumps_the_waiting_list_when_a_place_is_free_but_people_wait(register):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)

    registration, _ = register(seminar, email="new@example.org")

    assert registration.status == RegistrationStatus.WAITLISTED


def test_confirmation_email_has_an_html_part_with_the_cancel_link(register):
    registration, _ = register(SeminarFactory())

    html, mimetype = mail.outbox[0].alternatives[0]

    assert mimetype == "text/html"
    assert f'href="{tokens.signed_url(registration, tokens.CANCEL)}"' in html
