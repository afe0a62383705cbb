"""Read-only story pages, /healthz and /metrics, served by the service (aiohttp + Jinja2).

Why aiohttp: the service is one asyncio process (python-telegram-bot, APScheduler on its loop), and
aiohttp's AppRunner starts and stops inside that loop with two awaits, without a second server
process or signal handlers of its own (uvicorn would install its own for SIGTERM). Jinja2 renders
with autoescape on, so every feed-supplied string (titles, claims, outlet names) is escaped, and
links are only ever http(s). Each request opens the SQLite file on a worker thread (WAL: readers
never block the poller) and closes it; nothing is written, and no subscriber data is shown.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import DictLoader, Environment

from bot.ledger_view import build_ledger
from bot.timeline import COLOURS, LABELS, render_png, timeline_days
from watchers.config import Rule
from watchers.models import VERDICTS
from watchers.pipeline import JUDGE_SECONDS
from watchers.store import Store, StoreError

log = logging.getLogger("storywatch.web")


@dataclass
class Health:
    """What the scheduler reports to /healthz and /metrics (updated by the service's tick)."""

    tick: float  # seconds between ticks
    started: float = field(default_factory=time.monotonic)
    last_tick: float | None = None  # time.monotonic() of the last tick
    last_poll_at: datetime | None = None
    polls: int = 0
    feed_errors: int = 0
    poll_seconds: float = 0.0

    def ticked(self) -> None:
        self.last_tick = time.monotonic()

    def polled(self, *, errors: int, seconds: float, now: datetime) -> None:
        self.polls += 1
        self.feed_errors += errors
        self.poll_seconds += seconds
        self.last_poll_at = now

    @property
    def patience(self) -> float:
        """How long without a tick is still healthy: three ticks, at least 90 s."""
        return max(3 * self.tick, 90.0)

    def problem(self) -> str | None:
        """Why the scheduler is unhealthy, or None."""
        since = self.last_tick if self.last_tick is not None else self.started
        age = time.monotonic() - since
        if age <= self.patience:
            return None
        what = "the scheduler has not ticked" if self.last_tick is None else "no tick"
        return f"{what} for {age:.0f}s (expected every {self.tick:.0f}s)"


@dataclass
class Site:
    """What the pages read: the current stories (they change on reload) and the state file."""

    stories: Callable[[], Sequence[Rule]]
    store_path: Path
    health: Health | None = None  # None: no scheduler (storywatch demo serves pages only)
    token: str | None = None
    base_url: str | None = None


# ---------------------------------------------------------------- templates

_BASE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}storywatch{% endblock %}</title>
<style>
body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#222}
a{color:#0b5394}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}.n{text-align:right;white-space:nowrap}.small{font-size:.85em;color:#555}
.v{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:.85em;white-space:nowrap}
{% for v, c in colours.items() %}.v-{{ v }}{background:{{ c }}}{% endfor %}
.none{color:#a33}ol.articles li{margin-bottom:1rem}img.chart{max-width:100%;height:auto}
</style></head><body>
<header class="small"><a href="{{ link('/') }}">storywatch</a></header>
{% block body %}{% endblock %}
</body></html>
"""

_INDEX = """{% extends "base.html" %}
{% block body %}<h1>Stories</h1>
<table><thead><tr><th>story</th><th class="n">articles</th><th>verdicts</th></tr></thead><tbody>
{% for s in stories %}<tr><td><a href="{{ link('/story/' ~ s.id) }}">{{ s.title }}</a>
<span class="small">{{ s.id }}</span></td><td class="n">{{ s.total }}</td>
<td>{% for v, n in s.counts %}<span class="v v-{{ v }}">{{ labels[v] }} {{ n }}</span> {% endfor %}</td></tr>
{% else %}<tr><td colspan="3">No stories in rules/.</td></tr>{% endfor %}
</tbody></table>{% endblock %}
"""

_STORY = """{% extends "base.html" %}
{% block title %}{{ title }} · storywatch{% endblock %}
{% block body %}<h1>{{ title }}</h1>
<p class="small">{{ articles|length }} articles, {{ rows|length }} claims on record.</p>
<h2>Timeline</h2>
<img class="chart" id="timeline" src="{{ link('/story/' ~ story ~ '/timeline.png') }}" width="1200" height="675"
 alt="Articles per day by verdict, first reports and evidence marked">
<h2>Ledger</h2>
<table id="ledger"><thead><tr><th>claim</th><th>first reported</th><th class="n">repeated by</th>
<th>evidence</th><th>revised / contradicted</th></tr></thead><tbody>
{% for r in rows %}<tr class="claim"><td>{{ r.claim }}{% if r.revises %}
<div class="small">{{ r.revises.status }}: “{{ r.revises.earlier }}”</div>{% endif %}</td>
<td>{{ ext(r.first_url, r.first_source or r.first_url) }}<div class="small">{{ r.first_published.strftime('%-d %b %Y %H:%M') }}</div></td>
<td class="n">{{ r.articles }} articles<div class="small">{{ r.outlets|length }} outlets{% if r.languages %} · {{ r.languages|join(', ') }}{% endif %}</div></td>
<td>{% for e in r.evidence %}<div>{{ e.kind }}: {{ ext(e.url, e.source) }}<div class="small">{{ e.why }}</div></div>
{% else %}<span class="none">none</span>{% endfor %}</td>
<td>{% for m in r.changes %}<div>{{ m.status }} by {{ ext(m.url, m.source) }}: “{{ m.text }}”</div>{% endfor %}</td></tr>
{% endfor %}</tbody></table>
<h2>Articles</h2>
<ol class="articles">{% for j in articles %}<li class="article">
<span class="v v-{{ j.verdict.verdict }}">{{ labels[j.verdict.verdict] }}</span>
{{ ext(j.article.url, j.article.title or j.article.url) }}
<span class="small">{{ j.article.source }} · {{ j.article.published.strftime('%-d %b %Y %H:%M') }} UTC</span>
{% if j.verdict.reasons %}<ul class="small">{% for reason in j.verdict.reasons %}<li>{{ reason }}</li>{% endfor %}</ul>{% endif %}
{% if j.verdict.evidence %}<ul>{% for e in j.verdict.evidence %}<li><b>{{ e.kind }}</b>: {{ e.text }} <span class="small">({{ e.why }})</span></li>{% endfor %}</ul>{% endif %}
</li>{% endfor %}</ol>{% endblock %}
"""

_ENV = Environment(
    loader=DictLoader({"base.html": _BASE, "index.html": _INDEX, "story.html": _STORY}),
    autoescape=True,
)


def safe_href(url: str) -> str | None:
    """Feed-supplied URLs become links only when they are http(s) (never javascript: or data:)."""
    return url if url.lower().startswith(("http://", "https://")) else None


# Security headers: nothing but this site's own images, no scripts at all.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# ---------------------------------------------------------------- reading the store


def _with_store(path: Path, fn: Callable[[Store], Any]) -> Any:
    store = Store(path)
    try:
        return fn(store)
    finally:
        store.close()


def metrics_text(site: Site) -> bytes:
    """The Prometheus exposition of the state file and the scheduler (raises StoreError)."""
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

    def read(store: Store) -> tuple[dict[str, dict[str, int]], dict[str, int], list[Any]]:
        return store.story_counts(), store.outbox_counts(), store.feed_states()

    counts, outbox, feeds = _with_store(site.store_path, read)
    now = datetime.now(UTC)

    class Snapshot:
        def collect(self):  # type: ignore[no-untyped-def]
            judged = CounterMetricFamily(
                "storywatch_articles_judged", "Articles judged, by story and verdict",
                labels=["story", "verdict"],
            )  # fmt: skip
            for story, by_verdict in sorted(counts.items()):
                for v in VERDICTS:
                    judged.add_metric([story, v], by_verdict.get(v, 0))
            yield judged
            health = GaugeMetricFamily(
                "storywatch_feeds", "Feeds polled, by health", labels=["health"]
            )
            failing = sum(1 for f in feeds if f.consecutive_errors)
            health.add_metric(["ok"], len(feeds) - failing)
            health.add_metric(["failing"], failing)
            yield health
            box = GaugeMetricFamily(
                "storywatch_outbox_messages", "Outbox messages by status", labels=["status"]
            )
            for status in ("pending", "sent", "failed"):
                box.add_metric([status], outbox.get(status, 0))
            yield box
            yield GaugeMetricFamily(
                "storywatch_outbox_pending", "Messages waiting to be sent", value=outbox["pending"]
            )
            yield CounterMetricFamily(
                "storywatch_send_errors",
                "Messages that failed for good, or needed more than one attempt",
                value=outbox.get("failed", 0) + outbox.get("retried", 0),
            )
            polls = [f.last_poll_at for f in feeds if f.last_poll_at]
            h = site.health
            last = h.last_poll_at if h and h.last_poll_at else max(polls) if polls else None
            age = (now - last).total_seconds() if last else float("nan")
            yield GaugeMetricFamily(
                "storywatch_last_poll_age_seconds", "Seconds since the last poll", value=age
            )
            if h is not None:
                yield CounterMetricFamily(
                    "storywatch_polls", "Polls run by this process", value=h.polls
                )
                yield CounterMetricFamily(
                    "storywatch_feed_errors", "Failed feed fetches in this process's polls",
                    value=h.feed_errors,
                )  # fmt: skip
                yield CounterMetricFamily(
                    "storywatch_poll_seconds",
                    "Time spent polling, judging and storing (this process)",
                    value=h.poll_seconds,
                )

    registry = CollectorRegistry()
    registry.register(Snapshot())  # type: ignore[arg-type]
    registry.register(JUDGE_SECONDS)
    return generate_latest(registry)


# ---------------------------------------------------------------- the application


def make_app(site: Site) -> web.Application:
    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        if site.token and request.path != "/healthz":
            given = request.query.get("token", "")
            auth = request.headers.get("Authorization", "")
            if auth.startswith("Bearer "):
                given = auth[7:]
            if not hmac.compare_digest(given.encode(), site.token.encode()):
                return web.Response(status=401, text="401: token required (?token=...)\n")
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, text="405: read-only\n")
        response = await handler(request)
        response.headers.update(_HEADERS)
        return response

    def render(request: web.Request, template: str, **ctx: Any) -> web.Response:
        suffix = (
            f"?token={request.query['token']}" if site.token and "token" in request.query else ""
        )

        def link(path: str) -> str:
            return path + suffix

        def ext(url: str, text: str) -> Any:
            from markupsafe import Markup, escape

            href = safe_href(url)
            if href is None:
                return escape(text)
            return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(href, text)

        html = _ENV.get_template(template).render(
            link=link, ext=ext, colours=COLOURS, labels=LABELS, **ctx
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    def rule(request: web.Request) -> Rule:
        sid = request.match_info["story"]
        for r in site.stories():
            if r.id == sid:
                return r
        raise web.HTTPNotFound(text=f"404: no story {sid!r}\n")

    async def index(request: web.Request) -> web.Response:
        counts = await asyncio.to_thread(_with_store, site.store_path, Store.story_counts)
        stories = [
            {
                "id": r.id,
                "title": r.title,
                "total": sum(counts.get(r.id, {}).values()),
                "counts": [(v, counts[r.id][v]) for v in VERDICTS if counts.get(r.id, {}).get(v)],
            }
            for r in site.stories()
        ]
        return render(request, "index.html", stories=stories)

    async def story(request: web.Request) -> web.Response:
        r = rule(request)

        def read(store: Store) -> tuple[list[Any], list[Any]]:
            items = [j for _, j in store.judged(r.id)]
            return items, build_ledger(store.ledger_records(r.id), items)

        items, rows = await asyncio.to_thread(_with_store, site.store_path, read)
        return render(request, "story.html", title=r.title, story=r.id, rows=rows, articles=items)

    async def timeline(request: web.Request) -> web.Response:
        r = rule(request)

        def draw(store: Store) -> bytes:
            return render_png(r.title, timeline_days(j for _, j in store.judged(r.id)))

        png = await asyncio.to_thread(_with_store, site.store_path, draw)
        return web.Response(body=png, content_type="image/png")

    async def healthz(request: web.Request) -> web.Response:
        try:
            await asyncio.to_thread(_with_store, site.store_path, lambda s: s.schema_version)
        except (StoreError, OSError) as e:
            return web.Response(status=503, text=f"503: store: {e}\n")
        problem = site.health.problem() if site.health else None
        if problem:
            return web.Response(status=503, text=f"503: {problem}\n")
        return web.Response(text="ok\n")

    async def metrics(request: web.Request) -> web.Response:
        from prometheus_client import CONTENT_TYPE_LATEST

        try:
            body = await asyncio.to_thread(metrics_text, site)
        except (StoreError, OSError) as e:
            return web.Response(status=503, text=f"503: store: {e}\n")
        resp = web.Response(body=body)
        resp.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return resp

    async def store_errors(request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            return await handler(request)
        except StoreError as e:
            return web.Response(status=503, text=f"503: store: {e}\n")

    app = web.Application(middlewares=[guard, web.middleware(store_errors)])
    app.router.add_get("/", index)
    app.router.add_get("/story/{story}", story)
    app.router.add_get("/story/{story}/timeline.png", timeline)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    return app


class WebServer:
    """The pages on one address, inside the running event loop."""

    def __init__(self, site: Site, host: str, port: int):
        self.site, self.host, self.port = site, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        """Start listening; the address people use (port 0 picks a free one)."""
        runner = web.AppRunner(make_app(self.site), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        server = site._server
        sockets = getattr(server, "sockets", None) or ()
        if sockets:
            self.port = sockets[0].getsockname()[1]
        return self.address

    @property
    def address(self) -> str:
        if self.site.base_url:
            return self.site.base_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
