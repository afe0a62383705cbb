"""`storywatch ledger`: one row per claim on record, against a golden file for the demo story."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import yaml

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
from watchers.store import Store, verdict_from_dict, verdict_to_dict

GOLDEN = Path(__file__).parent / "data" / "ledger" / "demo.jsonl"
# The demo story as judged and stored (articles, verdicts, ledger records): a frozen input, so the
# golden tests the ledger's rows, not the judge (whose tuning changes verdicts now and then).
STATE = Path(__file__).parent / "data" / "ledger" / "demo-state.json"
BASE = "http://sample.invalid"  # the demo server's port changes per run
T0 = datetime(2026, 3, 8, tzinfo=UTC)


def export_state(demo_state) -> str:  # type: ignore[no-untyped-def]
    """The demo's stored state as JSON (what STATE holds), URLs made independent of the port."""
    from bot.demo import load_sample

    story, _ = load_sample()
    store = Store(demo_state.folder / "storywatch.sqlite3")
    data = {
        "rule": {k: story[k] for k in ("id", "title", "match")},
        "judged": [
            {
                "article": {
                    **dataclasses.asdict(j.article),
                    "published": j.article.published.isoformat(),
                },
                "verdict": verdict_to_dict(j.verdict),
                "matched_terms": list(j.matched_terms),
            }
            for _, j in store.judged(demo_state.story)
        ],
        "ledger": [
            {**dataclasses.asdict(r), "first_published": r.first_published.isoformat()}
            for r in store.ledger_records(demo_state.story)
        ],
    }
    store.close()
    return json.dumps(data, ensure_ascii=False, indent=1).replace(demo_state.base, BASE) + "\n"


def load_state(folder: Path) -> tuple[Path, str]:
    """A project folder (config.yaml, rules/, state file) holding STATE; (config path, story id)."""
    data = json.loads(STATE.read_text(encoding="utf-8"))
    rule = data["rule"]
    (folder / "rules").mkdir(parents=True)
    (folder / "rules" / f"{rule['id']}.yaml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    config = folder / "config.yaml"
    config.write_text("store: {path: state.sqlite3}\n", encoding="utf-8")
    store = Store(folder / "state.sqlite3")
    for item in data["judged"]:
        a = item["article"]
        article = Article(**{**a, "published": datetime.fromisoformat(a["published"])})
        aid = store.save_article(article, content_hash=article.identity, now=T0)
        judged = Judged(
            rule["id"], article, verdict_from_dict(item["verdict"]), tuple(item["matched_terms"])
        )
        store.save_judged(judged, article_id=aid, now=T0)
    store.add_ledger_records(
        rule["id"],
        [
            LedgerRecord(**{**r, "first_published": datetime.fromisoformat(r["first_published"])})
            for r in data["ledger"]
        ],
    )
    store.close()
    return config, rule["id"]


def test_ledger_json_of_the_demo_story_matches_the_golden_file(tmp_path, capsys, request):
    if os.environ.get("STORYWATCH_UPDATE_GOLDEN"):
        STATE.write_text(export_state(request.getfixturevalue("demo_state")), encoding="utf-8")
    config, story = load_state(tmp_path)
    assert main(["ledger", story, "--json", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    if os.environ.get("STORYWATCH_UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    rows = [json.loads(line) for line in out.splitlines()]
    assert all(tuple(r) == LEDGER_KEYS for r in rows)
    first = [r["first_published"] for r in rows]
    assert first == sorted(first), "rows are ordered by first report"
    assert out == GOLDEN.read_text(encoding="utf-8"), (
        "ledger --json changed; if on purpose, rerun with STORYWATCH_UPDATE_GOLDEN=1"
    )


def test_ledger_json_of_the_live_demo_has_one_row_per_claim_in_order(demo_state, capsys):
    assert main(["ledger", demo_state.story, "--json", "--config", str(demo_state.config)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) >= 15 and all(tuple(r) == LEDGER_KEYS for r in rows)
    assert [r["first_published"] for r in rows] == sorted(r["first_published"] for r in rows)
    assert len({r["claim"] for r in rows}) == len(rows)
    assert rows[0]["first_source"] == "Metro Daily" and rows[0]["articles"] >= 5
    assert any(r["evidence"] for r in rows), "the demo's audit-office article carries evidence"


def test_ledger_csv_and_text(demo_state, capsys):
    assert main(["ledger", demo_state.story, "--csv", "--config", str(demo_state.config)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and rows[0]["first_source"] == "Metro Daily"
    assert int(rows[0]["articles"]) >= 5
    assert any(r["evidence"] for r in rows)
    assert main(["ledger", demo_state.story, "--config", str(demo_state.config)]) == 0
    text = capsys.readouterr().out
    assert "claims on record" in text and "first: Metro Daily" in text


def test_ledger_of_an_unknown_story_says_which_exist(demo_state, capsys):
    assert main(["ledger", "nope", "--config", str(demo_state.config)]) == 2
    assert demo_state.story in capsys.readouterr().err


T1 = datetime(2026, 3, 1, 8, tzinfo=UTC)


def _article(n: int, source: str) -> Article:
    return Article(
        identity=f"u{n}",
        url=f"https://x.test/{n}",
        title=f"t{n}",
        text="The mayor was paid and the council said so.",
        author="",
        published=T1.replace(hour=8 + n),
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
