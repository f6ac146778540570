"""Finding text the way people type it: every word somewhere, and on PostgreSQL a misspelt word too.

Each app's `search.py` (site search) builds its filter here, so "osteoarthritus" finds "osteoarthritis"
wherever the site is searched. On PostgreSQL a word also matches a name or title that holds a similar
word (pg_trgm's word similarity, `%>`; the extension is created by core's migration, and the large
tables carry a GIN trigram index on the fuzzy field). SQLite (development, quick tests) has no trigram
support, so there the portal registers a small function of its own (`portal_word_similar`: a word of
the field within one edit of the typed word, two for long words) and the lookup `similar_word` that calls
it: the embedded demo forgives "osteoarthritus" and "knowlege" as PostgreSQL does.
"""

import re

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import CharField, Lookup, Q, TextField

MAX_WORDS = 8
# Shorter words have too few trigrams to say anything: "flu" would be "similar" to half the site.
FUZZY_MIN_LENGTH = 4


WORD = re.compile(r"[^\W\d_]+")


def fuzzy_search_available() -> bool:
    return connection.vendor in ("postgresql", "sqlite")


def _within_edits(word: str, other: str, limit: int) -> bool:
    """Levenshtein distance of at most `limit` (with an early exit: these are short words)."""
    if abs(len(word) - len(other)) > limit:
        return False
    previous = list(range(len(other) + 1))
    for i, letter in enumerate(word, start=1):
        current = [i]
        for j, other_letter in enumerate(other, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other_letter))
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def word_similar(text: str | None, word: str | None) -> bool:
    """True when a word of `text` is the typed `word` give or take a slip of the keyboard."""
    if not text or not word:
        return False
    word = word.lower()
    limit = 1 if len(word) < 8 else 2
    return any(_within_edits(word, candidate, limit) for candidate in WORD.findall(text.lower()))


@CharField.register_lookup
@TextField.register_lookup
class SimilarWord(Lookup):
    """`field__similar_word=word`: SQLite only (PostgreSQL uses pg_trgm's `trigram_word_similar`)."""

    lookup_name = "similar_word"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"portal_word_similar({lhs}, {rhs})", [*lhs_params, *rhs_params]


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_word_similar", 2, word_similar, deterministic=True)


connection_created.connect(_register_sqlite_function, dispatch_uid="portal_word_similar")


def query_words(query: str) -> list[str]:
    return (query or "").split()[:MAX_WORDS]


def words_match(query: str, *, fields: list[str], fuzzy_fields: list[str] = ()) -> Q | None:
    """A filter: every word of the query is in one of `fields` (any case), or, on PostgreSQL, similar to a
    word of one of `fuzzy_fields` (short, indexed fields: names and titles). None for a blank query."""
    words = query_words(query)
    if not words:
        return None
    fuzzy = fuzzy_search_available()
    lookup = "trigram_word_similar" if connection.vendor == "postgresql" else "similar_word"
    matching = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        if fuzzy and len(word) >= FUZZY_MIN_LENGTH:
            for name in fuzzy_fields:
                any_field |= Q(**{f"{name}__{lookup}": word})
        matching &= any_field
    return matching
