"""A story's digest: judged articles grouped by novelty (pure), and its plain-text rendering."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from judge.claims import claim_part
from watchers.models import Judged

SECTION_ORDER = ("first", "new_evidence", "new_claims", "repeats")
# What each kind of evidence is called in messages (the JSON keeps the kind as it is).
EVIDENCE_LABEL = {
    "document": "document",
    "data": "data",
    "official": "official statement",
    "on_record": "named source on record",
}


def evidence_label(kind: str) -> str:
    return EVIDENCE_LABEL.get(kind, kind.replace("_", " "))


@dataclass(frozen=True)
class Digest:
    story: str
    title: str
    first: tuple[Judged, ...]
    evidence: tuple[Judged, ...]
    claims: tuple[Judged, ...]
    repeats: tuple[Judged, ...]  # "repeats" and "duplicate" verdicts, folded into one line
    tz: str = "UTC"  # the IANA zone publication times are shown in (digest.timezone)

    @property
    def count(self) -> int:
        return len(self.first) + len(self.evidence) + len(self.claims) + len(self.repeats)

    @property
    def has_news(self) -> bool:
        return bool(self.first or self.evidence or self.claims)


def build_digest(story: str, title: str, items: Sequence[Judged], *, tz: str = "UTC") -> Digest:
    def pick(*verdicts: str) -> tuple[Judged, ...]:
        return tuple(j for j in items if j.verdict.verdict in verdicts)

    return Digest(
        story=story,
        title=title,
        first=pick("first"),
        evidence=pick("new_evidence"),
        claims=pick("new_claims"),
        repeats=pick("repeats", "duplicate"),
        tz=tz,
    )


def published_at(j: Judged, tz: str = "UTC") -> str:
    """When the article was published, in the digest's zone: "3 Mar 09:00 UTC"."""
    when = j.article.published.astimezone(ZoneInfo(tz))
    return f"{when.day} {when:%b %H:%M} {when.tzname()}"


def domain(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def source_name(j: Judged) -> str:
    return j.article.source or domain(j.article.url)


def first_reporter(j: Judged, items: Sequence[Judged] = ()) -> tuple[str, str] | None:
    """(source, url) of whoever first reported what this article repeats or copies."""
    if j.verdict.duplicate_of:
        for other in items:
            if other.article.url == j.verdict.duplicate_of:
                return source_name(other), other.article.url
        return j.verdict.duplicate_source or domain(j.verdict.duplicate_of), j.verdict.duplicate_of
    firsts = Counter(
        (c.first_source or domain(c.first_url or ""), c.first_url or "")
        for c in j.verdict.repeated_claims
        if c.first_url
    )
    return firsts.most_common(1)[0][0] if firsts else None


def shorten(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def claim_line(text: str, limit: int = 220) -> str:
    """A new claim as a subscriber reads it: what it states, without a frame of commentary
    around it (", leading to speculation that ..."; judge.claims.claim_part), shortened."""
    return shorten(claim_part(text) or text, limit)


def join_names(names: Sequence[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def render_text(d: Digest, *, include_repeats: bool = True, max_claims: int = 3) -> str:
    """The digest as plain text: what the console prints and what `storywatch digest` shows."""
    lines = [f"{d.title}: {d.count} new article{'s' if d.count != 1 else ''}"]
    all_items = d.first + d.evidence + d.claims + d.repeats

    def article_block(j: Judged, show: str) -> None:
        lines.append(
            f"• {source_name(j)}, {published_at(j, d.tz)}: {shorten(j.article.title, 160)}"
        )
        v = j.verdict
        if show == "evidence":
            for e in v.evidence[:max_claims]:
                lines.append(f"  Evidence ({evidence_label(e.kind)}): {shorten(e.text)}")
                if e.why:
                    lines.append(f"    Why? {e.why}")
        shown = {e.text for e in v.evidence[:max_claims]} if show == "evidence" else set()
        new = tuple(c for c in v.new_claims if c.claim.text not in shown)
        for c in new[:max_claims]:
            lines.append(f"  New: {claim_line(c.claim.text)}")
        if len(new) > max_claims:
            lines.append(
                f"  (+{len(new) - max_claims} more new claim{'' if len(new) - max_claims == 1 else 's'})"
            )
        for c in v.changed_claims[:max_claims]:
            word = "Contradicts" if c.status == "contradicts" else "Revises"
            first = f" (first: {c.first_source})" if c.first_source else ""
            lines.append(f"  {word}: {shorten(c.claim.text)}")
            if c.matched_text:
                lines.append(f"    earlier: {shorten(c.matched_text)}{first}")
        if show == "claims" and not v.evidence:
            lines.append("  Not yet supported by a document or a second source.")
        lines.append(f"  {j.article.url}")

    if d.first:
        lines += ["", "FIRST REPORT"]
        for j in d.first:
            article_block(j, "first")
    if d.evidence:
        lines += ["", "NEW EVIDENCE"]
        for j in d.evidence:
            article_block(j, "evidence")
    if d.claims:
        lines += ["", "NEW CLAIMS"]
        for j in d.claims:
            article_block(j, "claims")
    if d.repeats and include_repeats:
        lines += ["", f"ONLY REPEATS ({len(d.repeats)})"]
        lines.append(repeats_line(d.repeats, all_items))
        for j in d.repeats:
            lines.append(f"  - {source_name(j)}: {j.article.url}")
    elif d.repeats:
        lines += ["", f"{len(d.repeats)} more article(s) only repeat earlier reports."]
    return "\n".join(lines)


def repeats_line(repeats: Sequence[Judged], items: Sequence[Judged]) -> str:
    """One line for every article that only repeats: who retells what, who was first, who copied whom."""
    firsts = Counter(f[0] for j in repeats if (f := first_reporter(j, items)))
    retellers = [source_name(j) for j in repeats if j.verdict.verdict == "repeats"]
    parts = []
    if retellers:
        first = f" (first: {join_names([n for n, _ in firsts.most_common(3)])})" if firsts else ""
        parts.append(f"• {join_names(retellers)} retell earlier reports{first}.")
    for j in repeats:
        if j.verdict.verdict == "duplicate":
            orig = first_reporter(j, items)
            parts.append(
                f"• {source_name(j)} is a copy of {orig[0] if orig else 'an earlier article'}."
            )
    return "\n".join(parts)
