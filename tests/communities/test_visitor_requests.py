"""People without an account ask to join a community; a facilitator approves or declines.

Tested as they meet it: the community page, the form, the facilitator's requests page and the inbox
(a real SMTP server where mail is the point).
"""

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from apps.communities import services
from apps.communities.enums import JoinRequestStatus, MemberRole, MembershipStatus
from apps.communities.models import JoinRequest, Membership
from tests.auth import sign_in
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def _form(**changes) -> dict:
    data = {
        "name": "Dr Priya Shah",
        "email": "Priya.Shah@NHS.example",
        "role": "clinician",
        "organisation": "Midlands Partnership NHS Trust",
        "reason": "I lead a physiotherapy team and want to bring the knee pathway evidence to my clinics.",
        "website": "",
    }
    return {**data, **changes}


def _ask(client, community, **changes):
    return client.post(reverse("communities:visitor_request", args=[community.slug]), _form(**changes))


def _by_recipient(messages) -> dict:
    return {message["To"]: message for message in messages}


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_visitor_asks_to_join_and_the_facilitator_approves_it_into_an_account_and_a_membership(
    client, community, meeting, facilitator, smtp_server, django_capture_on_commit_callbacks
):
    page = client.get(community.get_absolute_url()).content.decode()
    assert reverse("communities:visitor_request", args=[community.slug]) in page
    assert 'href="/involvement/">get in touch' not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, community)

    assert response.status_code == 302
    assert response["Location"] == reverse("communities:visitor_request_thanks", args=[community.slug])
    assert "We have passed your request" in client.get(response["Location"]).content.decode()
    received = _by_recipient(smtp_server.messages)
    assert sorted(received) == sorted(["priya.shah@nhs.example", facilitator.email])
    assert received["priya.shah@nhs.example"]["Subject"] == f"We have your request to join {community.name}"
    notice = received[facilitator.email]
    assert notice["Subject"] == f"Dr Priya Shah asks to join {community.name}"
    assert "bring the knee pathway evidence" in _text(notice)
    assert "priya.shah@nhs.example" not in _text(notice)  # facilitators are not staff: no addresses

    sign_in(client, facilitator)
    requests_page = client.get(reverse("communities:join_requests", args=[community.slug])).content.decode()
    assert "Dr Priya Shah" in requests_page
    assert "Midlands Partnership NHS Trust" in requests_page
    assert (
        "1 person without an account is waiting"
        in client.get(reverse("communities:manage", args=[community.slug])).content.decode()
    )
    join_request = JoinRequest.objects.get()
    smtp_server.messages.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:join_request_decide", args=[community.slug, join_request.pk, "approve"]),
            follow=True,
        )

    assert "Dr Priya Shah is now a member" in response.content.decode()
    user = User.objects.get(email="priya.shah@nhs.example")
    assert (user.display_name, user.has_usable_password()) == ("Dr Priya Shah", False)
    membership = Membership.objects.get(community=community, user=user)
    assert (membership.status, membership.role, membership.decided_by) == (
        MembershipStatus.APPROVED,
        MemberRole.CLINICIAN,
        facilitator,
    )
    join_request.refresh_from_db()
    assert (join_request.status, join_request.user) == (JoinRequestStatus.APPROVED, user)
    (welcome,) = smtp_server.messages
    assert (welcome["To"], welcome["Subject"]) == ("priya.shah@nhs.example", f"Welcome to {community.name}")
    body = _text(welcome)
    assert "https://portal.test/accounts/login/code/" in body
    assert f"https://portal.test{community.get_absolute_url()}" in body
    print(welcome.as_string())

    # The new member now sees what members see.
    sign_in(client, user)
    assert "meet.example.org/secret-room" in client.get(meeting.get_absolute_url()).content.decode()


def test_facilitator_declines_and_the_visitor_gets_a_kind_email_and_no_account(
    client, community, facilitator, django_capture_on_commit_callbacks
):
    _ask(client, community, role="patient_or_public")
    join_request = JoinRequest.objects.get()
    sign_in(client, facilitator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communities:join_request_decide", args=[community.slug, join_request.pk, "decline"])
        )

    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED
    assert not User.objects.filter(email="priya.shah@nhs.example").exists()
    (message,) = mail.outbox
    assert message.to == ["priya.shah@nhs.example"]
    assert "It is not a judgement of you." in message.body
    assert "https://portal.test/seminars/" in message.body


def test_a_second_request_while_one_waits_changes_nothing_and_tells_the_address_owner(
    client, community, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, community)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(
            client, community, name="Someone Else", reason="Let me in", email="priya.shah@nhs.example"
        )
        _ask(client, community, name="Someone Else again", email="PRIYA.SHAH@nhs.example")

    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert (join_request.name, join_request.reason[:22]) == ("Dr Priya Shah", "I lead a physiotherapy")
    # One "we already have it" to the address's owner (once a day), nothing more to the facilitators.
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["priya.shah@nhs.example"], f"Your request to join {community.name} is still with the facilitators")
    ]


def test_asking_again_after_a_decision_is_a_new_request(client, community, facilitator):
    _ask(client, community)
    services.join_request_decline(join_request=JoinRequest.objects.get(), actor=facilitator)

    _ask(client, community, reason="A year on, my service has changed.")

    assert sorted(JoinRequest.objects.values_list("status", flat=True)) == ["declined", "pending"]


def test_approving_someone_who_already_has_an_account_makes_them_a_member_of_that_account(
    client, community, facilitator, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="priya.shah@nhs.example")
    _ask(client, community, role="academic")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_approve(join_request=JoinRequest.objects.get(), actor=facilitator)
        services.join_request_approve(join_request=JoinRequest.objects.get(), actor=facilitator)

    assert User.objects.filter(email__iexact="priya.shah@nhs.example").count() == 1
    membership = Membership.objects.get(community=community, user=existing)
    assert (membership.status, membership.role) == (MembershipStatus.APPROVED, MemberRole.ACADEMIC)
    (message,) = mail.outbox
    assert "sign in as you usually do" in message.body


def test_the_form_explains_each_mistake_next_to_its_field(client, community):
    response = _ask(client, community, name="", email="not an address", role="", reason="")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    errors = response.context["form"].errors
    assert sorted(errors) == ["email", "name", "reason", "role"]
    assert 'aria-describedby="id_email_error' in html or 'id="id_email_error"' in html
    assert JoinRequest.objects.count() == 0
    assert mail.outbox == []


def test_a_filled_in_honeypot_stores_nothing_and_sends_nothing(
    client, community, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, community, website="http://spam.example")

    assert response.status_code == 302
    assert JoinRequest.objects.count() == 0
    assert mail.outbox == []


def test_too_many_requests_from_one_connection_are_refused_with_a_clear_message(client, settings, community):
    settings.COMMUNITIES_JOIN_REQUEST_RATE_LIMIT = 2
    for number in range(2):
        assert _ask(client, community, email=f"person{number}@example.org").status_code == 302

    response = _ask(client, community, email="person3@example.org")

    assert response.status_code == 429
    assert "We have had a lot of requests from your connection" in response.content.decode()
    assert JoinRequest.objects.count() == 2


def test_the_limit_counts_each_visitor_behind_the_proxy_not_the_proxy(client, settings, community):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMMUNITIES_JOIN_REQUEST_RATE_LIMIT = 1
    url = reverse("communities:visitor_request", args=[community.slug])

    def ask(email, visitor):
        return client.post(url, _form(email=email), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)

    codes = [
        ask("a@example.org", "192.0.2.1"),
        ask("b@example.org", "192.0.2.2"),
        ask("c@example.org", "192.0.2.1"),
    ]

    assert [response.status_code for response in codes] == [302, 302, 429]
    assert 'value="c@example.org"' in codes[2].content.decode()  # the refused form keeps the answers


def test_the_form_hides_the_honeypot_from_people(client, community):
    page = client.get(reverse("communities:visitor_request", args=[community.slug])).content.decode()

    assert '<div class="honeypot">' in page
    assert 'name="website"' in page


def test_signed_in_people_keep_the_one_click_request(client, community, outsider):
    sign_in(client, outsider)

    response = client.get(reverse("communities:visitor_request", args=[community.slug]))

    assert response.status_code == 302
    assert response["Location"] == reverse("communities:join", args=[community.slug])


def test_requests_pages_are_404_for_anyone_who_does_not_manage_this_community(
    client, community, member, other_facilitator
):
    _ask(client, community)
    join_request = JoinRequest.objects.get()
    for user in (member, other_facilitator):
        sign_in(client, user)
        assert client.get(reverse("communities:join_requests", args=[community.slug])).status_code == 404
        decide = reverse("communities:join_request_decide", args=[community.slug, join_request.pk, "approve"])
        assert client.post(decide).status_code == 404
    assert JoinRequest.objects.get().status == JoinRequestStatus.PENDING


def test_staff_who_manage_communities_can_approve(client, community, staff_manager):
    _ask(client, community)
    sign_in(client, staff_manager)

    client.post(
        reverse(
            "communities:join_request_decide", args=[community.slug, JoinRequest.objects.get().pk, "approve"]
        )
    )

    assert JoinRequest.objects.get().status == JoinRequestStatus.APPROVED


@pytest.mark.parametrize("rows", [1, 15])
def test_requests_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, community, facilitator, rows
):
    for number in range(rows):
        for prefix in ("pending", "decided"):
            join_request, _ = services.join_request_submit(
                community=community,
                name=f"{prefix} {number}",
                email=f"{prefix}{number}@example.org",
                role="other",
                reason="x",
            )
        services.join_request_decline(join_request=join_request, actor=facilitator)
    sign_in(client, facilitator)
    client.get(reverse("communities:join_requests", args=[community.slug]))  # warm the session

    # user, community, membership (can manage?), pending, decided with who decided (the session is
    # read from the cache: cached_db sessions)
    with django_assert_num_queries(5):
        response = client.get(reverse("communities:join_requests", args=[community.slug]))

    assert response.content.decode().count("<h3") == rows


def test_admin_lists_requests_read_only(client, community):
    from tests.factories.accounts import StaffFactory

    _ask(client, community)
    sign_in(client, StaffFactory(is_superuser=True))
    join_request = JoinRequest.objects.get()

    changelist = client.get(reverse("admin:communities_joinrequest_changelist"))
    change = client.post(
        reverse("admin:communities_joinrequest_change", args=[join_request.pk]), {"name": "Changed"}
    )

    assert "Dr Priya Shah" in changelist.content.decode()
    assert change.status_code == 403
    assert JoinRequest.objects.get().name == "Dr Priya Shah"


def test_approving_a_request_already_declined_explains_and_changes_nothing(client, community, facilitator):
    _ask(client, community)
    join_request = JoinRequest.objects.get()
    services.join_request_decline(join_request=join_request, actor=facilitator)
    sign_in(client, facilitator)

    response = client.post(
        reverse("communities:join_request_decide", args=[community.slug, join_request.pk, "approve"]),
        follow=True,
    )

    assert "Only a request that is waiting for a decision" in response.content.decode()
    assert JoinRequest.objects.get().status == JoinRequestStatus.DECLINED
    assert not User.objects.filter(email="priya.shah@nhs.example").exists()


def test_error_summary_does_not_double_the_question_mark_of_a_label(client, community):
    response = client.post(f"/communities/{community.slug}/ask-to-join/", {})

    html = response.content.decode()
    assert "Which best describes you?: " not in html
    assert "Which best describes you? Choose the one that fits you best." in html
    assert "Your name: Enter your name." in html
