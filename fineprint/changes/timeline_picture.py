"""A timeline as a picture: a PNG a creator can read on a phone.

Versions sit on a time axis (the bottom lane, every version a tick); above it one lane per
topic a material change touched (AI at the top), with a dot where a version brought material
changes of that topic, larger the more there were. 1200 x 675 pixels (16:9, what Discord
shows whole), large type. Drawn with matplotlib's Agg canvas on a `Figure` of its own — no
pyplot, no global state, no display — with the fonts matplotlib bundles (DejaVu Sans), so
nothing is fetched. Names and labels are drawn as plain text (`parse_math=False`: a "$" in a
document's name is no formula) after `safe_text.neutralise`.

The front ends call `render` only (`fineprint timeline --png`, the bot's `/timeline`), and
matplotlib is imported only then. Every text drawn is returned beside the PNG bytes, so the
front ends can describe the picture and tests can check what it says.
"""

from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fineprint.changes.timeline import topic_label
from fineprint.safe_text import neutralise

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

    from fineprint.changes.timeline import Timeline

__all__ = ["HEIGHT", "WIDTH", "Picture", "render"]

WIDTH, HEIGHT = 1200, 675  # pixels
DPI = 100
TITLE_SIZE, TEXT_SIZE, NOTE_SIZE = 30, 22, 16  # points = pixels * 72 / DPI
COLOURS = {
    "ai": "#d62728",
    "licence": "#1f77b4",
    "ownership": "#9467bd",
    "monetisation": "#2ca02c",
    "termination": "#ff7f0e",
    "disputes": "#8c564b",
    "privacy": "#e377c2",
    "terms-changes": "#7f7f7f",
}
OTHER_COLOUR = "#17becf"
EPOCH = date(1970, 1, 1).toordinal()  # matplotlib's dates count days from here
QUIET = "#b0b0b0"  # a version without material changes
_lock = threading.Lock()  # one drawing at a time: matplotlib's font cache is shared


@dataclass(frozen=True)
class Picture:
    """The PNG, its size in pixels, and every text drawn on it (title, lanes, dates, notes)."""

    png: bytes
    width: int
    height: int
    labels: tuple[str, ...]


def render(timeline: Timeline) -> Picture:
    """The timeline drawn as a PNG of `WIDTH` x `HEIGHT` pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _lock:
        figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
        canvas = FigureCanvasAgg(figure)
        labels = _draw(figure, timeline)
        canvas.draw()  # type: ignore[no-untyped-call]
        labels += _date_ticks(figure.axes[0])
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI)
    return Picture(buffer.getvalue(), WIDTH, HEIGHT, tuple(labels))


def _date_ticks(axes: Axes) -> list[str]:
    """The date labels the axis shows (ticks outside the shown span are not drawn)."""
    low, high = axes.get_xlim()
    return [
        tick.label1.get_text()
        for tick, at in zip(axes.xaxis.get_major_ticks(), axes.get_xticks(), strict=False)
        if low <= at <= high and tick.label1.get_text()
    ]


def _days(text: str) -> date:
    return date.fromisoformat(text)


def _x(day: date) -> float:
    """Where a day sits on matplotlib's date axis (days since its epoch)."""
    return float(day.toordinal() - EPOCH)


def _draw(figure: Figure, timeline: Timeline) -> list[str]:
    """Title, lanes, dots and notes; the texts drawn (the date ticks are added after)."""
    title = neutralise(f"{timeline.platform_name} · {timeline.document_name}")
    steps = timeline.steps
    first, last = steps[0].version_date, steps[-1].version_date
    material = timeline.material_steps
    subtitle = (
        f"{len(steps)} version{'s' if len(steps) != 1 else ''}, {first[:4]}–{last[:4]} · "
        f"{len(material)} with material changes"
    )
    figure.text(0.02, 0.95, title, fontsize=TITLE_SIZE, weight="bold", va="top", parse_math=False)
    figure.text(0.02, 0.86, subtitle, fontsize=NOTE_SIZE + 2, color="#444444", va="top")
    axes = figure.add_axes((0.23, 0.17, 0.74, 0.62))
    lanes = ["versions", *timeline.topics()[::-1]]  # AI on top, the versions at the bottom
    labels = [title, subtitle]
    _lanes(axes, lanes)
    _versions(axes, timeline)
    _dots(axes, timeline, lanes)
    _time_axis(axes, _days(first), _days(last))
    labels += [topic_label(lane) if lane != "versions" else lane for lane in lanes]
    labels += _top_lane_dates(axes, timeline, lanes)
    note = "dot size: number of material changes" if material else "no material change"
    figure.text(0.02, 0.03, note, fontsize=NOTE_SIZE, color="#444444")
    return [*labels, note]


def _lanes(axes: Axes, lanes: list[str]) -> None:
    axes.set_ylim(-0.7, len(lanes) - 0.1)
    axes.set_yticks(range(len(lanes)))
    names = [topic_label(lane) if lane != "versions" else "versions" for lane in lanes]
    axes.set_yticklabels(names, fontsize=TEXT_SIZE)
    for n, lane in enumerate(lanes):
        axes.axhline(n, color="#e5e5e5", linewidth=1.5, zorder=0)
        if lane != "versions":
            axes.get_yticklabels()[n].set_color(COLOURS.get(lane, OTHER_COLOUR))
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)


def _versions(axes: Axes, timeline: Timeline) -> None:
    for step in timeline.steps:
        colour = "#222222" if step.material or step.previous is None else QUIET
        axes.plot(
            [_x(_days(step.version_date))], [0], marker="|", markersize=34, mew=4, color=colour
        )


def _dots(axes: Axes, timeline: Timeline, lanes: list[str]) -> None:
    for step in timeline.material_steps:
        day = _x(_days(step.version_date))
        for topic, count in step.topics:
            size = 90 + 160 * math.sqrt(count)
            colour = COLOURS.get(topic, OTHER_COLOUR)
            axes.scatter([day], [lanes.index(topic)], s=size, color=colour, alpha=0.85, zorder=3)


def _top_lane_dates(axes: Axes, timeline: Timeline, lanes: list[str]) -> list[str]:
    """Month and year above each dot of the top lane (the highest-priority topic: AI when
    any change touched it). Two close dots get their dates pushed apart (left and right);
    a third close one goes without."""
    if len(lanes) < 2:
        return []
    top = lanes[-1]
    low, high = axes.get_xlim()
    room = (high - low) * 0.1
    drawn: list[str] = []
    previous: tuple[float, Annotation, bool] | None = None  # (where, its label, pushed)
    for step in timeline.material_steps:
        if top not in dict(step.topics):
            continue
        day = _days(step.version_date)
        at = _x(day)
        crowded = previous is not None and at - previous[0] < room
        if previous is not None and crowded and previous[2]:
            continue
        label = axes.annotate(
            day.strftime("%b %Y"),
            (at, len(lanes) - 1),
            xytext=(6 if crowded else 0, 16),
            textcoords="offset points",
            ha="left" if crowded else "center",
            fontsize=NOTE_SIZE,
            color=COLOURS.get(top, OTHER_COLOUR),
            annotation_clip=False,
        )
        if previous is not None and crowded:
            previous[1].set_horizontalalignment("right")
            previous[1].set_position((-6, 16))
        drawn.append(label.get_text())
        previous = (at, label, crowded)
    return drawn


def _time_axis(axes: Axes, first: date, last: date) -> None:
    from matplotlib import dates

    span = max((last - first).days, 1)
    pad = timedelta(days=max(span * 0.04, 30))
    axes.set_xlim(_x(first - pad), _x(last + pad))
    locator = dates.AutoDateLocator(minticks=3, maxticks=7)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    formatter = dates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(formatter)
    axes.tick_params(axis="x", labelsize=TEXT_SIZE - 2, length=8)
