"""What the annual report (/staff/impact/report/) adds to the dashboard's figures: a figure with nothing
to show becomes one sentence, and the headline table leaves out measures that were nothing in both
periods. The figures themselves are the apps' own (their figures.py, composed by apps/staff/figures.py);
this module only reads them."""

from dataclasses import dataclass
from decimal import Decimal

from .figures import Figure

# One plain sentence per figure for a period with nothing in it. A figure not listed here (a new one)
# gets the sentence made from its title.
NOTHING_TO_SHOW = {
    "involvement-by-month": "No involvement activities took place in this period, and none are planned.",
    "involvement-by-group": "Nobody took part in or joined the Link group or the RUG in this period.",
    "involvement-opportunities": "No involvement opportunities were published in this period.",
    "impact-log": "No “you said, we did” entries were published for this period.",
    "communities": "The communities of practice held no meetings and had no members in this period.",
    "communities-new-members-by-role": "Nobody joined a community of practice in this period.",
    "seminars": "No seminars were held in this period.",
    "seminars-feedback": "No feedback on seminars was given in this period.",
    "seminars-registrants": "Nobody registered for a seminar in this period.",
    "publications": "No publications are dated in the five years up to this period.",
    "email": "The portal sent no email in this period.",
    "brokering-requesters": "No requests for evidence came in during this period.",
    "brokering-time-to-answer": "No requests for evidence were answered in this period.",
    "brokering-on-time": "No requests for evidence were answered in this period.",
    "impacts-by-level": "No changes outside the unit were going on in this period.",
}


# Columns that name a row rather than count anything (the feedback figure lists the scores 5 to 1).
LABEL_COLUMNS = {"Score"}


def _nothing(value) -> bool:
    return value is None or value == "" or (isinstance(value, int | float | Decimal) and value == 0)


def has_nothing_to_show(figure: Figure) -> bool:
    """True when every headline and every number in the table is nothing (zero or no value): such a
    table is all zeros, and a reader is better told so in a sentence."""
    if any(not _nothing(stat.value) for stat in figure.summary):
        return False
    for row in figure.rows:
        for value, (heading, kind) in zip(row, figure.columns, strict=True):
            if kind != "text" and heading not in LABEL_COLUMNS and not _nothing(value):
                return False
    return True


def nothing_to_show_sentence(figure: Figure) -> str:
    return NOTHING_TO_SHOW.get(figure.slug) or f"Nothing was recorded for “{figure.title}” in this period."


@dataclass
class ReportFigure:
    figure: Figure
    nothing_to_show: str  # the one sentence when the figure has nothing to show, else ""

    @property
    def headline_stats(self):
        """The figure's headline numbers, without those that were nothing now and in the period before."""
        return [
            stat for stat in self.figure.summary if not (_nothing(stat.value) and _nothing(stat.previous))
        ]


def report_figures(figures: list[Figure]) -> list[ReportFigure]:
    return [
        ReportFigure(figure, nothing_to_show_sentence(figure) if has_nothing_to_show(figure) else "")
        for figure in figures
    ]
