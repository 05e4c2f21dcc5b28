"""Geometry of the public page's trend charts, drawn as inline SVG by the template (no script, no
library: the CSP forbids third-party scripts, and the page must print and work without JavaScript).
Pure: no Django, so the arithmetic has tests of its own."""

from dataclasses import dataclass

WIDTH = 320
HEIGHT = 150
LEFT = 30  # room for the scale's numbers
BOTTOM = 22  # room for the years
TOP = 14  # room for a value above the tallest bar


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_y(self) -> float:
        return HEIGHT - 6

    @property
    def value_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    largest: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP


def bar_chart(points: list[tuple[str, int]]) -> BarChart:
    """Bars for (label, value) in order, scaled to the largest value; an empty bar (0) is a
    hairline on the baseline, so a year without shown refusals still has its place."""
    largest = max((value for _label, value in points), default=0)
    plot_width = WIDTH - LEFT - 4
    plot_height = HEIGHT - BOTTOM - TOP
    band = plot_width / max(len(points), 1)
    bar_width = round(min(band * 0.6, 48), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = round(plot_height * value / largest, 1) if largest else 0
        height = max(height, 1)
        x = round(LEFT + band * index + (band - bar_width) / 2, 1)
        bars.append(Bar(label, value, x, round(HEIGHT - BOTTOM - height, 1), bar_width, height))
    return BarChart(bars, largest)
