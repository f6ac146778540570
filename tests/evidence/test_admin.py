"""Impacts are edited in the admin: history kept on every change, the status rule explained there."""

from datetime import date

import pytest

from apps.evidence.enums import EvidenceKind, ImpactStatus
from apps.evidence.models import EvidenceItem, Impact
from tests.auth import sign_in

from .conftest import FIGURE, make_impact

pytestmark = pytest.mark.django_db


def _form(impact, *, status, items):
    data = {
        "title": impact.title,
        "summary": impact.summary,
        "level": impact.level,
        "status": status,
        "confidentiality": impact.confidentiality,
        "organisations": "",
        "places": "",
        "reach": "",
        "people_reached": "",
        "started_on": impact.started_on.isoformat(),
        "ended_on": "",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "1000",
        "evidence_items-TOTAL_FORMS": str(len(items)),
        "evidence_items-INITIAL_FORMS": str(sum(1 for item in items if item.get("id"))),
        "evidence_items-MIN_NUM_FORMS": "0",
        "evidence_items-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for key, value in item.items():
            data[f"evidence_items-{index}-{key}"] = value
        data[f"evidence_items-{index}-impact"] = str(impact.pk)
    return data


def test_a_change_in_the_admin_keeps_history_of_the_impact_and_its_evidence(client, unit_lead):
    impact = make_impact("Pathway adopted", evidence=[FIGURE], status=ImpactStatus.EVIDENCED)
    item = impact.evidence_items.get()
    impact_versions = impact.history.count()
    item_versions = item.history.count()
    sign_in(client, unit_lead)

    response = client.post(
        f"/admin/evidence/impact/{impact.pk}/change/",
        _form(
            impact,
            status=ImpactStatus.VERIFIED,
            items=[
                {
                    "id": str(item.pk),
                    "kind": "figure",
                    "dated_on": "2025-09-30",
                    "title": "Practices using it",
                    "figure": "43",
                    "figure_unit": "practices",
                },
                {
                    "kind": "citation",
                    "dated_on": "2025-11-02",
                    "title": "Cited in the local policy",
                    "citation": "Knee pain policy, section 2 (2025)",
                },
            ],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    impact.refresh_from_db()
    assert impact.status == ImpactStatus.VERIFIED
    assert impact.history.count() == impact_versions + 1
    assert impact.history.first().history_user == unit_lead
    assert item.history.count() == item_versions + 1
    assert item.history.first().figure == 43
    added = EvidenceItem.objects.get(kind=EvidenceKind.CITATION)
    assert added.history.count() == 1
    assert added.added_by == unit_lead


def test_the_admin_refuses_a_verified_impact_without_confirmation_from_outside(client, unit_lead):
    impact = make_impact("Claimed only")
    sign_in(client, unit_lead)

    response = client.post(
        f"/admin/evidence/impact/{impact.pk}/change/",
        _form(
            impact,
            status=ImpactStatus.VERIFIED,
            items=[
                {
                    "kind": "figure",
                    "dated_on": "2025-09-30",
                    "title": "A count",
                    "figure": "3",
                    "figure_unit": "practices",
                }
            ],
        ),
    )

    assert response.status_code == 200
    assert "A verified impact needs confirmation from outside the unit" in response.content.decode()
    assert Impact.objects.get(pk=impact.pk).status == ImpactStatus.CLAIMED
    assert not EvidenceItem.objects.exists()


def test_an_evidence_item_of_each_kind_needs_what_makes_it_evidence(client, unit_lead):
    impact = make_impact("Needs evidence")
    sign_in(client, unit_lead)

    response = client.post(
        "/admin/evidence/evidenceitem/add/",
        {
            "impact": str(impact.pk),
            "kind": "citation",
            "dated_on": date(2025, 1, 1).isoformat(),
            "title": "A",
        },
    )

    assert response.status_code == 200
    assert "Name the policy or guideline that cites the work." in response.content.decode()


def test_the_admin_links_a_testimonial_file_to_the_permission_checked_view(client, unit_lead):
    from .test_pages import _testimonial

    impact = make_impact("With a letter")
    item = _testimonial(impact)
    sign_in(client, unit_lead)

    for url in (
        f"/admin/evidence/impact/{impact.pk}/change/",
        f"/admin/evidence/evidenceitem/{item.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert f'href="/staff/impacts/{impact.pk}/evidence/{item.pk}/file/"' in response.content.decode()
