"""The busiest admin lists cost the same number of queries for one row as for a page full of rows, for
the staff who use them (a superuser, and a coordinator whose permissions are checked as they go)."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.services import outbox_enqueue
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.communities import MembershipFactory
from tests.factories.involvement import ActivityFactory, ExpenseFactory, MemberProfileFactory
from tests.factories.seminars import RegistrationFactory

pytestmark = pytest.mark.django_db


def _email(n):
    outbox_enqueue(
        recipient=f"member{n}@example.org",
        kind="test-note",
        template="account/prerendered",
        context={"subject": f"Note {n}", "body_text": "Text", "body_html": ""},
        occasion=str(n),
    )


def _activity(n):
    activity = ActivityFactory()
    MemberProfileFactory(user=activity.user)
    return activity


LISTS = {
    "outbox": ("admin:core_outboxmessage_changelist", _email, "core"),
    "activities": ("admin:involvement_activity_changelist", _activity, "involvement"),
    "expenses": ("admin:involvement_expense_changelist", lambda n: ExpenseFactory(), "involvement"),
    "registrations": ("admin:seminars_registration_changelist", lambda n: RegistrationFactory(), "seminars"),
    "memberships": ("admin:communities_membership_changelist", lambda n: MembershipFactory(), "communities"),
}


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["superuser", "coordinator"])
@pytest.mark.parametrize("name", list(LISTS))
def test_changelist_queries_do_not_grow_with_rows(client, name, who):
    url_name, make, app_label = LISTS[name]
    if who == "superuser":
        staff = StaffFactory(is_superuser=True)
    else:
        staff = StaffFactory()
        staff.user_permissions.add(*Permission.objects.filter(content_type__app_label=app_label))
    sign_in(client, staff)
    url = reverse(url_name)
    make(0)
    one = _queries(client, url)

    for n in range(1, 30):
        make(n)
    many = _queries(client, url)

    assert many == one
