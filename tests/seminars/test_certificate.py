"""Certificates of attendance: for registrants recorded as attending, on a member's /me/ seminars panel and
through the follow-up email's signed link; CPD hours are the seminar's length to the nearest half hour."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from apps.seminars import tokens
from apps.seminars.enums import RegistrationStatus
from apps.seminars.selectors import seminar_cpd_hours
from apps.seminars.services import seminar_send_follow_up
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.seminars import PastSeminarFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar():
    seminar = PastSeminarFactory(title="Falls prevention in care homes")
    seminar.ends_at = seminar.starts_at + timedelta(minutes=100)  # 1 hour 40 minutes: 1.5 CPD hours
    seminar.save()
    return seminar


@pytest.fixture
def attendee():
    return UserFactory(email="ann@example.org", display_name="Ann Example")


def test_cpd_hours_are_the_length_to_the_nearest_half_hour(seminar):
    assert seminar_cpd_hours(seminar) == Decimal("1.5")
    seminar.ends_at = seminar.starts_at + timedelta(minutes=105)
    assert seminar_cpd_hours(seminar) == Decimal("2")
    seminar.ends_at = seminar.starts_at + timedelta(minutes=10)
    assert seminar_cpd_hours(seminar) == Decimal("0.5")


def test_member_who_attended_gets_a_certificate_from_their_area(client, seminar, attendee):
    registration = RegistrationFactory(
        seminar=seminar, email=attendee.email, name="Ann Example", attended=True
    )
    sign_in(client, attendee)
    me = client.get(reverse("accounts:me")).content.decode()
    url = reverse("seminars:certificate", args=[registration.pk])
    assert f'href="{url}"' in me
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Falls prevention in care homes" in html
    assert '<dd class="certificate__hours">1.5</dd>' in html
    assert "Ann Example" in html
    assert "Signed on behalf of the Impact Accelerator Unit" in html


@pytest.mark.parametrize(
    "attended, status",
    [
        (False, RegistrationStatus.CONFIRMED),
        (None, RegistrationStatus.CONFIRMED),
        (True, RegistrationStatus.CANCELLED),
    ],
)
def test_no_certificate_unless_recorded_as_attending(client, seminar, attendee, attended, status):
    registration = RegistrationFactory(
        seminar=seminar, email=attendee.email, attended=attended, status=status
    )
    sign_in(client, attendee)
    response = client.get(reverse("seminars:certificate", args=[registration.pk]))
    assert response.status_code == 403
    assert "only to people we recorded as attending" in response.content.decode()
    assert (
        'href="{}"'.format(reverse("seminars:certificate", args=[registration.pk]))
        not in client.get(reverse("accounts:me")).content.decode()
    )


def test_no_certificate_for_someone_elses_registration(client, seminar, attendee):
    other = RegistrationFactory(seminar=seminar, email="bo@example.org", name="Bo Other", attended=True)
    sign_in(client, attendee)
    response = client.get(reverse("seminars:certificate", args=[other.pk]))
    assert response.status_code == 404
    assert "Bo Other" not in response.content.decode()


def test_visitor_is_sent_to_sign_in(client, seminar):
    registration = RegistrationFactory(seminar=seminar, attended=True)
    response = client.get(reverse("seminars:certificate", args=[registration.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_follow_up_email_links_to_the_certificate_without_an_account(
    client, seminar, django_capture_on_commit_callbacks
):
    came = RegistrationFactory(seminar=seminar, email="came@example.org", name="Cam Visitor", attended=True)
    with django_capture_on_commit_callbacks(execute=True):
        seminar_send_follow_up(seminar=seminar)
    (message,) = mail.outbox
    path = re.search(r"https?://[^/\s]+(/seminars/certificate/link/\S+/)", message.body)[1]
    response = client.get(path)
    assert response.status_code == 200
    assert "Cam Visitor" in response.content.decode()
    assert tokens.read_token(path.split("/")[-2], tokens.CERTIFICATE) == came.pk


def test_certificate_link_is_refused_until_attendance_is_recorded(client, seminar):
    registration = RegistrationFactory(seminar=seminar, attended=None)
    path = reverse("seminars:certificate_link", args=[tokens.make_token(registration, tokens.CERTIFICATE)])
    assert client.get(path).status_code == 403
    registration.attended = True
    registration.save()
    assert client.get(path).status_code == 200


def test_a_feedback_link_is_not_a_certificate_link(client, seminar):
    registration = RegistrationFactory(seminar=seminar, attended=True)
    token = tokens.make_token(registration, tokens.FEEDBACK)
    response = client.get(reverse("seminars:certificate_link", args=[token]))
    assert response.status_code == 404
