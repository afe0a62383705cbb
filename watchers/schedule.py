"""When to poll a feed next: interval, server hints (max-age, ttl, Retry-After), backoff, jitter. Pure."""

from __future__ import annotations

import random
from datetime import datetime, timedelta


def next_delay(
    *,
    interval: float,
    error: bool,
    consecutive_errors: int,
    max_age: float | None,
    retry_after: float | None,
    ttl: float | None,
    min_interval: float,
    max_interval: float,
) -> float:
    """Seconds until the next poll, before jitter.

    - Success: the feed's interval, raised (never lowered) to the server's max-age or the RSS
      <ttl>, so a feed that says "come back in an hour" is not asked every 15 minutes.
    - Failure: the interval doubled per consecutive error after the first (1x, 2x, 4x, ...),
      so one hiccup is retried at the usual pace and a dead feed settles at max_interval.
    - Retry-After (429/503) is a floor in both cases.
    Everything is kept within [min_interval, max_interval]; a configured interval above
    max_interval is kept as is (the user asked for it)."""
    upper = max(max_interval, interval)
    delay = interval
    if error:
        exponent = min(max(consecutive_errors - 1, 0), 32)  # 2**32 x anything is past any cap
        delay = interval * (2.0**exponent)
    else:
        for hint in (max_age, ttl):
            if hint is not None and hint > delay:
                delay = hint
    if retry_after is not None and retry_after > delay:
        delay = retry_after
    return min(max(delay, min_interval), upper)


def next_poll(
    *,
    now: datetime,
    interval: float,
    result_status: int,
    error: bool,
    consecutive_errors: int,
    max_age: float | None,
    retry_after: float | None,
    ttl: float | None,
    min_interval: float,
    max_interval: float,
    jitter: float,
    rng: random.Random,
) -> datetime:
    """The time of the next poll: next_delay(...) ± jitter (a fraction, e.g. 0.1 = ±10 %).

    Jitter spreads feeds that share an interval so they do not all fall due in the same second;
    it is applied last, so a capped delay may land up to `jitter` beyond max_interval.
    result_status is accepted for callers' convenience: 304 and 200 are both successes."""
    del result_status  # the outcome is carried by `error`; kept in the signature for clarity
    delay = next_delay(
        interval=interval,
        error=error,
        consecutive_errors=consecutive_errors,
        max_age=max_age,
        retry_after=retry_after,
        ttl=ttl,
        min_interval=min_interval,
        max_interval=max_interval,
    )
    if jitter > 0:
        delay *= 1.0 + rng.uniform(-jitter, jitter)
    return now + timedelta(seconds=delay)
