"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks (Debian's server binaries).

initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (Debian's
postgresql package creates it). Nothing leaves loopback; the folder is deleted on stop.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path


def server_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, or None."""
    path = os.environ.get("STORYWATCH_PG_BIN")  # another installation's bin folder
    if path:
        return Path(path)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    """Why no cluster can be started here, or None when one can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgresql]')"
    binary = server_bin()
    if binary is None or not (binary / "initdb").exists():
        return "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root but there is no 'postgres' user to own the cluster"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path
    user: str
    _owner: list[str] = field(default_factory=list)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "sw") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
        return self.url(name)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        # Run from the cluster's own folder: the postgres user may not be allowed into the
        # caller's working directory (a CI clone under /root), which initdb and pg_ctl dislike.
        return subprocess.run(
            [*self._owner, *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=self.folder,
        )

    def stop(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start(*, durable: bool = False) -> Cluster:
    """initdb + pg_ctl start on 127.0.0.1 and a free port. durable=False turns fsync off (tests);
    benchmarks pass durable=True to measure PostgreSQL's default settings."""
    binary = server_bin()
    if binary is None:
        raise RuntimeError("no PostgreSQL server binaries")
    folder = Path(tempfile.mkdtemp(prefix="storywatch-pg-"))
    owner: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        owner = ["runuser", "-u", "postgres", "--"]
    user = "postgres"
    cluster = Cluster(folder, _free_port(), binary, user, owner)
    init = cluster._run(
        str(binary / "initdb"),
        "-D",
        str(folder / "data"),
        "-U",
        user,
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    options = f"-h 127.0.0.1 -p {cluster.port} -k {folder}"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started = cluster._run(
        str(binary / "pg_ctl"),
        "-D",
        str(folder / "data"),
        "-o",
        options,
        "-l",
        str(folder / "log"),
        "-w",
        "-t",
        "60",
        "start",
    )
    if started.returncode != 0:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} {log[-500:]}")
    return cluster
