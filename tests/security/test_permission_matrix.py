"""Who may open what: every admin URL and every staff page, for every role.

The URLs are generated from `admin.site._registry` (each model's list, add, change, delete and history
pages, each action posted on the list, each extra admin URL) and from the URLconf (every page outside
the admin and allauth). The expectations are written out below by hand: what each role may do with each
model (docs/permissions.md says the same in words), which roles may run each admin action, and who may
open each staff page. A new model, action, admin URL or page that the tables do not cover makes
`test_the_tables_cover_every_admin_model_action_and_page` fail: add its row.

Staff sign in with two-factor sign-in completed (`sign_in_with_second_factor`), as they must. Their
sign-in is never "recent": exports of personal data ask the people allowed to run them to confirm who
they are (CONFIRMS_IDENTITY), and everyone else must be refused before that question.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import User
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "facilitator",
    "unit_lead",
    "coordinator",
    "finance",
    "editor",
    "broker",
    "superuser",
]
STAFF_ROLES = ["unit_lead", "coordinator", "finance", "editor", "broker"]
GROUP_OF_ROLE = {
    "unit_lead": "Unit lead",
    "coordinator": "Involvement coordinator",
    "finance": "Finance",
    "editor": "Communications editor",
    "broker": "Knowledge broker",
    "facilitator": "Community facilitator",
}

# What each staff role may do with each model in the admin: v(iew) a(dd) c(hange) d(elete).
# A model a role does not list is closed to it (403). The superuser may do everything the admin allows.
ALL = "vacd"
MODEL_ACCESS = {
    "unit_lead": {
        "auth.group": "v",
        "account.emailaddress": "v",
        "accounts.user": "vac",
        "core.topic": ALL,
        "core.outboxmessage": "vc",
        "people.profile": ALL,
        "people.profilerole": ALL,
        "people.expertisearea": ALL,
        "communities.community": ALL,
        "communities.membership": ALL,
        "communities.meeting": ALL,
        "communities.output": ALL,
        "communities.calendarfeed": "vd",
        "involvement.group": ALL,
        "involvement.membership": ALL,
        "involvement.application": ALL,
        "involvement.memberprofile": ALL,
        "involvement.opportunity": ALL,
        "involvement.rate": ALL,
        "involvement.activity": ALL,
        "involvement.expense": ALL,
        "involvement.paymentrun": ALL,
        "involvement.timerecord": "vc",
        "involvement.activitykind": ALL,
        "involvement.charity": ALL,
        "involvement.benefitlimit": ALL,
        "involvement.benefitsinformation": "v",
        "involvement.benefitsletter": "va",
        "communities.joinrequest": "v",
        "impact.impactentry": ALL,
        "impact.standard": "v",
        "impact.memberpreference": "v",
        "publications.publication": ALL,
        "seminars.seminarseries": ALL,
        "seminars.seminar": ALL,
        "seminars.registration": ALL,
        "seminars.feedback": ALL,
        "seminars.announcement": ALL,
        "pages.section": ALL,
        "pages.page": ALL,
        "pages.homeblock": ALL,
        "notifications.notificationpreference": "vc",
        "evidence.impact": ALL,
        "evidence.evidenceitem": ALL,
        # The annual report's narrative for each period.
        "staff.reportnarrative": ALL,
    },
    "coordinator": {
        "accounts.user": "v",
        "core.topic": "v",
        "involvement.group": "v",
        "involvement.membership": ALL,
        "involvement.application": "vc",
        "involvement.memberprofile": "vac",
        "involvement.opportunity": ALL,
        "involvement.rate": "v",
        "involvement.activity": "vac",
        "involvement.expense": "vc",
        # They make a run; finance marks it paid (or deletes it while unpaid).
        "involvement.paymentrun": "va",
        "involvement.timerecord": "vc",
        # Kinds of activity and the charities members may give a payment to: kept, never deleted.
        "involvement.activitykind": "vac",
        "involvement.charity": "vac",
        # Benefits: they see what members told us and make letters; finance keeps the limits.
        "involvement.benefitlimit": "v",
        "involvement.benefitsinformation": "v",
        "involvement.benefitsletter": "va",
        "impact.impactentry": ALL,
        "impact.standard": "v",
        "impact.memberpreference": "v",
        # Impact evidence: they record impacts and evidence, but do not delete them.
        "evidence.impact": "vac",
        "evidence.evidenceitem": "vac",
    },
    "finance": {
        "involvement.activity": "vc",
        "involvement.expense": "vc",
        "involvement.rate": "vac",
        "involvement.activitykind": "vac",
        "involvement.charity": "vac",
        # "c" is what marking a run paid needs; the admin deletes only runs not yet paid.
        "involvement.paymentrun": ALL,
        # They keep the benefits limits (a new amount each April) and read members' limits and letters.
        "involvement.benefitlimit": "vac",
        "involvement.benefitsinformation": "v",
        "involvement.benefitsletter": "v",
    },
    "editor": {
        "core.topic": "vac",
        "people.profile": ALL,
        "people.profilerole": ALL,
        "people.expertisearea": ALL,
        "publications.publication": ALL,
        "seminars.seminarseries": ALL,
        "seminars.seminar": ALL,
        "pages.section": ALL,
        "pages.page": ALL,
        "pages.homeblock": ALL,
    },
    # Knowledge brokers work on the brokers' queue (/staff/requests/); in the admin only impact evidence
    # (they record impacts and evidence, but do not delete them).
    "broker": {"evidence.impact": "vac", "evidence.evidenceitem": "vac"},
}
# What the admin never offers, whoever asks (messages, claims, registrations and feedback come from
# the site; announcements are sent from the seminar).
ADMIN_NEVER = {
    # Email addresses are added and confirmed by their owner on their account page; authenticators are
    # set up by their owner (a secret set by someone else would be theirs too).
    "account.emailaddress": "ac",
    "mfa.authenticator": "ac",
    "core.outboxmessage": "a",
    # People ask to join on the community's page; the admin approves or declines (emailing them).
    "communities.membership": "a",
    "involvement.expense": "a",
    "seminars.registration": "a",
    "seminars.feedback": "ac",
    "seminars.announcement": "a",
    # A run is made from what is approved, then marked paid on its own page: never edited in a form.
    "involvement.paymentrun": "c",
    # Members record their own time on /me/involvement/time/; it is returned, never deleted.
    "involvement.timerecord": "ad",
    # Members tell us about their benefits on /me/benefits/; staff read it. A letter given is a record.
    "involvement.benefitsinformation": "acd",
    "involvement.benefitsletter": "cd",
    # Visitors send join requests; facilitators decide them on the community's requests page.
    "communities.joinrequest": "ac",
    # The UK Standards for Public Involvement come with the migration; members set their own preference.
    "impact.standard": "ad",
    "impact.memberpreference": "ac",
}

# Which roles may run each admin action (the superuser may run them all).
ACTIONS = {
    # The link goes to the person's own address: nobody sets another person's password.
    ("accounts.user", "send_password_reset"): {"unit_lead"},
    ("core.outboxmessage", "resend_failed"): {"unit_lead"},
    ("communities.membership", "approve_requests"): {"unit_lead"},
    ("communities.membership", "decline_requests"): {"unit_lead"},
    ("communities.meeting", "export_attendance_csv"): {"unit_lead"},
    ("involvement.application", "approve_applications"): {"unit_lead", "coordinator"},
    ("involvement.application", "decline_applications"): {"unit_lead", "coordinator"},
    ("involvement.opportunity", "publish_opportunities"): {"unit_lead", "coordinator"},
    ("involvement.activity", "approve_payments"): {"unit_lead", "coordinator", "finance"},
    ("involvement.expense", "approve_expenses"): {"unit_lead", "coordinator", "finance"},
    ("involvement.timerecord", "approve_time_records"): {"unit_lead", "coordinator"},
    ("involvement.timerecord", "return_time_records"): {"unit_lead", "coordinator"},
    # Paying is done by payment runs now (EXTRA_ADMIN_URLS): the activity action "mark paid" is gone.
    ("impact.impactentry", "publish"): {"unit_lead", "coordinator"},
    ("impact.impactentry", "unpublish"): {"unit_lead", "coordinator"},
    ("publications.publication", "mark_published"): {"unit_lead", "editor"},
    # Registrations name people with their email addresses and access requirements: not for editors.
    ("seminars.seminar", "export_registrations"): {"unit_lead"},
    ("seminars.seminar", "send_follow_up"): {"unit_lead", "editor"},
    ("seminars.seminar", "cancel_seminars"): {"unit_lead", "editor"},
    ("seminars.registration", "mark_attended"): {"unit_lead"},
    ("seminars.registration", "mark_absent"): {"unit_lead"},
    ("seminars.registration", "export_csv"): {"unit_lead"},
    ("seminars.registration", "cancel_registrations"): {"unit_lead"},
    ("pages.page", "publish"): {"unit_lead", "editor"},
    ("pages.page", "move_to_draft"): {"unit_lead", "editor"},
}
# Extra admin URLs (ModelAdmin.get_urls beyond the standard five), by URL name: who may open them.
EXTRA_ADMIN_URLS = {
    "seminars_seminar_export": {"unit_lead"},
    "seminars_seminar_email": {"unit_lead"},
    "involvement_opportunity_outcome": {"unit_lead", "coordinator"},
    # Nobody sets another person's password (they send a reset link): refused to everyone.
    "auth_user_password_change": set(),
    # "Preview and check the reading age" (nothing saved): whoever may add or change the record.
    "pages_page_readability_preview": {"unit_lead", "editor"},
    "publications_publication_readability_preview": {"unit_lead", "editor"},
    "seminars_seminar_readability_preview": {"unit_lead", "editor"},
    "impact_impactentry_readability_preview": {"unit_lead", "coordinator"},
    "involvement_opportunity_readability_preview": {"unit_lead", "coordinator"},
    # An impact's public story: those who add or change impacts.
    "evidence_impact_readability_preview": {"unit_lead", "coordinator", "broker"},
    # Marking a run paid changes the run, its payments and its claims; the coordinator hands runs to
    # finance and does not mark them paid.
    "involvement_paymentrun_mark_paid": {"unit_lead", "finance"},
    # The run's file for finance: names and amounts (export_finance and view_paymentrun).
    "involvement_paymentrun_export": {"unit_lead", "coordinator", "finance"},
    # Activities from a meeting's attendance: names who attended, with pay (personal details, add).
    "involvement_activity_from_meeting": {"unit_lead", "coordinator"},
    # A letter for a benefits office, to print: whoever may see the letters.
    "involvement_benefitsletter_letter": {"unit_lead", "coordinator", "finance"},
}
REFUSED_TO_EVERYONE = {name for name, roles in EXTRA_ADMIN_URLS.items() if not roles}
# Exports of personal data: the people allowed are first asked to confirm who they are.
CONFIRMS_IDENTITY = {
    "communities.meeting action export_attendance_csv",
    "seminars.seminar action export_registrations",
    "seminars.registration action export_csv",
    "seminars_seminar_export",
    "involvement_paymentrun_export",
    "communities/<slug:slug>/manage/meetings/<int:pk>/attendance.csv",
}

# Pages outside the admin and allauth that are NOT staff pages: public pages, members' own pages and
# signed links. Their own tests cover them. A staff page belongs in STAFF_PAGES instead.
NOT_STAFF_PAGES = {
    "",
    "healthz",
    "robots.txt",
    "favicon.ico",
    "pages/",
    "pages/<slug:slug>/",
    "search/",
    "sitemap.xml",
    "me/",
    "me/account/",
    "me/involvement/",
    "me/involvement/print/",
    "me/involvement/certificate/",
    "me/involvement/record.csv",
    "me/involvement/activities/<int:pk>/",
    "me/involvement/expenses/new/",
    "me/involvement/time/",
    "me/involvement/time/<int:pk>/",
    "me/involvement/expenses/<int:pk>/",
    "me/involvement/expenses/<int:pk>/receipt/",
    "me/involvement/activities/<int:pk>/payment-choice/",
    "me/payment-choices/",
    "me/opportunities/",
    "me/opportunities/<slug:slug>/",
    "me/opportunities/<slug:slug>/interest/",
    "me/opportunities/<slug:slug>/withdraw/",
    "me/opportunities/<slug:slug>/accept/",
    "me/benefits/",
    "me/benefits/letters/<int:pk>/",
    "me/profile/",
    "me/data/",
    "me/data/download.json",
    "me/data/erase/",
    "communities/",
    "communities/my-calendar/",
    "communities/feed/<str:token>.ics",
    "communities/<slug:slug>/",
    "communities/<slug:slug>/join/",
    "communities/<slug:slug>/leave/",
    "communities/<slug:slug>/meetings/<int:pk>/",
    "communities/<slug:slug>/meetings/<int:pk>/calendar.ics",
    "communities/<slug:slug>/meetings/<int:pk>/rsvp/",
    "communities/<slug:slug>/meetings/<int:pk>/papers/<int:paper_pk>/",
    "people/",
    "people/<slug:slug>/",
    "publications/",
    "publications/^export\\.(?P<fmt>bib|ris)$",
    "publications/^(?P<key>[-\\w]+)/export\\.(?P<fmt>bib|ris)$",
    "publications/<str:key>/",
    "seminars/",
    "seminars/feed.ics",
    "seminars/registration/<str:token>/cancel/",
    "seminars/registration/<str:token>/stop-emails/",
    "seminars/feedback/<str:token>/",
    "seminars/certificate/<int:pk>/",
    "seminars/certificate/link/<str:token>/",
    "seminars/<slug:slug>/",
    "seminars/<slug:slug>/register/",
    "seminars/<slug:slug>/registered/",
    "seminars/<slug:slug>/event.ics",
    "involvement/",
    "involvement/thanks/",
    "notifications/preferences/",
    "notifications/preferences/<str:token>/",
    "notifications/unsubscribe/<str:token>/",
    "ask/",
    "ask/thanks/",
    "ask/status/<str:token>/",
    "ask/follow-up/<str:token>/",
    "seminars/did-you/<str:token>/",
    "ask/answered/",
    "ask/answered/<int:number>/",
    # Public uploads (the view serves only public files, safely).
    "^media/(?P<path>.+)$",
    # Visitors without an account ask to join a community.
    "communities/<slug:slug>/ask-to-join/",
    "communities/<slug:slug>/ask-to-join/thanks/",
    # A member's own choice to be named publicly as a facilitator.
    "communities/<slug:slug>/my-name/",
    # The public impact log, and a member's own choice to be named in an entry.
    "involvement/impact/",
    "involvement/impact/how-we-tell-you/",
    "involvement/impact/<slug:slug>/",
    "involvement/impact/<slug:slug>/name/",
    # Stories of what changed (public impacts only; a staff-only impact's address is a 404).
    "impact/",
    "impact/<slug:slug>/",
    # Only a redirect to the payment runs admin now, which checks who asks (MODEL_ACCESS).
    "involvement/finance/export/",
    # A member's own messages from the unit (only theirs: their own tests cover it).
    "me/messages/",
    "me/messages/<int:pk>/",
}

COMMUNITY_MANAGERS = {"facilitator", "unit_lead", "superuser"}
# Staff pages: route -> (method, how to build the path from the demo objects, roles that may open it).
# Anyone else signed in is refused (403, or 404 where the page does not admit the thing exists);
# visitors are sent to sign in.
STAFF_PAGES = {
    "publications/import/": ("get", lambda o: "/publications/import/", {"unit_lead", "editor", "superuser"}),
    # Open to staff who may change any of the texts it checks (pages, publications, opportunities, ...).
    "staff/readability/": (
        "get",
        lambda o: "/staff/readability/",
        {"unit_lead", "coordinator", "editor", "broker", "superuser"},
    ),
    "publications/import/confirm/": (
        "post",
        lambda o: "/publications/import/confirm/",
        {"unit_lead", "editor", "superuser"},
    ),
    "communities/<slug:slug>/manage/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/members/<int:membership_pk>/role/": (
        "post",
        lambda o: f"/communities/{o['slug']}/manage/members/{o['membership']}/role/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/members/<int:membership_pk>/<str:decision>/": (
        "post",
        lambda o: f"/communities/{o['slug']}/manage/members/{o['membership']}/decline/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/meetings/new/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/meetings/new/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/meetings/<int:pk>/edit/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/meetings/{o['meeting']}/edit/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/meetings/<int:pk>/cancel/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/meetings/{o['meeting']}/cancel/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/meetings/<int:pk>/papers/new/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/meetings/{o['meeting']}/papers/new/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/meetings/<int:pk>/papers/<int:paper_pk>/delete/": (
        "post",
        lambda o: f"/communities/{o['slug']}/manage/meetings/{o['meeting']}/papers/{o['paper']}/delete/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/meetings/<int:pk>/attendance/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/meetings/{o['meeting']}/attendance/",
        COMMUNITY_MANAGERS,
    ),
    # Who came, as a CSV (names; emails for staff): those allowed confirm it's them first.
    "communities/<slug:slug>/manage/meetings/<int:pk>/attendance.csv": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/meetings/{o['meeting']}/attendance.csv",
        COMMUNITY_MANAGERS,
    ),
    # "Are you sure?" before ending a member's membership (the POST emails them).
    "communities/<slug:slug>/manage/members/<int:membership_pk>/remove/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/members/{o['membership']}/remove/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/outputs/new/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/outputs/new/",
        COMMUNITY_MANAGERS,
    ),
    # Visitors' requests to join: names, email addresses and reasons, for those who run the community.
    "communities/<slug:slug>/manage/requests/": (
        "get",
        lambda o: f"/communities/{o['slug']}/manage/requests/",
        COMMUNITY_MANAGERS,
    ),
    "communities/<slug:slug>/manage/requests/<int:pk>/<str:decision>/": (
        "post",
        lambda o: f"/communities/{o['slug']}/manage/requests/{o['join_request']}/decline/",
        COMMUNITY_MANAGERS,
    ),
}
# The impact dashboard: each figure is shown to those who hold the view permissions of the data it is
# made of (apps/staff/figures.py). Finance holds none of them whole, so finance has no dashboard.
INVOLVEMENT_FIGURE = {"unit_lead", "coordinator", "superuser"}
BROKERING_FIGURE = {"unit_lead", "coordinator", "broker", "superuser"}
FIGURE_ROLES = {
    "involvement-by-month": INVOLVEMENT_FIGURE,
    "involvement-by-group": INVOLVEMENT_FIGURE,
    "involvement-opportunities": INVOLVEMENT_FIGURE,
    "impact-log": {"unit_lead", "coordinator", "superuser"},
    "communities": {"unit_lead", "superuser"},
    "communities-new-members-by-role": {"unit_lead", "superuser"},
    "seminars": {"unit_lead", "superuser"},
    "seminars-feedback": {"unit_lead", "superuser"},
    "seminars-registrants": {"unit_lead", "superuser"},
    "publications": {"unit_lead", "editor", "superuser"},
    "email": {"unit_lead", "superuser"},
    "brokering-requesters": BROKERING_FIGURE,
    "brokering-time-to-answer": BROKERING_FIGURE,
    "brokering-on-time": BROKERING_FIGURE,
    # Impacts, their evidence and follow-ups: the roles that read impacts (IMPACT_READERS below).
    "impacts-by-level": {"unit_lead", "coordinator", "broker", "superuser"},
    "impact-evidence": {"unit_lead", "coordinator", "broker", "superuser"},
    "impact-follow-ups": {"unit_lead", "coordinator", "broker", "superuser"},
}
DASHBOARD_READERS = set().union(*FIGURE_ROLES.values())
STAFF_PAGES.update(
    {
        # The staff area's front page: active staff, each shown only what their role opens.
        "staff/": ("get", lambda o: "/staff/", {*STAFF_ROLES, "superuser"}),
        # Each person's own choice of the weekly "waiting for you" email.
        "staff/waiting-email/": ("post", lambda o: "/staff/waiting-email/", {*STAFF_ROLES, "superuser"}),
        "staff/impact/": ("get", lambda o: "/staff/impact/", DASHBOARD_READERS),
        "staff/impact/report/": ("get", lambda o: "/staff/impact/report/", DASHBOARD_READERS),
        "staff/impact/csv.zip": ("get", lambda o: "/staff/impact/csv.zip", DASHBOARD_READERS),
        # One figure here; every figure is checked with FIGURE_ROLES.
        "staff/impact/<slug:slug>.csv": (
            "get",
            lambda o: "/staff/impact/involvement-by-month.csv",
            FIGURE_ROLES["involvement-by-month"],
        ),
    }
)
# The brokers' queue: seeing requests (unit lead, knowledge brokers, and involvement coordinators, who
# help researchers with involvement), and working on them (unit lead, knowledge brokers).
REQUEST_READERS = {"unit_lead", "coordinator", "broker", "superuser"}
REQUEST_WORKERS = {"unit_lead", "broker", "superuser"}
STAFF_PAGES.update(
    {
        "staff/requests/": ("get", lambda o: "/staff/requests/", REQUEST_READERS),
        "staff/requests/<int:number>/": (
            "get",
            lambda o: f"/staff/requests/{o['request']}/",
            REQUEST_READERS,
        ),
        **{
            f"staff/requests/<int:number>/{action}/": (
                "post",
                lambda o, action=action: f"/staff/requests/{o['request']}/{action}/",
                REQUEST_WORKERS,
            )
            for action in ("decide", "assign", "start", "notes", "links", "answer", "close", "publish")
        },
    }
)
# Messages to a group: the unit lead and the involvement coordinator write to the Link group and the RUG
# (messaging.send_groupmessage); a community's managers write to it (the demo facilitator's draft).
MESSAGE_WRITERS = {"unit_lead", "coordinator", "superuser"}


def _demo_message_pk(**filters) -> int:
    from apps.messaging.models import GroupMessage

    return GroupMessage.objects.filter(status="draft", **filters).order_by("pk").first().pk


STAFF_PAGES.update(
    {
        "staff/messages/": ("get", lambda o: "/staff/messages/", MESSAGE_WRITERS),
        "staff/messages/new/": ("get", lambda o: "/staff/messages/new/", MESSAGE_WRITERS),
        **{
            f"staff/messages/<int:pk>/{action}": (
                method,
                lambda o, action=action: f"/staff/messages/{_demo_message_pk(audience='groups')}/{action}",
                MESSAGE_WRITERS,
            )
            for action, method in (("", "get"), ("edit/", "get"), ("test/", "post"), ("send/", "post"))
        },
        "communities/<slug:slug>/manage/messages/new/": (
            "get",
            lambda o: f"/communities/{o['slug']}/manage/messages/new/",
            COMMUNITY_MANAGERS,
        ),
        **{
            f"communities/<slug:slug>/manage/messages/<int:pk>/{action}": (
                method,
                lambda o, action=action: (
                    f"/communities/{o['slug']}/manage/messages/"
                    f"{_demo_message_pk(community__slug=o['slug'])}/{action}"
                ),
                COMMUNITY_MANAGERS,
            )
            for action, method in (("", "get"), ("edit/", "get"), ("test/", "post"), ("send/", "post"))
        },
    }
)
# Impact evidence (/staff/impacts/): those who may see impacts (evidence.view_impact); a testimonial's
# file is served to the same people only.
IMPACT_READERS = {"unit_lead", "coordinator", "broker", "superuser"}
# Those who may change impacts (evidence.change_impact) write case studies.
IMPACT_WRITERS = {"unit_lead", "coordinator", "broker", "superuser"}


def _demo_case_study() -> int:
    from apps.evidence.case_studies.models import CaseStudy

    return CaseStudy.objects.order_by("pk").first().pk


def _demo_case_study_version() -> int:
    from apps.evidence.case_studies.models import CaseStudy

    return CaseStudy.history.filter(id=_demo_case_study()).order_by("history_id").first().history_id


def _demo_follow_up(proposal: str) -> int:
    from apps.evidence.models import FollowUp

    return FollowUp.objects.filter(proposal=proposal).order_by("pk").values_list("pk", flat=True).first()


def _demo_evidence_file() -> tuple[int, int]:
    from apps.evidence.models import EvidenceItem

    item = EvidenceItem.objects.exclude(file="").order_by("pk").first()
    return item.impact_id, item.pk


STAFF_PAGES.update(
    {
        "staff/impacts/": ("get", lambda o: "/staff/impacts/", IMPACT_READERS),
        "staff/impacts/<int:pk>/": (
            "get",
            lambda o: f"/staff/impacts/{_demo_evidence_file()[0]}/",
            IMPACT_READERS,
        ),
        "staff/impacts/<int:pk>/evidence/<int:item_pk>/file/": (
            "get",
            lambda o: "/staff/impacts/{}/evidence/{}/file/".format(*_demo_evidence_file()),
            IMPACT_READERS,
        ),
        # Follow-up answers: seen by impact readers; accepting or dismissing one (here the demo's accepted
        # one, which stays as it is) is for those who may add impacts: the same roles.
        "staff/impacts/follow-ups/": ("get", lambda o: "/staff/impacts/follow-ups/", IMPACT_READERS),
        "staff/impacts/follow-ups/<int:pk>/": (
            "get",
            lambda o: f"/staff/impacts/follow-ups/{_demo_follow_up('proposed')}/",
            IMPACT_READERS,
        ),
        **{
            f"staff/impacts/follow-ups/<int:pk>/{action}/": (
                "post",
                lambda o, action=action: f"/staff/impacts/follow-ups/{_demo_follow_up('accepted')}/{action}/",
                IMPACT_READERS,
            )
            for action in ("accept", "dismiss")
        },
        # Impact case studies: read by those who may see impacts, started and edited by those who may
        # change them (the same roles today). The demo has one case study.
        "staff/impacts/case-studies/": ("get", lambda o: "/staff/impacts/case-studies/", IMPACT_READERS),
        "staff/impacts/case-studies/new/": (
            "get",
            lambda o: "/staff/impacts/case-studies/new/",
            IMPACT_WRITERS,
        ),
        **{
            f"staff/impacts/case-studies/<int:pk>{route}": (
                "get",
                lambda o, route=route: f"/staff/impacts/case-studies/{_demo_case_study()}{route}",
                roles,
            )
            for route, roles in (
                ("/", IMPACT_READERS),
                ("/edit/", IMPACT_WRITERS),
                ("/print/", IMPACT_READERS),
                (".docx", IMPACT_READERS),
                ("/versions/", IMPACT_READERS),
            )
        },
        "staff/impacts/case-studies/<int:pk>/versions/<int:version_id>/": (
            "get",
            lambda o: (
                f"/staff/impacts/case-studies/{_demo_case_study()}/versions/{_demo_case_study_version()}/"
            ),
            IMPACT_READERS,
        ),
    }
)
# A community the demo facilitator does not run: its manage page is closed to them.
OTHER_COMMUNITY_PAGE = "other community's manage page"


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route in ("admin/", "accounts/"):
                continue
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _standard_admin_url_names(model) -> set[str]:
    info = (model._meta.app_label, model._meta.model_name)
    return {f"{info[0]}_{info[1]}_{view}" for view in ("changelist", "add", "change", "delete", "history")}


def _extra_admin_url_names() -> set[str]:
    names = set()
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            standard = _standard_admin_url_names(model) | {
                f"{model._meta.app_label}_{model._meta.model_name}_simple_history"
            }
            if name and name not in standard:
                names.add(name)
    return names


def _action_names(model_admin) -> list[str]:
    return [
        name for _func, name, _description in model_admin._get_base_actions() if name != "delete_selected"
    ]


def test_the_tables_cover_every_admin_model_action_and_page():
    models = {model._meta.label_lower for model in admin.site._registry}
    tabled_models = set().union(*MODEL_ACCESS.values()) | set(ADMIN_NEVER) | SUPERUSER_ONLY_MODELS
    actions = {
        (model._meta.label_lower, name)
        for model, model_admin in admin.site._registry.items()
        for name in _action_names(model_admin)
    }
    pages = set(_routes())

    assert models - tabled_models == set(), (
        "Add these admin models to MODEL_ACCESS (or SUPERUSER_ONLY_MODELS)"
    )
    assert actions - set(ACTIONS) == set(), "Add these admin actions to ACTIONS"
    assert _extra_admin_url_names() - set(EXTRA_ADMIN_URLS) == set(), (
        "Add these admin URLs to EXTRA_ADMIN_URLS"
    )
    assert pages - NOT_STAFF_PAGES - set(STAFF_PAGES) == set(), (
        "Add these pages to STAFF_PAGES or NOT_STAFF_PAGES"
    )
    assert (NOT_STAFF_PAGES | set(STAFF_PAGES)) - pages == set(), "These pages no longer exist: remove them"
    from apps.staff.figures import FIGURES_BY_SLUG

    assert set(FIGURES_BY_SLUG) == set(FIGURE_ROLES), "FIGURE_ROLES must name every dashboard figure"


# Models that only the superuser manages (sites, authenticators): no role lists them.
SUPERUSER_ONLY_MODELS = {"sites.site", "mfa.authenticator"}


def test_every_role_group_holds_exactly_the_permissions_its_table_row_describes():
    """The data migration's groups, read back as the table's letters (plus the named permissions)."""
    letters = {"view": "v", "add": "a", "change": "c", "delete": "d"}
    registered = {model._meta.label_lower for model in admin.site._registry}
    for role, table in MODEL_ACCESS.items():
        held: dict[str, str] = {}
        for app_label, codename in Group.objects.get(name=GROUP_OF_ROLE[role]).permissions.values_list(
            "content_type__app_label", "codename"
        ):
            action, _, model = codename.partition("_")
            label = f"{app_label}.{model}"
            if action in letters and label in registered:
                held[label] = "".join(sorted(held.get(label, "") + letters[action], key="vacd".index))
        assert held == {label: value for label, value in table.items()}, role
    assert not Group.objects.get(name="Community facilitator").permissions.exists()


@pytest.fixture
def world(settings, seeded_demo):
    """The demo content (every model has rows) and one signed-in client per role."""
    # Nobody has confirmed who they are lately: exports must ask (CONFIRMS_IDENTITY).
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    from apps.brokering.models import EvidenceRequest
    from apps.communities.enums import MemberRole, MembershipStatus
    from apps.communities.models import Community, JoinRequest, MeetingPaper
    from apps.communities.models import Membership as CommunityMembership
    from tests.factories.communities import CommunityFactory

    _ensure_rows()
    facilitator = User.objects.get(email="facilitator@demo.example")
    run_by_facilitator = CommunityMembership.objects.filter(
        user=facilitator, role=MemberRole.FACILITATOR, status=MembershipStatus.APPROVED
    ).first()
    community = run_by_facilitator.community
    paper = MeetingPaper.objects.filter(meeting__community=community).select_related("meeting").first()
    objects = {
        "slug": community.slug,
        "meeting": paper.meeting.pk,
        "paper": paper.pk,
        "membership": community.memberships.exclude(user=facilitator).first().pk,
        "other_slug": CommunityFactory(slug="not-the-facilitators").slug,
        "request": EvidenceRequest.objects.order_by("number").first().number,
        "join_request": JoinRequest.objects.get_or_create(
            community=community,
            email="visitor@matrix.example",
            defaults={"name": "A visitor", "role": "clinician", "reason": "To learn from colleagues."},
        )[0].pk,
    }
    assert Community.objects.exclude(memberships__user=facilitator).exists()

    users = {
        "member": UserFactory(email="member@matrix.example"),
        "facilitator": facilitator,
        "superuser": StaffFactory(email="root@matrix.example", is_superuser=True),
    }
    for role in STAFF_ROLES:
        users[role] = StaffFactory(email=f"{role}@matrix.example")
        users[role].groups.add(Group.objects.get(name=GROUP_OF_ROLE[role]))
    return {"objects": objects, "users": users}


def _ensure_rows():
    """Models the demo leaves empty get one row, so their change/delete/history pages can be opened."""
    from allauth.mfa.models import Authenticator

    from apps.core.models import OutboxMessage
    from apps.seminars.models import Announcement, Feedback, Registration, Seminar

    assert Authenticator.objects.exists()
    if not OutboxMessage.objects.exists():
        from apps.core.services import outbox_enqueue

        outbox_enqueue(
            recipient="someone@example.org",
            kind="account-login-code",
            template="account/prerendered",
            context={"subject": "Hello", "body_text": "Hello", "body_html": ""},
            about=None,
            occasion="matrix",
        )
    from apps.communities.services import calendar_feed_get_or_create

    calendar_feed_get_or_create(user=User.objects.get(email="link@demo.example"))
    from apps.involvement.models import Application
    from apps.involvement.models import Group as InvolvementGroup
    from tests.factories.involvement import ApplicationFactory

    if not Application.objects.exists():
        ApplicationFactory(group=InvolvementGroup.objects.first())
    registration = Registration.objects.first()
    if not Feedback.objects.exists():
        Feedback.objects.create(registration=registration, rating=5, most_useful="The examples.")
    if not Announcement.objects.exists():
        Announcement.objects.create(
            seminar=Seminar.objects.first(),
            subject="Room change",
            body="We meet in room 2.",
            recipients_count=1,
        )
    for model in admin.site._registry:
        assert model._default_manager.exists(), f"No {model._meta.label} row to open: add one in _ensure_rows"


def _client_for(role, users, client):
    if role == "anonymous":
        return client
    return sign_in(client, users[role])


def _admin_expectations(role: str, label: str) -> str:
    if role in ("anonymous", "member", "facilitator"):
        return ""
    allowed = ALL if role == "superuser" else MODEL_ACCESS[role].get(label, "")
    return "".join(letter for letter in allowed if letter not in ADMIN_NEVER.get(label, ""))


def _answer(response) -> str:
    """What the person met: 'open', 'sign in' (sent to a login page) or 'refused'."""
    if response.status_code in (403, 404):
        return "refused"
    if response.status_code == 302 and ("/login/" in response.url or "/accounts/login/" in response.url):
        return "sign in"
    if response.status_code == 302 and "/accounts/reauthenticate/" in response.url:
        return "confirm identity"
    if response.status_code < 400:
        return "open"
    return f"HTTP {response.status_code}"


def _refused_or_sign_in(role: str) -> str:
    return "sign in" if role == "anonymous" else "refused"


@pytest.mark.parametrize("role", ROLES)
def test_admin_answers_each_role_as_the_tables_say(role, world, client):
    users = world["users"]
    client = _client_for(role, users, client)
    mismatches = {}
    not_staff = role in ("anonymous", "member", "facilitator")

    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        allowed = _admin_expectations(role, label)
        obj = _row_to_open(model)
        info = (model._meta.app_label, model._meta.model_name)

        def expect(name, url, may, method="get", data=None, label=label):
            answer = _answer(getattr(client, method)(url, data or {}))
            wanted = _wanted(name, not_staff, may)
            if answer != wanted:
                mismatches[name] = f"{url}: {answer}, expected {wanted}"

        can_see = bool(set(allowed) & set("vc"))
        expect(f"{label} list", reverse("admin:{}_{}_changelist".format(*info)), can_see)
        expect(f"{label} add", reverse("admin:{}_{}_add".format(*info)), "a" in allowed)
        expect(f"{label} change", reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), can_see)
        expect(f"{label} delete", reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), "d" in allowed)
        expect(f"{label} history", reverse("admin:{}_{}_history".format(*info), args=[obj.pk]), can_see)
        if hasattr(obj, "history"):
            # django-simple-history: one past version of the record.
            version = obj.history.order_by("history_id").first()
            if version is not None:
                url = reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, version.history_id])
                expect(f"{label} past version", url, can_see)

        for action in _action_names(model_admin):
            name = f"{label} action {action}"
            may = role == "superuser" or role in ACTIONS[(label, action)]
            url = reverse("admin:{}_{}_changelist".format(*info))
            response = client.post(url, {"action": action, "_selected_action": [obj.pk], "index": 0})
            answer = _answer(response)
            if answer == "open" and (_no_action_selected(response) or _list_without_action(response, action)):
                answer = "refused"
            wanted = _wanted(name, not_staff, may)
            if answer != wanted:
                mismatches[name] = f"POST {url} action={action}: {answer}, expected {wanted}"

    # A run that has been paid is never deleted, whoever asks (the money has gone out).
    paid_run = _paid_payment_run()
    expect(
        "involvement.paymentrun delete (paid run)",
        reverse("admin:involvement_paymentrun_delete", args=[paid_run.pk]),
        False,
    )

    extra = {
        "seminars_seminar_export": [_first_pk("seminars.seminar")],
        "seminars_seminar_email": [_first_pk("seminars.seminar")],
        "involvement_opportunity_outcome": [_first_pk("involvement.opportunity")],
        "auth_user_password_change": [_first_pk("accounts.user")],
        **{
            f"{label}_readability_preview": []
            for label in (
                "pages_page",
                "publications_publication",
                "seminars_seminar",
                "impact_impactentry",
                "involvement_opportunity",
                "evidence_impact",
            )
        },
        "involvement_paymentrun_mark_paid": [_unpaid_payment_run().pk],
        "involvement_paymentrun_export": [_unpaid_payment_run().pk],
        "involvement_activity_from_meeting": [],
        "involvement_benefitsletter_letter": [_demo_benefits_letter()],
    }
    for name, roles in EXTRA_ADMIN_URLS.items():
        url = reverse(f"admin:{name}", args=extra[name])
        answer = _answer(client.get(url))
        may = role in roles or (role == "superuser" and name not in REFUSED_TO_EVERYONE)
        wanted = _wanted(name, not_staff, may)
        if answer != wanted:
            mismatches[name] = f"{url}: {answer}, expected {wanted}"

    assert mismatches == {}


def _demo_benefits_letter() -> int:
    from apps.involvement.benefits_models import BenefitsLetter

    return BenefitsLetter.objects.order_by("pk").values_list("pk", flat=True).first()


def _wanted(name: str, not_staff: bool, may: bool) -> str:
    if not_staff:
        return "sign in"
    if not may:
        return "refused"
    return "confirm identity" if name in CONFIRMS_IDENTITY else "open"


def _unpaid_payment_run():
    from apps.involvement.models import PaymentRun

    return PaymentRun.objects.filter(paid_on__isnull=True).order_by("pk").first()


def _paid_payment_run():
    from apps.involvement.models import PaymentRun

    return PaymentRun.objects.filter(paid_on__isnull=False).order_by("pk").first()


def _row_to_open(model):
    """The row whose pages are opened: the first, but a payment run still waiting to be paid (one that
    has been paid may not be deleted by anyone), and a kind or charity no payment uses."""
    if model._meta.label_lower == "involvement.paymentrun":
        return _unpaid_payment_run()
    # A kind of activity or a charity already used by a payment is kept (the admin offers no delete).
    unused = {"involvement.activitykind": "activities", "involvement.charity": "donations"}
    if model._meta.label_lower in unused:
        rows = model._default_manager.filter(**{f"{unused[model._meta.label_lower]}__isnull": True})
        return rows.order_by("pk").first()
    return model._default_manager.order_by("pk").first()


def _no_action_selected(response) -> bool:
    # The admin offers only the actions a person may run; any other is answered "No action selected."
    # Only this request's messages count: a redirect the test does not follow leaves the earlier ones
    # (an earlier refusal) waiting in the session.
    storage = get_messages(response.wsgi_request)
    return "No action selected." in [message.message for message in storage._queued_messages]


def _list_without_action(response, action) -> bool:
    """A list the person may only look at offers no actions: the POST shows the list again, unrun."""
    if response.status_code != 200 or response.context is None:
        return False
    form = response.context.get("action_form")
    return form is None or action not in [value for value, _label in form.fields["action"].choices]


def _first_pk(label):
    from django.apps import apps

    return apps.get_model(label).objects.order_by("pk").first().pk


@pytest.mark.parametrize("role", ROLES)
def test_staff_pages_answer_each_role_as_the_table_says(role, world, client):
    client = _client_for(role, world["users"], client)
    objects = world["objects"]
    mismatches = {}

    pages = dict(STAFF_PAGES)
    pages[OTHER_COMMUNITY_PAGE] = (
        "get",
        lambda o: f"/communities/{o['other_slug']}/manage/",
        {"unit_lead", "superuser"},
    )
    for slug, roles in FIGURE_ROLES.items():
        pages[f"figure {slug}"] = ("get", lambda o, slug=slug: f"/staff/impact/{slug}.csv", roles)
    for route, (method, build, roles) in pages.items():
        url = build(objects)
        answer = _answer(getattr(client, method)(url))
        wanted = _wanted(route, False, True) if role in roles else _refused_or_sign_in(role)
        if role == "anonymous" and answer == "refused":
            answer = "sign in"  # a page may refuse visitors outright rather than ask them to sign in
        if answer != wanted:
            mismatches[route] = f"{method.upper()} {url}: {answer}, expected {wanted}"

    assert mismatches == {}
