"""sd_notify(3) in the standard library: tell systemd we are ready, alive, reloading or stopping."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Mapping

log = logging.getLogger("storywatch.sdnotify")


def socket_address(env: Mapping[str, str] | None = None) -> str | None:
    """The datagram socket systemd listens on, or None outside systemd.

    A leading "@" names a socket in Linux's abstract namespace, spelt with a NUL byte in the API."""
    value = (os.environ if env is None else env).get("NOTIFY_SOCKET", "")
    if not value:
        return None
    if value.startswith("@"):
        return "\0" + value[1:]
    if value.startswith("/"):
        return value
    # vsock: addresses and anything else we do not speak; stay silent rather than crash.
    log.warning("sdnotify_unsupported_socket address=%r", value)
    return None


def watchdog_interval(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds between WATCHDOG=1 pings (half of WATCHDOG_USEC), or None when no watchdog is set.

    WATCHDOG_PID, when present, names the process the watchdog is meant for; a child process
    that inherited the environment must not ping on its parent's behalf."""
    env = os.environ if env is None else env
    raw = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(raw)
    except ValueError:
        return None
    if usec <= 0:
        return None
    return usec / 1_000_000 / 2


class Notifier:
    """Sends state lines to $NOTIFY_SOCKET; every method is a no-op when it is unset.

    Sending never raises: a lost notification must not take the service down (systemd's
    watchdog, not our exception, is what handles a dead notify socket)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.address = socket_address(env)
        self.watchdog_interval = watchdog_interval(env)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def notify(self, *lines: str) -> bool:
        """Send one datagram of newline-separated KEY=VALUE lines; True when it was sent."""
        if self.address is None:
            return False
        payload = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.connect(self.address)
                sock.sendall(payload)
        except OSError as e:
            log.debug("sdnotify_failed error=%r", e)
            return False
        return True

    def ready(self, status: str | None = None) -> bool:
        return self.notify("READY=1", *_status(status))

    def status(self, text: str) -> bool:
        return self.notify(*_status(text))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def reloading(self, status: str | None = None) -> bool:
        # MONOTONIC_USEC is required by systemd >= 253 for reloads; older versions ignore it.
        usec = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
        return self.notify("RELOADING=1", f"MONOTONIC_USEC={usec}", *_status(status))

    def stopping(self, status: str | None = None) -> bool:
        return self.notify("STOPPING=1", *_status(status))


def _status(text: str | None) -> tuple[str, ...]:
    return () if text is None else (f"STATUS={text}",)


async def keep_alive(notifier: Notifier) -> None:
    """Send WATCHDOG=1 every watchdog_interval seconds until cancelled.

    It runs on the service's event loop on purpose: if the loop is blocked, the pings stop and
    systemd kills and restarts the service, which is the point of the watchdog."""
    interval = notifier.watchdog_interval
    if not notifier.enabled or interval is None:
        return
    while True:
        notifier.watchdog()
        await asyncio.sleep(interval)
