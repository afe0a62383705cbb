"""deploy/storywatch.service under a real systemd (PID 1 in systemd-nspawn): start, reload, restart, stop.

Opt-in (marker `nspawn`): needs root, systemd-nspawn and nsenter, and STORYWATCH_NSPAWN_ROOTFS naming a
Debian 12 folder prepared as docs/systemd.md ("A real systemd in a container") describes. The folder
is booted with --volatile=overlay, so nothing is written into it; this checkout's bot/ and watchers/
are bound read-only over the installed packages, so the code under test is the working tree's. The
feed and a fake Telegram Bot API run in this process on 127.0.0.1 (the container shares the network).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakebotapi import FakeBotAPI
from httpserver import LoopbackServer

ROOT = Path(__file__).resolve().parents[1]
ROOTFS = os.environ.get("STORYWATCH_NSPAWN_ROOTFS", "")
NSPAWN = shutil.which("systemd-nspawn")
NSENTER = shutil.which("nsenter")
VENV = "/opt/storywatch/.venv"
CONFIG = "/etc/storywatch/config.yaml"
TOKEN = "123456:nspawn-test-token-never-logged"
ADMIN = 111
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _skip_reason() -> str | None:
    if not ROOTFS:
        return "set STORYWATCH_NSPAWN_ROOTFS to a prepared Debian 12 folder (docs/systemd.md)"
    if os.geteuid() != 0:
        return "systemd-nspawn needs root"
    if NSPAWN is None or NSENTER is None:
        return "systemd-nspawn or nsenter missing (Debian: apt-get install -y systemd-container)"
    if not _site_packages():
        return f"{ROOTFS}{VENV} has no installed storywatch; prepare it as docs/systemd.md says"
    return None


def _site_packages() -> str | None:
    """The container's site-packages holding bot/ and watchers/, as a path inside the container."""
    for lib in sorted(Path(ROOTFS, VENV.lstrip("/"), "lib").glob("python3.*/site-packages")):
        if (lib / "bot").is_dir() and (lib / "watchers").is_dir():
            return "/" + str(lib.relative_to(ROOTFS))
    return None


pytestmark = [
    pytest.mark.nspawn,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]


def until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.25)


class Container:
    """A booted systemd-nspawn container; commands run in it through nsenter into its PID 1."""

    def __init__(self, rootfs: str, binds: list[tuple[Path, str]], log: Path) -> None:
        self.rootfs = rootfs
        self.binds = binds
        self.log_path = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.leader = 0

    def boot(self) -> None:
        assert NSPAWN is not None
        cmd = [NSPAWN, "-q", "-D", self.rootfs, "--register=no", "--keep-unit", "-b"]
        cmd += ["--console=pipe", "--volatile=overlay"]
        cmd += [f"--bind-ro={src}:{dst}" for src, dst in self.binds]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")

        def leader() -> bool:  # nspawn's child that has become the container's systemd
            assert self.proc is not None
            if self.proc.poll() is not None:
                return True
            pids = children.read_text().split()
            if pids and Path(f"/proc/{pids[0]}/comm").read_text().strip() == "systemd":
                self.leader = int(pids[0])
                return True
            return False

        until(leader, 30, "the container's systemd")
        if self.proc.poll() is not None:
            pytest.fail(f"systemd-nspawn exited: {self.log_path.read_text(errors='replace')}")

        def booted() -> bool:  # "starting", or no bus yet, until the boot is done
            state = self.sh("systemctl is-system-running", check=False).stdout.strip()
            return state in {"running", "degraded"}

        until(booted, 90, "the container to finish booting")

    def sh(
        self, script: str, *, input: str | None = None, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        assert NSENTER is not None
        env = ["env", "-i", f"PATH={PATH}", "HOME=/root", "LANG=C.UTF-8", "SYSTEMD_PAGER="]
        result = subprocess.run(
            [NSENTER, "-t", str(self.leader), "-a", *env, "/bin/sh", "-c", script],
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"`{script}` exited {result.returncode}: {result.stdout}{result.stderr}")
        return result

    def put(self, path: str, text: str, mode: str = "0644") -> None:
        self.sh(f"umask 077; cat > {path} && chmod {mode} {path}", input=text)

    def show(self, *props: str) -> dict[str, str]:
        out = self.sh("systemctl show storywatch " + " ".join(f"-p {p}" for p in props)).stdout
        return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def journal(self) -> list[dict[str, Any]]:
        out = self.sh("journalctl -b -u storywatch -o json --no-pager").stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def messages(self) -> list[str]:
        return [str(e.get("MESSAGE", "")) for e in self.journal()]

    def poweroff(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()  # nspawn asks the container's systemd for a clean poweroff
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


FEED = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback news</title><link>http://127.0.0.1/</link>
<description>test</description>
<item><guid>q1</guid><title>Earthquake shakes the harbour</title><link>http://127.0.0.1/q1</link>
<pubDate>Fri, 21 Feb 2025 10:00:00 GMT</pubDate>
<description>A strong earthquake shook the harbour town on Friday morning, officials said.</description>
</item></channel></rss>
"""
QUAKE_RULE = "id: quake\ntitle: Harbour quake\nmatch:\n  any: [earthquake]\n"
VOLCANO_RULE = "id: volcano\ntitle: Ridge volcano\nmatch:\n  any: [eruption]\n"


@pytest.fixture(scope="module")
def fakes() -> Iterator[tuple[LoopbackServer, FakeBotAPI]]:
    with LoopbackServer() as feeds:
        feeds.route("/feed.xml", body=FEED.encode(), content_type="application/rss+xml")
        api = FakeBotAPI(token=TOKEN).start()  # any other token gets 401, like Telegram
        try:
            yield feeds, api
        finally:
            api.stop()


@pytest.fixture(scope="module")
def box(
    fakes: tuple[LoopbackServer, FakeBotAPI], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Container]:
    """A booted container with storywatch installed per docs/systemd.md and `enable --now` done."""
    feeds, api = fakes
    site = _site_packages()
    assert site is not None
    binds = [(ROOT / "bot", f"{site}/bot"), (ROOT / "watchers", f"{site}/watchers")]
    box = Container(ROOTFS, binds, tmp_path_factory.mktemp("nspawn") / "console.log")
    try:
        box.boot()
        # A folder that went through the manual steps may already run a storywatch; start clean.
        box.sh("systemctl disable --now storywatch", check=False)
        box.sh(
            "rm -rf /etc/storywatch /var/lib/storywatch /var/lib/private/storywatch"
            " /etc/systemd/system/storywatch.service.d"
        )
        box.sh("install -d -m 0755 /etc/storywatch /etc/storywatch/rules")
        box.put(
            CONFIG,
            "rules_dir: rules\n"
            f"feeds:\n  - url: {feeds.url('/feed.xml')}\n    name: Loopback\n"
            f"telegram:\n  api_base_url: {api.base}\n  admins: [{ADMIN}]\n"
            "poll:\n  interval: 1m\n  fetch_pages: false\n",
        )
        box.put("/etc/storywatch/rules/quake.yaml", QUAKE_RULE)
        box.put("/etc/storywatch/telegram_token", TOKEN + "\n", mode="0600")
        unit = (ROOT / "deploy" / "storywatch.service").read_text(encoding="utf-8")
        box.put("/etc/systemd/system/storywatch.service", unit)
        verify = box.sh("systemd-analyze verify /etc/systemd/system/storywatch.service")
        assert verify.stderr == "", verify.stderr
        box.sh("systemctl daemon-reload && systemctl enable --now storywatch", timeout=90)
        yield box
    finally:
        box.poweroff()


def test_enable_now_returns_when_ready(
    box: Container, fakes: tuple[LoopbackServer, FakeBotAPI]
) -> None:
    props = box.show("ActiveState", "SubState", "StatusText", "Type")
    assert (props["ActiveState"], props["SubState"], props["Type"]) == (
        "active",
        "running",
        "notify",
    )
    assert "stories" in props["StatusText"], props
    # READY=1 comes after Telegram is initialised: the credential reached the (token-checking) fake.
    assert any(method == "getMe" for method, _ in fakes[1].calls)
    assert box.sh("systemctl is-enabled storywatch").stdout.strip() == "enabled"


def test_state_lives_in_state_directory_and_status_reads_it(box: Container) -> None:
    status = f"STATE_DIRECTORY=/var/lib/storywatch {VENV}/bin/storywatch status --config {CONFIG}"

    def polled() -> bool:
        result = box.sh(status + " --json", check=False)
        return result.returncode == 0 and json.loads(result.stdout)["last_poll"] is not None

    until(polled, 30, "the first poll")
    data = json.loads(box.sh(status + " --json").stdout)
    assert data["store_path"] == "/var/lib/storywatch/state/storywatch.sqlite3"
    assert [f["ok"] for f in data["feeds"]] == [True]
    assert [(s["id"], s["judged"]) for s in data["stories"]] == [("quake", 1)]
    assert box.sh("readlink /var/lib/storywatch").stdout.strip() == "private/storywatch"
    mode = box.sh("stat -c %a /var/lib/private/storywatch/state/storywatch.sqlite3").stdout
    assert mode.strip() == "600"  # UMask=0077


def test_reload_applies_good_rules_and_keeps_them_on_a_broken_file(
    box: Container, fakes: tuple[LoopbackServer, FakeBotAPI]
) -> None:
    pid = box.show("MainPID")["MainPID"]
    box.put("/etc/storywatch/rules/volcano.yaml", VOLCANO_RULE)
    box.sh("systemctl reload storywatch")
    assert any("reloaded rules=2" in m for m in box.messages())

    box.put("/etc/storywatch/rules/broken.yaml", "id: broken\nmatch:\n  all: [unclosed\n")
    box.sh("systemctl reload storywatch")  # the reload itself succeeds; the problem is logged
    failed = [e for e in box.journal() if "reload_failed" in str(e.get("MESSAGE", ""))]
    assert failed and failed[-1]["PRIORITY"] == "3", failed
    assert "broken.yaml" in failed[-1]["MESSAGE"]
    props = box.show("ActiveState", "MainPID", "StatusText")
    assert (props["ActiveState"], props["MainPID"]) == ("active", pid)
    until(
        lambda: any("reload failed" in s.text for s in fakes[1].messages(ADMIN)),
        20,
        "the admin message about the failed reload",
    )

    box.sh("rm /etc/storywatch/rules/broken.yaml && systemctl reload storywatch")
    assert sum("reloaded rules=2" in m for m in box.messages()) == 2


def test_journal_has_priorities_and_never_the_token(box: Container) -> None:
    entries = [e for e in box.journal() if e.get("SYSLOG_IDENTIFIER") == "storywatch"]
    assert entries
    assert {"6", "3"} <= {e["PRIORITY"] for e in entries}  # info lines and the reload error
    secret = TOKEN.split(":", 1)[1]
    assert not [e for e in entries if secret in str(e.get("MESSAGE", ""))]


def test_sigkill_is_restarted(box: Container) -> None:
    before = box.show("MainPID", "NRestarts")
    box.sh("systemctl kill --kill-who=main -s KILL storywatch")  # a crash

    def restarted() -> bool:
        now = box.show("MainPID", "NRestarts", "ActiveState")
        return now["ActiveState"] == "active" and now["NRestarts"] != before["NRestarts"]

    until(restarted, 40, "Restart=on-failure after SIGKILL")
    assert box.show("MainPID")["MainPID"] != before["MainPID"]


def test_watchdog_restarts_a_hung_process(box: Container) -> None:
    # WatchdogSec=60 would make this test take over a minute; a drop-in shortens it to 3 s.
    box.sh("install -d /etc/systemd/system/storywatch.service.d")
    box.put("/etc/systemd/system/storywatch.service.d/watchdog.conf", "[Service]\nWatchdogSec=3\n")
    box.sh("systemctl daemon-reload && systemctl restart storywatch", timeout=90)
    before = box.show("MainPID", "NRestarts")
    box.sh(f"kill -STOP {before['MainPID']}")  # a frozen event loop stops sending WATCHDOG=1

    def restarted() -> bool:
        now = box.show("MainPID", "NRestarts", "ActiveState")
        return now["ActiveState"] == "active" and now["NRestarts"] != before["NRestarts"]

    until(restarted, 60, "the watchdog to kill and restart the service")
    assert any("Watchdog timeout" in m for m in box.messages())
    box.sh("rm -r /etc/systemd/system/storywatch.service.d && systemctl daemon-reload")


def test_stop_is_clean_and_within_10_s(box: Container) -> None:
    assert box.show("ActiveState")["ActiveState"] == "active"
    started = time.monotonic()
    box.sh("systemctl stop storywatch", timeout=60)
    elapsed = time.monotonic() - started
    props = box.show("ActiveState", "Result", "ExecMainCode", "ExecMainStatus")
    assert props == {
        "ActiveState": "inactive",
        "Result": "success",
        "ExecMainCode": "1",  # CLD_EXITED: it exited by itself, not killed
        "ExecMainStatus": "0",
    }
    assert elapsed < 10, f"systemctl stop took {elapsed:.1f} s"
    assert any("stopped exit_code=0" in m for m in box.messages())
