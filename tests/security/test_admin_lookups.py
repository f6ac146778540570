"""Admin lists filter only by the filters they offer.

Django's changelist used to turn any parameter of its address into a lookup, so `?token__regex=^a` could
read a field staff never see one character at a time. For every registered admin (ours, Django's,
allauth's), as a superuser and as each staff role: a `__regex` lookup, a lookup on a field the list does
not filter by and a lookup on no field at all answer 400; every link in the list's filter panel and date
hierarchy opens (200, not Django's "?e=1" error redirect).
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse

from apps.core.admin_lookups import ListedFiltersOnlyAdmin, check_admins_filter_only_by_their_filters
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLE_GROUPS = {
    "unit_lead": "Unit lead",
    "coordinator": "Involvement coordinator",
    "finance": "Finance",
    "editor": "Communications editor",
    "broker": "Knowledge broker",
}


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_registered_admin_filters_only_by_its_own_filters():
    assert len(admin.site._registry) >= 38
    unguarded = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, ListedFiltersOnlyAdmin)
    ]
    assert unguarded == []
    assert check_admins_filter_only_by_their_filters() == []


class _FilterLinks(HTMLParser):
    """The hrefs inside the changelist's filter panel (`nav#changelist-filter`) and date hierarchy
    (`nav.toplinks`), and how many filters the panel shows."""

    def __init__(self):
        super().__init__()
        self.inside = None
        self.filter_links, self.date_links, self.filters_shown = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and attrs.get("id") == "changelist-filter":
            self.inside = self.filter_links
        elif tag == "nav" and "toplinks" in (attrs.get("class") or "").split():
            self.inside = self.date_links
        elif tag == "details" and self.inside is self.filter_links:
            self.filters_shown += 1
        elif tag == "a" and self.inside is not None and attrs.get("href"):
            self.inside.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self.inside = None


def _filter_links(html: str) -> _FilterLinks:
    parser = _FilterLinks()
    parser.feed(html)
    return parser


def _text_field(model) -> str:
    """The model's first text field (a regex reads text), or its first field if it has none."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    text = [field for field in fields if isinstance(field, (models.CharField, models.TextField))]
    return (text or fields)[0].name


def _unlisted_field(model, model_admin, request) -> str:
    """A field the list does not filter by (nor its date hierarchy)."""
    listed = {model_admin.date_hierarchy}
    for item in model_admin.get_list_filter(request):
        if isinstance(item, (list, tuple)):
            item = item[0]
        listed.add(item.split("__")[0] if isinstance(item, str) else getattr(item, "parameter_name", None))
    return next(
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in listed
    )


def _ensure_rows():
    """Models the demo leaves empty get a row, so their lists show filters with choices."""
    from apps.communities.services import calendar_feed_get_or_create
    from apps.involvement.models import Application
    from apps.involvement.models import Group as InvolvementGroup
    from apps.seminars.models import Announcement, Feedback, Registration, Seminar
    from tests.factories.involvement import ApplicationFactory

    calendar_feed_get_or_create(user=UserFactory())
    if not Application.objects.exists():
        ApplicationFactory(group=InvolvementGroup.objects.first())
    if not Feedback.objects.exists():
        Feedback.objects.create(
            registration=Registration.objects.first(), rating=5, most_useful="The examples."
        )
    if not Announcement.objects.exists():
        Announcement.objects.create(
            seminar=Seminar.objects.first(),
            subject="Room change",
            body="We meet in room 2.",
            recipients_count=1,
        )
    for model, _ in _registered():
        assert model._default_manager.exists(), f"No {model._meta.label} row: add one in _ensure_rows"


@pytest.fixture
def staff(request, seeded_demo):
    _ensure_rows()
    who = request.param
    if who == "superuser":
        return StaffFactory(email="root@lookups.example", is_superuser=True)
    user = StaffFactory(email=f"{who}@lookups.example")
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[who]))
    return user


def _may_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


@pytest.mark.parametrize("staff", ["superuser", *ROLE_GROUPS], indirect=True)
def test_admin_lists_refuse_lookups_they_do_not_offer_and_open_every_filter_they_do(client, rf, staff):
    sign_in(client, staff)
    request = rf.get("/")
    request.user = staff
    lists_checked = refused = filters_followed = 0
    problems = []

    for model, model_admin in _registered():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if not _may_view(staff, model):
            # Closed to this role: refused before any lookup is read.
            answer = client.get(url, {f"{_text_field(model)}__regex": "^a"}).status_code
            if answer != 403:
                problems.append(f"{url} closed to {staff.email} answered {answer}")
            continue
        lists_checked += 1

        for lookup, value in [
            (f"{_text_field(model)}__regex", "^a"),
            (f"{_unlisted_field(model, model_admin, request)}__isnull", "False"),
            ("no_such_field__startswith", "a"),
        ]:
            answer = client.get(url, {lookup: value}).status_code
            refused += answer == 400
            if answer != 400:
                problems.append(f"{url}?{lookup}={value} answered {answer}, not 400")

        response = client.get(url)
        assert response.status_code == 200, url
        links = _filter_links(response.content.decode())
        listed = len(model_admin.get_list_filter(request))
        if links.filters_shown != listed:
            problems.append(f"{url} shows {links.filters_shown} of its {listed} filters")
        # Each date-hierarchy level down to the day, through the first link of each.
        date_links, page = [], links
        while page.date_links and len(date_links) < 3:
            deeper = [link for link in page.date_links if link.count("__") > len(date_links)]
            if not deeper:
                break
            date_links.append(deeper[0])
            page = _filter_links(client.get(url + deeper[0]).content.decode())
        for link in dict.fromkeys(links.filter_links + date_links):
            answer = client.get(url + link)
            filters_followed += 1
            if answer.status_code != 200:
                problems.append(f"{url}{link} answered {answer.status_code} {answer.get('Location', '')}")

    assert problems == []
    expected_lists = sum(_may_view(staff, model) for model, _ in _registered())
    assert lists_checked == expected_lists
    assert refused == 3 * expected_lists
    if staff.is_superuser:
        assert lists_checked == len(admin.site._registry) >= 38
        assert filters_followed >= sum(len(model_admin.list_filter) for _, model_admin in _registered())
