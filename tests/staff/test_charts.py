"""The chart geometry: bars on one scale, labelled with their values, patterns not colour alone."""

from apps.staff.charts import LABEL_WIDTH, VALUE_ROOM, WIDTH, bar_chart


def test_bars_share_one_scale_and_carry_their_values():
    chart = bar_chart(
        chart_id="c",
        title="t",
        description="d",
        categories=["Link group", "Research User Group"],
        series=[("Active", [4, 2]), ("New", [1, 0])],
    )
    link, rug = chart.categories
    assert [bar.width for bar in link.bars] == [
        WIDTH - LABEL_WIDTH - VALUE_ROOM,
        (WIDTH - LABEL_WIDTH - VALUE_ROOM) / 4,
    ]
    assert [bar.value_text for bar in link.bars + rug.bars] == ["4", "1", "2", "0"]
    assert [bar.style for bar in link.bars] == ["solid", "hatched"]
    assert [key.name for key in chart.legend] == ["Active", "New"]
    assert rug.bars[0].y > link.bars[1].y


def test_an_empty_category_is_one_row_saying_none():
    chart = bar_chart(
        chart_id="c",
        title="t",
        description="d",
        categories=["April 2025", "May 2025"],
        series=[("Sent", [0, 5]), ("Failed", [0, 1]), ("Unsubscribed", [0, 0])],
    )
    april, may = chart.categories
    assert [bar.value_text for bar in april.bars] == ["none"]
    assert [bar.value_text for bar in may.bars] == ["5", "1", "0"]
    assert not chart.empty


def test_long_names_are_shortened_for_the_chart_only():
    name = "Knowledge Mobilisation Seminar: next steps together"
    chart = bar_chart(chart_id="c", title="t", description="d", categories=[name], series=[("n", [0])])
    category = chart.categories[0]
    assert category.full_label == name
    assert category.label == "Knowledge Mobilisation…"
    assert chart.empty
