"""Writes for patient and public involvement. Every change goes through here."""

from datetime import date, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.services import user_invite
from apps.core.emails import absolute_url
from apps.core.services import outbox_enqueue
from apps.core.updates import model_update

from .enums import (
    ActivitySource,
    ApplicationStatus,
    ExpenseStatus,
    InterestStatus,
    OpportunityStatus,
    PaymentBasis,
    PaymentPreference,
    PaymentStatus,
    TimeRecordStatus,
)
from .models import (
    EXPENSE_DECISION_DAYS,
    Activity,
    Application,
    Expense,
    Group,
    Interest,
    MemberProfile,
    Membership,
    Opportunity,
    PaymentRun,
    PaymentRunItem,
    TimeRecord,
)
from .payments import fee_at, takes_fee
from .selectors import (
    attendance_for_activities,
    is_group_member,
    meetings_attended_by,
    opportunities_taken_part_by,
    payment_run_candidates,
    rate_in_force,
    remittances_for_run,
)

PENNY = Decimal("0.01")


def _send(
    *, user=None, recipient: str = "", kind: str, template: str, context: dict, about, occasion: str = ""
):
    """Email a member or a plain address. The outbox applies a member's needs (large print, their carer
    copied in, the name they are greeted by), as it does for every email to an account."""
    outbox_enqueue(
        recipient=user.email if user is not None else recipient,
        kind=kind,
        template=f"involvement/{template}",
        context=context,
        about=about,
        occasion=occasion,
    )


# Applications -------------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    name: str,
    email: str,
    group: Group,
    motivation: str,
    consent_to_contact: bool,
    phone: str = "",
    access_needs: str = "",
) -> tuple[Application, bool]:
    """Store an expression of interest. Returns (application, created).

    An application, once stored, is changed by no later form: anyone can type an address, so a second
    form for the same address and group (perhaps not from its owner) leaves the first one exactly as it
    was. While it waits for a decision, the address's owner is told by email that we already have it
    (at most once a day) and may reply to change their details; the page shows the same thanks either
    way, so it never reveals whether an address has applied. The database's unique constraint keeps it
    to one row even when two forms arrive at once.
    """
    email = email.strip().lower()
    application = Application.objects.select_for_update().filter(email=email, group=group).first()
    created = application is None
    if created:
        application = Application(
            email=email,
            group=group,
            name=name.strip(),
            phone=phone.strip(),
            motivation=motivation.strip(),
            access_needs=access_needs.strip(),
            consent_to_contact=consent_to_contact,
        )
        application.full_clean(validate_constraints=False, validate_unique=False)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            # Another form stored the same application a moment ago: that one stands.
            application = Application.objects.select_for_update().get(email=email, group=group)
            created = False

    context = {"application": application, "group": group}
    if created:
        _send(
            recipient=email,
            kind="involvement-application-received",
            template="application-received",
            context=context,
            about=application,
        )
    elif application.status == ApplicationStatus.PENDING:
        # Written to the address, never to the page: only its owner learns that it has applied.
        _send(
            recipient=email,
            kind="involvement-application-again",
            template="application-again",
            context=context,
            about=application,
            occasion=f"{timezone.localdate():%Y-%m-%d}",
        )
        return application, created
    coordinator = settings.COORDINATOR_EMAIL
    if coordinator:
        # A decided application is the record of that decision and is not reopened, but the
        # coordinator hears that the address has written again.
        _send(
            recipient=coordinator,
            kind="involvement-application-notify",
            template="application-notify",
            context={
                **context,
                "admin_url": absolute_url(
                    reverse("admin:involvement_application_change", args=[application.pk])
                ),
            },
            about=application,
            occasion="created" if created else f"again-{timezone.now():%Y%m%d%H%M%S}",
        )
    return application, created


@transaction.atomic
def application_approve(*, application: Application, by) -> Application:
    """Approve an application: the person gets an account, a membership and an invitation email."""
    if application.status == ApplicationStatus.APPROVED:
        return application
    user, _ = user_invite(email=application.email, display_name=application.name)
    Membership.objects.get_or_create(
        group=application.group, user=user, defaults={"joined_on": timezone.localdate()}
    )
    profile, created = MemberProfile.objects.get_or_create(user=user)
    if created and (application.phone or application.access_needs):
        profile.phone = application.phone
        profile.other_access_needs = application.access_needs
        profile.full_clean()
        profile.save()
    application.status = ApplicationStatus.APPROVED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.user = user
    application.full_clean(validate_constraints=False)
    application.save()
    _send(
        user=user,
        kind="involvement-application-approved",
        template="application-approved",
        context={
            "application": application,
            "group": application.group,
            "code_url": absolute_url(reverse("account_request_login_code")),
            "password_url": absolute_url(reverse("account_reset_password")),
            "me_url": absolute_url(reverse("accounts:me")),
        },
        about=application,
    )
    return application


@transaction.atomic
def application_decline(*, application: Application, by) -> Application:
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError("Only an application that is waiting for a decision can be declined.")
    application.status = ApplicationStatus.DECLINED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save()
    _send(
        recipient=application.email,
        kind="involvement-application-declined",
        template="application-declined",
        context={"application": application, "group": application.group},
        about=application,
    )
    return application


# Profile ------------------------------------------------------------------------------------------


def profile_for(user) -> MemberProfile:
    """The member's profile, created with defaults the first time it is needed."""
    profile, _ = MemberProfile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(*, profile: MemberProfile, interests=None, **fields) -> MemberProfile:
    if not fields.get("carer_copied", profile.carer_copied):
        fields["carer_email"] = fields.get("carer_email", profile.carer_email).strip()
    model_update(profile, **fields)
    if interests is not None:
        profile.interests.set(interests)
    return profile


# Opportunities ------------------------------------------------------------------------------------


def _is_member_for(opportunity: Opportunity, user) -> bool:
    return Membership.objects.filter(user=user, is_active=True, group__in=opportunity.groups.all()).exists()


@transaction.atomic
def opportunity_publish(*, opportunity: Opportunity) -> Opportunity:
    opportunity.status = OpportunityStatus.OPEN
    opportunity.published_at = opportunity.published_at or timezone.now()
    opportunity.full_clean()
    opportunity.save()
    return opportunity


@transaction.atomic
def interest_express(*, opportunity: Opportunity, user) -> Interest:
    """The member would like to take part. Saying so twice changes nothing."""
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationError("This opportunity is no longer open.")
    if not _is_member_for(opportunity, user):
        raise ValidationError("This opportunity is for members of another group.")
    interest, created = Interest.objects.select_for_update().get_or_create(opportunity=opportunity, user=user)
    if not created and interest.status == InterestStatus.WITHDRAWN:
        interest.status = InterestStatus.INTERESTED
        interest.save()
    return interest


@transaction.atomic
def interest_withdraw(*, opportunity: Opportunity, user) -> Interest | None:
    interest = Interest.objects.select_for_update().filter(opportunity=opportunity, user=user).first()
    if interest is None or interest.status == InterestStatus.WITHDRAWN:
        return interest
    if opportunity.status != OpportunityStatus.OPEN:
        raise ValidationError("The outcome has been decided; please contact the coordinator instead.")
    interest.status = InterestStatus.WITHDRAWN
    interest.save()
    return interest


@transaction.atomic
def opportunity_announce_outcome(*, opportunity: Opportunity, selected_user_ids) -> Opportunity:
    """Select members from those interested, close the opportunity and tell everyone, once."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if opportunity.outcome_sent_at is not None:
        raise ValidationError("The outcome of this opportunity has already been sent.")
    selected_user_ids = set(selected_user_ids)
    interests = list(opportunity.interests.select_related("user").exclude(status=InterestStatus.WITHDRAWN))
    unknown = selected_user_ids - {interest.user_id for interest in interests}
    if unknown:
        raise ValidationError("Only members who expressed interest can be selected.")
    if len(selected_user_ids) > opportunity.places:
        raise ValidationError(f"There are only {opportunity.places} places.")
    for interest in interests:
        interest.status = (
            InterestStatus.SELECTED if interest.user_id in selected_user_ids else InterestStatus.NOT_SELECTED
        )
        interest.save()
    opportunity.status = OpportunityStatus.CLOSED
    opportunity.outcome_sent_at = timezone.now()
    opportunity.save()
    for interest in interests:
        _send(
            user=interest.user,
            kind="involvement-opportunity-outcome",
            template="opportunity-outcome",
            context={
                "opportunity": opportunity,
                "selected": interest.status == InterestStatus.SELECTED,
                "member": interest.user,
                "url": absolute_url(opportunity.get_absolute_url()),
            },
            about=interest,
            occasion="outcome",
        )
    return opportunity


# Activities and payments ---------------------------------------------------------------------------


def payment_due(
    *, on: date, hours: Decimal, basis: str, preference: str, kind=None, expenses_only: bool = False
):
    """(rate, amount, status) for an activity: the rate in force ON ITS OWN DATE (payments.fee_at), unless
    no fee is taken (declined, or expenses only)."""
    if not takes_fee(preference=preference, expenses_only=expenses_only):
        return None, Decimal("0.00"), PaymentStatus.NOT_DUE
    if basis == PaymentBasis.KIND and kind is None:
        raise ValidationError({"kind": "Choose the kind of activity it is paid as."})
    rate = rate_in_force(on)
    if rate is None:
        raise ValidationError(f"There is no rate in the rate table for {on:%-d %B %Y}.")
    return rate, fee_at(rate=rate, basis=basis, hours=Decimal(hours), kind=kind), PaymentStatus.DUE


@transaction.atomic
def activity_record(
    *,
    user,
    date: date,
    description: str,
    hours: Decimal,
    basis: str = PaymentBasis.HOURLY,
    opportunity: Opportunity | None = None,
    start_time: time | None = None,
    payment_preference: str | None = None,
    source: str = ActivitySource.COORDINATOR,
    meeting=None,
    kind=None,
) -> Activity:
    """Record what a member did. Payment follows the rate table on that date (paid as the kind's paid
    time when a kind is given) and the member's choice on their profile, which they may change for this
    payment until it is in a run. A member has at most one activity for a meeting (a unique constraint)."""
    profile = profile_for(user)
    preference = payment_preference or profile.payment_preference
    charity = profile.donation_charity if preference == PaymentPreference.DONATED else None
    expenses_only = profile.expenses_only if payment_preference is None else False
    if kind is not None:
        basis = PaymentBasis.KIND
    rate, amount, status = payment_due(
        on=date,
        hours=Decimal(hours),
        basis=basis,
        preference=preference,
        kind=kind,
        expenses_only=expenses_only,
    )
    activity = Activity(
        user=user,
        date=date,
        start_time=start_time,
        description=description.strip(),
        hours=Decimal(hours),
        basis=basis,
        opportunity=opportunity,
        payment_preference=preference,
        donation_charity=charity,
        expenses_only=expenses_only,
        kind=kind,
        rate=rate,
        amount_due=amount,
        payment_status=status,
        source=source,
        meeting=meeting,
    )
    activity.full_clean()
    activity.save()
    return activity


# Time members record themselves -------------------------------------------------------------------


def _check_time_links(*, user, opportunity, meeting) -> None:
    errors = {}
    if opportunity is not None and not opportunities_taken_part_by(user).filter(pk=opportunity.pk).exists():
        errors["opportunity"] = "Choose an opportunity you took part in."
    if meeting is not None and not meetings_attended_by(user).filter(pk=meeting.pk).exists():
        errors["meeting"] = "Choose a meeting you were at."
    if errors:
        raise ValidationError(errors)


def _notify_coordinator_of_time(record: TimeRecord) -> None:
    if not settings.COORDINATOR_EMAIL:
        return
    _send(
        recipient=settings.COORDINATOR_EMAIL,
        kind="involvement-time-notify",
        template="time-notify",
        context={
            "record": record,
            "member": record.user,
            "again": record.submission > 1,
            "admin_url": absolute_url(reverse("admin:involvement_timerecord_change", args=[record.pk])),
        },
        about=record,
        # Each sending (the first, and each after a correction) is a new thing to check: one email each.
        occasion=f"submitted-{record.submission}",
    )


@transaction.atomic
def time_record_submit(
    *,
    user,
    date: date,
    description: str,
    hours: Decimal,
    opportunity: Opportunity | None = None,
    meeting=None,
) -> TimeRecord:
    """A Link or RUG member records time they gave; the coordinator hears of it once."""
    if not is_group_member(user):
        raise ValidationError(
            "Only members of the Link group or the Research User Group can record time here."
        )
    _check_time_links(user=user, opportunity=opportunity, meeting=meeting)
    record = TimeRecord(
        user=user,
        date=date,
        description=description.strip(),
        hours=Decimal(hours),
        opportunity=opportunity,
        meeting=meeting,
    )
    record.full_clean()
    record.save()
    _notify_coordinator_of_time(record)
    return record


@transaction.atomic
def time_record_correct(
    *,
    record: TimeRecord,
    date: date,
    description: str,
    hours: Decimal,
    opportunity: Opportunity | None = None,
    meeting=None,
) -> TimeRecord:
    """The member changes time still waiting, or corrects time sent back and sends it again. Approved
    time is an activity now and is not changed here."""
    record = TimeRecord.objects.select_for_update().get(pk=record.pk)
    if record.status == TimeRecordStatus.APPROVED:
        raise ValidationError("This time has been approved already, so it can no longer be changed.")
    _check_time_links(user=record.user, opportunity=opportunity, meeting=meeting)
    sent_again = record.status == TimeRecordStatus.RETURNED
    record.date = date
    record.description = description.strip()
    record.hours = Decimal(hours)
    record.opportunity = opportunity
    record.meeting = meeting
    if sent_again:
        record.status = TimeRecordStatus.WAITING
        record.submission += 1
    record.full_clean()
    record.save()
    if sent_again:
        _notify_coordinator_of_time(record)
    return record


@transaction.atomic
def time_record_approve(*, record: TimeRecord, by) -> TimeRecord:
    """Accept the member's time: it becomes an activity at the rate in force on its date, and its payment
    is approved with it (the coordinator has just checked it), so the next payment run pays it."""
    record = TimeRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != TimeRecordStatus.WAITING:
        raise ValidationError(f"This time is {record.get_status_display().lower()}: nothing to decide.")
    if record.meeting_id and Activity.objects.filter(user=record.user, meeting=record.meeting).exists():
        raise ValidationError(
            "This member already has an activity for that meeting: return this time instead."
        )
    activity = activity_record(
        user=record.user,
        date=record.date,
        description=record.description,
        hours=record.hours,
        opportunity=record.opportunity,
        source=ActivitySource.MEMBER,
        meeting=record.meeting,
    )
    if activity.payment_status == PaymentStatus.DUE:
        activity = activity_set_payment_status(activity=activity, status=PaymentStatus.APPROVED)
    record.status = TimeRecordStatus.APPROVED
    record.activity = activity
    record.decided_at = timezone.now()
    record.decided_by = by
    record.return_reason = ""
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def time_record_return(*, record: TimeRecord, by, reason: str) -> TimeRecord:
    """Send the member's time back with the reason; the member is emailed once for each return and may
    correct it and send it again."""
    record = TimeRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != TimeRecordStatus.WAITING:
        raise ValidationError(f"This time is {record.get_status_display().lower()}: nothing to decide.")
    record.status = TimeRecordStatus.RETURNED
    record.return_reason = reason.strip()
    record.decided_at = timezone.now()
    record.decided_by = by
    record.full_clean()
    record.save()
    _send(
        user=record.user,
        kind="involvement-time-returned",
        template="time-returned",
        context={"record": record, "url": absolute_url(record.get_absolute_url())},
        about=record,
        occasion=f"returned-{record.submission}",
    )
    return record


# Activities from a meeting's attendance ------------------------------------------------------------


@transaction.atomic
def activities_from_attendance(*, meeting, hours_by_user: dict[int, Decimal], by) -> list[Activity]:
    """Make an activity for each chosen member who attended the meeting, with the hours given, at the rate
    in force on the meeting's date. A member who already has one for the meeting is skipped (and the
    unique constraint keeps it so when two coordinators do this at once)."""
    rows = {row["user"].pk: row for row in attendance_for_activities(meeting)}
    unknown = set(hours_by_user) - set(rows)
    if unknown:
        raise ValidationError("Only Link group and RUG members who attended the meeting can be chosen.")
    starts = timezone.localtime(meeting.start)
    created = []
    for user_id, hours in hours_by_user.items():
        row = rows[user_id]
        if row["existing"] is not None:
            continue
        try:
            with transaction.atomic():
                created.append(
                    activity_record(
                        user=row["user"],
                        date=starts.date(),
                        start_time=starts.time().replace(second=0, microsecond=0),
                        description=f"{meeting.title} ({meeting.community.name})"[:200],
                        hours=Decimal(hours),
                        source=ActivitySource.ATTENDANCE,
                        meeting=meeting,
                    )
                )
        except IntegrityError:
            continue  # made a moment ago by someone else: never twice
    return created


@transaction.atomic
def activity_set_payment_status(*, activity: Activity, status: str) -> Activity:
    """Approve a payment that is due. Payments become paid only with their payment run
    (`payment_run_mark_paid`), so a payment cannot be paid outside a run, or twice."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if status != PaymentStatus.APPROVED or activity.payment_status != PaymentStatus.DUE:
        raise ValidationError(
            f"A payment that is {activity.get_payment_status_display().lower()} cannot become "
            f"{PaymentStatus(status).label.lower()} here."
        )
    if activity.date > timezone.localdate():
        raise ValidationError("This activity has not happened yet: approve its payment once it has.")
    activity.payment_status = status
    activity.save(update_fields=["payment_status", "updated_at"])
    return activity


# Payment runs --------------------------------------------------------------------------------------


@transaction.atomic
def payment_run_create(*, by, note: str = "") -> PaymentRun:
    """Gather every approved payment and expense claim that is in no run yet into a new run.

    An item is in one run at most (a unique constraint), so two runs made at the same moment never share
    one: the second waits for the first's locks, then sees what the first took.
    """
    # Lock the approved rows first. A run being made at the same moment holds these locks until it
    # commits; the queries below then start after it and see its items (READ COMMITTED takes a fresh
    # snapshot per statement). Do not merge the two steps: a single query would use the older snapshot.
    list(Activity.objects.select_for_update().filter(payment_status=PaymentStatus.APPROVED).values_list("pk"))
    list(Expense.objects.select_for_update().filter(status=ExpenseStatus.APPROVED).values_list("pk"))
    activities, expenses = payment_run_candidates()
    activities, expenses = list(activities), list(expenses)
    if not activities and not expenses:
        raise ValidationError("Nothing is approved and waiting to be paid, so there is no run to make.")
    run = PaymentRun(created_by=by, note=note.strip())
    run.full_clean()
    run.save()
    items = [PaymentRunItem(run=run, activity=activity) for activity in activities]
    items += [PaymentRunItem(run=run, expense=expense) for expense in expenses]
    try:
        with transaction.atomic():
            PaymentRunItem.objects.bulk_create(items)
    except IntegrityError as clash:
        # The unique constraint is the last line: an item already in another run is never added twice.
        raise ValidationError(
            "Another payment run took some of these items a moment ago. Look at the list of runs, "
            "then make a new run for anything still waiting."
        ) from clash
    return run


@transaction.atomic
def payment_run_mark_paid(*, run: PaymentRun, paid_on: date, by) -> PaymentRun:
    """Record that finance paid the run: the run is dated and signed, and every payment and claim in it
    becomes Paid (each change kept in the history). A run is marked paid once."""
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.is_paid:
        raise ValidationError(f"{run} was already marked as paid on {run.paid_on:%-d %B %Y}.")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "The payment date cannot be in the future."})
    if paid_on < timezone.localdate(run.created_at):
        raise ValidationError({"paid_on": "The payment date cannot be before the run was made."})
    run.paid_on = paid_on
    run.marked_paid_at = timezone.now()
    run.marked_paid_by = by
    run.full_clean()
    run.save()
    # Row by row (not a bulk update) so that each payment's history records who marked it paid.
    for activity in Activity.objects.select_for_update().filter(payment_run_items__run=run):
        activity.payment_status = PaymentStatus.PAID
        activity.save(update_fields=["payment_status", "updated_at"])
    for expense in Expense.objects.select_for_update().filter(payment_run_items__run=run):
        expense.status = ExpenseStatus.PAID
        expense.save(update_fields=["status", "updated_at"])
    _send_remittances(run)
    return run


def _send_remittances(run: PaymentRun) -> None:
    """One email to each member paid in the run: what each payment was for, the expenses, the total and
    the date paid. Keyed on the run and the member, so it is stored, and sent, once."""
    for remittance in remittances_for_run(run):
        member = remittance["member"]
        _send(
            user=member,
            kind="involvement-remittance",
            template="remittance",
            context={**remittance, "run": run, "url": absolute_url(reverse("my_involvement:record"))},
            about=run,
            occasion=f"member-{member.pk}",
        )


@transaction.atomic
def payment_run_delete(*, run: PaymentRun) -> None:
    """Undo a run made by mistake: its items wait for the next run. A paid run is a record and stays."""
    run = PaymentRun.objects.select_for_update().get(pk=run.pk)
    if run.is_paid:
        raise ValidationError(f"{run} has been paid and is kept as a record.")
    run.items.all().delete()
    run.delete()


# Expenses -----------------------------------------------------------------------------------------


@transaction.atomic
def expense_submit(
    *, user, kind: str, description: str, incurred_on: date, amount: Decimal, receipt=None, activity=None
) -> Expense:
    if activity is not None and activity.user_id != user.pk:
        raise ValidationError({"activity": "Choose one of your own activities."})
    expense = Expense(
        user=user,
        kind=kind,
        description=description.strip(),
        incurred_on=incurred_on,
        amount=amount,
        activity=activity,
    )
    if receipt:
        expense.receipt = receipt
    expense.full_clean()
    expense.save()
    # Both emails are keyed to the claim, so each is stored, and sent, once.
    context = {
        "expense": expense,
        "member": user,
        "decision_days": EXPENSE_DECISION_DAYS,
        "url": absolute_url(expense.get_absolute_url()),
    }
    _send(
        user=user,
        kind="involvement-expense-received",
        template="expense-received",
        context=context,
        about=expense,
        occasion="received",
    )
    if settings.COORDINATOR_EMAIL:
        _send(
            recipient=settings.COORDINATOR_EMAIL,
            kind="involvement-expense-notify",
            template="expense-notify",
            context={
                **context,
                "admin_url": absolute_url(reverse("admin:involvement_expense_change", args=[expense.pk])),
            },
            about=expense,
            occasion="received",
        )
    return expense


@transaction.atomic
def expense_decide(*, expense: Expense, approve: bool, by, reason: str = "") -> Expense:
    """Approve or reject a pending claim (a rejection needs a reason); the member hears once."""
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    if expense.status != ExpenseStatus.PENDING:
        raise ValidationError("This claim has already been decided.")
    expense.status = ExpenseStatus.APPROVED if approve else ExpenseStatus.REJECTED
    expense.decision_reason = reason.strip()
    expense.decided_at = timezone.now()
    expense.decided_by = by
    expense.full_clean()
    expense.save()
    _send(
        user=expense.user,
        kind="involvement-expense-decision",
        template="expense-decision",
        context={"expense": expense, "url": absolute_url(expense.get_absolute_url())},
        about=expense,
        occasion="decision",
    )
    return expense
