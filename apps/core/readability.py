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
from django.utils.html import format_html, format_html_join, strip_tags

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


PUBLISH_ANYWAY = "publish_above_reading_age"


class ReadabilityAdminMixin:
    """Plain language in the admin, for every model with long public texts (`readability_fields`).

    - Under each field: the reading age of the SAVED text, measured when the page is drawn (no script:
      the content security policy allows none inline).
    - "Preview and check the reading age": the change form's typed texts rendered as the public will read
      them, each with its reading age, in a new tab, before anything is saved (`readability_preview_view`).
    - Publishing a text above READABILITY_TARGET_AGE (the record becoming public, or its text changing
      while public, `readability_public_when`) asks for a tick first: a warning next to the field, not a
      silent save.
    """

    readability_fields: tuple[str, ...] = ()
    # Easy-read versions written beside the standard text: checked against the easy-read rules
    # (apps/core/easy_read.py). A sentence over 15 words is refused next to the field; long words and
    # the reading age are listed under it and in the preview.
    easy_read_fields: tuple[str, ...] = ()
    # (field, value) that makes the record public; None where something else publishes it (an action).
    readability_public_when: tuple[str, object] | None = None
    change_form_template = "admin/readability_change_form.html"

    def get_urls(self):
        from django.urls import path

        info = self.opts.app_label, self.opts.model_name
        preview = path(
            "readability-preview/",
            self.admin_site.admin_view(self.readability_preview_view),
            name="{}_{}_readability_preview".format(*info),
        )
        return [preview, *super().get_urls()]

    def readability_preview_view(self, request):
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import redirect
        from django.template.response import TemplateResponse

        from .markdown import render_markdown

        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        from .easy_read import easy_read_problems

        texts = []
        for name in self.readability_fields:
            typed = request.POST.get(name, "")
            label = self.opts.get_field(name).verbose_name
            texts.append({"label": label, "html": render_markdown(typed), "note": readability_note(typed)})
        for name in self.easy_read_fields:
            typed = request.POST.get(name, "")
            if not typed.strip():
                continue
            label = self.opts.get_field(name).verbose_name
            problems = [problem.message for problem in easy_read_problems(typed)]
            texts.append(
                {
                    "label": label,
                    "html": render_markdown(typed),
                    "note": "Easy read: what to fix." if problems else "Easy read: this meets the rules.",
                    "problems": problems,
                    "easy_read": True,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Preview: {request.POST.get('title') or self.opts.verbose_name}",
            "texts": texts,
        }
        return TemplateResponse(request, "admin/readability_preview.html", context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.readability_public_when is not None:
            # Declared on the base form, so the admin may list the tick among the model's fields.
            kwargs["form"] = _with_publish_check(
                kwargs.get("form", self.form), self.readability_fields, self.readability_public_when, obj
            )
        if self.easy_read_fields:
            kwargs["form"] = _with_easy_read_check(kwargs.get("form", self.form), self.easy_read_fields)
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in self.easy_read_fields:
            field = form.base_fields.get(name)
            if field is not None:
                field.help_text = _easy_read_help(field.help_text, getattr(obj, name, "") if obj else "")
        for name in self.readability_fields:
            field = form.base_fields.get(name)
            if field is None:
                continue
            if obj is None:
                note = 'The reading age is shown here once you save, or now with "Preview" below.'
            else:
                note = readability_note(getattr(obj, name))
            # Admin help text is shown as HTML: escape ours, keep the field's own.
            field.help_text = format_html(
                '{}<strong class="readability-note">{}</strong>',
                format_html("{}<br>", field.help_text) if field.help_text else "",
                note,
            )
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.readability_public_when is None:
            return fieldsets
        listed = {name for _title, options in fieldsets for name in options.get("fields", ())}
        if PUBLISH_ANYWAY in listed:
            return fieldsets
        return [*fieldsets, ("Plain language", {"fields": [PUBLISH_ANYWAY]})]


def _with_publish_check(form_class, fields, public_when, stored):
    from django import forms

    public_field, public_value = public_when
    target = settings.READABILITY_TARGET_AGE

    class PublishCheckForm(form_class):
        publish_above_reading_age = forms.BooleanField(
            required=False,
            label=f"Publish it even though a text reads above age {target}",
            help_text="Only if it cannot be made simpler (a technical title, a quotation).",
        )

        def clean(self):
            cleaned = super().clean()
            if cleaned.get(public_field) != public_value or cleaned.get(PUBLISH_ANYWAY):
                return cleaned
            was_public = stored is not None and getattr(stored, public_field) == public_value
            for name in fields:
                text = cleaned.get(name) or ""
                if was_public and text == getattr(stored, name):
                    continue
                score = readability_many([text])[text]
                if score is not None and score.above_target:
                    self.add_error(
                        name,
                        f"This reads at age {score.reading_age}, above the aim of {target}. Shorter "
                        'sentences and everyday words bring it down; or tick "Publish it even though..." '
                        "below.",
                    )
            return cleaned

    return PublishCheckForm


def _easy_read_help(help_text: str, saved: str) -> str:
    """Under an easy-read field: the rules, and what to fix in the saved text."""
    from .easy_read import MOST_WORDS_IN_A_SENTENCE, easy_read_problems

    rules = (
        f"Easy read: one idea per sentence, {MOST_WORDS_IN_A_SENTENCE} words or fewer; everyday words "
        "(explain a hard word in the next sentence). Leave blank if there is no easy-read version."
    )
    problems = [problem.message for problem in easy_read_problems(saved)] if saved.strip() else []
    return format_html(
        "{}{}{}",
        format_html("{}<br>", help_text) if help_text else "",
        rules,
        format_html(
            '<br><strong class="readability-note">To fix in the saved text:</strong>'
            '<ul class="easy-read-problems">{}</ul>',
            format_html_join("", "<li>{}</li>", ((message,) for message in problems)),
        )
        if problems
        else "",
    )


def _with_easy_read_check(form_class, fields):
    from .easy_read import easy_read_problems

    class EasyReadCheckForm(form_class):
        def clean(self):
            cleaned = super().clean()
            for name in fields:
                for problem in easy_read_problems(cleaned.get(name) or ""):
                    if problem.blocking:
                        self.add_error(name, problem.message)
            return cleaned

    return EasyReadCheckForm
