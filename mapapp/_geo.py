"""The few geodata and geopy calls extraction makes, cached: region shapes by feature id,
distances, and the country/admin-1/disputed-area join, each computed once per place."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from geopy.distance import geodesic

import geodata
from mapapp.errors import GeodataError


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (lat, lon) pairs."""
    return float(geodesic(a, b).km)


def within_km(a: tuple[float, float], b: tuple[float, float], limit: float) -> bool:
    """``km(a, b) <= limit``, skipping the geodesic when a degree box already decides it."""
    dlat, dlon = abs(a[0] - b[0]), abs(a[1] - b[1])
    if dlat * 110.5 > limit:  # a degree of latitude is 110.6-111.7 km
        return False
    if dlat * 111.7 + dlon * 111.4 <= limit:  # a degree of longitude is never longer
        return True
    return km(a, b) <= limit


@lru_cache(maxsize=4096)
def _feature(ref: str) -> dict[str, Any] | None:
    import shapely.geometry

    try:
        geom = geodata.feature(ref)
    except (GeodataError, LookupError):
        return None
    if geom is None or geom.is_empty:
        return None
    return json.loads(json.dumps(shapely.geometry.mapping(geom)))  # lists, as GeoJSON has


def feature_geojson(ref: str) -> dict[str, Any] | None:
    """GeoJSON mapping of a geodata pack feature ("line:AZE-IRN"), None when the pack lacks it.

    The mapping is shared between all events on that feature (a country outline is large);
    callers treat it as read-only.
    """
    return _feature(ref)


@lru_cache(maxsize=4096)
def feature_name(ref: str) -> str:
    """English name of a pack feature, "" when unknown."""
    try:
        names = geodata.feature_names(ref)
    except (GeodataError, LookupError):
        return ""
    return names.get("en") or next(iter(names.values()), "")


_REGIONS: dict[str, tuple[str, str, str]] = {}


def regions_of(key: str, geometry: dict[str, Any]) -> tuple[str, str, str]:
    """(country, admin1, disputed_area) of a place's geometry via geodata.join, once per place."""
    found = _REGIONS.get(key)
    if found is None:
        found = _REGIONS[key] = _regions(geometry)
    return found


def prefetch_regions(places: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Join every (key, geometry) not known yet in one ``geodata.join``: a join costs ~10 ms
    whatever its row count, so an article's new places are joined together, not one by one
    (each row's result is its own: the join places rows independently)."""
    todo: dict[str, dict[str, Any]] = {}
    for key, geometry in places:
        if key not in _REGIONS:
            todo.setdefault(key, geometry)  # the first geometry, as regions_of would keep
    if todo:
        _REGIONS.update(zip(todo, _regions_many(list(todo.values())), strict=True))


def _regions(geometry: dict[str, Any]) -> tuple[str, str, str]:
    return _regions_many([geometry])[0]


def _regions_many(geometries: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    import geopandas as gpd
    import shapely.geometry

    frame = gpd.GeoDataFrame(geometry=[shapely.geometry.shape(g) for g in geometries],
                             crs="EPSG:4326")
    try:
        joined = geodata.join(frame)
    except GeodataError:
        return [("", "", "")] * len(geometries)

    def texts(column: str) -> list[str]:
        values = joined[column].tolist() if column in joined else [""] * len(geometries)
        return ["" if v is None or v != v else str(v) for v in values]

    return list(zip(texts("country"), texts("admin1"), texts("disputed_area"), strict=True))
