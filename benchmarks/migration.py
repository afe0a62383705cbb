"""How long the first start after an upgrade spends migrating a big state file.

Builds a schema-1 file (before the duplicate index moved into SQLite) holding N articles'
fingerprints over 5 stories, then times `Store(path)`, which runs every pending migration.

    .venv/bin/python benchmarks/migration.py --fingerprints 100000
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from watchers.store import MIGRATIONS, Store  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--fingerprints", type=int, default=100_000)
    args = ap.parse_args()
    rnd = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="storywatch-migration-") as tmp:
        path = Path(tmp) / "state.sqlite3"
        db = sqlite3.connect(path)
        db.executescript(MIGRATIONS[0])
        db.executemany(
            "INSERT INTO fingerprints (story, url, fp) VALUES (?,?,?)",
            (
                (
                    f"story{i % 5}",
                    f"https://news.example/{i}",
                    "".join(f"{rnd.getrandbits(16):04x}" for _ in range(64)),
                )
                for i in range(args.fingerprints)
            ),
        )
        db.execute("PRAGMA user_version=1")
        db.commit()
        db.close()
        t0 = time.perf_counter()
        store = Store(path)
        seconds = time.perf_counter() - t0
        print(
            f"migrated {args.fingerprints:,} fingerprints from schema 1 to {store.schema_version} "
            f"in {seconds:.1f} s; file {path.stat().st_size / 1e6:.0f} MB"
        )
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
