"""The map view: layers, escaping, offline assets, uncertainty drawn as outlines and lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from folium.elements import JSCSSMixin
from shapely.geometry import box, shape

from gazetteer.model import Mention, Place, PlaceKind
from mapapp import _assets, mapview
from mapapp._popups import escape_many, highlight, highlight_many, sentence_html, sentences_html
from mapapp.schema import EVENT_FIELDS, Event
from tests.browser._synthetic import (
    payload_events,
    region_and_border_events,
    sugovushan_event,
)
from tests.conftest import make_event

# Hosts an offline map may name without fetching: the SVG namespace, and the test
# articles' own links (data shown in popups, never loaded).
NAMED_NOT_FETCHED = {"www.w3.org", "example.invalid"}


def hosts(html: str) -> set[str]:
    """Every host named by an absolute or protocol-relative URL in ``html``."""
    return set(re.findall(r"(?:https?:)?//([A-Za-z0-9.-]+\.[A-Za-z]{2,})", html))


def frame(events: list[Event]) -> gpd.GeoDataFrame:
    rows = [{k: getattr(e, k) for k in EVENT_FIELDS if k != "geometry"} for e in events]
    return gpd.GeoDataFrame(rows, geometry=[shape(e.geometry) for e in events],
                            crs="EPSG:4326")


@pytest.fixture
def events() -> gpd.GeoDataFrame:
    evs = [make_event(i, parties=["Armenia" if i % 2 else "Azerbaijan"],
                      actor1="Armenia" if i % 2 else "Azerbaijan") for i in range(20)]
    evs.append(sugovushan_event()[1])
    evs += payload_events()[1]
    evs += region_and_border_events()[1]
    return frame(evs)


@pytest.fixture
def pack() -> gpd.GeoDataFrame:
    """A tiny stand-in region pack with the real pack's columns (synthetic squares)."""
    return gpd.GeoDataFrame({
        "feature_id": ["adm0:AAA", "adm1:AAA-1", "adm1:AAA-2", "area:nkao", "line:ARM-AZE",
                       "line:ceasefire-1994"],
        "kind": ["country", "admin1", "admin1", "area", "line", "line"],
        "name": ["Country A", "West unit", "East unit", "Former NKAO", "ARM-AZE border",
                 "Ceasefire Line 1994"],
    }, geometry=[box(44, 38, 49, 42), box(44, 38, 46.5, 42), box(46.5, 38, 49, 42),
                 box(46.3, 39.4, 47.0, 40.2),
                 shapely.LineString([(45, 41), (46, 39)]),
                 shapely.LineString([(46.5, 40.3), (47.2, 39.6)])], crs="EPSG:4326")


def rendered(m) -> str:  # type: ignore[no-untyped-def]
    return m.get_root().render()


def test_every_event_reaches_the_layer_and_counts_match(events: gpd.GeoDataFrame) -> None:
    payload = mapview.event_payload(events, mapview.party_colors(["Armenia", "Azerbaijan"]))
    assert len(payload["points"]) == len(events) - 2
    assert len(payload["areas"]) == 2
    # every ref points inside its table: refs 5 and 7 (sentence, id) the per-event details
    # (a row holds its popup row: the refs are fetched with the tables, after drawing)
    shared, details = len(payload["strings"]), len(payload["details"])
    popups = payload["popups"]
    assert sorted(r[-1] for r in payload["points"] + payload["areas"]) == list(
        range(len(popups)))
    for row in payload["points"]:
        assert len(row) == 4
        refs = popups[row[3]]
        assert all(0 <= ref < shared for ref in (*refs[0:4], refs[5]))
        assert 0 <= refs[4] < details and 0 <= refs[6] < details
    ids = {payload["details"][popups[row[3]][6]] for row in payload["points"]}
    assert ids <= set(events["event_id"]) and len(ids) == len(payload["points"])


def test_region_events_are_outlines_and_border_events_lines(events: gpd.GeoDataFrame) -> None:
    payload = mapview.event_payload(events, {})
    kinds = sorted(payload["geometries"][a[0]]["type"] for a in payload["areas"])
    assert kinds == ["LineString", "Polygon"]
    drawn = sorted(payload["styles"][a[1]][1] for a in payload["areas"])
    assert drawn == ["area", "line"]
    # no pin for them: the point rows hold only Point events' coordinates
    polygon = box(46.0, 39.5, 46.8, 40.0)
    centroid = (round(polygon.centroid.y, 5), round(polygon.centroid.x, 5))
    assert not any((p[0], p[1]) == centroid for p in payload["points"])


def test_point_rows_keep_coordinates(events: gpd.GeoDataFrame) -> None:
    payload = mapview.event_payload(events, {})
    place = [payload["strings"][payload["popups"][p[3]][3]] for p in payload["points"]]
    sug = next(p for p, name in zip(payload["points"], place, strict=True)
               if "Sugovushan" in name)
    assert sug[0] == pytest.approx(40.3, abs=1e-5)
    assert sug[1] == pytest.approx(46.55, abs=1e-5)


def test_popup_names_all_place_names_and_marks_them_in_the_sentence() -> None:
    row = sugovushan_event()[1].to_dict()
    html = mapview.popup_html(row)
    assert "<b>Sugovushan (Madagiz)</b>" in html
    assert "<mark>Sugovushan</mark>, the village called <mark>Madagiz</mark>" in html
    assert "2020-10-03 <small>(exact day)</small>" in html
    assert "claimed by Azerbaijan MoD" in html
    assert 'href="https://example.invalid/sugovushan"' in html
    assert html.count("<mark>") == 2
    assert "</mark> until it was renamed, on Saturday according to the defence ministry." in html


def test_highlight_catches_inflected_forms_and_escapes() -> None:
    assert highlight("Qarabağda <b>döyüş</b>", ["Qarabağ"]) == (
        "<mark>Qarabağda</mark> &lt;b&gt;döyüş&lt;/b&gt;")
    assert highlight("no place here", ["Madagiz"]) == "no place here"


def test_the_words_that_named_the_place_are_marked_even_when_misspelt() -> None:
    """A translation calls Madagiz "Madagaskar": its span (from the gazetteer mention) is
    marked although it is none of the place's names; offsets outside the sentence are not."""
    text = "Lead. Troops took Madagaskar <i>town</i>, renamed Sugovushan."
    sentence_start = text.index("Troops")
    row = {"sentence": text[sentence_start:], "char_start": sentence_start,
           "place_name": "Sugovushan", "place_names": "Sugovushan (Madagiz)",
           "place_start": text.index("Madagaskar"),
           "place_end": text.index("Madagaskar") + len("Madagaskar")}
    html = sentence_html(row)
    assert html == ("Troops took <mark>Madagaskar</mark> &lt;i&gt;town&lt;/i&gt;, renamed "
                    "<mark>Sugovushan</mark>.")
    assert sentences_html({k: [v] for k, v in row.items()}) == [html]
    for start, end in ((0, 4), (-1, -1), (sentence_start + 12, sentence_start + 999)):
        assert "<mark>Madagaskar</mark>" not in sentence_html(
            {**row, "place_start": start, "place_end": end})


def test_payloads_reach_html_only_escaped(events: gpd.GeoDataFrame, pack: gpd.GeoDataFrame
                                          ) -> None:
    html = rendered(mapview.build_map(events, basemap=pack, timeline=True, heat=True))
    for raw in ("<script>alert(1)</script>", "${alert(1)}", "{{ 7*7 }}", "{% for x in y %}",
                "`backtick`", "<img src=x"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#123;&#123; 7*7 &#125;&#125;" in html
    assert "&#36;&#123;alert(1)&#125;" in html
    assert "&#96;backtick&#96;" in html
    # Jinja never evaluated the data
    assert "loop" not in re.sub(r"&#123;% for x in y %&#125;loop", "", html)


def test_javascript_urls_are_never_links() -> None:
    ev = make_event(1, url="javascript:alert(1)", title="t")
    html = mapview.popup_html(ev.to_dict())
    assert "href" not in html and "javascript:" not in html
    assert "<b>Source:</b> t <small>" in html  # the title, unlinked


def test_no_cdn_url_in_rendered_map(events: gpd.GeoDataFrame, pack: gpd.GeoDataFrame) -> None:
    html = rendered(mapview.build_map(events, basemap=pack, heat=True, timeline=True,
                                      choropleth="events"))
    assert hosts(html) <= NAMED_NOT_FETCHED, hosts(html) - NAMED_NOT_FETCHED
    links = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert links, "the map loads its assets through links"
    assert all(link.startswith("/app/static/") for link in links), links
    for link in links:
        assert (_assets.STATIC_DIR / link.removeprefix("/app/static/")).is_file(), link
    leaflet = links.index("/app/static/vendor/leaflet/leaflet.js")
    assert links[leaflet + 1] == "/app/static/conflictmap/leaflet-setup.js"


def test_layers_present(events: gpd.GeoDataFrame, pack: gpd.GeoDataFrame) -> None:
    html = rendered(mapview.build_map(events, basemap=pack, heat=True, timeline=True,
                                      choropleth="fatalities"))
    assert "L.markerClusterGroup(" in html
    assert "L.heatLayer(" in html
    assert "L.timeline(" in html and "L.timelineSliderControl(" in html
    assert html.count("L.geoJSON(") >= 6  # countries, admin-1, NKAO, lines, choropleth, events
    for layer in ("Former NKAO (1923–1991)", "Borders and 1994 ceasefire line",
                  "Admin-1 units"):
        assert json.dumps(layer) in html, layer  # listed in the layer control
    assert "Ceasefire Line 1994" in html
    assert mapview.ATTRIBUTION.replace("·", "") .split()[0] in html
    assert "Acting party" in html and "Fatalities per admin-1" in html  # both legends
    m = mapview.build_map(events, basemap=pack)
    assert m.options["maxZoom"] == 13
    assert not any(type(c).__name__ == "TileLayer" for c in m._children.values())
    online = mapview.build_map(events, basemap=pack, online_tiles=True)
    tiles = [c for c in online._children.values() if type(c).__name__ == "TileLayer"]
    assert [t.tile_name for t in tiles] == ["OpenStreetMap (online)"]
    assert any(h.endswith(".openstreetmap.org") for h in hosts(rendered(online)))
    assert not any(h.endswith(".openstreetmap.org") for h in hosts(rendered(m)))
    carto = mapview.build_map(events, basemap=pack, online_tiles=True, carto_api_key="k3y")
    tiles = [c for c in carto._children.values() if type(c).__name__ == "TileLayer"]
    assert [t.tile_name for t in tiles] == ["OpenStreetMap (online)", "Carto Positron (online)"]
    assert tiles[1].tiles == "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png?key=k3y"
    assert "CARTO" in tiles[1].options.get("attribution", "") + rendered(carto)


def test_choropleth_counts_events_per_admin1() -> None:
    import geodata

    units = geodata.load_pack()
    units = units[units["kind"] == "admin1"].set_index("feature_id")
    # points taken from the pack's own polygons, so no coordinate is typed in by hand
    first, other = units.iloc[0], units.iloc[1]
    evs = []
    for i, (unit, n, dead) in enumerate(((first, 3, 2), (other, 5, 5))):
        p = unit.geometry.representative_point()
        evs += [make_event(10 * i + k, geometry={"type": "Point", "coordinates": [p.x, p.y]},
                           fatalities=dead) for k in range(n)]
    html = rendered(mapview.build_map(frame(evs), choropleth="events"))
    assert f'"tip":"{first["name"]}: 3 events"' in html
    assert f'"tip":"{other["name"]}: 5 events"' in html
    html = rendered(mapview.build_map(frame(evs), choropleth="fatalities"))
    assert f'"tip":"{first["name"]}: 6 fatalities"' in html
    assert f'"tip":"{other["name"]}: 25 fatalities"' in html


def test_static_html_inlines_every_asset(events: gpd.GeoDataFrame, tmp_path: Path) -> None:
    out = mapview.save_static_html(mapview.build_map(events), tmp_path / "map.html")
    html = out.read_text(encoding="utf-8")
    assert "<script src=" not in html
    assert '<link rel="stylesheet"' not in html
    assert "/app/static/vendor" not in html.replace(
        'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"', "")
    assert "markerClusterGroup" in html and "Leaflet" in html
    assert "url(data:image/png;base64," in html  # leaflet.css images inlined
    assert not list(tmp_path.glob(".*.tmp"))


def test_localise_drops_links_without_a_local_copy() -> None:
    m = mapview.build_map(frame([make_event(1)]))
    css = dict(m.default_css)
    assert "glyphicons_css" not in css and "awesome_rotate_css" not in css
    assert css["leaflet_css"] == "/app/static/vendor/leaflet/leaflet.css"
    with pytest.warns(UserWarning, match="no vendored copy"):
        assert _assets._rewrite([("x", "https://cdn.example/unknown.js")], "/b") == []


def _scripts(*roots: object) -> list[str]:
    return [url for root in roots for e in _assets._walk(root)  # type: ignore[arg-type]
            if isinstance(e, JSCSSMixin) for _, url in e.default_js]


def test_the_page_map_loads_one_script_holding_every_library() -> None:
    m = mapview.base_map(timeline_events=frame([make_event(1)]))
    group = mapview.event_group(None, colors={}, payload="/app/static/cache/x.json")
    before = list(dict.fromkeys(_scripts(m, group)))
    assert len(before) >= 5  # leaflet, setup, markercluster, heat, moment, timeline
    mapview.one_script(m, group)
    after = _scripts(m, group)
    assert len(after) == 1 and after[0].startswith("/app/static/cache/lib-")
    code = (_assets.STATIC_DIR / "cache" / after[0].rsplit("/", 1)[1]).read_text()
    parts = [(_assets.STATIC_DIR / url[len("/app/static/"):]).read_text() for url in before]
    assert code == "\n;\n".join(parts)  # every library, in the order they were listed
    assert code.index("Leaflet 1.9") < code.index("L.MarkerClusterGroup")
    # the same libraries give the same file on the next rerun
    m2 = mapview.base_map(timeline_events=frame([make_event(1)]))
    mapview.one_script(m2, mapview.event_group(None, colors={}, payload="/x.json"))
    assert _scripts(m2) == after


def test_a_script_that_is_not_vendored_keeps_the_links_as_they_are() -> None:
    m = mapview.base_map()
    m.default_js = [*m.default_js, ("other", "/elsewhere/other.js")]
    before = _scripts(m)
    mapview.one_script(m)
    assert _scripts(m) == before


def test_vendored_files_carry_licences() -> None:
    vendor = _assets.STATIC_DIR / "vendor"
    for pkg in vendor.iterdir():
        names = [p.name.upper() for p in pkg.iterdir()]
        assert any(n.startswith(("LICENSE", "MIT-LICENCE")) for n in names), pkg


def test_mentions_html_marks_resolved_and_rejected() -> None:
    text = "Shelling in Madagiz near {{ 7*7 }} and Minsk Group talks"
    place = Place(id="sup:sugovushan", name="Sugovushan", kind=PlaceKind.POPULATED_PLACE,
                  lat=40.3, lon=46.55)
    mentions = [Mention("Madagiz", 12, 19, place, score=0.9, precision=1),
                Mention("Minsk", 39, 44, None, reason="organisation: OSCE Minsk Group")]
    html = mapview.mentions_html(text, mentions)
    assert '<mark class="cm-resolved" title="Sugovushan (sup:sugovushan, precision 1)">' \
           'Madagiz</mark>' in html
    assert '<mark class="cm-rejected" title="rejected: organisation: OSCE Minsk Group">' \
           'Minsk</mark>' in html
    assert "&#123;&#123; 7*7 &#125;&#125;" in html
    table = mapview.mentions_frame(mentions)
    assert table["status"].tolist() == ["resolved", "rejected"]
    assert table.loc[1, "reason"] == "organisation: OSCE Minsk Group"


def test_click_popup_text_maps_back_to_the_event(events: gpd.GeoDataFrame) -> None:
    ev_id = str(events["event_id"].iloc[3])
    assert mapview.event_id_from_popup(f"Date: 2020-10-01\nSource: x\nevent {ev_id}") == ev_id
    assert mapview.event_id_from_popup(None) is None
    lat, lon = mapview.focus_of(events, ev_id) or (0, 0)
    assert (lon, lat) == pytest.approx(events.geometry.iloc[3].coords[0], abs=1e-6)


def test_empty_view_still_renders() -> None:
    empty = frame([]).reindex(columns=[*EVENT_FIELDS])
    empty = gpd.GeoDataFrame(empty, geometry="geometry", crs="EPSG:4326")
    html = rendered(mapview.build_map(empty))
    assert '})({"strings":[],"details":[],"popups":[],"points":[],"areas":[]' in html


def test_payload_json_cannot_close_the_script_tag() -> None:
    ev = make_event(1, sentence="</script><script>alert(1)</script>")
    payload = mapview.event_payload(frame([ev]), {})
    text = json.dumps(payload)
    assert "</script" not in text


def test_table_is_capped_but_keeps_the_selected_event(events: gpd.GeoDataFrame) -> None:
    last = str(events["event_id"].iloc[-1])
    table = mapview.table_frame(events, limit=5, keep=last)
    assert len(table) == 5
    assert table["event_id"].iloc[0] == last
    assert table["event_id"].tolist()[1:] == events["event_id"].tolist()[:4]
    assert len(mapview.table_frame(events)) == len(events)


def test_styles_ship_with_the_base_map() -> None:
    """streamlit-folium takes header styles from the map only, not from a swapped group."""
    m = mapview.base_map()
    m.get_root().render()
    header = m.get_root().header.render()
    assert ".cm-legend" in header and ".cm-popup mark" in header and ".cm-icon" in header


def test_layer_data_is_never_run_through_jinja() -> None:
    """Defence in depth: even unescaped template syntax in layer data stays literal."""
    m = mapview.base_map()
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.0, 40.0]},
               "properties": {"style": {}, "tip": "{{ 7*7 }} {% if true %}yes{% endif %}"}}
    mapview._VectorLayer([feature], "raw").add_to(m)
    html = rendered(m)
    assert "{{ 7*7 }} {% if true %}yes{% endif %}" in html


def test_published_payload_is_served_from_the_static_cache(events: gpd.GeoDataFrame) -> None:
    payload = mapview.event_payload(events, {})
    url = mapview.publish_payload(payload)
    assert re.fullmatch(r"/app/static/cache/events-[0-9a-f]{32}\.json", url)
    path = _assets.STATIC_DIR / url.removeprefix("/app/static/")
    assert mapview.payload_file(url) == path
    main = json.loads(path.read_text("utf-8"))
    files = mapview.published_files(url)
    assert files[0] == path and len(files) == 4 and all(f.exists() for f in files)
    for name in ("strings", "details", "popups"):
        main[name] = json.loads(mapview.payload_file(main.pop(f"{name}_url")).read_text())
    published = {k: v for k, v in payload.items() if k != "row_ids"}
    assert main == json.loads(json.dumps(published))
    assert mapview.publish_payload(payload) == url  # same data, same file
    group = mapview.event_group(events, colors={}, payload=url)
    m = mapview.base_map()
    group.add_to(m)
    html = rendered(m)
    assert f'fetch("{url}")' in html and '"points":[' not in html


def test_batched_sentences_equal_one_by_one() -> None:
    """The batched highlighter (used for the 100k-event payload) gives the same HTML."""
    sentences = ["Shelling hit Sugovushan (Madagiz) and Karabağ'da <b>x</b> ${a}",
                 "No place here {{ 7*7 }}", "", "Null \x00 byte near Madagiz",
                 "Madagiz, Madagiz and madagiz's `edge`"]
    names = [("Sugovushan", "Madagiz", "Karabağ"), ("Tartar",), (), ("Madagiz",),
             ("Madagiz",)]
    one_by_one = [highlight(s, n) for s, n in zip(sentences, names, strict=True)]
    assert highlight_many(sentences, names) == one_by_one
    assert highlight_many(sentences[:3], names[:3]) == one_by_one[:3]  # no NUL: one escape
    assert one_by_one[4].count("<mark>") == 3
    assert escape_many(["<a>", "b&c", ""]) == ["&lt;a&gt;", "b&amp;c", ""]


def test_payload_from_store_columns_equals_payload_from_frame(tmp_path: Path) -> None:
    """The page builds the payload from Store.columns (no frame); same data as from query."""
    from mapapp.store import open_store
    from tests.browser._synthetic import build_store

    with open_store(build_store(tmp_path / "events.sqlite", 30)) as store:
        frame = store.query()
        cols = store.columns(None, mapview.PAYLOAD_FIELDS)
    colors = mapview.party_colors(["Armenia", "Azerbaijan"])
    from_cols = mapview.event_payload(cols, colors)
    assert from_cols == mapview.event_payload(frame, colors)
    assert len(from_cols["points"]) + len(from_cols["areas"]) == len(frame) == 34


def test_a_subset_shares_the_tables_and_keeps_only_its_rows(events: gpd.GeoDataFrame) -> None:
    payload = mapview.event_payload(events, {})
    keep = set(payload["row_ids"]["points"][:3]) | set(payload["row_ids"]["areas"][:1])
    part = mapview.payload_subset(payload, keep)
    assert len(part["points"]) == 3 and len(part["areas"]) == 1
    assert part["points"] == payload["points"][:3]
    whole, cut = (mapview.published_files(mapview.publish_payload(p)) for p in (payload, part))
    assert whole[0] != cut[0] and whole[1:] == cut[1:]  # rows differ, tables shared


def test_pruning_keeps_the_newest_rows_files(events: gpd.GeoDataFrame) -> None:
    first = mapview.publish_payload(mapview.event_payload(events.iloc[:3], {}))
    second = mapview.publish_payload(mapview.event_payload(events.iloc[3:], {}), keep=1)
    assert all(p.exists() for p in mapview.published_files(second))
    assert not mapview.payload_file(first).exists()


def test_events_sharing_an_outline_share_one_geometry_row(tmp_path: Path) -> None:
    """Each outline is parsed and shipped once however many events sit on it, even when it
    comes as differently written text; lines and areas keep their kind."""
    from mapapp.store import open_store
    from tests.conftest import make_article

    square = {"type": "Polygon", "coordinates": [[[46.0, 39.5], [46.8, 39.5], [46.8, 40.0],
                                                  [46.0, 40.0], [46.0, 39.5]]]}
    line = {"type": "LineString", "coordinates": [[46.0, 38.9], [47.5, 39.3]]}
    texts = [json.dumps(square)] * 5 + [json.dumps(square, indent=1)] + [json.dumps(line)] * 2
    art = make_article(0)
    with open_store(tmp_path / "events.sqlite") as store:
        store.save_article(art, [make_event(i, article=art) for i in range(len(texts))])
        cols = store.columns(None, mapview.PAYLOAD_FIELDS)
    cols.update(x=[None] * len(texts), y=[None] * len(texts), geometry=texts)
    payload = mapview.event_payload(cols, {})
    assert len(payload["geometries"]) == 2
    assert [a[0] for a in payload["areas"]] == [0] * 6 + [1] * 2
    kinds = [payload["styles"][a[1]][1] for a in payload["areas"]]
    assert kinds == ["area"] * 6 + ["line"] * 2
    assert shape(payload["geometries"][0]).equals(shape(square))


def test_saved_map_view_fits_where_most_precise_events_are() -> None:
    """A saved map opens on the South Caucasus although one event is in Washington and one
    is placed on all of Russia (country level)."""
    events = [*(make_event(i) for i in range(100)),
              make_event(100, geometry={"type": "Point", "coordinates": [-77.04, 38.9]}),
              make_event(101, where_prec=6, geometry={"type": "Polygon", "coordinates": [[
                  [30.0, 50.0], [170.0, 50.0], [170.0, 70.0], [30.0, 70.0], [30.0, 50.0]]]})]
    (south, west), (north, east) = mapview.events_bounds(frame(events))
    lons = sorted(e.geometry["coordinates"][0] for e in events[:101])
    lats = sorted(e.geometry["coordinates"][1] for e in events[:101])
    assert (south, west, north, east) == pytest.approx((lats[2], lons[2], lats[-3], lons[-3]))
    assert west > 40.0 and north < 45.0
