"""Which stories an article belongs to: story rules compiled once, matched as pure functions."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from urllib.parse import urlsplit

from watchers.config import Rule, compile_story_regex
from watchers.lang import detect as detect_language
from watchers.models import Article

FieldName = Literal["title", "summary", "content", "author", "url"]
TermKind = Literal["all", "any", "none"]

# A term's words, as the tokenizer sees them: letters, digits and underscore. Everything else
# (spaces, punctuation, quotes, hyphens) separates words, so "Al-Qaeda" also finds "al qaeda".
_WORD = re.compile(r"\w+")

# Regexes run on RE2 (linear time in the text, whatever the pattern) and only ever see this many
# characters of a field, so one pattern's work on one article is bounded by a constant.
MAX_REGEX_INPUT = 20_000


def words(text: str) -> tuple[str, ...]:
    """The normalized words of a text or term: the matching unit (case-folded \\w+ runs)."""
    raw = _WORD.findall(text)
    if not raw:
        return ()
    # Case-fold after joining: one C call instead of one per word. Folding never yields a space,
    # so splitting on " " gives back exactly one folded word per raw word.
    return tuple(" ".join(raw).casefold().split(" "))


# The matcher's tokenizer gives the same words as words(), UTF-8 encoded, without a regex pass
# over every character: that pass (and one str object per word) was ~75% of matching time.
# Non-ASCII characters that are not \w (curly quotes, dashes, no-break spaces, lone surrogates)
# become spaces first. The pattern starts with a plain character range, so the regex engine
# skips ASCII text at memchr-like speed and tests \w only on non-ASCII characters.
_NON_ASCII_SEPARATOR = re.compile(r"[^\x00-\x7f](?<=\W)")
# After that, every remaining separator is ASCII: map each ASCII byte that is not \w to a space.
# Bytes >= 0x80 are parts of \w characters (or of their case folds) and stay as they are.
_SEPARATORS = bytes(
    b if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(128)
) + bytes(range(128, 256))


def word_bytes(text: str) -> list[bytes]:
    r"""words(text) as UTF-8 bytes, `[w.encode() for w in words(text)]`, several times faster.

    Exact because case folding is per character and folds a \w character only into \w or
    non-ASCII characters (never into an ASCII separator), so folding after blanking the non-ASCII
    separators and splitting on ASCII ones gives each word's fold (tests check every code point)."""
    if not text.isascii():
        text = _NON_ASCII_SEPARATOR.sub(" ", text)
    # surrogatepass: lone surrogates are not \w and were blanked above; this only makes sure
    # encoding can never raise.
    return text.casefold().encode("utf-8", "surrogatepass").translate(_SEPARATORS).split()


def _utf8(word: str) -> bytes:
    return word.encode("utf-8", "surrogatepass")


# Names decline in Russian, Ukrainian and Belarusian, and take an article in Bulgarian: a story
# about "Ижевск" is told "в Ижевске", "жители Ижевска"; so in Polish, Czech and Slovak
# ("w Krzemieńczuku", "v Užhorodu"). A single-word term written in Cyrillic, or in Latin letters
# with one that only those languages use (ł, ń, ż, č, ř, š, ...), also finds its stem (the term
# without a final vowel, й or ь) followed by one of these endings of nouns and adjectives
# ("Казанцева", "ижевский"); a longer suffix ("ижевчанка") is another word.
_CASE_ENDINGS = frozenset(
    (
        "а я у ю е є и і ї ы о й ь ой ей ою ею ом ем ём ам ям ах ях ами ями ов ев ів ий ый ая ое "
        "ого его ому ему им ым их ых ую юю ии ия ию ией ією ії ієї ьи ье ью ья ьей ьем ём ът ят та "
        "то те "
        "a u e i y o ą ę ie em iem om owi ovi ou ě ach ami ów ego emu ej ym im ich ych ého ému ém "
        "ú ov och"
    ).split()
) | {""}
_CYRILLIC_WORD = re.compile(r"[а-яёєіїўґ]{4,}")  # (case-folded)
_SLAVIC_LATIN_WORD = re.compile(r"[a-ząćęłńóśźżčďěňřšťůžýáéíúľĺŕô]{4,}")
_SLAVIC_LETTERS = frozenset("ąćęłńśźżčďěňřšťůžľĺŕ")
_FINAL_VOWEL = frozenset("аяоеёыийьуюєіїaeoyiąę")


def _stem(word: str) -> str | None:
    """The stem a declined form of this (case-folded) term word starts with, or None when the
    word is in neither alphabet or too short to decline safely (the stem keeps 4 letters)."""
    if _CYRILLIC_WORD.fullmatch(word) is None and (
        _SLAVIC_LATIN_WORD.fullmatch(word) is None or _SLAVIC_LETTERS.isdisjoint(word[:-1])
    ):
        return None
    stem = word[:-1] if word[-1] in _FINAL_VOWEL else word
    return stem if len(stem) >= 4 else None


def _declines(token: str, word: str) -> bool:
    """Whether `token` is `word` or one of its case forms (_stem, _CASE_ENDINGS)."""
    if token == word:
        return True
    stem = _stem(word)
    return stem is not None and token.startswith(stem) and token[len(stem) :] in _CASE_ENDINGS


# The same endings as UTF-8 (a Cyrillic or Polish letter is two bytes).
_ENDINGS_UTF8 = frozenset(e.encode() for e in _CASE_ENDINGS)
_ENDING_BYTES = sorted({len(e) for e in _ENDINGS_UTF8})


@dataclass(frozen=True)
class RuleMatch:
    """An article belongs to a story; `terms` are the rule terms (and /regexes/) it matched."""

    story: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """Where a rule term was found in one field of an article: text[start:end]."""

    start: int
    end: int
    term: str  # the rule's term (or /regex/) this span counts for
    kind: TermKind | Literal["regex"]


@dataclass(frozen=True)
class FieldHits:
    field: FieldName
    text: str
    spans: tuple[Span, ...]  # sorted by start


@dataclass(frozen=True)
class Explanation:
    """Why an article does or does not match one rule: what `storywatch test-rule` prints."""

    story: str
    matched: bool
    terms: tuple[str, ...]  # the terms that count towards the match (as RuleMatch.terms)
    fields: tuple[FieldHits, ...]  # only fields where something was found
    reasons: tuple[str, ...]  # one line per condition that passed or failed


# ---------------------------------------------------------------- compiling


@dataclass(frozen=True)
class _Term:
    label: str  # as written in the rule
    kind: TermKind
    variants: tuple[tuple[str, ...], ...]  # each variant's normalized words


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    story: str
    fields: frozenset[str]
    all_terms: tuple[_Term, ...]
    any_terms: tuple[_Term, ...]
    none_terms: tuple[_Term, ...]
    regexes: tuple[tuple[str, Any], ...]  # (label, compiled RE2 pattern)
    min_hits: int
    allow: tuple[str, ...]
    deny: tuple[str, ...]
    since: datetime | None
    until: datetime | None  # exclusive
    languages: frozenset[str] = frozenset()


@lru_cache(
    maxsize=8
)  # every rule with `languages:` asks about the same article (texts are big: keep few)
def _language(text: str) -> str | None:
    return detect_language(text)


def _to_utc(value: date | datetime | None, *, end_of_day: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    start = datetime.combine(value, time(0), tzinfo=UTC)
    # `until: 2025-03-31` means through the end of that day.
    return start + timedelta(days=1) if end_of_day else start


def archive_reason(rule: Rule, last_coverage: datetime | None, now: datetime) -> str | None:
    """Why the story is archived at `now` (its `archive:` end condition), or None while it is live.

    `after: 2025-06-30` archives from the end of that day; `idle_days: N` once N days passed since
    the story's last judged article. A story that never had coverage is not archived by idle_days
    (there is no "last article" to count from)."""
    end = _to_utc(rule.archive.after, end_of_day=True)
    if end is not None and now >= end:
        return f"archived after {rule.archive.after:%Y-%m-%d}"
    days = rule.archive.idle_days
    if days and last_coverage is not None and now - last_coverage >= timedelta(days=days):
        return f"archived: no coverage since {last_coverage:%Y-%m-%d} ({days} idle days)"
    return None


def _expand(term: str, aliases: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    key = words(term)
    for name, variants in aliases.items():
        if words(name) == key:
            return (term, *variants)
    return (term,)


def _terms(
    labels: Iterable[str], kind: TermKind, aliases: dict[str, tuple[str, ...]]
) -> tuple[_Term, ...]:
    out = []
    for label in labels:
        variants = tuple(dict.fromkeys(w for v in _expand(label, aliases) if (w := words(v))))
        if variants:  # config.check rejects terms without letters or digits; never match them
            out.append(_Term(label, kind, variants))
    return tuple(out)


def _domain(entry: str) -> str:
    entry = entry.strip().lower()
    if "//" in entry:
        entry = _host(entry)
    return entry.removeprefix("www.").strip(".")


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # e.g. "http://[::1" raises "Invalid IPv6 URL"
        return ""
    return host.lower().strip(".")


def _compile(rule: Rule) -> _Compiled:
    m = rule.match
    aliases = {k: tuple(v) for k, v in m.aliases.items()}
    regexes = []
    for pattern in m.regex:
        try:
            regexes.append((f"/{pattern}/", compile_story_regex(pattern)))
        except ValueError:  # validation rejects these; a Rule built with model_construct skips them
            continue
    return _Compiled(
        rule=rule,
        story=rule.id,
        fields=frozenset(m.fields),
        all_terms=_terms(m.all, "all", aliases),
        any_terms=_terms(m.any, "any", aliases),
        none_terms=_terms(m.none, "none", aliases),
        regexes=tuple(regexes),
        min_hits=m.min_hits,
        allow=tuple(d for d in (_domain(x) for x in rule.sources.allow) if d),
        deny=tuple(d for d in (_domain(x) for x in rule.sources.deny) if d),
        since=_to_utc(rule.since, end_of_day=False),
        until=_to_utc(rule.until, end_of_day=True),
        languages=frozenset(rule.languages),
    )


def _in_domains(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _gate(c: _Compiled, article: Article) -> str | None:
    """Source, language and date conditions; None when they pass, else the reason they fail."""
    if c.languages:
        text = getattr(article, "text", "")
        lang = _language(text) if isinstance(text, str) else None
        # Undetermined (short or mixed text): let it through rather than drop news.
        if lang is not None and lang not in c.languages:
            return (
                f"written in {lang} (detected), not in languages: {', '.join(sorted(c.languages))}"
            )
    if c.allow or c.deny:
        url = getattr(article, "url", "")
        host = _host(url) if isinstance(url, str) else ""
        if c.deny and _in_domains(host, c.deny):
            return f"source {host} is in sources.deny"
        if c.allow and not _in_domains(host, c.allow):
            return f"source {host or '(no host)'} is not in sources.allow"
    if c.since or c.until:
        published = getattr(article, "published", None)
        if isinstance(published, datetime):
            when = published.replace(tzinfo=UTC) if published.tzinfo is None else published
            if c.since and when < c.since:
                return f"published {when:%Y-%m-%d %H:%M} UTC, before since {c.since:%Y-%m-%d %H:%M}"
            if c.until and when >= c.until:
                return f"published {when:%Y-%m-%d %H:%M} UTC, after until"
        # No usable date: the pipeline sets the fetch time, so this only happens to hand-built
        # articles; let them through rather than silently drop them.
    return None


# ---------------------------------------------------------------- matching


# Fields that read the same article text share one lookup ("summary" and "content" are the body).
_SOURCE = {"title": "title", "summary": "body", "content": "body", "author": "author", "url": "url"}


class Matcher:
    """All rules compiled once; `match` finds every story an article belongs to.

    Terms are looked up in a word index shared by all rules: an article's words are split once
    per text (word_bytes), single-word terms are one set intersection, phrases (once all their
    words are present) a substring test on the normalized text. Only rules that can still match
    are then evaluated: those with a hit on their first `all` term, or without `all` terms a hit
    on an `any` term or a regex."""

    def __init__(self, rules: Sequence[Rule]):
        self._rules = tuple(_compile(r) for r in rules)
        # Every term of every rule gets an int id: hits are sets of ints, cheap to build and test.
        # A hit on a rule's trigger term makes it a candidate: its first `all` term (every one
        # must be found), else each `any` term. `none` terms alone never make a rule match.
        self._trigger: list[int] = []  # term id -> rule index, or -1
        self._term_sources: list[frozenset[str]] = []
        self._ids: list[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]] = []
        # Keyed by UTF-8 words, as word_bytes() gives them.
        self._single: dict[bytes, list[int]] = defaultdict(list)  # word -> term ids
        # first word -> (" phrase ", its other words, term id)
        self._phrases: dict[bytes, list[tuple[bytes, tuple[bytes, ...], int]]] = defaultdict(list)
        self._always: list[int] = []  # rules evaluated even without a term hit
        # stem of a single-word Cyrillic or Slavic term -> term ids (_stem: case forms match)
        self._declined: dict[bytes, list[int]] = defaultdict(list)
        self._sources: set[str] = set()
        for i, c in enumerate(self._rules):
            sources = frozenset(_SOURCE[f] for f in c.fields if f in _SOURCE)
            self._sources |= sources
            if c.regexes and not c.all_terms:
                self._always.append(i)
            groups = []
            for kind, terms in (("all", c.all_terms), ("any", c.any_terms), ("none", c.none_terms)):
                ids: list[int] = []
                for term in terms:
                    tid = len(self._trigger)
                    triggers = (not ids) if kind == "all" else (kind == "any" and not c.all_terms)
                    self._trigger.append(i if triggers else -1)
                    self._term_sources.append(sources)
                    ids.append(tid)
                    for variant in term.variants:
                        encoded = [_utf8(w) for w in variant]
                        if len(encoded) == 1:
                            self._single[encoded[0]].append(tid)
                            if (stem := _stem(variant[0])) is not None:
                                self._declined[_utf8(stem)].append(tid)
                        else:
                            phrase = b" " + b" ".join(encoded) + b" "
                            self._phrases[encoded[0]].append((phrase, tuple(encoded[1:]), tid))
                groups.append(tuple(ids))
            self._ids.append((groups[0], groups[1], groups[2]))
        self._single_keys = frozenset(self._single)
        self._phrase_keys = frozenset(self._phrases)
        # Every word of every term: an article's words are only ever compared with these.
        later_words = {w for ps in self._phrases.values() for _, rest, _ in ps for w in rest}
        self._indexed = self._single_keys | self._phrase_keys | later_words
        # When every rule looks in every source, a found term needs no per-source filtering.
        self._uniform = all(s == self._sources for s in self._term_sources)

    def _declined_hits(self, toks: list[bytes]) -> list[int]:
        """Term ids whose term a word of `toks` is a case form of (_declines)."""
        declined = self._declined
        found: list[int] = []
        for t in set(toks):
            if t.isascii():  # every stem of _stem has a letter outside ASCII
                continue
            for n in _ENDING_BYTES:
                if n < len(t) and t[len(t) - n :] in _ENDINGS_UTF8:
                    ids = declined.get(t[: len(t) - n] if n else t)
                    if ids is not None:
                        found += ids
        return found

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(c.rule for c in self._rules)

    def match(self, article: Article) -> list[RuleMatch]:
        texts = {s: _source_text(article, s) for s in self._sources}
        hits: set[int] = set()
        for source, text in texts.items():
            if not text:
                continue
            toks = word_bytes(text)
            # Only indexed words matter: probing the index is cheaper than a set of all words.
            present = self._indexed.intersection(toks)
            found: list[int] = []
            for w in present & self._single_keys:
                found += self._single[w]
            if self._declined:
                found += self._declined_hits(toks)
            joined = b""
            for w in present & self._phrase_keys:
                for phrase, rest, tid in self._phrases[w]:
                    # Most candidate phrases lack a word; a set test is far cheaper than a scan.
                    if present.issuperset(rest):
                        joined = joined or b" " + b" ".join(toks) + b" "
                        if phrase in joined:
                            found.append(tid)
            if self._uniform:
                hits.update(found)
            else:
                hits.update(t for t in found if source in self._term_sources[t])
        trigger = self._trigger
        candidates = {trigger[t] for t in hits}.union(self._always)
        candidates.discard(-1)
        out = []
        for i in sorted(candidates):
            terms = _decide(self._rules[i], self._ids[i], hits, texts, article)
            if terms is not None:
                out.append(RuleMatch(self._rules[i].story, terms))
        return out


def _source_text(article: Article, source: str) -> str:
    # An Article carries one body text (the feed's full content, the fetched page, or the feed's
    # summary when nothing better was available), so "summary" and "content" both look at it.
    value = getattr(article, "text" if source == "body" else source, "")
    return value if isinstance(value, str) else ""


def _field_text(article: Article, field: str) -> str:
    return _source_text(article, _SOURCE.get(field, "")) if field in _SOURCE else ""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _regex_input(text: str) -> str:
    """The part of a field a regex sees: bounded, and valid for RE2 (which works on UTF-8).

    Lone surrogates (from broken feeds) cannot be encoded; each becomes U+FFFD, one character
    for one, so offsets still point into the original text."""
    text = text[:MAX_REGEX_INPUT]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _regex_hits(c: _Compiled, texts: dict[str, str]) -> list[str]:
    """The regex labels found in the rule's fields; `texts` maps sources (title, body, ...) to text."""
    inputs = [_regex_input(t) for s in {_SOURCE[f] for f in c.fields} if (t := texts.get(s, ""))]
    return [label for label, pattern in c.regexes if any(pattern.search(t) for t in inputs)]


def _decide(
    c: _Compiled,
    ids: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]],
    hits: set[int],
    texts: dict[str, str],
    article: Article,
) -> tuple[str, ...] | None:
    """The matched terms if the rule matches, else None (the order of checks is cheapest first)."""
    all_ids, any_ids, none_ids = ids
    if not (c.all_terms or c.any_terms or c.regexes):
        return None  # an empty match section matches nothing (check reports it)
    if any(t not in hits for t in all_ids):
        return None
    if any(t in hits for t in none_ids):
        return None
    if _gate(c, article) is not None:
        return None
    any_found = [term.label for term, t in zip(c.any_terms, any_ids, strict=True) if t in hits]
    regex_found = _regex_hits(c, texts) if c.regexes else []
    if (c.any_terms or c.regexes) and len(any_found) + len(regex_found) < c.min_hits:
        return None
    return (*(t.label for t in c.all_terms), *any_found, *regex_found)


# ---------------------------------------------------------------- explaining


def _spans_in(text: str, terms: Sequence[_Term]) -> list[Span]:
    """Every occurrence of every variant of `terms` in `text`, with character offsets."""
    matches = list(_WORD.finditer(text))
    if not matches:
        return []
    toks = words(text)
    if len(toks) != len(matches):  # cannot happen (see words()); be safe rather than misplace spans
        return []
    out = []
    for term in terms:
        for variant in term.variants:
            n = len(variant)
            for i in range(len(toks) - n + 1):
                if (
                    toks[i] == variant[0]
                    and toks[i : i + n] == variant
                    or (n == 1 and _declines(toks[i], variant[0]))
                ):
                    out.append(
                        Span(matches[i].start(), matches[i + n - 1].end(), term.label, term.kind)
                    )
    return out


def explain(rule: Rule, article: Article, *, matcher: Matcher | None = None) -> Explanation:
    """Which fields matched which terms, with spans to highlight, and why the rule (does not) match.

    `matcher`: a Matcher([rule]) to reuse; test-rule explains every stored article, and compiling
    the rule's regexes (RE2, ~0.3 ms each) twice per article cost more than the matching."""
    if matcher is None or matcher.rules != (rule,):
        matcher = Matcher([rule])
    c = matcher._rules[0]
    matched = matcher.match(article)
    reasons: list[str] = []
    fields: list[FieldHits] = []
    found: dict[TermKind, set[str]] = {"all": set(), "any": set(), "none": set()}
    regex_found: set[str] = set()
    seen_body = False
    for field in rule.match.fields:
        text = _field_text(article, field)
        if not text:
            continue
        if field in ("summary", "content"):
            if seen_body:  # both name the same body text: show it once
                continue
            seen_body = True
        spans = _spans_in(text, (*c.all_terms, *c.any_terms, *c.none_terms))
        bounded = _regex_input(text)
        for label, pattern in c.regexes:
            for m in pattern.finditer(bounded):
                if m.end() > m.start():
                    spans.append(Span(m.start(), m.end(), label, "regex"))
                    regex_found.add(label)
        for s in spans:
            if s.kind != "regex":
                found[s.kind].add(s.term)  # type: ignore[index]
        if spans:
            fields.append(
                FieldHits(field, text, tuple(sorted(spans, key=lambda s: (s.start, -s.end))))
            )
    # Zero-width regex hits (e.g. lookaheads) count for matching but have no span to show.
    regex_found |= set(_regex_hits(c, {s: _source_text(article, s) for s in set(_SOURCE.values())}))

    looked = ", ".join(rule.match.fields)
    for t in c.all_terms:
        reasons.append(
            f"all: {t.label!r} "
            + ("found" if t.label in found["all"] else f"not found in {looked}")
        )
    for t in c.none_terms:
        if t.label in found["none"]:
            reasons.append(f"none: {t.label!r} found, which excludes the article")
    if c.any_terms or c.regexes:
        got = [t.label for t in c.any_terms if t.label in found["any"]]
        got += [label for label, _ in c.regexes if label in regex_found]
        shown = ", ".join(repr(g) for g in got) or "nothing"
        reasons.append(f"any/regex: {len(got)} of at least {c.min_hits} needed ({shown})")
    gate = _gate(c, article)
    if gate:
        reasons.append(gate)
    return Explanation(
        story=rule.id,
        matched=bool(matched),
        terms=matched[0].terms if matched else (),
        fields=tuple(fields),
        reasons=tuple(reasons),
    )


def highlight(text: str, spans: Sequence[Span], *, before: str = "[", after: str = "]") -> str:
    """`text` with every span wrapped in before/after (overlapping spans are merged)."""
    merged: list[tuple[int, int]] = []
    for s in sorted(spans, key=lambda s: s.start):
        if merged and s.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], s.end))
        else:
            merged.append((s.start, s.end))
    out, pos = [], 0
    for start, end in merged:
        out += [text[pos:start], before, text[start:end], after]
        pos = end
    out.append(text[pos:])
    return "".join(out)
