"""`storywatch feeds export|import` through the CLI itself, on a temporary config and rules folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from watchers.config import load_config
from watchers.opml import import_opml

CONFIG = """\
# storywatch test config
rules_dir: rules
store:
  path: state.sqlite3
feeds:                       # polled for every story
  - url: https://gazette.example/rss
    name: Harbour Gazette    # keep this comment
  - url: https://wire.example/rss
# after the feeds
log_level: INFO
"""

RULE = """\
id: port
title: Port tender
match:
  any: [tender]
feeds:
  - url: https://ledger.example/atom.xml
searches:
  - '"port tender"'
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "port.yaml").write_text(RULE)
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG)
    return path


def test_export_lists_config_and_story_feeds(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["feeds", "export", "--config", str(config)]) == 0
    feeds = import_opml(capsys.readouterr().out)
    assert feeds == [
        ("https://gazette.example/rss", "Harbour Gazette"),
        ("https://wire.example/rss", "https://wire.example/rss"),
        ("https://ledger.example/atom.xml", "Port tender"),
    ]
    assert main(["feeds", "export", "--searches", "--config", str(config)]) == 0
    urls = [u for u, _ in import_opml(capsys.readouterr().out)]
    assert (
        "https://news.google.com/rss/search?q=%22port+tender%22&hl=en-US&gl=US&ceid=US:en" in urls
    )


OPML = """<?xml version="1.0"?>
<opml version="2.0"><body>
  <outline text="News">
    <outline text="Gazette" xmlUrl="https://gazette.example/rss"/>
    <outline text="Radio North: evening" xmlUrl="https://radio.example/feed?x=1#top"/>
  </outline>
  <outline title="Metro" xmlUrl="https://metro.example/feed.json"/>
</body></opml>
"""


def test_import_prints_new_feeds_by_default(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(OPML)
    assert main(["feeds", "import", str(opml), "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    assert "3 feeds, 1 already configured, 2 new" in err
    assert out.startswith("feeds:\n") and "https://metro.example/feed.json" in out
    assert config.read_text() == CONFIG  # untouched without --write


def test_import_write_inserts_into_the_feeds_list_keeping_comments(
    config: Path, tmp_path: Path
) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(OPML)
    assert main(["feeds", "import", str(opml), "--write", "--config", str(config)]) == 0
    text = config.read_text()
    assert "# keep this comment" in text and "# after the feeds" in text
    assert [(f.url, f.name) for f in load_config(config).feeds] == [
        ("https://gazette.example/rss", "Harbour Gazette"),
        ("https://wire.example/rss", None),
        ("https://radio.example/feed?x=1#top", "Radio North: evening"),
        ("https://metro.example/feed.json", "Metro"),
    ]
    # Importing the same file again adds nothing.
    before = config.read_text()
    assert main(["feeds", "import", str(opml), "--write", "--config", str(config)]) == 0
    assert config.read_text() == before


def test_import_rejects_bad_opml_with_the_place(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline xmlUrl='https://a.example/rss'></body></opml>")
    assert main(["feeds", "import", str(bad), "--config", str(config)]) == 2
    assert f"{bad}: OPML line 1, column" in capsys.readouterr().err


def test_insert_feeds_edge_cases() -> None:
    from bot.cli_feeds import insert_feeds

    new = [("https://a.example/rss", "A")]
    added = insert_feeds("rules_dir: rules\n", new)
    assert added == 'rules_dir: rules\n\nfeeds:\n  - url: "https://a.example/rss"\n    name: "A"\n'
    nested = "feeds:\n- url: https://b.example/rss\nlog_level: INFO"  # no indent, no final newline
    assert insert_feeds(nested, new).startswith(
        'feeds:\n- url: https://b.example/rss\n- url: "https://a.example/rss"\n'
    )
    with pytest.raises(ValueError, match="not a block list"):
        insert_feeds("feeds: [{url: 'https://b.example/rss'}]\n", new)
    with pytest.raises(ValueError, match="not valid YAML"):
        insert_feeds("feeds: [\n", new)
