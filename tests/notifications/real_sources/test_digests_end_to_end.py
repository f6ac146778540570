"""A weekly digest built from the real domain apps, sent once, with one-click unsubscribe."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.factories.accounts import UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory
from tests.factories.publications import PublicationFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_weekly_digest_gathers_every_app_and_goes_once(client, django_capture_on_commit_callbacks):
    member = UserFactory(email="member@example.org")
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)):
        PublicationFactory(title="Exercise for knee pain: what helps")
        SeminarFactory(
            title="Knowledge Mobilisation Seminar 2027",
            starts_at=datetime(2026, 12, 10, 14, 0, tzinfo=LONDON),
        )
        meeting = MeetingFactory(title="Planning the year", start=datetime(2026, 12, 8, 14, 0, tzinfo=LONDON))
        MembershipFactory(community=meeting.community, user=member)

    with time_machine.travel(datetime(2026, 11, 30, 7, 30, tzinfo=LONDON)):
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("send_digests", verbosity=0)

    digests = [message for message in mail.outbox if message.to == ["member@example.org"]]
    assert len(digests) == 1
    digest = digests[0]
    for title in (
        "Exercise for knee pain: what helps",
        "Knowledge Mobilisation Seminar 2027",
        "Planning the year",
    ):
        assert title in digest.body
    assert digest.alternatives[0][1] == "text/html"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    unsubscribe_url = digest.extra_headers["List-Unsubscribe"].split(",")[0].strip("<> ")
    path = "/" + unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mail.outbox.clear()
    with time_machine.travel(datetime(2026, 12, 7, 7, 30, tzinfo=LONDON) + timedelta(minutes=1)):
        PublicationFactory(title="Another new paper")
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", verbosity=0)
    assert [message for message in mail.outbox if message.to == ["member@example.org"]] == []
