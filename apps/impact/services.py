"""Writes to the impact log: entries, who took part, members' own choices. The only writers."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.emails import absolute_url
from apps.core.page_cache import public_pages_changed
from apps.core.services import OutboxRequest, outbox_enqueue_many

from .enums import EntryStatus, HearAbout
from .models import Contribution, ImpactEntry, MemberPreference, Standard
from .standards import UK_STANDARDS

EMAIL_KIND = "impact-entry-published"


def standards_ensure() -> dict[str, Standard]:
    """Create any of the six UK Standards that are missing; leave existing ones (and staff edits) alone.

    Idempotent. Returns every standard by slug.
    """
    for order, (slug, name, description) in enumerate(UK_STANDARDS, start=1):
        Standard.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    return {standard.slug: standard for standard in Standard.objects.all()}


@transaction.atomic
def impact_entry_save(*, entry: ImpactEntry, standards, topics=(), members=()) -> ImpactEntry:
    """Save an entry with its standards, topics and the members who gave the advice.

    Members removed from the entry lose their contribution; members kept keep their own choice about
    being named. Members added to an entry that is already published are told about it (once).
    """
    standards = list(standards)
    if not standards:
        raise ValidationError(
            {"standards": "Choose at least one of the UK Standards for Public Involvement."}
        )
    entry.full_clean(exclude=["standards", "topics"])
    entry.save()
    entry.standards.set(standards)
    entry.topics.set(list(topics))
    wanted = {user.pk for user in members}
    entry.contributions.exclude(user_id__in=wanted).delete()
    existing = set(entry.contributions.values_list("user_id", flat=True))
    Contribution.objects.bulk_create(
        [Contribution(entry=entry, user_id=user_id) for user_id in sorted(wanted - existing)]
    )
    if entry.is_published:
        _tell_members(entry)
    return entry


@transaction.atomic
def impact_entry_publish(*, entry: ImpactEntry) -> ImpactEntry:
    """Show the entry on the public log and tell the members who took part (each of them once ever)."""
    entry = ImpactEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.standards.exists():
        raise ValidationError("Choose at least one of the UK Standards for Public Involvement first.")
    if not entry.is_published:
        entry.status = EntryStatus.PUBLISHED
        entry.published_at = timezone.now()
        entry.save(update_fields=["status", "published_at", "updated_at"])
    _tell_members(entry)
    return entry


@transaction.atomic
def impact_entry_unpublish(*, entry: ImpactEntry) -> ImpactEntry:
    """Take the entry off the public log. Members are not told again if it comes back."""
    ImpactEntry.objects.filter(pk=entry.pk).update(status=EntryStatus.DRAFT, updated_at=timezone.now())
    public_pages_changed()  # update() sends no signal; the public log must drop it at once
    entry.refresh_from_db()
    return entry


def contribution_set_named(*, contribution: Contribution, named: bool) -> Contribution:
    """The member's own choice: whether their name appears on the public entry."""
    Contribution.objects.filter(pk=contribution.pk).update(named=named, updated_at=timezone.now())
    public_pages_changed()  # update() sends no signal; the public entry names (or stops naming) them
    contribution.named = named
    return contribution


def preference_set(*, user, hear_about: str) -> MemberPreference:
    if hear_about not in HearAbout.values:
        raise ValidationError({"hear_about": "Choose how you would like to hear from us."})
    preference, _ = MemberPreference.objects.update_or_create(user=user, defaults={"hear_about": hear_about})
    return preference


def _tell_members(entry: ImpactEntry) -> int:
    """Mark the news as due for members not yet told, and email at once those who asked for that.

    `news_at` is set once per contribution; the digest reads it for the others. The outbox key
    (member, kind, contribution) keeps the at-once email to one, however often this runs.
    """
    fresh = list(entry.contributions.filter(news_at__isnull=True))
    if not fresh:
        return 0
    Contribution.objects.filter(pk__in=[contribution.pk for contribution in fresh]).update(
        news_at=timezone.now()
    )
    user_ids = [contribution.user_id for contribution in fresh]
    at_once = set(
        MemberPreference.objects.filter(user_id__in=user_ids, hear_about=HearAbout.AT_ONCE).values_list(
            "user_id", flat=True
        )
    )
    if not at_once:
        return 0
    users = get_user_model().objects.in_bulk(at_once)
    url = absolute_url(entry.get_absolute_url())
    requests = []
    for contribution in fresh:
        if contribution.user_id not in at_once:
            continue
        user = users[contribution.user_id]
        requests.append(
            OutboxRequest(
                recipient=user.email,
                kind=EMAIL_KIND,
                template="impact/entry-published",
                context={
                    "member": user,
                    "entry": entry,
                    "named": contribution.named,
                    "url": url,
                    "me_url": absolute_url("/me/"),
                },
                about=contribution,
                occasion="published",
            )
        )
    return outbox_enqueue_many(requests=requests)


@transaction.atomic
def member_impact_erase(*, user) -> None:
    """Forget a member in the impact log: their contributions (the entries stay) and their preference."""
    Contribution.objects.filter(user=user).delete()
    MemberPreference.objects.filter(user=user).delete()
