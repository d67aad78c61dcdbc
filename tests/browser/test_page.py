"""The page in Debian Chromium with no internet: the seed's events on the map, counts,
filters, the Sugovushan popup, download, the article panel, payloads rendered as text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from mapapp.store import EventFilter, open_store
from tests.browser._synthetic import PAYLOADS, build_store
from tests.browser.conftest import Server, gazetteer_index, start_server, stop_server
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAYLOAD_ARTICLE = (
    "Baku, 5 October 2020 - Azerbaijan's defence ministry said Armenian forces shelled "
    "Tartar on Sunday and that two civilians died there. " + " ".join(PAYLOADS) +
    " The ministry also reported heavy fighting near Sugovushan on the same day.")


def _need_index() -> Path:
    index = gazetteer_index()
    if not index.exists():
        message = f"gazetteer index missing at {index} (run `make index`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return index


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The page serving the seed article's events, ingested by the real CLI pipeline."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    index = _need_index()
    work = tmp_path_factory.mktemp("seed-page")
    db = work / "events.sqlite"
    cli = Path(sys.executable).with_name("conflictmap")
    env = dict(os.environ, CONFLICTMAP_GAZETTEER_INDEX=str(index))
    subprocess.run([str(cli), "--db", str(db), "ingest", *map(str, sorted(SEEDS.glob("*.txt")))],
                   check=True, env=env, capture_output=True, timeout=300)
    srv = start_server(db, work)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def payload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The page on synthetic events whose every text field carries the payload corpus."""
    _need_index()
    work = tmp_path_factory.mktemp("payload-page")
    srv = start_server(build_store(work / "events.sqlite", 40), work)
    yield srv
    stop_server(srv)


def count(db: Path, flt: EventFilter | None = None) -> int:
    with open_store(db) as store:
        return store.count(flt)


def expect_events(page, n: int, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until the page shows one map (a rerun briefly keeps the old iframe) with n events."""
    seen = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frames = page.locator(MAP_FRAME)
        try:
            if frames.count() == 1:
                seen = frames.content_frame.locator("#map_div").get_attribute(
                    "data-cm-events", timeout=2_000)
                if seen == str(n) and frames.count() == 1:
                    return
        except PlaywrightError:  # the old iframe came back or went away mid-look
            pass
        page.wait_for_timeout(200)
    raise AssertionError(f"map shows {seen} events, expected {n}")


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until no script run is in progress (input typed mid-run can be re-rendered away)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=60_000)


def search(page, text: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_label("Text search (sentence or summary)")
    box.fill(text)
    box.press("Enter")


def pick_party(page, party: str) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Parties").locator("input").click()
    page.get_by_role("option", name=party, exact=True).click()
    page.keyboard.press("Escape")


def open_only_popup(page) -> str:  # type: ignore[no-untyped-def]
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-marker-icon.cm-icon").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    return str(popup.inner_text())


def test_seed_map_filters_popup_and_download(seed_server: Server, watched_page,  # type: ignore[no-untyped-def]
                                             output_dir: Path) -> None:
    page, watch = watched_page
    db = seed_server.db
    # the basemap file held back: the events are drawn first, the basemap must still end
    # up beneath them
    page.route("**/cache/basemap-*.json", lambda route: (time.sleep(1.5), route.continue_()))
    page.goto(seed_server.url)
    total = count(db)
    assert total > 0
    expect_events(page, total)
    # the basemap arrives by its own fetch after the events and is drawn beneath them:
    # countries first in the canvas's draw order, the former NKAO among its shapes
    basemap = """() => { const m = window.map_div; if (!m || !m._renderer) return null;
        const tips = []; let lastBase = -1, firstOther = -1, i = 0;
        for (let o = m._renderer._drawFirst; o; o = o.next, i++) {
          const f = o.layer.feature;
          if (f && f.properties && f.properties.tip) { tips.push(f.properties.tip); lastBase = i; }
          else if (firstOther < 0) { firstOther = i; } }
        return [tips.length, tips.includes("Former Nagorno-Karabakh Autonomous Oblast"),
                tips[0] || null, lastBase, firstOther]; }"""
    frame = page.frame_locator(MAP_FRAME).locator("#map_div")
    drawn = None
    for _ in range(100):
        drawn = frame.evaluate(f"d => ({basemap})()")
        if drawn and drawn[1]:
            break
        page.wait_for_timeout(100)
    assert drawn is not None and drawn[0] > 100 and drawn[1], drawn
    assert drawn[2] in {"Armenia", "Azerbaijan", "Iran", "Georgia", "Turkey", "Russia"}, drawn
    assert drawn[4] > drawn[3], f"event shapes drawn beneath the basemap: {drawn}"
    page.wait_for_timeout(800)  # let the cluster icons paint before the picture
    page.screenshot(path=str(output_dir / "page.png"), full_page=True)

    # a party filter -> exactly the store's count for it, in the same (not reloaded) map
    with open_store(db) as store:
        parties = store.facets().parties
    by_party = {p: count(db, EventFilter(parties=(p,))) for p in parties}
    party = next(p for p, n in by_party.items() if 0 < n < total)
    page.frame_locator(MAP_FRAME).locator("#map_div").evaluate("d => { window.cmProbe = 1; }")
    pick_party(page, party)
    expect_events(page, by_party[party])
    assert page.frame_locator(MAP_FRAME).locator("#map_div").evaluate(
        "d => window.cmProbe") == 1

    # GeoJSON download = exactly the filtered events
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="GeoJSON").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    with open_store(db) as store:
        expected = set(store.query(EventFilter(parties=(party,)))["event_id"])
    assert {f["properties"]["event_id"] for f in data["features"]} == expected

    # the Sugovushan event: its popup names both names and quotes the source sentence
    page.get_by_role("button", name="Reset filters").click()
    expect_events(page, total)
    settle(page)
    assert page.locator('[data-testid="stSidebar"] [data-baseweb="tag"]').count() == 0
    search(page, "Sugovushan")
    with open_store(db) as store:
        sug = store.query(EventFilter(text="Sugovushan"))
    assert len(sug) == 1
    expect_events(page, 1)
    text = open_only_popup(page)
    assert "Sugovushan" in text and "Madagiz" in text
    assert " ".join(str(sug["sentence"].iloc[0]).split()) in " ".join(text.split())
    frame = page.frame_locator(MAP_FRAME)
    assert "Sugovushan" in frame.locator(".leaflet-popup-content mark").all_inner_texts()
    # clicking the point selected its table row
    page.get_by_text(f"Selected event {sug['event_id'].iloc[0]}").wait_for(timeout=15_000)
    page.screenshot(path=str(output_dir / "popup.png"))

    assert watch.outside(seed_server.url) == []
    assert watch.errors == []
    assert watch.dialogs == []


def test_the_page_completes_when_the_map_cannot_load_its_events(  # type: ignore[no-untyped-def]
        seed_server: Server, watched_page) -> None:
    """The filters and the table are drawn once the map reports; a map whose event data
    fails to load must report all the same."""
    page, watch = watched_page
    page.route("**/cache/events-*.json", lambda route: route.abort())
    page.goto(seed_server.url)
    page.locator('[data-testid="stDataFrame"]').wait_for(timeout=30_000)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 4
    assert page.get_by_role("button", name="GeoJSON").count() == 1
    assert page.frame_locator(MAP_FRAME).locator("#map_div").get_attribute(
        "data-cm-events") is None  # nothing was drawn


def test_payloads_render_as_text(payload_server: Server, watched_page,  # type: ignore[no-untyped-def]
                                 output_dir: Path) -> None:
    page, watch = watched_page
    db = payload_server.db
    page.goto(payload_server.url)
    expect_events(page, count(db))

    # popup: titles, actors, place names, claims and the sentence carry the corpus
    search(page, "7*7")
    expect_events(page, 1)
    text = open_only_popup(page)
    for raw in ("<script>alert(1)</script>", "${alert(1)}", "{{ 7*7 }}", "`backtick`",
                "\"double\" 'single'", "{% for x in y %}", "<img src=x onerror=alert(1)>"):
        assert raw in text, raw
    assert "49" not in text

    # article panel: pasted text with the corpus is ingested and shown as text
    search(page, "")
    before = count(db)
    expect_events(page, before)
    settle(page)
    page.get_by_text("Add articles", exact=True).click()  # a toggle: the form appears
    settle(page)
    area = page.get_by_label("Paste article text")
    area.wait_for(state="visible")
    area.fill(PAYLOAD_ARTICLE)
    assert area.input_value() == PAYLOAD_ARTICLE
    page.get_by_role("button", name="Ingest").click()
    article = page.locator(".cm-article")
    article.wait_for(timeout=60_000)
    shown = article.inner_text()
    for raw in ("<script>alert(1)</script>", "${alert(1)}", "{{ 7*7 }}", "{% for x in y %}"):
        assert raw in shown, raw
    assert "49" not in shown
    assert article.locator("mark").count() >= 1  # place mentions marked
    after = count(db)
    assert after > before  # the article's events were stored ...
    expect_events(page, after)  # ... and appear on the map
    page.screenshot(path=str(output_dir / "article-panel.png"), full_page=True)

    page.wait_for_timeout(500)
    assert watch.dialogs == []
    assert watch.errors == []
    assert watch.outside(payload_server.url) == []
