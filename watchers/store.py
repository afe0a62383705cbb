"""The store: articles, verdicts, the claim ledger, feed state, subscriptions and the outbox, in
one SQLite file (the default) or one PostgreSQL database (watchers/store_pg.py), one schema."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from judge.ledger import DUPLICATE, band_keys, earliest_match, is_fingerprint
from watchers import store_pg
from watchers.models import (
    Article,
    ArticleVerdict,
    Claim,
    ClaimVerdict,
    Evidence,
    Judged,
    LedgerRecord,
)

# Each step runs once, in order, inside a transaction; the step count is SQLite's PRAGMA
# user_version, or the one row of PostgreSQL's storywatch_schema table. A step is SQL, or a
# function for what SQL cannot compute. Append new steps at the end; never edit a step that has
# shipped. The SQL is SQLite's; on PostgreSQL, store_pg.translate maps its few differences
# (rowid ids become identity columns, INTEGER BIGINT, BLOB BYTEA), so both backends share one list.
Migration = str | Callable[[Any], None]


def _signed64(key: int) -> int:
    """An unsigned 64-bit band key as the signed integer SQLite stores."""
    return key - (1 << 64) if key >= 1 << 63 else key


def _band_rows(story: str, fingerprint_id: int, fp: str) -> list[tuple[str, int, int]]:
    if not is_fingerprint(fp):  # kept, never matched
        return []
    return [(story, _signed64(k), fingerprint_id) for k in band_keys(fp)]


def _index_fingerprints(db: sqlite3.Connection) -> None:
    """Step 2: the duplicate index moves from memory into the file. Fingerprints get a stable id
    (VACUUM may renumber implicit rowids) and one row per LSH band, looked up per new article."""
    db.execute(
        "CREATE TABLE fingerprints_v2 (id INTEGER PRIMARY KEY, story TEXT NOT NULL, "
        "url TEXT NOT NULL, fp TEXT NOT NULL, UNIQUE (story, url))"
    )
    # PostgreSQL has no rowid; a PostgreSQL database starts empty at step 1 anyway.
    order = "url" if getattr(db, "dialect", "sqlite") == "postgresql" else "rowid"
    db.execute(
        "INSERT INTO fingerprints_v2 (story, url, fp) "
        f"SELECT story, url, fp FROM fingerprints ORDER BY {order}"
    )
    db.execute("DROP TABLE fingerprints")
    db.execute("ALTER TABLE fingerprints_v2 RENAME TO fingerprints")
    db.execute(
        "CREATE TABLE fingerprint_bands (story TEXT NOT NULL, band INTEGER NOT NULL, "
        "fingerprint_id INTEGER NOT NULL REFERENCES fingerprints(id), "
        "PRIMARY KEY (story, band, fingerprint_id)) WITHOUT ROWID"
    )
    for fid, story, fp in db.execute("SELECT id, story, fp FROM fingerprints").fetchall():
        db.executemany(
            "INSERT OR IGNORE INTO fingerprint_bands VALUES (?,?,?)", _band_rows(story, fid, fp)
        )


MIGRATIONS: list[Migration] = [
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        name TEXT,
        story TEXT,                      -- NULL for feeds shared by every story
        etag TEXT,
        last_modified TEXT,
        next_poll_at TEXT,
        last_poll_at TEXT,
        last_ok_at TEXT,
        last_status INTEGER,
        last_error TEXT,
        failing_since TEXT,
        consecutive_errors INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        identity TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL,
        feed_url TEXT NOT NULL,
        text TEXT,                       -- NULL once pruned by retention
        text_origin TEXT NOT NULL DEFAULT 'feed',
        text_note TEXT NOT NULL DEFAULT '',
        content_hash TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);
    CREATE TABLE judged (
        id INTEGER PRIMARY KEY,
        story TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        revision INTEGER NOT NULL DEFAULT 0,  -- >0: the item was updated and judged again
        verdict TEXT NOT NULL,
        data TEXT NOT NULL,                   -- the ArticleVerdict as JSON
        matched_terms TEXT NOT NULL DEFAULT '[]',
        judged_at TEXT NOT NULL,
        UNIQUE (story, article_id, revision)
    );
    CREATE INDEX judged_story ON judged(story, id);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        story TEXT NOT NULL,
        text TEXT NOT NULL,
        first_url TEXT NOT NULL,
        first_source TEXT NOT NULL,
        first_published TEXT NOT NULL,
        article_identity TEXT NOT NULL
    );
    CREATE INDEX claims_story ON claims(story, id);
    CREATE TABLE fingerprints (
        story TEXT NOT NULL,
        url TEXT NOT NULL,
        fp TEXT NOT NULL,
        PRIMARY KEY (story, url)
    );
    CREATE TABLE chats (
        chat_id INTEGER PRIMARY KEY,
        type TEXT NOT NULL DEFAULT 'private',
        title TEXT NOT NULL DEFAULT '',
        digest_hour INTEGER,               -- NULL: config digest.hour
        timezone TEXT,                     -- NULL: config digest.timezone
        instant_alerts INTEGER NOT NULL DEFAULT 0,
        include_repeats INTEGER NOT NULL DEFAULT 1,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON UPDATE CASCADE,
        story TEXT NOT NULL,
        created_at TEXT NOT NULL,
        muted_until TEXT,
        cursor INTEGER NOT NULL DEFAULT 0,    -- judged.id already covered by a digest
        last_digest_at TEXT,
        PRIMARY KEY (chat_id, story)
    );
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        kind TEXT NOT NULL,                   -- digest | alert | admin | reply
        story TEXT,
        text TEXT NOT NULL,
        parse_mode TEXT,                      -- NULL (plain) or HTML
        reply_markup TEXT,                    -- JSON, or NULL
        dedupe_key TEXT UNIQUE,               -- the same message is never queued twice
        status TEXT NOT NULL DEFAULT 'pending', -- pending | sent | failed
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before TEXT,
        last_error TEXT,
        message_id INTEGER,
        created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX outbox_pending ON outbox(status, id);
    """,
    _index_fingerprints,
    """
    -- sending_at: set just before the Bot API call, cleared with its outcome. A row still carrying
    -- it at start-up was on the wire when the process died: Telegram may or may not have it.
    ALTER TABLE outbox ADD COLUMN sending_at TEXT;
    -- resent: how often the row was sent again after such an uncertain attempt
    ALTER TABLE outbox ADD COLUMN resent INTEGER NOT NULL DEFAULT 0
    """,
    """
    -- vec: the claim's sentence-model vector (judge/semantic.py bytes), stored once so a restart
    -- does not encode the ledger again (NULL in lexical mode)
    ALTER TABLE claims ADD COLUMN vec BLOB
    """,
    """
    -- waiting_pages: the feed's new items whose article pages did not fit in its last poll's
    -- poll.pages_per_feed, taken from the feed again in the next polls
    ALTER TABLE feeds ADD COLUMN waiting_pages INTEGER NOT NULL DEFAULT 0
    """,
    """
    -- lease_owner, lease_until: the worker that claimed the feed for a poll (claim_due_feeds),
    -- and until when. record_poll clears both, an expired lease makes the feed claimable again
    ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
    ALTER TABLE feeds ADD COLUMN lease_until TEXT
    """,
    # PostgreSQL only: a trigger notifies the channel storywatch_outbox when outbox rows are
    # inserted, so idle workers' senders wake (LISTEN); nothing on SQLite
    store_pg.notify_triggers,
    """
    -- lease_owner, lease_until: the worker that claimed the row for sending (claim_outbox), and
    -- until when (the outcome's mark clears both). A row whose lease expired while it was on the
    -- wire (sending_at set: its worker died mid-send) is sent again by another worker, counted in
    -- `resent` (take_over_expired)
    ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
    ALTER TABLE outbox ADD COLUMN lease_until TEXT;
    -- the first pending row of each chat, which is the one a claim may take (in order per chat)
    CREATE INDEX outbox_pending_chat ON outbox(chat_id, id) WHERE status = 'pending';
    -- send_budget: one send budget against Telegram's limits for every worker on a PostgreSQL
    -- database (bot.delivery.SharedPacer): per key (all, chat:ID, group:ID) the theoretical
    -- arrival time of the next message, in seconds since the epoch on the database's clock
    CREATE TABLE send_budget (
        key TEXT PRIMARY KEY,
        tat DOUBLE PRECISION NOT NULL DEFAULT 0
    )
    """,
]


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(value: str) -> datetime:
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


class StoreError(Exception):
    """The state file or database cannot be opened or written: what, where and how to fix."""


@dataclass(frozen=True)
class FeedState:
    url: str
    name: str | None
    story: str | None
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime | None
    last_poll_at: datetime | None
    last_ok_at: datetime | None
    last_status: int | None
    last_error: str | None
    failing_since: datetime | None
    consecutive_errors: int
    waiting_pages: int = 0  # new items left for later polls by poll.pages_per_feed


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    chat_id: int
    kind: str
    story: str | None
    text: str
    parse_mode: str | None
    reply_markup: str | None
    attempts: int


@dataclass(frozen=True)
class ChatSettings:
    chat_id: int
    type: str
    title: str
    digest_hour: int | None  # None: config digest.hour
    timezone: str | None  # None: config digest.timezone
    instant_alerts: bool
    include_repeats: bool
    active: bool
    inactive_reason: str


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    story: str
    created_at: datetime
    muted_until: datetime | None
    cursor: int
    last_digest_at: datetime | None


# ---------------------------------------------------------------- verdict <-> JSON


def verdict_to_dict(v: ArticleVerdict) -> dict[str, Any]:
    return asdict(v)


def verdict_from_dict(d: dict[str, Any]) -> ArticleVerdict:
    def claim(c: dict[str, Any]) -> Claim:
        return Claim(**{**c, "entities": tuple(c["entities"]), "numbers": tuple(c["numbers"])})

    return ArticleVerdict(
        verdict=d["verdict"],
        claims=tuple(
            ClaimVerdict(**{**c, "claim": claim(c["claim"]), "novel": tuple(c.get("novel") or ())})
            for c in d["claims"]
        ),
        evidence=tuple(Evidence(**e) for e in d["evidence"]),
        duplicate_of=d["duplicate_of"],
        reasons=tuple(d["reasons"]),
        duplicate_source=d.get("duplicate_source"),
    )


class Store:
    """One SQLite file in WAL mode (a path), or one PostgreSQL database (a postgresql:// URL).
    Not shared between threads; with SQLite, one writer process."""

    # sqlite3.Connection, or store_pg.PgConnection: the same calls, the same rows.
    db: Any

    def __init__(self, path: str | Path):
        self._in_tx = False
        if store_pg.is_url(path):
            self._open_postgresql(str(path))
            return
        self.dialect = "sqlite"
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(
                    f"cannot create the state folder {parent}: {e.strerror}; "
                    "set store.path in config.yaml to a writable place"
                ) from None
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open the state file {self.path}: {e}") from None

    def _open_postgresql(self, url: str) -> None:
        self.dialect = "postgresql"
        self.url = url
        self.path = store_pg.redact(url)  # what messages show: never the password
        try:
            self.db = store_pg.PgConnection(url)
        except store_pg.DriverMissing as e:
            raise StoreError(str(e)) from None
        except store_pg.database_errors() as e:
            raise StoreError(
                f"cannot connect to the PostgreSQL database {self.path}: {str(e).strip()}; "
                "check store.url in config.yaml (the password may come from PGPASSWORD or ~/.pgpass)"
            ) from None
        try:
            self.migrate()
        except store_pg.database_errors() as e:
            self.db.close()
            raise StoreError(f"cannot migrate the PostgreSQL database {self.path}: {e}") from None

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; nested calls join the outer transaction."""
        if getattr(self, "_in_tx", False):
            yield self.db
            return
        self.db.execute("BEGIN" if self.is_postgresql else "BEGIN IMMEDIATE")
        self._in_tx = True
        try:
            yield self.db
        except BaseException:
            # SQLite rolls back by itself on some errors (a full disk): a second ROLLBACK would
            # raise "no transaction is active" and hide the error that matters.
            if getattr(self.db, "in_transaction", True):
                self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._in_tx = False

    @contextmanager
    def _statement(self) -> Iterator[Any]:
        """For a method that writes with ONE statement: on PostgreSQL, outside a transaction, the
        statement runs on its own (atomic by itself, and without the BEGIN and COMMIT round trips:
        one round trip instead of three); otherwise, and always on SQLite, as transaction()."""
        if self.is_postgresql and not self._in_tx:
            yield self.db
            return
        with self.transaction() as db:
            yield db

    def migrate(self) -> None:
        if self.is_postgresql:
            self._migrate_postgresql()
            return
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} was written by a newer storywatch (schema {version}, "
                f"this one knows {len(MIGRATIONS)}): upgrade storywatch"
            )
        for step, sql in enumerate(MIGRATIONS[version:], start=version + 1):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if callable(sql):
                    sql(self.db)
                else:
                    for statement in sql.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={step}")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def _migrate_postgresql(self) -> None:
        """The same steps; PostgreSQL's DDL is transactional, and an advisory lock makes workers
        that start together wait for the first one's migration instead of repeating it."""
        db = self.db
        db.execute("BEGIN")
        try:
            db.execute("SELECT pg_advisory_xact_lock(?)", (store_pg.MIGRATION_LOCK,))
            db.execute("CREATE TABLE IF NOT EXISTS storywatch_schema (version INTEGER NOT NULL)")
            if db.execute("SELECT COUNT(*) FROM storywatch_schema").fetchone()[0] == 0:
                db.execute("INSERT INTO storywatch_schema (version) VALUES (0)")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        while True:
            db.execute("BEGIN")
            try:
                db.execute("SELECT pg_advisory_xact_lock(?)", (store_pg.MIGRATION_LOCK,))
                version = int(db.execute("SELECT version FROM storywatch_schema").fetchone()[0])
                if version > len(MIGRATIONS):
                    raise StoreError(
                        f"{self.path} was written by a newer storywatch (schema {version}, "
                        f"this one knows {len(MIGRATIONS)}): upgrade storywatch"
                    )
                if version == len(MIGRATIONS):
                    db.execute("COMMIT")
                    return
                sql = MIGRATIONS[version]
                if callable(sql):
                    sql(db)
                else:
                    for statement in sql.split(";"):
                        if statement.strip():
                            db.execute(statement)
                db.execute("UPDATE storywatch_schema SET version = ?", (version + 1,))
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        if self.is_postgresql:
            return int(self.db.execute("SELECT version FROM storywatch_schema").fetchone()[0])
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _in_list(self, column: str, values: Iterable[Any], sql_type: str) -> tuple[str, Any]:
        """`column IN <values>` as one statement whatever the count: a JSON array through
        json_each on SQLite (so its statement cache does not fill with a variant per length), an
        array parameter on PostgreSQL (typed, so the column's index is used)."""
        if self.is_postgresql:
            return f"{column} = ANY(?::{sql_type}[])", list(values)
        return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(values))

    def _insert_id(self, db: Any, sql: str, args: Sequence[Any]) -> int | None:
        """Run an INSERT (OR IGNORE); the new row's id, or None when nothing was inserted."""
        if self.is_postgresql:
            row = db.execute(sql + " RETURNING id", args).fetchone()
            return int(row[0]) if row else None
        cur = db.execute(sql, args)
        return int(cur.lastrowid) if cur.rowcount == 1 and cur.lastrowid else None

    # ------------------------------------------------------------ feeds

    def sync_feeds(self, feeds: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Make the feeds table hold exactly these (url, name, story); keep state of known ones."""
        # Only rows that change are written: with several workers, a row written here stays
        # locked until COMMIT, and the other workers' claims (SKIP LOCKED) would pass it over.
        wanted = {url: (name, story) for url, name, story in feeds}
        with self.transaction() as db:
            have = {
                r[0]: (r[1], r[2], r[3])
                for r in db.execute("SELECT url, name, story, active FROM feeds").fetchall()
            }
            for url, (_, _, active) in have.items():
                if active and url not in wanted:
                    db.execute("UPDATE feeds SET active = 0 WHERE url = ?", (url,))
            for url, (name, story) in wanted.items():
                if have.get(url) != (name, story, 1):
                    db.execute(
                        "INSERT INTO feeds (url, name, story) VALUES (?, ?, ?) "
                        "ON CONFLICT(url) DO UPDATE SET name = excluded.name, "
                        "story = excluded.story, active = 1",
                        (url, name, story),
                    )

    def feed_state(self, url: str) -> FeedState | None:
        row = self.db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        return _feed_state(row) if row else None

    def feed_states(self, *, active_only: bool = True) -> list[FeedState]:
        sql = "SELECT * FROM feeds" + (" WHERE active = 1" if active_only else "") + " ORDER BY url"
        return [_feed_state(r) for r in self.db.execute(sql)]

    def due_feeds(self, now: datetime) -> list[str]:
        rows = self.db.execute(
            "SELECT url FROM feeds WHERE active = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?) "
            "ORDER BY next_poll_at IS NOT NULL, next_poll_at",
            (iso(now),),
        )
        return [r["url"] for r in rows]

    def claim_due_feeds(
        self, now: datetime, worker_id: str, lease_seconds: float, limit: int | None = None
    ) -> list[str]:
        """Claim up to `limit` due feeds for `worker_id` until now + lease_seconds, and return
        their urls (most overdue first). A feed leased by another worker is not due until its
        lease expires (that worker died mid-poll); record_poll ends the lease. On PostgreSQL
        workers claim at once without waiting for each other (FOR UPDATE SKIP LOCKED); SQLite has
        one writer at a time anyway."""
        if not worker_id:
            raise ValueError("claim_due_feeds needs a worker id (a name unique to the process)")
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        skip_locked = " FOR UPDATE SKIP LOCKED" if self.is_postgresql else ""
        with self._statement() as db:
            rows = db.execute(
                "UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE url IN ("
                "SELECT url FROM feeds WHERE active = 1 "
                "AND (next_poll_at IS NULL OR next_poll_at <= ?) "
                "AND (lease_until IS NULL OR lease_until <= ?) "
                f"ORDER BY next_poll_at IS NOT NULL, next_poll_at LIMIT ?{skip_locked}) "
                "RETURNING url, next_poll_at",
                (
                    worker_id,
                    iso(now + timedelta(seconds=lease_seconds)),
                    iso(now),
                    iso(now),
                    limit if limit is not None else 2**62,
                ),
            ).fetchall()
        rows.sort(key=lambda r: (r[1] is not None, r[1] or ""))
        return [r[0] for r in rows]

    def next_due(self) -> datetime | None:
        row = self.db.execute("SELECT MIN(next_poll_at) FROM feeds WHERE active = 1").fetchone()
        return parse_iso(row[0]) if row and row[0] else None

    def record_poll(
        self,
        url: str,
        *,
        now: datetime,
        status: int,
        error: str | None,
        next_poll_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> tuple[bool, bool]:
        """Store one poll's outcome. Returns (broke, recovered): the feed's health changed."""
        state = self.feed_state(url)
        was_failing = bool(state and state.failing_since)
        with self.transaction() as db:
            if error:
                db.execute(
                    "UPDATE feeds SET last_poll_at = ?, last_status = ?, last_error = ?, "
                    "failing_since = COALESCE(failing_since, ?), consecutive_errors = consecutive_errors + 1, "
                    "next_poll_at = ?, lease_owner = NULL, lease_until = NULL WHERE url = ?",
                    (iso(now), status, error, iso(now), iso(next_poll_at), url),
                )
            else:
                db.execute(
                    "UPDATE feeds SET last_poll_at = ?, last_ok_at = ?, last_status = ?, last_error = NULL, "
                    "failing_since = NULL, consecutive_errors = 0, next_poll_at = ?, "
                    "lease_owner = NULL, lease_until = NULL, "
                    "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified) WHERE url = ?",
                    (iso(now), iso(now), status, iso(next_poll_at), etag, last_modified, url),
                )
        return (bool(error) and not was_failing, not error and was_failing)

    def set_waiting_pages(self, url: str, waiting: int) -> None:
        """How many of the feed's new items wait for a later poll (poll.pages_per_feed)."""
        with self.transaction() as db:
            db.execute("UPDATE feeds SET waiting_pages = ? WHERE url = ?", (waiting, url))

    # ------------------------------------------------------------ articles and verdicts

    # Lists of values go in as one JSON array (json_each): one statement whatever the count, so
    # SQLite's statement cache does not fill with a variant per list length.

    def known_articles(self, identities: Iterable[str]) -> dict[str, str]:
        """identity -> content_hash for the identities already stored."""
        where, arg = self._in_list("identity", identities, "text")
        rows = self.db.execute(f"SELECT identity, content_hash FROM articles WHERE {where}", (arg,))
        return {r["identity"]: r["content_hash"] for r in rows}

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        where, arg = self._in_list("url", urls, "text")
        rows = self.db.execute(f"SELECT url FROM articles WHERE {where}", (arg,))
        return {r[0] for r in rows}

    def save_article(self, article: Article, *, content_hash: str, now: datetime) -> int:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO articles (identity, url, title, author, source, published, feed_url, text, "
                "text_origin, text_note, content_hash, fetched_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT(identity) DO UPDATE SET title = excluded.title, text = excluded.text, "
                "text_origin = excluded.text_origin, text_note = excluded.text_note, "
                "content_hash = excluded.content_hash, fetched_at = excluded.fetched_at",
                (
                    article.identity,
                    article.url,
                    article.title,
                    article.author,
                    article.source,
                    iso(article.published),
                    article.feed_url,
                    article.text,
                    article.text_origin,
                    article.text_note,
                    content_hash,
                    iso(now),
                ),
            )
            row = db.execute(
                "SELECT id FROM articles WHERE identity = ?", (article.identity,)
            ).fetchone()
        return int(row[0])

    def article(self, identity: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE identity = ?", (identity,)).fetchone()
        return _article(row) if row else None

    def article_id(self, identity: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE identity = ?", (identity,)).fetchone()
        return int(row[0]) if row else None

    def articles(self, *, limit: int | None = None) -> list[Article]:
        sql = "SELECT * FROM articles ORDER BY published, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [_article(r) for r in self.db.execute(sql)]

    def save_judged(
        self, judged: Judged, *, article_id: int, now: datetime, revision: int = 0
    ) -> int:
        with self._statement() as db:
            new_id = self._insert_id(
                db,
                "INSERT INTO judged (story, article_id, revision, verdict, data, matched_terms, judged_at) "
                "VALUES (?,?,?,?,?,?,?)",
                (
                    judged.story,
                    article_id,
                    revision,
                    judged.verdict.verdict,
                    json.dumps(verdict_to_dict(judged.verdict), ensure_ascii=False),
                    json.dumps(list(judged.matched_terms), ensure_ascii=False),
                    iso(now),
                ),
            )
        return new_id or 0

    def next_revision(self, story: str, article_id: int) -> int:
        row = self.db.execute(
            "SELECT MAX(revision) FROM judged WHERE story = ? AND article_id = ?",
            (story, article_id),
        ).fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def judged(
        self, story: str, *, after_id: int = 0, since: datetime | None = None, limit: int = 10_000
    ) -> list[tuple[int, Judged]]:
        """Judged articles of a story in judging order (which is publication order per poll)."""
        sql = (
            "SELECT j.id, j.story, j.data, j.matched_terms, a.* FROM judged j "
            "JOIN articles a ON a.id = j.article_id WHERE j.story = ? AND j.id > ?"
        )
        args: list[Any] = [story, after_id]
        if since is not None:
            sql += " AND j.judged_at >= ?"
            args.append(iso(since))
        sql += " ORDER BY j.id LIMIT ?"
        args.append(limit)
        out = []
        for r in self.db.execute(sql, args):
            verdict = verdict_from_dict(json.loads(r["data"]))
            out.append(
                (
                    int(r[0]),
                    Judged(
                        story=r["story"],
                        article=_article(r),
                        verdict=verdict,
                        matched_terms=tuple(json.loads(r["matched_terms"])),
                    ),
                )
            )
        return out

    def judged_by_id(self, judged_id: int) -> Judged | None:
        row = self.db.execute("SELECT story FROM judged WHERE id = ?", (judged_id,)).fetchone()
        if not row:
            return None
        found = self.judged(row[0], after_id=judged_id - 1, limit=1)
        return found[0][1] if found else None

    def last_judged_id(self, story: str | None = None) -> int:
        if story is None:
            row = self.db.execute("SELECT MAX(id) FROM judged").fetchone()
        else:
            row = self.db.execute("SELECT MAX(id) FROM judged WHERE story = ?", (story,)).fetchone()
        return int(row[0] or 0)

    def story_counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self.db.execute(
            "SELECT story, verdict, COUNT(*) FROM judged GROUP BY story, verdict"
        ):
            out.setdefault(r[0], {})[r[1]] = int(r[2])
        return out

    # ------------------------------------------------------------ ledger

    def ledger_records(self, story: str) -> list[LedgerRecord]:
        return [
            LedgerRecord(
                text=r["text"],
                first_url=r["first_url"],
                first_source=r["first_source"],
                first_published=parse_iso(r["first_published"]),
                article_identity=r["article_identity"],
            )
            for r in self.db.execute(
                "SELECT text, first_url, first_source, first_published, article_identity "
                "FROM claims WHERE story = ? ORDER BY id",  # not the vectors: ledger_vectors
                (story,),
            )
        ]

    def last_claim_id(self, story: str) -> int:
        """The id of the story's newest ledger row (0: none): it moves when any process records."""
        row = self.db.execute("SELECT MAX(id) FROM claims WHERE story = ?", (story,)).fetchone()
        return int(row[0] or 0)

    def lock_story(self, story: str) -> None:
        """Inside a transaction: hold the story until it ends, so one worker at a time judges and
        records its articles (PostgreSQL advisory lock; SQLite's one writer holds it already)."""
        if not self._in_tx:
            raise RuntimeError("lock_story must be called inside store.transaction()")
        if self.is_postgresql:
            self.db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", (story,))

    def ledger_vectors(self, story: str) -> list[bytes | None]:
        """The stored vectors of a story's claims, in ledger order (None where there is none)."""
        return [
            r[0]
            for r in self.db.execute("SELECT vec FROM claims WHERE story = ? ORDER BY id", (story,))
        ]

    def set_ledger_vectors(self, story: str, vectors: Sequence[bytes]) -> None:
        """Store the vectors of a story's claims, in ledger order (after encoding them once)."""
        ids = [
            r[0]
            for r in self.db.execute("SELECT id FROM claims WHERE story = ? ORDER BY id", (story,))
        ]
        with self.transaction() as db:
            db.executemany(
                "UPDATE claims SET vec = ? WHERE id = ?", list(zip(vectors, ids, strict=True))
            )

    def add_ledger_records(
        self,
        story: str,
        records: Iterable[LedgerRecord],
        vectors: Sequence[bytes | None] | None = None,
    ) -> None:
        records = list(records)
        vecs = list(vectors) if vectors is not None else [None] * len(records)
        if len(vecs) != len(records):
            raise ValueError(f"{len(records)} ledger records but {len(vecs)} vectors")
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO claims (story, text, first_url, first_source, first_published, "
                "article_identity, vec) VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        story,
                        r.text,
                        r.first_url,
                        r.first_source,
                        iso(r.first_published),
                        r.article_identity,
                        v,
                    )
                    for r, v in zip(records, vecs, strict=True)
                ],
            )

    def fingerprints(self, story: str) -> list[tuple[str, str]]:
        return [
            (r[0], r[1])
            for r in self.db.execute(
                "SELECT url, fp FROM fingerprints WHERE story = ? ORDER BY id", (story,)
            )
        ]

    def fingerprint_count(self, story: str) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM fingerprints WHERE story = ?", (story,)
        ).fetchone()
        return int(row[0])

    def add_fingerprint(self, story: str, url: str, fp: str) -> None:
        """Keep an article's text fingerprint and its LSH band rows (once per story and URL)."""
        with self.transaction() as db:
            new_id = self._insert_id(
                db,
                "INSERT OR IGNORE INTO fingerprints (story, url, fp) VALUES (?,?,?)",
                (story, url, fp),
            )
            if new_id is not None:
                rows = _band_rows(story, new_id, fp)
                db.executemany("INSERT OR IGNORE INTO fingerprint_bands VALUES (?,?,?)", rows)

    def duplicate_candidates(self, story: str, fp: str) -> list[tuple[str, str]]:
        """(url, fingerprint) of the story's articles sharing an LSH band with fp, oldest first."""
        keys = [_signed64(k) for k in band_keys(fp)] if is_fingerprint(fp) else []
        if not keys:
            return []
        where, arg = self._in_list("band", keys, "bigint")
        sql = (
            "SELECT url, fp FROM fingerprints WHERE id IN (SELECT fingerprint_id FROM "
            f"fingerprint_bands WHERE story = ? AND {where}) "
            "ORDER BY id"
        )
        return [(r[0], r[1]) for r in self.db.execute(sql, (story, arg))]

    # ------------------------------------------------------------ chats and subscriptions

    def ensure_chat(
        self, chat_id: int, *, type: str = "private", title: str = "", now: datetime
    ) -> None:
        with self._statement() as db:
            db.execute(
                "INSERT INTO chats (chat_id, type, title, created_at) VALUES (?,?,?,?) "
                "ON CONFLICT(chat_id) DO UPDATE SET type = excluded.type, title = excluded.title",
                (chat_id, type, title, iso(now)),
            )

    def subscribe(
        self, chat_id: int, story: str, *, now: datetime, cursor: int | None = None
    ) -> bool:
        """True when newly subscribed. The cursor starts at the story's newest verdict, so a new
        subscriber is not flooded with old articles (the bot sends one summary instead)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE chats SET active = 1, inactive_reason = '' WHERE chat_id = ?", (chat_id,)
            )
            cur = db.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, story, created_at, cursor) VALUES (?,?,?,?)",
                (
                    chat_id,
                    story,
                    iso(now),
                    self.last_judged_id(story) if cursor is None else cursor,
                ),
            )
        return cur.rowcount == 1

    def unsubscribe(self, chat_id: int, story: str) -> bool:
        with self._statement() as db:
            cur = db.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND story = ?", (chat_id, story)
            )
        return cur.rowcount == 1

    def subscriptions(
        self, *, chat_id: int | None = None, story: str | None = None
    ) -> list[Subscription]:
        sql = "SELECT s.* FROM subscriptions s JOIN chats c ON c.chat_id = s.chat_id WHERE c.active = 1"
        args: list[Any] = []
        if chat_id is not None:
            sql += " AND s.chat_id = ?"
            args.append(chat_id)
        if story is not None:
            sql += " AND s.story = ?"
            args.append(story)
        return [
            _subscription(r) for r in self.db.execute(sql + " ORDER BY s.chat_id, s.story", args)
        ]

    def lock_subscription(self, chat_id: int, story: str) -> Subscription | None:
        """Inside a transaction: the subscription as it is now, locked until the transaction ends
        (PostgreSQL: FOR UPDATE; SQLite's transaction is the one writer already), so that two
        workers queueing its digest at once take turns, and the second sees the first's cursor.
        None when it is gone or its chat is inactive."""
        lock = " FOR UPDATE OF s" if self.is_postgresql else ""
        r = self.db.execute(
            "SELECT s.* FROM subscriptions s JOIN chats c ON c.chat_id = s.chat_id "
            f"WHERE c.active = 1 AND s.chat_id = ? AND s.story = ?{lock}",
            (chat_id, story),
        ).fetchone()
        return _subscription(r) if r else None

    def advance_cursor(self, chat_id: int, story: str, cursor: int, *, now: datetime) -> None:
        greatest = "GREATEST" if self.is_postgresql else "MAX"
        with self._statement() as db:
            db.execute(
                f"UPDATE subscriptions SET cursor = {greatest}(cursor, ?), last_digest_at = ? "
                "WHERE chat_id = ? AND story = ?",
                (cursor, iso(now), chat_id, story),
            )

    def deactivate_chat(self, chat_id: int, reason: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE chats SET active = 0, inactive_reason = ? WHERE chat_id = ?",
                (reason, chat_id),
            )
            db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, sending_at = NULL, "
                "lease_owner = NULL, lease_until = NULL WHERE chat_id = ? AND status = 'pending'",
                (reason, chat_id),
            )

    def migrate_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its subscriptions and pending messages follow."""
        with self.transaction() as db:
            db.execute("UPDATE chats SET chat_id = ? WHERE chat_id = ?", (new_id, old_id))
            # Telegram refused the send that told us: nothing of this chat is on the wire.
            db.execute(
                "UPDATE outbox SET chat_id = ?, sending_at = NULL, lease_owner = NULL, "
                "lease_until = NULL WHERE chat_id = ? AND status = 'pending'",
                (new_id, old_id),
            )

    def chat(self, chat_id: int) -> ChatSettings | None:
        row = self.db.execute("SELECT * FROM chats WHERE chat_id = ?", (chat_id,)).fetchone()
        if not row:
            return None
        return ChatSettings(
            chat_id=int(row["chat_id"]),
            type=row["type"],
            title=row["title"],
            digest_hour=row["digest_hour"],
            timezone=row["timezone"],
            instant_alerts=bool(row["instant_alerts"]),
            include_repeats=bool(row["include_repeats"]),
            active=bool(row["active"]),
            inactive_reason=row["inactive_reason"],
        )

    def update_chat(self, chat_id: int, **fields: Any) -> None:
        """Per-subscriber settings: digest_hour, timezone, instant_alerts, include_repeats."""
        allowed = {"digest_hour", "timezone", "instant_alerts", "include_repeats"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"update_chat takes only {sorted(allowed)}, got {sorted(fields)}")
        cols = ", ".join(f"{k} = ?" for k in fields)
        with self._statement() as db:
            db.execute(f"UPDATE chats SET {cols} WHERE chat_id = ?", (*fields.values(), chat_id))

    def mute(self, chat_id: int, story: str, until: datetime | None) -> bool:
        """Silence one story for one chat until `until` (None unmutes); False when not subscribed."""
        with self._statement() as db:
            cur = db.execute(
                "UPDATE subscriptions SET muted_until = ? WHERE chat_id = ? AND story = ?",
                (iso(until) if until else None, chat_id, story),
            )
        return cur.rowcount == 1

    # ------------------------------------------------------------ outbox

    def enqueue(
        self,
        chat_id: int,
        text: str,
        *,
        kind: str,
        now: datetime,
        story: str | None = None,
        parse_mode: str | None = None,
        reply_markup: str | None = None,
        dedupe_key: str | None = None,
    ) -> int | None:
        """Queue a message; None when a message with this dedupe_key was queued before."""
        with self._statement() as db:
            return self._insert_id(
                db,
                "INSERT OR IGNORE INTO outbox (chat_id, kind, story, text, parse_mode, reply_markup, "
                "dedupe_key, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (chat_id, kind, story, text, parse_mode, reply_markup, dedupe_key, iso(now)),
            )

    def pending(
        self, *, now: datetime, limit: int = 100, chat_id: int | None = None
    ) -> list[OutboxMessage]:
        sql = "SELECT * FROM outbox WHERE status = 'pending' AND (not_before IS NULL OR not_before <= ?)"
        args: list[Any] = [iso(now)]
        if chat_id is not None:
            sql += " AND chat_id = ?"
            args.append(chat_id)
        sql += " ORDER BY id LIMIT ?"
        args.append(limit)
        return [_outbox_message(r) for r in self.db.execute(sql, args)]

    def pending_count(self) -> int:
        return int(
            self.db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
        )

    def mark_sending(
        self,
        message_id: int,
        *,
        now: datetime,
        owner: str | None = None,
        lease_seconds: float | None = None,
    ) -> bool:
        """The row is about to go on the wire (cleared by the outcome's mark_* call).

        With `owner` (a worker's claim, see claim_outbox): only while the row is still that
        worker's, and its lease is renewed to now + lease_seconds, so that it outlasts the call.
        False when the claim was lost (the lease ran out while the row waited for its send slot
        and another worker took it): then the row must not be sent."""
        with self._statement() as db:
            if owner is None:
                db.execute("UPDATE outbox SET sending_at = ? WHERE id = ?", (iso(now), message_id))
                return True
            cur = db.execute(
                "UPDATE outbox SET sending_at = ?, lease_until = ? "
                "WHERE id = ? AND lease_owner = ? AND status = 'pending'",
                (
                    iso(now),
                    iso(now + timedelta(seconds=lease_seconds or 0)),
                    message_id,
                    owner,
                ),
            )
        return cur.rowcount == 1

    def clear_sending(self, message_id: int, *, not_before: datetime | None = None) -> None:
        """The call was refused before Telegram took the message (429, no connection); the row is
        free for any worker again (from `not_before` on, when given)."""
        with self._statement() as db:
            if not_before is None:
                db.execute(
                    "UPDATE outbox SET sending_at = NULL, lease_owner = NULL, lease_until = NULL "
                    "WHERE id = ?",
                    (message_id,),
                )
            else:
                db.execute(
                    "UPDATE outbox SET sending_at = NULL, lease_owner = NULL, lease_until = NULL, "
                    "not_before = ? WHERE id = ?",
                    (iso(not_before), message_id),
                )

    def mark_sent(
        self, message_id: int, *, now: datetime, telegram_message_id: int | None = None
    ) -> None:
        with self._statement() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, "
                "sending_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                (iso(now), telegram_message_id, message_id),
            )

    def mark_retry(
        self, message_id: int, *, error: str, not_before: datetime, uncertain: bool = False
    ) -> None:
        """uncertain: the attempt may have reached Telegram (a timeout after the request left), so
        the retry may repeat it; counted in `resent`."""
        with self._statement() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ?, not_before = ?, "
                "sending_at = NULL, lease_owner = NULL, lease_until = NULL, resent = resent + ? "
                "WHERE id = ?",
                (error, iso(not_before), int(uncertain), message_id),
            )

    def mark_failed(self, message_id: int, *, error: str) -> None:
        with self._statement() as db:
            db.execute(
                "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, "
                "sending_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?",
                (error, message_id),
            )

    def recover_in_flight(self) -> int:
        """At start-up: rows that were on the wire when the last process died go out again (a
        loss is worse than a repeat, and the Bot API cannot tell whether Telegram took them).
        Returns how many; each is counted in `resent`. For one process per store: with several
        workers, take_over_expired instead (this would take rows another worker is sending)."""
        with self._statement() as db:
            cur = db.execute(
                "UPDATE outbox SET sending_at = NULL, resent = resent + 1 "
                "WHERE sending_at IS NOT NULL AND status = 'pending'"
            )
        return cur.rowcount

    def claim_outbox(
        self,
        *,
        now: datetime,
        worker_id: str,
        lease_seconds: float,
        limit: int,
        skip_chats: Iterable[int] = (),
    ) -> list[OutboxMessage]:
        """Claim up to `limit` due rows for `worker_id` until now + lease_seconds and return them
        (oldest first): only the first pending row of each chat, so a chat's messages leave in
        order, one at a time, whichever workers send them; rows another worker leased wait until
        its lease ends (the outcome's mark ends it; a worker that died lets it run out). On
        PostgreSQL workers claim at once without waiting for each other (FOR UPDATE SKIP LOCKED:
        a row another claim is taking is passed over, and the rows after it in its chat with it);
        SQLite has one writer at a time. A row still marked on the wire is not claimed here:
        take_over_expired flags it first. `skip_chats`: chats this worker holds back itself."""
        if not worker_id:
            raise ValueError("claim_outbox needs a worker id (a name unique to the process)")
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        if limit <= 0:
            return []
        skip = list(skip_chats)
        args: list[Any] = [
            worker_id,
            iso(now + timedelta(seconds=lease_seconds)),
            iso(now),
            iso(now),
        ]
        held = ""
        if skip:
            cond, arg = self._in_list("o.chat_id", skip, "bigint")
            held = f"AND NOT ({cond}) "
            args.append(arg)
        args.append(int(limit))
        lock = " FOR UPDATE OF o SKIP LOCKED" if self.is_postgresql else ""
        with self._statement() as db:
            rows = db.execute(
                "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id IN ("
                "SELECT o.id FROM outbox o WHERE o.status = 'pending' AND o.sending_at IS NULL "
                "AND (o.not_before IS NULL OR o.not_before <= ?) "
                "AND (o.lease_until IS NULL OR o.lease_until <= ?) "
                # A subquery per candidate, not an anti-join: with the table's statistics not
                # yet gathered, PostgreSQL planned the anti-join as a scan of every pending row
                # per candidate (0.3-0.5 s for 2,000 pending rows); this one is an index probe.
                "AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.chat_id = o.chat_id "
                "AND p.status = 'pending') "
                f"{held}ORDER BY o.id LIMIT ?{lock}) RETURNING *",
                args,
            ).fetchall()
        return sorted((_outbox_message(r) for r in rows), key=lambda m: m.id)

    def take_over_expired(self, *, now: datetime, owner: str | None = None) -> int:
        """Rows whose worker died while they were on the wire (the lease ran out with sending_at
        still set) are sent again, as recover_in_flight does at a single process's start: a loss
        is worse than a repeat, and each is counted in `resent`. `owner`: this worker's id at its
        start, so that what a previous run under the same id left on the wire goes at once. A row
        on the wire without a lease was left by a process that sent without one (no worker id).
        Returns how many rows were taken over."""
        with self._statement() as db:
            cur = db.execute(
                "UPDATE outbox SET sending_at = NULL, resent = resent + 1, lease_owner = NULL, "
                "lease_until = NULL WHERE status = 'pending' AND sending_at IS NOT NULL "
                "AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)",
                (iso(now), owner or ""),
            )
        return int(cur.rowcount)

    def release_claims(self, worker_id: str) -> int:
        """A worker stops: the rows it claimed but had not put on the wire are free at once."""
        with self._statement() as db:
            cur = db.execute(
                "UPDATE outbox SET lease_owner = NULL, lease_until = NULL "
                "WHERE lease_owner = ? AND sending_at IS NULL AND status = 'pending'",
                (worker_id,),
            )
        return int(cur.rowcount)

    def resent_count(self) -> int:
        """Messages sent again after an uncertain attempt: each may have arrived twice."""
        row = self.db.execute("SELECT COUNT(*) FROM outbox WHERE resent > 0").fetchone()
        return int(row[0])

    def last_sent(self, kind: str = "digest") -> dict[str, datetime]:
        """story -> when the last message of this kind about it was sent (for `storywatch status`)."""
        rows = self.db.execute(
            "SELECT story, MAX(sent_at) AS at FROM outbox WHERE kind = ? AND status = 'sent' "
            "AND story IS NOT NULL AND sent_at IS NOT NULL GROUP BY story",
            (kind,),
        )
        return {r["story"]: parse_iso(r["at"]) for r in rows}

    def last_coverage(self) -> dict[str, datetime]:
        """story -> when its newest article was judged (for `archive: idle_days` and status)."""
        # Ids grow with time; the (story, id) index answers MAX(id) per story without a scan.
        rows = self.db.execute(
            "SELECT story, judged_at AS at FROM judged "
            "WHERE id IN (SELECT MAX(id) FROM judged GROUP BY story)"
        )
        return {r["story"]: parse_iso(r["at"]) for r in rows}

    # ------------------------------------------------------------ retention

    def prune_article_text(self, before: datetime) -> int:
        """Drop the bodies of articles fetched before `before`; verdicts and the claim ledger stay.

        Returns how many bodies were dropped. The pages can be fetched again; the judgements made
        from them cannot be remade without them, which is why only the text goes."""
        with self._statement() as db:
            cur = db.execute(
                "UPDATE articles SET text = NULL WHERE text IS NOT NULL AND fetched_at < ?",
                (iso(before),),
            )
        return int(cur.rowcount)

    # ------------------------------------------------------------ an outlet's recent texts

    def recent_texts(
        self, host: str, *, limit: int = 60
    ) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(url, title, text, stories judged) of the newest stored articles whose URL is on `host`
        (with or without "www."), newest first; pruned texts are left out. Read-only: what
        watchers.text.RepeatedLines learns an outlet's furniture from."""
        if not host:
            return []
        patterns = [
            f"{scheme}://{www}{host}/%" for scheme in ("http", "https") for www in ("", "www.")
        ]
        # PostgreSQL: string_agg for group_concat, ILIKE for SQLite's ASCII-case-blind LIKE.
        concat, like = (
            ("string_agg(DISTINCT j.story, ',')", "ILIKE")
            if self.is_postgresql
            else ("group_concat(DISTINCT j.story)", "LIKE")
        )
        rows = self.db.execute(
            "SELECT a.url, a.title, a.text, "
            f"(SELECT {concat} FROM judged j WHERE j.article_id = a.id) AS stories "
            "FROM articles a WHERE a.text IS NOT NULL "
            f"AND (a.url {like} ? OR a.url {like} ? OR a.url {like} ? OR a.url {like} ?) "
            "ORDER BY a.id DESC LIMIT ?",
            (*patterns, int(limit)),
        )
        return [(r[0], r[1], r[2], tuple(r[3].split(",")) if r[3] else ()) for r in rows]

    # ------------------------------------------------------------ read-only views (bot/web.py)

    def outbox_counts(self) -> dict[str, int]:
        """Outbox rows by status (pending, sent, failed) and retried sends (`retried`: rows that
        needed more than one attempt). Read-only: what /metrics reports."""
        out = {"pending": 0, "sent": 0, "failed": 0}
        for status, n in self.db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"):
            out[str(status)] = int(n)
        row = self.db.execute("SELECT COUNT(*) FROM outbox WHERE attempts > 1").fetchone()
        out["retried"] = int(row[0])
        return out


def _feed_state(r: sqlite3.Row) -> FeedState:
    def dt(v: str | None) -> datetime | None:
        return parse_iso(v) if v else None

    return FeedState(
        url=r["url"],
        name=r["name"],
        story=r["story"],
        etag=r["etag"],
        last_modified=r["last_modified"],
        next_poll_at=dt(r["next_poll_at"]),
        last_poll_at=dt(r["last_poll_at"]),
        last_ok_at=dt(r["last_ok_at"]),
        last_status=r["last_status"],
        last_error=r["last_error"],
        failing_since=dt(r["failing_since"]),
        consecutive_errors=int(r["consecutive_errors"]),
        waiting_pages=int(r["waiting_pages"]),
    )


def _subscription(r: sqlite3.Row) -> Subscription:
    return Subscription(
        chat_id=int(r["chat_id"]),
        story=r["story"],
        created_at=parse_iso(r["created_at"]),
        muted_until=parse_iso(r["muted_until"]) if r["muted_until"] else None,
        cursor=int(r["cursor"]),
        last_digest_at=parse_iso(r["last_digest_at"]) if r["last_digest_at"] else None,
    )


def _outbox_message(r: sqlite3.Row) -> OutboxMessage:
    return OutboxMessage(
        id=int(r["id"]),
        chat_id=int(r["chat_id"]),
        kind=r["kind"],
        story=r["story"],
        text=r["text"],
        parse_mode=r["parse_mode"],
        reply_markup=r["reply_markup"],
        attempts=int(r["attempts"]),
    )


def _article(r: sqlite3.Row) -> Article:
    return Article(
        identity=r["identity"],
        url=r["url"],
        title=r["title"],
        text=r["text"] or "",
        author=r["author"],
        published=parse_iso(r["published"]),
        source=r["source"],
        feed_url=r["feed_url"],
        text_origin=r["text_origin"],
        text_note=r["text_note"],
    )


class StoredDuplicates:
    """A story's duplicate index read from and written to the state file, so memory stays flat
    however many articles the story gathers (the in-memory `DuplicateIndex` grows with them)."""

    def __init__(self, store: Store, story: str) -> None:
        self.store = store
        self.story = story

    def __len__(self) -> int:
        return self.store.fingerprint_count(self.story)

    def add(self, url: str, fp: str) -> None:
        self.store.add_fingerprint(self.story, url, fp)

    def best(self, fp: str, threshold: float = DUPLICATE) -> tuple[str, float] | None:
        """The earliest (url, similarity) at or above threshold, else None."""
        return earliest_match(fp, self.store.duplicate_candidates(self.story, fp), threshold)
