"""Citations and bibliographic formats: Vancouver-style citation, BibTeX and RIS out, BibTeX and RIS in.

Exports work on Publication objects (with their authors prefetched); imports produce PublicationDraft,
plain data the import service checks for duplicates before anything is saved.
"""

import calendar
import re
import unicodedata
from dataclasses import asdict, dataclass, field

import bibtexparser
import rispy
from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bparser import BibTexParser
from bibtexparser.bwriter import BibTexWriter
from bibtexparser.latexenc import latex_to_unicode

from .enums import PublicationStatus, PublicationType
from .models import normalise_doi

MONTH_ABBR = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
VANCOUVER_MAX_AUTHORS = 6


@dataclass
class AuthorDraft:
    family_name: str
    given_name: str = ""


@dataclass
class PublicationDraft:
    """A publication read from a file or Crossref, not yet saved."""

    title: str
    year: int | None = None
    type: str = PublicationType.JOURNAL_ARTICLE
    authors: list[AuthorDraft] = field(default_factory=list)
    venue: str = ""
    month: int | None = None
    volume: str = ""
    issue: str = ""
    supplement: str = ""
    pages: str = ""
    doi: str = ""
    url: str = ""
    status: str = PublicationStatus.PUBLISHED
    abstract: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PublicationDraft":
        data = dict(data)
        data["authors"] = [AuthorDraft(**author) for author in data.get("authors", [])]
        return cls(**data)

    @property
    def author_line(self) -> str:
        return ", ".join(f"{a.family_name} {initials(a.given_name)}".strip() for a in self.authors)


def authors_of(publication) -> list:
    """The ordered authors: those a bulk export attached, else the (prefetched) relation."""
    attached = getattr(publication, "export_authors", None)
    return attached if attached is not None else list(publication.authors.all())


def initials(given_name: str) -> str:
    return "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given_name or "") if part)


def split_issue(value: str) -> tuple[str, str]:
    """'suppl_1' or 'Suppl 1' is a supplement, not an issue: return (issue, supplement)."""
    match = re.fullmatch(r"\s*suppl(?:ement)?[\s_.]*(\w*)\s*", value or "", flags=re.IGNORECASE)
    if match:
        return "", match.group(1) or "1"
    return (value or "").strip(), ""


# ---------------------------------------------------------------- citation


def citation_vancouver(publication) -> str:
    """The citation in Vancouver style (as used by the NLM and many medical journals), as plain text."""
    authors = authors_of(publication)
    names = [author.short_name for author in authors[:VANCOUVER_MAX_AUTHORS]]
    author_part = ", ".join(names) + (", et al" if len(authors) > VANCOUVER_MAX_AUTHORS else "")
    title = publication.title.rstrip()
    if title[-1:] not in ".?!":
        title += "."
    parts = [f"{author_part}." if author_part else "", title]
    date = str(publication.year) + (f" {MONTH_ABBR[publication.month]}" if publication.month else "")
    if publication.type in (PublicationType.JOURNAL_ARTICLE, PublicationType.CONFERENCE_ABSTRACT) and (
        publication.volume or publication.pages
    ):
        where = f"{publication.venue}. {date}" if publication.venue else date
        if publication.volume:
            where += f";{publication.volume}"
            issue = publication.issue
            if publication.supplement:
                issue = f"{issue} Suppl {publication.supplement}".strip()
            if issue:
                where += f"({issue})"
        if publication.pages:
            where += f":{publication.pages}"
        parts.append(where + ".")
    else:
        parts.append(f"{publication.venue}; {date}." if publication.venue else f"{date}.")
    if publication.status == PublicationStatus.IN_PRESS:
        parts.append("In press.")
    if publication.doi:
        parts.append(f"doi:{publication.doi}")
    return " ".join(part for part in parts if part)


# ---------------------------------------------------------------- BibTeX

BIBTEX_TYPES = {
    PublicationType.JOURNAL_ARTICLE: "article",
    PublicationType.CONFERENCE_ABSTRACT: "inproceedings",
    PublicationType.REPORT: "techreport",
    PublicationType.NIHR_FINAL_REPORT: "techreport",
    PublicationType.BOOK_CHAPTER: "incollection",
    PublicationType.OTHER: "misc",
}
BIBTEX_VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "techreport": "institution",
    "incollection": "booktitle",
    "misc": "howpublished",
}
NIHR_REPORT_LABEL = "NIHR final report"
_LATEX_SPECIALS = {"&": r"\&", "%": r"\%", "#": r"\#", "$": r"\$", "_": r"\_"}


def _ascii(value: str) -> str:
    value = unicodedata.normalize("NFKD", value)
    return re.sub(r"[^A-Za-z0-9]", "", value.encode("ascii", "ignore").decode())


def _balanced(value: str) -> bool:
    if "{" not in value and "}" not in value:
        return True
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# Any line break, including the ones only Unicode knows (a title pasted from a PDF may carry them).
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(value: str) -> str:
    """Fold line breaks into a space: in RIS a new line starts a new tag (a title holding "\\nER  -"
    would end the record), and a BibTeX value broken over lines is read differently by each tool."""
    return _LINE_BREAKS.sub(" ", str(value)).strip()


def bibtex_escape(value: str) -> str:
    """Make text safe inside a braced BibTeX value, on one line. Balanced braces are kept (they protect
    case)."""
    value = re.sub(r"[&%#$_]", lambda m: _LATEX_SPECIALS[m.group()], one_line(value))
    if not _balanced(value):
        value = value.replace("{", "(").replace("}", ")")
    return value


def bibtex_unescape(value: str) -> str:
    """Our own escapes back to text; other LaTeX (accents from other tools) to Unicode."""
    value = re.sub(r"\\([&%#$_])", r"\1", value)
    if "\\" in value:
        value = latex_to_unicode(value)
    return value


def bibtex_key(publication, used: set[str]) -> str:
    authors = authors_of(publication)
    first = authors[0].family_name if authors else "anon"
    words = [w for w in re.findall(r"[^\W\d_]+", publication.title) if len(w) > 3]
    base = f"{_ascii(first).lower() or 'anon'}{publication.year}{_ascii(words[0]).lower() if words else ''}"
    key, suffix = base, 0
    while key in used:
        suffix += 1
        key = f"{base}{chr(ord('a') + (suffix - 1) % 26)}{'' if suffix <= 26 else suffix}"
    used.add(key)
    return key


def bibtex_entry(publication, key: str) -> dict:
    entry_type = BIBTEX_TYPES[publication.type]
    entry = {"ENTRYTYPE": entry_type, "ID": key}
    fields = {
        "title": publication.title,
        "author": " and ".join(
            f"{a.family_name}, {a.given_name}" if a.given_name else a.family_name
            for a in authors_of(publication)
        ),
        BIBTEX_VENUE_FIELD[entry_type]: publication.venue,
        "year": str(publication.year),
        "month": MONTH_ABBR[publication.month].lower() if publication.month else "",
        "volume": publication.volume,
        "number": publication.issue_label,
        "pages": publication.pages.replace("–", "--").replace("-", "--").replace("----", "--"),
        "doi": publication.doi,
        "url": publication.url,
        "abstract": publication.abstract,
        "type": NIHR_REPORT_LABEL if publication.type == PublicationType.NIHR_FINAL_REPORT else "",
        "note": "In press" if publication.status == PublicationStatus.IN_PRESS else "",
        "pubstate": "inpress" if publication.status == PublicationStatus.IN_PRESS else "",
    }
    for name, value in fields.items():
        if value:
            entry[name] = bibtex_escape(value)
    return entry


def to_bibtex(publications, used_keys: set[str] | None = None) -> str:
    """BibTeX for these publications. A streamed export passes the same `used_keys` for every part."""
    database = BibDatabase()
    used: set[str] = set() if used_keys is None else used_keys
    database.entries = [
        bibtex_entry(publication, bibtex_key(publication, used)) for publication in publications
    ]
    writer = BibTexWriter()
    writer.order_entries_by = None
    writer.display_order = ["author", "title", "journal", "booktitle", "institution", "year", "month"]
    writer.indent = "  "
    return writer.write(database)


def _split_bibtex_authors(value: str) -> list[str]:
    names, depth, current = [], 0, ""
    tokens = re.split(r"(\s+and\s+|[{}])", value)
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and re.fullmatch(r"\s+and\s+", token or ""):
            names.append(current)
            current = ""
        else:
            current += token or ""
    names.append(current)
    return [name.strip() for name in names if name.strip()]


def parse_person(name: str) -> AuthorDraft:
    """'Family, Given' or 'Given Family'; a braced name is kept whole (an organisation)."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}") and _balanced(name[1:-1]):
        return AuthorDraft(family_name=name[1:-1].strip())
    if "," in name:
        family, given = name.split(",", 1)
        return AuthorDraft(family_name=family.strip(), given_name=given.strip())
    parts = name.split()
    if len(parts) == 1:
        return AuthorDraft(family_name=parts[0])
    # Vancouver style "Stevenson K": trailing initials.
    if re.fullmatch(r"[A-Z]{1,4}", parts[-1]):
        return AuthorDraft(family_name=" ".join(parts[:-1]), given_name=" ".join(parts[-1]))
    return AuthorDraft(family_name=parts[-1], given_name=" ".join(parts[:-1]))


def _month(value: str) -> int | None:
    value = (value or "").strip().lower()[:3]
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    abbreviations = [m.lower() for m in calendar.month_abbr]
    return abbreviations.index(value) if value in abbreviations[1:] else None


def _year(value) -> int | None:
    match = re.search(r"(19|20)\d\d", str(value or ""))
    return int(match.group()) if match else None


class ImportFormatError(ValueError):
    """The uploaded text is not BibTeX or RIS we can read."""


def parse_bibtex(text: str) -> list[PublicationDraft]:
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    try:
        database = bibtexparser.loads(text, parser=parser)
    except Exception as error:  # bibtexparser raises assorted pyparsing errors
        raise ImportFormatError("This does not look like a BibTeX file.") from error
    drafts = []
    reverse_types = {
        "article": PublicationType.JOURNAL_ARTICLE,
        "inproceedings": PublicationType.CONFERENCE_ABSTRACT,
        "conference": PublicationType.CONFERENCE_ABSTRACT,
        "techreport": PublicationType.REPORT,
        "incollection": PublicationType.BOOK_CHAPTER,
        "inbook": PublicationType.BOOK_CHAPTER,
    }
    for entry in database.entries:
        authors = [parse_person(name) for name in _split_bibtex_authors(entry.get("author", ""))]
        authors = [
            AuthorDraft(bibtex_unescape(a.family_name), bibtex_unescape(a.given_name)) for a in authors
        ]
        entry = {
            name: bibtex_unescape(value) if isinstance(value, str) else value for name, value in entry.items()
        }
        entry_type = entry.get("ENTRYTYPE", "misc").lower()
        kind = reverse_types.get(entry_type, PublicationType.OTHER)
        if (
            kind == PublicationType.REPORT
            and entry.get("type", "").strip().lower() == NIHR_REPORT_LABEL.lower()
        ):
            kind = PublicationType.NIHR_FINAL_REPORT
        venue = next(
            (
                entry[f]
                for f in ("journal", "booktitle", "institution", "publisher", "howpublished")
                if entry.get(f)
            ),
            "",
        )
        issue, supplement = split_issue(entry.get("number", ""))
        in_press = (
            entry.get("pubstate", "").lower() in ("inpress", "in press")
            or "in press" in entry.get("note", "").lower()
        )
        drafts.append(
            PublicationDraft(
                title=entry.get("title", "").strip(),
                year=_year(entry.get("year")),
                type=kind,
                authors=authors,
                venue=venue.strip(),
                month=_month(entry.get("month", "")),
                volume=entry.get("volume", "").strip(),
                issue=issue,
                supplement=supplement,
                pages=re.sub(r"-+", "-", entry.get("pages", "")).strip(),
                doi=normalise_doi(entry.get("doi", "")),
                url=entry.get("url", "").strip(),
                status=PublicationStatus.IN_PRESS if in_press else PublicationStatus.PUBLISHED,
                abstract=entry.get("abstract", "").strip(),
            )
        )
    if not drafts and text.strip():
        raise ImportFormatError("We found no BibTeX entries in this file.")
    return drafts


# ---------------------------------------------------------------- RIS

RIS_TYPES = {
    PublicationType.JOURNAL_ARTICLE: "JOUR",
    PublicationType.CONFERENCE_ABSTRACT: "ABST",
    PublicationType.REPORT: "RPRT",
    PublicationType.NIHR_FINAL_REPORT: "RPRT",
    PublicationType.BOOK_CHAPTER: "CHAP",
    PublicationType.OTHER: "GEN",
}
RIS_REVERSE = {
    "JOUR": PublicationType.JOURNAL_ARTICLE,
    "JFULL": PublicationType.JOURNAL_ARTICLE,
    "ABST": PublicationType.CONFERENCE_ABSTRACT,
    "CPAPER": PublicationType.CONFERENCE_ABSTRACT,
    "CONF": PublicationType.CONFERENCE_ABSTRACT,
    "RPRT": PublicationType.REPORT,
    "CHAP": PublicationType.BOOK_CHAPTER,
}


def ris_entry(publication) -> dict:
    entry = {
        "type_of_reference": RIS_TYPES[publication.type],
        "authors": [
            f"{a.family_name}, {a.given_name}" if a.given_name else a.family_name
            for a in authors_of(publication)
        ],
        "primary_title": publication.title,
        "secondary_title": publication.venue,
        "year": str(publication.year),
        "date": f"{publication.year}/{publication.month:02d}" if publication.month else "",
        "volume": publication.volume,
        "number": publication.issue_label,
        "start_page": publication.first_page,
        "end_page": publication.last_page,
        "doi": publication.doi,
        "urls": [publication.url] if publication.url else [],
        "abstract": publication.abstract,
        "type_of_work": NIHR_REPORT_LABEL if publication.type == PublicationType.NIHR_FINAL_REPORT else "",
        "notes": ["In press"] if publication.status == PublicationStatus.IN_PRESS else [],
    }
    return {name: ris_value(value) for name, value in entry.items() if value}


def ris_value(value):
    """A field's value (text or list of texts) with every line break folded: one line per tag."""
    if isinstance(value, list):
        return [one_line(item) for item in value]
    return one_line(value)


class _PlainRisWriter(rispy.RisWriter):
    """rispy numbers each record ("1.") by default; reference managers do not need it."""

    def set_header(self, count: int) -> str:
        return ""


def to_ris(publications) -> str:
    return rispy.dumps(
        [ris_entry(publication) for publication in publications], implementation=_PlainRisWriter
    )


def parse_ris(text: str) -> list[PublicationDraft]:
    try:
        entries = rispy.loads(text)
    except Exception as error:  # rispy raises IOError/ValueError on malformed input
        raise ImportFormatError("This does not look like an RIS file.") from error
    drafts = []
    for entry in entries:
        kind = RIS_REVERSE.get(entry.get("type_of_reference", ""), PublicationType.OTHER)
        if (
            kind == PublicationType.REPORT
            and entry.get("type_of_work", "").lower() == NIHR_REPORT_LABEL.lower()
        ):
            kind = PublicationType.NIHR_FINAL_REPORT
        authors = entry.get("authors") or entry.get("first_authors") or []
        start, end = entry.get("start_page", ""), entry.get("end_page", "")
        issue, supplement = split_issue(entry.get("number", ""))
        notes = " ".join(entry.get("notes", []) or [])
        date = entry.get("date", "") or entry.get("publication_year", "")
        month = None
        match = re.match(r"\d{4}/(\d{1,2})", date or "")
        if match and 1 <= int(match.group(1)) <= 12:
            month = int(match.group(1))
        drafts.append(
            PublicationDraft(
                title=(entry.get("primary_title") or entry.get("title") or "").strip(),
                year=_year(entry.get("year") or entry.get("publication_year") or date),
                type=kind,
                authors=[parse_person(name) for name in authors],
                venue=(
                    entry.get("secondary_title") or entry.get("journal_name") or entry.get("publisher") or ""
                ).strip(),
                month=month,
                volume=entry.get("volume", "").strip(),
                issue=issue,
                supplement=supplement,
                pages=f"{start}-{end}" if start and end else start,
                doi=normalise_doi(entry.get("doi", "")),
                url=(entry.get("urls") or [""])[0],
                status=PublicationStatus.IN_PRESS
                if "in press" in notes.lower()
                else PublicationStatus.PUBLISHED,
                abstract=entry.get("abstract", "").strip(),
            )
        )
    if not drafts and text.strip():
        raise ImportFormatError("We found no RIS records in this file.")
    return drafts
