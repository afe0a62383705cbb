"""`storywatch demo`: replay the bundled sample story offline through the real pipeline."""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import yaml

from bot.digest import build_digest, render_text


@dataclass(frozen=True)
class SampleArticle:
    id: str
    outlet: str
    slug: str  # the outlet as a URL path part
    title: str
    author: str
    published: datetime
    text: str
    label: str
    duplicate_of: str | None
    full_in_feed: bool  # False: the feed has a summary only, so the pipeline fetches the page


def load_sample() -> tuple[dict[str, Any], list[SampleArticle]]:
    """The demo story (watchers/samples/demo.yaml): its rule and its articles in publication order."""
    data = yaml.safe_load(
        resources.files("watchers").joinpath("samples/demo.yaml").read_text(encoding="utf-8")
    )
    articles = []
    for i, a in enumerate(data["articles"]):
        published = a["published"]
        if isinstance(published, str):
            published = datetime.fromisoformat(published.replace("Z", "+00:00"))
        articles.append(
            SampleArticle(
                id=str(a["id"]),
                outlet=a["source"],
                slug=re.sub(r"[^a-z0-9]+", "-", a["source"].lower()).strip("-"),
                title=a["title"],
                author=a.get("author") or "",
                published=published if published.tzinfo else published.replace(tzinfo=UTC),
                text=a["text"].strip(),
                label=a.get("label", ""),
                duplicate_of=a.get("duplicate_of"),
                # Every third article carries only a summary, to show the page fetch + extraction path.
                full_in_feed=i % 3 != 2,
            )
        )
    return data["story"], articles


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _html_blocks(text: str) -> list[str]:
    """Paragraphs as <p>, and a block whose lines all start with "- " as a <ul> list (as outlets
    mark up their fact boxes), so each list item stays a sentence of its own."""
    blocks = []
    for p in _paragraphs(text):
        lines = [line.strip() for line in p.splitlines() if line.strip()]
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{escape(p)}</p>")
    return blocks


def render_page(a: SampleArticle) -> str:
    body = "\n".join(_html_blocks(a.text))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(a.title)}</title></head><body>"
        f"<header><nav><a href='/'>Home</a> | <a href='/world'>World</a> | <a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>{escape(a.title)}</h1><p class='byline'>By {escape(a.author)}</p>{body}</article></main>"
        f"<footer><p>© {escape(a.outlet)}. All rights reserved.</p></footer></body></html>"
    )


def render_feed(outlet: str, slug: str, base: str, items: list[SampleArticle]) -> str:
    entries = []
    for a in reversed(items):  # newest first, as publishers do
        link = f"{base}/{slug}/{a.id}.html"
        summary = escape(_paragraphs(a.text)[0])
        content = ""
        if a.full_in_feed:
            html = "".join(_html_blocks(a.text))
            content = f"<content:encoded><![CDATA[{html}]]></content:encoded>"
        entries.append(
            f"<item><title>{escape(a.title)}</title><link>{link}</link><guid>{link}</guid>"
            f"<pubDate>{format_datetime(a.published)}</pubDate><author>{escape(a.author)}</author>"
            f"<description>{summary}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(outlet)}</title><link>{base}/{slug}/</link><description>{escape(outlet)}</description>"
        + "".join(entries)
        + "</channel></rss>"
    )


class SampleServer:
    """Serves one feed per outlet on 127.0.0.1; setting `visible = n` publishes the first n articles."""

    def __init__(self, articles: list[SampleArticle]):
        self.articles = articles
        self.visible = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, ctype = server.route(self.path)
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def outlets(self) -> dict[str, str]:
        return {a.slug: a.outlet for a in self.articles}

    def feed_url(self, slug: str) -> str:
        return f"{self.base}/{slug}/feed.xml"

    def route(self, path: str) -> tuple[str | None, str]:
        shown = self.articles[: self.visible]
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "feed.xml" and parts[0] in self.outlets:
            items = [a for a in shown if a.slug == parts[0]]
            return render_feed(
                self.outlets[parts[0]], parts[0], self.base, items
            ), "application/rss+xml"
        if len(parts) == 2 and parts[1].endswith(".html"):
            for a in shown:
                if a.slug == parts[0] and a.id == parts[1][:-5]:
                    return render_page(a), "text/html; charset=utf-8"
        return None, ""

    def __enter__(self) -> SampleServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def write_demo_config(folder: Path, story: dict[str, Any], server: SampleServer) -> Path:
    rules = folder / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / f"{story['id']}.yaml").write_text(
        yaml.safe_dump(story, sort_keys=False), encoding="utf-8"
    )
    config = {
        "rules_dir": "rules",
        "store": {"path": "storywatch.sqlite3"},
        "poll": {"timeout": 10, "jitter": 0},
        "feeds": [
            {"url": server.feed_url(slug), "name": name} for slug, name in server.outlets.items()
        ],
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run_demo(
    *,
    pause: float = 0.0,
    keep: str | None = None,
    out: TextIO | None = None,
    serve: bool = False,
) -> int:
    """Replay the sample story; with `serve`, then serve its story page until Ctrl-C."""
    from watchers.config import load_config, load_rules
    from watchers.fetch import Fetcher
    from watchers.pipeline import Judges, poll
    from watchers.store import Store

    out = out or sys.stdout
    story, articles = load_sample()
    with (
        tempfile.TemporaryDirectory(prefix="storywatch-demo-") as tmp,
        SampleServer(articles) as server,
    ):
        folder = Path(keep) if keep else Path(tmp)
        config_path = write_demo_config(folder, story, server)
        config = load_config(config_path)
        rules = load_rules(config.rules_path)
        store = Store(config.store_path)
        judges = Judges(store, config.matching)
        print(
            f"storywatch demo: '{story['title']}', {len(articles)} articles from {len(server.outlets)} outlets,\n"
            f"served on {server.base} and polled through the real pipeline (state: {config.store_path}).\n",
            file=out,
        )

        async def replay() -> int:
            agree = 0
            async with Fetcher(config.poll) as fetcher:
                for n, a in enumerate(articles, start=1):
                    server.visible = n
                    report = await poll(config, rules, store, fetcher, judges, due_only=False)
                    for url, err in report.errors.items():
                        print(f"  ! feed failed: {url}: {err}", file=out)
                    for _, j in report.judged:
                        v = j.verdict
                        ok = v.verdict == a.label
                        agree += ok
                        mark = "" if ok or not a.label else f"   (labelled: {a.label})"
                        origin = (
                            ""
                            if j.article.text_origin == "feed"
                            else f" [text from {j.article.text_origin}]"
                        )
                        print(
                            f"[{n:>2}] {v.verdict.upper():13} {a.outlet}: {a.title}{origin}{mark}",
                            file=out,
                        )
                        for reason in v.reasons[:4]:
                            print(f"       - {reason}", file=out)
                    if not report.judged:
                        print(f"[{n:>2}] (not matched)  {a.outlet}: {a.title}", file=out)
                    if pause:
                        time.sleep(pause)
            return agree

        agree = asyncio.run(replay())
        items = [j for _, j in store.judged(story["id"])]
        print("\n===== The digest a subscriber would get =====\n", file=out)
        print(render_text(build_digest(story["id"], story["title"], items)), file=out)
        print(f"\n{agree}/{len(articles)} verdicts agree with the sample's labels.", file=out)
        store.close()
        if serve:
            # Inside the `with`: the state file and the sample outlets (the article links) stay up.
            serve_pages(rules, config.store_path, story["id"], out)
    return 0


def serve_pages(rules: list[Any], store_path: Path, story_id: str, out: TextIO) -> None:
    """Serve the story pages on 127.0.0.1:8088 (or a free port) until Ctrl-C or SIGTERM."""
    import signal

    from bot.web import Site, WebServer

    async def go() -> None:
        server = WebServer(Site(stories=lambda: rules, store_path=store_path), "127.0.0.1", 8088)
        try:
            address = await server.start()
        except OSError:  # 8088 is taken: any free port will do
            server.port = 0
            address = await server.start()
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        print(
            f"\nThe story page: {address}/story/{story_id}\n(served until Ctrl-C; --no-serve to skip)",
            file=out,
            flush=True,
        )
        try:
            await stop.wait()
        finally:
            await server.stop()

    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        pass
