"""Demo content: the two groups, their demo members with an involvement record, open opportunities,
expense claims and payment runs in every state, and the rate table."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from apps.accounts.demo import demo_email, demo_user
from apps.core.enums import DeliveryMode
from apps.core.models import Topic

from . import benefits_demo
from .enums import (
    EmploymentStatus,
    ExpenseKind,
    ExpenseStatus,
    OpportunityStatus,
    PaymentBasis,
    PaymentPreference,
    PaymentStatus,
    TimeRecordStatus,
)
from .models import (
    Activity,
    Expense,
    Group,
    Interest,
    MemberProfile,
    Membership,
    Opportunity,
    PaymentRun,
    PaymentRunItem,
    Rate,
    TimeRecord,
)
from .payment_models import ActivityKind, Charity
from .services import payment_due

GROUPS = [
    {
        "slug": "link",
        "name": "Link group",
        "short_name": "Link",
        "order": 1,
        "description": (
            "Link stands for Lay Involvement in Knowledge mobilisation. Members are patients and members of "
            "the public with links into community groups, the NHS and voluntary organisations. They help us "
            "carry research findings out into everyday care, and make sure what we share makes sense to the "
            "people it is meant for."
        ),
    },
    {
        "slug": "rug",
        "name": "Research User Group",
        "short_name": "RUG",
        "order": 2,
        "description": (
            "The Research User Group (RUG) brings together people who live with a physical or mental health "
            "condition, or care for someone who does. Members use their experience to shape research: what "
            "questions are asked, how studies are run and how results are explained."
        ),
    },
]

TOPICS = [
    ("musculoskeletal-health", "Musculoskeletal health"),
    ("mental-health", "Mental health"),
    ("primary-care", "Primary care"),
]

OPPORTUNITIES = [
    {
        "slug": "review-a-leaflet-on-back-pain",
        "title": "Review a leaflet about living with back pain",
        "groups": ["link", "rug"],
        "topics": ["musculoskeletal-health"],
        "summary": (
            "A GP practice wants to give patients a short leaflet about back pain. "
            "Tell us whether it is clear and useful."
        ),
        "what_it_involves": "Read a two-page leaflet and answer six questions by email or on the phone.",
        "time_needed": "About 1 hour",
        "mode": DeliveryMode.ONLINE,
        "payment_offered": "Paid at the hourly rate",
        "places": 4,
        "deadline_days": 12,
    },
    {
        "slug": "community-of-practice-meeting-on-osteoarthritis",
        "title": "Join a community of practice meeting on osteoarthritis",
        "groups": ["link"],
        "topics": ["musculoskeletal-health", "primary-care"],
        "summary": (
            "Clinicians and researchers meet to plan how new evidence on knee osteoarthritis reaches GP "
            "surgeries. They want a patient voice at the table."
        ),
        "what_it_involves": "Read the short papers beforehand, join the meeting and share your view.",
        "time_needed": "Half a day",
        "mode": DeliveryMode.IN_PERSON,
        "payment_offered": "Paid at the daily rate, with travel expenses",
        "places": 2,
        "starts_days": 20,
        "deadline_days": 9,
    },
    {
        "slug": "shape-a-study-on-anxiety-support",
        "title": "Help shape a study on support for anxiety",
        "groups": ["rug"],
        "topics": ["mental-health"],
        "summary": (
            "Researchers are planning a study of support for people with anxiety and want to hear from "
            "people who know it first-hand."
        ),
        "what_it_involves": "Two online discussions of an hour each, in a small friendly group.",
        "time_needed": "2 hours over two weeks",
        "mode": DeliveryMode.ONLINE,
        "payment_offered": "Paid at the hourly rate",
        "places": 5,
        "deadline_days": 15,
    },
]


# Easy read, as staff write it beside the standard description (checked by the admin: 15 words a sentence).
LEAFLET_EASY_READ = """We are making a leaflet about back pain.

We want it to be easy to read.

Please read the leaflet at home.

Then tell us what is hard to understand.

We pay you for your time."""


def seed(*, password: str, stdout) -> None:
    Rate.objects.get_or_create(
        effective_from=date(2024, 4, 1),
        defaults={
            "hourly_rate": Decimal("25.00"),
            "daily_rate": Decimal("150.00"),
            "note": "NIHR guidance 2024",
        },
    )
    Rate.objects.get_or_create(
        effective_from=date(2025, 4, 1),
        defaults={
            "hourly_rate": Decimal("26.00"),
            "daily_rate": Decimal("160.00"),
            "note": "NIHR guidance 2025",
        },
    )
    _payment_lists()
    groups = {}
    for spec in GROUPS:
        groups[spec["slug"]], _ = Group.objects.get_or_create(slug=spec["slug"], defaults=spec)
    topics = {}
    for slug, name in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})

    now = timezone.now()
    for spec in OPPORTUNITIES:
        spec = dict(spec)
        group_slugs, topic_slugs = spec.pop("groups"), spec.pop("topics")
        starts_days, deadline_days = spec.pop("starts_days", None), spec.pop("deadline_days", None)
        opportunity, created = Opportunity.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                **spec,
                "status": OpportunityStatus.OPEN,
                "employment_status": EmploymentStatus.INVOLVEMENT,
                "published_at": now - timedelta(days=2),
                "starts_at": _at(now, starts_days, 10) if starts_days else None,
                "deadline": _at(now, deadline_days, 17) if deadline_days else None,
            },
        )
        if created:
            opportunity.groups.set([groups[g] for g in group_slugs])
            opportunity.topics.set([topics[t] for t in topic_slugs])

    link, rug = demo_user("link"), demo_user("rug")
    _member(
        link,
        groups["link"],
        date(2023, 9, 14),
        PaymentPreference.PAID,
        topics["primary-care"],
        {"preferred_name": "Lee", "large_print": True},
    )
    _member(
        rug,
        groups["rug"],
        date(2024, 2, 8),
        PaymentPreference.PAID,
        topics["mental-health"],
        {
            "preferred_name": "Robin",
            "hearing_loop": True,
            "carer_copied": True,
            "carer_email": "robins.carer@demo.example",
        },
    )

    today = timezone.localdate()
    _activity(
        link, "Link group quarterly meeting", date(2025, 3, 12), "3", PaymentBasis.HOURLY, PaymentStatus.PAID
    )
    _activity(
        link,
        "Community of practice: falls prevention",
        date(2025, 6, 18),
        "1",
        PaymentBasis.DAILY,
        PaymentStatus.PAID,
    )
    _activity(
        link,
        "Reviewed plain-language summary of a trial",
        date(2025, 10, 2),
        "1.5",
        PaymentBasis.HOURLY,
        PaymentStatus.APPROVED,
    )
    _activity(
        link,
        "Link group meeting",
        today + timedelta(days=14),
        "2",
        PaymentBasis.HOURLY,
        PaymentStatus.DUE,
        time(14, 0),
    )
    _activity(
        rug,
        "RUG meeting: research priorities",
        date(2025, 1, 22),
        "2",
        PaymentBasis.HOURLY,
        PaymentStatus.PAID,
    )
    _activity(
        rug,
        "Interview panel for a research fellow",
        date(2025, 9, 9),
        "1",
        PaymentBasis.DAILY,
        PaymentStatus.APPROVED,
    )
    _activity(
        rug,
        "RUG meeting",
        today + timedelta(days=10),
        "2",
        PaymentBasis.HOURLY,
        PaymentStatus.DUE,
        time(10, 30),
    )

    Interest.objects.get_or_create(
        opportunity=Opportunity.objects.get(slug="review-a-leaflet-on-back-pain"), user=link
    )
    _activity(
        link,
        "Read the papers for the osteoarthritis community of practice",
        today - timedelta(days=6),
        "1",
        PaymentBasis.HOURLY,
        PaymentStatus.DUE,
    )
    _expense(
        link, ExpenseKind.TRAVEL, "Bus fare to the Link group meeting and back", date(2025, 10, 2), "6.40"
    )
    _expense(
        link,
        ExpenseKind.TRAVEL,
        "Train to the Link group quarterly meeting",
        date(2025, 3, 12),
        "12.80",
        ExpenseStatus.PAID,
    )
    _expense(
        link,
        ExpenseKind.OTHER,
        "Parking at the falls prevention meeting",
        date(2025, 6, 18),
        "4.50",
        ExpenseStatus.APPROVED,
    )
    _expense(
        rug,
        ExpenseKind.CARER,
        "Carer's time while I attended the interview panel",
        date(2025, 9, 9),
        "48.00",
        ExpenseStatus.APPROVED,
    )
    _expense(rug, ExpenseKind.TRAVEL, "Taxi home from the RUG meeting", today - timedelta(days=3), "14.00")
    _payment_runs(demo_user("staff"), link, rug)
    _rise_in_december(link, rug)
    # Time the members recorded themselves: one waiting for the coordinator, one sent back to correct.
    _time_record(
        link, "Phoned two community groups about the leaflet review", today - timedelta(days=2), "1.5"
    )
    _time_record(
        rug,
        "Read the study summary and sent comments",
        today - timedelta(days=5),
        "2",
        return_reason="Was this the summary for the sleep study? Please add which study it was for.",
    )
    MemberProfile.objects.filter(user=link, payroll_reference="").update(payroll_reference="SUP-10482")
    # The RUG member asked for easy read: every letter with an easy-read version reaches them that way.
    MemberProfile.objects.filter(user=rug, easy_read=False).update(easy_read=True)
    Opportunity.objects.filter(slug="review-a-leaflet-on-back-pain", easy_read_summary="").update(
        easy_read_summary=LEAFLET_EASY_READ
    )
    benefits_demo.seed()


# The NIHR public involvement rates rose by 10% from 16 December 2025: an activity is paid at the rate in
# force on its own date, so a prepared meeting on the 15th is paid at the old rate and one on the 16th at
# the new rate.
RATE_RISE = date(2025, 12, 16)
KINDS = [
    ("Reviewing a plain-language summary", Decimal("0.5"), "Reading a summary and sending comments."),
    ("A prepared meeting", Decimal("2"), "A meeting with papers to read first; the reading is included."),
    ("Commenting on a research plan", Decimal("1.5"), "Reading a study's plan and saying what you think."),
]
CHARITIES = [
    ("Age UK North Staffordshire", "1084018"),
    ("Douglas Macmillan Hospice", "510669"),
    ("Approach (dementia support)", "1111410"),
]


def _payment_lists() -> None:
    """The December 2025 rise, the kinds of activity and the charities. Existing rows are left as staff
    left them (get_or_create), so a second seed changes nothing; opportunities seeded before the
    employment-status decision existed get one, but only where none was decided."""
    Rate.objects.get_or_create(
        effective_from=RATE_RISE,
        defaults={
            "hourly_rate": Decimal("28.60"),
            "half_day_rate": Decimal("88.00"),
            "daily_rate": Decimal("176.00"),
            "note": "NIHR rates rose 10% from 16 December 2025",
        },
    )
    for name, paid_hours, description in KINDS:
        ActivityKind.objects.get_or_create(
            name=name, defaults={"paid_hours": paid_hours, "description": description}
        )
    for name, number in CHARITIES:
        Charity.objects.get_or_create(name=name, defaults={"registered_number": number})
    Opportunity.objects.filter(
        slug__in=[spec["slug"] for spec in OPPORTUNITIES], employment_status=""
    ).update(employment_status=EmploymentStatus.INVOLVEMENT)


def _rise_in_december(link, rug) -> None:
    """Two prepared meetings either side of the rise (£52.00 and £57.20), and a summary reviewed after it
    (£14.30) whose fee the Link member asked to be given to a charity; one RUG meeting. Approved and
    waiting for the next payment run; made once (matched on member and description)."""
    meeting = ActivityKind.objects.get(name="A prepared meeting")
    summary = ActivityKind.objects.get(name="Reviewing a plain-language summary")
    age_uk = Charity.objects.get(name="Age UK North Staffordshire")
    for user, description, on, kind, charity in [
        (link, "Prepared meeting: winter pressures in general practice", date(2025, 12, 15), meeting, None),
        (link, "Prepared meeting: falls after a hospital stay", RATE_RISE, meeting, None),
        (link, "Reviewed the plain-language summary of the knee study", RATE_RISE, summary, age_uk),
        (rug, "Prepared meeting: talking therapies waiting lists", RATE_RISE, meeting, None),
    ]:
        if Activity.objects.filter(user=user, description=description).exists():
            continue
        preference = PaymentPreference.DONATED if charity else PaymentPreference.PAID
        rate, amount, _ = payment_due(
            on=on, hours=kind.paid_hours, basis=PaymentBasis.KIND, preference=preference, kind=kind
        )
        Activity.objects.create(
            user=user,
            description=description,
            date=on,
            hours=kind.paid_hours,
            basis=PaymentBasis.KIND,
            kind=kind,
            payment_preference=preference,
            donation_charity=charity,
            rate=rate,
            amount_due=amount,
            payment_status=PaymentStatus.APPROVED,
        )


def _at(now, days: int, hour: int) -> datetime:
    day = timezone.localtime(now).date() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _member(user, group, joined_on, preference, topic, profile_fields) -> None:
    Membership.objects.get_or_create(group=group, user=user, defaults={"joined_on": joined_on})
    profile, created = MemberProfile.objects.get_or_create(
        user=user, defaults={"payment_preference": preference, **profile_fields}
    )
    if created:
        profile.interests.add(topic)


def _activity(user, description, on, hours, basis, status, start_time=None) -> None:
    if Activity.objects.filter(user=user, description=description).exists():
        return
    rate, amount, _ = payment_due(on=on, hours=Decimal(hours), basis=basis, preference=PaymentPreference.PAID)
    Activity.objects.create(
        user=user,
        description=description,
        date=on,
        start_time=start_time,
        hours=Decimal(hours) if basis == PaymentBasis.HOURLY else Decimal("6"),
        basis=basis,
        payment_preference=PaymentPreference.PAID,
        rate=rate,
        amount_due=amount,
        payment_status=status,
    )


def _expense(user, kind, description, on, amount, status=ExpenseStatus.PENDING) -> None:
    Expense.objects.get_or_create(
        user=user,
        description=description,
        defaults={"kind": kind, "incurred_on": on, "amount": Decimal(amount), "status": status},
    )


def _time_record(user, description, on, hours, return_reason="") -> None:
    TimeRecord.objects.get_or_create(
        user=user,
        description=description,
        defaults={
            "date": on,
            "hours": Decimal(hours),
            "status": TimeRecordStatus.RETURNED if return_reason else TimeRecordStatus.WAITING,
            "return_reason": return_reason,
            "decided_at": timezone.now() if return_reason else None,
        },
    )


def _payment_runs(staff, link, rug) -> None:
    """A run finance has paid (everything marked Paid above) and one waiting to be paid (the RUG
    member's interview panel and carer's claim). The Link member's approved review and parking claim
    wait for the next run; their bus fare waits for a decision."""
    paid_on = date(2025, 7, 31)
    paid_run, created = PaymentRun.objects.get_or_create(
        note="Payments to July 2025",
        defaults={
            "created_by": staff,
            "paid_on": paid_on,
            "marked_paid_at": timezone.make_aware(datetime.combine(paid_on, time(15, 0))),
            "marked_paid_by": staff,
        },
    )
    if created:
        # Made a few days before finance paid it (created_at is set on save, so it is moved after).
        made_at = timezone.make_aware(datetime.combine(paid_on - timedelta(days=3), time(10, 0)))
        PaymentRun.objects.filter(pk=paid_run.pk).update(created_at=made_at, updated_at=made_at)
        _add_to_run(
            paid_run,
            Activity.objects.filter(user__in=[link, rug], payment_status=PaymentStatus.PAID),
            Expense.objects.filter(user__in=[link, rug], status=ExpenseStatus.PAID),
        )
    waiting_run, created = PaymentRun.objects.get_or_create(
        note="Autumn 2025 payments", defaults={"created_by": staff}
    )
    if created:
        _add_to_run(
            waiting_run,
            Activity.objects.filter(user=rug, payment_status=PaymentStatus.APPROVED),
            Expense.objects.filter(user=rug, status=ExpenseStatus.APPROVED),
        )


def _add_to_run(run, activities, expenses) -> None:
    for activity in activities.filter(payment_run_items__isnull=True):
        PaymentRunItem.objects.create(run=run, activity=activity)
    for expense in expenses.filter(payment_run_items__isnull=True):
        PaymentRunItem.objects.create(run=run, expense=expense)


def pages_to_check() -> list[tuple[str, str | None]]:
    link = demo_email("link")
    pages = [
        ("/involvement/", None),
        ("/involvement/thanks/", None),
        ("/me/involvement/", link),
        ("/me/involvement/?years=calendar", link),
        ("/me/involvement/print/", link),
        ("/me/involvement/certificate/", link),
        ("/me/involvement/certificate/?from=2020-01-01&to=2019-01-01", link),
        ("/me/involvement/expenses/new/", link),
        ("/me/involvement/time/", link),
        ("/me/opportunities/", link),
        ("/me/opportunities/review-a-leaflet-on-back-pain/", link),
        ("/me/profile/", link),
        ("/me/payment-choices/", link),
    ]
    activity = Activity.objects.filter(user__email=link).order_by("date").first()
    expense = Expense.objects.filter(user__email=link).first()
    if activity:
        pages.append((activity.get_absolute_url(), link))
    open_payment = Activity.objects.filter(user__email=link, payment_run_items__isnull=True).first()
    if open_payment:
        pages.append((reverse("my_involvement:activity_payment_choice", args=[open_payment.pk]), link))
    if expense:
        pages.append((expense.get_absolute_url(), link))
    record = TimeRecord.objects.filter(user__email=link).first()
    if record:
        pages.append((record.get_absolute_url(), link))
    return pages + benefits_demo.pages_to_check()
