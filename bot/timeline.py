"""A story's timeline: articles per day by verdict, first reports and evidence marked (PNG, Pillow).

Counting is pure (`timeline_days`); drawing needs only Pillow, whose wheels carry FreeType and a
scalable default font, so nothing is read from the system and no plotting stack is installed
(matplotlib with its fonts would add ~95 MB to a ~240 MB install for one bar chart).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from watchers.models import VERDICTS, Judged

# Verdict colours (colour-blind safe, Okabe-Ito), the same on the page and in Telegram.
COLOURS = {
    "first": "#0072B2",
    "new_evidence": "#009E73",
    "new_claims": "#E69F00",
    "repeats": "#999999",
    "duplicate": "#CC79A7",
}
LABELS = {
    "first": "first",
    "new_evidence": "new evidence",
    "new_claims": "new claims",
    "repeats": "repeats",
    "duplicate": "duplicate",
}
WIDTH, HEIGHT = 1200, 675  # 16:9, sharp on a phone held sideways and upright
MAX_DAYS = 60  # a longer story shows its last 60 days


@dataclass
class Day:
    day: date
    counts: dict[str, int] = field(default_factory=dict)
    first_reports: int = (
        0  # articles that put claims on record first (first, new_claims, new_evidence)
    )
    evidence: int = 0  # articles with evidence

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def timeline_days(judged: Iterable[Judged]) -> list[Day]:
    """One Day per calendar day (UTC) from the first article to the last, empty days included."""
    by_day: dict[date, Day] = {}
    for j in judged:
        d = j.article.published.date()
        day = by_day.setdefault(d, Day(d))
        v = j.verdict.verdict
        day.counts[v] = day.counts.get(v, 0) + 1
        if v in ("first", "new_claims", "new_evidence"):
            day.first_reports += 1
        if j.verdict.evidence:
            day.evidence += 1
    if not by_day:
        return []
    start, end = min(by_day), max(by_day)
    start = max(start, end - timedelta(days=MAX_DAYS - 1))
    return [
        by_day.get(start + timedelta(n), Day(start + timedelta(n)))
        for n in range((end - start).days + 1)
    ]


def caption(title: str, days: list[Day], page: str | None = None) -> str:
    """The photo's caption: title, article count and span, and the story page when there is one."""
    text = f"{title}: {sum(d.total for d in days)} articles"
    if days:
        text += f", {days[0].day:%-d %b} to {days[-1].day:%-d %b}"
    if page:
        text += f"\n{page}"
    return text[:1024]  # Telegram's caption limit


def render_png(title: str, days: list[Day], *, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """Stacked bars per day; a dot above a bar for first reports, a diamond for evidence."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    big = ImageFont.load_default(size=34)
    mid = ImageFont.load_default(size=24)
    small = ImageFont.load_default(size=20)
    draw.text((40, 24), _fit(draw, title, big, width - 80), fill="#222222", font=big)
    left, top, right, bottom = 80, 150, width - 40, height - 80
    # legend
    x = 40
    for v in VERDICTS:
        draw.rectangle((x, 90, x + 22, 112), fill=COLOURS[v])
        draw.text((x + 30, 88), LABELS[v], fill="#222222", font=small)
        x += 40 + int(draw.textlength(LABELS[v], font=small)) + 16
    draw.ellipse((x, 93, x + 16, 109), fill="#222222")
    draw.text((x + 24, 88), "first reports", fill="#222222", font=small)
    x += 40 + int(draw.textlength("first reports", font=small)) + 16
    _diamond(draw, x + 9, 101, 10, COLOURS["new_evidence"])
    draw.text((x + 26, 88), "evidence", fill="#222222", font=small)

    if not days:
        draw.text((left, (top + bottom) // 2), "no articles yet", fill="#666666", font=mid)
        return _png(img)
    peak = max(max(d.total for d in days), 1)
    scale = (bottom - top - 40) / peak
    # horizontal grid with counts
    step = max(1, round(peak / 4))
    for n in range(0, peak + 1, step):
        y = bottom - n * scale
        draw.line((left, y, right, y), fill="#e5e5e5", width=1)
        draw.text((left - 12, y), str(n), fill="#555555", font=small, anchor="rm")
    slot = (right - left) / len(days)
    bar = max(4.0, min(80.0, slot * 0.7))
    label_every = max(1, int(len(days) * 70 / (right - left)) + 1)
    for i, d in enumerate(days):
        cx = left + slot * (i + 0.5)
        y = float(bottom)
        for v in VERDICTS:
            n = d.counts.get(v, 0)
            if n:
                draw.rectangle((cx - bar / 2, y - n * scale, cx + bar / 2, y), fill=COLOURS[v])
                y -= n * scale
        mark_y = y - 14
        if d.first_reports:
            draw.ellipse((cx - 8, mark_y - 8, cx + 8, mark_y + 8), fill="#222222")
            mark_y -= 22
        if d.evidence:
            _diamond(draw, cx, mark_y, 10, COLOURS["new_evidence"])
        if i % label_every == 0:
            draw.text(
                (cx, bottom + 12), d.day.strftime("%-d %b"), fill="#333333", font=small, anchor="mt"
            )
    draw.line((left, bottom, right, bottom), fill="#333333", width=2)
    total = sum(d.total for d in days)
    draw.text(
        (left, height - 34),
        f"{total} articles, {days[0].day:%-d %b %Y} to {days[-1].day:%-d %b %Y} (UTC days)",
        fill="#555555",
        font=small,
    )
    return _png(img)


def _diamond(draw, cx: float, cy: float, r: float, colour: str) -> None:  # type: ignore[no-untyped-def]
    draw.polygon([(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)], fill=colour)


def _fit(draw, text: str, font, width: int) -> str:  # type: ignore[no-untyped-def]
    """The text, shortened with an ellipsis to fit `width` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _png(img) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
