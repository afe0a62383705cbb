"""The demo story and the labelled set are judged as labelled."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.verdict import load_labelled, replay

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    ROOT / "watchers/samples/demo.yaml",
    *sorted((ROOT / "benchmarks/data/labelled").glob("*.yaml")),
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_story_articles_get_their_labels(path: Path) -> None:
    story, items = load_labelled(path)
    assert len(items) >= 8
    urls = {i.id: i.article.url for i in items}
    for item, v in replay(story, items):
        assert v.verdict == item.label, (item.id, v.reasons)
        assert v.reasons
        if item.label == "duplicate":
            assert v.duplicate_of == urls[item.duplicate_of]
