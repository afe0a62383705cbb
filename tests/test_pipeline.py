"""End to end through the real pipeline: feeds on 127.0.0.1 -> verdicts in a real SQLite file -> CLI."""

from __future__ import annotations

import asyncio
import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.demo import SampleArticle, SampleServer
from watchers.config import load_config, load_rules
from watchers.contract import CONTRACT_KEYS
from watchers.fetch import Fetcher
from watchers.pipeline import Judges, poll
from watchers.store import Store

T0 = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)

STORY = {
    "id": "harbour",
    "title": "Harbour contract probe",
    "match": {"any": ["harbour contract", "Port of Veldmark"]},
}

ORIGINAL = """A former board member of the Port of Veldmark alleged on Monday, in a post on social media, that the harbour contract was signed before the tender closed.

Jana Ostrova, who left the board in 2024, wrote that the port chose the winning bidder three weeks before the deadline.

She said the port paid the contractor 14 million euros in advance.

The port has not commented on the allegation."""

RETELLING = """The harbour contract awarded by the Port of Veldmark is under scrutiny after a former board member made claims online.

According to Jana Ostrova's social media post, the harbour contract was signed before the tender had closed.

Ostrova also claimed the contractor received 14 million euros in advance from the port.

Share this article with your friends. Join our newsletter for daily updates."""

EVIDENCE = """The national audit office on Wednesday published the tender file for the Port of Veldmark harbour contract.

The file, dated 12 May 2023, shows the contract was signed on 2 June 2023, eleven days after the tender closed.

Audit office spokesperson Mirek Halas told reporters that the office found no advance payment in the port's accounts.

The document lists two bidders for the harbour contract."""


def art(
    i: int, outlet: str, text: str, title: str, minutes: int, full: bool = True
) -> SampleArticle:
    slug = outlet.lower().replace(" ", "-")
    return SampleArticle(
        id=f"a{i}",
        outlet=outlet,
        slug=slug,
        title=title,
        author="Staff",
        published=T0 + timedelta(minutes=minutes),
        text=text,
        label="",
        duplicate_of=None,
        full_in_feed=full,
    )


ARTICLES = [
    art(1, "Metro Daily", ORIGINAL, "Ex-board member alleges harbour contract was signed early", 0),
    art(2, "Daily Echo", ORIGINAL, "Ex-board member alleges harbour contract was signed early", 30),
    art(3, "City Wire", RETELLING, "Harbour contract under scrutiny after online claims", 60),
    art(
        4, "Coastal Ledger", EVIDENCE, "Audit office publishes harbour tender file", 90, full=False
    ),
]


def setup_project(tmp_path: Path, server: SampleServer, extra_feeds: list[str] = ()) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "harbour.yaml").write_text(yaml.safe_dump(STORY), encoding="utf-8")
    feeds = [{"url": server.feed_url(slug), "name": name} for slug, name in server.outlets.items()]
    feeds += [{"url": u} for u in extra_feeds]
    config = {
        "rules_dir": "rules",
        "store": {"path": "state/sw.sqlite3"},
        "poll": {"timeout": 2, "jitter": 0},
        "feeds": feeds,
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def run_poll(config_path: Path, **kw):
    config = load_config(config_path)
    rules = load_rules(config.rules_path)
    store = Store(config.store_location)

    async def go():
        async with Fetcher(config.poll) as fetcher:
            return await poll(config, rules, store, fetcher, Judges(store), due_only=False, **kw)

    try:
        return asyncio.run(go()), store
    finally:
        pass


def poll_json(config_path: Path, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["poll", "--once", "--json", "--config", str(config_path)]) == 0
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_story_unfolds_with_a_verdict_per_article(tmp_path, capsys):
    with SampleServer(ARTICLES) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 1
        [first] = poll_json(cfg, capsys)
        assert set(CONTRACT_KEYS) <= set(first)
        assert first["verdict"] == "first"
        assert first["source"] == "Metro Daily"
        assert first["new_claims"], "the first article's claims start the ledger"

        server.visible = 2
        [copy] = poll_json(cfg, capsys)
        assert copy["verdict"] == "duplicate"
        assert copy["duplicate_of"] == first["url"]

        server.visible = 3
        [retell] = poll_json(cfg, capsys)
        assert retell["verdict"] == "repeats"
        assert retell["repeated_claims"]
        assert all(c["first_url"] == first["url"] for c in retell["repeated_claims"])

        server.visible = 4
        [evidence] = poll_json(cfg, capsys)
        assert evidence["verdict"] == "new_evidence"
        assert evidence["evidence"]

        # Nothing new: nothing printed.
        assert poll_json(cfg, capsys) == []

        # The digest puts evidence first and folds the repeats.
        capsys.readouterr()
        assert main(["digest", "harbour", "--all", "--config", str(cfg)]) == 0
        digest = capsys.readouterr().out
        assert digest.index("NEW EVIDENCE") < digest.index("ONLY REPEATS")
        assert "Daily Echo is a copy of Metro Daily" in digest


def test_summary_only_feed_gets_the_page_text(tmp_path):
    with SampleServer(ARTICLES[3:]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 1
        report, store = run_poll(cfg)
        [(_, judged)] = report.judged
        assert judged.article.text_origin == "page"
        assert "two bidders" in judged.article.text


def test_several_new_articles_are_judged_in_publication_order(tmp_path):
    # Feeds are fetched concurrently and list newest first; the verdicts must not depend on that.
    with SampleServer(ARTICLES[:3]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 3
        report, store = run_poll(cfg)
        verdicts = [(j.article.source, j.verdict.verdict) for _, j in report.judged]
        assert verdicts == [
            ("Metro Daily", "first"),
            ("Daily Echo", "duplicate"),
            ("City Wire", "repeats"),
        ]


def _dead_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_dead_and_broken_feeds_do_not_stop_the_poll(tmp_path):
    with SampleServer(ARTICLES[:1]) as server:
        dead = f"http://127.0.0.1:{_dead_port()}/feed.xml"
        missing = f"{server.base}/nowhere/feed.xml"
        cfg = setup_project(tmp_path, server, extra_feeds=[dead, missing])
        server.visible = 1
        report, store = run_poll(cfg)
        assert [j.verdict.verdict for _, j in report.judged] == ["first"]
        assert set(report.errors) == {dead, missing}
        assert "404" in report.errors[missing]
        assert sorted(report.broke) == sorted([dead, missing])
        state = store.feed_state(dead)
        assert state.failing_since is not None and state.consecutive_errors == 1
        assert state.next_poll_at > datetime.now(UTC)


def test_a_crash_mid_poll_loses_nothing(tmp_path):
    with SampleServer(ARTICLES[:2]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 2

        def crash(store, judged_id, judged, now):
            raise RuntimeError("power cut")

        with pytest.raises(RuntimeError):
            run_poll(cfg, on_judged=crash)
        config = load_config(cfg)
        store = Store(config.store_location)
        assert store.articles() == [] and store.ledger_records("harbour") == []
        assert all(f.etag is None and f.last_poll_at is None for f in store.feed_states())
        store.close()
        # The next poll judges the same articles, as if the crash never happened.
        report, store = run_poll(cfg)
        assert [j.verdict.verdict for _, j in report.judged] == ["first", "duplicate"]


def test_republished_item_under_a_new_guid_is_not_new(tmp_path):
    with SampleServer(ARTICLES[:1]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 1
        report, store = run_poll(cfg)
        assert len(report.judged) == 1
        # Same link with tracking parameters and a new guid.
        moved = SampleArticle(**{**ARTICLES[0].__dict__, "id": "a1"})
        server.articles = [moved]
        orig_route = server.route

        def route(path):
            body, ctype = orig_route(path)
            if body and path.endswith("feed.xml"):
                body = body.replace("<guid>", "<guid>republished-").replace(
                    ".html</link>", ".html?utm_source=rss&amp;utm_medium=feed</link>"
                )
            return body, ctype

        server.route = route
        report, store = run_poll(cfg)
        assert report.judged == []


def test_check_reports_every_problem_with_positions(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text("id: a\ntitle: A\nmatch:\n  any: [x]\n  regex: ['(']\n")
    (rules / "b.yaml").write_text("id: a\ntitle: B\nmatch:\n  any: [y]\n")
    (rules / "c.yaml").write_text("id: c\ntitle: C\nmatch: {any: [z]\nfoo: 1\n")
    (rules / "d.yaml").write_text("title: D\nmatch:\n  any: [w]\nid: a\n")
    (tmp_path / "config.yaml").write_text("rules_dir: rules\nfeds: []\n")
    assert main(["check", "--config", str(tmp_path / "config.yaml")]) == 2
    # config problems come first; fix the typo and the rule problems show up all at once.
    assert "config.yaml:2:1: unknown key 'feds': did you mean 'feeds'?" in capsys.readouterr().out
    (tmp_path / "config.yaml").write_text("rules_dir: rules\n")
    assert main(["check", "--config", str(tmp_path / "config.yaml")]) == 2
    out = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(f"{rules / 'a.yaml'}:5:") and "invalid regex" in line for line in out
    )
    assert any(
        line.startswith(f"{rules / 'd.yaml'}:4:") and "duplicate story id 'a'" in line
        for line in out
    )
    assert any(
        line.startswith(f"{rules / 'c.yaml'}:") and "YAML syntax error" in line for line in out
    )


def test_check_passes_on_the_bundled_config(capsys):
    root = Path(__file__).resolve().parents[1]
    assert main(["check", "--config", str(root / "config.yaml")]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_missing_rules_dir_is_reported(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("rules_dir: nowhere\n")
    assert main(["check", "--config", str(tmp_path / "config.yaml")]) == 2
    assert "rules_dir does not exist" in capsys.readouterr().out


def test_demo_replays_the_sample_story_through_the_pipeline(tmp_path):
    import io

    from bot.demo import run_demo

    out = io.StringIO()
    assert run_demo(keep=str(tmp_path), out=out) == 0
    text = out.getvalue()
    for verdict in ("FIRST", "DUPLICATE", "REPEATS", "NEW_CLAIMS", "NEW_EVIDENCE"):
        assert f"] {verdict} " in text, f"the demo shows no {verdict} article"
    assert "[text from page]" in text, "some sample articles come with a summary only"
    # Judged through HTTP, feed parsing and page extraction as labelled (a fact box stays a list).
    assert "10/10 verdicts agree with the sample's labels." in text, text
    digest = text.split("The digest a subscriber would get")[1]
    assert digest.index("NEW EVIDENCE") < digest.index("NEW CLAIMS") < digest.index("ONLY REPEATS")
    assert (tmp_path / "storywatch.sqlite3").exists()


def _set_rule(tmp_path: Path, **extra) -> None:
    (tmp_path / "rules" / "harbour.yaml").write_text(
        yaml.safe_dump({**STORY, **extra}), encoding="utf-8"
    )


def test_an_archived_story_is_no_longer_matched_and_its_feeds_not_polled(tmp_path):
    with SampleServer(ARTICLES[:2]) as server:
        cfg = setup_project(tmp_path, server)
        # The story's own feed lives in its rule file: archiving the story stops polling it.
        own = server.feed_url("metro-daily")
        config = yaml.safe_load(cfg.read_text())
        config["feeds"] = [f for f in config["feeds"] if f["url"] != own]
        cfg.write_text(yaml.safe_dump(config))
        _set_rule(tmp_path, feeds=[{"url": own}], archive={"idle_days": 3})
        server.visible = 1
        report, store = run_poll(cfg, now=T0)
        assert [j.verdict.verdict for _, j in report.judged] == ["first"] and report.archived == {}
        # Two days later it is still live; four days after its last article it is archived.
        report, store = run_poll(cfg, now=T0 + timedelta(days=2))
        assert report.archived == {}
        server.visible = 2
        report, store = run_poll(cfg, now=T0 + timedelta(days=4))
        assert "no coverage since" in report.archived["harbour"]
        assert report.judged == []
        assert own not in {f.url for f in store.feed_states()}, (
            "an archived story's feed is not polled"
        )
        # A fixed end date archives it too, whatever the coverage.
        _set_rule(tmp_path, archive={"after": "2020-01-31"})
        report, store = run_poll(cfg)
        assert report.archived == {"harbour": "archived after 2020-01-31"} and report.judged == []


def test_feed_health_changes_reach_the_hook_inside_the_polls_transaction(tmp_path):
    with SampleServer(ARTICLES[:1]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 1
        events = []

        def health(store, broke, recovered, now):
            assert store.db.in_transaction, "queued atomically with the feed state"
            events.append(([url for url, _ in broke], recovered, [bool(e) for _, e in broke]))

        orig = server.route
        server.route = lambda path: (None, "") if path.endswith("feed.xml") else orig(path)
        run_poll(cfg, on_feed_health=health)
        feed = server.feed_url("metro-daily")
        assert events == [([feed], [], [True])]
        run_poll(cfg, on_feed_health=health)  # still failing: no second message
        assert len(events) == 1
        server.route = orig
        report, _ = run_poll(cfg, on_feed_health=health)
        assert events[1:] == [([], [feed], [])] and len(report.judged) == 1


def test_parsing_in_worker_processes_gives_the_same_verdicts(tmp_path):
    from watchers.parse import ParsePool

    with SampleServer(ARTICLES[:3]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 3
        pool = ParsePool(1)
        try:
            report, store = run_poll(cfg, parser=pool)
        finally:
            pool.close()
        verdicts = [(j.article.source, j.verdict.verdict) for _, j in report.judged]
        assert verdicts == [
            ("Metro Daily", "first"),
            ("Daily Echo", "duplicate"),
            ("City Wire", "repeats"),
        ]
