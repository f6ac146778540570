import io
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.key_links import key_link
from apps.people.models import Profile
from apps.seminars import (
    demo,
    digest,
    home,
    personal_data,
    profile_sections,
    reminders,
    search,
    sitemaps,
    tokens,
)
from apps.seminars.enums import RegistrationStatus
from apps.seminars.member_area import panels
from apps.seminars.models import Feedback, Registration, Seminar, Speaker
from apps.seminars.selectors import seminars_upcoming
from tests.factories.accounts import UserFactory
from tests.factories.seminars import PastSeminarFactory, RegistrationFactory, SeminarFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_seminar_that_ends_before_it_starts_is_refused_by_the_database():
    seminar = SeminarFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Seminar.objects.filter(pk=seminar.pk).update(ends_at=seminar.starts_at)


def test_speaker_without_profile_or_name_is_refused_by_the_database():
    seminar = SeminarFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.create(seminar=seminar, name="")


def test_reminders_list_confirmed_registrants_only_with_their_cancel_link(django_assert_num_queries):
    start = timezone.now()
    seminar = SeminarFactory(starts_at=start + timedelta(days=1))
    holder = RegistrationFactory(seminar=seminar, email="holder@example.org")
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(seminar=seminar, status=RegistrationStatus.CANCELLED)
    SeminarFactory(starts_at=start + timedelta(days=1), cancelled=True)
    SeminarFactory(starts_at=start + timedelta(days=9))
    user = UserFactory(email="holder@example.org")

    with django_assert_num_queries(3):
        occasions = reminders.occasions_between(start=start, end=start + timedelta(days=2))

    (occasion,) = occasions
    assert (occasion.obj, occasion.uid, occasion.join_link) == (seminar, seminar.uid, seminar.join_link)
    (attendee,) = occasion.attendees
    assert (attendee.email, attendee.user_id) == ("holder@example.org", user.pk)
    # The reminder carries a key link: the outbox signs the cancel link as the email is sent.
    assert attendee.change_url == key_link(tokens.CANCEL, holder.pk)


def test_reminders_use_the_same_number_of_queries_for_many_seminars(django_assert_num_queries):
    start = timezone.now()
    for _ in range(5):
        RegistrationFactory.create_batch(3, seminar=SeminarFactory(starts_at=start + timedelta(hours=5)))

    with django_assert_num_queries(3):
        assert len(reminders.occasions_between(start=start, end=start + timedelta(days=1))) == 5


def test_digest_offers_seminars_announced_in_the_period_however_far_ahead(
    django_assert_num_queries, time_machine
):
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=30))
    SeminarFactory(title="Announced long ago", starts_at=now + timedelta(days=3))
    time_machine.move_to(now - timedelta(days=1))
    soon = SeminarFactory(title="Just announced", starts_at=now + timedelta(days=20))
    far = SeminarFactory(title="Announced for next year", starts_at=now + timedelta(days=200))
    time_machine.move_to(now)
    users = UserFactory.create_batch(3)

    with django_assert_num_queries(1):
        items = digest.digest_items(users=users, since=now - timedelta(days=7), until=now)

    assert sorted(items) == sorted(user.pk for user in users)
    assert [item.title for item in items[users[0].pk]] == [soon.title, far.title]


def test_a_seminar_kept_as_a_draft_is_news_when_it_is_published(time_machine):
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=40))
    draft = SeminarFactory(title="Drafted early", starts_at=now + timedelta(days=60), is_published=False)
    time_machine.move_to(now - timedelta(days=2))
    draft.is_published = True
    draft.save()
    time_machine.move_to(now)
    users = UserFactory.create_batch(1)

    this_week = digest.digest_items(users=users, since=now - timedelta(days=7), until=now)
    when_drafted = digest.digest_items(
        users=users, since=now - timedelta(days=45), until=now - timedelta(days=38)
    )

    assert [item.title for item in this_week[users[0].pk]] == ["Drafted early"]
    assert when_drafted == {users[0].pk: []}


def test_home_section_shows_the_next_seminars_not_cancelled(django_assert_num_queries):
    first = SeminarFactory(starts_at=timezone.now() + timedelta(days=1))
    SeminarFactory(starts_at=timezone.now() + timedelta(days=2), cancelled=True)
    PastSeminarFactory()

    with django_assert_num_queries(2):
        (section,) = home.home_sections()

    assert section.context["seminars"] == [first]
    assert seminars_upcoming(1) == [first]


def test_search_finds_published_seminars_by_title_and_speaker():
    seminar = SeminarFactory(title="Evidence for commissioners")
    SpeakerFactory(seminar=seminar, name="Priya Natarajan")
    SeminarFactory(title="Evidence in secret", is_published=False)

    assert [result.url for result in search.search("commissioners", 5)] == [seminar.get_absolute_url()]
    assert [result.title for result in search.search("natarajan", 5)] == [seminar.title]
    assert search.search("  ", 5) == []


def test_sitemap_lists_published_seminars():
    seminar = SeminarFactory()
    SeminarFactory(is_published=False)

    maps = sitemaps.sitemaps()

    assert list(maps["seminars"]().items()) == [seminar]
    assert maps["seminars-list"]().location("seminars:list") == "/seminars/"


def test_profile_section_lists_a_persons_talks():
    profile = Profile.objects.create(name="Chris Champion", slug="chris-champion")
    talk = SpeakerFactory(profile=profile, name="", talk_title="Two roles")
    SpeakerFactory(profile=profile, name="", seminar=SeminarFactory(is_published=False))

    (section,) = profile_sections.sections(profile)

    assert section.context["talks"] == [talk]
    assert profile_sections.sections(Profile.objects.create(name="Nobody", slug="nobody")) == []


def test_member_panel_shows_only_the_members_own_registrations():
    user = UserFactory(email="member@example.org")
    mine = RegistrationFactory(email="member@example.org")
    RegistrationFactory(email="someone@example.org")

    (panel,) = panels(user)

    assert [registration for registration, _ in panel.context["seminar_rows"]] == [mine]
    assert panels(UserFactory()) == []


def test_personal_data_export_and_erase(django_capture_on_commit_callbacks):
    user = UserFactory(email="member@example.org")
    past = RegistrationFactory(seminar=PastSeminarFactory(), email="member@example.org", organisation="Trust")
    Feedback.objects.create(registration=past, rating=4, most_useful="Examples")
    upcoming_seminar = SeminarFactory(capacity=1)
    RegistrationFactory(
        seminar=upcoming_seminar, email="member@example.org", access_requirements="Hearing loop"
    )
    waiting = RegistrationFactory(
        seminar=upcoming_seminar, email="next@example.org", status=RegistrationStatus.WAITLISTED
    )
    RegistrationFactory(email="other@example.org")

    exported = personal_data.export_personal_data(user)
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase_personal_data(user)

    assert [row["organisation"] for row in exported["seminar_registrations"]] == ["Trust", ""]
    assert exported["seminar_registrations"][0]["feedback"]["rating"] == 4
    assert personal_data.export_personal_data(user) == {"seminar_registrations": []}
    assert Registration.objects.filter(name="Removed").count() == 2
    assert not Registration.objects.filter(access_requirements="Hearing loop").exists()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(email="other@example.org").exists()


def test_demo_seed_is_idempotent_and_has_a_nearly_full_seminar():
    demo.seed(password="x", stdout=io.StringIO())
    counts = (Seminar.objects.count(), Registration.objects.count(), Speaker.objects.count())

    demo.seed(password="x", stdout=io.StringIO())

    assert (Seminar.objects.count(), Registration.objects.count(), Speaker.objects.count()) == counts
    past = Seminar.objects.get(slug=demo.PAST_SLUG)
    assert past.title == "Knowledge Mobilisation Seminar 2024"
    assert past.ends_at < timezone.now()
    assert past.has_resources
    nearly_full = Seminar.objects.get(slug=demo.NEARLY_FULL_SLUG)
    assert (
        nearly_full.capacity - nearly_full.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        == 2
    )
    assert len(seminars_upcoming()) == 3
    assert {speaker.name for speaker in past.speakers.all()} == {"Dr Amara Okafor", "Chris Champion"}


def test_demo_pages_all_answer(client):
    demo.seed(password="x", stdout=io.StringIO())

    statuses = {}
    for path, email in demo.pages_to_check():
        client.logout()
        if email:
            client.force_login(UserFactory(email=email))
        statuses[path] = client.get(path).status_code

    assert set(statuses.values()) == {200}
    assert len(statuses) == 9
