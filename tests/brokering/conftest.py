import pytest
from django.contrib.auth.models import Group

from tests.factories.accounts import StaffFactory, UserFactory


def _group(name):
    from apps.accounts.roles import staff_roles_ensure

    staff_roles_ensure()  # a transactional test elsewhere may have emptied the groups
    return Group.objects.get(name=name)


@pytest.fixture
def broker(db):
    user = StaffFactory(display_name="Bea Broker", email="bea.broker@iau.example")
    user.groups.add(_group("Knowledge broker"))
    return user


@pytest.fixture
def other_broker(db):
    user = StaffFactory(display_name="Ben Broker", email="ben.broker@iau.example")
    user.groups.add(_group("Knowledge broker"))
    return user


@pytest.fixture
def coordinator(db):
    user = StaffFactory(display_name="Cora Coordinator", email="cora@iau.example")
    user.groups.add(_group("Involvement coordinator"))
    return user


@pytest.fixture
def member(db):
    return UserFactory(display_name="Mo Member")


ASK = {
    "kind": "evidence",
    "question": "What helps people with hand osteoarthritis keep working?",
    "purpose": "Our practice is planning a clinic for people of working age.",
    "needed_by": "",
    "name": "Dr Priya Shah",
    "email": "priya.shah@example.org",
    "requester_role": "clinician",
    "organisation": "Riverside Health Centre",
    "funder": "",
    "application_deadline": "",
    "research_stage": "",
    "consent_to_contact": "on",
    "consent_to_publish": "on",
    "website": "",
}


@pytest.fixture
def ask_data():
    return dict(ASK)
