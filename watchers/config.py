"""config.yaml and rules/*.yaml: schemas, loading, and position-aware validation."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

DEFAULT_API_BASE_URL = "https://api.telegram.org"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d|w)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: Any) -> float:
    """'90s', '15m', '2h', '7d', or a number of seconds -> seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration like 15m, 2h or 7d")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    else:
        raise ValueError(f"invalid duration {value!r}: use a number of seconds or 90s, 15m, 2h, 7d")
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"invalid URL {url!r}: it must start with http:// or https:// and name a host"
        )
    return url


Url = Annotated[str, BeforeValidator(lambda v: check_url(v) if isinstance(v, str) else v)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- config.yaml


class FeedConfig(_Strict):
    url: Url
    name: str | None = None
    interval: Duration | None = None  # default: poll.interval


def _not_zero_workers(v: Any) -> Any:
    if v == 0 and not isinstance(v, bool):
        raise ValueError(
            "0 is not allowed: feeds are always parsed in worker processes, so that "
            "poll.parse_memory_mb and poll.parse_seconds hold; use 1 on a small machine"
        )
    return v


class PollConfig(_Strict):
    interval: Duration = 900.0
    min_interval: Duration = 60.0
    max_interval: Duration = 86400.0
    jitter: float = Field(0.1, ge=0, le=0.5)
    timeout: Duration = 20.0
    max_bytes: int = Field(5_000_000, gt=0)
    concurrency: int = Field(16, ge=1, le=256)
    per_host: int = Field(2, ge=1, le=32)
    # Processes parsing feeds (`run` and `poll --once`). Each parse gets a budget of memory and
    # wall-clock time, which only a separate process can enforce: at least one.
    parse_workers: Annotated[int, BeforeValidator(_not_zero_workers)] = Field(2, ge=1, le=16)
    parse_memory_mb: int = Field(256, ge=32, le=65536)  # per parse, on top of the worker's own
    parse_seconds: Duration = Field(5.0, le=600)  # CPU per parse (wall-clock: 3x + 5 s)
    # Article pages fetched per feed per poll; a feed with more summary-only items gets the rest
    # in the next polls (oldest first), polled again after min_interval until none wait.
    pages_per_feed: int = Field(30, ge=1, le=10000)
    fetch_pages: bool = True  # fetch the article page when the feed carries only a summary
    # No project web site exists to point at, so the User-Agent names the software and its kind.
    user_agent: str = "storywatch/0.1.0 (self-hosted news watcher)"
    # Redirects and article links may lead anywhere a feed says: by default they are not followed
    # to loopback, private, link-local or otherwise non-public addresses (checked after DNS).
    # The host:port of a feed named in config.yaml or a rule may be private all the same.
    allow_private: bool = False
    # Several `storywatch run` workers on one PostgreSQL database (store.url); SQLite ignores both.
    # lease: how long a worker holds the due feeds it claimed for one poll (a worker that dies
    # leaves them to the others when it expires; longer than a batch's poll takes).
    # claim_batch: feeds a worker claims at a time, so the due feeds spread over the workers (a
    # worker that got a full batch claims again at once).
    lease: Duration = Field(600.0, ge=30, le=86400)
    claim_batch: int = Field(100, ge=1, le=100000)


class StoreConfig(_Strict):
    path: str = "state/storywatch.sqlite3"  # SQLite, the default for one machine
    # PostgreSQL instead, for several workers: postgresql://USER@HOST:5432/DBNAME (needs
    # `pip install 'storywatch[postgresql]'`); keep the password in PGPASSWORD or ~/.pgpass.
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("postgresql://", "postgres://")):
            raise ValueError(
                f"url must start with postgresql:// (got {v.split('://')[0]!r}); "
                "for SQLite set store.path instead"
            )
        return v

    @model_validator(mode="after")
    def _one_backend(self) -> StoreConfig:
        if self.url and "path" in self.model_fields_set:
            raise ValueError("set store.path (SQLite) or store.url (PostgreSQL), not both")
        return self


# Telegram posts webhooks to these ports only (https://core.telegram.org/bots/api#setwebhook); a
# local Bot API server (telegram-bot-api --local) takes any port, and plain http.
WEBHOOK_PORTS = (443, 80, 88, 8443)


def _host_port(v: str) -> tuple[str, int]:
    host, sep, port = v.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"listen {v!r} is not HOST:PORT (e.g. 127.0.0.1:8443, [::1]:8443)")
    return host.strip("[]"), int(port)


class WebhookConfig(_Strict):
    """Telegram posts each update to `url` (a reverse proxy in front), which forwards it to
    `listen`, python-telegram-bot's own webhook server. Several workers can share one URL. The
    secret token Telegram sends with every update is not here: it comes from the environment
    (TELEGRAM_WEBHOOK_SECRET) or the systemd credential telegram_webhook_secret, like the bot token."""

    listen: str = "127.0.0.1:8443"
    url: str  # the public address Telegram posts to, e.g. https://bot.example.org/storywatch/telegram

    @model_validator(mode="before")
    @classmethod
    def _no_secret_here(cls, data: Any) -> Any:
        if isinstance(data, dict) and "secret_token" in data:
            raise ValueError(
                "secret_token does not belong in config.yaml (it would sit there in clear): "
                "remove it and set the environment variable TELEGRAM_WEBHOOK_SECRET or the systemd "
                "credential telegram_webhook_secret"
            )
        return data

    @field_validator("listen")
    @classmethod
    def _listen(cls, v: str) -> str:
        _host_port(v)
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        parts = urlsplit(v)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(
                f"url {v!r} must be the public https:// address Telegram posts updates to, "
                "e.g. https://bot.example.org/storywatch/telegram"
            )
        if parts.fragment:
            raise ValueError(f"url {v!r}: a webhook address cannot carry a #fragment")
        try:
            parts.port  # noqa: B018 (raises for a port out of range)
        except ValueError:
            raise ValueError(f"url {v!r}: the port is not a number from 1 to 65535") from None
        return v

    @property
    def address(self) -> tuple[str, int]:
        """(host, port) the webhook server binds."""
        return _host_port(self.listen)

    @property
    def path(self) -> str:
        """The path the webhook server answers on: the public URL's (a reverse proxy passes it on
        unchanged), so one server cannot be reached by a guess at the root."""
        return urlsplit(self.url).path.rstrip("/") or "/"


class TelegramConfig(_Strict):
    api_base_url: Url = DEFAULT_API_BASE_URL
    admins: tuple[int, ...] = ()
    allowed_chats: tuple[int, ...] = ()
    open: bool = False  # true: anyone may subscribe; false: only admins and allowed_chats
    # Updates by webhook instead of long polling (the default, for one machine).
    webhook: WebhookConfig | None = None
    # Several workers on PostgreSQL: how long a message a worker claimed stays its own without an
    # outcome; a worker that dies mid-send leaves it (and its chat's next ones) to the others after
    # this, sent again and flagged as a possible repeat. Must outlast a Bot API call.
    outbox_lease: Duration = Field(120.0, ge=30, le=3600)

    @model_validator(mode="after")
    def _webhook_url(self) -> TelegramConfig:
        # Telegram's own Bot API posts only to https on four ports; a local Bot API server
        # (another api_base_url) also to http and any port, and so does the tests' fake one.
        if self.webhook is None or self.api_base_url.rstrip("/") != DEFAULT_API_BASE_URL:
            return self
        parts = urlsplit(self.webhook.url)
        if parts.scheme != "https":
            raise ValueError(
                f"webhook.url {self.webhook.url!r}: Telegram posts updates over https only; "
                "put a reverse proxy with a certificate in front of webhook.listen"
            )
        if (parts.port or 443) not in WEBHOOK_PORTS:
            raise ValueError(
                f"webhook.url {self.webhook.url!r}: Telegram posts to ports 443, 80, 88 or 8443 "
                f"only, not {parts.port}"
            )
        return self


class DigestConfig(_Strict):
    hour: int = Field(8, ge=0, le=23)
    timezone: str = "UTC"
    send_empty: bool = False
    include_repeats: bool = True
    # The day of weekly digests (stories with `digest: {cadence: weekly}`), at `hour`.
    weekday: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {v!r}: use an IANA name such as Europe/Berlin"
            ) from None
        return v


class RetentionConfig(_Strict):
    article_text_days: int = Field(90, ge=1)


class WebConfig(_Strict):
    """The read-only story pages, /healthz and /metrics (bot/web.py)."""

    # "HOST:PORT" to listen on, or "off". Loopback by default: put a reverse proxy in front to
    # publish it, and set base_url to the address people use.
    listen: str = "127.0.0.1:8088"
    base_url: str | None = None  # e.g. https://news.example.org/storywatch (links in Telegram)
    token: str | None = None  # when set, every page but /healthz needs ?token= or a Bearer header

    @field_validator("listen")
    @classmethod
    def _listen(cls, v: str) -> str:
        if v == "off":
            return v
        host, sep, port = v.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError(
                f"listen {v!r} is not HOST:PORT (e.g. 127.0.0.1:8088, [::1]:8088) or off"
            )
        return v

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("http://", "https://")):
            raise ValueError(f"base_url {v!r} must start with http:// or https://")
        return v.rstrip("/") if v else v

    @field_validator("token")
    @classmethod
    def _token(cls, v: str | None) -> str | None:
        if v is not None and len(v) < 16:
            raise ValueError("token must be at least 16 characters (or leave it out)")
        return v

    @property
    def address(self) -> tuple[str, int] | None:
        """(host, port) to bind, or None when off."""
        if self.listen == "off":
            return None
        host, _, port = self.listen.rpartition(":")
        return host.strip("[]"), int(port)


class Config(_Strict):
    rules_dir: str = "rules"
    store: StoreConfig = StoreConfig()
    poll: PollConfig = PollConfig()
    feeds: tuple[FeedConfig, ...] = ()
    telegram: TelegramConfig = TelegramConfig()
    digest: DigestConfig = DigestConfig()
    retention: RetentionConfig = RetentionConfig()
    web: WebConfig = WebConfig()
    # How claims are matched with the story's ledger: "embeddings" adds the bundled sentence model
    # (other words, other languages; judge/embed.py); "lexical" uses words only (small machines).
    matching: Literal["embeddings", "lexical"] = "embeddings"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Set by load_config, not by the file: where the file lives, to resolve relative paths.
    base_dir: str = Field(".", exclude=True)

    def resolve(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else Path(self.base_dir) / p

    @property
    def rules_path(self) -> Path:
        return self.resolve(self.rules_dir)

    @property
    def store_path(self) -> Path:
        # Under systemd (StateDirectory=) a relative store.path lives in $STATE_DIRECTORY, the one
        # writable place of a ProtectSystem=strict service; it may list several folders, ":"-separated.
        state_dir = os.environ.get("STATE_DIRECTORY", "").split(":")[0]
        path = Path(self.store.path).expanduser()
        if state_dir and not path.is_absolute():
            return Path(state_dir) / path
        return self.resolve(self.store.path)

    @property
    def store_location(self) -> str | Path:
        """What watchers.store.Store opens: store.url when set, else the SQLite file."""
        return self.store.url or self.store_path


# ---------------------------------------------------------------- rules/*.yaml


MAX_REGEX_LENGTH = 300
# Every regex of a story runs over every article its terms let through, and each costs ~0.3 ms
# to compile: a story needs a handful, and words belong under any/all (an index: any number).
MAX_REGEXES = 50
_RE2_OPTIONS: Any = None


def _re2_options() -> Any:
    global _RE2_OPTIONS
    if _RE2_OPTIONS is None:
        import re2

        options = re2.Options()
        options.case_sensitive = False
        options.log_errors = False  # RE2 would print every bad pattern to stderr via absl
        _RE2_OPTIONS = options
    return _RE2_OPTIONS


def compile_story_regex(pattern: str) -> Any:
    """Compile a rule's regex with RE2 (case-insensitive), or raise ValueError saying how to fix it.

    Story regexes run on RE2, which matches in time linear in the text whatever the pattern: a
    hand-written pattern cannot hang the service. Shapes that would backtrack catastrophically
    in other engines are still rejected, because they are always a mistake."""
    import re2

    if not pattern.strip():
        raise ValueError("empty regex: remove the entry or write a pattern")
    if len(pattern) > MAX_REGEX_LENGTH:
        raise ValueError(
            f"regex is {len(pattern)} characters long, the limit is {MAX_REGEX_LENGTH}: "
            "split it into several regex entries, or use any/all terms"
        )
    if "\b" in pattern:
        raise ValueError(
            "regex contains a backspace character: in double quotes YAML reads \\b as backspace; "
            "put regexes in single quotes, e.g. '\\bKGB\\b'"
        )
    try:
        compiled = re2.compile(pattern, _re2_options())
    except re2.error as e:
        raise ValueError(f"invalid regex {pattern!r}: {_re2_message(e)}") from None
    shape = _catastrophic_shape(pattern)
    if shape:
        raise ValueError(f"unsafe regex {pattern!r}: {shape}")
    probe = compiled.search("")
    if probe is None:
        probe = next((m for m in compiled.finditer("x 1 - _") if m.end() == m.start()), None)
    if probe is not None:
        raise ValueError(
            f"regex {pattern!r} can match empty text, so it would match every article: "
            "make each part required, e.g. 'krasnov(ite)?' instead of '(krasnov)?'"
        )
    return compiled


def _re2_message(e: Exception) -> str:
    raw = e.args[0] if e.args else str(e)
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if (
        "invalid perl operator: (?<" in text
        or "invalid perl operator: (?=" in text
        or "(?!" in text
    ):
        return (
            f"{text}: lookahead and lookbehind are not supported (regexes run on RE2, which "
            "guarantees linear time); use match.all or match.none terms instead"
        )
    if re.search(r"escape sequence: \\\d", text):
        return (
            f"{text}: backreferences like \\1 are not supported (RE2); use match.all terms instead"
        )
    if "invalid repetition size" in text:
        return f"{text}: repeat counts go up to 1000, e.g. .{{0,80}}"
    if "missing )" in text or "unexpected )" in text or "missing ]" in text:
        return f"{text}: check that every ( and [ is closed; escape literal ones as \\( or \\["
    return text


def _catastrophic_shape(pattern: str) -> str | None:
    """Nested unbounded repeats like (a+)+ or (.*)*, and repeated duplicate alternatives like
    (a|a)+: exponential in backtracking engines and never what the author meant."""
    try:
        from re import _constants as C  # noqa: N812
        from re import _parser
    except ImportError:  # a future Python may move them; RE2 still keeps matching bounded
        return None
    try:
        tree = _parser.parse(pattern)
    except Exception:  # RE2 syntax that Python cannot parse: nothing more to check
        return None
    repeats = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)

    def walk(items: Any, in_unbounded: bool) -> str | None:
        for op, av in items:
            found = None
            if op in repeats:
                _lo, hi, sub = av
                unbounded = hi == C.MAXREPEAT
                if unbounded and in_unbounded:
                    return "a repeat inside a repeat like (a+)+ or (.*)*: write a+ or .* alone"
                found = walk(sub, in_unbounded or unbounded)
            elif op == C.SUBPATTERN:
                found = walk(av[3], in_unbounded)
            elif op == C.BRANCH:
                branches = [str(b) for b in av[1]]
                if in_unbounded and len(set(branches)) < len(branches):
                    return "the same alternative twice inside a repeat like (a|a)+: write each once"
                for b in av[1]:
                    found = found or walk(b, in_unbounded)
            elif op == C.ATOMIC_GROUP:
                found = walk(av, in_unbounded)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                found = walk(av[1], in_unbounded)
            if found:
                return found
        return None

    return walk(tree, False)


def _check_regex(pattern: str) -> str:
    compile_story_regex(pattern)
    return pattern


Regex = Annotated[str, BeforeValidator(lambda v: _check_regex(v) if isinstance(v, str) else v)]
Field_ = Literal["title", "summary", "content", "author", "url"]
_TERM_WORD = re.compile(r"\w")


def _check_term(term: str) -> str:
    if not _TERM_WORD.search(term):
        raise ValueError(
            f"term {term!r} has no letters or digits, so it can never match: terms are words "
            "or phrases; put patterns under match.regex"
        )
    return term


Term = Annotated[str, BeforeValidator(lambda v: _check_term(v) if isinstance(v, str) else v)]


def _norm(term: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in re.findall(r"\w+", term))


class MatchRule(_Strict):
    any: tuple[Term, ...] = ()
    all: tuple[Term, ...] = ()
    none: tuple[Term, ...] = ()
    regex: tuple[Regex, ...] = ()
    aliases: dict[str, tuple[Term, ...]] = {}
    fields: tuple[Field_, ...] = ("title", "summary", "content")
    min_hits: int = Field(1, ge=1)

    @field_validator("regex", mode="before")
    @classmethod
    def _few_regexes(cls, v: Any) -> Any:
        # Before the items are compiled: 60,000 of them took 30 s of CPU to refuse otherwise.
        if isinstance(v, list | tuple) and len(v) > MAX_REGEXES:
            raise ValueError(
                f"{len(v)} regexes, the limit is {MAX_REGEXES}: put words and phrases under "
                "any/all/none (any number of them is cheap) and keep regex for real patterns"
            )
        return v

    @model_validator(mode="after")
    def _consistent(self) -> MatchRule:
        if not (self.any or self.all or self.regex):
            raise ValueError(
                "match needs at least one of any, all or regex: add e.g. `any: [Krasnov]` "
                "(none alone would match every other article)"
            )
        if not self.fields:
            raise ValueError(
                "match.fields is empty: list at least one of title, summary, content, author, url"
            )
        if (self.any or self.regex) and self.min_hits > len(self.any) + len(self.regex):
            raise ValueError(
                f"min_hits is {self.min_hits} but any and regex have only "
                f"{len(self.any) + len(self.regex)} entries, so nothing can match: lower min_hits "
                "or add terms"
            )
        used = {_norm(t) for t in (*self.any, *self.all, *self.none)}
        for key in self.aliases:
            if _norm(key) not in used:
                raise ValueError(
                    f"alias {key!r} is not a term in any, all or none, so it is never used: "
                    "aliases expand a term listed there; add the term or fix the spelling"
                )
        wanted = {_norm(t) for t in (*self.any, *self.all)}
        for t in self.none:
            if _norm(t) in wanted:
                raise ValueError(
                    f"term {t!r} is both wanted (any/all) and excluded (none): remove it from one"
                )
        return self


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def _check_domain(value: str) -> str:
    domain = value.strip().lower().rstrip(".")
    if "/" in domain or ":" in domain:
        host = urlsplit(domain if "//" in domain else "//" + domain).hostname or domain
        raise ValueError(
            f"{value!r} is not a domain: write just the host, e.g. {host.removeprefix('www.')!r}"
        )
    if not _DOMAIN.match(domain):
        raise ValueError(
            f"{value!r} is not a domain name: write e.g. bbc.co.uk (subdomains are included)"
        )
    return domain


Domain = Annotated[str, BeforeValidator(lambda v: _check_domain(v) if isinstance(v, str) else v)]


class Sources(_Strict):
    allow: tuple[Domain, ...] = ()
    deny: tuple[Domain, ...] = ()


_LANG = re.compile(r"^[a-z]{2,3}$")


def _check_language(value: str) -> str:
    code = value.strip().lower()
    if not _LANG.match(code):
        raise ValueError(
            f"{value!r} is not a language code: use ISO 639-1 codes such as en, de, ru"
        )
    return code


Language = Annotated[
    str, BeforeValidator(lambda v: _check_language(v) if isinstance(v, str) else v)
]


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("empty text: remove the entry or write it out")
    return value


Text = Annotated[str, BeforeValidator(lambda v: _check_text(v) if isinstance(v, str) else v)]


class StoryDigest(_Strict):
    cadence: Literal["hourly", "daily", "weekly"] | None = None


class Archive(_Strict):
    after: date | None = None
    idle_days: int | None = Field(None, ge=1)


def _parse_when(value: Any) -> Any:
    """A day (2025-02-01) or a moment (2025-02-01T09:00:00Z); naive moments are UTC."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"invalid date {value!r}: write a day as YYYY-MM-DD (2025-02-01) "
            "or a moment as 2025-02-01T09:00:00Z"
        ) from None


When = Annotated[date | datetime, BeforeValidator(_parse_when)]

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Rule(_Strict):
    id: str
    title: str
    description: str = ""
    match: MatchRule
    sources: Sources = Sources()
    languages: tuple[Language, ...] = ()  # detected per article (watchers/lang.py); empty: any
    since: When | None = None
    until: When | None = None
    feeds: tuple[FeedConfig, ...] = ()
    searches: tuple[Text, ...] = ()
    claims: tuple[Text, ...] = ()
    digest: StoryDigest = StoryDigest()
    archive: Archive = Archive()

    # Set by load_rules: the file it came from.
    path: str = Field("", exclude=True)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(
                f"invalid story id {v!r}: use 1-40 lowercase letters, digits, '-' or '_' "
                "(it is typed in Telegram: /subscribe <id>, and must fit in button data)"
            )
        return v

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.since is not None and self.until is not None:
            since = (
                self.since
                if isinstance(self.since, datetime)
                else datetime.combine(self.since, time(0))
            )
            until = (
                self.until
                if isinstance(self.until, datetime)
                else datetime.combine(self.until, time.max)
            )
            if since.replace(tzinfo=None) > until.replace(tzinfo=None):
                raise ValueError(f"since ({self.since}) is after until ({self.until}): swap them")
        return self


# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class ConfigError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _positions(node: yaml.Node | None) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Map every key path in a composed YAML document to (line, col) of its value (1-based).

    Mapping keys are also recorded under (*path, key, "__key__") to point at the key itself."""
    out: dict[tuple[Any, ...], tuple[int, int]] = {}

    def walk(n: yaml.Node, path: tuple[Any, ...]) -> None:
        out[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value
                out.setdefault(
                    (*path, key, "__key__"), (k.start_mark.line + 1, k.start_mark.column + 1)
                )
                walk(v, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, (*path, i))

    if node is not None:
        walk(node, ())
    return out


def _duplicate_keys(node: yaml.Node | None, path: Path) -> list[Problem]:
    """YAML quietly keeps the last of two equal keys; a person editing by hand never means that."""
    problems: list[Problem] = []

    def walk(n: yaml.Node) -> None:
        if isinstance(n, yaml.MappingNode):
            first: dict[Any, int] = {}
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in first:
                        problems.append(
                            Problem(
                                str(path),
                                k.start_mark.line + 1,
                                k.start_mark.column + 1,
                                f"duplicate key {k.value!r} (first on line {first[k.value]}): "
                                "YAML would silently keep only the last one; merge them",
                            )
                        )
                    else:
                        first[k.value] = k.start_mark.line + 1
                walk(v)
        elif isinstance(n, yaml.SequenceNode):
            for v in n.value:
                walk(v)

    if node is not None:
        walk(node)
    return problems


# What a YAML parser says, and what the person should do about it.
_YAML_HINTS = (
    ("cannot start any token", "found character '\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "", "put text that contains ': ' in quotes"),
    (
        "unknown escape character",
        "",
        "in double quotes \\ starts an escape: use single quotes, e.g. '\\bKGB\\b'",
    ),
    (
        "expected <block end>",
        "",
        "line the items up: keys of one mapping and '- ' items of one list share an indent",
    ),
    (
        "expected ',' or ']'",
        "",
        "close the [ ... ] list, and quote items that contain commas or colons",
    ),
    (
        "expected ',' or '}'",
        "",
        "close the { ... } mapping, and quote values that contain commas or colons",
    ),
    ("found unexpected end of stream", "", "a quote is not closed"),
    (
        "while scanning a quoted scalar",
        "",
        "a quote is not closed, or an inner quote is not doubled ('' inside '...')",
    ),
    ("found undefined alias", "", "'*' starts a YAML alias: put the text in quotes"),
    ("while scanning an alias", "", "'*' starts a YAML alias: put the text in quotes"),
    ("while scanning an anchor", "", "'&' starts a YAML anchor: put the text in quotes"),
    ("found unknown", "'@'", "'@' and '`' cannot start plain text: put it in quotes"),
)


class _PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


try:  # libyaml's parser: ~30x faster than PyYAML's pure-Python one (a 5 MB rule file in ~1 s)
    from yaml.cyaml import CParser as _FastParser  # type: ignore[attr-defined]
except ImportError:  # PyYAML built without libyaml
    _FastParser = _PyParser  # type: ignore[misc,assignment]


class RefusedYAMLError(yaml.MarkedYAMLError):
    """An anchor (&name) or alias (*name), or nesting past MAX_YAML_DEPTH: refused in config and
    rule files, whose work would otherwise grow without bound."""


MAX_YAML_DEPTH = 50  # config.yaml and rule files need 4 or 5 levels


class _Composer(yaml.composer.Composer):
    """Builds the node tree from the parser's events, refusing anchors, aliases and nesting
    deeper than MAX_YAML_DEPTH (100,000 open brackets exhausted the stack).

    Nothing in config.yaml or a story file needs to repeat a value by reference, and an alias
    makes a few hundred bytes stand for billions of values (the "billion laughs" alias bomb):
    validation walks them all. Refusing them while composing keeps every later step linear in
    the file's size, and points at the exact line."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser's, mixed in below
        if self._depth >= MAX_YAML_DEPTH:
            raise RefusedYAMLError(
                None,
                None,
                f"nested more than {MAX_YAML_DEPTH} levels deep: config.yaml and story files "
                "need 4 or 5 (see rules/README.md); close the brackets that were left open",
                event.start_mark,
            )
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise RefusedYAMLError(
                None,
                None,
                f"YAML {'alias' if sign == '*' else 'anchor'} '{sign}{event.anchor}' is not "
                "allowed here: write the value out in full, and quote text that starts with "
                f"'{sign}', e.g. '{sign}{event.anchor}'",
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _loader(parser: type) -> type:
    """Safe loading in one parse, without anchors or aliases. Dates stay text: pydantic parses
    them and reports a bad one (2025-13-01) with its position, where PyYAML would raise a bare
    ValueError."""

    class Loader(_Composer, parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)  # type: ignore[misc]
            _Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

        # The composer's methods, not the C parser's own (which would accept aliases).
        get_single_node = yaml.composer.Composer.get_single_node
        compose_document = yaml.composer.Composer.compose_document

    Loader.add_constructor(  # type: ignore[type-var]
        "tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar
    )
    return Loader


_Loader = _loader(_FastParser)
# Only for a file libyaml refused: PyYAML's own wording of the error, which _YAML_HINTS knows.
_SlowLoader = _loader(_PyParser)


def _parse(text: str, loader_class: type) -> tuple[Any, Any]:
    """(node, data) of one YAML document, parsed once."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


_BROKEN: Any = object()  # _read_yaml's data when the file could not be parsed at all


def _yaml_hint(what: str) -> str:
    for needle, also, hint in _YAML_HINTS:
        if needle in what and (not also or also in what):
            return hint
    return "see rules/README.md for the layout of a story file"


def _read_yaml(path: Path) -> tuple[Any, dict[tuple[Any, ...], tuple[int, int]], list[Problem]]:
    """(data, positions, problems). data is _BROKEN when the file could not be parsed; otherwise
    problems may still hold findings (duplicate keys) that do not stop validation."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        return _BROKEN, {}, [Problem(str(path), 1, 1, f"cannot read file: {e.strerror}")]
    except UnicodeDecodeError as e:
        msg = f"not UTF-8 text ({e.reason} at byte {e.start}): save the file as UTF-8"
        return _BROKEN, {}, [Problem(str(path), 1, 1, msg)]
    try:
        # One parse: the node tree gives positions, and the data is constructed from it.
        try:
            node, data = _parse(text, _Loader)
        except yaml.MarkedYAMLError:
            if _Loader is _SlowLoader:
                raise
            node, data = _parse(text, _SlowLoader)  # raises too, in words _yaml_hint knows
    except RefusedYAMLError as e:
        line, col = (
            (e.problem_mark.line + 1, e.problem_mark.column + 1) if e.problem_mark else (1, 1)
        )
        return _BROKEN, {}, [Problem(str(path), line, col, str(e.problem))]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x) or "invalid YAML"
        return (
            _BROKEN,
            {},
            [Problem(str(path), line, col, f"YAML syntax error: {what}: {_yaml_hint(what)}")],
        )
    except (yaml.YAMLError, ValueError, RecursionError) as e:
        return _BROKEN, {}, [Problem(str(path), 1, 1, f"YAML error: {e}")]
    return data, _positions(node), _duplicate_keys(node, path)


def _model_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The valid keys of the (sub)model that `loc` points into, for "did you mean"."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            break
        ann = fields[part].annotation
        nested = _find_model(ann)
        if nested is None:
            return []
        current = nested
    fields = getattr(current, "model_fields", {})
    return [name for name, f in fields.items() if not f.exclude]


def _find_model(ann: Any) -> type[BaseModel] | None:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()) or ():
        found = _find_model(arg)
        if found is not None:
            return found
    return None


# Fix hints for pydantic's error types (ours, raised as ValueError, carry their own).
_TYPE_HINTS = {
    "string_type": "write text; put it in quotes if it looks like a number, date or true/false",
    "list_type": "write a list: [a, b] or one '- item' per line",
    "tuple_type": "write a list: [a, b] or one '- item' per line",
    "dict_type": "write a mapping: one 'key: value' per line, indented under this key",
    "model_type": "write a mapping: one 'key: value' per line, indented under this key",
    "model_attributes_type": "write a mapping: one 'key: value' per line, indented under this key",
    "int_parsing": "write a whole number, e.g. 2",
    "int_type": "write a whole number, e.g. 2",
    "int_from_float": "write a whole number, e.g. 2",
    "float_parsing": "write a number, e.g. 0.5",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "date_parsing": "write a date as YYYY-MM-DD, e.g. 2025-02-01",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD, e.g. 2025-02-01",
    "date_type": "write a date as YYYY-MM-DD, e.g. 2025-02-01",
    "datetime_parsing": "write a date (2025-02-01) or a time (2025-02-01T09:00:00Z)",
    "datetime_from_date_parsing": "write a date (2025-02-01) or a time (2025-02-01T09:00:00Z)",
    "greater_than_equal": "",
    "less_than_equal": "",
}
_EXPECTED = re.compile(r"'([^']*)'")


def _hint_for(e: Any) -> str:
    kind = e["type"]
    if kind == "literal_error":
        expected = _EXPECTED.findall(str(e.get("ctx", {}).get("expected", "")))
        got = e.get("input")
        close = difflib.get_close_matches(str(got), expected, n=1) if isinstance(got, str) else []
        return f"did you mean {close[0]!r}?" if close else ""
    return _TYPE_HINTS.get(kind, "")


def _problems_from(
    err: ValidationError,
    model: type[BaseModel],
    path: Path,
    pos: dict[tuple[Any, ...], tuple[int, int]],
) -> list[Problem]:
    problems = []
    for e in err.errors():
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        # Pydantic puts tagged union branches and constrained types in the loc; drop what YAML lacks.
        while loc and loc not in pos and (*loc, "__key__") not in pos:
            loc = loc[:-1]
        dotted = ".".join(str(x) if not isinstance(x, int) else f"[{x}]" for x in e["loc"]).replace(
            ".[", "["
        )
        if e["type"] == "extra_forbidden":
            key = e["loc"][-1]
            line, col = pos.get((*e["loc"], "__key__"), pos.get(loc, (1, 1)))
            valid = _model_fields(model, tuple(e["loc"][:-1]))
            hint = difflib.get_close_matches(str(key), valid, n=1)
            msg = f"unknown key {key!r}"
            msg += f": did you mean {hint[0]!r}?" if hint else f" (valid keys: {', '.join(valid)})"
        else:
            line, col = pos.get(loc, (1, 1))
            text = e["msg"].removeprefix("Value error, ")
            if e["type"] == "missing":
                where = ".".join(str(x) for x in e["loc"][:-1] if not isinstance(x, int))
                text = f"required key is missing: add `{e['loc'][-1]}: ...`" + (
                    f" under {where}" if where else ""
                )
                dotted = ""
            elif hint := _hint_for(e):
                text = f"{text}: {hint}"
            msg = f"{dotted}: {text}" if dotted else text
        problems.append(Problem(str(path), line, col, msg))
    return sorted(problems, key=lambda p: (p.line, p.col))


def load_config(path: str | Path) -> Config:
    """Load and validate config.yaml; raise ConfigError listing every problem."""
    config, problems = _load_config(Path(path))
    if problems or config is None:
        raise ConfigError(problems)
    return config


def _load_config(path: Path) -> tuple[Config | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(str(path), 1, 1, "config file not found: pass --config PATH")]
    data, pos, problems = _read_yaml(path)
    if data is _BROKEN:
        return None, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [
            Problem(
                str(path),
                1,
                1,
                "config.yaml must be a mapping of keys to values, e.g. `rules_dir: rules`",
            )
        ]
    try:
        config = Config.model_validate({**data, "base_dir": str(path.resolve().parent)})
    except ValidationError as e:
        return None, sorted(
            problems + _problems_from(e, Config, path, pos), key=lambda p: (p.line, p.col)
        )
    return (None if problems else config), problems


def load_rule(path: Path) -> tuple[Rule | None, list[Problem]]:
    rule, problems, _ = _load_rule(path)
    return rule, problems


def _load_rule(
    path: Path,
) -> tuple[Rule | None, list[Problem], dict[tuple[Any, ...], tuple[int, int]]]:
    """(rule, problems, positions): the file is read and parsed once."""
    data, pos, problems = _read_yaml(path)
    if data is _BROKEN:
        return None, problems, pos
    if not isinstance(data, dict):
        what = "is empty" if data is None else f"is a {type(data).__name__}, not a mapping"
        hint = "start from rules/README.md: a rule file has id, title and match keys"
        return None, [Problem(str(path), 1, 1, f"the rule file {what}: {hint}")], pos
    try:
        rule = Rule.model_validate({**data, "path": str(path)})
    except ValidationError as e:
        problems = problems + _problems_from(e, Rule, path, pos)
        return None, sorted(problems, key=lambda p: (p.line, p.col)), pos
    return (None if problems else rule), problems, pos


def rule_files(rules_dir: Path) -> list[Path]:
    return sorted(p for p in rules_dir.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_rules_checked(rules_dir: Path) -> tuple[list[Rule], list[Problem]]:
    """Every valid rule, and every problem found on the way (a broken file does not stop the rest)."""
    if not rules_dir.is_dir():
        what = "is not a folder" if rules_dir.exists() else "does not exist"
        hint = "create it, or set rules_dir in config.yaml (relative to config.yaml)"
        return [], [Problem(str(rules_dir), 1, 1, f"rules_dir {what}: {hint}")]
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in rule_files(rules_dir):
        rule, found, pos = _load_rule(path)
        problems += found
        if rule is None:
            continue
        if rule.id in seen:
            line, col = pos.get(("id",), (1, 1))
            msg = f"duplicate story id {rule.id!r}: also in {seen[rule.id]}; give each story its own id"
            problems.append(Problem(str(path), line, col, msg))
            continue
        seen[rule.id] = str(path)
        rules.append(rule)
    return rules, problems


def load_rules(rules_dir: Path) -> list[Rule]:
    rules, problems = load_rules_checked(rules_dir)
    if problems:
        raise ConfigError(problems)
    return rules


def check(config_path: str | Path) -> tuple[Config | None, list[Rule], list[Problem]]:
    """Everything `storywatch check` reports: config problems and every rule file's problems."""
    path = Path(config_path)
    config, problems = _load_config(path)
    if config is None:
        # Still check the rules, so one run reports everything (when rules_dir can be told).
        rules_dir = _raw_rules_dir(path)
        if rules_dir is None:
            return None, [], problems
        rules, rule_problems = load_rules_checked(rules_dir)
        return None, rules, problems + rule_problems
    rules, rule_problems = load_rules_checked(config.rules_path)
    return config, rules, problems + rule_problems


def _raw_rules_dir(config_path: Path) -> Path | None:
    """rules_dir of a config file that failed validation, if the file parses and names one."""
    if not config_path.is_file():
        return None
    data, _, _ = _read_yaml(config_path)
    if data is _BROKEN:
        return None
    raw = data.get("rules_dir", "rules") if isinstance(data, dict) else "rules"
    if not isinstance(raw, str):
        return None
    p = Path(raw).expanduser()
    return p if p.is_absolute() else config_path.resolve().parent / p
