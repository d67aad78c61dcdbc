"""The page's per-process caches: warmed before serving, shared, and never stale after an
ingest changes the store."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import shapely

from mapapp import mapview, page
from mapapp._assets import STATIC_DIR
from mapapp.errors import StoreCorruptError
from mapapp.store import EventFilter, open_store
from tests.browser._synthetic import build_store
from tests.conftest import make_article, make_event


def published(url: str) -> dict[str, list[object]]:
    data: dict[str, list[object]] = json.loads(
        (STATIC_DIR / url.removeprefix("/app/static/")).read_text("utf-8"))
    return data


def test_a_filtered_view_is_the_store_payload_cut_to_its_events(db: str) -> None:
    data = page.for_store(db, 5.0, 2000)
    rev = data.revision()
    flt = EventFilter(parties=("Armenia",))
    with open_store(db) as store:
        wanted = set(store.query(flt)["event_id"])
    view = published(data.payload_url(rev, flt))
    whole = published(data.payload_url(rev, EventFilter()))
    assert 0 < len(view["points"]) + len(view["areas"]) <= len(wanted)
    assert view["strings_url"] == whole["strings_url"]  # shared tables
    assert view["popups_url"] == whole["popups_url"]
    details = published(str(view["details_url"]))
    popups = published(str(view["popups_url"]))
    shown = {details[popups[row[3]][6]] for row in view["points"]} | {  # type: ignore[index]
        details[popups[row[2]][6]] for row in view["areas"]}  # type: ignore[index]
    assert shown <= wanted
    assert len(shown) == len(view["points"]) + len(view["areas"])


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(build_store(tmp_path / "events.sqlite", 60))


def test_warm_computes_the_first_view_the_page_then_reuses(db: str) -> None:
    with open_store(db) as store:
        total = store.count()
    assert page.warm(db, 5.0, 2000) == total
    data = page.for_store(db, 5.0, 2000)
    assert data is page.for_store(db, 5.0, 2000)  # every session shares one cache
    rev = data.revision()
    flt = EventFilter()
    frame = data.first_rows(rev, flt)
    assert len(frame) == total and data.first_rows(rev, flt) is frame  # not queried again
    payload = published(data.payload_url(rev, flt))
    assert len(payload["points"]) + len(payload["areas"]) == total
    assert set(data.colors(rev)) == {*data.facets(rev).parties, "Unknown"}


def test_an_ingest_changes_the_revision_and_the_view(db: str) -> None:
    data = page.for_store(db, 5.0, 2000)
    before = data.revision()
    counted = data.count(before, EventFilter())
    art = make_article(777)
    with open_store(db) as store:
        store.save_article(art, [make_event(777_000 + i, article=art) for i in range(3)])
    after = data.revision()
    assert after != before
    assert data.count(after, EventFilter()) == counted + 3
    assert data.count(before, EventFilter()) == counted  # the old key still holds old data


def test_big_views_fill_the_table_with_the_first_rows_only(db: str) -> None:
    data = page.PageData(db, 5.0, 25)
    rev = data.revision()
    assert len(data.first_rows(rev, EventFilter())) == 25
    assert len(data.filtered(rev, EventFilter())) == data.count(rev, EventFilter()) > 25


def test_region_pack_is_the_geodata_pack() -> None:
    pack = page.region_pack()
    assert not isinstance(pack, str), pack
    assert "adm1:AZE-1735" in set(pack["feature_id"])


def test_warm_on_a_corrupt_store_raises_the_store_error(tmp_path: Path) -> None:
    """`conflictmap serve` prints this error in one line and starts the page anyway."""
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreCorruptError):
        page.warm(str(bad), 1.0, 2000)


def test_table_rows_read_as_columns_equal_the_queried_rows(db: str) -> None:
    """first_rows builds its frame from Store.columns; the table and the map's focus must
    see exactly what a full query gives (types, missing values, shapes)."""
    data = page.PageData(db, 5.0, 2000)
    rev = data.revision()
    for flt in (EventFilter(), EventFilter(parties=("Armenia",)),
                EventFilter(bbox=(45.9, 38.8, 47.6, 40.1))):
        rows = data.first_rows(rev, flt)
        with open_store(db) as store:
            full = store.query(flt, limit=data.table_rows)
        assert len(rows) == len(full) > 0
        pd.testing.assert_frame_equal(mapview.table_frame(rows), mapview.table_frame(full))
        assert shapely.equals_exact(rows.geometry.values, full.geometry.values, 1e-9).all()
        for event_id in full["event_id"].tolist()[:: max(1, len(full) // 7)]:
            assert mapview.focus_of(rows, event_id) == mapview.focus_of(full, event_id)
    kinds = set(data.first_rows(rev, EventFilter()).geom_type)
    assert {"Point", "LineString"} <= kinds or {"Point", "Polygon"} <= kinds


def test_the_first_view_fits_events_placed_more_precisely_than_a_country(
        tmp_path: Path) -> None:
    """One "Russia said" event on the whole of Russia must not zoom the map out to Russia."""
    db = str(tmp_path / "events.sqlite")
    art = make_article(1)
    town = make_event(0, article=art)  # a point in the South Caucasus
    russia = make_event(1, article=art, where_prec=6, geo_precision=3,
                        geometry={"type": "Polygon", "coordinates": [[
                            [30.0, 50.0], [170.0, 50.0], [170.0, 70.0], [30.0, 70.0],
                            [30.0, 50.0]]]})
    with open_store(db) as store:
        store.save_article(art, [town, russia])
    lon, lat = town.geometry["coordinates"]
    data = page.PageData(db, 5.0, 100)
    assert data.bounds(data.revision()) == ((lat, lon), (lat, lon))
    frame = data.filtered(data.revision(), EventFilter())
    assert mapview.events_bounds(frame) == ((lat, lon), (lat, lon))
    # with only country-level events, the view is theirs
    only = tmp_path / "country.sqlite"
    with open_store(str(only)) as store:
        store.save_article(art, [russia])
    data = page.PageData(str(only), 5.0, 100)
    assert data.bounds(data.revision()) == ((50.0, 30.0), (70.0, 170.0))
    assert mapview.events_bounds(data.filtered(data.revision(), EventFilter())) == (
        (50.0, 30.0), (70.0, 170.0))
