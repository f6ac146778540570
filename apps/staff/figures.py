"""The dashboard's figures, composed from what every app offers: each a few aggregate queries, a chart, a
table and a CSV.

Each domain app says what its figures count in its own `figures.py` plugin module
(`figures() -> [FigureSpec]`, plain data from apps/core/figures.py, each with the view permissions of the
data it counts and its `order` on the dashboard). The staff area only composes them here, in that fixed
order, lets a person see the figures whose every permission they hold, compares them with the previous
period, and draws the charts (`charts.draw`), tables and CSVs. What a figure's counts mean (done and
planned, each record once) is written at the top of apps/core/figures.py.
"""

from apps.core.figures import Figure, FigureSpec, Period
from apps.core.plugins import app_modules


def _offered_figures() -> list[FigureSpec]:
    """Every app's figures (`<app>.figures.figures()`), in their dashboard order."""
    offered = []
    for module in app_modules("figures"):
        offer = getattr(module, "figures", None)
        if offer is not None:
            offered.extend(offer())
    return sorted(offered, key=lambda spec: spec.order)


FIGURES = _offered_figures()
FIGURES_BY_SLUG = {spec.slug: spec for spec in FIGURES}


def figures_for(user) -> list[FigureSpec]:
    """The figures this person may see: those whose every permission they hold (has_perms already asks
    User.has_staff_powers: active staff past the second factor)."""
    return [spec for spec in FIGURES if user.has_perms(spec.permissions)]


def build_with_comparison(spec: FigureSpec, period: Period) -> Figure:
    """The figure for the period, its headline numbers carrying those of the previous period."""
    figure = spec.build(period)
    previous_period = period.previous()
    earlier = spec.summarise(previous_period) if spec.summarise else spec.build(previous_period).summary
    for stat, previous in zip(figure.summary, earlier, strict=True):
        stat.previous = previous.value
    return figure
