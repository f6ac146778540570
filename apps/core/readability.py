"""How easy a text is to read: Flesch reading ease and a UK reading age, for staff writing public text.

The numbers come from `textstat` (kept library). We measure the words a reader sees: Markdown and HTML
are rendered and stripped first, and a heading or list item without a full stop counts as a sentence of
its own (otherwise a bulleted list would read as one endless sentence).

UK reading age: the Flesch-Kincaid grade level is a US school grade; US grade 1 is the year children
turn 7, so a reader of grade N is about N + 5 years old in the UK sense of "reading age"
(grade 7 → reading age 12). We round to whole years and never say less than 5.
"""

import hashlib
import html
import re
from dataclasses import dataclass

import markdown
import textstat
from django.conf import settings
from django.core.cache import cache
from django.utils.html import format_html, strip_tags

US_GRADE_TO_UK_AGE = 5
YOUNGEST_READING_AGE = 5
CACHE_PREFIX = "readability:v1:"
CACHE_SECONDS = 60 * 60 * 24 * 30  # the key is the text itself, so a stored score never goes stale

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|pre|td|th|dt|dd)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    reading_age: int
    flesch: float
    words: int

    @property
    def above_target(self) -> bool:
        return self.reading_age > settings.READABILITY_TARGET_AGE

    @property
    def flesch_label(self) -> str:
        """The usual bands of the Flesch reading ease score, in words."""
        score = self.flesch
        for floor, label in ((80, "easy"), (60, "plain English"), (50, "fairly hard"), (30, "hard")):
            if score >= floor:
                return label
        return "very hard"


def plain_text(text: str) -> str:
    """The words a reader sees: Markdown and HTML rendered, tags stripped, each block one sentence."""
    rendered = markdown.markdown(text or "")
    rendered = _BLOCK_END.sub("\n", rendered)
    sentences = []
    for line in html.unescape(strip_tags(rendered)).splitlines():
        line = " ".join(line.split())
        if line:
            sentences.append(line if line[-1] in ".!?:;" else f"{line}.")
    return " ".join(sentences)


def readability_measure(text: str) -> Readability | None:
    """The reading age and Flesch score of a text, or None when it has no words."""
    words_only = plain_text(text)
    words = textstat.lexicon_count(words_only)
    if not words:
        return None
    grade = textstat.flesch_kincaid_grade(words_only)
    return Readability(
        reading_age=max(YOUNGEST_READING_AGE, round(grade + US_GRADE_TO_UK_AGE)),
        flesch=round(textstat.flesch_reading_ease(words_only), 1),
        words=words,
    )


def _key(text: str) -> str:
    return CACHE_PREFIX + hashlib.sha256(text.encode()).hexdigest()


def readability_many(texts: list[str]) -> dict[str, Readability | None]:
    """Scores for many texts, each measured once per version of its words (cached by a hash of the text)."""
    keys = {text: _key(text) for text in set(texts)}
    found = cache.get_many(list(keys.values()))
    scores, missing = {}, {}
    for text, key in keys.items():
        if key in found:
            scores[text] = Readability(*found[key]) if found[key] else None
        else:
            scores[text] = readability_measure(text)
            score = scores[text]
            missing[key] = (score.reading_age, score.flesch, score.words) if score else ()
    if missing:
        cache.set_many(missing, CACHE_SECONDS)
    return scores


def readability_note(text: str) -> str:
    """The line staff read under a field, e.g. "Reading age: 11 (aim for 12 or under). …"."""
    target = settings.READABILITY_TARGET_AGE
    score = readability_many([text or ""])[text or ""]
    if score is None:
        return f"Reading age: not measured yet, as there is no saved text (aim for {target} or under)."
    note = (
        f"Reading age: {score.reading_age} (aim for {target} or under). "
        f"Flesch reading ease: {score.flesch:g} ({score.flesch_label})."
    )
    if score.above_target:
        note += " Shorter sentences and everyday words bring the reading age down."
    return note


class ReadabilityAdminMixin:
    """Shows the reading age of the SAVED text under each field named in `readability_fields`.

    It is measured when the page is drawn, from the record as stored, so it changes after each save
    (no script in the page: the content security policy allows none inline).
    """

    readability_fields: tuple[str, ...] = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in self.readability_fields:
            field = form.base_fields.get(name)
            if field is None:
                continue
            if obj is None:
                note = "The reading age is shown here once you save."
            else:
                note = readability_note(getattr(obj, name))
            # Admin help text is shown as HTML: escape ours, keep the field's own.
            field.help_text = format_html(
                '{}<strong class="readability-note">{}</strong>',
                format_html("{}<br>", field.help_text) if field.help_text else "",
                note,
            )
        return form
