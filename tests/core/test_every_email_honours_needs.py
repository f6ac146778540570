"""Every kind of email the portal has, sent to a member who asked for large print, their carer copied in
and a preferred name: each one honours all three (a sign-in code is never copied to anyone).

The kinds are the templates under templates/emails/ (and allauth's account emails, which all leave through
`account/prerendered`). A new email template fails this test until it is added below: either with how a
member receives it, or to NOT_TO_A_MEMBER with the reason it never reaches one.
"""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from apps.core.models import OutboxMessage
from apps.core.tasks import outbox_dispatch_due
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import MemberProfileFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR) / "templates" / "emails"
CARER = "carer.of.lee@example.org"
LARGE = "font-size: 24px"

# Emails that by their nature never go to a member: the reason for each.
NOT_TO_A_MEMBER = {
    "communities/visitor-request-received": "to a visitor without an account who asked to join",
    "communities/visitor-request-repeated": "to a visitor without an account who asked again",
    "communities/visitor-request-approved": "to a visitor without an account (it invites them to make one)",
    "communities/visitor-request-declined": "to a visitor without an account",
    "involvement/application-received": "to someone applying to join a group, before they have an account",
    "involvement/application-again": "to someone applying again, before they have an account",
    "involvement/application-declined": "to an applicant, who has no account",
    "involvement/application-notify": "to the involvement coordinators (staff)",
    "involvement/expense-notify": "to the involvement coordinators (staff)",
    "brokering/routed-to-coordinator": "to an involvement coordinator (staff)",
    "involvement/time-notify": "to the involvement coordinators (staff)",
    "staff/waiting-for-you": "to a member of staff, about their work",
}


def email_kinds() -> list[str]:
    """Every email template under templates/emails/: `<app>/<name>` of each `-subject.txt`."""
    return sorted(
        str(path.relative_to(ROOT)).removesuffix("-subject.txt") for path in ROOT.rglob("*-subject.txt")
    )


@pytest.fixture
def member():
    user = UserFactory(email="lee@example.org", display_name="Leonora Smith")
    MemberProfileFactory(
        user=user, large_print=True, carer_copied=True, carer_email=CARER, preferred_name="Lee"
    )
    return user


# How a member receives each kind: a function of (member, client) that makes the portal send it.


def _seminar_registration(member, **seminar_fields):
    from apps.seminars.enums import RegistrantRole
    from apps.seminars.services import registration_create
    from tests.factories.seminars import SeminarFactory

    seminar = SeminarFactory(**seminar_fields)
    registration, _ = registration_create(
        seminar=seminar, name="Leonora Smith", email=member.email, role=RegistrantRole.CLINICIAN, consent=True
    )
    return seminar, registration


def seminar_confirmation(member, client):
    _seminar_registration(member)


def seminar_already_registered(member, client):
    from apps.seminars.enums import RegistrantRole
    from apps.seminars.services import registration_create

    seminar, _ = _seminar_registration(member)
    registration_create(
        seminar=seminar, name="Someone", email=member.email, role=RegistrantRole.CLINICIAN, consent=True
    )


def seminar_waitlisted(member, client):
    from tests.factories.seminars import RegistrationFactory, SeminarFactory

    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)
    _register(member, seminar)


def _register(member, seminar):
    from apps.seminars.enums import RegistrantRole
    from apps.seminars.services import registration_create

    return registration_create(
        seminar=seminar, name="Leonora Smith", email=member.email, role=RegistrantRole.CLINICIAN, consent=True
    )[0]


def seminar_promoted(member, client):
    from apps.seminars.services import registration_cancel
    from tests.factories.seminars import RegistrationFactory, SeminarFactory

    seminar = SeminarFactory(capacity=1)
    first = RegistrationFactory(seminar=seminar)
    _register(member, seminar)
    registration_cancel(registration=first)


def seminar_registration_cancelled(member, client):
    from apps.seminars.services import registration_cancel

    _, registration = _seminar_registration(member)
    registration_cancel(registration=registration)


def seminar_changed(member, client):
    from apps.seminars.services import seminar_reschedule

    seminar, _ = _seminar_registration(member)
    seminar_reschedule(
        seminar=seminar,
        starts_at=seminar.starts_at + timedelta(days=1),
        ends_at=seminar.ends_at + timedelta(days=1),
    )


def seminar_cancelled(member, client):
    from apps.seminars.services import seminar_cancel

    seminar, _ = _seminar_registration(member)
    seminar_cancel(seminar=seminar)


def seminar_announcement(member, client):
    from apps.seminars.services import seminar_email_registrants

    seminar, _ = _seminar_registration(member)
    seminar_email_registrants(seminar=seminar, subject="Parking", body="The car park is open.")


def seminar_follow_up(member, client):
    from apps.seminars.services import seminar_send_follow_up

    seminar, _ = _seminar_registration(member)
    with time_machine.travel(seminar.ends_at + timedelta(hours=1), tick=False):
        seminar_send_follow_up(seminar=seminar)


def _community_member(member, role=None):
    from apps.communities.enums import MemberRole
    from tests.factories.communities import CommunityFactory, MembershipFactory

    community = CommunityFactory()
    MembershipFactory(community=community, user=member, role=role or MemberRole.CLINICIAN)
    return community


def communities_join_request(member, client):
    from apps.communities.enums import MemberRole
    from apps.communities.services import membership_request

    community = _community_member(member, MemberRole.FACILITATOR)
    membership_request(community=community, user=UserFactory(), role=MemberRole.CLINICIAN)


def communities_visitor_request_notify(member, client):
    from apps.communities.enums import MemberRole
    from apps.communities.services import join_request_submit

    community = _community_member(member, MemberRole.FACILITATOR)
    join_request_submit(
        community=community,
        name="Vi Sitor",
        email="visitor@example.org",
        role=MemberRole.OTHER,
        reason="Keen to learn",
    )


def _asked_to_join(member):
    from apps.communities.enums import MemberRole
    from apps.communities.services import membership_request
    from tests.factories.communities import CommunityFactory

    membership, _ = membership_request(community=CommunityFactory(), user=member, role=MemberRole.CLINICIAN)
    return membership


def communities_membership_approved(member, client):
    from apps.communities.services import membership_approve

    membership_approve(membership=_asked_to_join(member), actor=StaffFactory(is_superuser=True))


def communities_membership_declined(member, client):
    from apps.communities.services import membership_decline

    membership_decline(membership=_asked_to_join(member), actor=StaffFactory(is_superuser=True))


def _meeting_of(member):
    from tests.factories.communities import MeetingFactory

    community = _community_member(member)
    return MeetingFactory(community=community)


def communities_meeting_changed(member, client):
    from apps.communities.meeting_services import meeting_update

    meeting = _meeting_of(member)
    meeting_update(
        meeting=meeting,
        actor=StaffFactory(is_superuser=True),
        start=meeting.start + timedelta(hours=1),
        end=meeting.end + timedelta(hours=1),
    )


def communities_meeting_cancelled(member, client):
    from apps.communities.meeting_services import meeting_cancel

    meeting_cancel(meeting=_meeting_of(member), actor=StaffFactory(is_superuser=True))


def involvement_opportunity_outcome(member, client):
    from apps.involvement.services import opportunity_announce_outcome
    from tests.factories.involvement import InterestFactory, OpportunityFactory

    opportunity = OpportunityFactory()
    InterestFactory(opportunity=opportunity, user=member)
    opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[member.pk])


def _expense(member):
    from apps.involvement.services import expense_submit

    return expense_submit(
        user=member, kind="travel", description="Bus fare", incurred_on=date.today(), amount=Decimal("4.50")
    )


def involvement_expense_received(member, client):
    _expense(member)


def involvement_expense_decision(member, client):
    from apps.involvement.services import expense_decide

    expense_decide(expense=_expense(member), approve=True, by=StaffFactory(is_superuser=True))


def _asked(member):
    from apps.brokering.services import request_submit

    return request_submit(
        question="Does walking help knee pain?",
        purpose="For my own care",
        name="Leonora Smith",
        email=member.email,
        requester_role="clinician",
        consent_to_contact=True,
    )


def brokering_acknowledgement(member, client):
    _asked(member)


def brokering_declined(member, client):
    from apps.brokering.services import request_decline

    request_decline(evidence_request=_asked(member), reason="We only look at health research questions.")


def brokering_answer(member, client):
    from apps.brokering.services import request_accept, request_answer, request_start

    broker = StaffFactory(is_superuser=True)
    request = request_accept(evidence_request=_asked(member), assignee=broker)
    request = request_start(evidence_request=request)
    request_answer(
        evidence_request=request, answer="Yes: regular walking eases knee pain for many people.", by=broker
    )


def evidence_follow_up(member, client):
    from apps.evidence.services import follow_ups_send_due

    brokering_answer(member, client)
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1), tick=False):
        follow_ups_send_due(now=timezone.now())


def evidence_follow_up_seminar(member, client):
    from apps.evidence.services import follow_ups_send_due
    from apps.seminars.services import feedback_submit
    from tests.factories.seminars import RegistrationFactory, SeminarFactory

    starts_at = timezone.now() - timedelta(days=90, hours=1)
    seminar = SeminarFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    registration = RegistrationFactory(seminar=seminar, name="Leonora Smith", email=member.email)
    feedback_submit(
        registration=registration,
        rating=5,
        will_do_differently="Ask about exercise first.",
        may_ask_later=True,
    )
    follow_ups_send_due(now=timezone.now())


def impact_entry_published(member, client):
    from apps.impact.enums import HearAbout
    from apps.impact.services import impact_entry_publish, preference_set
    from tests.factories.impact import ContributionFactory, ImpactEntryFactory

    preference_set(user=member, hear_about=HearAbout.AT_ONCE)
    entry = ImpactEntryFactory()
    ContributionFactory(entry=entry, user=member)
    impact_entry_publish(entry=entry)


def accounts_authenticator_removed(member, client):
    from allauth.mfa.models import Authenticator

    from apps.accounts.services import authenticator_remove

    authenticator = Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={})
    authenticator_remove(authenticator=authenticator, by=StaffFactory(is_superuser=True))


def notifications_reminder(member, client):
    from apps.notifications.services import reminders_send_due

    meeting = _meeting_of(member)
    with time_machine.travel(meeting.start - timedelta(days=1), tick=False):
        reminders_send_due()


def notifications_digest(member, client):
    from apps.notifications.services import digest_period_end, digests_send_due

    monday = digest_period_end("weekly", timezone.now() + timedelta(days=7))
    with time_machine.travel(monday - timedelta(days=2), tick=False):
        _meeting_of(member)
    with time_machine.travel(monday + timedelta(minutes=5), tick=False):
        digests_send_due()


def account_prerendered(member, client):
    """allauth's account emails: here the sign-in code, a secret (so nobody is copied in)."""
    answer = client.post("/accounts/login/code/", {"email": member.email})
    assert answer.status_code == 302


def communities_membership_removed(member, client):
    from apps.communities.models import Membership
    from apps.communities.services import membership_remove

    community = _community_member(member)
    membership = Membership.objects.get(community=community, user=member)
    membership_remove(membership=membership, actor=StaffFactory(is_superuser=True), note="Thank you.")


def communities_paper_added(member, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.communities.meeting_services import meeting_paper_add

    paper = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    actor = StaffFactory(is_superuser=True)
    meeting_paper_add(meeting=_meeting_of(member), actor=actor, title="Agenda", file=paper)


def involvement_time_returned(member, client):
    from apps.involvement.services import time_record_return, time_record_submit
    from tests.factories.involvement import GroupFactory
    from tests.factories.involvement import MembershipFactory as GroupMembershipFactory

    GroupMembershipFactory(user=member, group=GroupFactory())
    record = time_record_submit(
        user=member, date=date.today(), description="Read the study's leaflet", hours=Decimal("2")
    )
    time_record_return(record=record, by=StaffFactory(is_superuser=True), reason="Which study was it?")


def involvement_remittance(member, client):
    from apps.involvement.enums import PaymentStatus
    from apps.involvement.services import payment_run_create, payment_run_mark_paid
    from tests.factories.involvement import ActivityFactory

    finance = StaffFactory(is_superuser=True)
    ActivityFactory(user=member, payment_status=PaymentStatus.APPROVED)
    run = payment_run_create(by=finance)
    payment_run_mark_paid(run=run, paid_on=timezone.localdate(), by=finance)


def involvement_application_approved(member, client):
    """A member of one group is welcomed to another: their account, and what they asked for, already exist
    (a newcomer's account is made with the approval, before they can ask for anything)."""
    from apps.involvement.services import application_approve
    from tests.factories.involvement import ApplicationFactory

    application = ApplicationFactory(email=member.email, name="Leonora Smith")
    application_approve(application=application, by=StaffFactory(is_superuser=True))


def messaging_message(member, client):
    from apps.messaging.enums import Audience
    from apps.messaging.services import group_message_create, group_message_send

    message = group_message_create(
        author=StaffFactory(is_superuser=True),
        audience=Audience.COMMUNITY,
        subject="Summer meeting",
        body="We meet in July this year.",
        community=_community_member(member),
    )
    group_message_send(message=message)


TO_A_MEMBER = {
    "account/prerendered": account_prerendered,
    "accounts/authenticator-removed": accounts_authenticator_removed,
    "brokering/acknowledgement": brokering_acknowledgement,
    "brokering/answer": brokering_answer,
    "brokering/declined": brokering_declined,
    "communities/join-request": communities_join_request,
    "communities/meeting-cancelled": communities_meeting_cancelled,
    "communities/meeting-changed": communities_meeting_changed,
    "communities/membership-approved": communities_membership_approved,
    "communities/membership-declined": communities_membership_declined,
    "communities/membership-removed": communities_membership_removed,
    "communities/paper-added": communities_paper_added,
    "communities/visitor-request-notify": communities_visitor_request_notify,
    "evidence/follow-up": evidence_follow_up,
    "evidence/follow-up-seminar": evidence_follow_up_seminar,
    "impact/entry-published": impact_entry_published,
    "involvement/application-approved": involvement_application_approved,
    "involvement/expense-decision": involvement_expense_decision,
    "involvement/expense-received": involvement_expense_received,
    "involvement/opportunity-outcome": involvement_opportunity_outcome,
    "involvement/remittance": involvement_remittance,
    "involvement/time-returned": involvement_time_returned,
    "messaging/message": messaging_message,
    "notifications/digest": notifications_digest,
    "notifications/reminder": notifications_reminder,
    "seminars/already-registered": seminar_already_registered,
    "seminars/announcement": seminar_announcement,
    "seminars/cancelled": seminar_cancelled,
    "seminars/changed": seminar_changed,
    "seminars/confirmation": seminar_confirmation,
    "seminars/follow-up": seminar_follow_up,
    "seminars/promoted": seminar_promoted,
    "seminars/registration-cancelled": seminar_registration_cancelled,
    "seminars/waitlisted": seminar_waitlisted,
}
# Which outbox kind each template is sent as, where the name differs from "<app>-<name>".
KIND = {
    "account/prerendered": "account-login-code",
    "accounts/authenticator-removed": "account-authenticator-removed",
    "brokering/acknowledgement": "ask-acknowledgement",
    "brokering/answer": "ask-answer",
    "brokering/declined": "ask-declined",
    "evidence/follow-up": "ask-follow-up",
    "evidence/follow-up-seminar": "seminar-did-you",
    "notifications/reminder": "reminder-community-meeting",
    "notifications/digest": "digest",
    "messaging/message": "group-message",
}
SECRET = {"account/prerendered"}


def test_every_email_template_is_checked_or_explained():
    found = email_kinds()

    assert sorted(set(TO_A_MEMBER) | set(NOT_TO_A_MEMBER)) == found
    assert set(TO_A_MEMBER) & set(NOT_TO_A_MEMBER) == set()
    assert len(TO_A_MEMBER) + len(NOT_TO_A_MEMBER) == len(found)


def _kind(template: str) -> str:
    app, name = template.split("/")
    return KIND.get(template, f"{ {'seminars': 'seminar'}.get(app, app) }-{name}")


@pytest.mark.parametrize("template", sorted(TO_A_MEMBER))
def test_the_email_honours_large_print_the_carer_and_the_preferred_name(
    template, member, client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        TO_A_MEMBER[template](member, client)
    # Emails queued at a moment the trigger travelled to go out when their time comes, as in production.
    with time_machine.travel(timezone.now() + timedelta(days=60), tick=False):
        outbox_dispatch_due()

    kind = _kind(template)
    ids = set(OutboxMessage.objects.filter(recipient=member.email, kind=kind).values_list("pk", flat=True))
    sent = [message for message in smtp_server.messages if int(message["X-IAU-Message-Id"]) in ids]
    assert len(sent) == 1, (
        f"{template}: {len(sent)} emails of kind {kind} reached the member "
        f"{list(OutboxMessage.objects.values_list('recipient', 'kind', 'status'))}"
    )
    (email,) = sent
    html = email.get_body(("html",)).get_content()
    text = email.get_body(("plain",)).get_content()
    assert LARGE in html
    if template in SECRET:
        assert email["Cc"] is None
        assert text.startswith("Hello Lee,")
    else:
        assert email["Cc"] == CARER
        assert text.startswith("Dear Lee,")
        assert "Dear Lee," in html
