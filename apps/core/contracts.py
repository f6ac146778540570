"""Plain data that domain apps hand to the layers above them (notifications, pages, staff).

The domain apps build these in their selectors; notifications and pages read them, so neither side
needs to know the other's models.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models


@dataclass(frozen=True)
class Attendee:
    """Someone who should hear about an occasion."""

    email: str
    name: str = ""
    user_id: int | None = None
    may_see_join_link: bool = True
    # Where this person changes their answer (RSVP, registration, interest). Site-relative or absolute.
    change_url: str = ""


@dataclass(frozen=True)
class Occasion:
    """Something that happens at a time: a meeting, a seminar, an activity, a deadline.

    Reminders are computed from `starts_at` whenever they are due, so when it moves they follow.
    `obj` is the model instance the reminder is about (it keys the outbox row); `uid` and `sequence`
    are the calendar identity (RFC 5545) so that an attached .ics updates the same calendar entry.
    """

    source: str  # e.g. "community-meeting", "seminar", "involvement-activity", "opportunity-deadline"
    obj: models.Model
    title: str
    starts_at: datetime
    ends_at: datetime | None
    url: str  # site-relative path of the page about it
    attendees: list[Attendee]
    where: str = ""  # venue and address, or "Online"
    mode: str = ""  # apps.core.enums.DeliveryMode value, or "" for a deadline
    join_link: str = ""
    papers: list[tuple[str, str]] = field(default_factory=list)  # (title, site-relative url)
    uid: str = ""
    sequence: int = 0
    cancelled: bool = False


# What "new since your last digest" means, for every `digest.py` and for notifications alike.
#
# A digest covers the period [since, until): from the end of the member's last digest to this one's end.
# It lists what *became news* in that period: a meeting or seminar when it was announced (the row was
# created), a publication, output or opportunity when it was published. When the thing happens does not
# matter: a meeting announced today for next spring is in today's digest, and in no later one. So every
# item is listed exactly once, in the digest whose period holds its `published_at`; consecutive digests
# neither repeat nor skip. An event that is already over at `until` is not news and is not offered.
# Sources select with `news_between(...)`; notifications keeps an item only when `is_news(...)` holds for
# that member's own period (a batch asks the sources from its earliest `since`).
# The one exception is a *standing* item (`standing=True`): work in hand the person must act on, such as a
# knowledge broker's open requests. It is not news: it is listed in every digest while it lasts.


def is_news(published_at: datetime, *, since: datetime, until: datetime) -> bool:
    """Whether something that became news at `published_at` belongs in the digest for [since, until)."""
    return since <= published_at < until


def news_between(field_name: str, *, since: datetime, until: datetime) -> models.Q:
    """The same rule as `is_news`, as a filter on the model field holding the moment it became news."""
    return models.Q(**{f"{field_name}__gte": since, f"{field_name}__lt": until})


def stamp_first_publication(instance, *, is_public: bool, kwargs: dict) -> None:
    """Set `instance.published_at` the first time it is saved public (a model's `save` calls this).

    Digests select by that moment, not by when the record was created, so a draft published next month
    is news next month. It is set once: unpublishing and publishing again is not news again.
    """
    if not is_public or instance.published_at is not None:
        return
    from django.utils import timezone

    instance.published_at = timezone.now()
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}


@dataclass(frozen=True)
class DigestItem:
    """One line of an email digest: something that became news in the digest's period (see above)."""

    section: str  # e.g. "Opportunities to get involved", "Meetings of your communities"
    title: str
    url: str  # site-relative
    summary: str = ""
    when: datetime | None = None  # when it happens, if it is an event
    published_at: datetime = field(kw_only=True)  # when it became news: it decides which digest lists it
    standing: bool = field(default=False, kw_only=True)  # work in hand: in every digest (see above)
    # For members who asked for easy read: short sentences in everyday words (the easy-read digest shows
    # this, never `summary`, which is not written for them).
    easy_read_summary: str = field(default="", kw_only=True)


@dataclass(frozen=True)
class SearchResult:
    kind: str  # the group heading on /search/, e.g. "Publications"
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class AccessNeeds:
    """What a person asked for that changes how we write to them (from their involvement profile).

    Offered by an app's `access_needs.py` plugin module (`access_needs_for(user_ids)`); the outbox applies
    it to every email to that person (`apps.core.services`), so no caller has to remember.
    """

    large_print: bool = False
    easy_read: bool = False
    carer_email: str = ""  # copied in on every email to them (never a sign-in code) when they asked for it
    preferred_name: str = ""  # the name they like to be greeted by, if not their display name


@dataclass(frozen=True)
class Block:
    """A piece of a page that another app offers: a home page section, a /me/ panel, a profile section.

    The page renders `template` with `context` (see plugins.render_block) under `title`, in `order`.
    """

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


# The same type, named for where it is shown: a home page section (`home.py`), a /me/ panel
# (`member_area.py`), a section of a public profile (`profile_sections.py`).
HomeSection = Block
MemberPanel = Block
ProfileSection = Block


# Plain data for "Waiting for you" (`/staff/` and the weekly email): work in hand someone can act on.
#
# An app offers its kinds of waiting work through a `waiting.py` plugin module with
# `waiting_work(user, *, today) -> list[WaitingWork]`: only the kinds `user` holds the permission to act on,
# each counted by one query (a COUNT with a MIN of the date it began waiting), with a link to the place
# where exactly those items are listed. The staff area only composes them (`apps/staff/waiting.py`).
@dataclass(frozen=True)
class WaitingPlace:
    """Part of one kind of work that is decided on a page of its own (say, one community's requests)."""

    label: str
    count: int
    url: str  # site-relative


@dataclass(frozen=True)
class WaitingWork:
    kind: str  # a stable name, e.g. "involvement.applications"
    title: str  # what waits, e.g. "Applications to join a group"
    count: int
    # The day (London) the oldest item began waiting, or, when `due` is set, the earliest due date.
    oldest: date | None
    url: str  # site-relative: the page that lists exactly these items, where staff act on them
    action: str  # the words of the link, e.g. "Decide them in the admin"
    places: tuple[WaitingPlace, ...] = ()
    due: bool = False

    def age(self, today: date) -> str:
        """How long the oldest item has waited, in words: "oldest waiting 12 days"."""
        if self.oldest is None:
            return ""
        days = (today - self.oldest).days
        if self.due:
            if days > 0:
                return f"the most overdue is {_days(days)} late"
            if days == 0:
                return "the first is due today"
            return f"the first is due in {_days(-days)}"
        if days <= 0:
            return "the oldest arrived today"
        return f"oldest waiting {_days(days)}"

    def sort_key(self):
        """Oldest first; work with no date comes last."""
        return (self.oldest is None, self.oldest or date.max, self.title)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


# Plain data for the readability check (/staff/readability/ and "Waiting for you"): published texts staff
# write for the public, measured for reading age. An app offers its texts through a `readability.py` plugin
# module with `text_sources() -> list[TextSource]`; the staff area reads each source in one query, measures
# the texts and lists those above the aim to the people who may change them (`apps/staff/readability.py`).
@dataclass(frozen=True)
class TextSource:
    kind: str
    model: type[models.Model]
    fields: tuple[str, ...]
    published: Callable[[], models.QuerySet]
    # A field that must never be empty once published: listed as missing when it is.
    required: str = ""
    # Where staff edit the text (default: the row's admin change page), and who may (default: the
    # model's change permission); the row's name for the list (default: its title).
    edit_url: Callable[[models.Model], str] | None = None
    permission: str = ""
    title_fields: tuple[str, ...] = ("title",)
    title: Callable[[models.Model], str] = lambda row: row.title
    # Where its texts stand in the list among texts of the same reading age (lowest first).
    order: int = field(default=100, kw_only=True)

    @property
    def change_permission(self) -> str:
        return self.permission or f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"

    def rows(self) -> models.QuerySet:
        return self.published().only("pk", *self.title_fields, *self.fields).prefetch_related(None).order_by()

    def url_for(self, row) -> str:
        if self.edit_url is not None:
            return self.edit_url(row)
        from django.urls import reverse

        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])
