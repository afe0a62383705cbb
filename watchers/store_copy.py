"""Copy a whole state from one store to another (a SQLite file to a PostgreSQL database and back),
ids kept, checked by row counts per table and a sample of verdicts before it is committed."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from watchers.store import Store

# Parents before children (foreign keys); every table of the schema, the step counter aside.
TABLES = (
    "feeds",
    "articles",
    "judged",
    "claims",
    "fingerprints",
    "fingerprint_bands",
    "chats",
    "subscriptions",
    "outbox",
)
BATCH = 2000


class CopyError(Exception):
    """The copy was refused or did not check out: what, where and how to fix."""


@dataclass(frozen=True)
class CopyReport:
    counts: dict[str, int]  # rows per table, the same in both stores
    verdicts_compared: int  # judged rows whose verdict JSON was compared
    verdicts_total: int


def table_counts(store: Store) -> dict[str, int]:
    return {t: int(store.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in TABLES}


def _columns(store: Store, table: str) -> list[str]:
    cur = store.db.execute(f"SELECT * FROM {table} LIMIT 0")
    cur.fetchall()
    return [d[0] for d in cur.description]


def _plain(value: Any) -> Any:
    # psycopg may hand bytea back as a memoryview; sqlite3 wants bytes.
    return bytes(value) if isinstance(value, memoryview) else value


def _sample_ids(ids: list[int], n: int) -> list[int]:
    """Up to n ids spread evenly over the list, first and last included."""
    if len(ids) <= n:
        return ids
    step = (len(ids) - 1) / (n - 1)
    return sorted({ids[round(i * step)] for i in range(n)})


def _verdict_rows(store: Store, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    out: dict[int, tuple[Any, ...]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.db.execute(
            "SELECT j.id, j.story, a.identity, j.revision, j.verdict, j.data, j.matched_terms "
            f"FROM judged j JOIN articles a ON a.id = j.article_id WHERE j.id IN ({marks})",
            chunk,
        ):
            out[int(r[0])] = (r[1], r[2], int(r[3]), r[4], json.loads(r[5]), json.loads(r[6]))
    return out


def copy_state(
    source: Store,
    target: Store,
    *,
    force: bool = False,
    sample: int = 200,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row of `source` into `target` in one transaction on the target, then compare
    row counts per table and `sample` verdicts (spread over all of them) before committing.

    A target that holds anything is refused unless force=True, which empties it first."""
    if source.schema_version != target.schema_version:
        raise CopyError(
            f"schema {source.schema_version} in {source.path} but {target.schema_version} in "
            f"{target.path}: open both with the same storywatch"
        )
    held = {t: n for t, n in table_counts(target).items() if n}
    if held and not force:
        listed = ", ".join(f"{t}: {n}" for t, n in held.items())
        raise CopyError(
            f"{target.path} is not empty ({listed}): copy into a new file or an empty database, "
            "or pass --force to replace what it holds"
        )
    # One snapshot of the source, even if a service still writes to it.
    source.db.execute(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if source.is_postgresql else "BEGIN"
    )
    try:
        with target.transaction() as db:
            if held:
                for table in reversed(TABLES):
                    db.execute(f"DELETE FROM {table}")
            for table in TABLES:
                cols = _columns(source, table)
                if cols != _columns(target, table):
                    raise CopyError(f"table {table} has other columns in {target.path}")
                names = ", ".join(cols)
                insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"
                cur = source.db.execute(f"SELECT {names} FROM {table} ORDER BY {cols[0]}")
                done = 0
                while rows := cur.fetchmany(BATCH):
                    plain = [tuple(_plain(v) for v in r) for r in rows]
                    if target.is_postgresql:
                        db.copy_rows(table, cols, plain)
                    else:
                        db.executemany(insert, plain)
                    done += len(rows)
                    if progress:
                        progress(table, done)
                if target.is_postgresql and "id" in cols:
                    # Copied ids were given explicitly: the identity continues after the largest.
                    db.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )
            counts = table_counts(source)
            copied = table_counts(target)
            if copied != counts:
                wrong = ", ".join(
                    f"{t}: {counts[t]} -> {copied[t]}" for t in TABLES if counts[t] != copied[t]
                )
                raise CopyError(f"row counts differ after the copy ({wrong}); nothing was written")
            ids = [int(r[0]) for r in source.db.execute("SELECT id FROM judged ORDER BY id")]
            picked = _sample_ids(ids, max(2, sample))
            mine, theirs = _verdict_rows(source, picked), _verdict_rows(target, picked)
            for jid in picked:
                if mine.get(jid) != theirs.get(jid):
                    raise CopyError(f"verdict {jid} differs after the copy; nothing was written")
                if source.judged_by_id(jid) != target.judged_by_id(jid):
                    raise CopyError(f"verdict {jid} reads back differently; nothing was written")
    finally:
        source.db.execute("COMMIT")
    return CopyReport(counts=counts, verdicts_compared=len(picked), verdicts_total=len(ids))
