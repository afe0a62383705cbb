"""The story pages, /healthz and /metrics over real HTTP on 127.0.0.1 (bot/web.py)."""

from __future__ import annotations

import asyncio
import io
import time

import httpx
import pytest
import yaml
from PIL import Image
from prometheus_client.parser import text_string_to_metric_families
from webserve import HOSTILE_TITLE, demo_site, hostile_state, serving

from bot.timeline import HEIGHT, WIDTH, render_png, timeline_days
from bot.web import Health, Site
from watchers.config import ConfigError, load_config
from watchers.models import VERDICTS


def test_story_page_escapes_every_feed_supplied_string(tmp_path):
    rules, path = hostile_state(tmp_path)
    with serving(Site(stories=lambda: rules, store_path=path)) as base:
        r = httpx.get(f"{base}/story/harbour")
        index = httpx.get(f"{base}/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    for raw in ("<script", "<b>Evil", "<i>probe", "<u>first", "<em>new", "<signed>"):
        assert raw not in html, raw
    assert "&lt;script&gt;document.title=" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; Times" in html
    assert 'href="javascript:' not in html, "only http(s) links"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "<i>probe" not in index.text and "Harbour &lt;i&gt;probe" in index.text
    assert HOSTILE_TITLE not in html


def test_demo_story_page_has_ledger_articles_and_chart(demo_state):
    with serving(demo_site(demo_state)) as base:
        page = httpx.get(f"{base}/story/{demo_state.story}").text
        png = httpx.get(f"{base}/story/{demo_state.story}/timeline.png")
        missing = httpx.get(f"{base}/story/nope")
        post = httpx.post(f"{base}/story/{demo_state.story}")
    assert page.count('<tr class="claim">') >= 10
    assert page.count('<li class="article">') == 10
    assert 'id="timeline"' in page and "timeline.png" in page
    assert png.headers["content-type"] == "image/png"
    img = Image.open(io.BytesIO(png.content))
    assert img.format == "PNG" and img.size == (WIDTH, HEIGHT)
    assert missing.status_code == 404 and post.status_code == 405


def test_timeline_png_decodes_with_the_expected_size_even_when_empty():
    img = Image.open(io.BytesIO(render_png("Nothing yet", timeline_days([]))))
    img.load()
    assert img.size == (WIDTH, HEIGHT)


def test_metrics_parse_with_prometheus_clients_parser(demo_state):
    health = Health(tick=30)
    health.polled(errors=2, seconds=1.5, now=__import__("datetime").datetime.now().astimezone())
    with serving(demo_site(demo_state, health)) as base:
        r = httpx.get(f"{base}/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    families = {f.name: f for f in text_string_to_metric_families(r.text)}
    judged = {
        s.labels["verdict"]: s.value
        for s in families["storywatch_articles_judged"].samples
        if s.name.endswith("_total")
    }
    # Every verdict is reported (0 when none); the demo's 10 articles are all counted.
    assert set(judged) == set(VERDICTS) and sum(judged.values()) == 10
    assert judged["first"] == 1
    assert families["storywatch_outbox_pending"].samples[0].value == 0
    feeds = {s.labels["health"]: s.value for s in families["storywatch_feeds"].samples}
    assert feeds["ok"] >= 1 and feeds["failing"] == 0
    assert families["storywatch_polls"].samples[0].value == 1
    assert families["storywatch_feed_errors"].samples[0].value == 2
    assert 0 <= families["storywatch_last_poll_age_seconds"].samples[0].value < 60


def test_healthz_is_503_when_the_store_cannot_be_opened(tmp_path, demo_state):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    with serving(Site(stories=list, store_path=broken, health=Health(tick=30))) as base:
        r = httpx.get(f"{base}/healthz")
        m = httpx.get(f"{base}/metrics")
        page = httpx.get(f"{base}/")
    assert r.status_code == 503 and "store" in r.text and "broken.sqlite3" in r.text
    assert m.status_code == 503 and page.status_code == 503


def test_healthz_follows_the_scheduler(demo_state):
    health = Health(tick=30)
    with serving(demo_site(demo_state, health)) as base:
        assert httpx.get(f"{base}/healthz").status_code == 200  # starting: within patience
        health.ticked()
        assert httpx.get(f"{base}/healthz").text == "ok\n"
        health.last_tick = time.monotonic() - 1000
        r = httpx.get(f"{base}/healthz")
    assert r.status_code == 503 and "no tick for" in r.text


def test_token_guards_every_page_but_healthz(demo_state):
    site = demo_site(demo_state)
    site.token = "s3cret-token-0123456789"
    with serving(site) as base:
        assert httpx.get(f"{base}/").status_code == 401
        assert httpx.get(f"{base}/metrics").status_code == 401
        assert httpx.get(f"{base}/healthz").status_code == 200
        ok = httpx.get(f"{base}/", params={"token": site.token})
        bearer = httpx.get(f"{base}/metrics", headers={"Authorization": f"Bearer {site.token}"})
    assert ok.status_code == 200 and bearer.status_code == 200
    assert f"/story/{demo_state.story}?token=" in ok.text, "links keep the token"


@pytest.mark.parametrize(
    ("web", "problem"),
    [
        ({"listen": "8088"}, "web.listen"),
        ({"listen": "localhost:http"}, "web.listen"),
        ({"base_url": "example.org"}, "web.base_url"),
        ({"token": "short"}, "web.token"),
    ],
)
def test_web_config_is_validated(tmp_path, web, problem):
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"web": web}), encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert any(problem in str(p) for p in e.value.problems), e.value.problems


def test_web_config_defaults_and_off(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("web: {listen: 'off'}\n", encoding="utf-8")
    assert load_config(path).web.address is None
    path.write_text("{}\n", encoding="utf-8")
    assert load_config(path).web.address == ("127.0.0.1", 8088)


def test_the_service_serves_the_pages_and_stops_them(demo_state, tmp_path):
    from bot.service import Service

    config = yaml.safe_load(demo_state.config.read_text(encoding="utf-8"))
    config["store"]["path"] = str(demo_state.folder / "storywatch.sqlite3")
    config["rules_dir"] = str(demo_state.folder / "rules")
    config["feeds"] = []
    config["web"] = {"listen": "127.0.0.1:0"}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")

    async def go() -> None:
        service = Service(path, tick=30)
        await service._start_web()
        assert service.web is not None
        base = service.web.address
        async with httpx.AsyncClient() as client:
            r = await client.get(f"{base}/healthz")
            assert r.status_code == 200
            page = await client.get(f"{base}/story/{demo_state.story}")
            assert page.status_code == 200
        await service.web.stop()
        service.store.close()
        with pytest.raises(httpx.ConnectError):
            async with httpx.AsyncClient() as client:
                await client.get(f"{base}/healthz")

    asyncio.run(go())


def test_demo_ends_by_serving_its_story_page_until_interrupted(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "demo", "--serve", "--keep", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        address = None
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("The story page: "):
                address = line.split(": ", 1)[1].strip()
                break
        assert address and address.startswith("http://127.0.0.1:"), "no page address printed"
        r = httpx.get(address)
        assert r.status_code == 200 and '<tr class="claim">' in r.text
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def test_metrics_show_judging_time_after_a_poll_judged_articles(tmp_path, demo_state):
    from test_pipeline import ARTICLES, run_poll, setup_project

    from bot.demo import SampleServer

    def judge_seconds(text: str) -> dict[str, float]:
        [family] = [
            f for f in text_string_to_metric_families(text) if f.name == "storywatch_judge_seconds"
        ]
        assert family.type == "histogram"
        return {s.name: s.value for s in family.samples if not s.name.endswith("_bucket")}

    with serving(demo_site(demo_state, Health(tick=30))) as base:
        before = judge_seconds(httpx.get(f"{base}/metrics").text)
        with SampleServer(ARTICLES[:3]) as server:
            cfg = setup_project(tmp_path, server)
            server.visible = 3
            report, store = run_poll(cfg)
            store.close()
        after = judge_seconds(httpx.get(f"{base}/metrics").text)
    assert len(report.judged) == 3
    count = "storywatch_judge_seconds_count"
    assert after[count] - before[count] == 3
    assert after["storywatch_judge_seconds_sum"] > before["storywatch_judge_seconds_sum"]
