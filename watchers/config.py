"""config.yaml and rules/*.yaml: schemas, loading, and position-aware validation."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
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
        raise ValueError(f"invalid URL {url!r}: it must start with http:// or https:// and name a host")
    return url


Url = Annotated[str, BeforeValidator(lambda v: check_url(v) if isinstance(v, str) else v)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- config.yaml


class FeedConfig(_Strict):
    url: Url
    name: str | None = None
    interval: Duration | None = None  # default: poll.interval


class PollConfig(_Strict):
    interval: Duration = 900.0
    min_interval: Duration = 60.0
    max_interval: Duration = 86400.0
    jitter: float = Field(0.1, ge=0, le=0.5)
    timeout: Duration = 20.0
    max_bytes: int = Field(5_000_000, gt=0)
    concurrency: int = Field(16, ge=1, le=256)
    per_host: int = Field(2, ge=1, le=32)
    fetch_pages: bool = True  # fetch the article page when the feed carries only a summary
    user_agent: str = "storywatch/0.1 (+https://github.com/storywatch/storywatch)"


class StoreConfig(_Strict):
    path: str = "state/storywatch.sqlite3"


class TelegramConfig(_Strict):
    api_base_url: Url = DEFAULT_API_BASE_URL
    admins: tuple[int, ...] = ()
    allowed_chats: tuple[int, ...] = ()
    open: bool = False  # true: anyone may subscribe; false: only admins and allowed_chats


class DigestConfig(_Strict):
    hour: int = Field(8, ge=0, le=23)
    timezone: str = "UTC"
    send_empty: bool = False
    include_repeats: bool = True

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {v!r}: use an IANA name such as Europe/Berlin") from None
        return v


class RetentionConfig(_Strict):
    article_text_days: int = Field(90, ge=1)


class Config(_Strict):
    rules_dir: str = "rules"
    store: StoreConfig = StoreConfig()
    poll: PollConfig = PollConfig()
    feeds: tuple[FeedConfig, ...] = ()
    telegram: TelegramConfig = TelegramConfig()
    digest: DigestConfig = DigestConfig()
    retention: RetentionConfig = RetentionConfig()
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


# ---------------------------------------------------------------- rules/*.yaml


def _compile_regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as e:
        raise ValueError(f"invalid regex {pattern!r}: {e}") from None
    return pattern


Regex = Annotated[str, BeforeValidator(lambda v: _compile_regex(v) if isinstance(v, str) else v)]
Field_ = Literal["title", "summary", "content", "author", "url"]


class MatchRule(_Strict):
    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    none: tuple[str, ...] = ()
    regex: tuple[Regex, ...] = ()
    aliases: dict[str, tuple[str, ...]] = {}
    fields: tuple[Field_, ...] = ("title", "summary", "content")
    min_hits: int = Field(1, ge=1)

    @model_validator(mode="after")
    def _something(self) -> MatchRule:
        if not (self.any or self.all or self.regex):
            raise ValueError("match needs at least one of any, all or regex")
        return self


class Sources(_Strict):
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()


class StoryDigest(_Strict):
    cadence: Literal["hourly", "daily", "weekly"] | None = None


class Archive(_Strict):
    after: date | None = None
    idle_days: int | None = Field(None, ge=1)


_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class Rule(_Strict):
    id: str
    title: str
    description: str = ""
    match: MatchRule
    sources: Sources = Sources()
    languages: tuple[str, ...] = ()
    since: date | datetime | None = None
    until: date | datetime | None = None
    feeds: tuple[FeedConfig, ...] = ()
    searches: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
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
                out[(*path, key, "__key__")] = (k.start_mark.line + 1, k.start_mark.column + 1)
                walk(v, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, (*path, i))

    if node is not None:
        walk(node, ())
    return out


def _read_yaml(path: Path) -> tuple[Any, dict[tuple[Any, ...], tuple[int, int]], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        return None, {}, [Problem(str(path), 1, 1, f"cannot read file: {e.strerror}")]
    except UnicodeDecodeError as e:
        return None, {}, [Problem(str(path), 1, 1, f"not UTF-8 text: {e.reason}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x) or "invalid YAML"
        return None, {}, [Problem(str(path), line, col, f"YAML syntax error: {what}")]
    except yaml.YAMLError as e:
        return None, {}, [Problem(str(path), 1, 1, f"YAML error: {e}")]
    return data, _positions(node), []


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


def _problems_from(
    err: ValidationError, model: type[BaseModel], path: Path, pos: dict[tuple[Any, ...], tuple[int, int]]
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
                text = "required key is missing"
            msg = f"{dotted}: {text}" if dotted else text
        problems.append(Problem(str(path), line, col, msg))
    return problems


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
    if problems:
        return None, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem(str(path), 1, 1, "config.yaml must be a mapping of keys to values")]
    try:
        config = Config.model_validate({**data, "base_dir": str(path.resolve().parent)})
    except ValidationError as e:
        return None, _problems_from(e, Config, path, pos)
    return config, []


def load_rule(path: Path) -> tuple[Rule | None, list[Problem]]:
    data, pos, problems = _read_yaml(path)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(str(path), 1, 1, "a rule file must be a mapping with id, title and match")]
    try:
        return Rule.model_validate({**data, "path": str(path)}), []
    except ValidationError as e:
        return None, _problems_from(e, Rule, path, pos)


def rule_files(rules_dir: Path) -> list[Path]:
    return sorted(p for p in rules_dir.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def load_rules_checked(rules_dir: Path) -> tuple[list[Rule], list[Problem]]:
    """Every valid rule, and every problem found on the way (a broken file does not stop the rest)."""
    if not rules_dir.is_dir():
        return [], [Problem(str(rules_dir), 1, 1, "rules_dir does not exist or is not a folder")]
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in rule_files(rules_dir):
        rule, found = load_rule(path)
        problems += found
        if rule is None:
            continue
        if rule.id in seen:
            _, pos, _ = _read_yaml(path)
            line, col = pos.get(("id",), (1, 1))
            problems.append(
                Problem(str(path), line, col, f"duplicate story id {rule.id!r}: also in {seen[rule.id]}")
            )
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
    config, problems = _load_config(Path(config_path))
    if config is None:
        return None, [], problems
    rules, rule_problems = load_rules_checked(config.rules_path)
    return config, rules, problems + rule_problems
