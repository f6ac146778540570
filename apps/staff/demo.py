"""The staff area's demo: the annual report's narrative for this financial year (the dashboard counts what
the other apps' demo content holds). Its pages are checked with the demo staff account."""

from django.utils import timezone

from apps.accounts.demo import demo_email

from .models import ReportNarrative
from .periods import financial_year_of

NARRATIVE = (
    "This year our communities of practice moved from talking about research to changing care. "
    "Physiotherapists, GPs and patients agreed one template for a first appointment with someone who has "
    "joint or muscle pain, and practices across North Staffordshire now use it.\n\n"
    "Patients in the osteoarthritis community told us they want to hear about exercise first. Together we "
    "wrote a short guide for appointments about knee pain, and the local policy for knee osteoarthritis now "
    "points clinicians to it.\n\n"
    "Next year we will take both to neighbouring areas, and ask the people who use them what changed."
)
HIGHLIGHTS = (
    "41 practices use the first contact physiotherapy template\n"
    "310 appointments about knee pain used the osteoarthritis guide\n"
    "The local knee osteoarthritis policy cites the guide"
)


def seed(*, password: str, stdout) -> None:
    """The narrative of the current financial year's report, once."""
    year = financial_year_of(timezone.localdate())
    _, made = ReportNarrative.objects.get_or_create(
        starts_on=year.start, ends_on=year.end, defaults={"narrative": NARRATIVE, "highlights": HIGHLIGHTS}
    )
    if made:
        stdout.write(f"Annual report: the narrative of the {year.label}.\n")


def pages_to_check() -> list[tuple[str, str | None]]:
    staff = demo_email("staff")
    return [
        ("/staff/", staff),
        ("/staff/impact/", staff),
        ("/staff/impact/?start=2025-04-01&end=2026-03-31", staff),
        ("/staff/impact/?start=2026-13-01&end=2026-01-01", staff),
        ("/staff/impact/report/", staff),
        ("/staff/readability/", staff),
    ]
