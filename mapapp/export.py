"""Exports of a selection of events: GeoJSON (RFC 7946), CSV (ACLED columns) and GeoPackage.

Files are written next to the target under a temporary name and moved into place with
``os.replace``, so a reader never sees half a file and a failed export leaves the old one.
The ``*_bytes`` variants serve the page's download buttons.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import shapely

from mapapp import _geojson
from mapapp.errors import ExportError
from mapapp.schema import EVENT_FIELDS
from mapapp.store import JSON_FIELDS, no_gc

COORD_DECIMALS = 7
"""RFC 7946 §11.2: 7 decimals are ~1 cm; more is noise that bloats files."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

ACLED_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("event_id_cnty", "event_id"), ("event_date", "event_date"), ("year", None),
    ("time_precision", None), ("event_type", "event_type"),
    ("sub_event_type", "sub_event_type"), ("actor1", "actor1"), ("actor2", "actor2"),
    ("country", "country"), ("admin1", "admin1"), ("location", "place_name"),
    ("latitude", None), ("longitude", None), ("geo_precision", "geo_precision"),
    ("source", "source"), ("notes", "summary"), ("fatalities", "fatalities"),
)
"""ACLED-named CSV columns and the event field each is filled from (None: derived)."""


# ---- shared preparation ----------------------------------------------------------------------


def _property_columns(gdf: gpd.GeoDataFrame) -> list[str]:
    return [c for c in EVENT_FIELDS if c != "geometry" and c in gdf.columns]


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, list | tuple):
        if obj and isinstance(obj[0], float | int):
            return [round(float(v), COORD_DECIMALS) for v in obj]
        return [_round_coords(v) for v in obj]
    return obj


def _distinct(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``geoms`` as codes into its distinct members (equal WKB; a missing geometry: -1):
    the events on one region share its outline, and writing outlines is what costs."""
    codes, distinct = pd.factorize(shapely.to_wkb(geoms))
    first = np.unique(codes[codes >= 0], return_index=True)[1]
    return codes, geoms[codes >= 0][first] if len(distinct) else geoms[:0]


def _geometry_pieces(geoms: np.ndarray) -> list[_geojson.Piece]:
    """RFC 7946 geometries as JSON fragments: exteriors counter-clockwise, holes clockwise,
    ≤ 7 decimals. Points (the bulk) are written from whole coordinate arrays, other shapes
    one by one; missing or empty geometries are ``null``."""
    kinds = shapely.get_type_id(geoms)
    present = (kinds >= 0) & ~shapely.is_empty(geoms)
    is_point = present & (kinds == 0)
    points = geoms.copy()
    points[~is_point] = None
    xs, ys = (pa.array(np.round(values, COORD_DECIMALS), mask=~is_point).cast(pa.large_string())
              for values in (shapely.get_x(points), shapely.get_y(points)))
    text = _geojson.join_rows('{"type":"Point","coordinates":[', xs, ",", ys, "]}")
    others = np.flatnonzero(present & ~is_point)
    if len(others):
        codes, distinct = _distinct(geoms[others])
        shapes = shapely.orient_polygons(distinct)  # exterior CCW, holes CW
        mask = np.zeros(len(geoms), dtype=bool)
        mask[others] = True
        written = [orjson.dumps(_rounded_mapping(shapely.geometry.mapping(g))) for g in shapes]
        fixed = [written[c] for c in codes]
        text = pc.replace_with_mask(text, pa.array(mask), pa.array(fixed, pa.large_string()))
    return [pc.fill_null(text, "null")]


def _rounded_mapping(mapped: Any) -> dict[str, Any]:
    if mapped["type"] == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [_rounded_mapping(g) for g in mapped["geometries"]]}
    return {"type": mapped["type"], "coordinates": _round_coords(mapped["coordinates"])}


def _check_crs(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        return gdf.to_crs("EPSG:4326")
    return gdf


# ---- GeoJSON -------------------------------------------------------------------------------


def geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """A FeatureCollection per RFC 7946: lon/lat, no ``crs`` member, no NaN, every §3 field."""
    return b"".join(_geojson_parts(gdf))


def _geojson_parts(gdf: gpd.GeoDataFrame) -> list[bytes | memoryview]:
    gdf = _check_crs(gdf)
    names = _property_columns(gdf)
    for name in names:
        if gdf[name].dtype.kind == "f" and np.isinf(gdf[name].to_numpy()).any():
            raise ExportError(f"GeoJSON export refused a non-finite number in {name}")
    geoms = gdf.geometry.to_numpy()
    coords = shapely.get_coordinates(geoms)
    if len(coords) and not np.isfinite(coords).all():
        raise ExportError("GeoJSON export refused a geometry with non-finite coordinates")
    with no_gc():
        try:
            properties = [(n, _geojson.column_pieces(gdf[n], none_as="[]" if n in JSON_FIELDS
                                                     else "null")) for n in names]
        except TypeError as exc:  # orjson met a value it cannot write
            raise ExportError(f"GeoJSON export cannot encode a value: {exc}") from None
        return _geojson.feature_collection(properties, _geometry_pieces(geoms), len(gdf))


def to_geojson(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write :func:`geojson_bytes` atomically to ``path``."""
    parts = _geojson_parts(gdf)

    def write(tmp: Path) -> None:
        with tmp.open("wb") as out:
            for part in parts:
                out.write(part)

    return _write_atomic(Path(path), write)


# ---- CSV -----------------------------------------------------------------------------------


def _time_precision(date_precision: int) -> int:
    """UCDP date_prec (1 day … 5 year+) to ACLED time_precision (1 day, 2 week, 3 month)."""
    return 1 if date_precision <= 1 else 2 if date_precision <= 3 else 3


def csv_frame(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The CSV table: ACLED-named columns first, then every other event field, then WKT."""
    gdf = _check_crs(gdf)
    geoms = gdf.geometry.to_numpy()
    present = ~shapely.is_empty(geoms) & ~shapely.is_missing(geoms)
    points = geoms.copy()
    non_point = present & (shapely.get_type_id(geoms) != 0)
    # lines and areas once per distinct shape (points are cheaper written than deduplicated)
    codes, distinct = _distinct(geoms[non_point])
    points[non_point] = shapely.point_on_surface(distinct)[codes]
    lat = np.where(present, np.round(shapely.get_y(points), COORD_DECIMALS), np.nan)
    lon = np.where(present, np.round(shapely.get_x(points), COORD_DECIMALS), np.nan)
    out: dict[str, Any] = {}
    for acled, ours in ACLED_COLUMNS:
        if ours is not None:
            out[acled] = gdf[ours].to_numpy()
    out["year"] = gdf["event_date"].str.slice(0, 4).to_numpy()
    out["time_precision"] = [_time_precision(int(p)) for p in gdf["date_precision"]]
    out["latitude"], out["longitude"] = lat, lon
    frame = pd.DataFrame({acled: out[acled] for acled, _ in ACLED_COLUMNS}, index=gdf.index)
    for name in _property_columns(gdf):
        if name in frame.columns:  # same name in ACLED and §3: written once
            continue
        values = gdf[name]
        if name in JSON_FIELDS:
            values = [orjson.dumps(v).decode() for v in values]
        frame[name] = values
    wkt = shapely.to_wkt(np.where(non_point, None, geoms), rounding_precision=COORD_DECIMALS,
                         trim=True)
    wkt[non_point] = shapely.to_wkt(distinct, rounding_precision=COORD_DECIMALS, trim=True)[codes]
    frame["geometry_wkt"] = wkt
    return frame


def csv_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """UTF-8 CSV (with BOM so spreadsheets pick UTF-8) with formula cells neutralised."""
    with no_gc():
        frame = csv_frame(gdf)
        for name in frame.columns:
            col = frame[name]
            if col.dtype.kind in "OUT" or str(col.dtype) == "str":
                text = col.astype("str")
                risky = text.str.startswith(_FORMULA_START).fillna(False).to_numpy(dtype=bool)
                if risky.any():
                    frame[name] = col.where(~risky, "'" + text)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        buf = io.BytesIO()
        buf.write("\ufeff".encode())
        pa_csv.write_csv(table, buf, pa_csv.WriteOptions(quoting_style="needed", eol="\r\n"))
    return buf.getvalue()


def to_csv(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write :func:`csv_bytes` atomically to ``path``."""
    data = csv_bytes(gdf)
    return _write_atomic(Path(path), lambda tmp: tmp.write_bytes(data))


# ---- GeoPackage ----------------------------------------------------------------------------

_LAYER_OF_TYPE = {"Point": "events_point", "MultiPoint": "events_point",
                  "LineString": "events_line", "MultiLineString": "events_line",
                  "Polygon": "events_polygon", "MultiPolygon": "events_polygon"}


def gpkg_layers(gdf: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """One layer per geometry family (GIS tools want one type per layer); lists as JSON."""
    gdf = _check_crs(gdf)
    flat = gdf[[c for c in gdf.columns if c != gdf.geometry.name]].copy()
    for name in JSON_FIELDS & set(flat.columns):
        flat[name] = [orjson.dumps(v).decode() for v in flat[name]]
    flat = gpd.GeoDataFrame(flat, geometry=gdf.geometry.to_numpy(), crs="EPSG:4326")
    kinds = flat.geometry.geom_type
    layer = kinds.map(_LAYER_OF_TYPE).fillna("events_other").where(kinds.notna(),
                                                                     "events_unlocated")
    if flat.empty:
        return {"events_point": flat}
    return {name: part.reset_index(drop=True) for name, part in flat.groupby(layer, sort=True)}


def _write_gpkg(gdf: gpd.GeoDataFrame, target: Path) -> None:
    for name, layer in gpkg_layers(gdf).items():
        promote = name != "events_point"
        layer.to_file(target, layer=name, driver="GPKG", engine="pyogrio", use_arrow=True,
                      promote_to_multi=promote)


def gpkg_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """A GeoPackage as bytes (built in a private temp folder, then read back)."""
    with tempfile.TemporaryDirectory(prefix="cm-gpkg-") as tmp:
        target = Path(tmp) / "events.gpkg"
        _write_gpkg(gdf, target)
        return target.read_bytes()


def to_gpkg(gdf: gpd.GeoDataFrame, path: str | Path) -> Path:
    """Write a GeoPackage atomically to ``path`` (layers events_point/_line/_polygon)."""
    return _write_atomic(Path(path), lambda tmp: _write_gpkg(gdf, tmp))


# ---- atomic write --------------------------------------------------------------------------


@contextmanager
def _temp_sibling(path: Path) -> Iterator[Path]:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp" + path.suffix,
                                dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # the GeoPackage driver wants to create the file itself
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def _write_atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Write through a temp file in the target folder, then ``os.replace`` it into place."""
    if not path.parent.is_dir():
        raise ExportError(f"cannot export to {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot export to {path}: it is a folder")
    try:
        with _temp_sibling(path) as tmp:
            write(tmp)
            os.replace(tmp, path)
    except OSError as exc:
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"cannot export to {path}: {exc.strerror or exc}") from None
    return path
