"""The geometry of the progress page's SVG charts: coordinates only, the template draws them."""

import datetime as dt
from dataclasses import dataclass


@dataclass
class Point:
    label: str
    rating: float | None
    average: float | None
    when: dt.datetime
    interview_id: int


WIDTH, HEIGHT = 600, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 28


def line_chart(points: list[Point]) -> dict:
    """Coordinates for two lines on a 0–10 scale in a WIDTH×HEIGHT viewBox; the template only draws them."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h - value / 10 * plot_h, 1)

    def series(attr: str) -> dict:
        dots = [
            {"x": round(LEFT + i * step, 1), "y": y(getattr(p, attr)), "value": getattr(p, attr), "label": p.label}
            for i, p in enumerate(points)
            if getattr(p, attr) is not None
        ]
        for d in dots:  # the square marker's corner
            d["corner_x"], d["corner_y"] = round(d["x"] - 4, 1), round(d["y"] - 4, 1)
        return {"dots": dots, "path": " ".join(f"{d['x']},{d['y']}" for d in dots)}

    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "tick_x": LEFT - 6,
        "date_y": HEIGHT - 8,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "grid": [{"value": v, "y": y(v)} for v in (0, 2, 4, 6, 8, 10)],
        "rating": series("rating"),
        "average": series("average"),
        "first": points[0].when if points else None,
        "last": points[-1].when if points else None,
    }


BAR_ROW = 28


def bar_chart(topics: list[dict]) -> dict:
    label_w, plot_w = 150, WIDTH - 150 - 48
    bars = [
        {
            "topic": t["topic"],
            "average": t["average"],
            "y": i * BAR_ROW + 4,
            "text_y": i * BAR_ROW + 18,
            "width": round(max(t["average"], 0.2) / 10 * plot_w, 1),
            "value_x": round(label_w + max(t["average"], 0.2) / 10 * plot_w + 6, 1),
        }
        for i, t in enumerate(topics)
    ]
    return {
        "width": WIDTH,
        "height": max(len(bars), 1) * BAR_ROW,
        "label_w": label_w,
        "label_x": label_w - 8,
        "bars": bars,
    }
