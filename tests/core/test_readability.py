import pytest

from apps.core.readability import plain_text, readability_many, readability_measure, readability_note

HARD = (
    "Notwithstanding considerable methodological heterogeneity, the multidisciplinary implementation of "
    "stratified musculoskeletal management necessitated comprehensive organisational infrastructure, "
    "sustained interprofessional collaboration and continuous evaluative reconceptualisation of established "
    "referral pathways across participating institutions."
)
PLAIN = (
    "We asked people with back pain what helped. Most said a quick talk with a physio helped a lot. "
    "We now offer that talk to all."
)


def test_plain_text_reads_the_words_not_the_markup():
    text = "## Why it matters\n\n- one item\n- two *items*\n\nSee <a href='/x'>the &amp; page</a>."

    assert plain_text(text) == "Why it matters. one item. two items. See the & page."


def test_reading_age_is_high_for_hard_text_and_low_for_plain_text():
    hard, plain = readability_measure(HARD), readability_measure(PLAIN)

    assert hard.reading_age > 20
    assert hard.flesch < 0
    assert plain.reading_age <= 8
    assert plain.flesch > 90


def test_reading_age_is_the_us_grade_plus_five_and_never_below_five():
    assert readability_measure("The cat sat on the mat.").reading_age == 5
    assert readability_measure("") is None
    assert readability_measure("<p></p>") is None


def test_scores_are_kept_per_version_of_the_text():
    first = readability_many([PLAIN, HARD, PLAIN])
    again = readability_many([PLAIN, HARD])

    assert first == again
    assert set(first) == {PLAIN, HARD}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PLAIN, "Reading age: 6 (aim for 12 or under). Flesch reading ease: 104.9 (easy)."),
        ("", "Reading age: not measured yet, as there is no saved text (aim for 12 or under)."),
    ],
)
def test_note_says_the_reading_age_and_the_aim(text, expected):
    assert readability_note(text) == expected


def test_note_follows_the_target_setting(settings):
    settings.READABILITY_TARGET_AGE = 9

    note = readability_note(HARD)

    assert note.startswith("Reading age: 43 (aim for 9 or under). Flesch reading ease: -127.2")
    assert note.endswith("Shorter sentences and everyday words bring the reading age down.")
