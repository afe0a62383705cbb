"""Validation of config.yaml and rule files: every problem kind, at path:line:col, with a fix hint."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from watchers.config import (
    ConfigError,
    Problem,
    check,
    load_config,
    load_rule,
    load_rules,
    load_rules_checked,
)

ROOT = Path(__file__).resolve().parent.parent

GOOD_RULE = """\
id: {id}
title: A story
match:
  any: [Krasnov]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    rule, problems = load_rule(write(tmp_path / "rules" / "x.yaml", text))
    assert rule is None
    assert problems
    return problems


def one(tmp_path: Path, text: str) -> Problem:
    [p] = problems_of(tmp_path, text)
    return p


def test_bundled_config_and_rules_pass_check() -> None:
    config, rules, problems = check(ROOT / "config.yaml")
    assert problems == []
    assert config is not None
    ids = {r.id for r in rules}
    assert {"krasnov", "post-office-horizon"} <= ids
    krasnov = next(r for r in rules if r.id == "krasnov")
    assert str(krasnov.since) == "2025-02-01"
    assert krasnov.searches and krasnov.claims and krasnov.match.aliases


def test_yaml_syntax_error_has_position_and_hint(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n\tany: [a]\n")
    assert (p.line, p.col) == (4, 1)
    assert "YAML syntax error" in p.message and "indent with spaces, not tabs" in p.message
    assert str(p).startswith(str(tmp_path / "rules" / "x.yaml") + ":4:1: ")


def test_unclosed_quote_hint(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: 'X\nmatch:\n  any: [a]\n")
    assert "YAML syntax error" in p.message and "quote" in p.message


def test_backslash_in_double_quotes_hint(tmp_path: Path) -> None:
    p = one(tmp_path, 'id: x\ntitle: X\nmatch:\n  regex: ["\\dKGB"]\n')
    assert p.line == 4 and "use single quotes" in p.message


def test_unknown_key_suggests_nearest(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\n  anny: [b]\n")
    assert (p.line, p.col) == (5, 3)
    assert p.message == "unknown key 'anny': did you mean 'any'?"
    top = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\nsorces:\n  deny: [x.com]\n")
    assert (top.line, top.message) == (5, "unknown key 'sorces': did you mean 'sources'?")
    far = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\nzzz: 1\n")
    assert "valid keys:" in far.message and "searches" in far.message


def test_wrong_types_point_at_the_value_with_a_hint(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\n  min_hits: two\n")
    assert (p.line, p.col) == (5, 13)
    assert p.message.startswith("match.min_hits: ") and "write a whole number" in p.message
    q = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: a\n")
    assert q.line == 4 and "write a list" in q.message
    r = one(tmp_path, "id: x\ntitle: X\nmatch: [a]\n")
    assert r.line == 3 and "write a mapping" in r.message


def test_literal_suggests_nearest_value(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\n  fields: [title, contnet]\n")
    assert (p.line, p.col) == (5, 19)
    assert "did you mean 'content'?" in p.message


def test_missing_key(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\nmatch:\n  any: [a]\n")
    assert "required key is missing: add `title: ...`" in p.message


def test_bad_url_in_story_feeds(tmp_path: Path) -> None:
    p = one(
        tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\nfeeds:\n  - url: ftp://example.com/rss\n"
    )
    assert (p.line, p.col) == (6, 10)
    assert "invalid URL" in p.message and "http://" in p.message


def test_bad_url_in_config(tmp_path: Path) -> None:
    cfg = write(tmp_path / "config.yaml", "feeds:\n  - url: example.com/rss\n")
    (tmp_path / "rules").mkdir()
    with pytest.raises(ConfigError) as e:
        load_config(cfg)
    [p] = e.value.problems
    assert (p.line, p.col) == (2, 10) and "invalid URL" in p.message


@pytest.mark.parametrize(
    ("pattern", "expect"),
    [
        ("'(unclosed'", "missing )"),
        ("'[a-'", "missing ]"),
        ("'(?<=x)y'", "lookahead and lookbehind are not supported"),
        ("'(a)\\1'", "backreferences"),
        ("'a{5000}'", "repeat counts go up to 1000"),
    ],
)
def test_invalid_regex(tmp_path: Path, pattern: str, expect: str) -> None:
    p = one(tmp_path, f"id: x\ntitle: X\nmatch:\n  regex:\n    - {pattern}\n")
    assert (p.line, p.col) == (5, 7)
    assert p.message.startswith("match.regex[0]: invalid regex")
    assert expect in p.message


@pytest.mark.parametrize("pattern", ["(a+)+", "(.*)*x", "(x|x)+y", "(?:\\w+\\s*)+$", "((ab)*c)*d"])
def test_catastrophic_regex_is_rejected(tmp_path: Path, pattern: str) -> None:
    p = one(tmp_path, f"id: x\ntitle: X\nmatch:\n  regex: ['{pattern}']\n")
    assert "unsafe regex" in p.message


@pytest.mark.parametrize("pattern", ["x?", "(krasnov)?", "a*", "\\b", "^", "foo|"])
def test_regex_matching_empty_text_is_rejected(tmp_path: Path, pattern: str) -> None:
    p = one(tmp_path, f"id: x\ntitle: X\nmatch:\n  regex: ['{pattern}']\n")
    assert "can match empty text" in p.message


@pytest.mark.parametrize(
    "pattern",
    [
        "\\bKGB\\b[^.!?]{0,80}\\b(recruit|asset)",
        "codename\\W+\\w+",
        "(?:foo|bar)+baz",
        "\\d{4}-\\d{2}",
    ],
)
def test_ordinary_regexes_pass(tmp_path: Path, pattern: str) -> None:
    rule, problems = load_rule(
        write(tmp_path / "x.yaml", f"id: x\ntitle: X\nmatch:\n  regex: ['{pattern}']\n")
    )
    assert problems == [] and rule is not None


def test_long_regex_is_rejected(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  regex: ['" + "a" * 301 + "']\n")
    assert "limit is 300" in p.message


def test_backspace_from_double_quotes(tmp_path: Path) -> None:
    p = one(tmp_path, 'id: x\ntitle: X\nmatch:\n  regex: ["\\bKGB"]\n')
    assert "single quotes" in p.message


def test_empty_match(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  none: [a]\n")
    assert (p.line, p.col) == (4, 3)
    assert "match needs at least one of any, all or regex" in p.message
    q = one(tmp_path, "id: x\ntitle: X\nmatch: {}\n")
    assert "at least one of any, all or regex" in q.message


@pytest.mark.parametrize(
    ("match", "expect"),
    [
        ("any: ['!!']", "has no letters or digits"),
        ("any: [a, b]\n  min_hits: 3", "min_hits is 3 but any and regex have only 2"),
        ("any: [Trump]\n  aliases: {Trumpp: [Donald Trump]}", "alias 'Trumpp' is not a term"),
        ("any: [Trump]\n  none: [trump]", "both wanted (any/all) and excluded (none)"),
        ("any: [a]\n  fields: []", "match.fields is empty"),
    ],
)
def test_match_consistency(tmp_path: Path, match: str, expect: str) -> None:
    p = one(tmp_path, f"id: x\ntitle: X\nmatch:\n  {match}\n")
    assert expect in p.message


@pytest.mark.parametrize(
    ("entry", "expect"),
    [
        ("https://www.bbc.co.uk/news", "write just the host, e.g. 'bbc.co.uk'"),
        ("bbc", "is not a domain name"),
    ],
)
def test_bad_source_domain(tmp_path: Path, entry: str, expect: str) -> None:
    p = one(tmp_path, f"id: x\ntitle: X\nmatch:\n  any: [a]\nsources:\n  deny: ['{entry}']\n")
    assert (p.line, p.col) == (6, 10) and expect in p.message


def test_domains_are_normalized(tmp_path: Path) -> None:
    rule, _ = load_rule(
        write(
            tmp_path / "x.yaml",
            "id: x\ntitle: X\nmatch: {any: [a]}\nsources: {allow: [BBC.co.uk.]}\n",
        )
    )
    assert rule is not None and rule.sources.allow == ("bbc.co.uk",)


def test_dates(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch: {any: [a]}\nsince: 2025-13-01\n")
    assert (p.line, p.col) == (4, 8) and "write a day as YYYY-MM-DD" in p.message
    q = one(tmp_path, "id: x\ntitle: X\nmatch: {any: [a]}\nsince: 2025-03-01\nuntil: 2025-02-01\n")
    assert "is after until" in q.message


def test_language_codes(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch: {any: [a]}\nlanguages: [english]\n")
    assert "ISO 639-1" in p.message


def test_bad_story_id(tmp_path: Path) -> None:
    p = one(tmp_path, "id: Krasnov Story\ntitle: X\nmatch: {any: [a]}\n")
    assert (p.line, p.col) == (1, 5) and "invalid story id" in p.message


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\n  any: [b]\n")
    assert (p.line, p.col) == (5, 3)
    assert "duplicate key 'any' (first on line 4)" in p.message


def test_rule_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert "is empty" in one(tmp_path, "").message
    assert "not a mapping" in one(tmp_path, "- a\n- b\n").message


def test_duplicate_story_id_across_files(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", GOOD_RULE.format(id="same"))
    write(tmp_path / "b.yaml", "# second\n" + GOOD_RULE.format(id="same"))
    rules, problems = load_rules_checked(tmp_path)
    assert [r.path for r in rules] == [str(tmp_path / "a.yaml")]
    [p] = problems
    assert (p.path, p.line, p.col) == (str(tmp_path / "b.yaml"), 2, 5)
    assert "duplicate story id 'same': also in" in p.message and "a.yaml" in p.message


def test_missing_rules_dir(tmp_path: Path) -> None:
    write(tmp_path / "config.yaml", "rules_dir: nowhere\n")
    config, rules, problems = check(tmp_path / "config.yaml")
    [p] = problems
    assert p.path == str(tmp_path / "nowhere") and "rules_dir does not exist" in p.message
    assert "set rules_dir in config.yaml" in p.message
    with pytest.raises(ConfigError):
        load_rules(tmp_path / "nowhere")


def test_every_problem_in_one_run(tmp_path: Path) -> None:
    """A broken config.yaml does not hide the problems of the rule files."""
    write(tmp_path / "config.yaml", "rules_dir: stories\npoll:\n  intervall: 5m\n")
    write(tmp_path / "stories" / "a.yaml", "id: a\ntitle: A\nmatch:\n  any: [x]\n  anny: [y]\n")
    write(tmp_path / "stories" / "b.yaml", "id: b\ntitle: B\nmatch: {any: [x]}\nsince: someday\n")
    write(tmp_path / "stories" / "c.yaml", GOOD_RULE.format(id="c"))
    config, rules, problems = check(tmp_path / "config.yaml")
    assert config is None
    assert [r.id for r in rules] == ["c"]
    assert [(Path(p.path).name, p.line) for p in problems] == [
        ("config.yaml", 3),
        ("a.yaml", 5),
        ("b.yaml", 4),
    ]
    assert "did you mean 'interval'?" in problems[0].message


def test_several_problems_in_one_file_sorted_by_line(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path, "id: x\ntitle: X\nmatch:\n  any: [a]\n  anny: [b]\n  min_hits: x\nsince: nope\n"
    )
    assert [p.line for p in problems] == [5, 6, 7]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"id: x\ntitle: \xff\n")
    _, [p] = load_rule(path)
    assert "not UTF-8" in p.message and "save the file as UTF-8" in p.message


# ---------------------------------------------------------------- hostile YAML

# "Billion laughs": ~500 bytes that stand for 9**9 strings once aliases are followed.
ALIAS_BOMB = (
    "id: bomb\ntitle: Bomb\nmatch:\n  any: [lol]\n"
    + "claims: &a ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n"
    + "".join(
        f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n"
        for p, k in zip("abcdefgh", "bcdefghi", strict=True)
    )
)


def _check_cli(cfg: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "check", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def test_alias_bomb_in_a_rule_file_is_refused_at_once(tmp_path: Path) -> None:
    """Before: `check` (and start-up, and /reload) walked every alias: hours of CPU."""
    assert len(ALIAS_BOMB.encode()) < 600
    cfg = write(tmp_path / "config.yaml", "rules_dir: rules\n")
    write(tmp_path / "rules" / "good.yaml", GOOD_RULE.format(id="good"))
    bomb = write(tmp_path / "rules" / "bomb.yaml", ALIAS_BOMB)
    started = time.monotonic()
    try:
        done = _check_cli(cfg, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("storywatch check still walking the aliases after 30 s")
    assert time.monotonic() - started < 30
    assert done.returncode == 2
    [line] = done.stdout.splitlines()
    assert line.startswith(f"{bomb}:5:9: YAML anchor '&a' is not allowed")
    assert "write the value out in full" in line


def test_aliases_are_refused_where_they_are_used(tmp_path: Path) -> None:
    text = "id: x\ntitle: X\nmatch:\n  any: [Krasnov]\nclaims: [&first one]\nsearches: [*first]\n"
    p = one(tmp_path, text)
    assert (p.line, p.col) == (5, 10) and "anchor '&first'" in p.message
    # An alias whose anchor is missing is refused the same way (YAML would call it undefined).
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [*Krasnov]\n")
    assert (p.line, p.col) == (4, 9)
    assert "alias '*Krasnov' is not allowed" in p.message and "'*Krasnov'" in p.message
    # Quoted, the same text is a plain term.
    assert load_rule(write(tmp_path / "q.yaml", "id: q\ntitle: Q\nmatch:\n  any: ['*Krasnov']\n"))[
        0
    ]


def test_config_yaml_refuses_aliases_too(tmp_path: Path) -> None:
    cfg = write(
        tmp_path / "config.yaml",
        "rules_dir: rules\npoll: &p\n  interval: 5m\ndigest:\n  <<: *p\n",
    )
    write(tmp_path / "rules" / "a.yaml", GOOD_RULE.format(id="a"))
    with pytest.raises(ConfigError) as e:
        load_config(cfg)
    [p] = e.value.problems
    assert (p.path, p.line, p.col) == (str(cfg), 2, 7) and "anchor '&p'" in p.message


def test_a_5_mb_rule_file_is_parsed_once(tmp_path: Path) -> None:
    """Before: 15-18 s of CPU, the file parsed four times by the pure-Python parser."""
    claims = "".join(
        f'  - "Claim {i}: the minister met the contractor on day {i} of the tender."\n'
        for i in range(70_000)
    )
    big = write(
        tmp_path / "rules" / "big.yaml",
        "id: big\ntitle: Big\nmatch:\n  any: [minister]\nclaims:\n" + claims,
    )
    assert big.stat().st_size > 5_000_000
    cfg = write(tmp_path / "config.yaml", "rules_dir: rules\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = _check_cli(cfg, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 stories" in done.stdout
    # ~1.5 s now (one libyaml parse, ~1 s of it start-up and validation); the bound leaves room.
    assert cpu < 6, f"check of a 5 MB rule file took {cpu:.1f} s of CPU"


def test_deep_nesting_is_refused_at_the_line(tmp_path: Path) -> None:
    """Before: 100,000 open brackets ended in "maximum recursion depth exceeded" at 1:1."""
    p = one(tmp_path, "id: x\ntitle: X\nmatch:\n  any: [x]\nclaims: " + "[" * 100_000 + "\n")
    assert (p.line, p.col) == (5, 58)
    assert p.message.startswith("nested more than 50 levels deep")


def test_thousands_of_regexes_are_refused_before_compiling_them(tmp_path: Path) -> None:
    """Before: 60,000 regexes took ~30 s of CPU to validate (each ~0.5 ms to compile and check),
    and every article would have run them all."""
    regexes = "".join(f"    - 'word{i}\\b[^.]{{0,80}}\\bother{i}'\n" for i in range(60_000))
    started = time.process_time()
    p = one(tmp_path, "id: rx\ntitle: R\nmatch:\n  regex:\n" + regexes)
    assert time.process_time() - started < 10
    assert (p.line, p.col) == (5, 5)
    assert "match.regex: 60000 regexes, the limit is 50" in p.message
    assert "any/all/none" in p.message
