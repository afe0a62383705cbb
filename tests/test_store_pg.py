"""PostgreSQL as the store (issue 16): store.url in config.yaml, and the pipeline suite of
tests/test_pipeline.py run again with its state in a PostgreSQL database instead of a file."""

from __future__ import annotations

import inspect
import json

import pytest
import test_pipeline as tp
import yaml

from bot.cli import main
from watchers.config import ConfigError, load_config


def _write(tmp_path, store: dict) -> str:
    (tmp_path / "rules").mkdir(exist_ok=True)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"rules_dir": "rules", "store": store}), encoding="utf-8")
    return str(path)


def test_store_url_is_what_the_store_opens(tmp_path):
    url = "postgresql://storywatch@db.internal:5432/storywatch"
    config = load_config(_write(tmp_path, {"url": url}))
    assert config.store_location == url
    config = load_config(_write(tmp_path, {"path": "s.sqlite3"}))
    assert config.store_location == tmp_path / "s.sqlite3"


@pytest.mark.parametrize(
    ("store", "message"),
    [
        ({"url": "mysql://db/x"}, "url must start with postgresql://"),
        ({"url": "postgresql://db/x", "path": "s.sqlite3"}, "not both"),
    ],
)
def test_bad_store_settings_are_named(tmp_path, capsys, store, message):
    path = _write(tmp_path, store)
    with pytest.raises(ConfigError, match=message):
        load_config(path)
    assert main(["check", "--config", path]) == 2
    assert message in capsys.readouterr().out  # path:line:col: store...: message


# ---------------------------------------------------------------- the pipeline suite on PostgreSQL

# Every test of tests/test_pipeline.py that builds its project with setup_project (feeds on
# 127.0.0.1, the real pipeline and CLI) runs again here with `store: {url: ...}`.
PIPELINE = sorted(
    name
    for name, fn in vars(tp).items()
    if name.startswith("test_") and "setup_project(" in inspect.getsource(fn)
)


@pytest.fixture
def on_postgresql(monkeypatch: pytest.MonkeyPatch, pg_url: str) -> str:
    plain = tp.setup_project

    def setup_project(tmp_path, server, extra_feeds=()):
        path = plain(tmp_path, server, extra_feeds)
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        config["store"] = {"url": pg_url}
        path.write_text(yaml.safe_dump(config), encoding="utf-8")
        return path

    monkeypatch.setattr(tp, "setup_project", setup_project)
    return pg_url


def test_the_pipeline_suite_is_found():
    assert len(PIPELINE) >= 8, PIPELINE


@pytest.mark.parametrize("name", PIPELINE)
def test_pipeline_on_postgresql(name, on_postgresql, tmp_path, capsys):
    from watchers.store import Store

    fn = getattr(tp, name)
    given = {"tmp_path": tmp_path, "capsys": capsys}
    fn(**{p: given[p] for p in inspect.signature(fn).parameters})
    # It really ran on PostgreSQL, and no state file was made beside the config.
    assert not list(tmp_path.glob("state/*.sqlite3"))
    store = Store(on_postgresql)
    assert store.is_postgresql and store.db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0]
    store.close()


def test_every_command_reads_the_postgresql_store(on_postgresql, tmp_path, capsys):
    """poll, status, digest, ledger, test-rule and rematch with store.url: the state is in
    PostgreSQL, status names it without a password, and no SQLite file appears."""
    with tp.SampleServer(tp.ARTICLES[:3]) as server:
        cfg = str(tp.setup_project(tmp_path, server))
        server.visible = 3
        lines = tp.poll_json(cfg, capsys)
    assert [line["verdict"] for line in lines] == ["first", "duplicate", "repeats"]
    assert main(["status", "--json", "--config", cfg]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["store_path"] == on_postgresql  # no password in this URL to hide
    assert main(["digest", "harbour", "--all", "--config", cfg]) == 0
    assert "Daily Echo is a copy of Metro Daily" in capsys.readouterr().out
    assert main(["ledger", "harbour", "--json", "--config", cfg]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= 3
    rule = str(tmp_path / "rules" / "harbour.yaml")
    assert main(["test-rule", rule, "--config", cfg]) == 0
    assert "harbour: 3 of 3 article(s) match" in capsys.readouterr().out
    assert main(["rematch", "harbour", "--dry-run", "--config", cfg]) == 0
    assert not list(tmp_path.rglob("*.sqlite3"))


# ---------------------------------------------------------------- delivery and the bot on PostgreSQL

# tests/test_delivery.py (the outbox against the fake Bot API: 429, 403, retries, rows on the wire
# at a crash, a stop midway) and tests/test_bot.py (commands, digests, settings) again, with every
# Store those tests open pointing at one PostgreSQL database instead of their SQLite file.
import test_bot as tb  # noqa: E402
import test_delivery as td  # noqa: E402

OUTBOX_AND_BOT = sorted(
    (module.__name__, name)
    for module in (td, tb)
    for name, fn in vars(module).items()
    if name.startswith("test_") and "tmp_path" in inspect.signature(fn).parameters
)


def test_the_outbox_and_bot_suites_are_found():
    assert len([n for m, n in OUTBOX_AND_BOT if m == "test_delivery"]) >= 10, OUTBOX_AND_BOT
    assert len([n for m, n in OUTBOX_AND_BOT if m == "test_bot"]) >= 8, OUTBOX_AND_BOT


@pytest.mark.parametrize(("module", "name"), OUTBOX_AND_BOT)
def test_outbox_and_bot_on_postgresql(module, name, pg_url, monkeypatch, tmp_path, request):
    from watchers.store import Store

    mod = {"test_delivery": td, "test_bot": tb}[module]
    opened: list[Store] = []

    def on_postgresql(_path: object) -> Store:
        opened.append(Store(pg_url))
        return opened[-1]

    monkeypatch.setattr(mod, "Store", on_postgresql)
    fn = getattr(mod, name)
    fn(**{p: request.getfixturevalue(p) for p in inspect.signature(fn).parameters})
    assert opened and all(s.is_postgresql for s in opened)
    assert not list(tmp_path.rglob("*.sqlite3"))
