"""Plain data for "Waiting for you" (`/staff/` and the weekly email): work in hand someone can act on.

An app offers its kinds of waiting work through a `waiting.py` plugin module with
`waiting_work(user, *, today) -> list[WaitingWork]`: only the kinds `user` holds the permission to act on,
each counted by one query (a COUNT with a MIN of the date it began waiting), with a link to the place
where exactly those items are listed. The staff area only composes them (`apps/staff/waiting.py`).
"""

from dataclasses import dataclass
from datetime import date


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
