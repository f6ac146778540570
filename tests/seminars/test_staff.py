import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError

from apps.core.models import OutboxMessage
from apps.seminars import tokens
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Feedback, Registration
from apps.seminars.services import seminar_email_registrants, seminar_send_follow_up
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.seminars import PastSeminarFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/admin/seminars/registration/"


def _staff_with(*codenames):
    user = StaffFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="seminars", codename__in=codenames)
    )
    return user


def test_registrations_admin_visitor_and_member_are_sent_to_sign_in(client):
    assert client.get(REGISTRATIONS).status_code == 302
    sign_in(client, UserFactory())
    assert client.get(REGISTRATIONS).status_code == 302


def test_registrations_admin_staff_without_permission_is_refused(client):
    sign_in(client, _staff_with())

    assert client.get(REGISTRATIONS).status_code == 403


def test_registrations_admin_lists_registrations_and_waiting_list_per_seminar(client):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar, name="Holder Person")
    RegistrationFactory(seminar=seminar, name="Waiting Person", status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(name="Elsewhere Person")
    sign_in(client, _staff_with("view_registration"))

    response = client.get(REGISTRATIONS, {"seminar__id__exact": seminar.pk, "status__exact": "waitlisted"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Waiting Person" in content
    assert "Holder Person" not in content
    assert "Elsewhere Person" not in content


def test_seminar_admin_list_shows_counts(client):
    seminar = SeminarFactory(capacity=1, title="Counted seminar")
    RegistrationFactory(seminar=seminar)
    RegistrationFactory.create_batch(2, seminar=seminar, status=RegistrationStatus.WAITLISTED)
    sign_in(client, _staff_with("view_seminar"))

    response = client.get("/admin/seminars/seminar/")

    assert response.status_code == 200
    assert (
        f'?seminar__id__exact={seminar.pk}&amp;status__exact=waitlisted">2</a>' in response.content.decode()
    )


def test_csv_export_needs_permission_and_lists_every_registration(client):
    seminar = SeminarFactory(title="CSV seminar", slug="csv-seminar")
    RegistrationFactory(seminar=seminar, name='=HYPERLINK("x")', email="a@example.org", organisation="Trust")
    RegistrationFactory(seminar=seminar, email="b@example.org", status=RegistrationStatus.WAITLISTED)
    url = f"/admin/seminars/seminar/{seminar.pk}/export/"
    sign_in(client, _staff_with("view_seminar"))
    assert client.get(url).status_code == 403

    sign_in(client, _staff_with("view_seminar", "view_registration"))
    assert client.get(url).status_code == 403  # the rows, but not the personal details in them

    sign_in(client, _staff_with("view_seminar", "view_registration", "view_personal_details"))
    assert client.get(url)["Location"].startswith("/accounts/reauthenticate/")
    confirm_identity(client)
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="csv-seminar-registrations.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Seminar", "Name", "Email"]
    assert [(row[1], row[2], row[6]) for row in rows[1:]] == [
        ('\'=HYPERLINK("x")', "a@example.org", "Place confirmed"),
        (rows[2][1], "b@example.org", "On the waiting list"),
    ]


def test_attendance_action_marks_confirmed_registrants_only(client):
    seminar = PastSeminarFactory()
    came = RegistrationFactory(seminar=seminar)
    waiting = RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITLISTED)
    sign_in(client, _staff_with("view_registration", "change_registration"))

    response = client.post(
        REGISTRATIONS, {"action": "mark_attended", "_selected_action": [came.pk, waiting.pk]}, follow=True
    )

    assert response.status_code == 200
    assert dict(Registration.objects.values_list("pk", "attended")) == {came.pk: True, waiting.pk: None}


def test_email_everyone_registered_carries_one_click_unsubscribe_headers(
    client, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()
    holder = RegistrationFactory(seminar=seminar, email="holder@example.org")
    RegistrationFactory(seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(seminar=seminar, email="stopped@example.org", emails_stopped=True)
    RegistrationFactory(seminar=seminar, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    sign_in(client, _staff_with("change_seminar", "view_seminar", "add_announcement"))
    url = f"/admin/seminars/seminar/{seminar.pk}/email/"
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Parking on the day", "body": "Use car park 2."})

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["holder@example.org", "waiting@example.org"]
    message = next(message for message in mail.outbox if message.to == ["holder@example.org"])
    assert message.subject == "Parking on the day"
    assert "Use car park 2." in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{tokens.signed_url(holder, tokens.STOP_EMAILS)}>"
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_email_everyone_registered_needs_permission(client):
    seminar = SeminarFactory()
    sign_in(client, _staff_with("change_seminar", "view_seminar"))

    assert client.get(f"/admin/seminars/seminar/{seminar.pk}/email/").status_code == 403


def test_announcement_twice_is_two_emails_but_each_goes_once(django_capture_on_commit_callbacks):
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar)

    with django_capture_on_commit_callbacks(execute=True):
        seminar_email_registrants(seminar=seminar, subject="One", body="First")
        seminar_email_registrants(seminar=seminar, subject="Two", body="Second")

    assert [message.subject for message in mail.outbox] == ["One", "Two"]


def test_follow_up_after_the_seminar_sends_slides_recording_and_feedback_link_once(
    django_capture_on_commit_callbacks,
):
    seminar = PastSeminarFactory()
    came = RegistrationFactory(seminar=seminar, email="came@example.org", attended=True)
    RegistrationFactory(seminar=seminar, email="absent@example.org", attended=False)
    RegistrationFactory(seminar=seminar, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        assert seminar_send_follow_up(seminar=seminar) == 1
        assert seminar_send_follow_up(seminar=seminar) == 0

    (message,) = mail.outbox
    assert message.to == ["came@example.org"]
    assert "Slides: https://example.org/slides.pdf" in message.body
    assert "Recording: https://video.example.org/recording" in message.body
    assert tokens.signed_url(came, tokens.FEEDBACK) in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_follow_up_before_the_seminar_ends_is_refused():
    seminar = SeminarFactory()
    RegistrationFactory(seminar=seminar)

    with pytest.raises(ValidationError):
        seminar_send_follow_up(seminar=seminar)

    assert OutboxMessage.objects.count() == 0


def test_follow_up_admin_action(client, django_capture_on_commit_callbacks):
    seminar = PastSeminarFactory()
    RegistrationFactory(seminar=seminar)
    sign_in(client, _staff_with("view_seminar", "change_seminar"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/seminars/seminar/",
            {"action": "send_follow_up", "_selected_action": [seminar.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert len(mail.outbox) == 1


def test_staff_read_feedback_in_the_admin(client):
    registration = RegistrationFactory(seminar=PastSeminarFactory(), name="Fay Feedback")
    feedback = Feedback.objects.create(registration=registration, rating=5, most_useful="The workshop")
    sign_in(client, _staff_with("view_feedback"))

    listing = client.get("/admin/seminars/feedback/")
    detail = client.get(f"/admin/seminars/feedback/{feedback.pk}/change/")

    assert listing.status_code == 200
    assert "Fay Feedback" in listing.content.decode()
    assert "The workshop" in detail.content.decode()


def test_changing_the_time_in_the_admin_emails_registrants(client, django_capture_on_commit_callbacks):
    seminar = SeminarFactory(capacity=3)
    RegistrationFactory(seminar=seminar, email="holder@example.org")
    sign_in(client, _staff_with("view_seminar", "change_seminar"))
    response = client.get(f"/admin/seminars/seminar/{seminar.pk}/change/")
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "starts_at_0": "01/01/2099",
            "starts_at_1": "10:00:00",
            "ends_at_0": "01/01/2099",
            "ends_at_1": "12:00:00",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
        }
    )
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "slides"):
        data.pop(name, None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/seminars/seminar/{seminar.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    seminar.refresh_from_db()
    assert seminar.sequence == 1
    assert [message.to for message in mail.outbox] == [["holder@example.org"]]
