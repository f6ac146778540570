"""The five sections of a REF impact case study, their limits, and how words and list items are counted.

Word limits are guidance (REF gives "indicative" lengths): going over is shown and warned about, never
refused. The sources to corroborate are a hard limit of ten (the REF rule), checked by the form."""

import re
from dataclasses import dataclass

MAX_SOURCES = 10
# REF asks for up to six references to the research; more is warned about, not refused.
REFERENCES_ADVISED = 6

# A list item typed with its own number ("1.", "2)", "[3]") loses it: the page and Word number the list.
_ITEM_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\d+[.)])\s*")


@dataclass(frozen=True)
class Section:
    field: str
    number: int
    heading: str
    hint: str
    word_limit: int | None = None
    item_limit: int | None = None
    is_list: bool = False


SECTIONS = [
    Section(
        "summary",
        1,
        "Summary of the impact",
        "What changed, for whom, and why it matters. About 100 words.",
        word_limit=100,
    ),
    Section(
        "underpinning_research",
        2,
        "Underpinning research",
        "The research the change rests on: what was found, by whom, and when. About 500 words.",
        word_limit=500,
    ),
    Section(
        "references",
        3,
        "References to the research",
        "One reference a line, up to six. We filled these in from the impacts' publications.",
        item_limit=REFERENCES_ADVISED,
        is_list=True,
    ),
    Section(
        "details",
        4,
        "Details of the impact",
        "How the research led to the change, who benefited and how we know. About 750 words.",
        word_limit=750,
    ),
    Section(
        "sources",
        5,
        "Sources to corroborate the impact",
        "One source a line, up to ten. Describe people by their job, never by name or email.",
        item_limit=MAX_SOURCES,
        is_list=True,
    ),
]
SECTIONS_BY_FIELD = {section.field: section for section in SECTIONS}


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces (the page's counter agrees)."""
    return len((text or "").split())


def list_items(text: str) -> list[str]:
    """The items of a list section: one a line, blank lines dropped, typed numbers removed."""
    items = []
    for line in (text or "").splitlines():
        item = _ITEM_NUMBER.sub("", line).strip()
        if item:
            items.append(item)
    return items


def paragraphs(text: str) -> list[str]:
    """A text section's paragraphs: separated by a blank line; single line breaks stay inside."""
    return [part.strip() for part in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if part.strip()]


@dataclass(frozen=True)
class SectionState:
    """One section of one case study as it stands: its text, words or items, and any warning."""

    section: Section
    text: str

    @property
    def words(self) -> int:
        return count_words(self.text)

    @property
    def items(self) -> list[str]:
        return list_items(self.text)

    @property
    def paragraphs(self) -> list[str]:
        return paragraphs(self.text)

    @property
    def count_text(self) -> str:
        if self.section.is_list:
            count = len(self.items)
            noun = "source" if self.section.field == "sources" else "reference"
            return f"{count} {noun}{'' if count == 1 else 's'} of up to {self.section.item_limit}"
        words = self.words
        return f"{words} word{'' if words == 1 else 's'} of about {self.section.word_limit}"

    @property
    def over_by(self) -> int:
        if self.section.is_list:
            return max(0, len(self.items) - self.section.item_limit)
        return max(0, self.words - self.section.word_limit)

    @property
    def warning(self) -> str:
        if not self.over_by:
            return ""
        if self.section.is_list:
            return (
                f"{self.section.heading} has {self.over_by} more than the {self.section.item_limit} advised."
            )
        return (
            f"{self.section.heading} is {self.over_by} word{'' if self.over_by == 1 else 's'} over "
            f"the {self.section.word_limit} advised."
        )


def section_states(case_study) -> list[SectionState]:
    return [SectionState(section, getattr(case_study, section.field)) for section in SECTIONS]
