"""The demo case study: the physiotherapy and osteoarthritis communities of practice changing care for
joint pain in general practice, written in our own words from the demo impacts. Called by the evidence
app's demo after its impacts exist; idempotent (found by its title)."""

from ..models import Impact
from . import services
from .enums import CaseStudyStatus
from .models import CaseStudy

TITLE = "Communities of practice change care for joint pain in Staffordshire general practice"
IMPACT_TITLES = [
    "First contact physiotherapy template used across Staffordshire practices",
    "People with knee osteoarthritis talk through exercise first",
]
SUMMARY = (
    "Two communities of practice brought together physiotherapists, GPs, patients and researchers. The "
    "physiotherapy community agreed one template for a first appointment with someone who has joint or "
    "muscle pain; 41 practices now use it. The osteoarthritis community wrote a short consultation guide "
    "with patients; three practices used it in 310 appointments about knee pain, and more people left "
    "with an exercise plan they had agreed. People get the same good advice wherever they are seen."
)
UNDERPINNING = (
    "Research at the university showed that a physiotherapist can safely be the first person a patient "
    "with joint or muscle pain sees at their practice, and that patients value a clear plan and advice "
    "they can act on. A later study with patients found that people with knee osteoarthritis are often "
    "offered scans or talk of surgery before anyone discusses exercise and weight, which the evidence "
    "says should come first.\n\n"
    "Researchers worked with the unit to turn these findings into tools practices could use. In the "
    "physiotherapy community of practice they set out what the research says a first appointment should "
    "cover. In the osteoarthritis community, patients, GPs and researchers wrote a consultation guide "
    "together, testing each draft in real appointments. The unit's knowledge brokers answered questions "
    "from practices about the evidence along the way."
)
DETAILS = (
    "Before this work, practices in North Staffordshire recorded first physiotherapy appointments in "
    "different ways. Advice varied, and GPs could not always see what had been agreed.\n\n"
    "The physiotherapy community of practice met over a year. Members compared their notes, agreed what "
    "the research says matters, and made one template. Practice managers shared it with their teams. By "
    "the last count 41 practices were using it. A practice manager wrote that it cut the time to write "
    "up an appointment and made handovers to the GP clearer. A clinical lead in a practice network can "
    "confirm the figures.\n\n"
    "In the osteoarthritis community of practice, patients said they wanted to hear about exercise before "
    "anything else. The community wrote a short guide for appointments about knee pain, in everyday "
    "words. Three practices in Stoke-on-Trent used it in 310 appointments, and their audit found more "
    "people left with an exercise plan they had agreed with their clinician.\n\n"
    "Both changes go on. The unit keeps the template and the guide up to date with the communities, and "
    "neighbouring areas have asked to use them."
)


def seed_case_study(*, stdout) -> None:
    if CaseStudy.objects.filter(title=TITLE).exists():
        return
    impacts = list(Impact.objects.filter(title__in=IMPACT_TITLES).values_list("pk", flat=True))
    if len(impacts) != len(IMPACT_TITLES):
        return  # the demo impacts were changed by hand: nothing to build from
    case_study = services.case_study_create(title=TITLE, impact_ids=impacts)
    # The references and sources stay as the builder filled them in; the rest is written, then made final
    # (two saves: the versions page has an earlier version to show).
    case_study.summary = SUMMARY
    case_study.underpinning_research = UNDERPINNING
    case_study.details = DETAILS
    services.case_study_save(case_study=case_study)
    case_study.status = CaseStudyStatus.FINAL
    services.case_study_save(case_study=case_study)
    stdout.write("Impact case studies: 1, final, at /staff/impacts/case-studies/.\n")


def pages() -> list[str]:
    first = CaseStudy.objects.order_by("pk").values_list("pk", flat=True).first()
    if first is None:
        return []
    base = f"/staff/impacts/case-studies/{first}"
    return [
        "/staff/impacts/case-studies/",
        f"{base}/",
        f"{base}/edit/",
        f"{base}/print/",
        f"{base}/versions/",
    ]
