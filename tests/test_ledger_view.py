"""`storywatch ledger`: one row per claim on record, against a golden file for the demo story."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import main
from bot.ledger_view import LEDGER_KEYS, build_ledger, render_jsonl
from watchers.models import (
    Article,
    ArticleVerdict,
    Claim,
    ClaimVerdict,
    Evidence,
    Judged,
    LedgerRecord,
)

GOLDEN = Path(__file__).parent / "data" / "ledger" / "demo.jsonl"
BASE = "http://sample.invalid"  # the demo server's port changes per run


def test_ledger_json_of_the_demo_story_matches_the_golden_file(demo_state, capsys):
    assert main(["ledger", demo_state.story, "--json", "--config", str(demo_state.config)]) == 0
    out = capsys.readouterr().out.replace(demo_state.base, BASE)
    if os.environ.get("STORYWATCH_UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(tuple(r) == LEDGER_KEYS for r in rows)
    first = [r["first_published"] for r in rows]
    assert first == sorted(first), "rows are ordered by first report"
    assert out == GOLDEN.read_text(encoding="utf-8"), (
        "ledger --json changed; if on purpose, rerun with STORYWATCH_UPDATE_GOLDEN=1"
    )


def test_ledger_csv_and_text(demo_state, capsys):
    assert main(["ledger", demo_state.story, "--csv", "--config", str(demo_state.config)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and rows[0]["first_source"] == "Metro Daily"
    assert int(rows[0]["articles"]) >= 5
    assert any(r["evidence"].startswith("document") for r in rows)
    assert main(["ledger", demo_state.story, "--config", str(demo_state.config)]) == 0
    text = capsys.readouterr().out
    assert "claims on record" in text and "revised by Daily Echo" in text


def test_ledger_of_an_unknown_story_says_which_exist(demo_state, capsys):
    assert main(["ledger", "nope", "--config", str(demo_state.config)]) == 2
    assert demo_state.story in capsys.readouterr().err


T0 = datetime(2026, 3, 1, 8, tzinfo=UTC)


def _article(n: int, source: str) -> Article:
    return Article(
        identity=f"u{n}",
        url=f"https://x.test/{n}",
        title=f"t{n}",
        text="The mayor was paid and the council said so.",
        author="",
        published=T0.replace(hour=8 + n),
        source=source,
        feed_url="f",
    )


def test_retellings_fold_into_the_claim_they_retell_and_changes_are_listed():
    a1, a2, a3 = _article(1, "One"), _article(2, "Two"), _article(3, "Three")
    orig, retold, revised = "Paid 40,000 euros.", "Got 40k euros in cash.", "Paid 60,000 euros."
    records = [
        LedgerRecord(orig, a1.url, "One", a1.published, a1.identity),
        # a retelling kept for matching, credited to the first report
        LedgerRecord(retold, a1.url, "One", a1.published, a2.identity),
        LedgerRecord(revised, a3.url, "Three", a3.published, a3.identity),
    ]
    judged = [
        Judged("s", a1, ArticleVerdict("first", (ClaimVerdict(Claim(orig), "new"),))),
        Judged(
            "s",
            a2,
            ArticleVerdict(
                "repeats",
                (ClaimVerdict(Claim(retold), "seen", a1.url, "One", orig, 0.6),),
                (Evidence(retold, "document", "a document"),),
            ),
        ),
        Judged(
            "s",
            a3,
            ArticleVerdict(
                "new_claims",
                (
                    ClaimVerdict(Claim(retold), "seen", a1.url, "One", retold, 1.0),
                    ClaimVerdict(Claim(revised), "revised", a1.url, "One", orig, 0.5),
                ),
            ),
        ),
    ]
    rows = build_ledger(records, judged)
    assert [r.claim for r in rows] == [orig, revised]
    assert rows[0].articles == 2 and rows[0].outlets == ["Three", "Two"]
    assert [e.source for e in rows[0].evidence] == ["Two"]
    assert [(m.status, m.source) for m in rows[0].changes] == [("revised", "Three")]
    assert rows[1].revises == {"status": "revised", "earlier": orig}
    line = json.loads(render_jsonl("s", rows).splitlines()[0])
    assert line["languages"] == ["en"] and line["first_published"] == a1.published.isoformat()
