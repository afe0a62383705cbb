"""`storywatch feeds export|import`: the feed list as OPML, in and out."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

from bot.cli import command
from watchers.config import load_config, load_rules_checked
from watchers.opml import export_opml, import_opml
from watchers.searches import search_feed_urls


def _add_feeds(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    exp = sub.add_parser("export", help="print every configured feed as OPML")
    exp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    exp.add_argument(
        "--searches", action="store_true", help="include the stories' news-search feeds"
    )
    imp = sub.add_parser("import", help="add the feeds of an OPML file to config.yaml")
    imp.add_argument("file", metavar="FILE", help="an OPML file exported by another reader")
    for action in (exp, imp):  # so that `feeds import x.opml --config c.yaml` works too
        action.add_argument(
            "--config", default=argparse.SUPPRESS, metavar="PATH", help=argparse.SUPPRESS
        )
    imp.add_argument(
        "--write",
        action="store_true",
        help="insert the new feeds into config.yaml (default: print them as YAML to paste)",
    )


@command("feeds", "export the feed list as OPML, or import an OPML file", _add_feeds)
def cmd_feeds(args: argparse.Namespace) -> int:
    if args.feeds_command == "export":
        return _export(args)
    return _import(args)


def _configured(args: argparse.Namespace, *, searches: bool) -> list[tuple[str, str | None]]:
    config = load_config(args.config)
    rules, _ = load_rules_checked(config.rules_path)
    feeds: dict[str, str | None] = {}
    for f in config.feeds:
        feeds.setdefault(f.url, f.name)
    for rule in rules:
        for f in rule.feeds:
            feeds.setdefault(f.url, f.name or rule.title)
        if searches:
            for query in rule.searches:
                for url in search_feed_urls(query):
                    feeds.setdefault(url, f"{rule.title}: {query}")
    return list(feeds.items())


def _export(args: argparse.Namespace) -> int:
    text = export_opml(_configured(args, searches=args.searches))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _import(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        print(f"{args.file}: cannot read: {e}", file=sys.stderr)
        return 2
    try:
        feeds = import_opml(text)
    except ValueError as e:
        print(f"{args.file}: {e}", file=sys.stderr)
        return 2
    known = {url for url, _ in _configured(args, searches=False)}
    new = [(url, name) for url, name in feeds if url not in known]
    print(
        f"{args.file}: {len(feeds)} feeds, {len(feeds) - len(new)} already configured, {len(new)} new",
        file=sys.stderr,
    )
    if not new:
        return 0
    if not args.write:
        sys.stdout.write("feeds:\n" + _yaml_items(new, indent=2))
        return 0
    path = Path(args.config)
    try:
        updated = insert_feeds(path.read_text(encoding="utf-8"), new)
    except ValueError as e:
        print(f"{path}: {e}; add these by hand:\n" + _yaml_items(new, indent=2), file=sys.stderr)
        return 2
    _write_atomically(path, updated)
    print(f"{path}: added {len(new)} feeds; run `storywatch check` to validate", file=sys.stderr)
    return 0


def _yaml_items(feeds: list[tuple[str, str | None]], indent: int) -> str:
    pad = " " * indent
    lines = []
    for url, name in feeds:
        lines.append(f"{pad}- url: {json.dumps(url)}")  # JSON strings are valid YAML scalars
        if name and name != url:
            lines.append(f"{pad}  name: {json.dumps(name, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def insert_feeds(text: str, feeds: list[tuple[str, str | None]]) -> str:
    """config.yaml's text with `feeds` appended to its top-level block list `feeds:`, comments and
    layout kept (the file is edited by hand, so it is never re-dumped)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        raise ValueError(f"not valid YAML ({e})") from None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    node = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "feeds":
                node = value
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        if node is not None:
            raise ValueError("`feeds:` is empty but present; write one feed under it first")
        out = "".join(lines) + "\nfeeds:\n" + _yaml_items(feeds, indent=2)
    elif not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise ValueError("`feeds:` is not a block list (`- url: ...` lines)")
    else:
        first, last = node.value[0], node.value[-1]
        indent = max(first.start_mark.column - 2, 0)
        end = last.end_mark
        at = end.line if end.column == 0 else end.line + 1
        out = "".join(lines[:at]) + _yaml_items(feeds, indent) + "".join(lines[at:])
    yaml.safe_load(out)  # what we write must still parse
    return out


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
