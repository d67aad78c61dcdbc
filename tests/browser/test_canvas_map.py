"""The canvas drawing used above CANVAS_MIN_POINTS, in Debian Chromium on a static map: grid
clusters, party-coloured shapes, the lazy popup, outlines and lines for uncertain places."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import shape

from mapapp import mapview
from mapapp.schema import EVENT_FIELDS, Event
from tests.browser._synthetic import (
    payload_events,
    region_and_border_events,
    sugovushan_event,
)
from tests.conftest import make_event

pytestmark = pytest.mark.browser


def frame(events: list[Event]) -> gpd.GeoDataFrame:
    rows = [{k: getattr(e, k) for k in EVENT_FIELDS if k != "geometry"} for e in events]
    return gpd.GeoDataFrame(rows, geometry=[shape(e.geometry) for e in events],
                            crs="EPSG:4326")


@pytest.fixture
def canvas_map(tmp_path: Path) -> tuple[Path, gpd.GeoDataFrame]:
    evs = [make_event(i, parties=["Armenia" if i % 2 else "Azerbaijan"],
                      actor1="Armenia" if i % 2 else "Azerbaijan") for i in range(300)]
    evs.append(sugovushan_event()[1])
    evs += payload_events()[1]
    evs += region_and_border_events()[1]
    events = frame(evs)
    path = mapview.save_static_html(mapview.build_map(events, canvas_min=0),
                                    tmp_path / "canvas.html")
    return path, events


def test_canvas_points_cluster_draw_and_open_popups(canvas_map, watched_page,  # type: ignore[no-untyped-def]
                                                    output_dir: Path) -> None:
    path, events = canvas_map
    page, watch = watched_page
    page.goto(path.as_uri())
    div = page.locator("div.folium-map")
    div.wait_for()
    page.wait_for_function("() => window.conflictmapEvents !== undefined", timeout=30_000)
    assert page.evaluate("window.conflictmapEvents") == len(events)
    # zoomed out, the 302 points are count badges that add up to all of them, no DOM marker
    assert page.locator(".cm-icon").count() == 0
    name = page.evaluate("() => Object.keys(window).find(k => k.startsWith('map_'))")
    # badges and canvas shapes read in one go, once two reads agree: the fitted view can
    # still redraw (moveend) right after the layer reports its events
    snapshot = f"""() => {{ const m = window['{name}']; let n = 0;
        for (const k in m._layers) {{ const l = m._layers[k];
          if (l.options && l.options.shape && l._renderer) n++; }}
        const badges = [...document.querySelectorAll('.marker-cluster span')]
          .map(s => parseInt(s.textContent, 10));
        return [badges, n]; }}"""
    previous, current = None, page.evaluate(snapshot)
    for _ in range(50):
        if current == previous:
            break
        page.wait_for_timeout(100)
        previous, current = current, page.evaluate(snapshot)
    badges, singles = current
    assert sum(badges) + singles == len(events) - 2
    assert badges, "expected clusters at the fitted zoom"

    # zoom to the Sugovushan point at the last zoom: it becomes a canvas shape; click it
    page.evaluate(f"() => window['{name}'].setView([40.3, 46.55], 13, {{animate: false}})")
    page.wait_for_timeout(300)
    found = page.evaluate(f"""() => {{ const m = window['{name}'];
        for (const k in m._layers) {{
          const l = m._layers[k];
          if (l.options && l.options.shape && l._renderer) {{
            const ll = l.getLatLng();
            if (Math.abs(ll.lat - 40.3) < 1e-6 && Math.abs(ll.lng - 46.55) < 1e-6) {{
              return [l.options.shape, l.options.fillColor, l.options.renderer instanceof L.Canvas];
            }}
          }}
        }} return null; }}""")
    colors = mapview.party_colors(
        [mapview.acting_party(p, a) for p, a in zip(events["parties"], events["actor1"],
                                                    strict=True)])
    assert found == ["triangle", colors["Azerbaijan"], True]
    point = page.evaluate(f"() => {{ const p = window['{name}'].latLngToContainerPoint("
                          "[40.3, 46.55]); return [p.x, p.y]; }")
    box = div.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "Sugovushan" in text and "Madagiz" in text
    assert "Sugovushan" in page.locator(".leaflet-popup-content mark").all_inner_texts()
    page.screenshot(path=str(output_dir / "canvas-popup.png"))

    # the payload event's popup renders its corpus as text
    page.evaluate(f"() => window['{name}'].setView([39.9, 46.2], 13, {{animate: false}})")
    page.wait_for_timeout(300)
    point = page.evaluate(f"() => {{ const p = window['{name}'].latLngToContainerPoint("
                          "[39.9, 46.2]); return [p.x, p.y]; }")
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    page.wait_for_function("() => document.querySelector('.leaflet-popup-content') && "
                           "document.querySelector('.leaflet-popup-content').innerText"
                           ".includes('backtick')", timeout=10_000)
    text = page.locator(".leaflet-popup-content").inner_text()
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text and "49" not in text

    # region and border events are an outline and a line, not pins
    dashes = page.evaluate(f"""() => {{ const m = window['{name}']; const out = [];
        for (const k in m._layers) {{ const l = m._layers[k];
          if (l.feature && l.options && (l.options.dashArray === '6 4' ||
              l.options.dashArray === '8 6')) out.push(l.feature.geometry.type); }}
        return out.sort(); }}""")
    assert dashes == ["LineString", "Polygon"]
    assert watch.errors == [] and watch.dialogs == []
    assert [u for u in watch.requests if not u.startswith(("file:", "data:"))] == []


def test_events_sharing_an_outline_draw_it_once_and_list_in_its_popup(
        tmp_path: Path, watched_page) -> None:  # type: ignore[no-untyped-def]
    """30 events on one country outline (one party): one translucent shape, not 30 stacked
    ones, and its popup names the count and shows the first 10 events."""
    outline = {"type": "Polygon", "coordinates": [[[45.0, 39.0], [48.0, 39.0], [48.0, 41.5],
                                                   [45.0, 41.5], [45.0, 39.0]]]}
    evs = [make_event(i, geometry=outline, geo_precision=3, where_prec=6, parties=["Armenia"],
                      actor1="Armenia", sentence=f"Report number {i} on the country.")
           for i in range(30)]
    path = mapview.save_static_html(mapview.build_map(frame(evs)), tmp_path / "outline.html")
    page, watch = watched_page
    page.goto(path.as_uri())
    page.wait_for_function("() => window.conflictmapEvents !== undefined", timeout=30_000)
    assert page.evaluate("window.conflictmapEvents") == 30
    name = page.evaluate("() => Object.keys(window).find(k => k.startsWith('map_'))")
    shapes = f"""() => {{ const m = window['{name}']; const out = [];
        for (const k in m._layers) {{ const l = m._layers[k];
          if (l.feature && l.options && l.options.dashArray === '6 4') out.push(l); }}
        return out; }}"""
    assert page.evaluate(f"() => ({shapes})().length") == 1
    page.evaluate(f"() => {{ const l = ({shapes})()[0]; "
                  "l.fire('click', {latlng: l.getBounds().getCenter()}, true); }")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "30 events on this outline" in text and "20 more" in text
    assert sum(f"Report number {i} on" in text for i in range(30)) == 10
    assert watch.errors == [] and watch.dialogs == []
