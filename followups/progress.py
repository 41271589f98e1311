"""Progress over time (PRODUCT.md I2): the reads behind the Progress page and the geometry of its SVG charts.

Every read is one query whatever the number of interviews (aggregates in the database, or one flat list grouped
here); the charts are drawn server-side so no script or chart library is needed.
"""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone

from accounts.models import User
from interviews.models import Debrief, Interview, LearningItem, Question

CHART_INTERVIEWS = 40  # the most recent interviews drawn; older ones are in the table only as counts
WEAKEST = 5
TOPICS = 12
RECURRING = 8
THEMES_DEBRIEFS = 100  # recurring themes are counted over this many of the latest debriefs


@dataclass
class Point:
    label: str
    rating: float | None
    average: float | None
    when: dt.datetime
    interview_id: int


@dataclass
class WeakQuestion:
    text: str
    latest: int
    history: list[tuple[dt.datetime, int, str]] = field(default_factory=list)  # (when, score, company)


def interview_series(*, user: User, limit: int = CHART_INTERVIEWS) -> list[Point]:
    """Overall self-rating and average question score of the user's most recent interviews, oldest first."""
    # The `limit` latest first (newest first on interview_owner_starts_idx), then the average of only theirs: grouping
    # every interview of the account before the LIMIT costs a join with every debrief on the site.
    latest = Interview.objects.filter(owner=user, starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")[:limit]
    rows = (
        Interview.objects.filter(pk__in=latest.values("pk"))
        .annotate(average=Avg("questions__self_score"))
        .values("pk", "starts_at", "debrief__overall_rating", "average", "opportunity__company__name", "round")
        .order_by("-starts_at", "-pk")
    )
    points = []
    for row in reversed(list(rows)):
        if row["debrief__overall_rating"] is None and row["average"] is None:
            continue
        points.append(
            Point(
                label=row["opportunity__company__name"],
                rating=row["debrief__overall_rating"],
                average=round(row["average"], 1) if row["average"] is not None else None,
                when=row["starts_at"],
                interview_id=row["pk"],
            )
        )
    return points


def topic_averages(*, user: User, limit: int = TOPICS) -> list[dict]:
    """Average self-score per topic, most-asked topics first, then weakest first for display."""
    rows = (
        Question.objects.filter(interview__owner=user, self_score__isnull=False)
        .exclude(topic="")
        .values("topic")
        .annotate(average=Avg("self_score"), asked=Count("pk"))
        .order_by("-asked", "topic")[:limit]
    )
    return sorted(
        ({"topic": r["topic"], "average": round(r["average"], 1), "asked": r["asked"]} for r in rows),
        key=lambda r: (r["average"], r["topic"].casefold()),
    )


def weakest_questions(*, user: User, limit: int = WEAKEST) -> list[WeakQuestion]:
    """The questions whose latest self-score is lowest, each with every score it has had (one query)."""
    rows = (
        Question.objects.filter(interview__owner=user, self_score__isnull=False)
        .values_list(
            "normalized_text", "text", "self_score", "interview__starts_at", "interview__opportunity__company__name"
        )
        .order_by("interview__starts_at", "pk")
    )
    grouped: dict[str, WeakQuestion] = {}
    for key, text, score, when, company in rows.iterator(chunk_size=2000):
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = WeakQuestion(text=text, latest=score)
        entry.text, entry.latest = text, score  # the latest wording and score win
        entry.history.append((when, score, company))
    return sorted(grouped.values(), key=lambda q: (q.latest, -len(q.history), q.text.casefold()))[:limit]


_SPLIT = re.compile(r"[\n;•]+|\.\s+")


def _items(text: str) -> list[str]:
    return [part.strip(" .-*,") for part in _SPLIT.split(text or "") if part.strip(" .-*,")]


def _key(item: str) -> str:
    return " ".join(item.casefold().split())


def recurring_themes(*, user: User, limit: int = RECURRING, debriefs: int = THEMES_DEBRIEFS) -> dict[str, list[dict]]:
    """Strengths and weaknesses said in more than one of the `debriefs` latest debriefs: what went well and the
    strengths on one side, what to do better and the weaknesses on the other. An item counts once per debrief.

    The items are parsed here (free text, split on our own separators), so the work is bounded to the latest
    debriefs rather than growing with the whole account; the first wording written among them is shown."""
    latest = (
        Debrief.objects.filter(interview__owner=user)
        .order_by("-interview__starts_at", "-pk")
        .values_list("pk", "went_well", "strengths", "to_improve", "weaknesses")[:debriefs]
    )
    counts = {"strengths": defaultdict(int), "weaknesses": defaultdict(int)}
    wording: dict[str, str] = {}
    for _, went_well, strengths, to_improve, weaknesses in sorted(latest):
        for side, items in (
            ("strengths", [*(went_well or []), *_items(strengths)]),
            ("weaknesses", [*(to_improve or []), *_items(weaknesses)]),
        ):
            for key in {_key(str(item)): None for item in items if str(item).strip()}:
                counts[side][key] += 1
            for item in items:
                wording.setdefault(_key(str(item)), str(item).strip())
    return {
        side: [
            {"text": wording[key], "debriefs": n}
            for key, n in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))
            if n > 1
        ][:limit]
        for side, found in counts.items()
    }


def learning_summary(*, user: User) -> dict:
    totals = LearningItem.objects.filter(owner=user).aggregate(
        open=Count("pk", filter=Q(done=False)), done=Count("pk", filter=Q(done=True))
    )
    open_items = list(LearningItem.objects.filter(owner=user, done=False).order_by("-created_at", "pk")[:10])
    return {"learning_open": totals["open"], "learning_done": totals["done"], "learning_open_items": open_items}


# --- Chart geometry -------------------------------------------------------------------------------------------

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


def progress_overview(*, user: User) -> dict:
    points = interview_series(user=user)
    topics = topic_averages(user=user)
    return {
        "points": points,
        "line": line_chart(points),
        "topics": topics,
        "bars": bar_chart(topics),
        "weakest": weakest_questions(user=user),
        "themes": recurring_themes(user=user),
        "themes_debriefs": THEMES_DEBRIEFS,
        **learning_summary(user=user),
    }
