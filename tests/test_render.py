"""Telegram HTML rendering: golden digest, escaping, splitting at 4096 UTF-16 units, fallback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fakebotapi import parse_html, utf16_len
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.digest import build_digest
from bot.render import (
    esc,
    html_to_text,
    link,
    render_alert,
    render_digest,
    render_reasons,
    render_repeats,
    render_summary,
    split_html,
    visible_length,
)
from watchers.models import Article, ArticleVerdict, Claim, ClaimVerdict, Evidence, Judged

GOLDEN = Path(__file__).parent / "data" / "render"
T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def art(source: str, url: str, title: str, day: int = 3) -> Article:
    return Article(
        identity=url,
        url=url,
        title=title,
        text="",
        author="",
        published=T0.replace(day=day),
        source=source,
        feed_url="https://feeds.example/rss",
    )


def seen(text: str, first_url: str, first_source: str) -> ClaimVerdict:
    return ClaimVerdict(Claim(text), "seen", first_url=first_url, first_source=first_source)


FIRST = "https://metro.example/a1"
ITEMS = [
    Judged(
        "harbour",
        art("Metro <Daily>", FIRST, 'Port contract: "five bidders" & a signed deal'),
        ArticleVerdict(
            "first",
            (ClaimVerdict(Claim("The port says five firms bid."), "new"),),
            reasons=("first article",),
        ),
    ),
    Judged(
        "harbour",
        art(
            "Coastal Ledger",
            "https://ledger.example/tender?id=1&v=2",
            "Audit office publishes the tender file",
            4,
        ),
        ArticleVerdict(
            "new_evidence",
            (ClaimVerdict(Claim("The file lists two bidders."), "new"),),
            evidence=(
                Evidence("The 2023 tender file lists two bidders.", "document", "primary document"),
            ),
            reasons=("new document: the tender file", "contradicts the port's count"),
        ),
    ),
    Judged(
        "harbour",
        art("Radio North", "https://radio.example/n", "Ex-board member speaks", 4),
        ArticleVerdict(
            "new_claims",
            (ClaimVerdict(Claim("The deal was signed before the tender closed."), "new"),),
        ),
    ),
    Judged(
        "harbour",
        art("Daily Echo", "https://echo.example/x", "Port row deepens", 4),
        ArticleVerdict("repeats", (seen("Five firms bid.", FIRST, "Metro <Daily>"),)),
    ),
    Judged(
        "harbour",
        art("City Wire", "https://wire.example/x", "Port row deepens", 4),
        ArticleVerdict("duplicate", duplicate_of="https://echo.example/x"),
    ),
]


def test_digest_matches_golden_and_is_valid_telegram_html() -> None:
    d = build_digest("harbour", "Harbour <contract> probe", ITEMS)
    out = render_digest(d)
    expected = (GOLDEN / "digest.html").read_text(encoding="utf-8")
    assert out == expected.rstrip("\n")
    visible = parse_html(out)
    assert "Metro <Daily>" in visible and "Harbour <contract> probe" in visible
    # Ordered by novelty: first report, evidence, claims, then the folded repeats line.
    assert (
        visible.index("FIRST REPORT") < visible.index("NEW EVIDENCE") < visible.index("NEW CLAIMS")
    )
    assert visible.index("NEW CLAIMS") < visible.index("ONLY REPEATS (2)")
    assert "2 more articles repeat earlier reports: Daily Echo (first: Metro <Daily>)" in visible
    assert "City Wire (copy of Daily Echo)" in visible


def test_digest_without_repeats_folds_them_to_a_count() -> None:
    out = render_digest(build_digest("harbour", "H", ITEMS), include_repeats=False)
    assert "2 more articles only repeat earlier reports." in parse_html(out)
    assert "echo.example" not in out


def test_alert_reasons_repeats_and_summary_are_valid_html() -> None:
    for markup in (
        render_alert("H & co", ITEMS[1]),
        render_reasons(ITEMS[1]),
        render_reasons(ITEMS[3]),
        render_reasons(ITEMS[4]),
        render_repeats("H", ITEMS),
        render_repeats("H", ITEMS[:1]),
        render_summary("H", ITEMS),
        render_summary("H", []),
    ):
        assert parse_html(markup).strip()
    assert "contradicts the port" in parse_html(render_reasons(ITEMS[1]))
    summary = parse_html(render_summary("H", ITEMS))
    assert "5 articles" in summary and "first reported by Metro <Daily> on 3 Mar" in summary


def test_link_refuses_odd_schemes_and_escapes_quotes() -> None:
    assert link("javascript:alert(1)", "x<y") == "x&lt;y"
    assert link('https://a.example/"q"', "t") == '<a href="https://a.example/&quot;q&quot;">t</a>'


def test_split_keeps_tags_balanced_and_prefers_newlines() -> None:
    markup = "\n".join(f"<b>line {i}</b> {esc('a&b')}" for i in range(40))
    parts = split_html(markup, 100)
    assert len(parts) > 1
    for p in parts:
        text = parse_html(p)
        assert utf16_len(text) <= 100
        assert not text.startswith(" ")
    # Cut at line ends: every part ends with a whole line.
    assert all(p.rstrip("\n").endswith("a&amp;b") for p in parts)


def test_split_reopens_a_tag_cut_in_the_middle() -> None:
    markup = '<a href="https://x.example/">' + "y" * 250 + "</a>"
    parts = split_html(markup, 100)
    assert [visible_length(p) for p in parts] == [100, 100, 50]
    assert all(p.startswith('<a href="https://x.example/">') and p.endswith("</a>") for p in parts)


def test_split_counts_utf16_units_and_never_halves_an_emoji() -> None:
    markup = "\U0001f600" * 3000  # 6000 UTF-16 units
    parts = split_html(markup)
    assert [utf16_len(parse_html(p)) for p in parts] == [4096, 1904]


def test_html_to_text_keeps_links_when_they_fit() -> None:
    markup = '<b>A &amp; B</b> <a href="https://x.example/?a=1&amp;b=2">story</a>'
    assert html_to_text(markup) == "A & B story (https://x.example/?a=1&b=2)"
    assert html_to_text(markup, limit=12) == "A & B story"


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(
        st.tuples(st.sampled_from(["", "b", "i", "a", "code", "pre"]), TEXT), max_size=12
    ),
    limit=st.integers(min_value=2, max_value=300),
)
@example(pieces=[("", ""), ("", ""), ("", "")], limit=2)  # whitespace only, wider than the limit
def test_any_text_renders_to_valid_chunks_within_the_limit(
    pieces: list[tuple[str, str]], limit: int
) -> None:
    markup = ""
    for tag, text in pieces:
        if tag == "a":
            markup += link("https://e.example/?q=" + text[:20], text)
        elif tag:
            markup += f"<{tag}>{esc(text)}</{tag}>"
        else:
            markup += esc(text) + "\n"
    expected = parse_html(markup)
    parts = split_html(markup, limit)
    seen_text = ""
    for p in parts:
        visible = parse_html(p)  # raises on unbalanced tags, cut entities or stray < &
        assert utf16_len(visible) <= limit
        seen_text += visible
    # Nothing is lost or invented: only whitespace-only stretches may be dropped.
    assert "".join(seen_text.split()) == "".join(expected.split())
    assert utf16_len(html_to_text(markup, limit)) <= limit


def test_evidence_kinds_are_named_in_plain_words() -> None:
    from bot.digest import evidence_label

    assert evidence_label("on_record") == "named source on record"
    assert evidence_label("official") == "official statement"
    assert evidence_label("document") == "document"
