import re

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import convert_to_unicode

from apps.publications.enums import PublicationStatus, PublicationType
from apps.publications.formats import parse_bibtex, parse_ris
from tests.factories.publications import PublicationFactory

pytestmark = pytest.mark.django_db

TRICKY_TITLE = "Café & ünïque {Braces} in 100% of #cases_here"
THIRTY = [(f"Müller-Ñúñez{number}", f"Zoë {chr(65 + number % 26)}.") for number in range(30)]


def _tricky(**kwargs):
    return PublicationFactory(
        title=TRICKY_TITLE,
        authors=THIRTY,
        venue="Revue d'Épidémiologie & Santé",
        year=2021,
        month=11,
        volume="12",
        issue="3",
        pages="101-109",
        doi="10.5555/Tricky.2021",
        abstract="Résumé: patients & clinicians {agreed}.",
        **kwargs,
    )


def test_bibtex_export_round_trips_special_characters_and_thirty_authors(client):
    _tricky()

    response = client.get("/publications/export.bib")
    parser = BibTexParser(common_strings=True)
    parser.customization = convert_to_unicode
    text = response.getvalue().decode("utf-8")  # streamed: read once
    entry = bibtexparser.loads(text, parser=parser).entries[0]
    ours = parse_bibtex(text)[0]

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert entry["ENTRYTYPE"] == "article"
    assert entry["author"].split(" and ")[29] == "Müller-Ñúñez29, Zoë D."
    assert len(entry["author"].split(" and ")) == 30
    assert ours.title == TRICKY_TITLE
    assert ours.venue == "Revue d'Épidémiologie & Santé"
    assert ours.abstract == "Résumé: patients & clinicians {agreed}."
    assert [(a.family_name, a.given_name) for a in ours.authors] == THIRTY
    assert (ours.year, ours.month, ours.volume, ours.issue, ours.pages, ours.doi) == (
        2021,
        11,
        "12",
        "3",
        "101-109",
        "10.5555/tricky.2021",
    )


def test_ris_export_round_trips_special_characters_and_thirty_authors(client):
    _tricky()

    response = client.get("/publications/export.ris")
    text = response.getvalue().decode("utf-8")  # streamed: read once
    entry = rispy.loads(text)[0]
    ours = parse_ris(text)[0]

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert entry["type_of_reference"] == "JOUR"
    assert entry["primary_title"] == TRICKY_TITLE
    assert len(entry["authors"]) == 30
    assert [(a.family_name, a.given_name) for a in ours.authors] == THIRTY
    assert (ours.title, ours.venue, ours.abstract) == (
        TRICKY_TITLE,
        "Revue d'Épidémiologie & Santé",
        "Résumé: patients & clinicians {agreed}.",
    )
    assert (ours.year, ours.month, ours.pages, ours.doi) == (2021, 11, "101-109", "10.5555/tricky.2021")


def test_export_returns_the_filtered_list(client):
    PublicationFactory(title="Report on back pain", type=PublicationType.NIHR_FINAL_REPORT, year=2019)
    PublicationFactory(title="Article on knees", year=2019)
    PublicationFactory(title="Report from 2023", type=PublicationType.NIHR_FINAL_REPORT, year=2023)

    bib = client.get("/publications/export.bib", {"type": "nihr_final_report", "year": "2019"})
    ris = client.get("/publications/export.ris", {"q": "knees"})

    bib_drafts = parse_bibtex(bib.getvalue().decode())
    assert [d.title for d in bib_drafts] == ["Report on back pain"]
    assert [d.type for d in bib_drafts] == [PublicationType.NIHR_FINAL_REPORT]
    assert [d.title for d in parse_ris(ris.getvalue().decode())] == ["Article on knees"]


def test_export_query_count_is_constant(client, django_assert_num_queries):
    PublicationFactory()
    # The ids in order, then per chunk of 500: the rows and their authors.
    with django_assert_num_queries(3) as one:
        client.get("/publications/export.bib").getvalue()
    for _ in range(50):
        PublicationFactory(authors=[("A", "B"), ("C", "D")])
    with django_assert_num_queries(len(one.captured_queries)):
        client.get("/publications/export.ris").getvalue()


@pytest.mark.parametrize("fmt", ["bib", "ris"])
def test_list_export_is_streamed_in_chunks_that_join_into_one_valid_file(client, fmt, settings):
    settings.PUBLICATIONS_EXPORT_CHUNK_SIZE = 3
    for number in range(7):
        PublicationFactory(title=f"Knee study number {number}", year=2020 - number, authors=[("Same", "A")])
    single = PublicationFactory(title="Knee study number 0 again", year=2021, authors=[("Same", "A")])

    response = client.get(f"/publications/export.{fmt}")
    parts = [part.decode() for part in response.streaming_content]
    whole = "".join(parts)
    one_go = client.get(f"/publications/{single.slug}/export.{fmt}").content.decode()

    assert response.streaming
    assert len(parts) == 3  # 8 publications, 3 at a time
    assert response["Content-Disposition"] == f'attachment; filename="iau-publications.{fmt}"'
    drafts = parse_bibtex(whole) if fmt == "bib" else parse_ris(whole)
    assert [d.title for d in drafts] == ["Knee study number 0 again"] + [
        f"Knee study number {n}" for n in range(7)
    ]
    assert whole.startswith(one_go.rstrip("\n"))
    if fmt == "bib":
        keys = re.findall(r"^@article\{(\w+),", whole, flags=re.MULTILINE)
        assert len(set(keys)) == 8  # unique across the chunks
        assert "\n\n@article" in whole and "\n\n\n" not in whole
    else:
        assert whole.count("ER  - \n\nTY  - ") == 7


def test_single_item_export_round_trips_every_type_and_status(client):
    for kind in PublicationType.values:
        publication = PublicationFactory(
            type=kind, status=PublicationStatus.IN_PRESS, supplement="1", pages="i80", month=4
        )
        bib = parse_bibtex(client.get(f"/publications/{publication.slug}/export.bib").content.decode())[0]
        ris = parse_ris(client.get(f"/publications/{publication.pk}/export.ris").content.decode())[0]
        for draft in (bib, ris):
            assert (draft.type, draft.status, draft.supplement, draft.issue, draft.pages, draft.month) == (
                kind,
                PublicationStatus.IN_PRESS,
                "1",
                "",
                "i80",
                4,
            )


def test_single_item_export_of_unknown_item_is_not_found(client):
    assert client.get("/publications/nothing/export.bib").status_code == 404


def test_parse_bibtex_reads_latex_accents_from_other_tools():
    text = r"""@article{x, author = {M{\"u}ller, J{\'e}r{\^o}me and {NIHR Study Group}},
    title = {Pain \& work}, journal = {J}, year = 2020, month = mar, pages = {1--9}, number = {Suppl 2}}"""

    draft = parse_bibtex(text)[0]

    assert [(a.family_name, a.given_name) for a in draft.authors] == [
        ("Müller", "Jérôme"),
        ("NIHR Study Group", ""),
    ]
    assert (draft.title, draft.month, draft.pages, draft.supplement) == ("Pain & work", 3, "1-9", "2")


def test_single_export_file_name_ends_on_a_whole_word(client):
    publication = PublicationFactory(
        slug="supporting-people-with-osteoarthritis-to-stay-active-final-report-of-a-primary-care-study"
    )

    response = client.get(f"/publications/{publication.slug}/export.ris")

    assert response["Content-Disposition"] == (
        'attachment; filename="supporting-people-with-osteoarthritis-to-stay-active-final.ris"'
    )


INJECTED_TITLE = "Knee pain in the community\nER  - \nTY  - JOUR\r\nTI  - A record nobody wrote"
INJECTED_ABSTRACT = "First paragraph.\n\nSecond paragraph,\u2028after a Unicode line break."


def test_ris_export_folds_line_breaks_so_a_title_cannot_split_the_record(client):
    PublicationFactory(title=INJECTED_TITLE, abstract=INJECTED_ABSTRACT, year=2024)
    PublicationFactory(title="A second, ordinary record", year=2023)

    text = b"".join(client.get("/publications/export.ris").streaming_content).decode("utf-8")
    entries = rispy.loads(text)
    ours = parse_ris(text)

    assert len(entries) == 2
    assert sorted(entry["primary_title"] for entry in entries) == [
        "A second, ordinary record",
        "Knee pain in the community ER  - TY  - JOUR TI  - A record nobody wrote",
    ]
    assert [draft.abstract for draft in ours if draft.year == 2024] == [
        "First paragraph. Second paragraph, after a Unicode line break."
    ]


def test_bibtex_export_folds_line_breaks_in_every_field(client):
    PublicationFactory(title=INJECTED_TITLE, abstract=INJECTED_ABSTRACT, year=2024, venue="BMJ\nOpen")

    text = b"".join(client.get("/publications/export.bib").streaming_content).decode("utf-8")
    entries = bibtexparser.loads(text).entries
    ours = parse_bibtex(text)

    assert len(entries) == 1
    assert entries[0]["title"] == "Knee pain in the community ER  - TY  - JOUR TI  - A record nobody wrote"
    assert (ours[0].venue, ours[0].abstract) == (
        "BMJ Open",
        "First paragraph. Second paragraph, after a Unicode line break.",
    )
    # Every line is the start of an entry, one whole field, or the end of the entry.
    assert [
        line for line in text.strip().splitlines() if not re.match(r"(@\w+\{|  \w+ = \{.*\},?$|\}$)", line)
    ] == []
