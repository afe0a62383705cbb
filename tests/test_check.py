"""The rule commands through the real CLI: check (exit codes, format), test-rule, rematch."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from watchers.models import Article
from watchers.store import Store

ROOT = Path(__file__).resolve().parent.parent

RULE = """\
id: kgb
title: KGB story
match:
  all: [Trump]
  any: [Krasnov, Mussayev]
"""


def project(tmp_path: Path, rules: dict[str, str] | None = None) -> Path:
    (tmp_path / "rules").mkdir()
    for name, text in (rules if rules is not None else {"kgb.yaml": RULE}).items():
        (tmp_path / "rules" / name).write_text(text, encoding="utf-8")
    cfg = tmp_path / "config.yaml"
    cfg.write_text("rules_dir: rules\nstore:\n  path: state/test.sqlite3\n", encoding="utf-8")
    return cfg


def article(n: int, title: str, text: str) -> Article:
    return Article(
        identity=f"id{n}",
        url=f"https://news.example.com/{n}",
        title=title,
        text=text,
        author="",
        published=datetime(2025, 3, n, tzinfo=UTC),
        source="example",
        feed_url="https://news.example.com/feed",
    )


def stored(cfg: Path, articles: list[Article]) -> Path:
    path = cfg.parent / "state" / "test.sqlite3"
    store = Store(path)
    for a in articles:
        store.save_article(a, content_hash=a.identity, now=a.published)
    store.close()
    return path


def test_check_ok_prints_one_summary_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("ok: ") and "1 stories" in out[0]


def test_check_lists_every_problem_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(
        tmp_path,
        {
            "a.yaml": RULE.replace("any:", "anny:"),
            "b.yaml": RULE.replace("id: kgb", "id: other") + "  regex: ['(a+)+x']\n",
            "c.yaml": RULE,
            "d.yaml": RULE,  # same id as c.yaml
        },
    )
    assert main(["check", "--config", str(cfg)]) == 2
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert all(re.match(r"^.+\.yaml:\d+:\d+: .+", line) for line in lines), lines
    assert any("a.yaml:5:3: unknown key 'anny': did you mean 'any'?" in x for x in lines)
    assert any("b.yaml:6:11: match.regex[0]: unsafe regex" in x for x in lines)
    assert any("d.yaml:1:5: duplicate story id 'kgb'" in x for x in lines)
    assert "problem(s) found" in captured.err


def test_check_bundled_project_as_a_user_runs_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--config", str(ROOT / "config.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: ")
    assert "re2.cc" not in done.stderr  # RE2 must not log to stderr


def test_test_rule_against_a_folder_of_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    given = tmp_path / "given"
    given.mkdir()
    (given / "a.txt").write_text(
        "Trump named Krasnov\n\nMussayev says Trump was recruited.\n", encoding="utf-8"
    )
    (given / "b.txt").write_text(
        "Weather report\n\nSunny with a chance of Krasnov.\n", encoding="utf-8"
    )
    assert (
        main(
            [
                "test-rule",
                str(tmp_path / "rules" / "kgb.yaml"),
                "--against",
                str(given),
                "--config",
                str(cfg),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "MATCH: Trump named Krasnov" in out
    assert "title: [Trump] named [Krasnov]" in out  # not a tty: brackets, no escape codes
    assert "\x1b[" not in out
    assert "no match: Weather report" in out
    assert "why: all: 'Trump' not found" in out
    assert out.strip().endswith("kgb: 1 of 2 article(s) match")


def test_test_rule_against_stored_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    db = stored(cfg, [article(1, "Trump and Krasnov", "x"), article(2, "Budget news", "Trump")])
    before = db.read_bytes()
    assert main(["test-rule", str(tmp_path / "rules" / "kgb.yaml"), "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "MATCH: Trump and Krasnov" in out and "Budget news" not in out
    assert "kgb: 1 of 2 article(s) match" in out
    store = Store(db)
    assert store.judged("kgb") == []
    store.close()
    assert db.read_bytes() == before


def test_test_rule_reports_a_broken_rule_with_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: B\nmatch:\n  any: [x]\n  regex: ['(']\n", encoding="utf-8")
    assert main(["test-rule", str(bad), "--against", str(bad), "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:5:11: match.regex[0]: invalid regex" in err


def test_rematch_judges_newly_matching_stored_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = project(tmp_path)
    stored(
        cfg,
        [
            article(1, "Trump and Krasnov", "Mussayev says the KGB recruited Trump in 1987."),
            article(
                2, "Trump and the KGB", "A former Kazakh spy chief says the KGB recruited Trump."
            ),
        ],
    )
    assert main(["rematch", "kgb", "--config", str(cfg)]) == 0
    assert "judged 1 newly matching" in capsys.readouterr().out
    # The journalist widens the rule: article 2 now matches too, and is judged once.
    (tmp_path / "rules" / "kgb.yaml").write_text(
        RULE.replace("[Krasnov, Mussayev]", "[Krasnov, Mussayev, KGB]")
    )
    assert main(["rematch", "kgb", "--dry-run", "--config", str(cfg)]) == 0
    assert "would judge: Trump and the KGB" in capsys.readouterr().out
    assert main(["rematch", "kgb", "--config", str(cfg)]) == 0
    assert main(["rematch", "kgb", "--config", str(cfg)]) == 0
    assert "judged 0 newly matching" in capsys.readouterr().out.strip().splitlines()[-1]
    store = Store(tmp_path / "state" / "test.sqlite3")
    judged = [j for _, j in store.judged("kgb")]
    store.close()
    assert [j.article.identity for j in judged] == ["id1", "id2"]
    assert judged[0].verdict.verdict == "first"
    assert judged[1].matched_terms == ("Trump", "KGB")


def test_rematch_unknown_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = project(tmp_path)
    assert main(["rematch", "nope", "--config", str(cfg)]) == 2
    assert "unknown story 'nope'; known: kgb" in capsys.readouterr().err


# ---------------------------------------------------------------- what a new user trips over


def test_check_and_status_count_the_same_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: check said "7 feeds" (config.yaml's and the rules' own) while status said
    "feeds: 22" (the store's: news searches too, each a feed per search engine)."""
    from watchers.config import load_config, load_rules
    from watchers.pipeline import feed_specs

    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    cfg = project(
        tmp_path,
        {
            "kgb.yaml": RULE
            + "feeds:\n  - url: https://rss.example/kgb\n"
            + "searches: ['Krasnov Trump', 'Mussayev']\n",
            "old.yaml": "id: old\ntitle: Old\nmatch: {any: [x]}\nfeeds: [{url: 'https://old.example/'}]\n"
            "archive: {after: 2020-01-01}\n",
        },
    )
    cfg.write_text(cfg.read_text() + "feeds:\n  - url: https://rss.example/world\n")
    assert main(["check", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    config = load_config(cfg)
    live = [r for r in load_rules(config.rules_path) if r.id != "old"]
    specs = feed_specs(config, live)  # what a poll syncs into the store
    assert len(specs) == 6  # 2 listed + 2 searches x 2 engines
    assert f"2 stories (1 archived: not polled), {len(specs)} feeds to poll" in out
    assert "(2 listed in config.yaml and the rules, 4 for 2 news searches)" in out
    store = Store(tmp_path / "state" / "test.sqlite3")
    store.sync_feeds((s.url, s.name, s.story) for s in specs)
    store.close()
    assert main(["status", "--config", str(cfg)]) == 0
    assert f"feeds: {len(specs)} to poll (" in capsys.readouterr().out


def test_test_rule_with_nothing_stored_says_how_to_get_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "kgb: 0 of 0 article(s) match" and nothing more."""
    cfg = project(tmp_path)
    stored(cfg, [])  # the store exists (the service started) but holds no article yet
    assert main(["test-rule", str(tmp_path / "rules" / "kgb.yaml"), "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "0 of 0" not in out
    assert "no stored articles yet" in out and "storywatch poll --once" in out
    assert "--against PATH" in out


def test_digest_since_accepts_words_dates_and_durations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `--since yesterday` answered "invalid parse_duration value"."""
    from bot.cli import parse_since

    now = datetime(2026, 3, 5, 10, 30, tzinfo=UTC)
    assert parse_since("yesterday").start(now, "UTC") == datetime(2026, 3, 4, tzinfo=UTC)
    assert parse_since("today").start(now, "UTC") == datetime(2026, 3, 5, tzinfo=UTC)
    # Midnight where the digest is read (digest.timezone): Berlin is UTC+1 in March.
    assert parse_since("today").start(now, "Europe/Berlin") == datetime(2026, 3, 4, 23, tzinfo=UTC)
    assert parse_since("2h").start(now, "UTC") == datetime(2026, 3, 5, 8, 30, tzinfo=UTC)
    assert parse_since("3d").start(now, "UTC") == datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    assert parse_since("2026-03-01").start(now, "UTC") == datetime(2026, 3, 1, tzinfo=UTC)
    assert parse_since("2026-03-01T09:00").start(now, "UTC") == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert parse_since("2026-03-01T09:00+02:00").start(now, "UTC") == datetime(
        2026, 3, 1, 7, tzinfo=UTC
    )

    cfg = project(tmp_path)
    stored(cfg, [])
    assert main(["digest", "kgb", "--since", "yesterday", "--config", str(cfg)]) == 0
    assert "nothing new in this window" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        main(["digest", "kgb", "--since", "last week", "--config", str(cfg)])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "--since: 'last week' is not understood: use a duration back from now" in err
    assert "yesterday" in err and "2026-03-01" in err


def test_judge_refuses_urls_it_cannot_fetch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `judge ftp://host/a.txt` was read as a path: "No such file or directory"."""
    cfg = project(tmp_path)
    code = main(["judge", "--story", "kgb", "ftp://files.example/a.txt", "--config", str(cfg)])
    assert code == 1
    err = capsys.readouterr().err
    assert "ftp:// is not supported: give an http:// or https:// URL" in err
    assert "No such file" not in err


def test_poll_without_once_polls_only_what_is_due(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: --once did nothing; `poll` polled every feed each time, whatever its schedule."""
    from httpserver import LoopbackServer

    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
        b"<item><title>Trump and Krasnov</title><link>http://127.0.0.1/1</link><guid>1</guid>"
        b"<description>Mussayev spoke.</description></item></channel></rss>"
    )
    with LoopbackServer() as server:
        server.route("/feed.xml", body=rss, content_type="application/rss+xml")
        cfg = project(tmp_path)
        cfg.write_text(
            cfg.read_text()
            + "matching: lexical\npoll:\n  interval: 1h\n  jitter: 0\n  fetch_pages: false\n"
            + f"feeds:\n  - url: {server.url('/feed.xml')}\n"
        )
        assert main(["poll", "--config", str(cfg)]) == 0  # never polled: due
        assert server.count("/feed.xml") == 1
        assert "polled 1 feeds" in capsys.readouterr().err
        assert main(["poll", "--config", str(cfg)]) == 0  # polled a moment ago: not due
        assert server.count("/feed.xml") == 1
        err = capsys.readouterr().err
        assert "polled 0 feeds" in err and "nothing was due; the next feed is due 20" in err
        assert "`storywatch poll --once` polls every feed now" in err
        assert main(["poll", "--once", "--config", str(cfg)]) == 0
        assert server.count("/feed.xml") == 2
