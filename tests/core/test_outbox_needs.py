"""The outbox is the one place an email takes on what its recipient asked for: large print, their carer
copied in, the name they are greeted by. No caller passes any of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.models import OutboxMessage
from apps.core.services import OutboxRequest, outbox_enqueue, outbox_enqueue_many
from tests.factories.accounts import UserFactory
from tests.factories.involvement import MemberProfileFactory

pytestmark = pytest.mark.django_db


def _member(email="lee@example.org", display_name="Leonora Smith", **needs):
    user = UserFactory(email=email, display_name=display_name)
    MemberProfileFactory(user=user, **needs)
    return user


def _note(recipient, occasion="one", **extra):
    return outbox_enqueue(
        recipient=recipient,
        kind="test-needs",
        template="accounts/authenticator-removed",
        context={"user": None, "sign_in_url": "https://portal.test/accounts/login/"},
        occasion=occasion,
        **extra,
    )


def _html(message: OutboxMessage) -> str:
    return message.body_html


def test_an_email_to_a_member_is_large_print_copied_to_their_carer_and_greets_their_preferred_name(
    smtp_server, django_capture_on_commit_callbacks
):
    _member(large_print=True, carer_copied=True, carer_email="Carer@Example.org", preferred_name="Lee")

    with django_capture_on_commit_callbacks(execute=True):
        _note("LEE@example.org")

    (sent,) = smtp_server.messages
    assert sent["To"] == "lee@example.org"
    assert sent["Cc"] == "carer@example.org"
    html = sent.get_body(("html",)).get_content()
    text = sent.get_body(("plain",)).get_content()
    assert "font-size: 24px" in html
    assert text.startswith("Dear Lee,")
    assert "<p>Dear Lee,</p>" in html


def test_without_a_preferred_name_the_display_name_greets_and_without_either_hello():
    _member(email="named@example.org", display_name="Sam Jones")
    UserFactory(email="nameless@example.org", display_name="")

    named, _ = _note("named@example.org")
    nameless, _ = _note("nameless@example.org")
    visitor, _ = _note("visitor@example.org")

    assert named.body_text.startswith("Dear Sam Jones,")
    assert "font-size: 17px" in named.body_html
    assert named.cc == []
    assert nameless.body_text.startswith("Hello,")
    assert visitor.body_text.startswith("Hello,")


def test_a_secret_email_is_never_copied_to_anyone():
    _member(carer_copied=True, carer_email="carer@example.org", large_print=True)

    message, _ = _note("lee@example.org", secret=True, cc=["someone@example.org"])

    assert message.cc == []
    assert message.secret is True


def test_work_email_to_staff_is_not_copied_to_a_carer():
    staff = _member(email="coordinator@example.org", carer_copied=True, carer_email="carer@example.org")
    staff.is_staff = True
    staff.save()

    message, _ = _note("coordinator@example.org")

    assert message.cc == []


def test_a_caller_that_copies_the_carer_itself_does_not_copy_them_twice():
    _member(carer_copied=True, carer_email="carer@example.org")

    message, _ = _note("lee@example.org", cc=["CARER@example.org"])

    assert message.cc == ["carer@example.org"]


def _batch(count: int) -> list[OutboxRequest]:
    requests = []
    for n in range(count):
        user = _member(
            email=f"batch{count}-{n}@example.org",
            large_print=n % 2 == 0,
            carer_copied=True,
            carer_email=f"carer{count}-{n}@example.org",
            preferred_name=f"Pat{n}",
        )
        requests.append(
            OutboxRequest(
                recipient=user.email,
                kind="test-needs",
                template="accounts/authenticator-removed",
                context={"user": None, "sign_in_url": "https://portal.test/"},
                occasion="batch",
            )
        )
    return requests


def test_a_batch_reads_everyone_s_needs_in_a_constant_number_of_queries():
    def queries_for(count):
        requests = _batch(count)
        with CaptureQueriesContext(connection) as queries:
            assert outbox_enqueue_many(requests=requests) == count
        return len(queries)

    assert queries_for(2) == queries_for(20)
    rows = OutboxMessage.objects.filter(recipient__startswith="batch20-").order_by("pk")
    assert [row.cc for row in rows[:2]] == [["carer20-0@example.org"], ["carer20-1@example.org"]]
    assert ["font-size: 24px" in row.body_html for row in rows[:2]] == [True, False]
    assert rows[1].body_text.startswith("Dear Pat1,")
