"""Exports: RFC 7946 GeoJSON checked field by field, ACLED-column CSV with formula cells
defused, GeoPackage layers that read back equal, atomic writes and one-line failures."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import geopandas as gpd
import orjson
import pandas as pd
import pyogrio
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp import export
from mapapp.errors import ExportError
from mapapp.schema import EVENT_FIELDS
from mapapp.store import Store, open_store
from tests.conftest import make_article, make_event

CW_SQUARE_WITH_CCW_HOLE = {"type": "Polygon", "coordinates": [
    [[46.0, 40.0], [47.0, 40.0], [47.0, 39.0], [46.0, 39.0], [46.0, 40.0]],  # clockwise
    [[46.2, 39.2], [46.4, 39.2], [46.4, 39.4], [46.2, 39.4], [46.2, 39.2]],  # counter-cw
]}
BORDER = {"type": "LineString", "coordinates": [[46.123456789123, 39.1], [47.2, 38.9]]}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    st_ = open_store(tmp_path / "events.sqlite")
    art = make_article(0)
    events = [make_event(i, article=art) for i in range(8)]
    events[1] = make_event(1, article=art, geometry=CW_SQUARE_WITH_CCW_HOLE, geo_precision=3)
    events[2] = make_event(2, article=art, geometry=BORDER, geo_precision=2)
    events[3] = make_event(3, article=art, summary="=cmd|' /C calc'!A0",
                           actor1="+Azerbaijan", actor2="@Armenia", place_name="-1+2",
                           sentence="\tTabbed", title="\rReturn")
    st_.save_article(art, events)
    return st_


def rfc7946_problems(raw: bytes) -> list[str]:
    """Everything in ``raw`` that RFC 7946 (and our ≤ 7 decimals rule) forbids."""
    problems: list[str] = []

    def no_constants(name: str) -> Any:
        problems.append(f"non-finite number {name}")
        return Decimal(0)

    doc = json.loads(raw, parse_float=Decimal, parse_int=Decimal, parse_constant=no_constants)
    if doc.get("type") != "FeatureCollection":
        problems.append("top level is not a FeatureCollection")
    if "crs" in doc:
        problems.append("crs member present")

    def position(pos: list[Decimal], where: str) -> tuple[float, float]:
        if len(pos) not in (2, 3):
            problems.append(f"{where}: position with {len(pos)} numbers")
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"{where}: {lon},{lat} is not lon/lat")
        for value in pos:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > 7:
                problems.append(f"{where}: {value} has more than 7 decimals")
        return float(lon), float(lat)

    def ring(coords: list[list[Decimal]], where: str, exterior: bool) -> None:
        pts = [position(p, where) for p in coords]
        if len(pts) < 4 or pts[0] != pts[-1]:
            problems.append(f"{where}: ring not closed or too short")
            return
        ccw = shapely.LinearRing(pts).is_ccw
        if ccw != exterior:
            problems.append(f"{where}: {'exterior' if exterior else 'hole'} wound wrongly")

    def geometry(geom: dict[str, Any] | None, where: str) -> None:
        if geom is None:
            return
        kind, coords = geom.get("type"), geom.get("coordinates")
        if "crs" in geom:
            problems.append(f"{where}: crs member in geometry")
        if kind == "Point":
            position(coords, where)
        elif kind in ("LineString", "MultiPoint"):
            for p in coords:
                position(p, where)
        elif kind == "MultiLineString":
            for line in coords:
                for p in line:
                    position(p, where)
        elif kind == "Polygon":
            for k, r in enumerate(coords):
                ring(r, where, exterior=k == 0)
        elif kind == "MultiPolygon":
            for poly in coords:
                for k, r in enumerate(poly):
                    ring(r, where, exterior=k == 0)
        elif kind == "GeometryCollection":
            for g in geom["geometries"]:
                geometry(g, where)
        else:
            problems.append(f"{where}: unknown geometry type {kind!r}")

    for n, feature in enumerate(doc.get("features", [])):
        where = f"feature {n}"
        if feature.get("type") != "Feature":
            problems.append(f"{where}: type is not Feature")
        if "crs" in feature:
            problems.append(f"{where}: crs member present")
        geometry(feature.get("geometry"), where)
        missing = set(EVENT_FIELDS) - {"geometry"} - set(feature.get("properties", {}))
        if missing:
            problems.append(f"{where}: properties lack {sorted(missing)}")
    return problems


def test_geojson_is_rfc7946(store: Store, tmp_path: Path) -> None:
    out = export.to_geojson(store.query(), tmp_path / "events.geojson")
    raw = out.read_bytes()
    assert rfc7946_problems(raw) == []
    doc = json.loads(raw)
    assert len(doc["features"]) == 8
    by_id = {f["properties"]["event_id"]: f for f in doc["features"]}
    poly = next(f for f in by_id.values() if f["geometry"]["type"] == "Polygon")
    exterior, hole = poly["geometry"]["coordinates"]
    assert shapely.LinearRing(exterior).is_ccw and not shapely.LinearRing(hole).is_ccw
    assert shapely.Polygon(exterior, [hole]).equals(shapely.geometry.shape(
        CW_SQUARE_WITH_CCW_HOLE))
    line = next(f for f in by_id.values() if f["geometry"]["type"] == "LineString")
    assert line["geometry"]["coordinates"][0] == [46.1234568, 39.1]
    point = next(f for f in by_id.values() if f["geometry"]["type"] == "Point")
    assert point["properties"]["parties"] == ["Azerbaijan", "Armenia"]
    claims = [f["properties"]["fatality_claims"] for f in by_id.values()
              if f["properties"]["fatality_claims"]]
    assert claims and claims[0][0]["claimed_by"] == "Azerbaijan MoD"
    nulls = [f["properties"]["fatalities"] for f in by_id.values()]
    assert None in nulls and 6 in nulls  # missing counts are null, not NaN


def test_checker_catches_violations() -> None:
    """The RFC checker itself fails on each kind of violation (a checker that cannot fail
    would prove nothing)."""
    bad = {"type": "FeatureCollection", "crs": {}, "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                           "coordinates": [46.123456789, 95]}},
        {"type": "Feature", "properties": {}, "geometry": CW_SQUARE_WITH_CCW_HOLE},
    ]}
    raw = json.dumps(bad).encode()
    found = " | ".join(rfc7946_problems(raw))
    for needle in ("crs member", "not lon/lat", "more than 7 decimals", "wound wrongly",
                   "properties lack"):
        assert needle in found
    assert rfc7946_problems(b'{"type":"FeatureCollection","features":[{"type":"Feature",'
                            b'"properties":{},"geometry":{"type":"Point",'
                            b'"coordinates":[NaN,1]}}]}')[0].startswith("non-finite")


def test_csv_has_acled_columns_and_defuses_formulas(store: Store, tmp_path: Path) -> None:
    out = export.to_csv(store.query(), tmp_path / "events.csv")
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 8
    header = list(rows[0])
    assert header[:6] == ["event_id_cnty", "event_date", "year", "time_precision",
                          "event_type", "sub_event_type"]
    assert {"latitude", "longitude", "geo_precision", "notes", "fatalities", "location",
            "geometry_wkt"} <= set(header)
    assert set(EVENT_FIELDS) - {"geometry"} <= set(header)
    nasty = next(r for r in rows if r["actor1"].startswith("'"))
    assert nasty["notes"] == "'=cmd|' /C calc'!A0"
    assert nasty["actor1"] == "'+Azerbaijan" and nasty["actor2"] == "'@Armenia"
    assert nasty["location"] == "'-1+2"
    assert nasty["sentence"] == "'\tTabbed" and nasty["title"] == "'\rReturn"
    for row in rows:
        assert row["year"] == row["event_date"][:4]
        assert -180 <= float(row["longitude"]) <= 180  # numbers are not neutralised
    point = next(r for r in rows if r["geometry_wkt"].startswith("POINT"))
    x, y = shapely.from_wkt(point["geometry_wkt"]).coords[0]
    assert (round(x, 7), round(y, 7)) == (float(point["longitude"]), float(point["latitude"]))
    poly = next(r for r in rows if r["geometry_wkt"].startswith("POLYGON"))
    assert shapely.from_wkt(poly["geometry_wkt"]).contains(
        shapely.Point(float(poly["longitude"]), float(poly["latitude"])))


def test_gpkg_reads_back_equal(store: Store, tmp_path: Path) -> None:
    gdf = store.query()
    out = export.to_gpkg(gdf, tmp_path / "events.gpkg")
    layers = dict(pyogrio.list_layers(out))
    assert layers == {"events_point": "Point", "events_line": "MultiLineString",
                      "events_polygon": "MultiPolygon"}
    back = pd.concat([gpd.read_file(out, layer=name) for name in layers], ignore_index=True)
    assert back.crs.to_epsg() == 4326
    assert len(back) == len(gdf)
    src = gdf.set_index("event_id")
    for rec in back.to_dict("records"):
        orig = src.loc[rec["event_id"]]
        for name in EVENT_FIELDS:
            if name in ("event_id", "geometry"):
                continue
            want = orig[name]
            got = rec[name]
            if name in ("parties", "sources", "fatality_claims"):
                want = json.loads(orjson.dumps(want))
                got = json.loads(got)
            elif pd.isna(want) if not isinstance(want, list) else False:
                assert pd.isna(got), name
                continue
            assert got == want, name
        assert shapely.equals(rec["geometry"], orig["geometry"]) or rec[
            "geometry"].geoms[0].equals(orig["geometry"])


def test_bytes_variants_match_files(store: Store, tmp_path: Path) -> None:
    gdf = store.query()
    assert export.geojson_bytes(gdf) == export.to_geojson(gdf, tmp_path / "a.geojson").read_bytes()
    assert export.csv_bytes(gdf) == export.to_csv(gdf, tmp_path / "a.csv").read_bytes()
    data = export.gpkg_bytes(gdf)
    assert data[:16] == b"SQLite format 3\x00"
    (tmp_path / "b.gpkg").write_bytes(data)
    assert sum(len(gpd.read_file(tmp_path / "b.gpkg", layer=n))
               for n, _ in pyogrio.list_layers(tmp_path / "b.gpkg")) == 8


def test_empty_selection_exports(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.sqlite") as st_:
        empty = st_.query()
    assert json.loads(export.geojson_bytes(empty)) == {"type": "FeatureCollection",
                                                       "features": []}
    header = next(csv.reader(io.StringIO(export.csv_bytes(empty).decode("utf-8-sig"))))
    assert header[0] == "event_id_cnty" and header[-1] == "geometry_wkt"
    out = export.to_gpkg(empty, tmp_path / "e.gpkg")
    assert len(gpd.read_file(out, layer="events_point")) == 0


def test_missing_folder_is_one_line_and_nothing_written(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "events.geojson"
    for writer in (export.to_geojson, export.to_csv, export.to_gpkg):
        with pytest.raises(ExportError) as info:
            writer(store.query(), target)
        assert "does not exist" in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "nope").exists()


def test_failed_write_keeps_old_file_and_leaves_no_temp(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "events.geojson"
    target.write_text("old")
    bad = store.query()
    bad["confidence"] = float("inf")
    with pytest.raises(ExportError, match="non-finite"):
        export.to_geojson(bad, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90), _text,
                          st.one_of(st.none(), st.integers(0, 10_000))),
                min_size=1, max_size=12))
def test_property_geojson_round_trip(tmp_path: Path, rows: list[tuple[float, float, str,
                                                                         int | None]]) -> None:
    art = make_article(0)
    events = [make_event(i, article=art, geometry={"type": "Point", "coordinates": [x, y]},
                         summary=text, fatalities=deaths)
              for i, (x, y, text, deaths) in enumerate(rows)]
    with open_store(tmp_path / f"{abs(hash(str(rows)))}.sqlite") as st_:
        st_.save_article(art, events)
        gdf = st_.query()
    raw = export.geojson_bytes(gdf)
    assert rfc7946_problems(raw) == []
    doc = json.loads(raw)
    got = {f["properties"]["event_id"]: f for f in doc["features"]}
    for event in events:
        feature = got[event.event_id]
        assert feature["properties"]["summary"] == event.summary
        assert feature["properties"]["fatalities"] == event.fatalities
        x, y = feature["geometry"]["coordinates"]
        assert abs(x - event.geometry["coordinates"][0]) <= 5e-8
        assert abs(y - event.geometry["coordinates"][1]) <= 5e-8


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        max_size=25), min_size=1, max_size=8))
def test_property_csv_round_trip_and_defused(texts: list[str]) -> None:
    """Any summary comes back from the CSV unchanged, except that a leading = + - @ tab or
    CR gets exactly one ' in front."""
    art = make_article(0)
    events = [make_event(i, article=art, summary=t) for i, t in enumerate(texts)]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "p.sqlite") as st_:
        st_.save_article(art, events)
        gdf = st_.query()
    text = export.csv_bytes(gdf).decode("utf-8-sig")
    got = {r["event_id"]: r["summary"] for r in csv.DictReader(io.StringIO(text, newline=""))}
    for event in events:
        want = event.summary
        if want.startswith(("=", "+", "-", "@", "\t", "\r")):
            want = "'" + want
        assert got[event.event_id] == want


def test_unlocated_and_collection_geometries(tmp_path: Path) -> None:
    """An event with no geometry stays in every export (null geometry, empty lat/lon, its own
    GeoPackage layer); a GeometryCollection gets a layer of its own."""
    art = make_article(0)
    collection = {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [46.0, 40.0]},
        {"type": "LineString", "coordinates": [[46.0, 40.0], [47.0, 41.0]]}]}
    events = [make_event(0, article=art, geometry={}), make_event(1, article=art),
              make_event(2, article=art, geometry=collection)]
    with open_store(tmp_path / "g.sqlite") as st_:
        st_.save_article(art, events)
        gdf = st_.query().set_index("event_id", drop=False)
    assert gdf.loc[events[0].event_id, "geometry"] is None
    raw = export.geojson_bytes(gdf)
    assert rfc7946_problems(raw) == []
    geoms = {f["properties"]["event_id"]: f["geometry"] for f in json.loads(raw)["features"]}
    assert geoms[events[0].event_id] is None
    assert geoms[events[2].event_id] == collection
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(
        export.csv_bytes(gdf).decode("utf-8-sig"), newline=""))}
    assert rows[events[0].event_id]["latitude"] == "" == rows[events[0].event_id]["geometry_wkt"]
    out = export.to_gpkg(gdf, tmp_path / "g.gpkg")
    layers = dict(pyogrio.list_layers(out))
    assert layers == {"events_point": "Point", "events_other": "GeometryCollection",
                      "events_unlocated": "Unknown"}
    assert gpd.read_file(out, layer="events_unlocated")["event_id"].tolist() == [
        events[0].event_id]


def test_exports_write_each_of_many_events_on_shared_outlines(tmp_path: Path) -> None:
    """Events on one region share its outline (written once per distinct shape, then
    repeated): every feature and row still carries its own, wound and rounded, and events
    with no place, or on another shape, keep theirs."""
    st_ = open_store(tmp_path / "events.sqlite")
    art = make_article(0)
    events = [make_event(i, article=art, geometry=CW_SQUARE_WITH_CCW_HOLE, geo_precision=3)
              for i in range(12)]
    events += [make_event(20 + i, article=art, geometry=BORDER) for i in range(3)]
    events += [make_event(30, article=art, geometry={}), make_event(31, article=art)]
    st_.save_article(art, events)
    gdf = st_.query()
    doc = json.loads(export.geojson_bytes(gdf))
    assert rfc7946_problems(export.geojson_bytes(gdf)) == []
    kinds = [f["geometry"]["type"] if f["geometry"] else None for f in doc["features"]]
    assert sorted(kinds, key=str) == sorted(["Polygon"] * 12 + ["LineString"] * 3
                                            + [None, "Point"], key=str)
    want = shapely.geometry.shape(CW_SQUARE_WITH_CCW_HOLE)
    for f in doc["features"]:
        if f["geometry"] and f["geometry"]["type"] == "Polygon":
            exterior, hole = f["geometry"]["coordinates"]
            assert shapely.LinearRing(exterior).is_ccw and not shapely.LinearRing(hole).is_ccw
            assert shapely.geometry.shape(f["geometry"]).equals(want)
        if f["geometry"] and f["geometry"]["type"] == "LineString":
            assert f["geometry"]["coordinates"][0] == [46.1234568, 39.1]
    rows = list(csv.DictReader(io.StringIO(export.csv_bytes(gdf).decode("utf-8-sig"),
                                           newline="")))
    by_id = {r["event_id"]: r for r in rows}
    on_square = [by_id[e.event_id] for e in events[:12]]
    inside = shapely.Point(float(on_square[0]["longitude"]), float(on_square[0]["latitude"]))
    assert want.contains(inside)
    assert {(r["latitude"], r["longitude"], r["geometry_wkt"]) for r in on_square} == {
        (on_square[0]["latitude"], on_square[0]["longitude"], shapely.to_wkt(
            want, rounding_precision=7, trim=True))}
    assert by_id[events[12].event_id]["geometry_wkt"] == "LINESTRING (46.1234568 39.1, 47.2 38.9)"
    assert by_id[events[15].event_id]["geometry_wkt"] == ""
    assert by_id[events[16].event_id]["geometry_wkt"].startswith("POINT (")
    st_.close()
