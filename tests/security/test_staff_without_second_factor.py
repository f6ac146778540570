"""The column "staff without the second factor": a staff account's powers grant nothing, anywhere, until
its session has passed the second factor.

Generated from every page of the URLconf (every view, whatever its URL: the receipts, meeting papers and
calendar files, draft pages, exports, the staff area) and every admin page. For each staff role, and the
superuser, a session that signed in with the password only must meet exactly what a member in the same
groups meets (a member's permissions grant nothing), or be sent to enter their code. Routes need an
example URL below; a new route without one fails `test_every_route_has_an_example`.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from tests.auth import sign_in, sign_in_without_second_factor
from tests.factories.accounts import StaffFactory, UserFactory
from tests.security.test_permission_matrix import (
    GROUP_OF_ROLE,
    STAFF_PAGES,
    STAFF_ROLES,
    _ensure_rows,
    _routes,
)

pytestmark = pytest.mark.django_db
RECEIPT = b"%PDF-1.4 a bus ticket"


def _examples(o) -> dict[str, str]:
    """An example URL for each route that is not a staff page (STAFF_PAGES build their own)."""
    return {
        "": "/",
        "healthz": "/healthz",
        "robots.txt": "/robots.txt",
        "favicon.ico": "/favicon.ico",
        "pages/": "/pages/",
        "pages/<slug:slug>/": f"/pages/{o['draft_page']}/",
        "search/": "/search/?q=knee",
        "sitemap.xml": "/sitemap.xml",
        "me/": "/me/",
        "me/account/": "/me/account/",
        "me/involvement/": "/me/involvement/",
        "me/involvement/print/": "/me/involvement/print/",
        "me/involvement/certificate/": "/me/involvement/certificate/",
        "me/involvement/record.csv": "/me/involvement/record.csv",
        "me/involvement/activities/<int:pk>/": f"/me/involvement/activities/{o['activity']}/",
        "me/involvement/expenses/new/": "/me/involvement/expenses/new/",
        "me/involvement/time/": "/me/involvement/time/",
        "me/involvement/time/<int:pk>/": f"/me/involvement/time/{o['time_record']}/",
        "me/involvement/expenses/<int:pk>/": f"/me/involvement/expenses/{o['expense']}/",
        "me/involvement/expenses/<int:pk>/receipt/": f"/me/involvement/expenses/{o['expense']}/receipt/",
        "me/involvement/activities/<int:pk>/payment-choice/": (
            f"/me/involvement/activities/{o['activity']}/payment-choice/"
        ),
        "me/payment-choices/": "/me/payment-choices/",
        "me/opportunities/": "/me/opportunities/",
        "me/opportunities/<slug:slug>/": f"/me/opportunities/{o['opportunity']}/",
        "me/opportunities/<slug:slug>/interest/": f"/me/opportunities/{o['opportunity']}/interest/",
        "me/opportunities/<slug:slug>/withdraw/": f"/me/opportunities/{o['opportunity']}/withdraw/",
        "me/opportunities/<slug:slug>/accept/": f"/me/opportunities/{o['opportunity']}/accept/",
        "me/benefits/": "/me/benefits/",
        "me/benefits/letters/<int:pk>/": f"/me/benefits/letters/{o['benefits_letter']}/",
        "me/profile/": "/me/profile/",
        "me/data/": "/me/data/",
        "me/data/download.json": "/me/data/download.json",
        "me/data/erase/": "/me/data/erase/",
        "me/messages/": "/me/messages/",
        "me/messages/<int:pk>/": "/me/messages/1/",
        "communities/": "/communities/",
        "communities/my-calendar/": "/communities/my-calendar/",
        "communities/feed/<str:token>.ics": o["feed"],
        "communities/<slug:slug>/": f"/communities/{o['slug']}/",
        "communities/<slug:slug>/join/": f"/communities/{o['slug']}/join/",
        "communities/<slug:slug>/leave/": f"/communities/{o['slug']}/leave/",
        "communities/<slug:slug>/meetings/<int:pk>/": f"/communities/{o['slug']}/meetings/{o['meeting']}/",
        "communities/<slug:slug>/meetings/<int:pk>/calendar.ics": (
            f"/communities/{o['slug']}/meetings/{o['meeting']}/calendar.ics"
        ),
        "communities/<slug:slug>/meetings/<int:pk>/rsvp/": (
            f"/communities/{o['slug']}/meetings/{o['meeting']}/rsvp/"
        ),
        "communities/<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/": (
            f"/communities/{o['slug']}/meetings/{o['meeting']}/papers/{o['paper']}/"
        ),
        "communities/<slug:slug>/ask-to-join/": f"/communities/{o['slug']}/ask-to-join/",
        "communities/<slug:slug>/ask-to-join/thanks/": f"/communities/{o['slug']}/ask-to-join/thanks/",
        "communities/<slug:slug>/my-name/": f"/communities/{o['slug']}/my-name/",
        "people/": "/people/",
        "people/<slug:slug>/": f"/people/{o['person']}/",
        "publications/": "/publications/",
        "publications/^export\\.(?P<fmt>bib|ris)$": "/publications/export.bib",
        "publications/^(?P<key>[-\\w]+)/export\\.(?P<fmt>bib|ris)$": (
            f"/publications/{o['draft_publication']}/export.ris"
        ),
        "publications/<str:key>/": f"/publications/{o['draft_publication']}/",
        "seminars/": "/seminars/",
        "seminars/feed.ics": "/seminars/feed.ics",
        "seminars/registration/<str:token>/cancel/": "/seminars/registration/not-a-token/cancel/",
        "seminars/registration/<str:token>/stop-emails/": "/seminars/registration/not-a-token/stop-emails/",
        "seminars/feedback/<str:token>/": "/seminars/feedback/not-a-token/",
        "seminars/certificate/<int:pk>/": "/seminars/certificate/1/",
        "seminars/certificate/link/<str:token>/": "/seminars/certificate/link/not-a-token/",
        "seminars/<slug:slug>/": f"/seminars/{o['draft_seminar']}/",
        "seminars/<slug:slug>/register/": f"/seminars/{o['seminar']}/register/",
        "seminars/<slug:slug>/registered/": f"/seminars/{o['seminar']}/registered/",
        "seminars/<slug:slug>/event.ics": f"/seminars/{o['seminar']}/event.ics",
        "involvement/": "/involvement/",
        "involvement/thanks/": "/involvement/thanks/",
        "involvement/impact/": "/involvement/impact/",
        "involvement/impact/how-we-tell-you/": "/involvement/impact/how-we-tell-you/",
        "involvement/impact/<slug:slug>/": f"/involvement/impact/{o['draft_impact']}/",
        "involvement/impact/<slug:slug>/name/": f"/involvement/impact/{o['draft_impact']}/name/",
        "impact/": "/impact/",
        "impact/<slug:slug>/": "/impact/first-contact-physiotherapy-one-form/",
        "involvement/finance/export/": "/involvement/finance/export/",
        "notifications/preferences/": "/notifications/preferences/",
        "notifications/preferences/<str:token>/": "/notifications/preferences/not-a-token/",
        "notifications/unsubscribe/<str:token>/": "/notifications/unsubscribe/not-a-token/",
        "ask/": "/ask/",
        "ask/thanks/": "/ask/thanks/",
        "ask/status/<str:token>/": "/ask/status/not-a-token/",
        "ask/follow-up/<str:token>/": "/ask/follow-up/not-a-token/",
        "seminars/did-you/<str:token>/": "/seminars/did-you/not-a-token/",
        "ask/answered/": "/ask/answered/",
        "ask/answered/<int:number>/": f"/ask/answered/{o['request']}/",
        "^media/(?P<path>.+)$": "/media/not-there.pdf",
    }


def _objects():
    """Demo rows, several of them drafts or private, that only a staff power would open."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.brokering.models import EvidenceRequest
    from apps.communities.enums import MemberRole, MembershipStatus
    from apps.communities.models import MeetingPaper
    from apps.communities.models import Membership as CommunityMembership
    from apps.communities.services import calendar_feed_get_or_create
    from apps.impact.models import ImpactEntry
    from apps.involvement.models import Activity, Opportunity, TimeRecord
    from apps.people.models import Profile
    from apps.seminars.models import Seminar
    from tests.factories.communities import CommunityFactory
    from tests.factories.impact import ImpactEntryFactory
    from tests.factories.involvement import ExpenseFactory
    from tests.factories.pages import PageFactory
    from tests.factories.publications import PublicationFactory
    from tests.factories.seminars import SeminarFactory

    link = User.objects.get(email="link@demo.example")
    facilitator = User.objects.get(email="facilitator@demo.example")
    community = (
        CommunityMembership.objects.filter(
            user=facilitator, role=MemberRole.FACILITATOR, status=MembershipStatus.APPROVED
        )
        .first()
        .community
    )
    paper = MeetingPaper.objects.filter(meeting__community=community).select_related("meeting").first()
    # Drafts: a staff power (previewing) is what would open them.
    draft_page = PageFactory(slug="draft-for-the-sweep", status="draft")
    draft_publication = PublicationFactory(is_public=False)
    draft_seminar = SeminarFactory(is_published=False)
    draft_impact = ImpactEntry.objects.filter(published_at__isnull=True).first() or ImpactEntryFactory()
    CommunityFactory(slug="not-the-facilitators")
    from apps.involvement.benefits_models import BenefitsLetter

    return {
        "benefits_letter": BenefitsLetter.objects.order_by("pk").first().pk,
        "slug": community.slug,
        "other_slug": "not-the-facilitators",
        "meeting": paper.meeting.pk,
        "paper": paper.pk,
        "membership": community.memberships.exclude(user=facilitator).first().pk,
        "join_request": community.join_requests.first().pk if community.join_requests.exists() else 1,
        "activity": Activity.objects.filter(user=link).first().pk,
        "expense": ExpenseFactory(user=link, receipt=SimpleUploadedFile("ticket.pdf", RECEIPT)).pk,
        "opportunity": Opportunity.objects.first().slug,
        "time_record": TimeRecord.objects.order_by("pk").first().pk,
        "feed": calendar_feed_get_or_create(user=link).get_absolute_url(),
        "person": Profile.objects.first().slug,
        "draft_page": draft_page.slug,
        "draft_publication": draft_publication.slug,
        "seminar": Seminar.objects.first().slug,
        "draft_seminar": draft_seminar.slug,
        "draft_impact": draft_impact.slug,
        "request": EvidenceRequest.objects.order_by("number").first().number,
    }


@pytest.fixture
def world(seeded_demo):
    _ensure_rows()
    return _objects()


def test_every_route_has_an_example(world):
    routes = set(_routes())
    examples = set(_examples(world)) | set(STAFF_PAGES)
    assert routes - examples == set(), "Give these routes an example URL in _examples"
    assert len(routes) >= 80


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        row = model._default_manager.order_by("pk").first()
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_change".format(*info), args=[row.pk]))
        # The admin's own extra pages that need no record (a preview, an export form...).
        for pattern in admin.site._registry[model].get_urls():
            if pattern.name and not pattern.pattern.regex.groups and str(pattern.pattern):
                urls.append(reverse(f"admin:{pattern.name}"))
    return list(dict.fromkeys(urls))


def _answer(response) -> str:
    location = response.get("Location", "")
    code_pages = (reverse("mfa_reauthenticate"), reverse("mfa_activate_totp"))
    if response.status_code in (301, 302) and location.startswith(code_pages):
        return "enter your code"
    if response.status_code in (301, 302):
        return f"redirect {location.split('?')[0]}"
    return str(response.status_code)


@pytest.mark.parametrize("role", [*STAFF_ROLES, "superuser"])
def test_staff_without_the_second_factor_meet_what_a_member_meets(role, world):
    staff = StaffFactory(email=f"{role}@sweep.example", is_superuser=role == "superuser")
    twin = UserFactory(email=f"{role}-twin@sweep.example")
    if role != "superuser":
        group = Group.objects.get(name=GROUP_OF_ROLE[role])
        staff.groups.add(group)
        twin.groups.add(group)
    from tests.auth import give_totp

    give_totp(staff)
    without = sign_in_without_second_factor(Client(raise_request_exception=False), staff)
    member = sign_in_without_second_factor(Client(raise_request_exception=False), twin)

    requests = [("get", url) for url in _examples(world).values()]
    requests += [(method, build(world)) for method, build, _roles in STAFF_PAGES.values()]
    requests += [("get", url) for url in _admin_urls()]
    differences = {}
    for method, url in requests:
        theirs = _answer(getattr(without, method)(url))
        members = _answer(getattr(member, method)(url))
        # Meeting the member's answer, being sent to enter the code, or being refused outright (a staff
        # account may be refused what a member may do: erasing itself) all grant nothing.
        if theirs not in (members, "enter your code", "403", "404"):
            differences[f"{method.upper()} {url}"] = f"staff without the code: {theirs}; member: {members}"
    assert differences == {}
    assert len(requests) >= 150


def test_the_same_staff_with_the_second_factor_do_open_what_their_role_opens(world):
    """The sweep above is not vacuous: with the code entered, finance opens the receipt a member cannot."""
    finance = StaffFactory(email="finance@sweep.example")
    finance.groups.add(Group.objects.get(name="Finance"))
    receipt = f"/me/involvement/expenses/{world['expense']}/receipt/"
    client = Client()
    sign_in_without_second_factor(client, finance)
    assert client.get(receipt).status_code in (403, 404)
    sign_in(client, finance)
    assert client.get(receipt).status_code == 200


def test_a_member_made_staff_keeps_no_powers_in_an_old_session(world):
    """A member's session from before they were made coordinator never passed a second factor."""
    person = UserFactory(email="promoted@sweep.example")
    client = sign_in_without_second_factor(Client(), person)
    person.is_staff = True
    person.save()
    person.groups.add(Group.objects.get(name="Involvement coordinator"))

    receipt = f"/me/involvement/expenses/{world['expense']}/receipt/"
    assert client.get(receipt).status_code in (403, 404)
    assert client.get("/admin/").status_code == 302
