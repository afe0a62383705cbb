"""What a subscriber reads: outlets named (not hosts), a time per article, no "new claim" lines
under ONLY REPEATS, no internal names. Real judging on an invented story (our own text)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from fakebotapi import parse_html

from bot.digest import build_digest, render_text
from bot.render import render_digest, render_reasons
from judge.ledger import DuplicateIndex, Ledger
from judge.verdict import judge, record
from watchers.models import Article, Judged
from watchers.store import Store

FIRST = """A fire broke out at the Nordcam fertiliser depot in Veldra late on Monday, sending a plume of smoke over the town.

Twelve people were taken to hospital with breathing problems, the regional health office said.

Residents of the Oster district were told to keep their windows closed overnight.

Local councillor Mara Lind said on Facebook that workers had complained about leaking tanks for months.

Nordcam, which employs 140 people in Veldra, has not commented on the cause of the fire.
"""

# The same report retold, with one sentence of its own that names nothing new.
RETOLD = """Twelve people needed hospital care for breathing problems after the fire at the Nordcam depot in Veldra, according to the regional health office.

People in the Oster district were asked to keep their windows closed overnight.

Workers had raised the leaking tanks for months, councillor Mara Lind wrote in a post.

Nordcam, a firm with 140 staff in Veldra, has said nothing about the cause of the fire.

The fire was seen from many parts of the town as the night went on.
"""


def _article(n: int, text: str, source: str) -> Article:
    # Served from loopback, as in tests and many self-hosted setups: the host says nothing.
    return Article(
        identity=f"a{n}",
        url=f"http://127.0.0.1:8{n}00/veldra-{n}",
        title=f"Veldra depot fire, report {n}",
        text=text,
        author="",
        published=datetime(2026, 5, 10 + n, 9, 30, tzinfo=UTC),
        source=source,
        feed_url=f"http://127.0.0.1:8{n}00/feed",
    )


def _story() -> tuple[Ledger, DuplicateIndex, Judged]:
    ledger, dups = Ledger(), DuplicateIndex()
    first = _article(0, FIRST, "Veldra Courier")
    v = judge(first, ledger, dups)
    record(first, v, ledger, dups)
    return ledger, dups, Judged("veldra", first, v)


def test_a_copy_names_the_outlet_it_copies_not_its_host(tmp_path) -> None:
    ledger, dups, _ = _story()
    copy = _article(1, FIRST, "Wire Service")
    v = judge(copy, ledger, dups)
    assert v.verdict == "duplicate"
    assert v.duplicate_source == "Veldra Courier"
    # The original is in an earlier digest: only the verdict can name its outlet.
    d = build_digest("veldra", "Veldra depot fire", [Judged("veldra", copy, v)])
    for text in (render_digest(d), render_text(d)):
        assert "Veldra Courier" in text
        assert "copy of 127.0.0.1" not in text and ">127.0.0.1<" not in text
    # ... and it survives the store (verdicts are JSON in SQLite).
    store = Store(tmp_path / "state.db")
    now = datetime(2026, 5, 12, tzinfo=UTC)
    article_id = store.save_article(copy, content_hash="x", now=now)
    store.save_judged(Judged("veldra", copy, v), article_id=article_id, now=now)
    [(_, back)] = store.judged("veldra", after_id=0)
    assert back.verdict.duplicate_source == "Veldra Courier"
    store.close()


def test_a_copy_of_a_pure_retelling_names_the_reteller() -> None:
    ledger, dups, _ = _story()
    retold = _article(1, RETOLD, "Oster Post")
    v = judge(retold, ledger, dups)
    assert v.verdict == "repeats"
    record(retold, v, ledger, dups)
    copy = replace(_article(2, RETOLD, "Wire Service"))
    v2 = judge(copy, ledger, dups)
    assert v2.verdict == "duplicate"
    assert v2.duplicate_source == "Oster Post"


def test_every_article_line_says_when_it_was_published() -> None:
    _, _, first = _story()
    d = build_digest("veldra", "Veldra depot fire", [first])
    assert "10 May 09:30 UTC" in render_digest(d)
    assert "10 May 09:30 UTC" in render_text(d)
    berlin = build_digest("veldra", "Veldra depot fire", [first], tz="Europe/Berlin")
    assert "10 May 11:30 CEST" in render_digest(berlin)
    parse_html(render_digest(berlin))  # still valid Telegram HTML


def test_a_retelling_lists_no_new_claim_under_only_repeats() -> None:
    ledger, dups, first = _story()
    retold = _article(1, RETOLD, "Oster Post")
    v = judge(retold, ledger, dups)
    assert v.verdict == "repeats"
    assert not any(r.startswith("new claim") for r in v.reasons), v.reasons
    j = Judged("veldra", retold, v)
    d = build_digest("veldra", "Veldra depot fire", [first, j])
    for text in (render_digest(d), render_text(d), render_reasons(j)):
        assert "new claim" not in text.lower().split("only repeats")[-1]
    assert "new claim" not in render_reasons(j).lower()


def test_no_internal_names_reach_the_reader() -> None:
    ledger, dups, first = _story()
    text = FIRST + (
        "\nThe regional health office published its incident report on Wednesday, which lists "
        "twelve admissions and 31 outpatient visits.\n"
        "\nFire chief Oskar Brandt said on record that the tanks had not been inspected since 2019.\n"
    )
    art = _article(1, text, "Oster Post")
    v = judge(art, ledger, dups)
    j = Judged("veldra", art, v)
    d = build_digest("veldra", "Veldra depot fire", [first, j])
    for out in (render_digest(d), render_text(d), render_reasons(j)):
        for internal in ("on_record", "new_evidence", "new_claims", "[text from page]", "_"):
            assert internal not in out.replace(art.url, "").replace(first.article.url, ""), (
                internal,
                out,
            )


# A follow-up whose new facts sit inside commentary on what they stirred.
FRAMED = """Coverage of the fire has sharpened the focus on Nordcam, particularly after inspectors found that two of the depot's tanks had failed a pressure test in March.

A leaked memo shows that Nordcam postponed the repair of both tanks to next year, fuelling speculation that the company knew of the risk.

The reports have intensified scrutiny of the regional permit office.
"""


def test_a_digest_gives_what_a_claim_states_without_the_commentary_around_it() -> None:
    ledger, dups, first = _story()
    framed = _article(1, FRAMED, "Oster Post")
    v = judge(framed, ledger, dups)
    new = [c.claim.text for c in v.new_claims]
    # A frame with nothing inside it is no claim at all.
    assert not any("permit office" in t for t in new), new
    j = Judged("veldra", framed, v)
    d = build_digest("veldra", "Veldra depot fire", [first, j])
    for text in (render_text(d), parse_html(render_digest(d))):
        assert "Inspectors found that two of the depot's tanks had failed a pressure test" in text
        assert "postponed the repair of both tanks to next year." in text
        for frame in ("sharpened the focus", "fuelling speculation", "intensified scrutiny"):
            assert frame not in text, text
