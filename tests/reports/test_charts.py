"""The trend chart's geometry (reports.charts): bars scaled to the largest, in order, inside the box."""

from reports.charts import HEIGHT, LEFT, WIDTH, bar_chart


def test_the_largest_bar_fills_the_plot_and_the_others_are_in_proportion():
    chart = bar_chart([("2021", 5), ("2022", 10), ("2023", 0)])

    heights = [bar.height for bar in chart.bars]
    assert heights[1] == 2 * heights[0]
    assert heights[2] == 1  # a hairline: the year has its place
    assert chart.largest == 10
    assert [bar.label for bar in chart.bars] == ["2021", "2022", "2023"]


def test_every_bar_stays_inside_the_box_and_left_of_the_next():
    chart = bar_chart([(str(year), year - 2000) for year in range(2001, 2025)])

    for bar, after in zip(chart.bars, chart.bars[1:], strict=False):
        assert bar.x + bar.width < after.x
    for bar in chart.bars:
        assert bar.x >= LEFT and bar.x + bar.width <= WIDTH
        assert bar.y >= 0 and bar.y + bar.height <= HEIGHT


def test_no_points_make_an_empty_chart_not_an_error():
    assert bar_chart([]).bars == []
