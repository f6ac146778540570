"""Easy read: our pictures, and the rules an easy-read text must meet.

Easy read, as UK guidance describes it (Mencap, the NHS Accessible Information Standard): one idea per
sentence, sentences of 15 words or fewer, everyday words (a hard word is explained in the next
sentence), large text, and a picture beside each point on the left.

Pictures: our own simple SVG drawings in static/easy-read/icons/<name>.svg are the source. Emails carry
them as PNG (every mail program shows PNG; few show SVG), drawn with cairosvg when an email is sent and
kept in memory, so each picture is drawn once per process. They travel inside the email as inline
images (`cid:` links in a multipart/related part), not as links to our server: mail programs show
attached images offline and without asking, while many (Outlook, Apple Mail with privacy protection,
corporate filters) hold back pictures from the web until the reader allows them, and an easy-read
letter without its pictures loses half its meaning.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from .readability import plain_text, readability_many

ICON_FOLDER = Path(settings.BASE_DIR) / "static" / "easy-read" / "icons"
ICON_PIXELS = 64
# Each picture and what it shows, for its alt text.
ICONS = {
    "change": "Picture: something has changed",
    "cross": "Picture: a cross",
    "date": "Picture: a calendar",
    "group": "Picture: a group of people",
    "help": "Picture: a helping hand",
    "letter": "Picture: a letter",
    "link": "Picture: press the link",
    "money": "Picture: money",
    "online": "Picture: a computer",
    "person": "Picture: a person",
    "phone": "Picture: a phone",
    "place": "Picture: a place on a map",
    "question": "Picture: a question",
    "thanks": "Picture: thank you",
    "tick": "Picture: a tick",
    "time": "Picture: a clock",
}
CID_DOMAIN = "easy-read.iau"
_CID = re.compile(r"cid:icon-([a-z-]+)@" + re.escape(CID_DOMAIN))

# The rules.
MOST_WORDS_IN_A_SENTENCE = 15
LONG_WORD_SYLLABLES = 4  # "opportunity", "information": everyday for some, not for every reader
# Names a reader knows us by, long or not.
OUR_NAMES = {"accelerator"}
EASY_READ_TARGET_AGE = 9
# Members' letters (every email to a Link or RUG member) aim for a reading age of 9 to 11: the NHS target.
MEMBER_LETTER_TARGET_AGE = 11


def icon_svg_path(name: str) -> Path:
    if name not in ICONS:
        raise KeyError(f"There is no easy-read picture called {name!r}; see apps/core/easy_read.ICONS.")
    return ICON_FOLDER / f"{name}.svg"


@cache
def icon_png(name: str) -> bytes:
    """The picture drawn as a PNG, twice its size so it stays sharp on high-density screens."""
    import cairosvg

    return cairosvg.svg2png(
        url=str(icon_svg_path(name)), output_width=ICON_PIXELS * 2, output_height=ICON_PIXELS * 2
    )


def icon_cid(name: str) -> str:
    icon_svg_path(name)  # an unknown name fails here, when the email is written, not when it is sent
    return f"icon-{name}@{CID_DOMAIN}"


def icons_in(html: str) -> list[str]:
    """The pictures an email's HTML shows (by their cid: links), each once, in order."""
    return list(dict.fromkeys(match for match in _CID.findall(html or "") if match in ICONS))


def inline_icon_parts(html: str) -> list:
    """MIME image parts for the pictures this HTML shows, to travel with it (multipart/related)."""
    from email.mime.image import MIMEImage

    parts = []
    for name in icons_in(html):
        part = MIMEImage(icon_png(name), "png")
        part.add_header("Content-ID", f"<{icon_cid(name)}>")
        part.add_header("Content-Disposition", "inline", filename=f"{name}.png")
        parts.append(part)
    return parts


# Checking a text against the rules ----------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
_WORD = re.compile(r"[A-Za-z0-9£'’-]+")


@dataclass(frozen=True)
class EasyReadProblem:
    rule: str  # "sentence", "word" or "reading-age"
    message: str
    blocking: bool  # True: the text is not easy read until it is fixed


def sentences(text: str) -> list[str]:
    """The sentences a reader sees (Markdown and HTML stripped; a list item or heading is one)."""
    return [part.strip() for part in _SENTENCE_END.split(plain_text(text)) if _WORD.search(part)]


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def long_words(text: str) -> list[str]:
    import textstat

    found = []
    for word in words(plain_text(text)):
        clean = word.strip("'’-")
        if clean.lower() in OUR_NAMES:
            continue
        if clean.isalpha() and textstat.syllable_count(clean) >= LONG_WORD_SYLLABLES:
            found.append(clean.lower())
    return list(dict.fromkeys(found))


def easy_read_problems(text: str) -> list[EasyReadProblem]:
    """What to fix in an easy-read text: long sentences (must be fixed), long words, the reading age."""
    problems = []
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > MOST_WORDS_IN_A_SENTENCE:
            problems.append(
                EasyReadProblem(
                    "sentence",
                    f"This sentence has {count} words; easy read has {MOST_WORDS_IN_A_SENTENCE} or fewer. "
                    f"Split it into two: “{sentence}”",
                    blocking=True,
                )
            )
    hard = long_words(text)
    if hard:
        problems.append(
            EasyReadProblem(
                "word",
                "Long words: " + ", ".join(hard) + ". Use an everyday word, or explain it in the next "
                "sentence.",
                blocking=False,
            )
        )
    score = readability_many([text or ""])[text or ""]
    if score is not None and score.reading_age > EASY_READ_TARGET_AGE:
        problems.append(
            EasyReadProblem(
                "reading-age",
                f"Reading age {score.reading_age}: easy read aims for {EASY_READ_TARGET_AGE} or under. "
                "Shorter sentences and shorter words bring it down.",
                blocking=False,
            )
        )
    return problems
