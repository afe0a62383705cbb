"""Hostile input (issue 14): a corpus of hostile feeds and rule files, each case in a fresh
subprocess under a hard timeout, with its wall time, CPU time and peak RSS.

    .venv/bin/python benchmarks/hostile.py [--only NAME ...] [--json]

Feed cases: `storywatch poll --once` with two feeds on 127.0.0.1, the hostile one and a good one
(3 full-text articles of the story); the good feed's 3 verdicts must arrive whatever the hostile
one does. Budget cases ("past the scan"): the document goes straight to ParsePool with the
default budget and entity_check=False, to show the budget holds without the entity scan. Rule
cases: `storywatch check` on a rules folder holding the hostile file. Everything is generated
here (nothing is committed as data). CPU and peak RSS come from wait4() on the case's process:
its own and its reaped children's (the parse workers), so the peak is the largest process of
the case. Each case runs under RLIMIT_AS 4 GB so a runaway cannot take the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from httpserver import LoopbackServer, Route  # noqa: E402

STORYWATCH = Path(sys.executable).parent / "storywatch"
NOW = datetime.now(UTC).replace(microsecond=0)
CASE_LIMIT_AS = 4 * 2**30
FEED_TIMEOUT = 120.0
RULE_TIMEOUT = 60.0

STORY = {"id": "harbour", "title": "Harbour contract probe", "match": {"any": ["harbour"]}}
FULL_TEXT = " ".join(
    f"The harbour contract of the Port of Veldmark was signed on day {k}, the port said."
    for k in range(12)
)


def rss(items: str, *, prolog: str = "", title: str = "Feed") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>{title}</title>{items}</channel></rss>"
    ).encode()


def good_feed() -> bytes:
    return rss(
        "".join(
            f"<item><title>Harbour update {i}</title><link>https://good.example/{i}</link>"
            f"<guid>good-{i}</guid><pubDate>{format_datetime(NOW - timedelta(hours=3 - i))}"
            f"</pubDate><description>{FULL_TEXT} Update {i}.</description></item>"
            for i in range(3)
        ),
        title="Good News",
    )


# ---------------------------------------------------------------- the feed corpus


def entity_bomb() -> bytes:
    """The issue's: ~150 KB declaring a 100 KB entity referenced 10,000 times (1 GB expanded)."""
    items = "".join(
        f"<item><guid>b{i}</guid><description>{'&e;' * 20}</description></item>" for i in range(500)
    )
    return rss(items, prolog='<!DOCTYPE rss [\n<!ENTITY e "' + "A" * 100_000 + '">\n]>\n')


def billion_laughs() -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return rss(
        "<item><title>&lol9;</title><guid>l</guid></item>",
        prolog="<!DOCTYPE rss [\n" + "\n".join(decls) + "\n]>\n",
    )


def deep_nesting() -> bytes:
    depth = 200_000
    return rss(f"<item><title>deep</title><guid>d</guid>{'<x>' * depth}{'</x>' * depth}</item>")


def giant_text_node() -> bytes:
    return rss(
        f"<item><title>Harbour giant</title><guid>g</guid><description>{'word ' * 980_000}</description></item>"
    )


def huge_attribute() -> bytes:
    return rss(
        f'<item><title>Harbour attr</title><guid>h</guid><enclosure url="{"A" * 4_900_000}" type="audio/mpeg"/></item>'
    )


def items_10k(base: str) -> bytes:
    """10,000 summary-only items, each linking to a page on the same server."""
    return rss(
        "".join(
            f"<item><title>Harbour item {i}</title><link>{base}/a/{i}</link><guid>i{i}</guid>"
            f"<pubDate>{format_datetime(NOW - timedelta(seconds=10_000 - i))}</pubDate>"
            f"<description>Harbour item {i}.</description></item>"
            for i in range(10_000)
        )
    )


def invalid_utf8() -> bytes:
    junk = bytes(range(128, 256)) * 200
    return rss(
        "".join(
            f"<item><title>Harbour {i} </title><guid>u{i}</guid><description>x</description></item>"
            for i in range(50)
        )
    ).replace(b" </title>", b" " + junk + b"</title>")


def random_bytes() -> bytes:
    return os.urandom(4_900_000)


def gzip_bomb() -> bytes:
    """1 GB of zeros, gzip-compressed to ~1 MB, sent with Content-Encoding: gzip."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    out = [comp.compress(block) for _ in range(1024)]
    out.append(comp.flush())
    return b"".join(out)


@dataclass(frozen=True)
class FeedCase:
    name: str
    what: str
    route: Callable[[str], Route]  # base url -> the hostile route
    pages: int = 0  # page routes /a/0../a/N-1 to serve


def _body(make: Callable[[], bytes], **kw) -> Callable[[str], Route]:
    return lambda base: Route(body=make(), content_type="application/rss+xml", **kw)


FEED_CASES = [
    FeedCase(
        "baseline",
        "an ordinary feed (what a poll --once costs anyway)",
        _body(lambda: good_feed().replace(b"good", b"fine")),
    ),
    FeedCase("entity bomb", "150 KB, a 100 KB entity referenced 10,000 times", _body(entity_bomb)),
    FeedCase("billion laughs", "10 nested entities, 10^9 'lol'", _body(billion_laughs)),
    FeedCase("deep nesting", "200,000 nested elements", _body(deep_nesting)),
    FeedCase("giant text node", "one 4.9 MB description", _body(giant_text_node)),
    FeedCase("huge attribute", "one 4.9 MB attribute", _body(huge_attribute)),
    FeedCase(
        "10k summary items",
        "10,000 summary-only items, each with a page",
        lambda base: Route(body=items_10k(base), content_type="application/rss+xml"),
        pages=10_000,
    ),
    FeedCase(
        "invalid UTF-8", "declared utf-8, 25 KB of invalid bytes per title", _body(invalid_utf8)
    ),
    FeedCase("random bytes", "4.9 MB of noise", _body(random_bytes)),
    FeedCase(
        "gzip bomb",
        "Content-Encoding: gzip, 1 MB expanding to 1 GB",
        _body(gzip_bomb, headers={"Content-Encoding": "gzip"}),
    ),
    FeedCase(
        "slowloris",
        "one byte a second, forever",
        lambda base: Route(
            content_type="application/rss+xml",
            stream=LoopbackServer.endless(b"<"),
            chunk_delay=1.0,
        ),
    ),
    FeedCase(
        "endless chunked body",
        "64 KB chunks, never ending",
        lambda base: Route(
            content_type="application/rss+xml", stream=LoopbackServer.endless(b"<a>" * 21845)
        ),
    ),
]

# Straight to ParsePool (default budget), the entity scan off: the budget alone.
BUDGET_CASES = {
    "entity bomb, past the scan": entity_bomb,
    "1,000 x 100 KB entity, past the scan": lambda: entity_bomb().replace(b"&e;" * 20, b"&e;" * 2),
    "billion laughs, past the scan": billion_laughs,
}


# ---------------------------------------------------------------- the rule corpus


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return (
        "id: bomb\ntitle: Alias bomb\nmatch: {any: [harbour]}\nx:\n"
        + "\n".join("  " + line for line in lines)
        + "\n"
    )


def big_rule() -> str:
    claims = "".join(
        f"  - The harbour contract number {i} was signed before the tender closed, a board member said.\n"
        for i in range(60_000)
    )
    return "id: big\ntitle: A 5 MB rule\nmatch: {any: [harbour]}\nclaims:\n" + claims


def catastrophic_regex() -> str:
    return (
        "id: regex\ntitle: Catastrophic regex\nmatch:\n  regex:\n    - '(a+)+$'\n    - '(x+x+)+y'\n"
    )


def broken_yaml() -> str:
    return "id: broken\ntitle: [unclosed\nmatch: {any: [harbour\n  - : :\n\t tab\n"


def deep_nesting() -> str:
    return "id: deep\ntitle: Deep\nmatch: {any: [harbour]}\nclaims: " + "[" * 100_000 + "\n"


def many_regexes() -> str:
    regexes = "".join(f"    - 'word{i}\\b[^.]{{0,80}}\\bother{i}'\n" for i in range(60_000))
    return "id: rx\ntitle: 60,000 regexes\nmatch:\n  regex:\n" + regexes


RULE_CASES = {
    "YAML alias bomb": alias_bomb,
    "5 MB rule file": big_rule,
    "catastrophic regex": catastrophic_regex,
    "broken YAML": broken_yaml,
    "100,000 open brackets": deep_nesting,
    "60,000 regexes": many_regexes,
}


# ---------------------------------------------------------------- measuring


@dataclass
class Result:
    kind: str
    case: str
    what: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit: str
    outcome: str


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CASE_LIMIT_AS, CASE_LIMIT_AS))


def measure(cmd: list[str], timeout: float) -> tuple[float, float, float, str, str, str]:
    """Run cmd in its own session; (wall, cpu, peak_rss_mb, exit, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_limit,
            env={**os.environ, "TELEGRAM_BOT_TOKEN": ""},
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        code = f"killed after {timeout:g} s" if killed else str(proc.returncode)
        return (
            wall,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def run_feed_case(case: FeedCase, folder: Path) -> Result:
    with LoopbackServer() as server:
        base = server.url("")
        server.routes["/hostile.xml"] = case.route(base)
        server.route("/good.xml", body=good_feed(), content_type="application/rss+xml")
        for i in range(case.pages):
            server.route(
                f"/a/{i}",
                body=f"<html><body><p>Harbour page {i}.</p></body></html>".encode(),
                content_type="text/html",
            )
        rules = folder / "rules"
        rules.mkdir(parents=True)
        (rules / "harbour.yaml").write_text(yaml.safe_dump(STORY), encoding="utf-8")
        config = folder / "config.yaml"
        hostile = server.url("/hostile.xml")
        config.write_text(
            yaml.safe_dump(
                {
                    "rules_dir": "rules",
                    "store": {"path": "state/sw.sqlite3"},
                    "poll": {"jitter": 0},
                    "feeds": [{"url": hostile}, {"url": server.url("/good.xml")}],
                }
            ),
            encoding="utf-8",
        )
        wall, cpu, rss_mb, code, out, err = measure(
            [str(STORYWATCH), "poll", "--once", "--json", "--config", str(config)], FEED_TIMEOUT
        )
        pages = sum(server.hits[f"/a/{i}"] for i in range(case.pages))
    good = sum(1 for line in out.splitlines() if "good.example" in line)
    failed = next(
        (line for line in err.splitlines() if line.startswith(f"feed failed: {hostile}")), ""
    )
    if failed:
        outcome = failed.removeprefix(f"feed failed: {hostile}: ")
    else:
        hostile_verdicts = sum(1 for line in out.splitlines() if line.strip()) - good
        outcome = f"no error; {hostile_verdicts} of its articles judged"
    if case.pages:
        outcome += f"; {pages} pages fetched in the poll"
    outcome = _short(outcome) + f" | good feed: {good}/3 verdicts"
    return Result("feed", case.name, case.what, wall, cpu, rss_mb, code, outcome)


def run_budget_case(name: str, folder: Path) -> Result:
    folder.mkdir(parents=True)
    path = folder / "body.xml"
    path.write_bytes(BUDGET_CASES[name]())
    wall, cpu, rss_mb, code, out, err = measure(
        [sys.executable, __file__, "--parse-file", str(path)], FEED_TIMEOUT
    )
    lines = (out.strip() or err.strip() or "(no output)").splitlines()
    outcome = _short(lines[-1] if not out.strip() else lines[0])
    return Result(
        "budget", name, f"{path.stat().st_size:,} bytes", wall, cpu, rss_mb, code, outcome
    )


def run_rule_case(name: str, folder: Path) -> Result:
    rules = folder / "rules"
    rules.mkdir(parents=True)
    text = RULE_CASES[name]()
    (rules / "hostile.yaml").write_text(text, encoding="utf-8")
    config = folder / "config.yaml"
    config.write_text("rules_dir: rules\nfeeds: []\n", encoding="utf-8")
    wall, cpu, rss_mb, code, out, err = measure(
        [str(STORYWATCH), "check", "--config", str(config)], RULE_TIMEOUT
    )
    lines = [line for line in (out + err).splitlines() if line.strip()]
    outcome = _short(lines[0].replace(str(folder) + "/", "") if lines else "(no output)")
    return Result("rule", name, f"{len(text.encode()):,} bytes", wall, cpu, rss_mb, code, outcome)


def _short(text: str, limit: int = 150) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_file(path: str) -> None:
    """--parse-file: one ParsePool parse with the default budget and the entity scan off."""
    import asyncio

    from watchers.config import PollConfig
    from watchers.parse import ParsePool

    async def go():
        with ParsePool.from_config(PollConfig()) as pool:
            return await pool.parse(
                Path(path).read_bytes(), url="http://127.0.0.1/x", now=NOW, entity_check=False
            )

    parsed = asyncio.run(go())
    print(parsed.error or f"parsed: {len(parsed.entries)} entries")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", help="run only the cases whose name contains this")
    ap.add_argument("--json", action="store_true", help="one JSON object per case")
    ap.add_argument("--parse-file", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.parse_file:
        parse_file(args.parse_file)
        return 0

    def wanted(name: str) -> bool:
        return not args.only or any(o.lower() in name.lower() for o in args.only)

    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, case in enumerate(FEED_CASES):
            if wanted(case.name):
                results.append(run_feed_case(case, Path(tmp) / f"feed{i}"))
                print(results[-1], file=sys.stderr, flush=True)
        for i, name in enumerate(BUDGET_CASES):
            if wanted(name):
                results.append(run_budget_case(name, Path(tmp) / f"budget{i}"))
                print(results[-1], file=sys.stderr, flush=True)
        for i, name in enumerate(RULE_CASES):
            if wanted(name):
                results.append(run_rule_case(name, Path(tmp) / f"rule{i}"))
                print(results[-1], file=sys.stderr, flush=True)
    if args.json:
        for r in results:
            print(json.dumps(asdict(r)))
        return 0
    print("| kind | case | input | wall s | CPU s | peak RSS MB | exit | outcome |")
    print("|---|---|---|---:|---:|---:|---|---|")
    for r in results:
        print(
            f"| {r.kind} | {r.case} | {r.what} | {r.wall_s:.1f} | {r.cpu_s:.1f} | "
            f"{r.peak_rss_mb:.0f} | {r.exit} | {r.outcome.replace('|', '/')} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
