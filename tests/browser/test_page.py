"""The page in Debian Chromium with no internet: map, counts, filters, popups, download,
payloads rendered as text."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from mapapp.store import EventFilter, open_store
from tests.browser._synthetic import PAYLOADS, SUGOVUSHAN_SENTENCE, build_store
from tests.browser.conftest import REPO, Server, start_server, stop_server

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("page")
    db = build_store(work / "events.sqlite", 40)
    srv = start_server(db, work)
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


def search(page, text: str) -> None:  # type: ignore[no-untyped-def]
    box = page.get_by_label("Text search (sentence or summary)")
    box.fill(text)
    box.press("Enter")


def open_only_popup(page) -> str:  # type: ignore[no-untyped-def]
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-marker-icon.cm-icon").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    return str(popup.inner_text())


def test_map_filters_popup_and_download(server: Server, watched_page, output_dir: Path  # type: ignore[no-untyped-def]
                                        ) -> None:
    page, watch = watched_page
    page.goto(server.url)
    total = count(server.db)
    expect_events(page, total)
    page.wait_for_timeout(800)  # let cluster icons paint before the picture
    page.screenshot(path=str(output_dir / "page.png"), full_page=True)
    (REPO / "docs").mkdir(exist_ok=True)
    shutil.copyfile(output_dir / "page.png", REPO / "docs" / "screenshot.png")

    # party filter -> exactly the store's count for that filter, in the same map (the
    # page swaps the event layer instead of reloading the map)
    page.frame_locator(MAP_FRAME).locator("#map_div").evaluate("d => { window.cmProbe = 1; }")
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]').filter(has_text="Parties").locator(
        "input").click()
    page.get_by_role("option", name="Azerbaijan", exact=True).click()
    page.keyboard.press("Escape")
    azerbaijan = count(server.db, EventFilter(parties=("Azerbaijan",)))
    assert 0 < azerbaijan < total
    expect_events(page, azerbaijan)
    assert page.frame_locator(MAP_FRAME).locator("#map_div").evaluate("d => window.cmProbe") == 1

    # the Sugovushan event: popup names both names and quotes the sentence
    search(page, "Sugovushan")
    expect_events(page, count(server.db, EventFilter(parties=("Azerbaijan",),
                                                     text="Sugovushan")))
    text = open_only_popup(page)
    assert "Sugovushan (Madagiz)" in text
    assert SUGOVUSHAN_SENTENCE in text
    frame = page.frame_locator(MAP_FRAME)
    marks = frame.locator(".leaflet-popup-content mark").all_inner_texts()
    assert marks == ["Sugovushan", "Madagiz"]
    # clicking the point selected its table row
    with open_store(server.db) as store:
        sug_id = str(store.query(EventFilter(text="Sugovushan"))["event_id"].iloc[0])
    page.get_by_text(f"Selected event {sug_id}").wait_for(timeout=15_000)
    page.screenshot(path=str(output_dir / "popup.png"), full_page=False)

    # GeoJSON download = exactly the filtered events
    search(page, "")
    expect_events(page, azerbaijan)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="GeoJSON").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    with open_store(server.db) as store:
        expected_ids = set(store.query(EventFilter(parties=("Azerbaijan",)))["event_id"])
    assert {f["properties"]["event_id"] for f in data["features"]} == expected_ids
    assert len(data["features"]) == azerbaijan

    assert watch.outside(server.url) == []
    assert watch.errors == []
    assert watch.dialogs == []


def test_payloads_render_as_text(server: Server, watched_page) -> None:  # type: ignore[no-untyped-def]
    page, watch = watched_page
    page.goto(server.url)
    expect_events(page, count(server.db))
    search(page, "7*7")
    expect_events(page, 1)
    text = open_only_popup(page)
    for raw in ("<script>alert(1)</script>", "${alert(1)}", "{{ 7*7 }}", "`backtick`",
                "\"double\" 'single'", "{% for x in y %}"):
        assert raw in text, raw
    assert "49" not in text
    page.wait_for_timeout(500)
    body = page.locator("body").inner_text()
    assert "49" not in body.replace(str(count(server.db)), "")
    assert watch.dialogs == []
    assert watch.errors == []
    assert watch.outside(server.url) == []
    assert PAYLOADS  # the corpus the store was seeded with
