"""Every long public text staff write shows its reading age under the field in the admin."""

import re

import pytest

from tests.auth import sign_in
from tests.core.test_readability import HARD, PLAIN
from tests.factories.accounts import StaffFactory
from tests.factories.impact import ImpactEntryFactory
from tests.factories.involvement import OpportunityFactory
from tests.factories.pages import PageFactory
from tests.factories.seminars import SeminarFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "admin_path", "field"),
    [
        (lambda: PageFactory(body=HARD), "pages/page", "body"),
        (lambda: OpportunityFactory(summary=HARD), "involvement/opportunity", "summary"),
        (lambda: SeminarFactory(description=HARD), "seminars/seminar", "description"),
        (lambda: ImpactEntryFactory(you_said=HARD, we_did=PLAIN), "impact/impactentry", "you_said"),
        (lambda: ImpactEntryFactory(you_said=HARD, we_did=PLAIN), "impact/impactentry", "we_did"),
    ],
)
def test_change_form_shows_the_reading_age_under_the_text(client, make, admin_path, field):
    record = make()
    sign_in(client, StaffFactory(is_superuser=True))

    html = client.get(f"/admin/{admin_path}/{record.pk}/change/").content.decode()

    help_block = re.search(rf'id="id_{field}_helptext">(.*?)</div>\s*</div>', html, re.S).group(1)
    expected = "Reading age: 6 (aim for 12 or under)" if field == "we_did" else "Reading age: 43 (aim"
    assert expected in help_block
