from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from apps.involvement.enums import EmploymentStatus, OpportunityStatus, PaymentPreference, PaymentStatus
from apps.involvement.models import (
    Activity,
    Application,
    Expense,
    Group,
    Interest,
    MemberProfile,
    Membership,
    Opportunity,
    Rate,
)
from tests.factories.accounts import UserFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")
    description = "People who help research reach everyday care."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    joined_on = date(2024, 1, 1)


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberProfile

    user = factory.SubFactory(UserFactory)
    payment_preference = PaymentPreference.PAID


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    name = "Pat Applicant"
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    group = factory.SubFactory(GroupFactory)
    motivation = "I care for my mother and want research to help people like her."
    consent_to_contact = True


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    slug = factory.Sequence(lambda n: f"opportunity-{n}")
    summary = "Help us with a leaflet."
    what_it_involves = "Reading and commenting."
    time_needed = "1 hour"
    places = 2
    employment_status = EmploymentStatus.INVOLVEMENT
    status = OpportunityStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.set(extracted)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    opportunity = factory.SubFactory(OpportunityFactory)
    user = factory.SubFactory(UserFactory)


class RateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rate

    effective_from = date(2024, 4, 1)
    hourly_rate = Decimal("25.00")
    daily_rate = Decimal("150.00")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    user = factory.SubFactory(UserFactory)
    date = date(2025, 5, 1)
    description = factory.Sequence(lambda n: f"Meeting {n}")
    hours = Decimal("2")
    payment_preference = PaymentPreference.PAID
    amount_due = Decimal("50.00")
    payment_status = PaymentStatus.DUE


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    user = factory.SubFactory(UserFactory)
    kind = "travel"
    description = "Bus fare"
    incurred_on = date(2025, 5, 1)
    amount = Decimal("6.40")
