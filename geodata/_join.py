"""Spatial join of event geometries to admin-1 regions, countries and the former NKAO, the
distance from a point to a border line, and per-region roll-ups for choropleths."""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from geopy.distance import geodesic
from shapely.ops import nearest_points

from geodata._grid import MIXED, cells
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


_STATUS_CODES = tuple(JOIN_STATUS)
_OK, _NO_REGION, _EMPTY, _NAN, _OUT_OF_RANGE, _NULL_ISLAND, _INVALID = range(len(_STATUS_CODES))


def _statuses(geoms: np.ndarray) -> np.ndarray:
    """One status code (index into ``JOIN_STATUS``) per geometry; ok means "fit to join"."""
    status = np.full(len(geoms), _OK, dtype=np.int8)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    with np.errstate(invalid="ignore"):
        bounds = shapely.bounds(geoms)
        nan = ~missing & ~np.isfinite(bounds).all(axis=1)
        fine = ~missing & ~nan
        out = fine & ((np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
                      | (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1))
    is_point = shapely.get_type_id(geoms) == 0
    null = fine & ~out & is_point & (bounds[:, 0] == 0) & (bounds[:, 1] == 0)
    checkable = np.flatnonzero(fine & ~out & ~null & ~is_point)  # a point is always valid
    status[missing] = _EMPTY
    status[nan] = _NAN
    status[out] = _OUT_OF_RANGE
    status[null] = _NULL_ISLAND
    status[checkable[~shapely.is_valid(geoms[checkable])]] = _INVALID
    return status


def _take(values: np.ndarray | tuple[str, ...], codes: np.ndarray) -> pd.arrays.ArrowStringArray:
    """values[codes] as a pandas string column, "" where the code is -1. Built in Arrow:
    turning a million Python strings into a column costs more than the join itself."""
    table = pa.array([*values, ""], type=pa.large_string())
    taken = table.take(pa.array(np.where(codes < 0, len(values), codes)))
    return pd.arrays.ArrowStringArray(taken, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _first_hit(n: int, query_index: np.ndarray, tree_index: np.ndarray) -> np.ndarray:
    """Per input, the lowest admin-1 index it intersects: a point on a shared boundary goes
    to the unit with the smaller feature id, the same way on every run."""
    best = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(best, query_index, tree_index)
    best[best == np.iinfo(np.int64).max] = _NONE
    return best


def locate(index: Admin1Index, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Admin-1 index of each lon/lat (or -1): from the grid where a cell is unmixed, by the
    exact polygon test elsewhere."""
    unit = np.full(len(x), _NONE, dtype=np.int64)
    todo = np.arange(len(x))
    if index.grid is not None:
        iy, ix = cells(x, y, index.grid_res)
        found = index.grid[iy, ix].astype(np.int64)
        unit = np.where(found >= 0, found, _NONE)
        todo = np.flatnonzero(found == MIXED)
    if todo.size:
        # Bounding boxes first, then the exact test with the (prepared) polygon as the left
        # operand; ``query(predicate=...)`` would prepare the point instead, 20x slower.
        pts = shapely.points(x[todo], y[todo])
        q, t = index.tree.query(pts)
        inside = shapely.intersects(index.geometry[t], pts[q])
        unit[todo] = _first_hit(todo.size, q[inside], t[inside])
    return unit


MIN_AREA_SHARE = 0.01
"""A region counts as crossed by a polygon only when it holds at least this share of the
polygon's area: a district polygon merely touches its neighbours along shared edges (and a
simplified edge wobbles), which must not make the join call it "several regions"."""


def _area_shares(regions: np.ndarray, geom: shapely.Geometry) -> np.ndarray:
    """Share of ``geom``'s area inside each of ``regions`` (planar degrees; a ratio)."""
    area = shapely.area(geom)
    if area <= 0:
        return np.ones(len(regions))
    return np.asarray(shapely.area(shapely.intersection(regions, geom)) / area)


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

    Points get the one admin-1 unit they fall in (``admin1_crossed`` is None). Lines and
    polygons get every unit they cross in ``admin1_crossed`` (sorted feature ids) and a
    country/admin1 only when that is a single one. Rows that cannot be placed keep "" and say
    why in ``join_status`` (see ``JOIN_STATUS``); with ``errors="raise"`` the first such row
    raises GeodataError.
    """
    frame = _to_wgs84(gdf)
    index = admin1_index()
    geoms = np.asarray(frame.geometry.values, dtype=object)
    n = len(geoms)
    status = _statuses(geoms)
    if errors == "raise":
        bad = np.flatnonzero(status != _OK)
        if bad.size:
            label = frame.index[bad[0]]
            raise GeodataError(f"row {label!r}: {JOIN_STATUS[_STATUS_CODES[status[bad[0]]]]}")

    unit = np.full(n, _NONE, dtype=np.int64)  # the one admin-1 unit, if there is one
    country_of = np.full(n, _NONE, dtype=np.int64)  # any unit of the one country, if one
    in_nkao = np.zeros(n, dtype=bool)
    crossed = np.empty(n, dtype=object)  # None for points
    joinable = status == _OK
    is_point = shapely.get_type_id(geoms) == 0
    point_rows = np.flatnonzero(joinable & is_point)
    if point_rows.size:
        x = shapely.get_x(geoms[point_rows])
        y = shapely.get_y(geoms[point_rows])
        unit[point_rows] = locate(index, x, y)
        country_of[point_rows] = unit[point_rows]
        near = _in_bbox(index.nkao, x, y)
        in_nkao[point_rows[near]] = shapely.intersects_xy(index.nkao, x[near], y[near])

    for row in np.flatnonzero(joinable & ~is_point):
        geom = geoms[row]
        hits = np.sort(index.tree.query(geom, predicate="intersects"))
        if shapely.get_dimensions(geom) == 2 and hits.size:
            hits = hits[_area_shares(index.geometry[hits], geom) >= MIN_AREA_SHARE]
            in_nkao[row] = bool(_area_shares(np.array([index.nkao]), geom)[0] >= MIN_AREA_SHARE)
        else:
            in_nkao[row] = bool(shapely.intersects(index.nkao, geom))
        crossed[row] = tuple(index.feature_id[hits])
        if hits.size == 1:
            unit[row] = hits[0]
        if hits.size and len(set(index.adm0_a3[hits].tolist())) == 1:
            country_of[row] = hits[0]
        if not hits.size:
            status[row] = _NO_REGION
    status[joinable & is_point & (unit == _NONE)] = _NO_REGION

    out = frame.copy()
    out["country"] = _take(index.country, country_of)
    out["iso2"] = _take(index.iso2, country_of)
    out["admin1"] = _take(index.name, unit)
    out["admin1_code"] = _take(index.code, unit)
    out["admin1_id"] = _take(index.feature_id, unit)
    out["disputed_area"] = _take((NKAO_LABEL,), np.where(in_nkao, 0, -1))
    out["admin1_crossed"] = crossed
    out["join_status"] = _take(_STATUS_CODES, status.astype(np.int64))
    return out


def _in_bbox(geom: shapely.Geometry, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xmin, ymin, xmax, ymax = shapely.bounds(geom)
    return (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)


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
