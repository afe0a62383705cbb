"""`storywatch store copy --from PATH_OR_URL --to PATH_OR_URL`: move a whole state between a SQLite
file and a PostgreSQL database (the upgrade path from one machine to several)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli import command


def _add_store(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    copy = sub.add_parser(
        "copy",
        help="copy a whole state (SQLite file or PostgreSQL URL) into an empty store",
        description="Copy every table, ids kept, in one transaction on the target; checked by row "
        "counts per table and a sample of verdicts before it is committed. Stop the service first.",
    )
    copy.add_argument(
        "--from", dest="source", required=True, metavar="PATH_OR_URL", help="the state to copy"
    )
    copy.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="PATH_OR_URL",
        help="a new SQLite file or an empty PostgreSQL database (postgresql://USER@HOST/DB)",
    )
    copy.add_argument(
        "--force", action="store_true", help="empty a target that already holds a state, then copy"
    )
    copy.add_argument(
        "--sample",
        type=int,
        default=200,
        metavar="N",
        help="verdicts compared after the copy, spread over all of them (default 200)",
    )


@command(
    "store", "move the state between SQLite and PostgreSQL: store copy --from --to", _add_store
)
def cmd_store(args: argparse.Namespace) -> int:
    from watchers.store import Store, StoreError
    from watchers.store_copy import CopyError, copy_state
    from watchers.store_pg import is_url, redact

    def shown(location: str) -> str:
        return redact(location) if is_url(location) else location

    if args.source == args.target:
        print("storywatch: --from and --to are the same store", file=sys.stderr)
        return 2
    if not is_url(args.source) and not Path(args.source).is_file():
        print(
            f"storywatch: no state file at {args.source}: give the SQLite file of the state to "
            "copy (store.path in config.yaml) or a postgresql:// URL",
            file=sys.stderr,
        )
        return 2
    try:
        source = Store(args.source)
    except StoreError as e:
        print(f"storywatch: {e}", file=sys.stderr)
        return 1
    try:
        try:
            target = Store(args.target)
        except StoreError as e:
            print(f"storywatch: {e}", file=sys.stderr)
            return 1
        try:
            report = copy_state(source, target, force=args.force, sample=args.sample)
        except (CopyError, StoreError) as e:
            print(f"storywatch: {e}", file=sys.stderr)
            return 1
        finally:
            target.close()
    finally:
        source.close()
    print(f"copied {shown(args.source)} -> {shown(args.target)}")
    width = max(len(t) for t in report.counts)
    for table, n in report.counts.items():
        print(f"  {table:<{width}}  {n:>9} rows (same in both)")
    print(f"  verdicts compared: {report.verdicts_compared} of {report.verdicts_total}, all equal")
    return 0
