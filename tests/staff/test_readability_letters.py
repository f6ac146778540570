"""/staff/readability/ also lists members' letters (the email templates) above a reading age of 11, the
NHS aim for content, with what to fix; easy-read versions are held to 9."""

import pytest
from django.core.cache import cache

from apps.core.easy_read import EASY_READ_TARGET_AGE, MEMBER_LETTER_TARGET_AGE
from apps.core.readability import readability_measure
from apps.staff.readability import LETTERS, LetterSource, letter_words, letters_above_target
from tests.auth import sign_in

from .conftest import staff_with

pytestmark = pytest.mark.django_db

URL = "/staff/readability/"
HARD_LETTER = (
    '{% include "emails/_greeting.txt" %}\n\n'
    "Notwithstanding the aforementioned considerations, reimbursement of expenditure necessitates "
    "documentary substantiation submitted contemporaneously with the claim for {{ expense.description }}.\n"
    "{{ url }}\n"
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_every_letter_to_members_reads_at_eleven_or_under_and_easy_read_at_nine():
    texts = LETTERS.texts()
    assert len(texts) > 30
    too_hard = []
    for template, version, words, target in texts:
        score = readability_measure(words)
        assert target == (EASY_READ_TARGET_AGE if version == "easy read" else MEMBER_LETTER_TARGET_AGE)
        if score is not None and score.reading_age > target:
            too_hard.append((template, version, score.reading_age))
    assert too_hard == []
    # Letters to staff are not members' letters; the easy-read versions are measured too.
    names = {(template, version) for template, version, *_ in texts}
    assert ("staff/waiting-for-you", "standard") not in names
    assert ("involvement/expense-notify", "standard") not in names
    assert ("involvement/remittance", "easy read") in names


def test_a_letter_is_measured_by_its_words_not_its_template_code():
    assert letter_words(HARD_LETTER) == (
        "Notwithstanding the aforementioned considerations, reimbursement of expenditure necessitates "
        "documentary substantiation submitted contemporaneously with the claim for it."
    )


def test_a_hard_letter_is_listed_with_what_to_fix(tmp_path, superuser):
    (tmp_path / "involvement").mkdir()
    (tmp_path / "staff").mkdir()
    (tmp_path / "involvement" / "claim-body.txt").write_text(HARD_LETTER)
    (tmp_path / "involvement" / "claim_easy_read-body.txt").write_text("We have your claim. Thank you.")
    (tmp_path / "involvement" / "plain-body.txt").write_text("We have your claim. Thank you.")
    (tmp_path / "staff" / "report-body.txt").write_text(HARD_LETTER)

    (letter,) = letters_above_target(superuser, LetterSource(folder=tmp_path))

    assert (letter.template, letter.version) == ("involvement/claim", "standard")
    assert letter.score.reading_age > MEMBER_LETTER_TARGET_AGE
    assert letter.fixes[0].startswith("17 words: “Notwithstanding the aforementioned")
    assert "reimbursement" in letter.fixes[1]


def test_staff_who_write_to_members_see_the_letters_on_the_page(client):
    coordinator = staff_with("involvement.change_opportunity")
    sign_in(client, coordinator)

    html = client.get(URL).content.decode()

    assert '<h2 id="letters-title">Letters to members</h2>' in html
    assert "Every letter to members reads at age 11 or under" in html


def test_staff_who_do_not_write_to_members_do_not_see_them(client):
    editor = staff_with("pages.change_page")
    sign_in(client, editor)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Letters to members" not in response.content.decode()
