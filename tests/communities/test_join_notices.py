"""Facilitators hear of a request to join at most once a day, however often a member leaves and asks again."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from tests.auth import sign_in

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _leave_and_ask_again(client, community, user, times):
    sign_in(client, user)  # a fresh session on the travelled-to day
    for _ in range(times):
        client.post(reverse("communities:join", args=[community.slug]), {"role": "clinician"})
        client.post(reverse("communities:leave", args=[community.slug]))


def test_leaving_and_asking_again_emails_each_facilitator_once_a_day(
    client, community, facilitator, outsider, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime(2030, 5, 6, 9, 0, tzinfo=LONDON)):
        with django_capture_on_commit_callbacks(execute=True):
            _leave_and_ask_again(client, community, outsider, times=4)
        assert [message.to for message in mail.outbox] == [[facilitator.email]]

    next_day = datetime(2030, 5, 6, 9, 0, tzinfo=LONDON) + timedelta(days=1)
    with time_machine.travel(next_day), django_capture_on_commit_callbacks(execute=True):
        _leave_and_ask_again(client, community, outsider, times=3)
    assert [message.to for message in mail.outbox] == [[facilitator.email], [facilitator.email]]
