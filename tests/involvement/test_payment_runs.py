"""Payment runs: what is approved and not yet paid goes to finance in one run, once, and is marked paid."""

import csv
import io
import threading
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.involvement.enums import ExpenseStatus, PaymentStatus
from apps.involvement.models import Activity, Expense, PaymentRun, PaymentRunItem
from apps.involvement.services import payment_run_create
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.involvement import ActivityFactory, ExpenseFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
ADD = reverse("admin:involvement_paymentrun_add")
LIST = reverse("admin:involvement_paymentrun_changelist")
FINANCE_PERMISSIONS = [
    "view_paymentrun",
    "add_paymentrun",
    "change_paymentrun",
    "delete_paymentrun",
    "change_activity",
    "change_expense",
    "export_finance",
]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def _staff_with(*codenames):
    staff = StaffFactory(display_name="Fin Finance")
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="involvement", codename__in=codenames)
    )
    return staff


@pytest.fixture
def finance():
    return _staff_with(*FINANCE_PERMISSIONS)


@pytest.fixture
def waiting(member, other_member):
    """Items in every state; only the two approved ones (and the other member's claim) are waiting."""
    return {
        "approved": ActivityFactory(
            user=member, date=date(2026, 10, 1), amount_due=Decimal("52.00"), payment_status="approved"
        ),
        "due": ActivityFactory(user=member, payment_status=PaymentStatus.DUE),
        "paid": ActivityFactory(user=member, payment_status=PaymentStatus.PAID),
        "not_due": ActivityFactory(
            user=member, amount_due=Decimal("0"), payment_status=PaymentStatus.NOT_DUE
        ),
        "approved_claim": ExpenseFactory(user=member, amount=Decimal("6.40"), status=ExpenseStatus.APPROVED),
        "other_claim": ExpenseFactory(
            user=other_member, amount=Decimal("48.00"), status=ExpenseStatus.APPROVED
        ),
        "pending_claim": ExpenseFactory(user=member, status=ExpenseStatus.PENDING),
        "paid_claim": ExpenseFactory(user=member, status=ExpenseStatus.PAID),
        "rejected_claim": ExpenseFactory(
            user=member, status=ExpenseStatus.REJECTED, decision_reason="No receipt."
        ),
    }


def _make_run(client, note="November payments"):
    return client.post(ADD, {"note": note})


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_run_gathers_only_what_is_approved_and_not_yet_paid(client, finance, waiting):
    sign_in(client, finance)
    preview = client.get(ADD).content.decode()

    response = _make_run(client)

    run = PaymentRun.objects.get()
    assert response["Location"] == reverse("admin:involvement_paymentrun_change", args=[run.pk])
    assert "£52.00" in preview and "£54.40" in preview  # one payment; two claims (6.40 + 48.00)
    assert {item.activity for item in run.items.filter(activity__isnull=False)} == {waiting["approved"]}
    assert {item.expense for item in run.items.filter(expense__isnull=False)} == {
        waiting["approved_claim"],
        waiting["other_claim"],
    }
    assert (run.created_by, run.note, run.paid_on) == (finance, "November payments", None)


def test_an_activity_that_has_not_happened_waits_for_a_later_run(client, finance, member):
    future = ActivityFactory(user=member, date=date(2026, 12, 1), payment_status=PaymentStatus.APPROVED)
    sign_in(client, finance)

    response = _make_run(client)

    assert response.status_code == 200
    assert "Nothing is approved and waiting to be paid" in response.content.decode()
    assert PaymentRunItem.objects.filter(activity=future).exists() is False


def test_a_second_run_finds_nothing_left_to_pay(client, finance, waiting):
    sign_in(client, finance)
    _make_run(client)

    response = _make_run(client, note="Again by mistake")

    assert response.status_code == 200
    assert "Nothing is approved and waiting to be paid, so there is no run to make." in (
        response.content.decode()
    )
    assert PaymentRun.objects.count() == 1


def test_the_database_refuses_an_item_in_two_runs(member, finance):
    activity = ActivityFactory(user=member, payment_status=PaymentStatus.APPROVED)
    first, second = PaymentRun.objects.create(), PaymentRun.objects.create()
    PaymentRunItem.objects.create(run=first, activity=activity)

    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRunItem.objects.create(run=second, activity=activity)
    expense = ExpenseFactory(user=member, status=ExpenseStatus.APPROVED)
    PaymentRunItem.objects.create(run=first, expense=expense)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRunItem.objects.create(run=second, expense=expense)


@pytest.mark.django_db(transaction=True)
def test_two_runs_made_at_the_same_moment_never_share_an_item(link_group):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (run with DATABASE_URL set)")
    member = UserFactory()
    items = [ActivityFactory(user=member, payment_status=PaymentStatus.APPROVED) for _ in range(5)]
    items += [ExpenseFactory(user=member, status=ExpenseStatus.APPROVED) for _ in range(3)]
    first_made = threading.Event()
    outcomes = {}

    def first():
        try:
            with transaction.atomic():
                outcomes["first"] = payment_run_create(by=None, note="first")
                first_made.set()
                # Hold the transaction open while the second run is being made.
                threading.Event().wait(1.0)
        finally:
            first_made.set()
            connection.close()

    def second():
        first_made.wait(5)
        try:
            outcomes["second"] = payment_run_create(by=None, note="second")
        except ValidationError as refused:
            outcomes["second"] = refused
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)

    assert isinstance(outcomes["second"], ValidationError)
    assert "Nothing is approved and waiting to be paid" in outcomes["second"].messages[0]
    assert PaymentRun.objects.count() == 1
    assert PaymentRunItem.objects.filter(run=outcomes["first"]).count() == len(items)


def test_the_run_is_listed_with_its_items_and_total(client, finance, waiting):
    sign_in(client, finance)
    _make_run(client)

    html = client.get(LIST).content.decode()

    assert "Payment run" in html and "November payments" in html
    assert "106.40" in html  # 52.00 + 6.40 + 48.00
    assert "Waiting to be paid" in html


@pytest.mark.parametrize("url_name", ["changelist", "change"])
def test_run_pages_use_the_same_number_of_queries_for_one_or_many(client, finance, member, url_name):
    sign_in(client, finance)

    def page_queries() -> int:
        run = PaymentRun.objects.order_by("pk").first()
        url = reverse(
            f"admin:involvement_paymentrun_{url_name}", args=[run.pk] if url_name == "change" else []
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    ActivityFactory(user=member, payment_status=PaymentStatus.APPROVED)
    payment_run_create(by=finance)
    page_queries()  # the first request also warms caches (content types, permissions)
    one = page_queries()
    for _ in range(6):
        ActivityFactory(user=UserFactory(), payment_status=PaymentStatus.APPROVED)
        ExpenseFactory(user=UserFactory(), status=ExpenseStatus.APPROVED)
        if url_name == "changelist":
            payment_run_create(by=finance)
    if url_name == "change":
        first = PaymentRun.objects.get()
        for activity in Activity.objects.filter(payment_run_items__isnull=True):
            PaymentRunItem.objects.create(run=first, activity=activity)
        for expense in Expense.objects.filter(payment_run_items__isnull=True):
            PaymentRunItem.objects.create(run=first, expense=expense)

    assert page_queries() == one


def test_the_export_lists_every_item_of_the_run_for_finance(client, finance, waiting, member):
    member.display_name = '=HYPERLINK("http://evil.example","Click")'
    member.save()
    sign_in(client, finance)
    _make_run(client)
    run = PaymentRun.objects.get()
    asked = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))
    confirm_identity(client)  # names and amounts: finance confirm who they are first

    response = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))

    assert asked.status_code == 302 and asked.url.startswith("/accounts/reauthenticate/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="payment-run-' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Payment run",
        "Member id",
        "Name",
        "Email",
        "Item",
        "Item id",
        "Date",
        "What",
        "Amount (£)",
        "Status",
        "Payroll or supplier reference",
        "Route",
        "Employment status",
    ]
    amounts = sorted((row[3], row[4], row[8]) for row in rows[1:])
    assert amounts == sorted(
        [
            (member.email, "Payment for involvement", "52.00"),
            (member.email, "Expense (travel)", "6.40"),
            (waiting["other_claim"].user.email, "Expense (travel)", "48.00"),
        ]
    )
    assert {row[2] for row in rows[1:] if row[3] == member.email} == {"'" + member.display_name}


@pytest.mark.parametrize(
    "codenames",
    [
        ["view_paymentrun"],  # may see runs, not export them
        ["export_finance"],  # may export, but not see payment runs
    ],
)
def test_the_export_needs_the_finance_export_permission_and_the_view_permission(
    client, finance, waiting, codenames
):
    run = payment_run_create(by=finance)
    sign_in(client, _staff_with(*codenames))

    response = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))

    assert response.status_code == 403
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_marking_a_run_paid_makes_every_item_paid_dated_and_audited(client, finance, waiting, member):
    run = payment_run_create(by=finance)
    sign_in(client, finance)

    response = client.post(
        reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": "2026-11-20"}
    )

    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.paid_on, run.marked_paid_by) == (date(2026, 11, 20), finance)
    assert run.history.first().history_user == finance
    approved, claim = waiting["approved"], waiting["approved_claim"]
    approved.refresh_from_db()
    claim.refresh_from_db()
    assert (approved.payment_status, claim.status) == (PaymentStatus.PAID, ExpenseStatus.PAID)
    assert approved.history.first().history_user == finance
    assert claim.history.first().history_user == finance
    waiting["due"].refresh_from_db()
    assert waiting["due"].payment_status == PaymentStatus.DUE
    # The member sees it paid on their own record.
    sign_in(client, member)
    assert "<dd>Paid on 20 November 2026</dd>" in client.get(claim.get_absolute_url()).content.decode()
    assert "<dd>Paid on 20 November 2026</dd>" in client.get(approved.get_absolute_url()).content.decode()


def test_a_run_is_marked_paid_once(client, finance, waiting):
    run = payment_run_create(by=finance)
    sign_in(client, finance)
    url = reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk])
    client.post(url, {"paid_on": "2026-11-20"})

    response = client.post(url, {"paid_on": "2026-11-19"})

    assert response.status_code == 400
    assert "already marked as paid on 20 November 2026" in response.content.decode()
    run.refresh_from_db()
    assert run.paid_on == date(2026, 11, 20)
    assert run.history.count() == 2  # made, then paid


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        ("2026-11-21", "The payment date cannot be in the future."),
        ("2026-11-19", "The payment date cannot be before the run was made."),
        ("", "Give the date the run was paid."),
        ("the other day", "Give a date like 2026-11-30."),
    ],
)
def test_a_wrong_payment_date_is_explained_next_to_the_field(client, finance, waiting, paid_on, message):
    run = payment_run_create(by=finance)
    sign_in(client, finance)

    response = client.post(
        reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": paid_on}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["paid_on"] == [message]
    run.refresh_from_db()
    assert run.paid_on is None


@pytest.mark.parametrize(
    "missing", ["change_paymentrun", "change_activity", "change_expense"], ids=lambda name: f"without {name}"
)
def test_marking_paid_needs_the_change_permission_for_everything_it_changes(
    client, finance, waiting, missing
):
    run = payment_run_create(by=finance)
    sign_in(client, _staff_with(*[name for name in FINANCE_PERMISSIONS if name != missing]))

    response = client.post(
        reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": "2026-11-20"}
    )

    assert response.status_code == 403
    run.refresh_from_db()
    assert run.paid_on is None
    assert Activity.objects.filter(payment_status=PaymentStatus.PAID).count() == 1  # only the old one


def test_making_a_run_needs_the_add_permission(client, waiting):
    sign_in(client, _staff_with("view_paymentrun", "export_finance"))

    response = _make_run(client)

    assert response.status_code == 403
    assert PaymentRun.objects.count() == 0


def test_deleting_an_unpaid_run_lets_its_items_wait_for_the_next(client, finance, waiting):
    run = payment_run_create(by=finance)
    sign_in(client, finance)

    client.post(reverse("admin:involvement_paymentrun_delete", args=[run.pk]), {"post": "yes"})
    again = payment_run_create(by=finance)

    assert PaymentRun.objects.get() == again
    assert again.items.count() == 3


def test_a_paid_run_cannot_be_deleted(client, finance, waiting):
    run = payment_run_create(by=finance)
    sign_in(client, finance)
    client.post(reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": "2026-11-20"})

    response = client.post(reverse("admin:involvement_paymentrun_delete", args=[run.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert PaymentRun.objects.filter(pk=run.pk).exists()


def test_a_payment_is_paid_only_through_a_run(client, finance, member):
    activity = ActivityFactory(user=member, payment_status=PaymentStatus.APPROVED)
    sign_in(client, finance)

    client.post(
        reverse("admin:involvement_activity_changelist"),
        {"action": "mark_paid", "_selected_action": [activity.pk]},
    )

    activity.refresh_from_db()
    assert activity.payment_status == PaymentStatus.APPROVED


def test_a_payment_for_an_activity_still_to_come_cannot_be_approved(client, coordinator, member):
    planned = ActivityFactory(user=member, date=date(2026, 12, 3), payment_status=PaymentStatus.DUE)
    sign_in(client, coordinator)

    response = client.post(
        reverse("admin:involvement_activity_changelist"),
        {"action": "approve_payments", "_selected_action": [planned.pk]},
        follow=True,
    )

    planned.refresh_from_db()
    assert planned.payment_status == PaymentStatus.DUE
    assert "This activity has not happened yet" in response.content.decode()


def test_the_old_finance_export_address_leads_to_the_payment_runs(client, finance):
    sign_in(client, finance)

    response = client.get("/involvement/finance/export/?start=&end=")

    assert response.status_code == 302
    assert response["Location"] == LIST


def test_a_run_page_shows_what_to_pay_each_member(client, finance, waiting, member):
    run = payment_run_create(by=finance)
    sign_in(client, finance)

    html = client.get(reverse("admin:involvement_paymentrun_change", args=[run.pk])).content.decode()

    assert "What to pay each member" in html
    assert "£58.40" in html  # the member: 52.00 + 6.40
    assert "Download the run for finance (CSV)" in html
    assert "Mark the run as paid" in html


@pytest.mark.parametrize("kind", ["activity", "expense"])
def test_an_item_in_the_admin_links_to_its_payment_run(client, coordinator, waiting, kind):
    run = payment_run_create(by=coordinator)
    item = waiting["approved"] if kind == "activity" else waiting["approved_claim"]
    waiting_item = waiting["due"] if kind == "activity" else waiting["pending_claim"]
    sign_in(client, coordinator)

    in_run = client.get(reverse(f"admin:involvement_{kind}_change", args=[item.pk])).content.decode()
    not_in_run = client.get(
        reverse(f"admin:involvement_{kind}_change", args=[waiting_item.pk])
    ).content.decode()

    assert f'<a href="/admin/involvement/paymentrun/{run.pk}/change/">Payment run {run.pk}</a>' in in_run
    assert "Not in a payment run yet" in not_in_run


def test_the_history_of_a_run_shows_who_made_it_and_who_marked_it_paid_and_cannot_revert_it(
    client, finance, waiting
):
    sign_in(client, finance)
    _make_run(client)
    run = PaymentRun.objects.get()
    client.post(reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": "2026-11-20"})
    earliest = run.history.earliest()

    history = client.get(reverse("admin:involvement_paymentrun_history", args=[run.pk]))
    revert = client.post(
        reverse("admin:involvement_paymentrun_simple_history", args=[run.pk, earliest.history_id]), {}
    )

    assert history.status_code == 200
    assert [
        (entry.history_type, entry.history_user) for entry in history.context["page_obj"].object_list
    ] == [
        ("~", finance),
        ("+", finance),
    ]
    run.refresh_from_db()
    assert run.paid_on == date(2026, 11, 20)
    assert revert.status_code == 403


def test_an_old_version_of_a_paid_payment_cannot_be_posted_back_from_its_history(client, finance, member):
    activity = ActivityFactory(user=member, date=date(2026, 10, 1), payment_status=PaymentStatus.APPROVED)
    sign_in(client, finance)
    _make_run(client)
    client.post(
        reverse("admin:involvement_paymentrun_mark_paid", args=[PaymentRun.objects.get().pk]),
        {"paid_on": "2026-11-20"},
    )
    approved_version = activity.history.earliest()

    page = client.get(
        reverse("admin:involvement_activity_simple_history", args=[activity.pk, approved_version.history_id])
    )
    revert = client.post(
        reverse("admin:involvement_activity_simple_history", args=[activity.pk, approved_version.history_id]),
        {"description": activity.description, "start_time": "", "opportunity": ""},
    )

    assert page.status_code == 200
    assert revert.status_code == 403
    activity.refresh_from_db()
    assert activity.payment_status == PaymentStatus.PAID


def test_a_long_run_name_gives_a_file_name_ending_on_a_whole_word(client, finance, waiting):
    sign_in(client, finance)
    confirm_identity(client)
    _make_run(client, note="Payments for the autumn meetings of the Link group and the Research User Group")
    run = PaymentRun.objects.get()

    response = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="payment-run-{run.pk}-payments-for-the-autumn-meetings-of-the-link.csv"'
    )


def test_mark_the_run_as_paid_comes_before_close_and_delete(client):
    from django.contrib.auth.models import Group

    ActivityFactory(payment_status=PaymentStatus.APPROVED, date=date(2025, 5, 1))
    run = payment_run_create(by=StaffFactory())
    finance = StaffFactory()
    finance.groups.add(Group.objects.get(name="Finance"))
    sign_in(client, finance)

    page = client.get(f"/admin/involvement/paymentrun/{run.pk}/change/").content.decode()

    mark_paid = page.index('value="Mark the run as paid"')
    assert mark_paid < page.index(">Close<") and mark_paid < page.index(">Delete<")
