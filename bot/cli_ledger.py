"""`storywatch ledger STORY [--json | --csv]`: the story's claims on record, one row per claim."""

from __future__ import annotations

import argparse
import sys

from bot.cli import command, load_story


def _add_ledger(p: argparse.ArgumentParser) -> None:
    p.add_argument("story", help="story id (the id: in its rule file)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object per claim (JSON Lines)")
    fmt.add_argument("--csv", action="store_true", help="CSV with a header row")


@command(
    "ledger",
    "print a story's claims on record: first report, repeats, evidence, revisions",
    _add_ledger,
)
def cmd_ledger(args: argparse.Namespace) -> int:
    from bot.ledger_view import build_ledger, render_csv, render_jsonl, render_text
    from watchers.store import Store, StoreError

    loaded = load_story(args.config, args.story)
    if isinstance(loaded, int):
        return loaded
    config, rule = loaded
    try:
        store = Store(config.store_location)
    except StoreError as e:
        print(f"storywatch: {e}", file=sys.stderr)
        return 1
    try:
        rows = build_ledger(store.ledger_records(rule.id), [j for _, j in store.judged(rule.id)])
    finally:
        store.close()
    if args.json:
        sys.stdout.write(render_jsonl(rule.id, rows))
    elif args.csv:
        sys.stdout.write(render_csv(rows))
    else:
        print(render_text(rule.title, rows))
    return 0
