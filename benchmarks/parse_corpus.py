"""Robustness: run parse_feed over every file of a feed corpus; count crashes, slowest feed, peak RSS.

    .venv/bin/pip download --no-binary :all: --no-deps feedparser==6.0.11 -d /tmp/fp
    tar xzf /tmp/fp/feedparser-6.0.11.tar.gz -C /tmp/fp
    .venv/bin/python benchmarks/parse_corpus.py /tmp/fp/feedparser-6.0.11/tests tests/data/feeds

A crash is an exception out of parse_feed (it must never raise) or its last-resort error
("could not parse the feed: ..."), which means a bug was swallowed. Every file is also parsed
as JSON (content type application/json) and as HTML (text/html), to reach the other branches.

With --compare, every parse that the lxml fast path accepts is repeated with feedparser alone
(parse_feed_reference) and the two ParsedFeeds must be equal; the script counts the accepted
parses and files and prints every difference.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watchers.parse import (  # noqa: E402
    fast_path_accepts,
    parse_feed,
    parse_feed_reference,
)

CONTENT_TYPES = ("", "application/rss+xml; charset=utf-8", "application/json", "text/html")


def compare(files: list[Path], now: datetime) -> int:
    accepted = 0
    accepted_files: set[Path] = set()
    differ: list[str] = []
    for path in files:
        body = path.read_bytes()
        for content_type in CONTENT_TYPES:
            url = f"http://corpus.example/{path.name}"
            if not fast_path_accepts(body, url=url, content_type=content_type):
                continue
            accepted += 1
            accepted_files.add(path)
            fast = parse_feed(body, url=url, content_type=content_type, now=now)
            slow = parse_feed_reference(body, url=url, content_type=content_type, now=now)
            if fast != slow:
                differ.append(f"{path} [{content_type}]:\n  fast {fast}\n  feedparser {slow}")
    runs = len(files) * len(CONTENT_TYPES)
    print(
        f"fast path accepted {accepted} of {runs} parses ({len(accepted_files)} of {len(files)} "
        f"files); differences from feedparser: {len(differ)}"
    )
    for line in differ[:50]:
        print("DIFFERENT", line)
    return 1 if differ else 0


def main(paths: list[str]) -> int:
    files = sorted(p for root in paths for p in Path(root).rglob("*") if p.is_file())
    now = datetime.now(UTC)
    if "--compare" in sys.argv:
        return compare(files, now)
    crashes: list[str] = []
    outcomes: Counter[str] = Counter()
    slowest = (0.0, "")
    total = 0.0
    for path in files:
        body = path.read_bytes()
        for content_type in CONTENT_TYPES:
            t = time.perf_counter()
            try:
                parsed = parse_feed(
                    body,
                    url=f"http://corpus.example/{path.name}",
                    content_type=content_type,
                    now=now,
                )
            except Exception as e:  # must not happen: that is what we count
                crashes.append(f"{path} [{content_type}]: raised {type(e).__name__}: {e}")
                continue
            elapsed = time.perf_counter() - t
            total += elapsed
            slowest = max(slowest, (elapsed, f"{path} [{content_type}]"))
            if parsed.error and parsed.error.startswith("could not parse the feed"):
                crashes.append(f"{path} [{content_type}]: {parsed.error}")
            outcomes["entries" if parsed.entries else ("error" if parsed.error else "empty")] += 1
    runs = len(files) * len(CONTENT_TYPES)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files: {len(files)}, parses: {runs}, crashes: {len(crashes)}")
    print(f"outcomes: {dict(outcomes)}")
    print(
        f"mean {total / max(runs, 1) * 1000:.2f} ms/parse, slowest {slowest[0] * 1000:.1f} ms ({slowest[1]})"
    )
    print(f"peak RSS {rss:.0f} MB")
    for line in crashes[:50]:
        print("CRASH", line)
    return 1 if crashes else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    raise SystemExit(main([a for a in sys.argv[1:] if a != "--compare"]))
