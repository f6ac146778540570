"""Easy-read letters: a member who asked for easy read gets the easy-read version of every letter that
has one, delivered over real SMTP, and each meets the rules we count here (not trust): sentences of 15
words or fewer, text of at least 14 point (19px), a picture with alt text on the LEFT of every point, the
pictures as real PNGs inside the email, and a plain-text part for screen readers.

The letters are made by the same triggers as tests/core/test_every_email_honours_needs.py (the real
services), so a new member letter is listed here too: with its easy-read version, or a reason.
"""

import re
from datetime import timedelta
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest
import time_machine
from django.utils import timezone

from apps.core.easy_read import ICONS, MOST_WORDS_IN_A_SENTENCE
from apps.core.emails import easy_read_version
from apps.core.models import OutboxMessage
from apps.core.tasks import outbox_dispatch_due
from tests.core.test_every_email_honours_needs import TO_A_MEMBER, _kind
from tests.factories.accounts import UserFactory
from tests.factories.involvement import MemberProfileFactory

pytestmark = pytest.mark.django_db

# The letters members asked for first: each MUST have an easy-read version.
EASY_READ_REQUIRED = {
    "seminars/confirmation": "an invitation: a place at a seminar, with its calendar invitation",
    "notifications/reminder": "a reminder",
    "communities/meeting-changed": "a meeting change",
    "communities/meeting-cancelled": "a meeting change: cancelled",
    "involvement/opportunity-outcome": "an opportunity: whether they have a place",
    "involvement/expense-received": "we have your claim",
    "involvement/expense-decision": "your claim is decided",
    "involvement/remittance": "we have paid you",
    "impact/entry-published": "you said, we did",
    "seminars/changed": "a talk they have a place at (or are waiting for) has changed",
    "seminars/cancelled": "a talk they have a place at is cancelled",
    "seminars/promoted": "a place has come free, and it is theirs",
    "seminars/waitlisted": "the talk is full: they are on the waiting list",
    "seminars/registration-cancelled": "their place at a talk is cancelled",
    "involvement/time-returned": "the time they recorded comes back to be checked (the reason is quoted)",
    "involvement/application-approved": "welcome to a group: how to sign in",
    "communities/paper-added": "a new paper for a meeting (the paper itself is not easy read)",
    "communities/membership-removed": "they are no longer in a community (the facilitator's note is quoted)",
    "notifications/digest": "what is new: each item a row (opportunities with their easy-read text)",
}
# Member letters still sent in the standard version to everyone, and why.
NO_EASY_READ_VERSION = {
    "account/prerendered": "allauth's own sign-in code and password emails, written by allauth",
    "accounts/authenticator-removed": "a security notice about two-step sign-in, for staff and a few members",
    "brokering/acknowledgement": "the question's own words are quoted back; plain English already",
    "brokering/answer": "the broker's answer is their own writing (Markdown), not a template",
    "brokering/declined": "the broker's reason is their own writing",
    "communities/join-request": "to a community's facilitator, about their work",
    "evidence/follow-up": "asks whoever asked the brokers what our answer changed; quotes their question",
    "evidence/follow-up-seminar": "asks seminar attendees what they changed; quotes their own words",
    "communities/visitor-request-notify": "to a community's facilitator, about their work",
    "communities/membership-approved": "communities of practice are for clinicians and researchers",
    "communities/membership-declined": "communities of practice are for clinicians and researchers",
    "messaging/message": "a group message is the writer's own words",
    "seminars/already-registered": "not written in easy read yet",
    "seminars/announcement": "the organiser's own words",
    "seminars/follow-up": "not written in easy read yet",
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_member_letter_has_an_easy_read_version_or_a_reason():
    # A new letter to members fails here until it is written in easy read or given its reason.
    unlisted = sorted(set(TO_A_MEMBER) - set(EASY_READ_REQUIRED) - set(NO_EASY_READ_VERSION))
    assert unlisted == []
    assert set(EASY_READ_REQUIRED) <= set(TO_A_MEMBER)
    assert set(EASY_READ_REQUIRED) & set(NO_EASY_READ_VERSION) == set()
    missing = [template for template in EASY_READ_REQUIRED if easy_read_version(template) is None]
    assert missing == []
    # A reason that no longer holds goes: a letter with an easy-read version is listed as having one.
    stale = [template for template in NO_EASY_READ_VERSION if easy_read_version(template) is not None]
    assert stale == []


@pytest.fixture
def easy_reader():
    user = UserFactory(email="sam@example.org", display_name="Samira Khan")
    MemberProfileFactory(user=user, easy_read=True, preferred_name="Sam")
    return user


@pytest.fixture
def standard_reader():
    user = UserFactory(email="sam@example.org", display_name="Samira Khan")
    MemberProfileFactory(user=user, easy_read=False, preferred_name="Sam")
    return user


def _deliver(template, member, client, smtp_server, capture) -> EmailMessage:
    with capture(execute=True):
        TO_A_MEMBER[template](member, client)
    with time_machine.travel(timezone.now() + timedelta(days=60), tick=False):
        outbox_dispatch_due()
    rows = OutboxMessage.objects.filter(recipient=member.email, kind=_kind(template))
    ids = set(rows.values_list("pk", flat=True))
    sent = [message for message in smtp_server.messages if int(message["X-IAU-Message-Id"]) in ids]
    assert len(sent) == 1, template
    return sent[0]


class _EmailHtml(HTMLParser):
    """The words a reader of the HTML part sees, block by block; and every table row's cells."""

    BLOCKS = {"p", "td", "th", "tr", "li", "h1", "h2", "h3", "div", "table", "br"}

    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.rows: list[list[dict]] = []
        self.skipping = 0

    def _end_block(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("head", "title", "style"):
            self.skipping += 1
        if tag in self.BLOCKS:
            self._end_block()
        if tag == "tr":
            self.rows.append([])
        if tag == "td" and self.rows:
            self.rows[-1].append({"images": [], "text": ""})
        if tag == "img" and self.rows and self.rows[-1]:
            self.rows[-1][-1]["images"].append(attrs)

    def handle_endtag(self, tag):
        if tag in ("head", "title", "style"):
            self.skipping -= 1
        if tag in self.BLOCKS:
            self._end_block()

    def handle_data(self, data):
        if self.skipping:
            return
        self.current.append(data)
        if self.rows and self.rows[-1]:
            self.rows[-1][-1]["text"] += data


def _sentences(blocks: list[str]) -> list[str]:
    found = []
    for block in blocks:
        found += [part for part in re.split(r"(?<=[.!?])\s+", block) if part.strip()]
    return found


def _words(sentence: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9£'’-]+", sentence)


def _check_easy_read(email: EmailMessage, template: str):
    html_part = email.get_body(("html",))
    html = html_part.get_content()
    text = email.get_body(("plain",)).get_content()

    # The plain-text part stays, for screen readers and mail programs that show text only.
    assert len(_words(text)) > 10, template
    assert "cid:" not in text

    page = _EmailHtml()
    page.feed(html)
    page.close()
    sentences = _sentences(page.blocks)
    assert len(sentences) >= 4, template
    long_sentences = [s for s in sentences if len(_words(s)) > MOST_WORDS_IN_A_SENTENCE]
    assert long_sentences == [], template

    # Large text: every size the HTML sets is at least 19px (14 point), the body's too.
    sizes = [int(size) for size in re.findall(r"font-size:\s*(\d+)px", html)]
    assert sizes, template
    assert min(sizes) >= 19, template
    body_size = re.search(r"<body[^>]*font-size:\s*(\d+)px", html)
    assert body_size and int(body_size.group(1)) >= 19

    # Every point is a row: the picture with its alt text in the LEFT cell, the words in the right one.
    points = [row for row in page.rows if len(row) == 2]
    assert len(points) >= 3, template
    for left, right in points:
        assert len(left["images"]) == 1, (template, left, right)
        picture = left["images"][0]
        assert picture["alt"] in ICONS.values()
        assert picture["src"].startswith("cid:icon-")
        assert left["text"].strip() == ""
        assert _words(right["text"]), template

    # The pictures travel with the HTML as real PNGs, one for every picture it shows.
    shown = {row[0]["images"][0]["src"].removeprefix("cid:") for row in points}
    related = [part for part in email.walk() if part.get_content_type() == "multipart/related"]
    assert len(related) == 1, template
    attached = {}
    for part in related[0].iter_parts():
        if part.get_content_maintype() == "image":
            assert part.get_content_type() == "image/png"
            content = part.get_content()
            assert content.startswith(PNG_SIGNATURE)
            attached[part["Content-ID"].strip("<>")] = content
    assert set(attached) == shown, template


@pytest.mark.parametrize("template", sorted(EASY_READ_REQUIRED))
def test_an_easy_read_member_gets_the_easy_read_letter(
    template, easy_reader, client, smtp_server, django_capture_on_commit_callbacks
):
    email = _deliver(template, easy_reader, client, smtp_server, django_capture_on_commit_callbacks)

    _check_easy_read(email, template)
    assert email.get_body(("html",)).get_content().count("Dear Sam,") == 1


@pytest.mark.parametrize("template", sorted(EASY_READ_REQUIRED))
def test_a_member_without_the_need_gets_the_standard_letter(
    template, standard_reader, client, smtp_server, django_capture_on_commit_callbacks
):
    email = _deliver(template, standard_reader, client, smtp_server, django_capture_on_commit_callbacks)

    html = email.get_body(("html",)).get_content()
    assert "cid:" not in html
    assert [part for part in email.walk() if part.get_content_maintype() == "image"] == []
    assert [part for part in email.walk() if part.get_content_type() == "multipart/related"] == []


def test_the_easy_read_opportunity_letter_carries_the_opportunitys_easy_read_text(
    easy_reader, smtp_server, django_capture_on_commit_callbacks
):
    from apps.involvement.services import opportunity_announce_outcome
    from tests.factories.involvement import InterestFactory, OpportunityFactory

    opportunity = OpportunityFactory(
        summary="A long standard description that nobody in the easy-read letter should see at all.",
        easy_read_summary="We want to make a leaflet better.\n\nYou read it and tell us what is hard.",
    )
    InterestFactory(opportunity=opportunity, user=easy_reader)
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[easy_reader.pk])
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        outbox_dispatch_due()

    (email,) = smtp_server.messages
    _check_easy_read(email, "involvement/opportunity-outcome")
    html = email.get_body(("html",)).get_content()
    text = email.get_body(("plain",)).get_content()
    assert "<p>We want to make a leaflet better.</p>" in html
    assert "You read it and tell us what is hard." in text
    assert "long standard description" not in html + text
