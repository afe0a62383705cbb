"""Real coverage replayed through the real pipeline: verdicts, new-claim recall, not-falsely-new.

    .venv/bin/python benchmarks/coverage.py /work/shared/data/seeds-gold/gold.yaml
    .venv/bin/python benchmarks/coverage.py /work/realcov/*/gold.yaml      # more stories, same format

A gold file (format: ../shared/data/seeds-gold/README.md) names a story, its articles in publication
order, the story's claims (regex anchors) and, per article, the acceptable verdicts and the claims
that must / must not be reported as new. For each gold file this script
1. writes a config.yaml and the story's rule (rules/<story>.yaml, or `rule.yaml` beside the gold
   file; its `feeds:` and `searches:` removed) into a temporary folder,
2. serves on 127.0.0.1 an RSS feed that grows by one item per poll (headline + a short summary) and
   each article's full text as an HTML page of its own, one <p> per paragraph,
3. runs the real command `storywatch poll --once --json` after each new item and scores its line,
4. prints the story's digest (`storywatch digest STORY --all`) as a subscriber would read it.

Articles are read from the gold file's `articles:` folder if it names one, else from the folder of
`../../seeds` relative to the gold file (the seeds layout), or the gold file's own folder. A file
whose first line is followed by a blank line has its headline there (realcov layout); seed files
have none, and the first seed (001) gets a headline of our own words as the README asks.
Nothing is copied into the project: the texts are read at run time.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CLI = [str(Path(sys.executable).parent / "storywatch")]
OWN_HEADLINES = {
    "001_833a192949292f4e.txt": "What the Krasnov allegation says, and what it does not"
}


_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")


def _inline(paragraph: str) -> str:
    """A paragraph as HTML; the seed files keep the pages' links as Markdown `[text](#)`."""
    out, pos = [], 0
    for m in _MD_LINK.finditer(paragraph):
        out.append(html.escape(paragraph[pos : m.start()]))
        out.append(f"<a href='{html.escape(m.group(2) or '#')}'>{html.escape(m.group(1))}</a>")
        pos = m.end()
    out.append(html.escape(paragraph[pos:]))
    return "".join(out)


class Site:
    """The outlets' feed and pages on 127.0.0.1; `publish` adds the next item to the feed."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.pages: dict[str, bytes] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = site.feed() if self.path == "/feed.xml" else site.pages.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                kind = "application/rss+xml" if self.path == "/feed.xml" else "text/html"
                self.send_header("Content-Type", f"{kind}; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, slug: str, outlet: str, title: str, paragraphs: list[str], when: str) -> str:
        # An outlet's name may hold spaces or brackets ("AP via example.com"): not in a path.
        path = f"/{re.sub(r'[^A-Za-z0-9.-]+', '-', outlet).strip('-')}/{slug}.html"
        body = "".join(f"<p>{_inline(p)}</p>\n" for p in paragraphs)
        self.pages[path] = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"</head><body><header><a href='/'>{html.escape(outlet)}</a></header><article>"
            f"<h1>{html.escape(title)}</h1>\n{body}</article></body></html>"
        ).encode()
        summary = paragraphs[0][:200] if paragraphs else ""
        published = datetime.fromisoformat(when.replace("Z", "+00:00"))
        self.items.append(
            {
                "title": title,
                "link": self.base + path,
                "summary": summary,
                "date": format_datetime(published),
                "outlet": outlet,
            }
        )
        return self.base + path

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{html.escape(i['title'])}</title><link>{i['link']}</link>"
            f"<guid>{i['link']}</guid><pubDate>{i['date']}</pubDate>"
            f"<description>{html.escape(i['summary'])}</description>"
            f"<source url='{i['link']}'>{html.escape(i['outlet'])}</source></item>"
            for i in reversed(self.items)
        )
        return (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>Replay</title><link>{self.base}/</link><description>replay</description>"
            f"{items}</channel></rss>"
        ).encode()

    def close(self) -> None:
        self.server.shutdown()


def read_article(path: Path) -> tuple[str | None, list[str]]:
    """(headline or None, paragraphs): a `---` front matter's `title:`, or a first line followed by
    a blank line, is the headline; leading blank lines are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    headline = None
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].strip() == "---" and "---" in (x.strip() for x in lines[1:]):
        end = [x.strip() for x in lines].index("---", 1)
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
        headline = str(meta.get("title") or "") or None
        lines = lines[end + 1 :]
    elif (
        len(lines) > 2 and lines[0].strip() and not lines[1].strip() and len(lines[0].split()) < 25
    ):
        headline = lines[0].strip()
        lines = lines[2:]
    return headline, [line.strip() for line in lines if line.strip()]


def find_articles(gold_path: Path, gold: dict[str, Any]) -> Path:
    if gold.get("articles"):
        return (gold_path.parent / gold["articles"]).resolve()
    seeds = (gold_path.parent / "../../seeds").resolve()
    first = gold["order"][0]["seed"]
    return seeds if (seeds / first).exists() else gold_path.parent


def find_rule(gold_path: Path, story: str) -> dict[str, Any]:
    own = gold_path.parent / "rule.yaml"
    path = own if own.exists() else ROOT / "rules" / f"{story}.yaml"
    rule = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule.pop("feeds", None)  # they would reach the internet
    rule.pop("searches", None)
    rule["id"] = story
    rule.pop("since", None)
    return rule


def run(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[1:3])} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def items_of(line: dict[str, Any]) -> list[str]:
    """What the article reports as new: its new claims, changed claims and evidence."""
    out = [c["text"] for c in line.get("new_claims") or ()]
    out += [c["text"] for c in line.get("changed_claims") or ()]
    out += [e["text"] for e in line.get("evidence") or ()]
    return out


def replay(gold_path: Path, *, show: bool, matching: str = "embeddings") -> dict[str, float]:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    story = gold["story"]
    folder = find_articles(gold_path, gold)
    anchors = {
        cid: [re.compile(a, re.IGNORECASE) for a in c["anchors"]]
        for cid, c in gold["claims"].items()
    }

    def hits(cid: str, texts: list[str]) -> list[str]:
        return [t for t in texts if any(a.search(t) for a in anchors[cid])]

    site = Site()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("TELEGRAM_BOT_TOKEN", None)
    right = total = 0
    must_new = found_new = 0
    must_not = false_new = 0
    with tempfile.TemporaryDirectory(prefix="sw-coverage-") as tmp:
        root = Path(tmp)
        (root / "rules").mkdir()
        rule = find_rule(gold_path, story)
        (root / "rules" / f"{story}.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True))
        config = {
            "rules_dir": "rules",
            "store": {"path": "state.sqlite3"},
            "feeds": [{"url": site.base + "/feed.xml", "name": "Replay"}],
            "poll": {"fetch_pages": True, "timeout": "20s"},
            "matching": matching,
        }
        (root / "config.yaml").write_text(yaml.safe_dump(config))
        cfg = str(root / "config.yaml")
        print(f"== {story}: {len(gold['order'])} articles from {folder}")
        for n, item in enumerate(gold["order"]):
            seed = item["seed"]
            headline, paragraphs = read_article(folder / seed)
            title = OWN_HEADLINES.get(seed) or headline or f"{item['outlet']}: article {n + 1}"
            url = site.publish(
                Path(seed).stem, item["outlet"], title, paragraphs, item["published"]
            )
            out = run([*CLI, "poll", "--once", "--json", "--config", cfg], env)
            lines = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
            mine = [x for x in lines if x["url"] == url]
            expect = gold["expect"][seed]
            total += 1
            if not mine:
                print(f"  {seed} ({item['outlet']}): NOT JUDGED (no line for {url})")
                continue
            line = mine[0]
            ok = line["verdict"] in expect["verdict"]
            right += ok
            reported = items_of(line)
            miss = [c for c in expect.get("must_new") or () if not hits(c, reported)]
            must_new += len(expect.get("must_new") or ())
            found_new += len(expect.get("must_new") or ()) - len(miss)
            excused = [
                t for t in reported if any(hits(c, [t]) for c in expect.get("must_new") or ())
            ]
            wrong = [c for c in expect.get("must_not_new") or () if hits(c, reported) and
                     set(hits(c, reported)) - set(excused)]  # fmt: skip
            must_not += len(expect.get("must_not_new") or ())
            false_new += len(wrong)
            mark = "ok " if ok else "BAD"
            print(
                f"  {mark} {seed} ({item['outlet']}): {line['verdict']} "
                f"(expected {'/'.join(expect['verdict'])}); new {len(line.get('new_claims') or ())}, "
                f"changed {len(line.get('changed_claims') or ())}, evidence "
                f"{len(line.get('evidence') or ())}, seen {len(line.get('repeated_claims') or ())}"
            )
            if miss:
                print(f"      missed new: {', '.join(miss)}")
            if wrong:
                for c in wrong:
                    for t in set(hits(c, reported)) - set(excused):
                        print(f"      falsely new {c}: {t[:150]}")
            if os.environ.get("COVERAGE_DEBUG"):
                print(json.dumps(line, indent=1)[:3000])
            if show:
                for t in reported:
                    print(f"      + {t[:160]}")
        if show:
            print("\n-- digest --")
            print(run([*CLI, "digest", story, "--all", "--config", cfg], env))
    site.close()
    return {
        "verdicts": right,
        "articles": total,
        "must_new": must_new,
        "found_new": found_new,
        "must_not": must_not,
        "false_new": false_new,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", type=Path, help="gold.yaml files (seeds-gold format)")
    ap.add_argument("--quiet", action="store_true", help="no items, no digest")
    ap.add_argument("--matching", choices=("embeddings", "lexical"), default="embeddings")
    args = ap.parse_args()
    sums: dict[str, float] = {}
    for g in args.gold:
        r = replay(g, show=not args.quiet, matching=args.matching)
        recall = r["found_new"] / r["must_new"] if r["must_new"] else 1.0
        clean = 1 - r["false_new"] / r["must_not"] if r["must_not"] else 1.0
        print(
            f"   {g}: verdicts {r['verdicts']}/{r['articles']}, new-claim recall {recall:.2f}, "
            f"not-falsely-new {clean:.2f}\n"
        )
        for k, v in r.items():
            sums[k] = sums.get(k, 0) + v
    if len(args.gold) > 1:
        recall = sums["found_new"] / sums["must_new"] if sums["must_new"] else 1.0
        clean = 1 - sums["false_new"] / sums["must_not"] if sums["must_not"] else 1.0
        print(
            f"ALL: verdicts {sums['verdicts']:.0f}/{sums['articles']:.0f}, new-claim recall "
            f"{recall:.2f}, not-falsely-new {clean:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
