"""Robustness: run parse_feed over every file of a feed corpus; count crashes, slowest feed, peak RSS.

    .venv/bin/pip download --no-binary :all: --no-deps feedparser==6.0.11 -d /tmp/fp
    tar xzf /tmp/fp/feedparser-6.0.11.tar.gz -C /tmp/fp
    .venv/bin/python benchmarks/parse_corpus.py /tmp/fp/feedparser-6.0.11/tests tests/data/feeds

A crash is an exception out of parse_feed (it must never raise) or its last-resort error
("could not parse the feed: ..."), which means a bug was swallowed. Every file is also parsed
as JSON (content type application/json) and as HTML (text/html), to reach the other branches.
"""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watchers.parse import parse_feed  # noqa: E402

CONTENT_TYPES = ("", "application/rss+xml; charset=utf-8", "application/json", "text/html")


def main(paths: list[str]) -> int:
    files = sorted(p for root in paths for p in Path(root).rglob("*") if p.is_file())
    now = datetime.now(UTC)
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
    raise SystemExit(main(sys.argv[1:]))
