"""``accord report --png/--svg``: a static timeline of the chronology for papers and slides (matplotlib).

One line per event record, in date order: the curated date as a dark bar, each report's date as a thin
bar below it in the colour of its agreement class. Times are UTC. Text stays text in SVG.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

__all__ = ["plot_timeline", "COLOURS"]

COLOURS = {"agrees": "#43a047", "coarser": "#a5d6a7", "conflict": "#d32f2f", "zone": "#1e88e5",
           "acknowledged": "#ef6c00", "rescheduled": "#9e9e9e", "own": "#263238"}
_MAX_LINES = 60  # more than this is unreadable on a page: the densest stretch is drawn


def _day(ms: float) -> float:
    from matplotlib.dates import date2num

    return float(date2num(dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)))


def _lines(data: dict[str, Any]) -> list[tuple[str, dict[str, Any] | None, list[dict[str, Any]]]]:
    lines = []
    for record in data["records"]:
        for row in record.get("rows", ()):
            reports = [record["reports"][n] for n in row["reports"] if record["reports"][n].get("span")]
            label = record["title"] if row["prop"] == "date" else f"{record['title']} ({row['prop']})"
            lines.append((label, row["own"], reports))

    def start(line: tuple[str, dict[str, Any] | None, list[dict[str, Any]]]) -> float:
        spans = [s for s in [line[1], *(r["span"] for r in line[2])] if s and s["start"] is not None]
        return min((s["start"] for s in spans), default=float("inf"))

    lines.sort(key=start)
    return lines[:_MAX_LINES] if len(lines) > _MAX_LINES else lines


def plot_timeline(data: dict[str, Any], out: Path) -> None:
    """Write the timeline of ``data`` (``validator.chronology.chronology``) to ``out`` (.png or .svg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.patches import Patch

    lines = _lines(data)
    height = 1.2 + 0.16 * sum(1 + len(r) for _, _, r in lines)
    plt.rcParams["svg.fonttype"] = "none"  # keep titles as text
    fig, ax = plt.subplots(figsize=(11, max(2.5, min(height, 60))))
    y, ticks, labels = 0.0, [], []
    for label, own, reports in lines:
        if own and own["start"] is not None and own["end"] is not None:
            ax.broken_barh([(_day(own["start"]), _day(own["end"]) - _day(own["start"]))], (y - 0.35, 0.7),
                           color=COLOURS["own"])
        ticks.append(y)
        labels.append(label if len(label) <= 70 else label[:69] + "…")
        for report in reports:
            y += 1
            span = report["span"]
            if span["start"] is None or span["end"] is None:
                continue
            ax.broken_barh([(_day(span["start"]), _day(span["end"]) - _day(span["start"]))], (y - 0.3, 0.6),
                           color=COLOURS.get(report["cls"], "#777777"),
                           hatch="///" if report["cls"] == "acknowledged" else None, edgecolor="white")
        y += 1.4
    starts = sorted(_day(s["start"]) for _, own, reps in lines
                    for s in [own, *(r["span"] for r in reps)] if s and s["start"] is not None)
    if starts:  # the stretch most events fall in, as the HTML report opens: outliers would squash it
        low, high = starts[len(starts) // 20], starts[-1 - len(starts) // 20] + 1
        pad = max(1.0, (high - low) * 0.06)
        ax.set_xlim(low - pad, high + pad)
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.invert_yaxis()
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#e0e4e8")
    ax.set_axisbelow(True)
    ax.set_xlabel("UTC")
    ax.legend(handles=[Patch(color=COLOURS["own"], label="curated date"),
                       *(Patch(color=COLOURS[c], label=c) for c in data["agreement"])],
              loc="upper center", bbox_to_anchor=(0.5, -0.08 if height < 8 else -0.02), ncol=4, fontsize=8,
              frameon=False)
    ax.set_title(f"accord chronology: {len(lines)} dated events", fontsize=10, loc="left")
    fig.tight_layout()
    fig.savefig(out, dpi=150)
    plt.close(fig)
