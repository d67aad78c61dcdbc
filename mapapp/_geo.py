"""The few geodata and geopy calls extraction makes, cached: region shapes by feature id,
distances, and the country/admin-1/disputed-area join, each computed once per place."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from geopy.distance import geodesic

import geodata
from mapapp.errors import GeodataError


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (lat, lon) pairs."""
    return float(geodesic(a, b).km)


@lru_cache(maxsize=4096)
def _feature(ref: str) -> dict[str, Any] | None:
    import shapely.geometry

    try:
        geom = geodata.feature(ref)
    except (GeodataError, LookupError):
        return None
    if geom is None or geom.is_empty:
        return None
    return dict(shapely.geometry.mapping(geom))


def feature_geojson(ref: str) -> dict[str, Any] | None:
    """GeoJSON mapping of a geodata pack feature ("line:AZE-IRN"), None when the pack lacks it."""
    found = _feature(ref)
    return _copy(found) if found else None


def _copy(value: Any) -> Any:
    """Deep copy of a GeoJSON mapping so callers never share the cached one."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(v) for v in value]
    return value


@lru_cache(maxsize=4096)
def feature_name(ref: str) -> str:
    """English name of a pack feature, "" when unknown."""
    try:
        names = geodata.feature_names(ref)
    except (GeodataError, LookupError):
        return ""
    return names.get("en") or next(iter(names.values()), "")


@lru_cache(maxsize=8192)
def _regions(key: str, geometry_json: str) -> tuple[str, str, str]:
    import json

    import geopandas as gpd
    import shapely.geometry

    geom = shapely.geometry.shape(json.loads(geometry_json))
    frame = gpd.GeoDataFrame({"key": [key]}, geometry=[geom], crs="EPSG:4326")
    try:
        joined = geodata.join(frame)
    except GeodataError:
        return "", "", ""
    row = joined.iloc[0]

    def text(column: str) -> str:
        value = row.get(column, "")
        return "" if value is None or value != value else str(value)

    return text("country"), text("admin1"), text("disputed_area")


def regions_of(key: str, geometry: dict[str, Any]) -> tuple[str, str, str]:
    """(country, admin1, disputed_area) of a geometry via geodata.join, cached by place."""
    import json

    return _regions(key, json.dumps(geometry, sort_keys=True))
