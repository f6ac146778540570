from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.people.models import Profile
from apps.seminars import tokens
from apps.seminars.enums import RegistrationStatus
from apps.seminars.models import Feedback, Registration
from tests.factories.seminars import (
    PastSeminarFactory,
    RegistrationFactory,
    SeminarFactory,
    SeminarSeriesFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

# series and year choices, upcoming count, page + their speakers, past count, past page + their speakers
QUERIES_FOR_THE_LIST = 8
FORM = {"name": "Ann Example", "email": "ann@example.org", "role": "patient_public", "consent": "on"}


def _make_rows(count):
    series = SeminarSeriesFactory()
    profile = Profile.objects.create(name="A Speaker", slug=f"a-speaker-{count}")
    for number in range(count):
        seminar = SeminarFactory(series=series, starts_at=timezone.now() + timedelta(days=number + 1))
        SpeakerFactory(seminar=seminar, profile=profile, name="")
        SpeakerFactory(seminar=seminar)
        RegistrationFactory(seminar=seminar)
        past = PastSeminarFactory(series=series, starts_at=timezone.now() - timedelta(days=number + 3))
        SpeakerFactory(seminar=past)


def test_list_uses_the_same_number_of_queries_for_one_and_many_rows(client, django_assert_num_queries):
    _make_rows(1)
    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        assert client.get("/seminars/").status_code == 200
    _make_rows(15)

    with django_assert_num_queries(QUERIES_FOR_THE_LIST):
        response = client.get("/seminars/")

    # 16 of each, 12 to a page.
    assert len(response.context["upcoming"]) == 12
    assert len(response.context["past_page"].object_list) == 12
    assert response.context["page_obj"].paginator.count == 16
    # The filter choices come from the cache until a seminar changes.
    with django_assert_num_queries(QUERIES_FOR_THE_LIST - 2):
        client.get("/seminars/", {"past": 2})


def test_list_pages_upcoming_and_past_seminars_separately(client):
    for number in range(14):
        SeminarFactory(title=f"Upcoming {number:02d}", starts_at=timezone.now() + timedelta(days=number + 1))
        PastSeminarFactory(title=f"Past {number:02d}", starts_at=timezone.now() - timedelta(days=number + 3))

    first = client.get("/seminars/")
    later = client.get("/seminars/", {"page": 2, "past": 2})

    html = first.content.decode()
    assert html.count('class="card seminar-card') == 24
    assert '<a href="?page=2" rel="next">Later</a>' in html
    assert '<a href="?past=2" rel="next">Older</a>' in html
    assert [s.title for s in later.context["upcoming"]] == ["Upcoming 12", "Upcoming 13"]
    assert [s.title for s in later.context["past_page"].object_list] == ["Past 12", "Past 13"]
    assert '<a href="?page=2&amp;past=1" rel="prev">Newer</a>' in later.content.decode()


def test_list_shows_upcoming_soonest_first_then_past_newest_first_with_resources(client):
    later = SeminarFactory(title="Later", starts_at=timezone.now() + timedelta(days=9))
    sooner = SeminarFactory(title="Sooner", starts_at=timezone.now() + timedelta(days=2))
    old = PastSeminarFactory(title="Old", starts_at=timezone.now() - timedelta(days=90))
    recent = PastSeminarFactory(title="Recent", starts_at=timezone.now() - timedelta(days=9))

    response = client.get("/seminars/")

    assert response.context["upcoming"] == [sooner, later]
    assert list(response.context["past_page"].object_list) == [recent, old]
    content = response.content.decode()
    assert content.index("Sooner") < content.index("Later") < content.index("Recent") < content.index("Old")
    assert 'href="https://video.example.org/recording"' in content
    assert 'href="https://example.org/slides.pdf"' in content


def test_list_filter_by_series_and_year_and_ignores_bad_values(client):
    lunch = SeminarSeriesFactory(slug="lunch")
    in_series = SeminarFactory(series=lunch)
    other = SeminarFactory()
    old = PastSeminarFactory(series=lunch, starts_at=timezone.now().replace(year=2024, month=11, day=14))
    old_year = str(timezone.localtime(old.starts_at).year)

    by_series = client.get("/seminars/", {"series": "lunch"})
    by_year = client.get("/seminars/", {"year": old_year})
    bad = client.get("/seminars/", {"series": "no-such-series", "year": "twenty", "page": "x"})

    assert by_series.context["upcoming"] == [in_series]
    assert by_year.context["upcoming"] == []
    assert list(by_year.context["past_page"].object_list) == [old]
    assert bad.status_code == 200
    assert sorted(s.pk for s in bad.context["upcoming"]) == sorted([in_series.pk, other.pk])


def test_detail_shows_speakers_with_profile_links_and_places_left(client):
    seminar = SeminarFactory(capacity=5)
    profile = Profile.objects.create(name="Chris Champion", slug="chris-champion")
    SpeakerFactory(seminar=seminar, profile=profile, name="", order=1)
    SpeakerFactory(seminar=seminar, name="Dr External", affiliation="Elsewhere", order=2)
    RegistrationFactory.create_batch(2, seminar=seminar)

    response = client.get(f"/seminars/{seminar.slug}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/people/chris-champion/">Chris Champion</a>' in content
    assert "Dr External, Elsewhere" in content
    assert response.context["places_left"] == 3
    assert "3 places left" in content
    assert "secret-room" not in content


def test_detail_unknown_or_unpublished_slug_is_404(client):
    hidden = SeminarFactory(is_published=False)

    assert client.get("/seminars/no-such-seminar/").status_code == 404
    assert client.get(f"/seminars/{hidden.slug}/").status_code == 404


def test_register_form_creates_a_registration_and_shows_confirmation(
    client, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/seminars/{seminar.slug}/register/", FORM, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(f"/seminars/{seminar.slug}/registered/", 302)]
    assert "<h1>Check your email</h1>" in response.content.decode()
    assert "We have sent an email to <strong>ann@example.org</strong>" in response.content.decode()
    assert Registration.objects.get().email == "ann@example.org"
    assert [message.subject for message in mail.outbox] == [f"Your place is confirmed: {seminar.title}"]


def test_register_form_with_errors_keeps_answers_and_explains(client):
    seminar = SeminarFactory()

    response = client.post(
        f"/seminars/{seminar.slug}/register/", {**FORM, "email": "not-an-email", "consent": ""}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Tick the box to agree, or we cannot register you." in content
    assert 'value="Ann Example"' in content
    assert Registration.objects.count() == 0


def test_register_when_closed_shows_a_message_not_an_error(client):
    seminar = SeminarFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))

    response = client.post(f"/seminars/{seminar.slug}/register/", FORM, follow=True)

    assert response.status_code == 200
    assert "Registration for this seminar has closed." in response.content.decode()
    assert Registration.objects.count() == 0


def test_detail_of_full_seminar_offers_the_waiting_list(client):
    seminar = SeminarFactory(capacity=1)
    RegistrationFactory(seminar=seminar)

    content = client.get(f"/seminars/{seminar.slug}/").content.decode()

    assert "This seminar is full." in content
    assert "Join the waiting list" in content


def test_cancel_link_with_a_bad_token_is_404(client):
    registration = RegistrationFactory()
    feedback_token = tokens.make_token(registration, tokens.FEEDBACK)

    assert client.get("/seminars/registration/nonsense/cancel/").status_code == 404
    assert client.get(f"/seminars/registration/{feedback_token}/cancel/").status_code == 404


def test_cancel_link_get_asks_before_cancelling(client):
    registration = RegistrationFactory()

    response = client.get(tokens.signed_path(registration, tokens.CANCEL))

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_stop_emails_works_with_a_one_click_post_without_csrf_or_login():
    from django.test import Client

    registration = RegistrationFactory()
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        tokens.signed_path(registration, tokens.STOP_EMAILS), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.emails_stopped is True


def test_feedback_form_after_the_seminar_stores_answers(client):
    registration = RegistrationFactory(seminar=PastSeminarFactory())
    path = tokens.signed_path(registration, tokens.FEEDBACK)

    assert client.get(path).status_code == 200
    response = client.post(
        path, {"rating": "4", "most_useful": "The examples", "improve": "", "will_use": ""}
    )

    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.registration, feedback.rating, feedback.most_useful) == (registration, 4, "The examples")


def test_feedback_form_with_no_rating_explains(client):
    registration = RegistrationFactory(seminar=PastSeminarFactory())

    response = client.post(tokens.signed_path(registration, tokens.FEEDBACK), {"rating": "9"})

    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_feedback_before_the_seminar_is_not_accepted(client):
    registration = RegistrationFactory()

    response = client.post(tokens.signed_path(registration, tokens.FEEDBACK), {"rating": "5"})

    assert "You can give feedback once the seminar has started." in response.content.decode()
    assert Feedback.objects.count() == 0


def test_detail_of_a_cancelled_seminar_says_so_and_offers_no_form(client):
    seminar = SeminarFactory(cancelled=True)

    content = client.get(f"/seminars/{seminar.slug}/").content.decode()

    assert "This seminar is cancelled" in content
    assert "This seminar has been cancelled, so registration is closed." in content
    assert 'name="email"' not in content


def test_registered_page_without_a_registration_in_the_session_goes_back_to_the_seminar(client):
    seminar = SeminarFactory()

    response = client.get(f"/seminars/{seminar.slug}/registered/")

    assert (response.status_code, response["Location"]) == (302, f"/seminars/{seminar.slug}/")


def test_changes_to_a_registration_are_kept_in_its_audit_history():
    from apps.seminars.services import registration_cancel

    registration = RegistrationFactory()

    registration_cancel(registration=registration, notify=False)

    assert [record.status for record in registration.history.order_by("history_date")][-1] == "cancelled"


def test_a_past_seminar_does_not_offer_to_add_it_to_your_calendar(client):
    seminar = PastSeminarFactory()

    response = client.get(seminar.get_absolute_url())

    assert "Add to your calendar" not in response.content.decode()
