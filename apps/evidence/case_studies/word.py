"""The case study as a Word document (python-docx): a title, the five sections as Heading 1, the
references and sources as numbered lists, so the document's outline and a screen reader's heading list
show the REF structure (nothing else is a heading). The one builder of this format; never edit a
finished file."""

import io

from django.conf import settings
from docx import Document
from docx.shared import Pt

from .sections import SECTIONS, SectionState


def _numbered_list(document, texts: list[str]) -> None:
    """A numbered list that starts at 1. Word's "List Number" style shares one counter across the whole
    document, so each list gets its own numbering instance restarting at 1."""
    numbering = document.part.numbering_part.element
    style_num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    for text in texts:
        paragraph = document.add_paragraph(text, style="List Number")
        number_properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        number_properties.get_or_add_ilvl().val = 0
        number_properties.get_or_add_numId().val = num.numId


def case_study_docx(case_study, *, impacts, is_public: bool) -> bytes:
    document = Document()
    document.core_properties.title = case_study.title
    document.core_properties.author = settings.SITE_NAME
    document.core_properties.subject = "Impact case study"
    document.styles["Normal"].font.size = Pt(11)

    document.add_heading(case_study.title, level=0)
    marking = "Public" if is_public else "Staff only: not for publication"
    status = case_study.get_status_display()
    document.add_paragraph(f"Impact case study · {status} · {marking}")
    # A bold line, not a heading: the document's outline is the title and the five sections.
    document.add_paragraph().add_run("The impacts it is about").bold = True
    for impact in impacts:
        document.add_paragraph(impact.title, style="List Bullet")

    for section in SECTIONS:
        state = SectionState(section, getattr(case_study, section.field))
        document.add_heading(f"{section.number}. {section.heading}", level=1)
        if section.is_list:
            items = state.items
            _numbered_list(document, items)
            if not items:
                document.add_paragraph("Not written yet.")
        else:
            parts = state.paragraphs
            for part in parts:
                document.add_paragraph(part)
            if not parts:
                document.add_paragraph("Not written yet.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
