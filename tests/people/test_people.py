import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from apps.people.enums import PersonRole
from apps.people.models import Profile
from apps.people.personal_data import erase_personal_data, export_personal_data
from apps.people.search import search
from apps.people.selectors import profile_roles_due_for_renewal, profiles_by_user_id
from apps.people.sitemaps import sitemaps
from tests.auth import sign_in
from tests.factories.accounts import StaffFactory, UserFactory
from tests.factories.people import ExpertiseAreaFactory, ProfileFactory, ProfileRoleFactory
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db


def _names(response):
    return sorted(profile.name for profile in response.context["object_list"])


def test_people_list_filters_by_role(client):
    champion = ProfileRoleFactory(role=PersonRole.CLINICAL_CHAMPION, profile__name="Ann Champion").profile
    ProfileRoleFactory(role=PersonRole.FELLOW, profile__name="Bo Fellow")

    response = client.get("/people/", {"role": "clinical_champion"})

    assert _names(response) == [champion.name]


def test_people_list_filters_by_profession_and_expertise(client):
    area = ExpertiseAreaFactory(name="Osteoarthritis", slug="osteoarthritis")
    physio = ProfileFactory(name="Cat Physio", profession="Consultant physiotherapist")
    physio.expertise.add(area)
    ProfileFactory(name="Dan GP", profession="GP")

    by_profession = client.get("/people/", {"profession": "Consultant physiotherapist"})
    by_expertise = client.get("/people/", {"expertise": "osteoarthritis"})

    assert _names(by_profession) == ["Cat Physio"]
    assert _names(by_expertise) == ["Cat Physio"]


def test_people_list_unknown_filter_values_are_ignored(client):
    ProfileFactory(name="Eve Example")

    response = client.get("/people/", {"role": "astronaut", "expertise": "nothing", "profession": "Wizard"})

    assert response.status_code == 200
    assert _names(response) == ["Eve Example"]
    assert response.context["ignored_filters"] == ["area of expertise", "profession", "role"]
    assert "We did not recognise the area of expertise, profession, role you asked for" in (
        response.content.decode()
    )


def test_people_list_hides_unlisted_profiles(client):
    ProfileFactory(name="Listed Person")
    hidden = ProfileFactory(name="Hidden Person", is_listed=False)

    response = client.get("/people/")

    assert _names(response) == ["Listed Person"]
    assert client.get(f"/people/{hidden.slug}/").status_code == 404


def test_people_list_query_count_is_constant(client, django_assert_num_queries):
    area = ExpertiseAreaFactory()
    ProfileRoleFactory().profile.expertise.add(area)
    with django_assert_num_queries(6) as one:
        client.get("/people/")
    for _ in range(30):
        ProfileRoleFactory().profile.expertise.add(area)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/people/")
    assert response.context["paginator"].count == 31


def test_people_list_paginates(client):
    for number in range(30):
        ProfileFactory(name=f"Person {number:02d}")

    response = client.get("/people/", {"page": 2})

    assert response.context["page_obj"].number == 2
    assert len(response.context["object_list"]) == 6


def test_profile_detail_shows_publications_section(client):
    profile = ProfileFactory(name="Fay Author")
    PublicationFactory(title="Fay's paper on exercise", authors=[("Author", "Fay", profile)])

    response = client.get(f"/people/{profile.slug}/")

    assert response.status_code == 200
    assert [section.title for section, _ in response.context["sections"]] == ["Publications"]
    assert "Fay&#x27;s paper on exercise" in response.content.decode()


def test_profile_detail_without_publications_has_no_section(client):
    profile = ProfileFactory()

    response = client.get(f"/people/{profile.slug}/")

    assert response.context["sections"] == []


def test_profiles_by_user_id_uses_one_query(django_assert_num_queries):
    users = [UserFactory(), UserFactory(), UserFactory()]
    first = ProfileFactory(user=users[0])
    second = ProfileFactory(user=users[1])
    ProfileFactory(user=users[2], is_listed=False)

    with django_assert_num_queries(1):
        found = profiles_by_user_id([user.pk for user in users] + [None])

    assert found == {users[0].pk: first, users[1].pk: second}
    assert profiles_by_user_id([]) == {}
    assert len(profiles_by_user_id([users[2].pk], listed_only=False)) == 1


@time_machine.travel(date(2026, 3, 1))
def test_roles_due_for_renewal_within_90_days():
    due = ProfileRoleFactory(
        role=PersonRole.CLINICAL_CHAMPION, term_start=date(2023, 4, 1), term_end=date(2026, 5, 1)
    )
    ProfileRoleFactory(role=PersonRole.FELLOW, term_start=date(2023, 4, 1), term_end=date(2026, 9, 1))
    ProfileRoleFactory(
        role=PersonRole.CLINICAL_CHAMPION, term_start=date(2022, 4, 1), term_end=date(2026, 2, 1)
    )
    ProfileRoleFactory(role=PersonRole.KNOWLEDGE_BROKER, term_end=date(2026, 4, 1))

    assert list(profile_roles_due_for_renewal()) == [due]


@time_machine.travel(date(2026, 3, 1))
def test_admin_role_list_filters_terms_due_for_renewal(client):
    due = ProfileRoleFactory(profile__name="Due Soon", term_end=date(2026, 4, 1))
    ProfileRoleFactory(profile__name="Later On", term_end=date(2027, 4, 1))
    sign_in(client, StaffFactory(is_superuser=True))

    response = client.get("/admin/people/profilerole/", {"term": "renewal_due"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [due]
    assert client.get("/admin/people/profile/", {"term": "renewal_due"}).status_code == 200


def test_admin_roles_forbidden_to_staff_without_permission(client):
    sign_in(client, StaffFactory())

    assert client.get("/admin/people/profilerole/").status_code == 403


def test_personal_data_export_and_erase():
    user = UserFactory()
    profile = ProfileFactory(user=user, biography="Likes walking.", orcid="0000-0002-1825-0097")
    ProfileRoleFactory(profile=profile, term_start=date(2024, 1, 1), term_end=date(2027, 1, 1))

    exported = export_personal_data(user)
    erase_personal_data(user)

    profile.refresh_from_db()
    assert exported["profile"]["biography"] == "Likes walking."
    assert exported["profile"]["roles"][0]["term_end"] == "2027-01-01"
    assert (profile.user, profile.is_listed, profile.biography, profile.orcid) == (None, False, "", "")
    assert export_personal_data(user) == {}


def test_search_and_sitemap_list_only_listed_people():
    ProfileFactory(name="Gail Searchable", profession="GP")
    ProfileFactory(name="Gail Hidden", is_listed=False)

    results = search("gail", 10)
    sitemap_items = list(sitemaps()["people"]().items())

    assert [result.title for result in results] == ["Gail Searchable"]
    assert [profile.name for profile in sitemap_items] == ["Gail Searchable"]


def test_seed_demo_links_chris_champion_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Profile.objects.count(), Profile.objects.filter(roles__isnull=False).count())
    call_command("seed_demo", stdout=io.StringIO())

    chris = Profile.objects.get(slug="chris-champion")
    assert chris.user.email == "champion@demo.example"
    assert chris.time_split == "Half of the week in clinic, half in the unit"
    assert (Profile.objects.count(), Profile.objects.filter(roles__isnull=False).count()) == counts
    assert set(
        Profile.objects.filter(roles__role="clinical_champion").values_list("profession", flat=True)
    ) == {
        "GP",
        "Consultant physiotherapist",
    }


def test_member_area_shows_own_profile_only(client):
    user = UserFactory()
    ProfileRoleFactory(profile__user=user, profile__name="Mine Person", term_end=date(2027, 3, 31))
    ProfileFactory(name="Someone Else", user=UserFactory())
    sign_in(client, user)

    html = client.get("/me/").content.decode()

    assert "Mine Person" in html
    assert "term ends 31 March 2027" in html
    assert "Someone Else" not in html


def test_profile_page_shows_the_communities_a_person_facilitates(client):
    from apps.communities.enums import MemberRole
    from tests.factories.communities import MembershipFactory

    profile = ProfileFactory(name="Fran Facilitator", slug="fran")
    profile.user = UserFactory()
    profile.save()
    MembershipFactory(
        user=profile.user, role=MemberRole.FACILITATOR, community__name="Physio together", named_publicly=True
    )

    response = client.get("/people/fran/")

    assert response.status_code == 200
    assert "Physio together" in response.content.decode()
