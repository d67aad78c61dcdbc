"""The conflictmap page: filters, map, table, article panel, exports.

Thin on purpose: widgets and calls into ``mapapp`` (its data comes cached from
``mapapp.page``, which ``conflictmap serve`` warms). Started by ``conflictmap serve`` (the
store comes from CONFLICTMAP_DB through ``mapapp.settings``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from mapapp import export, mapview, page
from mapapp.errors import ArticleError, GazetteerError, StoreBusyError, UnsafeInputError
from mapapp.settings import Settings
from mapapp.store import EventFilter, Facets, open_store

st.set_page_config(page_title="conflictmap", layout="wide")
SETTINGS = Settings()
# what the map returns until a point is clicked (and reports once its events are drawn);
# a comment, not a docstring: Streamlit would print a bare string on the page
MAP_DEFAULT: dict[str, Any] = {"last_object_clicked_popup": None}
DEFAULT_OPTIONS: dict[str, Any] = {"heat": False, "choropleth": None, "timeline": False,
                                   "online_tiles": False}
PRECISION_LABELS = {3: "any (region, border, place)", 2: "near a place or better",
                    1: "exact place only"}


@st.cache_resource(show_spinner=False)
def gazetteer(path: str) -> Any:
    """Opened once per server; ``path`` keys the cache (settings name the same index)."""
    from mapapp.ingest import open_gazetteer

    return open_gazetteer(SETTINGS)


def reset_filters() -> None:
    """Back to the whole store. Widgets get their defaults assigned: a deleted key alone
    lets the browser send its old value back on the next rerun."""
    for key, value in (("parties", []), ("types", []), ("countries", []), ("admin1", []),
                       ("precision", 3), ("text", "")):
        st.session_state[key] = value
    for key in ("dates", "table", "table_ids", "selected_event"):
        st.session_state.pop(key, None)


def sidebar(f: Facets) -> tuple[EventFilter, dict[str, Any]]:
    sb = st.sidebar
    sb.header("Filters")
    since = until = None
    if f.min_date and f.max_date:
        lo, hi = date.fromisoformat(f.min_date), date.fromisoformat(f.max_date)
        if lo < hi:
            dates = sb.slider("Dates", min_value=lo, max_value=hi, value=(lo, hi), key="dates")
        else:
            dates = (lo, hi)
        c1, c2 = sb.columns(2)
        since = c1.date_input("From", value=dates[0], min_value=lo, max_value=hi)
        until = c2.date_input("To", value=dates[1], min_value=lo, max_value=hi)
    parties = sb.multiselect("Parties", f.parties, key="parties")
    types = sb.multiselect("Event types", f.event_types, key="types")
    countries = sb.multiselect("Countries", f.countries, key="countries")
    admin1 = sb.multiselect("Regions (admin-1)", f.admin1, key="admin1")
    precision = sb.select_slider("Location precision at least", options=[3, 2, 1],
                                 format_func=PRECISION_LABELS.__getitem__, key="precision")
    text = sb.text_input("Text search (sentence or summary)", key="text").strip()
    sb.button("Reset filters", on_click=reset_filters)
    sb.header("Map")
    options = {
        "heat": sb.toggle("Heat layer", value=DEFAULT_OPTIONS["heat"]),
        "choropleth": {"none": None, "events": "events", "fatalities": "fatalities"}[
            sb.radio("Admin-1 shading", ["none", "events", "fatalities"], horizontal=True)],
        "timeline": sb.toggle(f"Time slider (play day by day, ≤ "
                              f"{mapview.TIMELINE_MAX_EVENTS:,} events)",
                              value=DEFAULT_OPTIONS["timeline"]),
        "online_tiles": SETTINGS.online_tiles and sb.toggle("Online tiles (OSM / Carto)"),
    }
    # the whole range is "no date filter", so the unfiltered view shares one cache entry
    if since is not None and f.min_date and since.isoformat() <= f.min_date:
        since = None
    if until is not None and f.max_date and until.isoformat() >= f.max_date:
        until = None
    flt = EventFilter(since=since.isoformat() if since else None,
                      until=until.isoformat() if until else None,
                      parties=tuple(parties), event_types=tuple(types),
                      countries=tuple(countries), admin1=tuple(admin1),
                      max_geo_precision=None if precision == 3 else precision,
                      text=text or None)
    return flt, options


def article_panel(db: str) -> None:
    """Paste or upload articles; they go through the same read → extract → save as the CLI."""
    from mapapp.articles import read_article
    from mapapp.extract import article_mentions, extract_events

    max_bytes, max_files = int(SETTINGS.max_article_bytes), int(SETTINGS.max_upload_files)
    # a toggle, not a collapsed expander: the browser loads the text area's and uploader's
    # code only when the form is asked for, not on every first visit
    if not st.toggle("Add articles", key="articles_open"):
        return
    with st.form("article_form", clear_on_submit=False):
        pasted = st.text_area("Paste article text", height=160, max_chars=max_bytes)
        uploads = st.file_uploader("…or upload .txt / .html files", type=["txt", "html", "htm"],
                                   accept_multiple_files=True)
        submitted = st.form_submit_button("Ingest")
    if submitted:
        inputs: list[tuple[str, bytes]] = []
        if pasted.strip():
            inputs.append(("pasted.txt", pasted.encode("utf-8")))
        files = list(uploads or [])
        if len(files) > max_files:
            st.error(f"{len(files)} files is more than the limit of {max_files} "
                     "(max_upload_files); nothing was ingested.")
            files, inputs = [], []
        for up in files:
            if up.size > max_bytes:
                st.error(f"{up.name}: {up.size:,} bytes is over the {max_bytes:,}-byte limit "
                         "(max_article_bytes); skipped.")
                continue
            inputs.append((up.name, up.getvalue()))
        try:
            gaz = gazetteer(SETTINGS.gazetteer_index)
        except (GazetteerError, OSError) as exc:
            st.error(f"Gazetteer index unavailable ({exc}); run `conflictmap gazetteer build`.")
            inputs = []
        results = []
        with open_store(db, lock_timeout=SETTINGS.lock_timeout) as store:
            for name, data in inputs:
                try:
                    article = read_article(data, name=name, max_bytes=max_bytes)
                    mentions = article_mentions(article, gaz)
                    events = extract_events(article, gaz, mentions)
                    saved = store.save_article(article, events)
                except (ArticleError, UnsafeInputError, StoreBusyError) as exc:
                    st.error(f"{name}: {exc}")
                    continue
                results.append((article, mentions, events, saved))
        st.session_state["ingested"] = results
        if any(saved.added or saved.updated for _, _, _, saved in results):
            st.rerun()  # the map above was drawn before these events were stored
    for article, mentions, events, saved in st.session_state.get("ingested", []):
        st.text(f"{article.title or 'Untitled article'} — {len(events)} events "
                f"({saved.added} new, {saved.updated} updated)")
        st.html(mapview.mentions_html(article.text, mentions))
        st.dataframe(mapview.mentions_frame(mentions), hide_index=True)
        if events:
            st.dataframe(mapview.events_frame(events), hide_index=True)


def main() -> None:
    db = str(SETTINGS.db)
    # shared by sessions, warmed by serve
    data = page.for_store(db, float(SETTINGS.lock_timeout), int(SETTINGS.table_rows))
    rev = data.revision()
    f = data.facets(rev)
    # A session's first run draws the title and the map only (default filters). The map
    # reports when its events are drawn (drawn_value below), which reruns the script and
    # draws the rest: the browser loads and draws the map without a dozen widgets' and
    # the table's code competing for it (1.5-2 s sooner on a first visit). Elements keep
    # their identity: the map stays the main area's second element.
    first_run = not st.session_state.get("page_drawn")
    flt, options = (EventFilter(), dict(DEFAULT_OPTIONS)) if first_run else sidebar(f)
    shown = data.count(rev, flt)
    colors = data.colors(rev)
    if not first_run:
        st.sidebar.markdown(f"**{shown:,}** of {f.events:,} events shown "
                            f"({f.articles:,} articles in the store)")

    st.title("conflictmap")
    # The selection is kept as an event id: row numbers change with every filter.
    picked_rows = st.session_state.get("table", {}).get("selection", {}).get("rows", [])
    shown_ids = st.session_state.get("table_ids", [])
    if picked_rows and picked_rows[0] < len(shown_ids):
        st.session_state["selected_event"] = shown_ids[picked_rows[0]]
    selected = st.session_state.get("selected_event")
    events = data.first_rows(rev, flt)
    if selected and shown > len(events) and selected not in set(events["event_id"]):
        events = data.filtered(rev, flt)  # a point clicked beyond the table's rows
    focus = mapview.focus_of(events, selected) if selected else None
    pack = page.region_pack()
    if isinstance(pack, str):
        st.warning(f"No vector basemap ({pack}); events are drawn without land outlines.")
        pack = None
    # the base map stays the same while filters change: only the event group is swapped,
    # so the browser keeps the map (and its zoom) instead of reloading it
    timeline = options["timeline"] and shown <= mapview.TIMELINE_MAX_EVENTS
    m = mapview.base_map(bounds=data.bounds(rev),
                         basemap=pack, colors=colors, event_types=f.event_types,
                         online_tiles=options["online_tiles"],
                         carto_api_key=SETTINGS.carto_api_key, fetch_basemap=True,
                         timeline_events=data.filtered(rev, flt) if timeline else None)
    layers = options["heat"] or options["choropleth"]
    group = mapview.event_group(data.filtered(rev, flt) if layers else None, colors=colors,
                                heat=options["heat"], choropleth=options["choropleth"],
                                payload=data.payload_url(rev, flt), drawn_value=MAP_DEFAULT)
    mapview.one_script(m, group)
    clicked = st_folium(m, key="map", height=620, use_container_width=True,
                        feature_group_to_add=group,
                        returned_objects=list(MAP_DEFAULT),
                        center=focus, zoom=11 if focus else None)
    st.caption(mapview.ATTRIBUTION)
    if first_run:
        st.session_state["page_drawn"] = True
        return

    popup_id = mapview.event_id_from_popup((clicked or {}).get("last_object_clicked_popup"))
    if popup_id and popup_id != st.session_state.get("clicked_event"):
        st.session_state["clicked_event"] = popup_id  # act on each click once
        selected = st.session_state["selected_event"] = popup_id

    table = mapview.table_frame(events, limit=data.table_rows, keep=selected)
    ids = table["event_id"].tolist()
    st.session_state["table_ids"] = ids
    row = ids.index(selected) if selected in ids else None
    st.session_state["table"] = {"selection": {"rows": [] if row is None else [row],
                                               "columns": []}}
    st.subheader(f"Events ({shown:,})")
    if len(table) < shown:
        st.caption(f"The table lists the first {len(table):,} events of this view (setting "
                   "table_rows); the map and the exports hold all of them.")
    st.dataframe(table, key="table", on_select="rerun", selection_mode="single-row",
                 hide_index=True, height=320)
    if row is not None:
        chosen = table.loc[row]
        st.text(f"Selected event {chosen['event_id']}: {chosen['event_date']} · "
                f"{chosen['place_names']} · {chosen['event_type']}")

    st.subheader("Export this view")
    c1, c2, c3, c4 = st.columns(4)
    # deferred: the whole view is queried only when a button is clicked
    c1.download_button("GeoJSON", lambda: export.geojson_bytes(data.filtered(rev, flt)),
                       file_name="conflictmap-events.geojson", mime="application/geo+json")
    c2.download_button("CSV", lambda: export.csv_bytes(data.filtered(rev, flt)),
                       file_name="conflictmap-events.csv", mime="text/csv")
    c3.download_button("GeoPackage", lambda: export.gpkg_bytes(data.filtered(rev, flt)),
                       file_name="conflictmap-events.gpkg",
                       mime="application/geopackage+sqlite3")
    c4.download_button("Static HTML map",
                       lambda: mapview.map_html(mapview.build_map(
                           data.filtered(rev, flt), basemap=pack, colors=colors)),
                       file_name="conflictmap-map.html", mime="text/html")

    article_panel(db)


main()
