"""Published texts that are harder to read than the aim, for /staff/readability/.

Each source is one model's published rows and the long public text fields staff write on them; each app
offers its own in a `readability.py` plugin module (`text_sources() -> [TextSource]`, core.contracts). The
page reads each source in one query and measures texts through `readability_many` (cached per version
of the words), so the page costs one query per source however many texts there are.
"""

import re
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings
from django.utils.text import Truncator

from apps.core.contracts import TextSource
from apps.core.easy_read import (
    EASY_READ_TARGET_AGE,
    MEMBER_LETTER_TARGET_AGE,
    MOST_WORDS_IN_A_SENTENCE,
    long_words,
    sentences,
    words,
)
from apps.core.emails import EASY_READ_SUFFIX
from apps.core.plugins import app_modules
from apps.core.readability import Readability, readability_many


def _offered_sources() -> list[TextSource]:
    """Every app's published texts (`<app>.readability.text_sources()`), in their order."""
    offered = []
    for module in app_modules("readability"):
        offer = getattr(module, "text_sources", None)
        if offer is not None:
            offered.extend(offer())
    return sorted(offered, key=lambda source: source.order)


SOURCES = _offered_sources()


@dataclass(frozen=True)
class HardText:
    kind: str
    title: str
    field: str
    score: Readability | None  # None: the text is missing
    edit_url: str

    @property
    def sort_key(self):
        if self.score is None:
            return (0, 0, 0.0, self.title)
        return (1, -self.score.reading_age, self.score.flesch, self.title)


# Letters ------------------------------------------------------------------------------------------------
# Members' letters (the email templates) aim for a reading age of 9 to 11, the NHS target for content, and
# their easy-read versions for 9. Their words are the plain-text part (templates/emails/<name>-body.txt):
# template tags are dropped, a value such as a title counts as one short word, and a line that is only a
# value (a link, an amount) is left out. Developers change the templates: the list names the file.

EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"
# Letters that never reach a member: to staff about their work, and allauth's own texts (not ours).
NOT_TO_MEMBERS = (
    "account/*",
    "staff/*",
    "*/*-notify",
    "brokering/routed-to-coordinator",
    "communities/join-request",
)
_TAG = re.compile(r"{%.*?%}|{#.*?#}", re.S)
_VALUE = re.compile(r"{{.*?}}", re.S)


def letter_words(source: str) -> str:
    """The words of an email template as a member reads them, for measuring (see above)."""
    lines = []
    for line in _TAG.sub("", source).splitlines():
        if not _VALUE.sub("", line).strip(" :-–.,()\"'"):
            continue
        lines.append(_VALUE.sub("it", line))
    return "\n".join(lines)


@dataclass(frozen=True)
class LetterSource:
    """Members' letters as a readability source: one text per template and version, no query."""

    kind: str = "Letter to members"
    permission: str = "involvement.change_opportunity"  # those who write to members: coordinators, leads
    folder: Path = EMAIL_TEMPLATES

    @property
    def change_permission(self) -> str:
        return self.permission

    def texts(self) -> list[tuple[str, str, str, int]]:
        """(template, version, words, target age) of every letter that reaches members."""
        found = []
        for path in sorted(self.folder.rglob("*-body.txt")):
            name = str(path.relative_to(self.folder)).removesuffix("-body.txt")
            standard = name.removesuffix(EASY_READ_SUFFIX)
            if any(fnmatch(standard, pattern) for pattern in NOT_TO_MEMBERS) or "/_" in f"/{name}":
                continue
            easy = name != standard
            target = EASY_READ_TARGET_AGE if easy else MEMBER_LETTER_TARGET_AGE
            found.append(
                (standard, "easy read" if easy else "standard", letter_words(path.read_text()), target)
            )
        return found


LETTERS = LetterSource()


@dataclass(frozen=True)
class HardLetter:
    template: str
    version: str
    score: Readability
    target: int
    fixes: tuple[str, ...]

    @property
    def path(self) -> str:
        suffix = EASY_READ_SUFFIX if self.version == "easy read" else ""
        return f"templates/emails/{self.template}{suffix}-body.txt (and -body.html)"


def what_to_fix(text: str) -> tuple[str, ...]:
    """The longest sentences over 15 words, then the long words: what makes a text hard to read."""
    long_sentences = sorted(
        (sentence for sentence in sentences(text) if len(words(sentence)) > MOST_WORDS_IN_A_SENTENCE),
        key=lambda sentence: -len(words(sentence)),
    )
    fixes = [
        f"{len(words(sentence))} words: “{Truncator(sentence).words(14)}”" for sentence in long_sentences[:3]
    ]
    hard = long_words(text)
    if hard:
        fixes.append("Long words: " + ", ".join(hard[:8]))
    return tuple(fixes)


def letters_above_target(user, source: LetterSource = LETTERS) -> list[HardLetter]:
    """Members' letters above their aim, hardest first, for staff who write to members; else []."""
    if not user.has_perm(source.change_permission):
        return []
    texts = source.texts()
    scores = readability_many([words_ for _, _, words_, _ in texts])
    hard = [
        HardLetter(template, version, scores[words_], target, what_to_fix(words_))
        for template, version, words_, target in texts
        if scores[words_] is not None and scores[words_].reading_age > target
    ]
    return sorted(hard, key=lambda letter: (-letter.score.reading_age, letter.score.flesch, letter.template))


def sources_for(user) -> list[TextSource]:
    """The sources whose texts this person may change in the admin."""
    return [source for source in SOURCES if user.has_perm(source.change_permission)]


def texts_above_target(sources: list[TextSource]) -> list[HardText]:
    """Published texts with a reading age above the aim, or missing where required: worst first."""
    found = []
    for source in sources:
        for row in source.rows():
            edit_url = source.url_for(row)
            for name in source.fields:
                found.append((source, row, name, getattr(row, name) or "", edit_url))
    scores = readability_many([text for *_, text, _ in found])
    hard = []
    for source, row, name, text, edit_url in found:
        label = str(source.model._meta.get_field(name).verbose_name)
        score = scores[text]
        missing = score is None and name == source.required
        if missing or (score is not None and score.above_target):
            hard.append(HardText(source.kind, source.title(row), label, score, edit_url))
    return sorted(hard, key=lambda text: text.sort_key)
