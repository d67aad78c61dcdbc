"""The store contract on both backends (SQLite file and a real PostGIS server), plus the
SQLite file's failure modes: locks, damage, foreign files, schema versions, kill -9."""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp.errors import StoreBusyError, StoreCorruptError
from mapapp.store import EventFilter, Store, frame_to_events, open_store
from tests.conftest import REPO, make_article, make_event


@pytest.fixture(params=["sqlite", pytest.param("postgis", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        st_ = open_store(tmp_path / "events.sqlite", lock_timeout=2)
    else:
        st_ = open_store(request.getfixturevalue("postgres_db"), lock_timeout=2)
    yield st_
    st_.close()


def _fill(store: Store, articles: int = 3, per: int = 10) -> list:
    saved = []
    for n in range(articles):
        art = make_article(n)
        events = [make_event(n * per + i, article=art) for i in range(per)]
        store.save_article(art, events)
        saved.extend(events)
    return saved


def test_save_is_idempotent_and_counts_changes(store: Store) -> None:
    art = make_article(0)
    events = [make_event(i, article=art) for i in range(10)]
    first = store.save_article(art, events)
    assert (first.article_new, first.added, first.updated, first.unchanged) == (True, 10, 0, 0)
    again = store.save_article(art, events)
    assert (again.article_new, again.added, again.updated, again.unchanged) == (False, 0, 0, 10)
    events[3] = make_event(3, article=art, summary="revised summary")
    third = store.save_article(art, [*events, make_event(10, article=art)])
    assert (third.added, third.updated, third.unchanged) == (1, 1, 9)
    assert store.count() == 11
    row = store.query(EventFilter(text="revised summary"))
    assert row["event_id"].tolist() == [events[3].event_id]


def test_events_round_trip_every_field(store: Store) -> None:
    saved = _fill(store, articles=2, per=8)
    gdf = store.query()
    assert gdf.crs.to_epsg() == 4326
    back = {e.event_id: e for e in frame_to_events(gdf)}
    for event in saved:
        got = back[event.event_id]
        for name in event.__dataclass_fields__:
            if name == "geometry":
                a = shapely.geometry.shape(event.geometry)
                b = shapely.geometry.shape(got.geometry)
                assert a.equals_exact(b, 1e-12)
            else:
                assert getattr(got, name) == getattr(event, name), name


def test_article_ledger_keeps_the_article(store: Store) -> None:
    art = make_article(7, text="Über 19 Siedlungen wurden beschossen. Read Previous: x")
    store.save_article(art, [make_event(0, article=art)])
    assert store.has_article(art.article_id)
    assert not store.has_article("0" * 64)
    assert store.article(art.article_id) == art
    assert store.article("nope") is None


def test_filters_select_exactly(store: Store) -> None:
    saved = _fill(store, articles=4, per=10)

    def ids(flt: EventFilter) -> set[str]:
        got = set(store.query(flt)["event_id"])
        assert store.count(flt) == len(got)
        return got

    def expect(pred) -> set[str]:  # type: ignore[no-untyped-def]
        return {e.event_id for e in saved if pred(e)}

    assert ids(EventFilter()) == expect(lambda e: True)
    assert ids(EventFilter(since="2020-10-05", until="2020-10-09")) == expect(
        lambda e: "2020-10-05" <= e.event_date <= "2020-10-09")
    assert ids(EventFilter(event_types=["Battles"])) == expect(lambda e: e.event_type == "Battles")
    assert ids(EventFilter(countries=["Armenia"])) == expect(lambda e: e.country == "Armenia")
    assert ids(EventFilter(admin1=["Tartar", "Fuzuli"])) == expect(
        lambda e: e.admin1 in ("Tartar", "Fuzuli"))
    assert ids(EventFilter(max_geo_precision=1)) == expect(lambda e: e.geo_precision == 1)
    assert ids(EventFilter(max_where_prec=2)) == expect(lambda e: e.where_prec <= 2)
    assert ids(EventFilter(parties=["Armenia"])) == expect(lambda e: "Armenia" in e.parties)
    assert ids(EventFilter(parties=["Nobody"])) == set()
    box = (46.0, 39.0, 47.5, 39.95)
    assert ids(EventFilter(bbox=box)) == expect(
        lambda e: shapely.geometry.shape(e.geometry).intersects(shapely.box(*box)))
    assert ids(EventFilter(text="NEAR CHARLIE")) == expect(lambda e: "Charlie" in e.summary)
    both = ids(EventFilter(countries=["Azerbaijan"], max_geo_precision=2, since="2020-10-10"))
    assert both == expect(lambda e: e.country == "Azerbaijan" and e.geo_precision <= 2
                          and e.event_date >= "2020-10-10")
    assert 0 < len(both) < len(saved)


def test_core_extent_leaves_out_a_few_far_away_events(store: Store) -> None:
    """100 events in the South Caucasus and talks in Washington: the extent reaches
    Washington, the core does not; below 50 events the core is the whole extent."""
    art = make_article(1)
    events = [*(make_event(i, article=art) for i in range(100)),
              make_event(100, article=art,
                         geometry={"type": "Point", "coordinates": [-77.04, 38.9]})]
    store.save_article(art, events)
    assert store.extent()[0] == pytest.approx(-77.04)
    lons = sorted(e.geometry["coordinates"][0] for e in events)
    lats = sorted(e.geometry["coordinates"][1] for e in events)
    # 101 events: the 2 (int(101 * 0.04 / 2)) furthest edges on each side are skipped
    assert store.core_extent() == pytest.approx((lons[2], lats[2], lons[-3], lats[-3]))
    assert lons[2] > 40.0
    assert store.core_extent(EventFilter(parties=["Nobody"])) is None
    few = EventFilter(since="2020-10-01", until="2020-10-02")
    assert 0 < store.count(few) < 50
    assert store.core_extent(few) == pytest.approx(store.extent(few))


def test_date_range_overlaps_multi_day_events(store: Store) -> None:
    art = make_article(1)
    long = make_event(0, article=art, event_date="2020-09-27", event_date_end="2020-10-03")
    store.save_article(art, [long])
    assert store.count(EventFilter(since="2020-10-01")) == 1
    assert store.count(EventFilter(since="2020-10-04")) == 0
    assert store.count(EventFilter(until="2020-09-26")) == 0


def test_bbox_refines_on_shapes_not_envelopes(store: Store) -> None:
    art = make_article(2)
    line = make_event(0, article=art, geometry={"type": "LineString",
                                                "coordinates": [[0.0, 0.0], [10.0, 10.0]]})
    poly = make_event(1, article=art, geometry={"type": "Polygon", "coordinates": [
        [[20.0, 20.0], [21.0, 20.0], [21.0, 21.0], [20.0, 21.0], [20.0, 20.0]]]})
    store.save_article(art, [line, poly])
    # the box touches the line's envelope corner but not the line itself
    assert store.count(EventFilter(bbox=(8.0, 0.0, 10.0, 2.0))) == 0
    assert store.count(EventFilter(bbox=(4.0, 4.0, 6.0, 6.0))) == 1
    got = store.query(EventFilter(bbox=(20.5, 20.5, 30.0, 30.0)))
    assert got["event_id"].tolist() == [poly.event_id]
    assert got.geometry.iloc[0].geom_type == "Polygon"


def test_facets_list_values_and_range(store: Store) -> None:
    _fill(store, articles=2, per=10)
    facets = store.facets()
    assert facets.parties == ["Armenia", "Azerbaijan"]
    assert facets.countries == ["Armenia", "Azerbaijan"]
    assert facets.admin1 == ["Fuzuli", "Gegharkunik", "Khojavend", "Tartar"]
    assert "Battles" in facets.event_types
    assert (facets.min_date, facets.max_date) == ("2020-10-01", "2020-10-20")
    assert (facets.events, facets.articles) == (20, 2)
    assert store.integrity_check() == "ok"


def test_failed_save_leaves_nothing(store: Store) -> None:
    art = make_article(3)
    good = make_event(0, article=art)
    bad = make_event(1, article=art, confidence=float("nan"))
    with pytest.raises(ValueError, match="not a finite number"):
        store.save_article(art, [good, bad])
    assert not store.has_article(art.article_id)
    assert store.count() == 0


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=15, unique=True),
       st.integers(min_value=1, max_value=3))
def test_property_saving_twice_changes_nothing(tmp_path: Path, picks: list[int],
                                               repeats: int) -> None:
    db = tmp_path / f"p{uuid.uuid4().hex}.sqlite"
    with open_store(db) as store:
        art = make_article(picks[0])
        events = [make_event(i, article=art) for i in picks]
        store.save_article(art, events)
        before = store.query()
        for _ in range(repeats):
            result = store.save_article(art, events)
            assert (result.added, result.updated, result.unchanged) == (0, 0, len(picks))
        after = store.query()
    assert sorted(after["event_id"]) == sorted(before["event_id"]) == sorted(
        e.event_id for e in events)


# ---- SQLite file failure modes ---------------------------------------------------------------


def test_sqlite_file_is_wal_and_versioned(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    open_store(db).close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 3
    con.close()
    open_store(db).close()  # reopening does not re-run the migrations
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 3
    con.close()


def test_version_1_store_gains_place_spans(tmp_path: Path) -> None:
    """A store written before place spans existed opens, keeps its events (span -1), and
    takes the spans of events saved from then on."""
    db = tmp_path / "events.sqlite"
    art = make_article(0)
    with open_store(db) as store:
        store.save_article(art, [make_event(0, article=art)])
    with sqlite3.connect(db) as con:  # back to the version-1 layout
        con.execute("ALTER TABLE events DROP COLUMN place_start")
        con.execute("ALTER TABLE events DROP COLUMN place_end")
        con.execute("ALTER TABLE events DROP COLUMN shape_id")
        con.execute("DROP TABLE shapes")
        con.execute("DELETE FROM schema_version WHERE version >= 2")
    with open_store(db) as store:
        old = store.query()
        assert old[["place_start", "place_end"]].values.tolist() == [[-1, -1]]
        later = make_article(1)
        store.save_article(later, [make_event(1, article=later, place_start=7, place_end=12)])
        spans = store.query().set_index("event_id")[["place_start", "place_end"]]
        assert spans.loc[make_event(1, article=later).event_id].tolist() == [7, 12]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    open_store(db).close()
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'future')")
    with pytest.raises(StoreCorruptError, match="schema version 99"):
        open_store(db)


@pytest.mark.parametrize("content", [b"", b"this is a text file, not a database\n" * 20,
                                     b"SQLite format 3\x00" + b"\xff" * 4000])
def test_non_database_file_is_refused_and_kept(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "events.sqlite"
    db.write_bytes(content)
    if not content:  # an empty file is a new store
        open_store(db).close()
        return
    with pytest.raises(StoreCorruptError) as info:
        open_store(db).count()
    assert "\n" not in str(info.value)
    assert db.read_bytes() == content


def test_other_applications_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
        con.execute("INSERT INTO accounts VALUES (1, 'kept')")
    before = db.read_bytes()
    with pytest.raises(StoreCorruptError, match="another application"):
        open_store(db)
    assert db.read_bytes() == before


def test_damaged_pages_are_reported(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    with open_store(db) as store:
        _fill(store, articles=20, per=10)
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, page):  # scribble over all data pages
        data[offset + 8:offset + 200] = b"\x5a" * 192
    db.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError) as info, open_store(db) as store:
        store.query()
        assert store.integrity_check() == "ok"
    assert "\n" not in str(info.value)


def test_locked_database_gives_busy_error(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    open_store(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = open_store(db, lock_timeout=0.3)
        start = time.monotonic()
        with pytest.raises(StoreBusyError, match="locked by another writer"):
            store.save_article(make_article(0), [make_event(0)])
        assert time.monotonic() - start >= 0.25
        assert store.count() == 0  # readers are not blocked by the writer (WAL)
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {repo!r})
    from tests.conftest import make_article, make_event
    from mapapp.store import open_store
    store = open_store({db!r}, lock_timeout=30)
    start, stop, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for n in range(start, stop):
        art = make_article(n)
        store.save_article(art, [make_event(n * per + i, article=art) for i in range(per)])
        print(n, flush=True)
""")


def _writer(tmp_path: Path, db: Path, *args: int) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(_WRITER.format(repo=str(REPO), db=str(db)))
    return subprocess.Popen([sys.executable, str(script), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_writer_processes_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    a = _writer(tmp_path, db, 0, 40, 5)
    b = _writer(tmp_path, db, 20, 60, 5)  # overlaps articles 20..39 with the first writer
    out_a, err_a = a.communicate(timeout=120)
    out_b, err_b = b.communicate(timeout=120)
    assert a.returncode == 0, err_a
    assert b.returncode == 0, err_b
    with open_store(db) as store:
        assert store.count() == 60 * 5
        assert store.facets().articles == 60
        assert store.integrity_check() == "ok"


def test_kill_9_mid_ingest_leaves_whole_articles(tmp_path: Path) -> None:
    db = tmp_path / "events.sqlite"
    proc = _writer(tmp_path, db, 0, 100_000, 40)
    assert proc.stdout is not None
    for _ in range(30):  # let it commit a few dozen articles, then kill it mid-stream
        proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ledger = dict(con.execute("SELECT article_id, n_events FROM articles").fetchall())
    per_article = dict(con.execute("SELECT article_id, count(*) FROM events GROUP BY 1"))
    con.close()
    assert len(ledger) >= 30
    assert per_article == ledger  # every committed article has all 40 events, no orphans
    assert set(ledger.values()) == {40}
    with open_store(db) as store:  # and the store opens and writes again
        art = make_article(10**6)
        assert store.save_article(art, [make_event(0, article=art)]).added == 1


def test_json_columns_are_plain_json(tmp_path: Path) -> None:
    """Other tools (sqlite3 CLI, R) can read parties without conflictmap."""
    db = tmp_path / "events.sqlite"
    with open_store(db) as store:
        art = make_article(0)
        store.save_article(art, [make_event(0, article=art)])
    with sqlite3.connect(db) as con:
        parties, geometry = con.execute("SELECT parties, geometry FROM events").fetchone()
    assert json.loads(parties) == ["Azerbaijan", "Armenia"]
    assert json.loads(geometry)["type"] == "Point"


def test_pending_migration_is_applied_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    """A store made by the current schema picks up a later migration on open, keeps its
    rows, and records the new version (what a future schema change will go through)."""
    from mapapp import _sqlite_store

    db = tmp_path / "events.sqlite"
    with open_store(db) as store:
        art = make_article(0)
        store.save_article(art, [make_event(0, article=art)])

    def add_note_column(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE events ADD COLUMN analyst_note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(_sqlite_store, "MIGRATIONS", (*_sqlite_store.MIGRATIONS,
                                                      add_note_column))
    monkeypatch.setattr(_sqlite_store, "SCHEMA_VERSION", _sqlite_store.SCHEMA_VERSION + 1)
    with open_store(db) as store:
        assert store.count() == 1
    open_store(db).close()
    with sqlite3.connect(db) as con:
        assert [r[0] for r in con.execute("SELECT version FROM schema_version")] == \
            list(range(1, _sqlite_store.SCHEMA_VERSION + 1))
        assert con.execute("SELECT analyst_note FROM events").fetchall() == [("",)]


@pytest.mark.postgres
def test_cli_against_postgis(postgres_db: str, tmp_path: Path) -> None:
    """The same commands work with a postgresql:// URL as --db."""
    from click.testing import CliRunner

    from mapapp.cli import main

    fixtures = REPO / "tests" / "fixtures"
    runner = CliRunner()
    first = runner.invoke(main, ["--db", postgres_db, "import-acled",
                                 str(fixtures / "acled_sample.csv")])
    assert first.exit_code == 0, first.output
    assert "3 added" in first.stdout
    out = tmp_path / "pg.geojson"
    result = runner.invoke(main, ["--db", postgres_db, "export", "--format", "geojson",
                                  "--bbox", "46,40,47,41", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_bytes())
    assert [f["properties"]["event_id"] for f in doc["features"]] == ["acled:TST101"]


@pytest.mark.postgres
def test_postgis_writer_waits_then_gives_busy_error(postgres_db: str) -> None:
    import psycopg

    from mapapp._postgis_store import _WRITE_LOCK

    store = open_store(postgres_db, lock_timeout=0.5)
    with psycopg.connect(postgres_db) as holder:  # another writer mid-transaction
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
        start = time.monotonic()
        with pytest.raises(StoreBusyError, match="locked by another writer"):
            store.save_article(make_article(0), [make_event(0)])
        assert time.monotonic() - start >= 0.4
        assert store.count() == 0  # reads still work
    art = make_article(0)
    assert store.save_article(art, [make_event(0, article=art)]).added == 1
    store.close()


def test_columns_match_query_and_split_points_from_shapes(store: Store) -> None:
    """The map's column fetch: same events, same order, same values as query()."""
    saved = _fill(store, articles=2, per=6)
    art = make_article(9)
    line = make_event(90, article=art, event_date="2020-09-30", geometry={
        "type": "LineString", "coordinates": [[46.0, 38.9], [47.5, 39.3]]})
    poly = make_event(91, article=art, geometry={"type": "Polygon", "coordinates": [
        [[46.0, 39.5], [46.8, 39.5], [46.8, 40.0], [46.0, 40.0], [46.0, 39.5]]]})
    coll = make_event(92, article=art, geometry={"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [46.1, 39.6]}]})  # holds a point, is not one
    store.save_article(art, [line, poly, coll])
    for flt in (EventFilter(), EventFilter(parties=("Armenia",)),
                EventFilter(since="2020-10-03", until="2020-10-05"),
                EventFilter(bbox=(45.9, 38.8, 47.6, 40.1))):
        frame = store.query(flt)
        cols = store.columns(flt, ["event_id", "parties", "fatality_claims", "fatalities"])
        assert cols["event_id"] == frame["event_id"].tolist()
        first = store.columns(flt, ["event_id"], limit=2)
        assert first["event_id"] == frame["event_id"].tolist()[:2]
        assert first["x"] == cols["x"][:2] and first["geometry"] == cols["geometry"][:2]
        assert cols["parties"] == [list(p) for p in frame["parties"]]
        assert cols["fatality_claims"] == [list(c) for c in frame["fatality_claims"]]
        assert cols["fatalities"] == [None if pd.isna(f) else int(f)
                                      for f in frame["fatalities"]]
        for x, y, geo, shape in zip(cols["x"], cols["y"], cols["geometry"],
                                    frame.geometry.values, strict=True):
            if shape.geom_type == "Point":
                assert (x, y, geo) == (shape.x, shape.y, None)
            else:
                assert x is None and y is None
                assert shapely.equals(shapely.from_geojson(geo), shape)
    assert len(saved) + 3 == len(store.columns(None, ["event_id"])["event_id"])
    assert store.query().set_index("event_id").loc[coll.event_id, "geometry"].geom_type == \
        "GeometryCollection"
    west, south, east, north = store.extent() or (0, 0, 0, 0)
    bounds = store.query().total_bounds
    assert (west, south, east, north) == pytest.approx(tuple(bounds), abs=1e-9)
    assert store.extent(EventFilter(parties=("nobody",))) is None
    assert store.columns(EventFilter(parties=("nobody",)), ["event_id"])["event_id"] == []


_SHAPES = [
    {"type": "Polygon", "coordinates": [[[46.1, 39.5], [47.3, 39.4], [47.0, 40.3], [46.1, 39.5]]]},
    {"type": "MultiPolygon", "coordinates": [[[[44.8, 39.6], [45.1, 39.2], [45.0, 39.9],
                                               [44.8, 39.6]]],
                                             [[[46.5, 41.0], [46.9, 40.8], [46.7, 41.2],
                                               [46.5, 41.0]]]]},
    {"type": "LineString", "coordinates": [[46.0, 38.9], [47.2, 39.3], [48.1, 38.4]]},
    {"type": "Point", "coordinates": [46.75, 39.82]},
]


@pytest.mark.parametrize("shape", _SHAPES, ids=lambda s: s["type"])
def test_event_rows_carry_the_envelope_of_their_geometry(shape: dict) -> None:
    """The bbox columns equal shapely's bounds, for the first event on a shape and for the
    next ones (whose envelope comes from the cache of recent shapes)."""
    from mapapp.store import event_row

    want = shapely.geometry.shape(shape).bounds
    for i in range(3):
        row = event_row(make_event(i, geometry=json.loads(json.dumps(shape))))
        assert (row["minx"], row["miny"], row["maxx"], row["maxy"]) == pytest.approx(want)
        assert json.loads(row["geometry"]) == shape


def test_event_rows_refuse_broken_geometry_even_after_a_good_one() -> None:
    from mapapp import store as store_module

    good = {"type": "Point", "coordinates": [46.75, 39.82]}
    store_module.event_row(make_event(1, geometry=good))
    for bad, message in (({"type": "Point", "coordinates": [float("nan"), 39.8]},
                          "bad geometry|non-finite"),
                         ({"type": "Point", "coordinates": [float("inf"), 39.8]},
                          "non-finite"),
                         ({"type": "Point"}, "bad geometry"),
                         ({"type": "Blob", "coordinates": [1, 2]}, "unknown geometry type")):
        with pytest.raises(ValueError, match=message):
            store_module.event_row(make_event(2, geometry=bad))
    # the cache of envelopes stays bounded, whatever the input
    for i in range(store_module._BOUNDS_KEPT + 10):
        store_module.event_row(make_event(i, geometry={"type": "Point",
                                                       "coordinates": [40 + i / 1000, 39.0]}))
    assert len(store_module._BOUNDS) <= store_module._BOUNDS_KEPT


# A valid 60-point ring (an ellipse around 46.5 E, 39.8 N): an outline like a district's.
_RING = [[round(46.5 + 0.4 * math.cos(k * math.pi / 30), 5),
          round(39.8 + 0.3 * math.sin(k * math.pi / 30), 5)] for k in range(60)]
_OUTLINE = {"type": "Polygon", "coordinates": [[*_RING, _RING[0]]]}


def _region_events(art, n: int) -> list:  # type: ignore[no-untyped-def]
    return [make_event(i, article=art, geometry=_OUTLINE, geo_precision=3) for i in range(n)]


def _raw(store: Store, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """Rows of ``sql`` read past the store's API, from whichever backend ``store`` is."""
    if store.url.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(store.url) as con:
            return con.execute(sql).fetchall()  # type: ignore[arg-type]
    with sqlite3.connect(store.url) as con:
        return con.execute(sql).fetchall()


def test_an_outline_shared_by_many_events_is_stored_once(store: Store) -> None:
    """Events on one region keep one copy of its outline, and read back whole (query,
    columns, bbox count and exports all see the same shape)."""
    art = make_article(0)
    events = _region_events(art, 30) + [make_event(40, article=art)]  # + one point
    store.save_article(art, events)
    gdf = store.query()
    assert len(gdf) == 31
    want = shapely.geometry.shape(_OUTLINE)
    areas = gdf[gdf.geom_type == "Polygon"]
    assert len(areas) == 30 and all(g.equals(want) for g in areas.geometry)
    cols = store.columns(None, ["event_id"])
    assert sum(g is not None and shapely.from_geojson(g).equals(want)
               for g in cols["geometry"]) == 30
    assert store.count(EventFilter(bbox=(46.2, 39.5, 46.3, 39.6))) == 30
    # inside the outline's envelope, outside the outline: the exact test decides
    assert store.count(EventFilter(bbox=(46.12, 40.05, 46.15, 40.09))) == 0
    assert _raw(store, "SELECT count(*) FROM shapes") == [(1,)]
    assert _raw(store, "SELECT count(*) FROM events WHERE shape_id IS NOT NULL") == [(30,)]
    assert store.integrity_check() == "ok"


def test_version_2_store_moves_its_outlines_to_shapes(tmp_path: Path) -> None:
    """A store written with an outline in every row is rewritten on open: same events and
    geometries, one copy of each outline."""
    db = tmp_path / "events.sqlite"
    art = make_article(0)
    with open_store(db) as store:
        store.save_article(art, _region_events(art, 5) + [make_event(9, article=art)])
        before = store.query()
    with sqlite3.connect(db) as con:  # back to the version-2 layout: outlines in the rows
        con.execute("UPDATE events SET geometry = (SELECT geometry FROM shapes WHERE "
                    "shapes.shape_id = events.shape_id) WHERE shape_id IS NOT NULL")
        con.execute("ALTER TABLE events DROP COLUMN shape_id")
        con.execute("DROP TABLE shapes")
        con.execute("DELETE FROM schema_version WHERE version = 3")
        assert con.execute("SELECT count(*) FROM events WHERE length(geometry) > 500"
                           ).fetchone()[0] == 5
    with open_store(db) as store:
        after = store.query()
        assert after.drop(columns="geometry").equals(before.drop(columns="geometry"))
        assert all(a.equals(b) for a, b in zip(after.geometry, before.geometry, strict=True))
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM shapes").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM events WHERE geometry IS NULL").fetchone()[0] \
            == 5


@pytest.mark.postgres
def test_postgis_version_2_store_moves_its_outlines_to_shapes(postgres_db: str) -> None:
    """As for SQLite: the rows' outlines move to ``shapes`` on open, the rows keep their
    envelopes for the spatial index, and every event reads back the same."""
    import psycopg

    art = make_article(0)
    with open_store(postgres_db) as store:
        store.save_article(art, _region_events(art, 5) + [make_event(9, article=art)])
        before = store.query()
    with psycopg.connect(postgres_db) as con:  # back to the version-2 layout
        con.execute("UPDATE events SET geom = shapes.geom FROM shapes "
                    "WHERE shapes.shape_id = events.shape_id")
        con.execute("ALTER TABLE events DROP COLUMN shape_id")
        con.execute("DROP TABLE shapes")
        con.execute("DELETE FROM schema_version WHERE version = 3")
    with open_store(postgres_db) as store:
        after = store.query()
        assert after.drop(columns="geometry").equals(before.drop(columns="geometry"))
        assert all(a.equals(b) for a, b in zip(after.geometry, before.geometry, strict=True))
        assert store.count(EventFilter(bbox=(46.2, 39.5, 46.3, 39.6))) == 5
    with psycopg.connect(postgres_db) as con:
        assert con.execute("SELECT count(*), min(shape_id) LIKE 'wkb:%' FROM shapes"
                           ).fetchone() == (1, True)
        assert con.execute("SELECT array_agg(DISTINCT ST_NPoints(geom)) FROM events "
                           "WHERE shape_id IS NOT NULL").fetchone()[0] == [5]  # envelopes
