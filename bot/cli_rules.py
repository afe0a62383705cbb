"""`storywatch test-rule` and `storywatch rematch`: try a story rule, and re-apply an edited one."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import _fail_config, _load_article, command, load_story
from watchers.config import ConfigError, Rule, load_config, load_rule
from watchers.models import Article
from watchers.rules import Explanation, Matcher, Span, explain, highlight

SNIPPET = 70  # characters of context shown on each side of a match


def _marks(stream: object) -> tuple[str, str]:
    # Bold on a terminal; [brackets] in files, pipes and CI logs, where escape codes are noise.
    isatty = getattr(stream, "isatty", None)
    return ("\x1b[1m", "\x1b[0m") if callable(isatty) and isatty() else ("[", "]")


def snippets(
    text: str, spans: Sequence[Span], *, before: str, after: str, limit: int = 3
) -> list[str]:
    """Up to `limit` one-line excerpts of `text` around its spans, with the spans marked."""
    out: list[str] = []
    end_shown = -1
    for s in spans:
        if s.start < end_shown:
            continue
        lo, hi = max(0, s.start - SNIPPET), min(len(text), s.end + SNIPPET)
        inside = [x for x in spans if x.start >= lo and x.end <= hi]
        piece = highlight(
            text[lo:hi],
            [Span(x.start - lo, x.end - lo, x.term, x.kind) for x in inside],
            before=before,
            after=after,
        )
        piece = " ".join(piece.split())
        out.append(("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else ""))
        end_shown = hi
        if len(out) == limit:
            break
    return out


def render(
    article: Article, e: Explanation, *, before: str, after: str, verbose: bool
) -> list[str]:
    mark = "MATCH" if e.matched else "no match"
    lines = [f"{mark}: {article.title or '(no title)'}", f"  {article.url}"]
    if e.matched:
        lines.append("  terms: " + ", ".join(e.terms))
    for f in e.fields:
        if f.field == "title":
            lines.append("  title: " + highlight(f.text, f.spans, before=before, after=after))
        elif f.field == "url":
            lines.append("  url: " + highlight(f.text, f.spans, before=before, after=after))
        else:
            for piece in snippets(f.text, f.spans, before=before, after=after):
                lines.append(f"  text: {piece}")
    if verbose or not e.matched:
        lines += [f"  why: {r}" for r in e.reasons]
    return lines


# ---------------------------------------------------------------- test-rule


def _add_test_rule(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", help="the rule file to try, e.g. rules/krasnov.yaml")
    p.add_argument(
        "--against",
        default="stored",
        metavar="stored|PATH_OR_URL",
        help="stored articles (default), or an article file, a folder of them, or an article URL",
    )
    p.add_argument(
        "--all", action="store_true", help="also list the articles that do not match, with why"
    )


@command(
    "test-rule",
    "show which stored or given articles a rule file matches and why; changes nothing",
    _add_test_rule,
)
def cmd_test_rule(args: argparse.Namespace) -> int:
    rule, problems = load_rule(Path(args.rule))
    if rule is None:
        for p in problems:
            print(p, file=sys.stderr)
        print(
            f"storywatch: {args.rule} has {len(problems)} problem(s); fix them first",
            file=sys.stderr,
        )
        return 2
    try:
        config = load_config(args.config)
    except ConfigError as e:
        return _fail_config(e)
    before, after = _marks(sys.stdout)

    previously: set[str] = set()
    if args.against == "stored":
        if not config.store.url and not config.store_path.exists():
            print(
                f"no stored articles yet ({config.store_path} does not exist): run `storywatch poll --once`, "
                "or try the rule on a file with --against PATH"
            )
            return 0
        from watchers.store import Store

        store = Store(config.store_location)
        try:
            articles = store.articles()
            previously = {j.article.identity for _, j in store.judged(rule.id)}
        finally:
            store.close()
        if not articles:
            print(
                "no stored articles yet: run `storywatch poll --once` to fetch the feeds' "
                "articles, or try the rule on a file with --against PATH"
            )
            return 0
        show_misses = args.all
    else:
        try:
            articles = _given(args.against, config)
        except (OSError, ValueError) as e:
            print(f"storywatch: cannot read {args.against}: {e}", file=sys.stderr)
            return 1
        show_misses = True

    matched = 0
    matcher = Matcher([rule])
    for article in articles:
        hit = bool(matcher.match(article))
        matched += hit
        if hit or show_misses:
            print(
                "\n".join(
                    render(
                        article,
                        explain(rule, article, matcher=matcher),
                        before=before,
                        after=after,
                        verbose=False,
                    )
                )
            )
            print()
    dropped = [a for a in articles if a.identity in previously and not matcher.match(a)]
    for a in dropped:
        print(f"no longer matches (judged before under {rule.id}): {a.title} {a.url}")
    print(
        f"{rule.id}: {matched} of {len(articles)} article(s) match"
        + (f"; {len(dropped)} no longer match" if dropped else "")
    )
    return 0


def _given(source: str, config: object) -> list[Article]:
    path = Path(source)
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".md")
        )
        return [asyncio.run(_load_article(str(p), config)) for p in files]
    return [asyncio.run(_load_article(source, config))]


# ---------------------------------------------------------------- rematch


def _add_rematch(p: argparse.ArgumentParser) -> None:
    p.add_argument("story", help="story id whose (edited) rule to re-apply to every stored article")
    p.add_argument("--dry-run", action="store_true", help="only list what would change")


@command(
    "rematch",
    "re-apply a story's current rule to stored articles and judge the newly matching ones",
    _add_rematch,
)
def cmd_rematch(args: argparse.Namespace) -> int:
    loaded = load_story(args.config, args.story)
    if isinstance(loaded, int):
        return loaded
    config, rule = loaded
    if not config.store.url and not config.store_path.exists():
        print(f"nothing stored yet ({config.store_path} does not exist)")
        return 0
    from watchers.store import Store

    store = Store(config.store_location)
    try:
        added, dropped = rematch(
            store, rule, now=datetime.now(UTC), dry_run=args.dry_run, matching=config.matching
        )
    finally:
        store.close()
    verb = "would judge" if args.dry_run else "judged"
    for a in added:
        print(f"{verb}: {a.title} {a.url}")
    for a in dropped:
        print(f"no longer matches (kept, not deleted): {a.title} {a.url}")
    print(
        f"{rule.id}: {verb} {len(added)} newly matching article(s); {len(dropped)} no longer match"
    )
    return 0


def rematch(
    store: object,
    rule: Rule,
    *,
    now: datetime,
    dry_run: bool = False,
    matching: str = "lexical",
) -> tuple[list[Article], list[Article]]:
    """Judge, in publication order, every stored article the rule now matches and that was not
    judged for the story yet; list those judged before that it no longer matches (their verdicts
    stay: subscribers may have seen them, and the ledger keeps their claims)."""
    from judge import verdict as judging
    from watchers.models import Judged
    from watchers.pipeline import Judges
    from watchers.store import Store

    assert isinstance(store, Store)
    matcher = Matcher([rule])
    judged_before = {j.article.identity for _, j in store.judged(rule.id)}
    added: list[Article] = []
    dropped: list[Article] = []
    for article in store.articles():  # ordered by publication time
        found = matcher.match(article)
        if found and article.identity not in judged_before:
            added.append(article)
        elif not found and article.identity in judged_before:
            dropped.append(article)
    if dry_run or not added:
        return added, dropped
    judges = Judges(store, matching)
    # The same steps as watchers.pipeline.poll, for articles that are already stored.
    with store.transaction():
        for article in added:
            [m] = matcher.match(article)
            article_id = store.article_id(article.identity)
            if article_id is None:
                continue
            ledger, dups = judges.get(rule, now=now)
            verdict = judging.judge(article, ledger, dups, semantic=judges.semantic(rule.id))
            judges.record(rule.id, article, verdict)
            judged = Judged(story=rule.id, article=article, verdict=verdict, matched_terms=m.terms)
            store.save_judged(judged, article_id=article_id, now=now)
    return added, dropped
