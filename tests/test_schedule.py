"""next_poll: interval, server hints, exponential backoff capped at max_interval, jitter."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchers.schedule import next_delay, next_poll

NOW = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
DAY = 86400.0


def delay(**kw: object) -> float:
    args: dict[str, object] = dict(
        interval=900.0,
        error=False,
        consecutive_errors=0,
        max_age=None,
        retry_after=None,
        ttl=None,
        min_interval=60.0,
        max_interval=DAY,
    )
    args.update(kw)
    return next_delay(**args)  # type: ignore[arg-type]


def test_plain_success_uses_the_interval() -> None:
    assert delay() == 900


@pytest.mark.parametrize(
    ("hints", "expected"),
    [
        ({"max_age": 3600.0}, 3600),  # raised to max-age
        ({"ttl": 7200.0}, 7200),  # raised to the RSS ttl
        ({"max_age": 60.0}, 900),  # never lowered below the interval
        ({"max_age": 10 * DAY}, DAY),  # capped at max_interval
        ({"retry_after": 1800.0}, 1800),
        ({"ttl": 1800.0, "max_age": 2400.0}, 2400),
    ],
)
def test_server_hints_raise_the_interval_within_bounds(
    hints: dict[str, float], expected: float
) -> None:
    assert delay(**hints) == expected


def test_min_interval_is_a_floor() -> None:
    assert delay(interval=5.0) == 60


def test_configured_interval_above_max_interval_is_kept() -> None:
    assert delay(interval=2 * DAY) == 2 * DAY


@pytest.mark.parametrize(
    ("errors", "expected"),
    [(1, 900), (2, 1800), (3, 3600), (4, 7200), (7, 57600), (8, DAY), (50, DAY), (10_000, DAY)],
)
def test_backoff_doubles_per_consecutive_error_and_caps_at_a_day(
    errors: int, expected: float
) -> None:
    assert delay(error=True, consecutive_errors=errors) == expected


def test_retry_after_is_a_floor_during_backoff_but_still_capped() -> None:
    assert delay(error=True, consecutive_errors=1, retry_after=5000.0) == 5000
    assert delay(error=True, consecutive_errors=1, retry_after=7 * DAY) == DAY


def test_hints_from_a_failed_response_are_ignored() -> None:
    # A failing feed's cache headers say nothing about the feed; backoff decides.
    assert delay(error=True, consecutive_errors=1, max_age=5000.0) == 900


def test_recovery_returns_to_the_interval() -> None:
    assert delay(error=True, consecutive_errors=9) == DAY
    assert delay(error=False, consecutive_errors=0) == 900


@given(
    interval=st.floats(1, 10 * DAY),
    errors=st.integers(0, 10_000),
    error=st.booleans(),
    hint=st.one_of(st.none(), st.floats(0, 100 * DAY)),
    jitter=st.floats(0, 0.5),
    seed=st.integers(0, 2**32),
)
def test_next_poll_is_always_in_the_future_and_bounded(
    interval: float, errors: int, error: bool, hint: float | None, jitter: float, seed: int
) -> None:
    when = next_poll(
        now=NOW,
        interval=interval,
        result_status=0 if error else 200,
        error=error,
        consecutive_errors=errors,
        max_age=hint,
        retry_after=hint,
        ttl=hint,
        min_interval=60.0,
        max_interval=DAY,
        jitter=jitter,
        rng=random.Random(seed),
    )
    upper = max(DAY, interval) * (1 + jitter)
    assert (
        NOW + timedelta(seconds=60 * (1 - jitter) - 1e-6)
        <= when
        <= NOW + timedelta(seconds=upper + 1e-6)
    )


def test_jitter_spreads_feeds_with_the_same_interval() -> None:
    rng = random.Random(7)
    times = {
        next_poll(
            now=NOW,
            interval=900,
            result_status=200,
            error=False,
            consecutive_errors=0,
            max_age=None,
            retry_after=None,
            ttl=None,
            min_interval=60,
            max_interval=DAY,
            jitter=0.1,
            rng=rng,
        )
        for _ in range(50)
    }
    assert len(times) > 40
    assert all(NOW + timedelta(seconds=810) <= t <= NOW + timedelta(seconds=990) for t in times)
