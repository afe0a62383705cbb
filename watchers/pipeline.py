"""One poll, end to end: due feeds -> new articles -> stories -> verdicts -> store, in one transaction."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from prometheus_client import Histogram

from judge import verdict as judging
from judge.embed import Encoder
from judge.ledger import Ledger
from judge.matching import SemanticLedger
from watchers.config import Config, Rule
from watchers.fetch import Fetcher, FetchResult
from watchers.identity import canonical_url, content_hash
from watchers.models import Article, ArticleVerdict, Entry, Judged, LedgerRecord
from watchers.parse import ParseBudget, ParsedFeed, ParsePool, parse_feed
from watchers.rules import Matcher, archive_reason
from watchers.schedule import next_poll
from watchers.searches import search_feed_urls
from watchers.store import Store, StoredDuplicates
from watchers.text import (
    SUBSTANTIAL_WORDS,
    EarlierArticle,
    RepeatedLines,
    article_text,
    host_of,
    word_count,
)

log = logging.getLogger("storywatch.pipeline")

# Seconds per judged article in this process, on /metrics (bot/web.py registers it per scrape).
JUDGE_SECONDS = Histogram(
    "storywatch_judge_seconds", "Seconds spent judging one article (this process)", registry=None
)

# Called inside the poll's transaction for each stored verdict, so alerts are queued atomically
# with the verdict they are about: (store, judged_id, judged, now).
OnJudged = Callable[[Store, int, Judged, datetime], None]
# Called once per poll, inside its transaction, when feeds started failing or answer again, so the
# admins' message commits with the feed state that caused it:
# (store, [(url, error) of feeds that broke], [urls of feeds that recovered], now).
OnFeedHealth = Callable[[Store, list[tuple[str, str]], list[str], datetime], None]


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str | None
    story: str | None  # the story whose rule file lists it, None for config.yaml feeds
    interval: float


@dataclass(frozen=True)
class FeedOutcome:
    spec: FeedSpec
    result: FetchResult
    parsed: ParsedFeed | None
    error: str | None


@dataclass
class PollReport:
    polled: int = 0
    not_modified: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # feed url -> error
    broke: list[str] = field(default_factory=list)  # feeds that started failing in this poll
    recovered: list[str] = field(default_factory=list)
    new_articles: int = 0
    judged: list[tuple[int, Judged]] = field(default_factory=list)
    archived: dict[str, str] = field(default_factory=dict)  # story -> why it is no longer watched
    # feed url -> new items left for later polls by poll.pages_per_feed
    waiting_pages: dict[str, int] = field(default_factory=dict)


def live_rules(
    rules: Sequence[Rule], store: Store, now: datetime
) -> tuple[list[Rule], dict[str, str]]:
    """The rules still watched at `now`, and story -> reason for those their `archive:` ended."""
    coverage = store.last_coverage() if any(r.archive.idle_days for r in rules) else {}
    live: list[Rule] = []
    archived: dict[str, str] = {}
    for rule in rules:
        reason = archive_reason(rule, coverage.get(rule.id), now)
        if reason:
            archived[rule.id] = reason
        else:
            live.append(rule)
    return live, archived


def feed_specs(config: Config, rules: Sequence[Rule]) -> list[FeedSpec]:
    """Every feed to poll: config.yaml's, each rule's own feeds, and each rule's searches."""
    specs: dict[str, FeedSpec] = {}
    default = config.poll.interval
    for f in config.feeds:
        specs.setdefault(f.url, FeedSpec(f.url, f.name, None, f.interval or default))
    for rule in rules:
        for f in rule.feeds:
            specs.setdefault(f.url, FeedSpec(f.url, f.name, rule.id, f.interval or default))
        for query in rule.searches:
            for url in search_feed_urls(query):
                specs.setdefault(url, FeedSpec(url, f"search: {query}", rule.id, default))
    return list(specs.values())


class Judges:
    """Each story's ledger, loaded from the store once and kept in memory, and its duplicate index,
    which stays in the store (it grows with every article; the ledger only with new claims).

    matching "embeddings" also keeps each ledger's record vectors (`semantic`), read from the
    store where they were saved and encoded only for records that have none."""

    def __init__(self, store: Store, matching: str = "lexical"):
        self.store = store
        self.matching = matching
        self._ledgers: dict[str, Ledger] = {}
        self._semantic: dict[str, SemanticLedger] = {}
        self._last_claim: dict[str, int] = {}  # story -> newest ledger row id this cache holds

    def refresh(self, story: str) -> bool:
        """With other workers on the same database (call it under the story's lock): drop the
        story's cached ledger when the store's ledger grew since this process read or wrote it,
        so `get` reads it again with the other workers' claims. True when it was dropped."""
        if story not in self._ledgers:
            return False
        last = self.store.last_claim_id(story)
        if last == self._last_claim.get(story):
            return False
        log.info("ledger_reloaded story=%s last_claim=%d", story, last)
        self._ledgers.pop(story, None)
        self._semantic.pop(story, None)
        return True

    def get(self, rule: Rule, *, now: datetime) -> tuple[Ledger, StoredDuplicates]:
        if rule.id not in self._ledgers:
            records = self.store.ledger_records(rule.id)
            if not records and rule.claims:
                # Key claims from the rule file seed the ledger, so their retellings count as repeats.
                records = [
                    LedgerRecord(
                        text=c,
                        first_url=f"rule:{rule.id}",
                        first_source="story rule",
                        first_published=now,
                        article_identity=f"rule:{rule.id}",
                    )
                    for c in rule.claims
                ]
                self.store.add_ledger_records(rule.id, records)
            self._ledgers[rule.id] = Ledger(records)
            self._last_claim[rule.id] = self.store.last_claim_id(rule.id)
        return self._ledgers[rule.id], StoredDuplicates(self.store, rule.id)

    def semantic(self, story: str) -> SemanticLedger | None:
        """The story's record vectors (after `get`), or None in lexical mode."""
        encoder = shared_encoder(self.matching)
        if encoder is None:
            return None
        if story not in self._semantic:
            sem = SemanticLedger(encoder, self._ledgers[story], self.store.ledger_vectors(story))
            if sem.encoded:  # records stored without vectors (lexical mode before, or a new rule)
                log.info("ledger_vectors_encoded story=%s records=%d", story, sem.encoded)
                self.store.set_ledger_vectors(story, sem.all_bytes())
            self._semantic[story] = sem
        return self._semantic[story]

    def record(self, story: str, article: Article, verdict: ArticleVerdict) -> None:
        """Put the article's claims in the story's ledger and the store (with their vectors)."""
        ledger, dups = self._ledgers[story], StoredDuplicates(self.store, story)
        new_records = judging.record(article, verdict, ledger, dups)
        sem = self._semantic.get(story)
        vectors = sem.sync(ledger) if sem is not None else None
        self.store.add_ledger_records(story, new_records, vectors)
        if new_records:
            self._last_claim[story] = self.store.last_claim_id(story)

    def forget(self) -> None:
        """Drop the in-memory state (after a failed transaction or a rule reload)."""
        self._ledgers.clear()
        self._semantic.clear()
        self._last_claim.clear()


_ENCODERS: dict[str, Encoder | None] = {}


def shared_encoder(matching: str) -> Encoder | None:
    """The process's sentence encoder for a matching mode, loaded once (None: lexical)."""
    if matching not in _ENCODERS:
        from judge.embed import load_encoder

        _ENCODERS[matching] = load_encoder(matching)
    return _ENCODERS[matching]


async def _fetch_feed(
    spec: FeedSpec, store: Store, fetcher: Fetcher, now: datetime, parser: ParsePool | None
) -> FeedOutcome:
    state = store.feed_state(spec.url)
    # Items still waiting for their pages (poll.pages_per_feed) are not stored yet: the feed must
    # be read again in full, so no conditional GET (a 304 would hide them).
    conditional = state is not None and not state.waiting_pages
    result = await fetcher.fetch(
        spec.url,
        etag=state.etag if conditional else None,
        last_modified=state.last_modified if conditional else None,
    )
    if result.error:
        return FeedOutcome(spec, result, None, result.error)
    if result.status == 304:
        return FeedOutcome(spec, result, None, None)
    url = result.final_url or spec.url
    if parser is None:  # inline, without a budget: tests and benchmarks over trusted feeds
        parsed = parse_feed(result.body, url=url, content_type=result.content_type, now=now)
    else:  # in worker processes, within poll.parse_memory_mb / parse_seconds (ParsePool)
        parsed = await parser.parse(result.body, url=url, content_type=result.content_type, now=now)
    if parsed.error and not parsed.entries:
        return FeedOutcome(spec, result, parsed, parsed.error)
    if parsed.error:
        log.warning(
            "feed_partly_parsed feed=%s error=%r entries=%d",
            spec.url,
            parsed.error,
            len(parsed.entries),
        )
    return FeedOutcome(spec, result, parsed, None)


def _new_entries(outcomes: Sequence[FeedOutcome], store: Store) -> list[tuple[Entry, bool]]:
    """Entries not stored before (or stored with other content: an update), once each."""
    entries: dict[str, Entry] = {}
    for o in outcomes:
        if o.parsed:
            for e in o.parsed.entries:
                entries.setdefault(e.identity, e)
    known = store.known_articles(entries)
    # A publisher may re-issue an item under a new guid; the canonical link still gives it away.
    urls = {e.identity: canonical_url(e.url) for e in entries.values() if e.url}
    known_urls = store.known_urls(set(urls.values()))
    out: list[tuple[Entry, bool]] = []
    seen_urls: set[str] = set()
    for identity, e in entries.items():
        url = urls.get(identity)
        if identity in known:
            if known[identity] and known[identity] != content_hash(
                e.content or e.summary or e.title
            ):
                out.append((e, True))
            continue
        if url and (url in known_urls or url in seen_urls):
            continue
        if url:
            seen_urls.add(url)
        out.append((e, False))
    return out


def _needs_page(entry: Entry, fetch_pages: bool) -> bool:
    """Whether article_text will fetch the entry's page (the feed has only a summary)."""
    return fetch_pages and bool(entry.url) and word_count(entry.content) < SUBSTANTIAL_WORDS


def _cap_pages(
    fresh: list[tuple[Entry, bool]],
    outcomes: Sequence[FeedOutcome],
    *,
    cap: int,
    fetch_pages: bool,
    now: datetime,
) -> tuple[list[tuple[Entry, bool]], dict[str, int]]:
    """At most `cap` page fetches per feed in this poll: the rest of its summary-only items wait.

    They are not stored, so they are new again when the feed is read next (the pipeline polls it
    again after poll.min_interval, without a conditional GET). Oldest first: claims are judged in
    publication order, so an older article judged after a newer one would lose its place as the
    first report of what it says; the news arrives a few polls later instead. Items without a
    date count as newest. Returns the entries for this poll and feed url -> items waiting."""
    owner: dict[str, str] = {}
    for o in outcomes:
        for e in o.parsed.entries if o.parsed else ():
            owner.setdefault(e.identity, o.spec.url)
    paged: dict[str, list[tuple[Entry, bool]]] = {}
    for item in fresh:
        if _needs_page(item[0], fetch_pages):
            paged.setdefault(owner.get(item[0].identity, item[0].feed_url), []).append(item)
    later: set[str] = set()
    waiting: dict[str, int] = {}
    for url, items in paged.items():
        if len(items) <= cap:
            continue
        items.sort(key=lambda it: (it[0].published or now, it[0].url))
        later.update(e.identity for e, _ in items[cap:])
        waiting[url] = len(items) - cap
    return [it for it in fresh if it[0].identity not in later], waiting


def _without_outlet_lines(articles: list[Article], store: Store) -> list[Article]:
    """Lines an outlet repeats under its unrelated articles (promos, sign-offs) are not claims of
    the article: drop them, learning them from the outlet's stored texts (see RepeatedLines)."""
    learned: dict[str, RepeatedLines] = {}
    out: list[Article] = []
    for a in articles:
        host = host_of(a.url)
        if a.text_origin == "summary" or not host:
            out.append(a)
            continue
        if host not in learned:
            learned[host] = RepeatedLines(EarlierArticle(*row) for row in store.recent_texts(host))
        text = learned[host].filter(a.text, title=a.title, url=a.url)
        out.append(a if text == a.text else replace(a, text=text))
    return out


async def poll(
    config: Config,
    rules: Sequence[Rule],
    store: Store,
    fetcher: Fetcher,
    judges: Judges,
    *,
    now: datetime | None = None,
    due_only: bool = True,
    rng: random.Random | None = None,
    on_judged: OnJudged | None = None,
    on_feed_health: OnFeedHealth | None = None,
    parser: ParsePool | None = None,
    worker_id: str | None = None,
    lease_seconds: float = 300.0,
    claim_limit: int | None = None,
) -> PollReport:
    """Poll the due feeds once and store every new article's verdict for every story it matches.

    `parser`: the worker processes that parse each feed within the config's budget (`run` and
    `poll --once` pass one); None parses inline with no budget, for trusted test feeds only.

    Archived stories (their rule's `archive:` condition) are left out: their own feeds and searches
    are not polled and new articles are not matched against them.

    `worker_id`: several workers share the database. The due feeds are claimed with a lease of
    `lease_seconds` (at most `claim_limit` of them) instead of read, so each is polled by one
    worker; a worker that dies leaves its feeds to the others once the lease expires. Each story's
    articles are judged and recorded under the story's lock (Store.lock_story), with its cached
    ledger brought up to date with what the other workers recorded. None: the only worker."""
    now = now or datetime.now(UTC)
    rng = rng or random.Random()
    if parser is not None:
        parser.use_budget(ParseBudget.from_config(config.poll))
    rules, archived = live_rules(rules, store, now)
    specs = feed_specs(config, rules)
    store.sync_feeds((s.url, s.name, s.story) for s in specs)
    if not due_only:
        due_urls = {s.url for s in specs}
    elif worker_id is not None:
        due_urls = set(store.claim_due_feeds(now, worker_id, lease_seconds, claim_limit))
    else:
        due_urls = set(store.due_feeds(now))
    due = [s for s in specs if s.url in due_urls]
    report = PollReport(polled=len(due), archived=archived)
    if not due:
        return report

    outcomes = await asyncio.gather(*(_fetch_feed(s, store, fetcher, now, parser) for s in due))
    for o in outcomes:
        if o.error:
            log.warning(
                "feed_failed feed=%s status=%s error=%r", o.spec.url, o.result.status, o.error
            )
        elif o.result.status == 304:
            report.not_modified += 1

    fresh, report.waiting_pages = _cap_pages(
        _new_entries(outcomes, store),
        outcomes,
        cap=config.poll.pages_per_feed,
        fetch_pages=config.poll.fetch_pages,
        now=now,
    )
    for url, n in report.waiting_pages.items():
        log.info("pages_capped feed=%s waiting=%d per_poll=%d", url, n, config.poll.pages_per_feed)
    articles: list[Article] = list(
        await asyncio.gather(
            *(
                article_text(e, fetcher, now=now, fetch_pages=config.poll.fetch_pages)
                for e, _ in fresh
            )
        )
    )
    articles = _without_outlet_lines(articles, store)
    updated = {e.identity for e, is_update in fresh if is_update}
    hashes = {e.identity: content_hash(e.content or e.summary or e.title) for e, _ in fresh}
    # Several new articles of a story are judged in publication order.
    articles.sort(key=lambda a: (a.published, a.url))
    report.new_articles = len(articles)

    matcher = Matcher(rules)
    by_id = {r.id: r for r in rules}
    matches = [matcher.match(article) for article in articles]
    try:
        with store.transaction():
            if worker_id is not None:
                # Every story this poll judges, locked at the start and in one order (so two
                # workers never wait for each other's locks), then its cached ledger made current.
                for story in sorted({m.story for ms in matches for m in ms}):
                    store.lock_story(story)
                    judges.refresh(story)
            for article, article_matches in zip(articles, matches, strict=True):
                article_id = store.save_article(
                    article, content_hash=hashes[article.identity], now=now
                )
                for m in article_matches:
                    rule = by_id[m.story]
                    ledger, dups = judges.get(rule, now=now)
                    with JUDGE_SECONDS.time():
                        verdict = judging.judge(
                            article, ledger, dups, semantic=judges.semantic(rule.id)
                        )
                    judges.record(rule.id, article, verdict)
                    judged = Judged(
                        story=rule.id, article=article, verdict=verdict, matched_terms=m.terms
                    )
                    revision = (
                        store.next_revision(rule.id, article_id)
                        if article.identity in updated
                        else 0
                    )
                    judged_id = store.save_judged(
                        judged, article_id=article_id, now=now, revision=revision
                    )
                    report.judged.append((judged_id, judged))
                    if on_judged:
                        on_judged(store, judged_id, judged, now)
            # Feed state last, in the same transaction: a crash before COMMIT re-polls the same
            # items instead of skipping them behind a stored ETag.
            for o in outcomes:
                interval = o.spec.interval
                when = next_poll(
                    now=now,
                    interval=interval,
                    result_status=o.result.status,
                    error=bool(o.error),
                    consecutive_errors=_errors_after(store, o),
                    max_age=o.result.max_age,
                    retry_after=o.result.retry_after,
                    ttl=o.parsed.ttl if o.parsed else None,
                    min_interval=config.poll.min_interval,
                    max_interval=config.poll.max_interval,
                    jitter=config.poll.jitter,
                    rng=rng,
                )
                waiting = report.waiting_pages.get(o.spec.url, 0)
                if waiting and not o.error:  # the rest of the backlog, soon
                    when = min(when, now + timedelta(seconds=config.poll.min_interval))
                broke, recovered = store.record_poll(
                    o.spec.url,
                    now=now,
                    status=o.result.status,
                    error=o.error,
                    next_poll_at=when,
                    etag=o.result.etag,
                    last_modified=o.result.last_modified,
                )
                if o.parsed is not None and not o.error:  # the feed was read: its backlog is known
                    state = store.feed_state(o.spec.url)
                    if state is not None and state.waiting_pages != waiting:
                        store.set_waiting_pages(o.spec.url, waiting)
                if o.error:
                    report.errors[o.spec.url] = o.error
                if broke:
                    report.broke.append(o.spec.url)
                if recovered:
                    report.recovered.append(o.spec.url)
            if on_feed_health and (report.broke or report.recovered):
                broke = [(url, report.errors.get(url, "")) for url in report.broke]
                on_feed_health(store, broke, report.recovered, now)
    except BaseException:
        judges.forget()  # the in-memory ledgers may hold claims the rollback removed
        raise
    return report


def _errors_after(store: Store, o: FeedOutcome) -> int:
    state = store.feed_state(o.spec.url)
    before = state.consecutive_errors if state else 0
    return before + 1 if o.error else 0
