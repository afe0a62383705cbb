"""Digests, alerts and replies as Telegram HTML: escaping, 4096-unit splitting, plain-text fallback."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from bot.digest import (
    Digest,
    claim_line,
    evidence_label,
    first_reporter,
    join_names,
    published_at,
    shorten,
    source_name,
)
from watchers.models import Judged

LIMIT = 4096  # Telegram's message length, in UTF-16 code units after entity parsing


def esc(text: str) -> str:
    """Every feed-supplied string goes through here before it enters a message."""
    return html.escape(text, quote=True)


def link(url: str, text: str) -> str:
    if urlsplit(url).scheme not in ("http", "https"):
        return esc(text)  # Telegram refuses some schemes; a bad link must not sink the whole digest
    return f'<a href="{esc(url)}">{esc(text)}</a>'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _day(dt: datetime) -> str:
    return f"{dt.day} {dt:%b}"


# ---------------------------------------------------------------- digests and alerts


def _article_line(j: Judged, tz: str = "UTC") -> str:
    return (
        f"• {link(j.article.url, source_name(j))}, {esc(published_at(j, tz))}: "
        f"{esc(shorten(j.article.title, 160))}"
    )


def _details(j: Judged, *, evidence: bool, max_claims: int = 3) -> list[str]:
    v = j.verdict
    lines = []
    shown: set[str] = set()
    if evidence:
        for e in v.evidence[:max_claims]:
            lines.append(
                f"  <b>Evidence</b> ({esc(evidence_label(e.kind))}): {esc(shorten(e.text))}"
            )
            shown.add(e.text)
    # An evidence sentence is usually a new claim too; a reader should not get it twice in a row.
    new = tuple(c for c in v.new_claims if c.claim.text not in shown)
    for c in new[:max_claims]:
        lines.append(f"  New: {esc(claim_line(c.claim.text))}")
    if len(new) > max_claims:
        lines.append(f"  <i>+{_plural(len(new) - max_claims, 'more new claim')}</i>")
    for c in v.changed_claims[:max_claims]:
        word = "Contradicts" if c.status == "contradicts" else "Revises"
        first = f" (first: {esc(c.first_source)})" if c.first_source else ""
        lines.append(f"  {word}: {esc(shorten(c.claim.text))}{first}")
    return lines


def repeats_line(repeats: Sequence[Judged], items: Sequence[Judged]) -> str:
    """All repeating articles folded into one line, each naming who reported it first."""
    by_first: dict[tuple[str, str], list[Judged]] = {}
    copies: list[str] = []
    for j in repeats:
        first = first_reporter(j, items)
        if j.verdict.verdict == "duplicate":
            orig = link(first[1], first[0]) if first else "an earlier article"
            copies.append(f"{link(j.article.url, source_name(j))} (copy of {orig})")
        else:
            by_first.setdefault(first or ("", ""), []).append(j)
    parts = []
    for (name, url), group in by_first.items():
        names = join_names([link(j.article.url, source_name(j)) for j in group])
        parts.append(f"{names} (first: {link(url, name)})" if name else names)
    parts += copies
    n = len(repeats)
    head = "1 more article repeats" if n == 1 else f"{n} more articles repeat"
    return f"{head} earlier reports: " + "; ".join(parts) + "."


def render_digest(d: Digest, *, include_repeats: bool = True, since: datetime | None = None) -> str:
    """The whole digest as one HTML string (split it with split_html before sending)."""
    when = f" since {_day(since)}" if since else ""
    lines = [f"<b>{esc(d.title)}</b>: {_plural(d.count, 'new article')}{when}"]
    items = d.first + d.evidence + d.claims + d.repeats
    sections = [
        ("FIRST REPORT", d.first, False),
        ("NEW EVIDENCE", d.evidence, True),
        ("NEW CLAIMS", d.claims, False),
    ]
    for name, group, evidence in sections:
        if not group:
            continue
        lines += ["", f"<b>{name}</b>"]
        for j in group:
            lines.append(_article_line(j, d.tz))
            lines += _details(j, evidence=evidence)
            if name == "NEW CLAIMS" and not j.verdict.evidence:
                lines.append("  <i>Not yet supported by a document or a second source.</i>")
    if d.repeats:
        lines += ["", f"<b>ONLY REPEATS ({len(d.repeats)})</b>"]
        if include_repeats:
            lines.append(repeats_line(d.repeats, items))
        else:
            lines.append(f"{_plural(len(d.repeats), 'more article')} only repeat earlier reports.")
    return "\n".join(lines)


def render_alert(title: str, j: Judged) -> str:
    """An instant alert for one article that brings new evidence."""
    lines = [f"<b>New evidence</b> in <b>{esc(title)}</b>", _article_line(j)]
    lines += _details(j, evidence=True)
    return "\n".join(lines)


def render_reasons(j: Judged) -> str:
    """What "Why?" shows: the verdict and the reasons behind it."""
    v = j.verdict
    lines = [f"<b>Why {esc(v.verdict.replace('_', ' '))}?</b>", _article_line(j)]
    lines += [f"• {esc(r)}" for r in v.reasons]
    for e in v.evidence:
        if e.why and any(e.why in r for r in v.reasons):
            continue  # the judge's reasons already name this evidence, in the same words
        lines.append(f"• evidence ({esc(evidence_label(e.kind))}): {esc(e.why or shorten(e.text))}")
    for c in v.repeated_claims[:5]:
        first = (
            link(c.first_url, c.first_source or "earlier report")
            if c.first_url
            else "earlier report"
        )
        lines.append(f"• repeats: {esc(shorten(c.claim.text, 120))} (first: {first})")
    if v.duplicate_of:
        lines.append(f"• same text as {link(v.duplicate_of, v.duplicate_of)}")
    if j.matched_terms:
        lines.append(f"<i>Matched: {esc(', '.join(j.matched_terms))}</i>")
    if len(lines) == 2:
        lines.append("• no reasons were recorded for this verdict")
    return "\n".join(lines)


def render_repeats(title: str, items: Sequence[Judged]) -> str:
    """What "Show repeats" shows: each repeating article with who reported it first."""
    repeats = [j for j in items if j.verdict.verdict in ("repeats", "duplicate")]
    if not repeats:
        return f"No repeats in <b>{esc(title)}</b> for this period."
    lines = [f"<b>Repeats in {esc(title)}</b> ({len(repeats)})"]
    for j in repeats:
        first = first_reporter(j, items)
        tail = f" (first: {link(first[1], first[0])})" if first else ""
        word = "copy" if j.verdict.verdict == "duplicate" else "repeats"
        lines.append(
            f"• {link(j.article.url, source_name(j))}: {esc(shorten(j.article.title, 120))} — {word}{tail}"
        )
    return "\n".join(lines)


def render_summary(title: str, items: Sequence[Judged]) -> str:
    """One message for a new subscriber: the story so far, not a flood of old articles."""
    lines = [f"You now follow <b>{esc(title)}</b>."]
    if not items:
        lines.append(
            "Nothing has been reported yet; the first article will come in your next digest."
        )
        return "\n".join(lines)
    evidence_n = sum(1 for j in items if j.verdict.verdict == "new_evidence")
    claims_n = sum(1 for j in items if j.verdict.verdict == "new_claims")
    repeats = sum(1 for j in items if j.verdict.verdict in ("repeats", "duplicate"))
    first = items[0]
    lines.append(
        f"So far: {_plural(len(items), 'article')}; first reported by {link(first.article.url, source_name(first))}"
        f" on {_day(first.article.published)}."
    )
    if len(items) > 1:
        lines.append(
            f"Since then: {_plural(evidence_n, 'article')} with new evidence, "
            f"{claims_n} with new claims, {repeats} only repeating earlier reports."
        )
    evidence = [j for j in items if j.verdict.verdict == "new_evidence"][-3:]
    if evidence:
        lines += ["", "<b>Evidence so far</b>"]
        for j in evidence:
            lines.append(_article_line(j))
    latest = items[-1]
    lines += [
        "",
        f"Latest: {link(latest.article.url, source_name(latest))}: {esc(shorten(latest.article.title, 160))}",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- splitting and fallback

_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[^<&]"
)


@dataclass(frozen=True)
class _Atom:
    raw: str
    width: int  # UTF-16 units the user sees; 0 for tags
    tag: str = ""  # tag name for tags
    closing: bool = False
    char: str = ""  # the visible character, for break decisions


def _atoms(markup: str) -> list[_Atom]:
    out = []
    for m in _TOKEN.finditer(markup):
        raw = m.group(0)
        if m.group(2):
            out.append(_Atom(raw, 0, m.group(2).lower(), bool(m.group(1))))
        else:
            ch = html.unescape(raw) if raw.startswith("&") else raw
            out.append(_Atom(raw, len(ch.encode("utf-16-le")) // 2, char=ch))
    return out


def visible_length(markup: str) -> int:
    return sum(a.width for a in _atoms(markup))


def split_html(markup: str, limit: int = LIMIT) -> list[str]:
    """Cut valid Telegram HTML into messages of at most `limit` visible UTF-16 units each.

    Cuts fall after a newline when one is in the second half of the chunk, else after a space,
    else anywhere between characters; never inside a tag or an entity. Tags open at a cut are
    closed at the end of one chunk and reopened at the start of the next.
    """
    atoms = _atoms(markup)
    chunks: list[str] = []
    blank: str | None = None  # the first whitespace-only chunk
    start, stack = 0, list[_Atom]()  # stack: open tag atoms at `start`
    while start < len(atoms):
        used, i = 0, start
        best_nl = best_sp = -1
        cur: list[_Atom] = list(stack)
        stack_at: dict[int, list[_Atom]] = {}
        while i < len(atoms):
            a = atoms[i]
            if a.width and used + a.width > limit:
                break
            used += a.width
            if a.tag and not a.closing:
                cur.append(a)
            elif a.tag and cur and cur[-1].tag == a.tag:
                cur.pop()
            i += 1
            if a.char == "\n" and used >= limit // 2:
                best_nl, stack_at[i] = i, list(cur)
            elif a.char == " " and used >= limit // 2:
                best_sp, stack_at[i] = i, list(cur)
        if i < len(atoms) and best_nl > start:
            cut, end_stack = best_nl, stack_at[best_nl]
        elif i < len(atoms) and best_sp > start:
            cut, end_stack = best_sp, stack_at[best_sp]
        else:
            cut, end_stack = i, cur
        if cut == start:  # one character wider than the limit: impossible for limit >= 2
            cut, end_stack = start + 1, cur
        body = "".join(a.raw for a in stack) + "".join(a.raw for a in atoms[start:cut])
        body += "".join(f"</{a.tag}>" for a in reversed(end_stack))
        if any(a.width and not a.char.isspace() for a in atoms[start:cut]):
            chunks.append(body)
        elif blank is None:
            blank = body
        start, stack = cut, end_stack
    # Whitespace only: one chunk of it, within the limit like any other ("\n\n\n" at limit 2).
    return chunks or [markup if blank is None else blank]


_HREF = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.DOTALL)


def html_to_text(markup: str, limit: int = LIMIT) -> str:
    """The plain-text fallback when Telegram refuses the markup: tags dropped, entities decoded,
    link targets kept beside their text while the message stays within `limit`."""
    bare = re.sub(r"<[^>]*>", "", markup)
    plain = html.unescape(bare)

    def with_url(m: re.Match[str]) -> str:
        text, url = m.group(2), html.unescape(m.group(1))
        return (
            text if html.unescape(re.sub(r"<[^>]*>", "", text)) == url else f"{text} ({esc(url)})"
        )

    linked = html.unescape(re.sub(r"<[^>]*>", "", _HREF.sub(with_url, markup)))
    chosen = linked if len(linked.encode("utf-16-le")) // 2 <= limit else plain
    if len(chosen.encode("utf-16-le")) // 2 > limit:
        chosen = chosen.encode("utf-16-le")[: limit * 2].decode("utf-16-le", errors="ignore")
    return chosen
