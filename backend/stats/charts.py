"""Geometry of the dashboard's charts, drawn by the templates as inline SVG (no script, no CDN).

Only numbers and positions are computed here; the page draws rectangles and text from them, and
every chart also has its numbers in a table next to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MAX_X_LABELS = 8
MAX_LABEL = 34
VALUE_ROOM = 125  # room right of the longest bar for its value and share


@dataclass(frozen=True)
class Column:
    """One vertical bar."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class ColumnChart:
    """Vertical bars over time with a value axis."""

    width: int
    height: int
    left: int
    bottom: int
    columns: tuple[Column, ...]
    ticks: tuple[tuple[float, int], ...]
    x_labels: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class Row:
    """One horizontal bar with its label."""

    y: float
    length: float
    label: str
    value: int
    share: float

    @property
    def short_label(self) -> str:
        """The label cut to fit beside the bar (the full one is in the bar's tooltip)."""
        return self.label if len(self.label) <= MAX_LABEL else self.label[: MAX_LABEL - 1] + "…"


@dataclass(frozen=True)
class RowChart:
    """Horizontal bars, one per category."""

    width: int
    height: int
    label_width: int
    bar_height: int
    rows: tuple[Row, ...]


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 1)."""
    if value <= 1:
        return 1
    power = int(10 ** math.floor(math.log10(value)))
    for factor in (1, 2, 5, 10):
        if factor * power >= value:
            return factor * power
    return 10 * power


def column_chart(
    points: Sequence[tuple[str, int]], width: int = 760, height: int = 220
) -> ColumnChart:
    """Bars for `(label, value)` points, a value axis with five ticks, a few x labels."""
    left, bottom, top = 48, 24, 8
    top_value = nice_ceiling(max((v for _, v in points), default=0))
    plot_width, plot_height = width - left - 4, height - bottom - top
    slot = plot_width / max(len(points), 1)
    columns = []
    for index, (label, value) in enumerate(points):
        bar = plot_height * value / top_value
        x = left + index * slot + slot * 0.1
        columns.append(Column(x, top + plot_height - bar, max(slot * 0.8, 1.0), bar, label, value))
    ticks = tuple((top + plot_height * (1 - n / 4), top_value * n // 4) for n in range(5))
    every = max(1, math.ceil(len(points) / MAX_X_LABELS))
    x_labels = tuple(
        (left + index * slot + slot / 2, label)
        for index, (label, _) in enumerate(points)
        if index % every == 0
    )
    return ColumnChart(width, height, left, bottom, tuple(columns), ticks, x_labels)


def row_chart(items: Sequence[tuple[str, int]], width: int = 560, bar_height: int = 22) -> RowChart:
    """Horizontal bars for `(label, value)` items, longest bar for the largest value."""
    longest = min(MAX_LABEL, max((len(label) for label, _ in items), default=0))
    label_width = min(300, max(60, 7 * longest + 12))
    total = sum(value for _, value in items)
    largest = max((value for _, value in items), default=0) or 1
    room = width - label_width - VALUE_ROOM
    rows = tuple(
        Row(
            y=index * (bar_height + 6),
            length=room * value / largest,
            label=label,
            value=value,
            share=value / total if total else 0.0,
        )
        for index, (label, value) in enumerate(items)
    )
    height = max(len(rows) * (bar_height + 6), bar_height)
    return RowChart(width, height, label_width, bar_height, rows)
