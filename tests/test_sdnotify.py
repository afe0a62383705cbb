"""bot.sdnotify against a real AF_UNIX datagram socket (path and abstract namespace)."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sdnotify import Notifier, keep_alive, socket_address, watchdog_interval


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify"
    sock.bind(str(path))
    sock.settimeout(5)
    yield sock, str(path)
    sock.close()


def _lines(sock: socket.socket) -> list[str]:
    return sock.recv(4096).decode("utf-8").split("\n")


def test_ready_with_status_is_one_datagram(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    n = Notifier({"NOTIFY_SOCKET": path})
    assert n.enabled
    assert n.ready("polling 3 feeds")
    assert _lines(sock) == ["READY=1", "STATUS=polling 3 feeds"]


def test_each_state_message(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    n = Notifier({"NOTIFY_SOCKET": path})
    n.watchdog()
    assert _lines(sock) == ["WATCHDOG=1"]
    n.status("2 feeds failing")
    assert _lines(sock) == ["STATUS=2 feeds failing"]
    n.reloading()
    reloading = _lines(sock)
    assert reloading[0] == "RELOADING=1"
    assert reloading[1].startswith("MONOTONIC_USEC=") and int(reloading[1].split("=")[1]) > 0
    n.stopping("stopping")
    assert _lines(sock) == ["STOPPING=1", "STATUS=stopping"]


def test_status_text_cannot_inject_lines(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    Notifier({"NOTIFY_SOCKET": path}).status("feed down\nREADY=1")
    assert _lines(sock) == ["STATUS=feed down READY=1"]


def test_abstract_namespace_socket() -> None:
    name = f"storywatch-test-{os.getpid()}-{id(object())}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        assert socket_address({"NOTIFY_SOCKET": "@" + name}) == "\0" + name
        assert Notifier({"NOTIFY_SOCKET": "@" + name}).ready()
        assert _lines(sock) == ["READY=1"]


def test_unset_socket_is_a_no_op() -> None:
    n = Notifier({})
    assert not n.enabled
    assert n.ready() is False
    assert n.watchdog() is False
    assert n.watchdog_interval is None


def test_missing_socket_does_not_raise(tmp_path: Path) -> None:
    n = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    assert n.enabled
    assert n.ready() is False


def test_unsupported_address_is_ignored() -> None:
    assert socket_address({"NOTIFY_SOCKET": "vsock:2:1234"}) is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WATCHDOG_USEC": "60000000"}, 30.0),
        ({"WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getpid())}, 0.5),
        ({"WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "1"}, None),  # meant for another process
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({}, None),
    ],
)
def test_watchdog_interval_is_half_of_watchdog_usec(
    env: dict[str, str], expected: float | None
) -> None:
    assert watchdog_interval(env) == expected


def test_keep_alive_pings_from_the_event_loop(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    n = Notifier({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "100000"})

    async def main() -> None:
        task = asyncio.create_task(keep_alive(n))
        await asyncio.sleep(0.2)
        task.cancel()

    asyncio.run(main())
    sock.settimeout(1)
    assert _lines(sock) == ["WATCHDOG=1"]
    assert _lines(sock) == ["WATCHDOG=1"]


def test_keep_alive_returns_without_a_watchdog(listener: tuple[socket.socket, str]) -> None:
    _, path = listener
    asyncio.run(asyncio.wait_for(keep_alive(Notifier({"NOTIFY_SOCKET": path})), timeout=1))
