"""Spatial join of event geometries to admin-1 regions, countries and the former NKAO, the
distance from a point to a border line, and per-region roll-ups for choropleths."""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from geopy.distance import geodesic
from shapely.ops import nearest_points

from geodata._pack import NKAO_LABEL, Admin1Index, admin1_index, feature, load_pack
from geodata.errors import GeodataError

JOIN_COLUMNS = ("country", "iso2", "admin1", "admin1_code", "admin1_id", "disputed_area",
                "admin1_crossed", "join_status")

# Why a row was not joined; "ok" rows were. A wrong region is worse than none, so every
# doubtful input ends up here instead of in some polygon.
JOIN_STATUS: dict[str, str] = {
    "ok": "joined",
    "no_region": "outside every admin-1 region (sea, or a gap in the pack)",
    "empty": "geometry is missing or empty",
    "nan": "coordinates contain NaN or infinity",
    "out_of_range": "latitude outside ±90 or longitude outside ±180 (lon/lat swapped?)",
    "null_island": "point at (0, 0), almost always a placeholder for 'unknown'",
    "invalid": "geometry is not valid (self-intersecting or broken ring)",
}

_NONE = -1


def _statuses(geoms: np.ndarray) -> np.ndarray:
    """One status code per geometry; "ok" means "fit to join" here."""
    status = np.full(len(geoms), "ok", dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    with np.errstate(invalid="ignore"):
        bounds = shapely.bounds(geoms)
        nan = ~missing & ~np.isfinite(bounds).all(axis=1)
        fine = ~missing & ~nan
        out = fine & ((np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
                      | (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1))
    is_point = shapely.get_type_id(geoms) == 0
    null = fine & ~out & is_point & (bounds[:, 0] == 0) & (bounds[:, 1] == 0)
    checkable = fine & ~out & ~null
    invalid = np.zeros(len(geoms), dtype=bool)
    invalid[checkable] = ~shapely.is_valid(geoms[checkable])
    status[missing] = "empty"
    status[nan] = "nan"
    status[out] = "out_of_range"
    status[null] = "null_island"
    status[invalid] = "invalid"
    return status


def _first_hit(n: int, query_index: np.ndarray, tree_index: np.ndarray) -> np.ndarray:
    """Per input, the lowest admin-1 index it intersects: a point on a shared boundary goes
    to the unit with the smaller feature id, the same way on every run."""
    best = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(best, query_index, tree_index)
    best[best == np.iinfo(np.int64).max] = _NONE
    return best


def _to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise GeodataError(f"join expects a GeoDataFrame, got {type(gdf).__name__}")
    if gdf.crs is None or gdf.crs.to_epsg() == 4326:
        return gdf
    return gdf.to_crs(4326)


def join(gdf: gpd.GeoDataFrame, *,
         errors: Literal["mark", "raise"] = "mark") -> gpd.GeoDataFrame:
    """Add country, iso2, admin1, admin1_code, admin1_id, disputed_area, admin1_crossed and
    join_status to a copy of ``gdf`` (EPSG:4326 assumed when it has no CRS).

    Points get the one admin-1 unit they fall in. Lines and polygons get every unit they
    cross in ``admin1_crossed`` (feature ids) and a country/admin1 only when that is a single
    one. Rows that cannot be placed keep "" and say why in ``join_status`` (see
    ``JOIN_STATUS``); with ``errors="raise"`` the first such row raises GeodataError.
    """
    frame = _to_wgs84(gdf)
    index = admin1_index()
    geoms = np.asarray(frame.geometry.values, dtype=object)
    n = len(geoms)
    status = _statuses(geoms)
    if errors == "raise":
        bad = np.flatnonzero(status != "ok")
        if bad.size:
            label = frame.index[bad[0]]
            raise GeodataError(f"row {label!r}: {JOIN_STATUS[status[bad[0]]]}")

    unit = np.full(n, _NONE, dtype=np.int64)
    in_nkao = np.zeros(n, dtype=bool)
    crossed = np.empty(n, dtype=object)
    crossed[:] = [()] * n
    joinable = status == "ok"
    point_rows = np.flatnonzero(joinable & (shapely.get_type_id(geoms) == 0))
    if point_rows.size:
        # Bounding boxes first, then the exact test with the (prepared) polygon as the left
        # operand; ``query(predicate=...)`` would prepare the point instead, 20x slower.
        q, t = index.tree.query(geoms[point_rows])
        inside = shapely.intersects(index.geometry[t], geoms[point_rows][q])
        hit = _first_hit(point_rows.size, q[inside], t[inside])
        unit[point_rows] = hit
        x = shapely.get_x(geoms[point_rows])
        y = shapely.get_y(geoms[point_rows])
        near = _in_bbox(index.nkao, x, y)
        in_nkao[point_rows[near]] = shapely.intersects_xy(index.nkao, x[near], y[near])

    other_rows = np.flatnonzero(joinable & (shapely.get_type_id(geoms) != 0))
    for row in other_rows:
        hits = np.sort(index.tree.query(geoms[row], predicate="intersects"))
        crossed[row] = tuple(index.feature_id[hits])
        units = set(hits.tolist())
        if len(units) == 1:
            unit[row] = hits[0]
        in_nkao[row] = bool(shapely.intersects(index.nkao, geoms[row]))

    out = frame.copy()
    _fill(out, index, unit, other_rows, crossed)
    out["disputed_area"] = np.where(in_nkao, NKAO_LABEL, "")
    placed = unit != _NONE
    for row in other_rows:
        if crossed[row]:
            placed[row] = True
    status[joinable & ~placed] = "no_region"
    out["join_status"] = status
    return out


def _in_bbox(geom: shapely.Geometry, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xmin, ymin, xmax, ymax = shapely.bounds(geom)
    return (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)


def _fill(out: gpd.GeoDataFrame, index: Admin1Index, unit: np.ndarray,
          other_rows: np.ndarray, crossed: np.ndarray) -> None:
    """Write the attribute columns; a line or polygon in one country but several units keeps
    its country and leaves admin1 empty."""
    has = unit != _NONE
    safe = np.where(has, unit, 0)

    def pick(values: np.ndarray) -> np.ndarray:
        return np.where(has, values[safe], "")

    country, iso2 = pick(index.country), pick(index.iso2)
    for row in other_rows:
        if unit[row] == _NONE and crossed[row]:
            hits = np.searchsorted(index.feature_id, np.array(crossed[row], dtype=object))
            a3 = set(index.adm0_a3[hits].tolist())
            if len(a3) == 1:
                country[row], iso2[row] = index.country[hits[0]], index.iso2[hits[0]]
    out["country"] = country
    out["iso2"] = iso2
    out["admin1"] = pick(index.name)
    out["admin1_code"] = pick(index.code)
    out["admin1_id"] = pick(index.feature_id)
    out["admin1_crossed"] = crossed


def _check_latlon(lat: float, lon: float) -> None:
    if not (np.isfinite(lat) and np.isfinite(lon)):
        raise GeodataError(f"coordinates must be finite numbers, got ({lat}, {lon})")
    if abs(lat) > 90 or abs(lon) > 180:
        raise GeodataError(f"({lat}, {lon}) is not lat/lon: latitude must be within ±90 and "
                           "longitude within ±180 (swapped?)")


def distance_to_line_km(lat: float, lon: float, feature_id: str) -> float:
    """Geodesic distance (km) from a point to the nearest point of a pack line (or of the
    outline of a pack polygon).

    The nearest point is found in a local equirectangular frame centred on the query (lengths
    true to well under 1% within a few hundred km), the distance itself with
    ``geopy.distance.geodesic`` on WGS84.
    """
    _check_latlon(lat, lon)
    geom = feature(feature_id)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = geom.boundary
    k = float(np.cos(np.radians(lat)))
    scale = np.array([k, 1.0])
    local = shapely.transform(geom, lambda xy: (xy - [lon, lat]) * scale)
    nearest = nearest_points(local, shapely.Point(0.0, 0.0))[0]
    near_lon = nearest.x / k + lon
    near_lat = nearest.y + lat
    return float(geodesic((lat, lon), (near_lat, near_lon)).km)


def rollup(gdf: gpd.GeoDataFrame, by: Literal["admin1", "country"] = "admin1",
           fatalities: str = "fatalities") -> gpd.GeoDataFrame:
    """Event count and summed fatalities per admin-1 unit (or country), with the unit's
    polygon, for a choropleth. Rows not yet joined are joined first; unplaced rows and rows
    spanning several units are left out (a region total must not count a guess)."""
    if by not in ("admin1", "country"):
        raise GeodataError(f"rollup by {by!r}: choose 'admin1' or 'country'")
    joined = gdf if {"admin1_id", "country", "join_status"} <= set(gdf.columns) else join(gdf)
    pack = load_pack()
    if by == "admin1":
        keys = joined["admin1_id"]
        units = pack[pack["kind"] == "admin1"]
    else:
        countries = pack[pack["kind"] == "country"]
        to_id = dict(zip(countries["name"], countries["feature_id"], strict=True))
        keys = joined["country"].map(lambda c: to_id.get(c, ""))
        units = countries
    counted = pd.DataFrame({"feature_id": keys.to_numpy()})
    if fatalities in joined.columns:
        counted["fatalities"] = pd.to_numeric(joined[fatalities], errors="coerce").to_numpy()
    else:
        counted["fatalities"] = np.nan
    counted = counted[counted["feature_id"] != ""]
    totals = counted.groupby("feature_id").agg(
        events=("feature_id", "size"), fatalities=("fatalities", lambda s: s.sum(min_count=1)))
    merged = units[["feature_id", "name", "adm0_a3", "iso_3166_2", "geometry"]].merge(
        totals, left_on="feature_id", right_index=True, how="inner")
    merged = merged.sort_values(["events", "feature_id"], ascending=[False, True])
    return gpd.GeoDataFrame(merged.reset_index(drop=True), geometry="geometry", crs="EPSG:4326")
