"""Finding text the way people type it: every word somewhere, and on PostgreSQL a misspelt word too.

Each app's `search.py` (site search) builds its filter here, so "osteoarthritus" finds "osteoarthritis"
wherever the site is searched. On PostgreSQL a word also matches a name or title that holds a similar
word (pg_trgm's word similarity, `%>`; the extension is created by core's migration, and the large
tables carry a GIN trigram index on the fuzzy field). SQLite (development, quick tests) has no trigram
support, so there a word must appear as typed.
"""

from django.db import connection
from django.db.models import Q

MAX_WORDS = 8
# Shorter words have too few trigrams to say anything: "flu" would be "similar" to half the site.
FUZZY_MIN_LENGTH = 4


def fuzzy_search_available() -> bool:
    return connection.vendor == "postgresql"


def query_words(query: str) -> list[str]:
    return (query or "").split()[:MAX_WORDS]


def words_match(query: str, *, fields: list[str], fuzzy_fields: list[str] = ()) -> Q | None:
    """A filter: every word of the query is in one of `fields` (any case), or, on PostgreSQL, similar to a
    word of one of `fuzzy_fields` (short, indexed fields: names and titles). None for a blank query."""
    words = query_words(query)
    if not words:
        return None
    fuzzy = fuzzy_search_available()
    matching = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        if fuzzy and len(word) >= FUZZY_MIN_LENGTH:
            for name in fuzzy_fields:
                any_field |= Q(**{f"{name}__trigram_word_similar": word})
        matching &= any_field
    return matching
