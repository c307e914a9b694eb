"""Bar charts as server-rendered SVG: the geometry here, the drawing in trainer/summary_charts.html.

No JavaScript chart library: a chart is a few rectangles and labels, readable printed too, and each
chart comes with the same numbers as a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
ROW_GAP = 12
VALUE_SPACE = 56
PRIMARY = "#0b57a4"


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    color: str


@dataclass
class BarChart:
    """Horizontal bars, one per row, the label above its bar and the count after it."""

    id: str
    title: str
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    height: int = 0
    unit: str = ""

    @property
    def empty(self) -> bool:
        return not any(b.value for b in self.bars)

    @property
    def description(self) -> str:
        return "; ".join(f"{b.label}: {b.value}" for b in self.bars)


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, int]], colors: list[str] | None = None, unit: str = ""):
    """Lay out bars scaled to the largest value (at least 1, so zeros draw as nothing)."""
    top = max((value for _, value in rows), default=0) or 1
    usable = WIDTH - VALUE_SPACE
    bars = []
    y = 0
    for index, (label, value) in enumerate(rows):
        color = colors[index % len(colors)] if colors else PRIMARY
        bars.append(Bar(label=label, value=value, y=y, width=round(usable * value / top), color=color))
        y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    return BarChart(id=chart_id, title=title, bars=bars, height=max(y, 1), unit=unit)
