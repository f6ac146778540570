"""Each member chooses, and can change, how each payment for their time is made: paid, vouchers, given to a
charity the unit lists, or declined, and separately expenses only. The choice follows the payment into the
run, finance's file and the remittance email; once a payment is in a run it no longer changes."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.involvement.enums import EmploymentStatus, PaymentStatus
from apps.involvement.models import Activity, MemberProfile, PaymentRun
from apps.involvement.payment_models import Charity
from apps.involvement.services import activity_record, payment_run_create
from tests.admin_forms import confirm_identity
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory
from tests.factories.involvement import ExpenseFactory, OpportunityFactory, RateFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
CHOICES = "/me/payment-choices/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 1, 20, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def rates(db):
    RateFactory(effective_from=date(2025, 4, 1), hourly_rate=Decimal("26.00"), daily_rate=Decimal("160.00"))
    RateFactory(effective_from=date(2025, 12, 16), hourly_rate=Decimal("28.60"), daily_rate=Decimal("176.00"))


@pytest.fixture
def age_uk(db):
    return Charity.objects.create(name="Age UK North Staffordshire", registered_number="1084018")


def _staff_with(*codenames, name="Fin Finance"):
    staff = StaffFactory(display_name=name)
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="involvement", codename__in=codenames)
    )
    return staff


@pytest.fixture
def finance(db):
    return _staff_with(
        "view_paymentrun",
        "add_paymentrun",
        "change_paymentrun",
        "change_activity",
        "change_expense",
        "export_finance",
        "view_payment_details",
    )


def _approved(member, *, on=date(2026, 1, 10), hours="2", description="Prepared meeting", **kwargs):
    activity = activity_record(user=member, date=on, description=description, hours=Decimal(hours), **kwargs)
    Activity.objects.filter(pk=activity.pk, payment_status=PaymentStatus.DUE).update(
        payment_status=PaymentStatus.APPROVED
    )
    activity.refresh_from_db()
    return activity


def _choice_url(activity) -> str:
    return reverse("my_involvement:activity_payment_choice", args=[activity.pk])


# The member's default choice ------------------------------------------------------------------------


def test_member_chooses_a_charity_by_default_and_new_payments_follow(client, member, rates, age_uk):
    sign_in(client, member)

    response = client.post(CHOICES, {"payment_preference": "donated", "donation_charity": age_uk.pk})
    activity = activity_record(user=member, date=date(2026, 1, 10), description="Meeting", hours=Decimal("2"))

    assert response.status_code == 302
    assert (activity.payment_preference, activity.donation_charity, activity.amount_due) == (
        "donated",
        age_uk,
        Decimal("57.20"),  # 2 × £28.60: a donation is the whole fee
    )
    history = MemberProfile.history.filter(user_id=member.pk).order_by("history_date")
    assert [(h.payment_preference, h.donation_charity_id) for h in history][-1] == ("donated", age_uk.pk)
    assert history.last().history_user == member


def test_a_donation_without_a_charity_is_explained_next_to_the_field(client, member, age_uk):
    sign_in(client, member)

    response = client.post(CHOICES, {"payment_preference": "donated", "donation_charity": ""})

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {"donation_charity": ["Choose the charity you would like it given to."]}
    page = response.content.decode()
    assert 'aria-describedby="id_donation_charity_helptext id_donation_charity_error"' in page


def test_a_charity_taken_off_the_list_cannot_be_chosen(client, member, age_uk):
    age_uk.is_active = False
    age_uk.save()
    sign_in(client, member)

    response = client.post(CHOICES, {"payment_preference": "donated", "donation_charity": age_uk.pk})

    assert response.context["form"].errors == {
        "donation_charity": ["Choose one of the charities in the list."]
    }


def test_nonsense_is_refused_with_a_message_not_an_error_page(client, member):
    sign_in(client, member)

    response = client.post(CHOICES, {"payment_preference": "bank_transfer", "donation_charity": "x"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"payment_preference", "donation_charity"}


def test_the_choices_page_lists_payments_still_open_in_constant_queries(
    client, member, rates, django_assert_num_queries
):
    sign_in(client, member)
    _approved(member, description="Only one")
    client.get(CHOICES)  # warm the session and the profile
    with django_assert_num_queries(4) as one:
        client.get(CHOICES)
    for number in range(6):
        _approved(member, description=f"Meeting {number}")

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(CHOICES)

    assert response.content.decode().count("/payment-choice/") == 7


# One payment's choice --------------------------------------------------------------------------------


def test_member_gives_one_payment_to_charity_and_keeps_its_approval(client, member, rates, age_uk):
    activity = _approved(member)
    sign_in(client, member)

    response = client.post(
        _choice_url(activity), {"payment_preference": "donated", "donation_charity": age_uk.pk}
    )

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.payment_preference, activity.amount_due, activity.payment_status) == (
        "donated",
        Decimal("57.20"),
        PaymentStatus.APPROVED,
    )
    assert activity.history.latest().history_user == member


def test_declining_then_taking_a_payment_works_it_out_again_at_its_own_date(client, member, rates):
    activity = _approved(member, on=date(2025, 12, 15))
    sign_in(client, member)

    client.post(_choice_url(activity), {"payment_preference": "declined"})
    activity.refresh_from_db()
    declined = (activity.amount_due, activity.payment_status, activity.rate)
    client.post(_choice_url(activity), {"payment_preference": "vouchers"})
    activity.refresh_from_db()

    assert declined == (Decimal("0.00"), PaymentStatus.NOT_DUE, None)
    # 2 × £26.00, the rate before the rise; due again, for the coordinator to approve.
    assert (activity.amount_due, activity.payment_status) == (Decimal("52.00"), PaymentStatus.DUE)


def test_expenses_only_pays_no_fee_but_the_expenses_still(client, member, rates, coordinator):
    activity = _approved(member)
    ExpenseFactory(user=member, amount=Decimal("6.40"), status="approved")
    sign_in(client, member)

    client.post(_choice_url(activity), {"payment_preference": "paid", "expenses_only": "on"})
    run = payment_run_create(by=coordinator)

    activity.refresh_from_db()
    assert (activity.amount_due, activity.payment_status) == (Decimal("0.00"), PaymentStatus.NOT_DUE)
    assert [item.expense.amount for item in run.items.all()] == [Decimal("6.40")]
    assert run.items.filter(activity__isnull=False).count() == 0


def test_a_payment_in_a_run_can_no_longer_change(client, member, rates, coordinator, age_uk):
    activity = _approved(member)
    payment_run_create(by=coordinator)
    sign_in(client, member)

    page = client.get(activity.get_absolute_url()).content.decode()
    response = client.post(
        _choice_url(activity), {"payment_preference": "donated", "donation_charity": age_uk.pk}
    )

    assert "change how this payment is made" not in page
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This payment has gone to finance in a payment run, so how it is made can no longer be changed. "
        "If something is wrong, reply to your remittance email or contact the coordinator."
    ]
    activity.refresh_from_db()
    assert activity.payment_preference == "paid"


def test_another_members_payment_is_not_found(client, member, other_member, rates):
    activity = _approved(other_member)
    sign_in(client, member)

    assert client.get(_choice_url(activity)).status_code == 404
    assert client.post(_choice_url(activity), {"payment_preference": "declined"}).status_code == 404


# The run, finance's file and the remittance ------------------------------------------------------------


def test_a_donated_payment_reaches_the_finance_file_as_a_donation(
    client, member, other_member, rates, age_uk, finance
):
    payroll = OpportunityFactory(employment_status=EmploymentStatus.PAYROLL)
    donated = _approved(member, description="Prepared meeting")
    Activity.objects.filter(pk=donated.pk).update(payment_preference="donated", donation_charity=age_uk)
    vouchers = _approved(member, description="Summary review", hours="0.5")
    Activity.objects.filter(pk=vouchers.pk).update(payment_preference="vouchers")
    _approved(other_member, description="Interview panel", opportunity=payroll)
    declined = _approved(other_member, description="Declined meeting", payment_preference="declined")
    ExpenseFactory(user=member, amount=Decimal("6.40"), status="approved")
    sign_in(client, finance)
    client.post(reverse("admin:involvement_paymentrun_add"), {"note": "January"})
    run = PaymentRun.objects.get()
    confirm_identity(client)

    response = client.get(reverse("admin:involvement_paymentrun_export", args=[run.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    by_what = {row[header.index("What")]: row for row in rows[1:]}
    assert {what: (row[4], row[8], row[11]) for what, row in by_what.items()} == {
        "Prepared meeting": ("Donation for involvement", "57.20", "Donation to Age UK North Staffordshire"),
        "Summary review": ("Payment for involvement", "14.30", "Vouchers"),  # 0.5 × £28.60
        "Interview panel": ("Payment for involvement", "57.20", "Payroll"),
        "Bus fare": ("Expense (travel)", "6.40", "Bank transfer (expenses)"),
    }
    assert by_what["Interview panel"][header.index("Employment status")] == "Needs payroll"
    assert declined.description not in by_what  # no fee: not in the run at all
    page = client.get(reverse("admin:involvement_paymentrun_change", args=[run.pk])).content.decode()
    assert "Given to charity for them" in page and "Donation to Age UK North Staffordshire" in page


def test_the_remittance_says_plainly_what_was_given_to_charity(
    client, member, rates, age_uk, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    donated = _approved(member, description="Prepared meeting", hours="1")
    Activity.objects.filter(pk=donated.pk).update(
        payment_preference="donated", donation_charity=age_uk, amount_due=Decimal("45.00")
    )
    _approved(member, description="Summary review", hours="0.5", payment_preference="vouchers")
    ExpenseFactory(user=member, description="Bus fare", amount=Decimal("6.40"), status="approved")
    run = payment_run_create(by=coordinator)
    finance = _staff_with("view_paymentrun", "change_paymentrun", "change_activity", "change_expense")
    sign_in(client, finance)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": "2026-01-20"}
        )

    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Subject"] == "We have paid you £20.70"  # £14.30 in vouchers and £6.40 of expenses
    assert (
        "- £45.00 given to Age UK North Staffordshire, as you asked (Prepared meeting, 10 January 2026)"
        in text
    )
    assert (
        "Summary review, 10 January 2026: 0.50 hours at £28.60 an hour = £14.30, as shopping vouchers" in text
    )
    assert "Total paid to you: £20.70" in text
    assert "£45.00 given to Age UK North Staffordshire, as you asked" in html


def test_a_remittance_for_a_donation_alone_does_not_say_we_paid_you(
    client, member, rates, age_uk, coordinator, smtp_server, django_capture_on_commit_callbacks
):
    donated = _approved(member)
    Activity.objects.filter(pk=donated.pk).update(payment_preference="donated", donation_charity=age_uk)
    run = payment_run_create(by=coordinator)
    finance = _staff_with("view_paymentrun", "change_paymentrun", "change_activity", "change_expense")
    sign_in(client, finance)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:involvement_paymentrun_mark_paid", args=[run.pk]), {"paid_on": "2026-01-20"}
        )

    [message] = smtp_server.messages
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"] == "We have given your payment to charity, as you asked"
    assert "We paid you" not in text and "Total paid" not in text
    assert "£57.20 given to Age UK North Staffordshire, as you asked" in text


# Charities and employment status in the admin ---------------------------------------------------


def test_finance_keeps_the_list_of_charities(client, finance):
    finance.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_charity", "add_charity", "change_charity"])
    )
    sign_in(client, finance)

    response = client.post(
        reverse("admin:involvement_charity_add"),
        {"name": "Douglas Macmillan Hospice", "registered_number": "510669", "is_active": "on"},
    )

    assert response.status_code == 302
    assert Charity.objects.get().name == "Douglas Macmillan Hospice"


def test_an_opportunity_is_published_only_with_its_employment_status(client, coordinator):
    undecided = OpportunityFactory(status="draft", employment_status="", title="Undecided")
    decided = OpportunityFactory(status="draft", employment_status=EmploymentStatus.INVOICE, title="Decided")
    sign_in(client, coordinator)

    client.post(
        reverse("admin:involvement_opportunity_changelist"),
        {"action": "publish_opportunities", "_selected_action": [undecided.pk, decided.pk]},
        follow=True,
    )
    page = client.get(reverse("admin:involvement_opportunity_change", args=[decided.pk])).content.decode()

    undecided.refresh_from_db()
    decided.refresh_from_db()
    assert (undecided.status, decided.status) == ("draft", "open")
    assert "Paid on the member&#x27;s invoice (self-employed)" in page


def test_the_admin_shows_a_members_choice_but_only_the_member_changes_it(
    client, coordinator, member, rates, age_uk
):
    activity = _approved(member)
    Activity.objects.filter(pk=activity.pk).update(payment_preference="donated", donation_charity=age_uk)
    sign_in(client, coordinator)

    page = client.get(reverse("admin:involvement_activity_change", args=[activity.pk])).content.decode()

    assert "Age UK North Staffordshire" in page
    assert 'name="donation_charity"' not in page and 'name="payment_preference"' not in page
