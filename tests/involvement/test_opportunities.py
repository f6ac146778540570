import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from apps.involvement.enums import InterestStatus, OpportunityStatus
from apps.involvement.models import Interest
from apps.involvement.services import opportunity_announce_outcome
from tests.auth import sign_in
from tests.factories.accounts import UserFactory
from tests.factories.involvement import InterestFactory, MembershipFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def test_member_expresses_interest_in_one_click(client, member, link_group):
    opportunity = OpportunityFactory(groups=[link_group])
    sign_in(client, member)

    response = client.post(f"/me/opportunities/{opportunity.slug}/interest/")

    assert response.status_code == 302
    assert Interest.objects.get().status == InterestStatus.INTERESTED


def test_expressing_interest_twice_keeps_one(client, member, link_group):
    opportunity = OpportunityFactory(groups=[link_group])
    sign_in(client, member)

    client.post(f"/me/opportunities/{opportunity.slug}/interest/")
    client.post(f"/me/opportunities/{opportunity.slug}/interest/")

    assert Interest.objects.count() == 1


def test_member_withdraws_and_can_come_back(client, member, link_group):
    opportunity = OpportunityFactory(groups=[link_group])
    sign_in(client, member)
    client.post(f"/me/opportunities/{opportunity.slug}/interest/")

    client.post(f"/me/opportunities/{opportunity.slug}/withdraw/")
    withdrawn = Interest.objects.get().status
    client.post(f"/me/opportunities/{opportunity.slug}/interest/")

    assert (withdrawn, Interest.objects.get().status) == (InterestStatus.WITHDRAWN, InterestStatus.INTERESTED)


def test_interest_needs_a_post(client, member, link_group):
    opportunity = OpportunityFactory(groups=[link_group])
    sign_in(client, member)

    response = client.get(f"/me/opportunities/{opportunity.slug}/interest/")

    assert response.status_code == 405


def test_opportunity_of_another_group_answers_404(client, member, rug_group):
    opportunity = OpportunityFactory(groups=[rug_group])
    sign_in(client, member)

    assert client.get(f"/me/opportunities/{opportunity.slug}/").status_code == 404
    assert client.post(f"/me/opportunities/{opportunity.slug}/interest/").status_code == 404
    assert Interest.objects.count() == 0


def test_draft_opportunity_answers_404(client, member, link_group):
    opportunity = OpportunityFactory(groups=[link_group], status=OpportunityStatus.DRAFT)
    sign_in(client, member)

    assert client.get(f"/me/opportunities/{opportunity.slug}/").status_code == 404


def test_visitor_is_sent_to_sign_in(client, link_group):
    opportunity = OpportunityFactory(groups=[link_group])

    response = client.get(f"/me/opportunities/{opportunity.slug}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outcome_tells_everyone_once(link_group, django_capture_on_commit_callbacks):
    opportunity = OpportunityFactory(groups=[link_group], places=1)
    chosen, other, gone = (InterestFactory(opportunity=opportunity) for _ in range(3))
    gone.status = InterestStatus.WITHDRAWN
    gone.save()

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[chosen.user_id])

    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.status, other.status) == (InterestStatus.SELECTED, InterestStatus.NOT_SELECTED)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        chosen.user.email: f"You have a place: {opportunity.title}",
        other.user.email: f"{opportunity.title}: thank you for your interest",
    }
    with pytest.raises(ValidationError):
        opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[chosen.user_id])
    assert len(mail.outbox) == 2


def test_outcome_cannot_select_more_than_the_places(link_group):
    opportunity = OpportunityFactory(groups=[link_group], places=1)
    interests = [InterestFactory(opportunity=opportunity) for _ in range(2)]

    with pytest.raises(ValidationError, match="only 1 places"):
        opportunity_announce_outcome(
            opportunity=opportunity, selected_user_ids=[i.user_id for i in interests]
        )


def test_outcome_cannot_select_someone_not_interested(link_group):
    opportunity = OpportunityFactory(groups=[link_group])

    with pytest.raises(ValidationError, match="expressed interest"):
        opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[UserFactory().pk])


def test_outcome_copies_the_carer_in(link_group, django_capture_on_commit_callbacks):
    from tests.factories.involvement import MemberProfileFactory

    opportunity = OpportunityFactory(groups=[link_group])
    interest = InterestFactory(opportunity=opportunity)
    MemberProfileFactory(user=interest.user, carer_copied=True, carer_email="carer@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[interest.user_id])

    assert mail.outbox[0].cc == ["carer@example.org"]


def _open_for(group, count):
    for _ in range(count):
        OpportunityFactory(groups=[group])


@pytest.mark.parametrize("count", [1, 8])
def test_opportunity_list_queries_do_not_grow(client, member, link_group, count, django_assert_num_queries):
    _open_for(link_group, count)
    sign_in(client, member)
    client.get("/me/opportunities/")  # warm the session

    with django_assert_num_queries(6):  # the session comes from the cache (cached_db sessions)
        response = client.get("/me/opportunities/")

    assert len(response.context["opportunities"]) == count


def test_member_of_two_groups_sees_a_shared_opportunity_once(client, member, link_group, rug_group):
    MembershipFactory(user=member, group=rug_group)
    OpportunityFactory(groups=[link_group, rug_group])
    sign_in(client, member)

    response = client.get("/me/opportunities/")

    assert len(response.context["opportunities"]) == 1


def test_outcome_for_a_large_print_member_is_in_large_print(link_group, django_capture_on_commit_callbacks):
    from tests.factories.involvement import MemberProfileFactory

    opportunity = OpportunityFactory(groups=[link_group])
    interest = InterestFactory(opportunity=opportunity)
    MemberProfileFactory(user=interest.user, large_print=True)

    with django_capture_on_commit_callbacks(execute=True):
        opportunity_announce_outcome(opportunity=opportunity, selected_user_ids=[interest.user_id])

    [(html, mimetype)] = mail.outbox[0].alternatives
    assert mimetype == "text/html"
    assert "font-size: 24px" in html
