"""Bar charts drawn as SVG by our own template (templates/staff/includes/bar_chart.svg).

This module only works out the geometry: where each bar, label and legend key goes. Series are told
apart by pattern (solid, hatched, dotted) as well as shade, and every bar carries its value as text,
so nothing depends on colour. The data table under each chart is its full text alternative.
"""

from dataclasses import dataclass, field

from apps.core.figures import BarChart, format_value

WIDTH = 640
LABEL_WIDTH = 190  # room for the category names on the left
VALUE_ROOM = 80  # room right of the longest bar for its value
BAR_HEIGHT = 16
BAR_GAP = 3
GROUP_GAP = 12
LEGEND_HEIGHT = 28
LABEL_CHARS = 24  # about 7 units a letter at font size 13: fits LABEL_WIDTH

NO_VALUE = "–"  # a value that does not exist (a median of nothing), shown as the table shows it

# (pattern name, fill shade): the template defines the patterns; the order is the series order.
SERIES_STYLES = ["solid", "hatched", "dotted"]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value_text: str
    text_x: float
    text_y: float
    style: str
    series: str


@dataclass
class Category:
    label: str
    full_label: str
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class LegendKey:
    name: str
    style: str
    x: float
    text_x: float


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    label_width: int
    plot_top: int
    plot_bottom: int
    categories: list[Category]
    legend: list[LegendKey]
    empty: bool


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, list]],
    formatter=lambda value: f"{value:,}",
) -> Chart:
    """Horizontal bars: one group per category, one bar per series (at most three), all on one scale.

    A value may be None (no figure, "–" in the table): it gets no bar and "–", never a bar of 0."""
    series = series[: len(SERIES_STYLES)]
    values = [float(value or 0) for _, column in series for value in column]
    largest = max(values, default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest
    legend_height = LEGEND_HEIGHT if len(series) > 1 else 0
    top = legend_height + 6
    y = top
    drawn = []
    for index, name in enumerate(categories):
        label = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"
        values_here = [column[index] for _, column in series]
        something = any(values_here)
        # A category with nothing to show gets one short row saying "none", not a stack of empty bars.
        shown = series if something else series[:1]
        height = len(shown) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP if something else BAR_HEIGHT
        category = Category(label=label, full_label=name, label_y=y + height / 2 + 4)
        for position, (series_name, _) in enumerate(shown):
            value = values_here[position]
            bar_y = y + position * (BAR_HEIGHT + BAR_GAP)
            width = round(float(value or 0) * scale, 1)
            if value is None:
                value_text = NO_VALUE  # as the table says: there is no figure, which is not a zero
            elif something or len(series) == 1:
                value_text = formatter(value)
            else:
                value_text = "none"
            category.bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    value_text=value_text,
                    text_x=LABEL_WIDTH + width + 5,
                    text_y=bar_y + BAR_HEIGHT - 4,
                    style=SERIES_STYLES[position],
                    series=series_name,
                )
            )
        drawn.append(category)
        y += height + GROUP_GAP
    legend, x = [], LABEL_WIDTH
    if legend_height:
        for position, (series_name, _) in enumerate(series):
            legend.append(LegendKey(name=series_name, style=SERIES_STYLES[position], x=x, text_x=x + 22))
            x += 36 + 8 * len(series_name)  # the key, a gap, and the name at about 8 units a letter
    bottom = max(y, top + BAR_HEIGHT + GROUP_GAP)
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=bottom + 4,
        label_width=LABEL_WIDTH,
        plot_top=top - 2,
        plot_bottom=bottom - GROUP_GAP + 2,
        categories=drawn,
        legend=legend,
        empty=not any(values),
    )


def draw(chart: BarChart) -> Chart:
    """The geometry of a figure's chart (apps/core/figures.py), values written as its table writes them."""
    return bar_chart(
        chart_id=chart.chart_id,
        title=chart.title,
        description=chart.description,
        categories=chart.categories,
        series=chart.series,
        formatter=lambda value: format_value(value, chart.value_kind),
    )
