"""Draws a figure's chart: the figure says what to show (`core.figures.BarChart`), staff draws it."""

from django import template

from ..charts import draw

register = template.Library()


@register.filter
def drawn(chart):
    """`{% with chart=figure.chart|drawn %}`: the chart's geometry for bar_chart.svg."""
    return draw(chart)
