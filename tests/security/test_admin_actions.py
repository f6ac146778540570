"""Admin actions that change things need the change permission; staff who may only look cannot run them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.communities.enums import MembershipStatus
from apps.involvement.enums import OpportunityStatus, PaymentStatus
from apps.publications.enums import PublicationStatus
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.communities import MeetingFactory, MembershipFactory
from tests.factories.involvement import ActivityFactory, ApplicationFactory, OpportunityFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db


def _staff_with(*codenames):
    staff = StaffFactory()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return staff


CASES = {
    "approve a payment": (
        "involvement_activity",
        "approve_payments",
        lambda: ActivityFactory(payment_status=PaymentStatus.DUE),
        lambda obj: obj.payment_status,
        ["view_activity"],
    ),
    "approve an application": (
        "involvement_application",
        "approve_applications",
        lambda: ApplicationFactory(),
        lambda obj: obj.status,
        ["view_application", "view_personal_details"],
    ),
    "decline an application": (
        "involvement_application",
        "decline_applications",
        lambda: ApplicationFactory(),
        lambda obj: obj.status,
        ["view_application", "view_personal_details"],
    ),
    "publish an opportunity": (
        "involvement_opportunity",
        "publish_opportunities",
        lambda: OpportunityFactory(status=OpportunityStatus.DRAFT),
        lambda obj: obj.status,
        ["view_opportunity"],
    ),
    "approve a community request": (
        "communities_membership",
        "approve_requests",
        lambda: MembershipFactory(status=MembershipStatus.REQUESTED),
        lambda obj: obj.status,
        ["view_membership"],
    ),
    "mark a publication published": (
        "publications_publication",
        "mark_published",
        lambda: PublicationFactory(status=PublicationStatus.IN_PRESS),
        lambda obj: obj.status,
        ["view_publication"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_admin_action_is_refused_to_staff_who_may_only_view(client, case):
    changelist, action, make, state, codenames = CASES[case]
    obj = make()
    before = state(obj)
    sign_in(client, _staff_with(*codenames))

    response = client.post(
        reverse(f"admin:{changelist}_changelist"), {"action": action, "_selected_action": [obj.pk]}
    )

    obj.refresh_from_db()
    assert response.status_code in (200, 302)
    assert state(obj) == before


def test_admin_action_works_for_staff_with_the_change_permission(client):
    activity = ActivityFactory(payment_status=PaymentStatus.DUE)
    sign_in(client, _staff_with("view_activity", "change_activity", "export_finance"))

    client.post(
        reverse("admin:involvement_activity_changelist"),
        {"action": "approve_payments", "_selected_action": [activity.pk]},
    )

    activity.refresh_from_db()
    assert activity.payment_status == PaymentStatus.APPROVED


def test_attendance_export_with_emails_needs_the_permission_to_see_memberships(client):
    meeting = MeetingFactory()
    meeting.attendances.create(user=UserFactory(email="came.along@example.org"))
    sign_in(client, _staff_with("view_meeting"))

    response = client.post(
        reverse("admin:communities_meeting_changelist"),
        {"action": "export_attendance_csv", "_selected_action": [meeting.pk]},
    )

    assert "came.along@example.org" not in response.content.decode()


def test_admin_never_shows_a_members_calendar_feed_token(client):
    from apps.communities.services import calendar_feed_get_or_create

    feed = calendar_feed_get_or_create(user=UserFactory())
    sign_in(client, StaffFactory(is_superuser=True))

    html = client.get(reverse("admin:communities_calendarfeed_change", args=[feed.pk])).content.decode()

    assert feed.token not in html
