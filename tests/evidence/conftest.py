from datetime import date

import pytest
from django.contrib.auth.models import Group

from apps.evidence import services
from apps.evidence.enums import Confidentiality, EvidenceKind, ImpactLevel, ImpactStatus
from apps.evidence.models import EvidenceItem, Impact
from tests.factories.accounts import StaffFactory


def _group(name):
    from apps.accounts.roles import staff_roles_ensure

    staff_roles_ensure()  # a transactional test elsewhere may have emptied the groups
    return Group.objects.get(name=name)


def staff_in(role: str, email: str):
    user = StaffFactory(email=email)
    user.groups.add(_group(role))
    return user


@pytest.fixture
def unit_lead(db):
    return staff_in("Unit lead", "lead@iau.example")


def make_impact(title="A practice adopted the pathway", *, evidence=(), **fields) -> Impact:
    values = {
        "summary": "Practices changed how they see people with knee pain.",
        "level": ImpactLevel.ADOPTION,
        "confidentiality": Confidentiality.STAFF_ONLY,
        "started_on": date(2025, 4, 1),
        **fields,
    }
    status = values.pop("status", ImpactStatus.CLAIMED)
    impact = services.impact_save(impact=Impact(title=title, **values))
    for kind, dated_on, item_title, extra in evidence:
        services.evidence_item_save(
            item=EvidenceItem(impact=impact, kind=kind, dated_on=dated_on, title=item_title, **extra)
        )
    impact.status = status
    services.impact_save(impact=impact)
    return impact


FIGURE = (
    EvidenceKind.FIGURE,
    date(2025, 9, 30),
    "Practices using it",
    {"figure": 41, "figure_unit": "practices"},
)
CONTACT = (
    EvidenceKind.CONTACT,
    date(2025, 10, 1),
    "Clinical lead who can confirm it",
    {"contact_name": "Quentin Corroborator", "contact_email": "quentin@practice.example"},
)
