"""End to end: the real `storywatch run` with a (fake) token, used through Telegram as a person would.

The service runs as a subprocess. Its feeds are the bundled sample story (bot.demo.SampleServer,
articles published a few at a time) and its Bot API is tests/fakebotapi.py, both on 127.0.0.1 in
this process. The test only talks to the bot the way a Telegram client does (updates injected
into getUpdates, button presses as callback queries) and only reads what the Bot API received,
plus the state file read-only to know when the pipeline has judged what the feeds published.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from fakebotapi import FakeBotAPI, Sent, parse_html, utf16_len

from bot.demo import SampleServer, load_sample

STORYWATCH = Path(sys.executable).parent / "storywatch"
# Shaped like a real token (digits:35 url-safe characters) so the log redaction has to catch it.
TOKEN = "987654321:AAE2e-fake-token-for-tests-only-0000"
# Private chats: the main journey, a subscriber with instant alerts, a user who mistypes.
ALICE, BOB, CAROL = 1001, 1002, 1003

STORY, ARTICLES = load_sample()
STORY_ID: str = STORY["id"]
TITLE: str = STORY["title"]


# ---------------------------------------------------------------- the service under test


class Service:
    """`storywatch run` as a subprocess in its own process group, its output in a log file.

    A file rather than a pipe: the parser worker processes inherit the output, so a pipe would
    not reach end-of-file until they are gone, and a reader thread would hang on it."""

    def __init__(self, config: Path, cwd: Path, log: Path):
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "CREDENTIALS_DIRECTORY",
                "JOURNAL_STREAM",
                "NOTIFY_SOCKET",
                "WATCHDOG_USEC",
                "STATE_DIRECTORY",
            )
            and not k.lower().endswith("_proxy")  # loopback only, never through a proxy
        }
        env.update(TELEGRAM_BOT_TOKEN=TOKEN, PYTHONUNBUFFERED="1", NO_PROXY="*")
        self.path = log
        with log.open("w", encoding="utf-8") as out:
            self.proc = subprocess.Popen(
                [str(STORYWATCH), "run", "--config", str(config), "--tick", "0.3"],
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # one group with its workers, so cleanup reaches them all
            )

    def log(self) -> str:
        return self.path.read_text(encoding="utf-8", errors="replace")

    def terminate(self, timeout: float = 10) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def group_gone(self, timeout: float) -> bool:
        """Whether every process of the service's group (parser workers too) ends within timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        """Whatever happened, leave no process behind (workers included)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()


def write_config(folder: Path, feeds: SampleServer, api: FakeBotAPI) -> Path:
    (folder / "rules").mkdir()
    (folder / "rules" / f"{STORY_ID}.yaml").write_text(
        yaml.safe_dump(STORY, sort_keys=False), encoding="utf-8"
    )
    config = {
        "rules_dir": "rules",
        "store": {"path": str(folder / "state.sqlite3")},
        "poll": {"interval": "1s", "min_interval": "1s", "jitter": 0, "timeout": 10},
        # Half a day away from now: no scheduled digest can fall inside the test and blur the counts.
        "digest": {"hour": (datetime.now(UTC).hour + 12) % 24},
        "telegram": {"api_base_url": api.base, "allowed_chats": [ALICE, BOB, CAROL]},
        "feeds": [{"url": feeds.feed_url(s), "name": n} for s, n in feeds.outlets.items()],
        # The story pages are tested in test_web.py; here they would only compete for a port
        # with anything else on 127.0.0.1:8088.
        "web": {"listen": "off"},
    }
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def judged_count(db_path: Path) -> int:
    """Verdicts stored so far, read without disturbing the service (0 before the file exists)."""
    if not db_path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return int(db.execute("SELECT COUNT(*) FROM judged").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def verdicts(db_path: Path) -> dict[str, str]:
    """article URL -> verdict, as the pipeline stored it, in judging order."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        rows = db.execute(
            "SELECT a.url, j.verdict FROM judged j JOIN articles a ON a.id = j.article_id "
            "ORDER BY j.id"
        ).fetchall()
    finally:
        db.close()
    return {str(url): str(v) for url, v in rows}


def outbox(db_path: Path) -> tuple[int, int]:
    """(messages ever queued, still pending) in the service's outbox."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        total, pending = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(status = 'pending'), 0) FROM outbox"
        ).fetchone()
    finally:
        db.close()
    return int(total), int(pending)


def polled_since(db_path: Path, when: datetime) -> bool:
    """Every feed has been polled after `when`."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    try:
        rows = db.execute("SELECT last_poll_at FROM feeds").fetchall()
    finally:
        db.close()
    return bool(rows) and all(r[0] and datetime.fromisoformat(r[0]) > when for r in rows)


# ---------------------------------------------------------------- a person in a Telegram client


class Client:
    """What a user does and sees, through the fake Bot API."""

    def __init__(self, api: FakeBotAPI, service: Callable[[], Service]):
        self.api = api
        self.service = service

    def wait(self, predicate: Callable[[], bool], what: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            code = self.service().proc.poll()
            if time.monotonic() > deadline or code is not None:
                why = f"the service exited ({code})" if code is not None else f"{timeout}s passed"
                raise AssertionError(
                    f"{why} waiting for: {what}\n"
                    f"messages: {[(s.chat_id, s.visible[:80]) for s in self.api.messages()]}\n"
                    f"service log (tail):\n{self.service().log()[-3000:]}"
                )
            # Woken early by each request the fake server records; the state file is re-read.
            with self.api.lock:
                self.api.lock.wait(0.05)

    def say(self, chat: int, text: str, replies: int = 1) -> list[Sent]:
        before = len(self.api.messages(chat))
        self.api.message(chat, text)
        self.wait(
            lambda: len(self.api.messages(chat)) >= before + replies, f"{chat}: reply to {text}"
        )
        return self.api.messages(chat)[before:]

    def press(self, chat: int, sent: Sent, label: str, replies: int = 0) -> tuple[str, list[Sent]]:
        """Press the button labelled `label` under `sent`; the callback answer and any new messages."""
        data = button(sent, label)
        before_msgs = len(self.api.messages(chat))
        before = len(self.api.callback_answers)
        qid = self.api.press(chat, data, message_id=sent.message_id)
        self.wait(
            lambda: any(
                a.get("callback_query_id") == qid for a in self.api.callback_answers[before:]
            ),
            f"{chat}: answer to the {label!r} button",
        )
        answer = next(a for a in self.api.callback_answers if a.get("callback_query_id") == qid)
        if replies:
            self.wait(
                lambda: len(self.api.messages(chat)) >= before_msgs + replies,
                f"{chat}: message after pressing {label!r}",
            )
        return str(answer.get("text", "")), self.api.messages(chat)[before_msgs:]


def buttons(sent: Sent) -> list[tuple[str, str]]:
    rows = (sent.reply_markup or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


def button(sent: Sent, label: str) -> str:
    found = [d for t, d in buttons(sent) if label in t]
    assert found, f"no button {label!r} under {sent.visible[:80]!r}; buttons: {buttons(sent)}"
    return found[0]


def links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)">', html)


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(token=TOKEN) as server:  # any other token gets 401, as from Telegram
        yield server


@pytest.fixture
def feeds() -> Iterator[SampleServer]:
    with SampleServer(ARTICLES) as server:
        yield server


# ---------------------------------------------------------------- the journey

_LABEL = re.compile(
    r"^[•\s]*(?:new claim|new|repeats|evidence(?: \([a-z ]+\))?)\s*:\s*", re.IGNORECASE
)


def assert_readable(sent: Sent) -> None:
    """Valid Telegram HTML within 4096 characters, and no sentence told twice in one message."""
    assert sent.parse_mode == "HTML", f"not HTML: {sent.text[:200]!r}"
    shown = parse_html(sent.text)
    assert 0 < utf16_len(shown) <= 4096
    for block in shown.split("\n\n"):  # within one article or section, not across them
        said = [_LABEL.sub("", line).strip() for line in block.splitlines()]
        # Sentences, not the per-article note that repeats by design.
        said = [x for x in said if len(x) > 30 and not x.startswith("Not yet supported by")]
        twice = {x for x in said if said.count(x) > 1}
        assert not twice, f"said twice in one message: {twice}\n{shown}"


def test_subscribe_digest_why_unsubscribe_restart(
    tmp_path: Path, api: FakeBotAPI, feeds: SampleServer
) -> None:
    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    config = write_config(tmp_path, feeds, api)
    db = tmp_path / "state.sqlite3"
    url = {a.id: f"{feeds.base}/{a.slug}/{a.id}.html" for a in ARTICLES}
    services: list[Service] = []
    user = Client(api, lambda: services[-1])

    def start() -> None:
        services.append(Service(config, tmp_path, tmp_path / f"run{len(services) + 1}.log"))

    try:
        # Nothing published yet. Carol mistypes: a usage line each time, never silence or a stack
        # trace. Bob subscribes by command and opts in to instant alerts for new evidence.
        start()
        user.wait(lambda: bool(api.commands), "setMyCommands at start-up", timeout=30)
        menu = {c["command"] for c in api.commands}
        assert menu >= {"start", "subscribe", "unsubscribe", "digest", "settings", "help"}
        for carol, bob in [
            ("/frobnicate now", f"/subscribe {STORY_ID}"),
            ("/subscribe", "/settings alerts on"),
            ("/mute no-such-story 3d", None),
        ]:  # interleaved, as two people would: each chat has its own 1 message/s
            api.message(CAROL, carol)
            if bob:
                api.message(BOB, bob)
        user.wait(lambda: len(api.messages(CAROL)) == 3, "Carol's three replies")
        unknown, usage, nosuch = (m.visible for m in api.messages(CAROL))
        assert unknown.startswith("Unknown command /frobnicate. Try /help")
        assert usage == "Usage: /subscribe <story>"
        assert nosuch == f"No story called no-such-story. Known: {STORY_ID}."
        user.wait(lambda: len(api.messages(BOB)) == 3, "Bob's replies and summary")
        bob = {m.visible.split()[0]: m.visible for m in api.messages(BOB)}
        assert bob["Subscribed"].startswith(f"Subscribed to {TITLE}")
        assert bob["You"] == f"You now follow {TITLE}.\nNothing has been reported yet; " + (
            "the first article will come in your next digest."
        )
        assert "Instant alerts for new evidence: on" in bob["Settings"]

        # The story so far: five articles (the allegation, a copy, three retellings). The first
        # report alone first: feeds are polled concurrently, so a poll under way when all five
        # appear could read a retelling's feed after the change and the first report's before it.
        feeds.visible = 1
        user.wait(lambda: judged_count(db) == 1, "the first report judged", timeout=30)
        feeds.visible = 5
        user.wait(lambda: judged_count(db) == 5, "the first five articles judged", timeout=30)

        # /start: a welcome, the story, a Subscribe button.
        (welcome,) = user.say(ALICE, "/start")
        assert TITLE in welcome.visible and STORY_ID in welcome.visible
        assert button(welcome, "Subscribe") == f"s:{STORY_ID}"

        # Press it: the button flips, and one summary of the story so far arrives, not 5 articles.
        answer, _ = user.press(ALICE, welcome, "Subscribe")
        assert answer == f"Subscribed to {TITLE}"
        # Meanwhile four more articles: new claims, the tender file (new evidence), a retelling.
        # One at a time: the outlets' feeds are polled concurrently, so articles published at
        # once could be seen by different polls, the audit-file story (a08) before the tender
        # file it retells (a07), and a08 would rightly be the first to cite the document.
        for n in range(6, 10):
            feeds.visible = n
            user.wait(lambda n=n: judged_count(db) == n, f"article {n} judged", timeout=30)
        user.wait(lambda: len(api.messages(ALICE)) == 2, "Alice's summary")
        user.wait(lambda: any(e[1] == welcome.message_id for e in api.edits), "the button flips")
        flipped = next(m for _, i, m in api.edits if i == welcome.message_id)
        summary = api.messages(ALICE)[1]
        assert summary.visible.startswith(f"You now follow {TITLE}.")
        assert "So far: 5 articles; first reported by Metro Daily on 3 Mar." in summary.visible
        assert re.search(
            r"Since then: \d+ articles? with new evidence, \d+ with new claims, \d+ only repeating",
            summary.visible,
        ), summary.visible
        assert url["a01"] in links(summary.text)

        user.wait(lambda: judged_count(db) == 9, "articles 6-9 judged", timeout=30)
        verdict = verdicts(db)
        # The sample's turning point: the tender file is evidence, the new allegations are claims,
        # the audit-file story retells it. (The other checks follow whatever the judge decided.)
        assert verdict[url["a07"]] == "new_evidence", verdict
        assert verdict[url["a06"]] == "new_claims", verdict
        assert verdict[url["a08"]] == "repeats", verdict

        # Bob's instant alert for the new evidence, with its own "Why?".
        user.wait(lambda: len(api.messages(BOB)) == 4, "Bob's instant alert")
        alert = api.messages(BOB)[3]  # his only message since the settings reply
        assert re.match(
            rf"New evidence in {re.escape(TITLE)}\n• Coastal Ledger, \d+ \w+ \d\d:\d\d UTC: Tender file",
            alert.visible,
        ), alert.visible
        assert links(alert.text)[0] == url["a07"]
        assert [label for label, _ in buttons(alert)] == ["Why?", "Show repeats", "Mute story"]
        _, (why_alert,) = user.press(BOB, alert, "Why?", replies=1)
        assert why_alert.visible.startswith("Why new evidence?\n• Coastal Ledger")
        assert "cites a primary document" in why_alert.visible

        # Alice asks for her digest now: what is new since she subscribed, ordered by novelty.
        api.message(ALICE, "/digest")
        user.wait(lambda: bool(api.messages(ALICE)[-1].reply_markup), "Alice's digest")
        parts = api.messages(ALICE)[2:]
        digest = "\n".join(s.text for s in parts)
        shown = parse_html(digest)
        # The first digest after subscribing says since when: the day she subscribed.
        assert re.match(rf"{re.escape(TITLE)}: 4 new articles since \d{{1,2}} \w{{3}}\n", shown), (
            shown
        )
        new_ids = ["a06", "a07", "a08", "a09"]
        assert set(links(digest)) >= {url[i] for i in new_ids}
        assert not set(links(digest)) & {url[i] for i in ("a01", "a02", "a03", "a04", "a05")}
        heads = [h for h in ("NEW EVIDENCE", "NEW CLAIMS", "ONLY REPEATS") if h in shown]
        assert heads == ["NEW EVIDENCE", "NEW CLAIMS", "ONLY REPEATS"], shown
        evidence = shown[shown.index("NEW EVIDENCE") : shown.index("NEW CLAIMS")]
        assert "Coastal Ledger" in evidence and "Evidence (document)" in evidence
        claims = shown[shown.index("NEW CLAIMS") : shown.index("ONLY REPEATS")]
        assert "Radio North" in claims and "Not yet supported by a document" in claims
        repeats = shown[shown.index("ONLY REPEATS") :].splitlines()[1:]
        assert repeats == [
            "1 more article repeats earlier reports: Harbour Herald (first: Coastal Ledger)."
        ], "the repeats fold into one line naming who reported first"
        assert [label for label, _ in buttons(parts[-1])] == ["Why?", "Show repeats", "Mute story"]

        # "Why?" gives the reasons in the digest's order; "Show repeats" who repeated whom.
        _, why = user.press(ALICE, parts[-1], "Why?", replies=1)
        why_text = parse_html("\n".join(s.text for s in why))
        heads = re.findall(r"^Why (new evidence|new claims)\?", why_text, re.MULTILINE)
        novel = [verdict[url[i]] for i in new_ids]
        expected = ["new evidence"] * novel.count("new_evidence") + ["new claims"] * novel.count(
            "new_claims"
        )
        assert heads == expected, why_text
        assert "cites a primary document" in why_text
        _, (rep,) = user.press(ALICE, parts[-1], "Show repeats", replies=1)
        assert rep.visible.startswith(f"Repeats in {TITLE} (1)\n• Harbour Herald:")
        assert rep.visible.endswith("— repeats (first: Coastal Ledger)")

        # Unsubscribe with the button under the welcome message (it now says Unsubscribe).
        answer, _ = user.press(ALICE, replace(welcome, reply_markup=flipped), "Unsubscribe")
        assert answer == f"Unsubscribed from {TITLE}"
        user.wait(lambda: len(api.edits) == 2, "the button flips back")
        assert api.edits[-1][2] == welcome.reply_markup
        unsubscribed_at = len(api.messages(ALICE))

        # The last article (a copy of the tender story) reaches Bob's digest, not Alice.
        feeds.visible = 10
        user.wait(lambda: judged_count(db) == 10, "article 10 judged", timeout=30)
        (nothing,) = user.say(ALICE, "/digest")
        assert nothing.visible == "You follow no stories yet: /stories"
        api.message(BOB, "/digest")
        user.wait(lambda: bool(api.messages(BOB)[-1].reply_markup), "Bob's digest")
        bob_text = "\n".join(parse_html(s.text) for s in api.messages(BOB)[5:])
        # All ten (he subscribed before the first): the first report heads it, then by novelty.
        assert re.match(
            rf"{re.escape(TITLE)}: 10 new articles since \d{{1,2}} \w{{3}}\n\nFIRST REPORT\n• Metro Daily",
            bob_text,
        ), bob_text
        heads = [h for h in ("NEW EVIDENCE", "NEW CLAIMS", "ONLY REPEATS") if h in bob_text]
        assert heads == ["NEW EVIDENCE", "NEW CLAIMS", "ONLY REPEATS"], bob_text
        assert "City Wire (copy of Metro Daily)" in bob_text
        assert "Portavia Today (copy of Coastal Ledger)" in bob_text
        answer, _ = user.press(BOB, api.messages(BOB)[-1], "Mute story")
        assert answer.startswith("Muted for 24 h.")
        assert api.messages(ALICE)[unsubscribed_at:] == [nothing], "Alice got more after leaving"

        # SIGTERM: a clean stop, exit 0, within systemd's patience.
        assert services[-1].terminate(timeout=10) == 0, services[-1].log()[-3000:]
        assert services[-1].group_gone(timeout=5), "parser workers outlived the service"
        before = api.messages()
        queued, pending = outbox(db)
        assert pending == 0, "the outbox was drained before the stop"

        # A restart on the same state: it works, and nothing already delivered goes out again.
        setups = sum(1 for m, _ in api.calls if m == "setMyCommands")
        start()
        user.wait(
            lambda: sum(1 for m, _ in api.calls if m == "setMyCommands") > setups,
            "the second start-up",
            timeout=30,
        )
        restarted = datetime.now(UTC)
        (help_,) = user.say(CAROL, "/help")  # the restarted bot answers
        assert "Why?" in help_.visible
        # Its first poll (and the due-digest check after it) is done, and its sender has been
        # through the outbox: everything there was sent before, nothing new was queued.
        user.wait(lambda: polled_since(db, restarted), "the first poll after the restart")
        assert outbox(db) == (queued, 0), "the restart queued something again"
        assert judged_count(db) == 10, "the restart judged an article twice"
        assert api.messages() == [*before, help_], "the restart sent something again"
        assert services[-1].terminate(timeout=10) == 0, services[-1].log()[-3000:]

        # Everything anyone received: readable HTML, each message once, and no refusals.
        for sent in api.messages():
            assert_readable(sent)
        texts = [(s.chat_id, s.text) for s in api.messages()]
        assert len(texts) == len(set(texts)), "a message was delivered twice"
        assert api.stats.errors == {} and api.stats.total_429 == 0, api.stats
        for run in services:
            # Up to SIGTERM. (A poll in flight at the stop is cancelled, and APScheduler logs that
            # CancelledError with a traceback; bot/service.py's business, reported to its owner.)
            serving = run.log().split(" info stopping ")[0]
            assert "Traceback" not in serving and " error " not in serving, serving[-3000:]
            assert TOKEN.split(":")[1] not in run.log(), "the token was logged"
    finally:
        for run in services:
            run.close()
