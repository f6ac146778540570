from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.contracts import DigestItem
from apps.core.models import OutboxMessage
from apps.notifications.enums import DigestFrequency
from apps.notifications.models import NotificationPreference
from apps.notifications.services import (
    digest_period_end,
    digest_sections,
    digests_send_due,
    notification_preference_update,
)
from tests.factories.accounts import UserFactory
from tests.factories.involvement import MemberProfileFactory
from tests.factories.notifications import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 07:00 in London: the end of a weekly period (and 1 March is not a Monday).
MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def _joined(email, when, **kwargs):
    return UserFactory(email=email, date_joined=when, **kwargs)


def _send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return digests_send_due(**kwargs)


@pytest.fixture
def member():
    return _joined("ada@example.org", MONDAY - timedelta(days=60), display_name="Ada Lovelace")


@pytest.fixture
def newcomer():
    return _joined("grace@example.org", MONDAY - timedelta(days=2), display_name="Grace Hopper")


def test_member_without_a_preference_gets_a_weekly_digest(
    member, newcomer, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert [message.to[0] for message in mail.outbox] == ["ada@example.org"]  # Grace has nothing new
    assert mail.outbox[0].subject == "Your weekly round-up from the IAU Portal, 2 March 2026"
    assert "Grace Hopper joined" in mail.outbox[0].body
    assert NotificationPreference.objects.get(user=member).last_digest_up_to == MONDAY


def test_digest_run_twice_sends_once(member, newcomer, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        _send(django_capture_on_commit_callbacks)
        run = _send(django_capture_on_commit_callbacks)

    assert run.queued == 0
    assert len(mail.outbox) == 1


def test_send_digests_command_run_twice_sends_each_email_once(
    member, newcomer, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(MONDAY + timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("send_digests", stdout=StringIO())
        call_command("send_digests", stdout=StringIO())

    assert len(mail.outbox) == 1


def test_no_empty_digests(member, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        run = _send(django_capture_on_commit_callbacks)

    assert run.queued == 0
    assert mail.outbox == []
    # Looked at all the same: next week's digest starts where this one would have ended.
    assert NotificationPreference.objects.get(user=member).last_digest_up_to == MONDAY


def test_digest_is_not_due_before_the_period_ends(member, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(user=member, last_digest_up_to=MONDAY)
    _joined("new@example.org", MONDAY + timedelta(days=1))
    with time_machine.travel(MONDAY + timedelta(days=6, hours=23), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert NotificationPreference.objects.get(user=member).last_digest_up_to == MONDAY


def test_off_means_no_digest(member, newcomer, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(user=member, digest_frequency=DigestFrequency.OFF)
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_monthly_digest_goes_on_the_first_and_covers_the_month(member, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(
        user=member,
        digest_frequency=DigestFrequency.MONTHLY,
        last_digest_up_to=datetime(2026, 2, 1, 7, tzinfo=UTC),
    )
    _joined("feb@example.org", datetime(2026, 2, 10, tzinfo=UTC), display_name="February Person")
    with time_machine.travel(datetime(2026, 2, 28, 12, tzinfo=UTC), tick=False):  # not yet the first
        _send(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == []

    with time_machine.travel(datetime(2026, 3, 1, 7, 5, tzinfo=UTC), tick=False):
        _send(django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == "Your monthly round-up from the IAU Portal, 1 March 2026"
    assert "February Person joined" in mail.outbox[0].body


def test_late_run_covers_the_whole_gap_in_one_digest(member, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(user=member, last_digest_up_to=MONDAY - timedelta(days=14))
    _joined("two-weeks@example.org", MONDAY - timedelta(days=10), display_name="Early Person")
    _joined("last-week@example.org", MONDAY - timedelta(days=3), display_name="Late Person")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):  # the run on Monday never happened
        _send(django_capture_on_commit_callbacks)

    digests = [message for message in mail.outbox if message.to == ["ada@example.org"]]
    assert len(digests) == 1
    assert "Early Person joined" in digests[0].body
    assert "Late Person joined" in digests[0].body


def test_consecutive_digests_neither_repeat_nor_skip(member, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(user=member, last_digest_up_to=MONDAY - timedelta(days=7))
    _joined("first@example.org", MONDAY - timedelta(minutes=1), display_name="Just Before")
    _joined("second@example.org", MONDAY, display_name="Exactly On")
    with time_machine.travel(MONDAY + timedelta(minutes=5), tick=False):
        _send(django_capture_on_commit_callbacks)
    with time_machine.travel(MONDAY + timedelta(days=7, minutes=5), tick=False):
        _send(django_capture_on_commit_callbacks)

    ada = [message.body for message in mail.outbox if message.to == ["ada@example.org"]]
    assert len(ada) == 2
    assert ("Just Before joined" in ada[0], "Exactly On joined" in ada[0]) == (True, False)
    assert ("Just Before joined" in ada[1], "Exactly On joined" in ada[1]) == (False, True)


def test_run_that_fails_midway_resumes_without_repeating(
    notification_sources, django_capture_on_commit_callbacks
):
    members = [_joined(f"member{n}@example.org", MONDAY - timedelta(days=60)) for n in range(3)]
    _joined("new@example.org", MONDAY - timedelta(days=1), display_name="New Person")
    notification_sources.FAIL_FOR_USER_IDS.add(members[2].pk)
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False), pytest.raises(RuntimeError):
        _send(django_capture_on_commit_callbacks, batch_size=2)
    assert sorted(message.to[0] for message in mail.outbox) == ["member0@example.org", "member1@example.org"]

    notification_sources.FAIL_FOR_USER_IDS.clear()
    with time_machine.travel(MONDAY + timedelta(hours=1, minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks, batch_size=2)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "member0@example.org",
        "member1@example.org",
        "member2@example.org",
    ]


def test_digest_queries_per_batch_do_not_grow_with_the_batch(django_capture_on_commit_callbacks):
    def queries_for(count):
        OutboxMessage.objects.all().delete()
        NotificationPreference.objects.all().delete()
        for n in range(count):
            _joined(f"batch{count}-{n}@example.org", MONDAY - timedelta(days=2))
        with (
            time_machine.travel(MONDAY + timedelta(minutes=15), tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            run = digests_send_due(batch_size=1000)
        assert run.batches == 1
        return len(queries)

    assert queries_for(3) == queries_for(30)


def test_digest_is_grouped_by_section_newest_first():
    since, until = MONDAY - timedelta(days=7), MONDAY
    items = [
        DigestItem(
            section="New publications",
            title="Older paper",
            url="/p/1/",
            published_at=since + timedelta(days=1),
        ),
        DigestItem(
            section="Seminars coming up",
            title="Seminar",
            url="/s/1/",
            when=until + timedelta(days=60),
            published_at=since + timedelta(days=2),
        ),
        DigestItem(
            section="Seminars coming up",
            title="Seminar announced last period",
            url="/s/0/",
            when=until + timedelta(days=3),
            published_at=since - timedelta(days=2),
        ),
        DigestItem(
            section="New publications",
            title="Newer paper",
            url="/p/2/",
            published_at=since + timedelta(days=5),
        ),
        DigestItem(
            section="New publications",
            title="Newer paper",
            url="/p/2/",
            published_at=since + timedelta(days=5),
        ),
        DigestItem(
            section="New publications",
            title="Last period",
            url="/p/0/",
            published_at=since - timedelta(days=1),
        ),
    ]

    sections = digest_sections(items, since=since, until=until)

    assert [(section.title, [item.title for item in section.items]) for section in sections] == [
        ("New publications", ["Newer paper", "Older paper"]),
        ("Seminars coming up", ["Seminar"]),
    ]


def test_digest_has_text_and_html_and_one_click_unsubscribe_headers(
    member, newcomer, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks)

    sent = mail.outbox[0]
    assert "NEW MEMBERS" in sent.body
    assert "<h2" in sent.alternatives[0][0]
    assert sent.alternatives[0][1] == "text/html"
    unsubscribe = sent.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://portal.test/notifications/unsubscribe/")
    assert ">, <mailto:unsubscribe@iau.example?subject=unsubscribe%20" in unsubscribe
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_digest_in_large_print_when_asked_for(
    member, newcomer, notification_sources, django_capture_on_commit_callbacks
):
    MemberProfileFactory(user=member, large_print=True)
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert "font-size: 24px" in mail.outbox[0].alternatives[0][0]


def test_turning_digests_back_on_starts_from_now(member, django_capture_on_commit_callbacks):
    NotificationPreferenceFactory(user=member, digest_frequency=DigestFrequency.OFF, last_digest_up_to=None)
    _joined("while-off@example.org", MONDAY - timedelta(days=3), display_name="While Off")
    with time_machine.travel(MONDAY - timedelta(days=1), tick=False):
        notification_preference_update(user=member, digest_frequency=DigestFrequency.WEEKLY)
    _joined("after@example.org", MONDAY - timedelta(hours=12), display_name="Back On")
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks)

    ada = [message.body for message in mail.outbox if message.to == ["ada@example.org"]]
    assert len(ada) == 1
    assert ("Back On joined" in ada[0], "While Off joined" in ada[0]) == (True, False)


def test_inactive_users_get_no_digest(newcomer, django_capture_on_commit_callbacks):
    _joined("gone@example.org", MONDAY - timedelta(days=30), is_active=False)
    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks)

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("now", "frequency", "expected"),
    [
        (
            datetime(2026, 3, 2, 6, 59, tzinfo=UTC),
            DigestFrequency.WEEKLY,
            datetime(2026, 2, 23, 7, tzinfo=UTC),
        ),
        (datetime(2026, 3, 2, 7, 0, tzinfo=UTC), DigestFrequency.WEEKLY, datetime(2026, 3, 2, 7, tzinfo=UTC)),
        # In summer 07:00 in London is 06:00 UTC.
        (datetime(2026, 6, 10, 12, tzinfo=UTC), DigestFrequency.WEEKLY, datetime(2026, 6, 8, 6, tzinfo=UTC)),
        # Across the clocks going back: Monday 26 October 07:00 GMT.
        (
            datetime(2026, 10, 27, 12, tzinfo=UTC),
            DigestFrequency.WEEKLY,
            datetime(2026, 10, 26, 7, tzinfo=UTC),
        ),
        (
            datetime(2026, 3, 1, 6, 0, tzinfo=UTC),
            DigestFrequency.MONTHLY,
            datetime(2026, 2, 1, 7, tzinfo=UTC),
        ),
        (datetime(2026, 4, 15, tzinfo=UTC), DigestFrequency.MONTHLY, datetime(2026, 4, 1, 6, tzinfo=UTC)),
    ],
)
def test_digest_period_ends_at_seven_in_the_morning_london_time(now, frequency, expected):
    assert digest_period_end(frequency, now) == expected


def test_digest_dates_are_in_words_on_the_london_clock(member, settings, django_capture_on_commit_callbacks):
    from tests.factories.communities import MeetingFactory, MembershipFactory

    settings.NOTIFICATION_SOURCE_MODULES = ["apps.communities.digest"]
    membership = MembershipFactory(user=member)
    with time_machine.travel(MONDAY - timedelta(days=3), tick=False):
        # 17:30 UTC on 30 March 2026 is 18:30 in London: the clocks went forward the day before.
        start = datetime(2026, 3, 30, 17, 30, tzinfo=UTC)
        MeetingFactory(community=membership.community, title="Spring meeting", start=start)
        MeetingFactory(community=membership.community, title="Same time, other room", start=start)

    with time_machine.travel(MONDAY + timedelta(minutes=15), tick=False):
        _send(django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "since Monday 23 February 2026." in message.body
    assert "since Monday 23 February 2026." in html
    assert message.body.count("(Monday 30 March 2026, 18:30)") == 2
    assert html.count("<br>Monday 30 March 2026, 18:30") == 2
