"""Page text without page furniture: promos, prompts and credits go; paragraphs and fact boxes stay.
An outlet's lines repeated under unrelated articles are learned and dropped (RepeatedLines)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from httpserver import LoopbackServer

from judge.claims import extract_claims
from watchers.config import PollConfig
from watchers.fetch import Fetcher
from watchers.models import Article, Entry
from watchers.store import Store
from watchers.text import (
    EarlierArticle,
    RepeatedLines,
    article_text,
    drop_furniture,
    host_of,
    is_furniture,
    page_text,
)

NOW = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
TITLE = "Harbour authority delays the dredging contract"

PARAGRAPHS = [
    "The harbour authority on Wednesday postponed the award of its dredging contract by six "
    "weeks, citing a complaint from one of the three bidders.",
    "The complaint, filed by Saltmarsh Dredging on 28 April, argues that the tender's "
    "environmental criteria were changed after bids had been submitted.",
    "Authority spokesperson Mara Lind said the board would review the criteria at its June "
    "meeting and that the contract was still expected to start in the autumn.",
    "Saltmarsh Dredging's chief executive declined to comment on the complaint beyond the "
    "filing itself, which runs to 41 pages.",
    "Port users have warned that a later start would push the work into the winter storm "
    "season, when the dredgers cannot operate safely.",
]
FACT_ITEMS = [
    "Contract value: 18.4 million euros",
    "Bidders: three, one of which has complained",
    "Planned start: October, now under review",
]
FURNITURE = [
    "Sign up for our morning newsletter and get the day's top stories in your inbox.",
    "Join our WhatsApp community for breaking news alerts.",
    "Our community members are treated to special offers, promotions and adverts from us and "
    "our partners.",
    "This is a developing story.",
    "We're sorry, this feature is currently unavailable. We're working to restore it.",
    "Share this article on Facebook",
    "Photograph: Jan Ostrow/Coastal Photo Agency",
    "Leave a comment",
]

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{TITLE} | Coastal Ledger</title>
<meta name="author" content="Ines Varga"></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<main><article>
<h1>{TITLE}</h1>
<p class="byline">By Ines Varga</p>
<div class="share-bar"><a href="#">Share this article on Facebook</a> <a href="#">Tweet</a>
<a href="#">Email</a></div>
<p><strong>{FURNITURE[3]}</strong></p>
<figure><img src="/dredger.jpg" alt="A dredger"><figcaption>{FURNITURE[6]}</figcaption></figure>
<p>{PARAGRAPHS[0]}</p>
<p>{PARAGRAPHS[1]}</p>
<p>{FURNITURE[1]}</p>
<p>{PARAGRAPHS[2]}</p>
<aside class="fact-box"><p>Key numbers:</p><ul>
{"".join(f"<li>{item}</li>" for item in FACT_ITEMS)}
</ul></aside>
<p>{PARAGRAPHS[3]}</p>
<p>{FURNITURE[4]}</p>
<div class="newsletter-signup"><p>{FURNITURE[0]}</p>
<form><input type="email" placeholder="Your email address"><button>Sign up</button></form></div>
<p>{PARAGRAPHS[4]}</p>
<p><em>{FURNITURE[2]}</em></p>
</article>
<section class="comments"><h3>Comments (2)</h3><p>{FURNITURE[7]}</p>
<div class="comment"><p>Reader42: This contract was always going to be delayed, typical.</p></div>
</section>
</main>
<footer><p>About us</p><p>Contact</p><p>© 2024 Coastal Ledger. All rights reserved.</p></footer>
</body></html>
"""


def test_the_page_text_keeps_paragraphs_and_the_fact_box_and_drops_the_furniture() -> None:
    text, author = page_text(PAGE.encode(), "text/html; charset=utf-8", title=TITLE)
    for p in PARAGRAPHS:
        assert p in text
    for item in FACT_ITEMS:
        assert f"• {item}" in text
    assert "\n".join(f"• {item}" for item in FACT_ITEMS) in text  # one list, items as lines
    for line in FURNITURE:
        assert line not in text
    for leftover in (
        "WhatsApp",
        "newsletter",
        "developing story",
        "unavailable",
        "Photograph",
        "Share",
        "Reader42",
        "All rights reserved",
        "special offers",
    ):
        assert leftover not in text, leftover
    assert not text.startswith(TITLE)
    assert author == "Ines Varga"


def test_no_promo_becomes_a_claim_and_the_facts_do() -> None:
    text, _ = page_text(PAGE.encode(), "text/html", title=TITLE)
    claims = " | ".join(c.text for c in extract_claims(text, title=TITLE))
    assert "postponed the award of its dredging contract" in claims
    for promo in ("WhatsApp", "special offers", "developing story", "newsletter"):
        assert promo not in claims


def test_furniture_lines_and_lines_that_merely_share_their_words() -> None:
    for line in [
        *FURNITURE,
        "Follow us on X",
        "Read more: Ferry fares rise again",
        "© Reuters",
        "By Ines Varga",
        "Image source, Getty Images",
        "Advertisement",
        "Download the Coastal Ledger app for the latest news",
        "Story continues below advertisement",
    ]:
        assert is_furniture(line), line
    for line in [
        *PARAGRAPHS,
        *FACT_ITEMS,
        "Key numbers:",
        "Share prices of the operator fell 4% after the announcement.",
        "By the end of 2023 the authority had spent 2.1 million euros on surveys.",
        "The council voted to join the regional transport community in 2025.",
        "Police said the suspects had used a Telegram group to coordinate the thefts, "
        "according to court documents filed on Monday in the district court, and that "
        "the group had more than 400 members at its peak, among them several dock "
        "workers and two former employees of the harbour authority itself.",
    ]:
        assert not is_furniture(line), line


def test_a_fact_box_keeps_its_items_when_one_item_is_furniture() -> None:
    text = "Intro paragraph.\n\n• Cost: 3 million\n• Share this article\n• Length: 4 km"
    assert drop_furniture(text) == "Intro paragraph.\n\n• Cost: 3 million\n• Length: 4 km"


# ---------------------------------------------------------------- an outlet's repeated lines

PROMO = "Listen to Harbour Talk, our weekly podcast, wherever you get your podcasts."
QUOTE = "“We will not sign a contract that the courts may overturn,” Lind said."


def outlet_article(
    i: int, title: str, body: str, *, stories: tuple[str, ...] = ()
) -> EarlierArticle:
    return EarlierArticle(
        url=f"https://www.ledger.example/news/{i}", title=title, text=body, stories=stories
    )


def test_a_line_repeated_under_unrelated_articles_of_an_outlet_is_dropped() -> None:
    earlier = [
        outlet_article(1, "Ferry fares rise for the third year", f"Fares rise 6%.\n\n{PROMO}"),
        outlet_article(2, "School roof repairs finished early", f"The roof is done.\n\n{PROMO}"),
    ]
    new_text = f"{PARAGRAPHS[0]}\n\n{PROMO}\n\nKey numbers:\n\n• Bidders: three"
    filtered = RepeatedLines(earlier).filter(
        new_text, title=TITLE, url="https://ledger.example/n/3"
    )
    assert filtered == f"{PARAGRAPHS[0]}\n\nKey numbers:\n\n• Bidders: three"


def test_a_quote_repeated_by_two_articles_of_one_story_is_kept() -> None:
    earlier = [
        outlet_article(
            1,
            "Dredging contract award postponed",
            f"{PARAGRAPHS[0]}\n\n{QUOTE}",
            stories=("harbour",),
        ),
        outlet_article(
            2,
            "Bidder files complaint over harbour tender",
            f"Complaint.\n\n{QUOTE}",
            stories=("harbour",),
        ),
    ]
    new_text = f"{PARAGRAPHS[2]}\n\n{QUOTE}"
    lines = RepeatedLines(earlier)
    assert lines.filter(new_text, title=TITLE, url="https://ledger.example/n/3") == new_text
    # The same two articles without known stories: their titles share no words, but the new
    # article's title is related to the first, so only one unrelated article remains.
    unknown = [EarlierArticle(a.url, a.title, a.text) for a in earlier]
    new_title = "Dredging contract award postponed again"
    assert RepeatedLines(unknown).filter(new_text, title=new_title) == new_text


def test_one_earlier_article_is_not_enough() -> None:
    earlier = [outlet_article(1, "Ferry fares rise", f"Fares.\n\n{PROMO}")]
    text = f"{PARAGRAPHS[0]}\n\n{PROMO}"
    assert RepeatedLines(earlier).filter(text, title=TITLE) == text


def test_the_store_gives_an_outlets_recent_texts_and_the_pipeline_filter_uses_them(
    tmp_path,
) -> None:
    store = Store(tmp_path / "s.db")
    store.migrate()
    titles = ["Ferry fares rise for the third year", "School roof repairs finished early"]
    for i, title in enumerate(titles):
        article = Article(
            identity=f"id{i}",
            url=f"https://www.ledger.example/news/{i}",
            title=title,
            text=f"Body {i}.\n\n{PROMO}",
            author="",
            published=NOW,
            source="Coastal Ledger",
            feed_url="https://ledger.example/feed",
        )
        store.save_article(article, content_hash=str(i), now=NOW)
    other = Article(
        identity="x",
        url="https://other.example/a",
        title="Other",
        text=PROMO,
        author="",
        published=NOW,
        source="Other",
        feed_url="https://other.example/feed",
    )
    store.save_article(other, content_hash="x", now=NOW)
    rows = store.recent_texts(host_of("https://ledger.example/news/9"))
    assert [r[0] for r in rows] == [
        "https://www.ledger.example/news/1",
        "https://www.ledger.example/news/0",
    ]
    assert rows[0][1:] == (titles[1], f"Body 1.\n\n{PROMO}", ())
    assert store.recent_texts("nowhere.example") == []

    from watchers.pipeline import _without_outlet_lines

    new = Article(
        identity="n",
        url="https://ledger.example/news/9",
        title=TITLE,
        text=f"{PARAGRAPHS[0]}\n\n{PROMO}",
        author="",
        published=NOW,
        source="Coastal Ledger",
        feed_url="https://ledger.example/feed",
        text_origin="page",
    )
    (out,) = _without_outlet_lines([new], store)
    assert out.text == PARAGRAPHS[0]
    store.close()


# ---------------------------------------------------------------- through HTTP, as the pipeline


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as s:
        yield s


def test_article_text_from_the_page_has_no_furniture(server: LoopbackServer) -> None:
    server.route("/news/dredging", body=PAGE.encode(), content_type="text/html; charset=utf-8")
    entry = Entry(
        feed_url="https://ledger.example/atom.xml",
        identity="tag:ledger.example,2024:dredging",
        url=server.url("/news/dredging"),
        title=TITLE,
        summary="The harbour authority postponed the dredging contract.",
        content="",
        author="",
        published=None,
        source="Coastal Ledger",
    )

    async def go() -> Article:
        # The page is on 127.0.0.1 and no named feed is: allow private addresses.
        async with Fetcher(PollConfig(timeout=2.0, allow_private=True)) as f:
            return await article_text(entry, f, now=NOW)

    article = asyncio.run(go())
    assert article.text_origin == "page"
    assert PARAGRAPHS[0] in article.text and f"• {FACT_ITEMS[0]}" in article.text
    assert not any(line in article.text for line in FURNITURE)
