"""The event store: one interface, two backends (a SQLite file by default, PostGIS for teams).

Callers only see :func:`open_store`, :class:`Store`, :class:`EventFilter`, :class:`SaveResult`
and :class:`Facets`. Both backends keep the same row layout, so the conversions between
:class:`~mapapp.schema.Event` objects, database rows and GeoDataFrames live here once.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import shapely

from mapapp.schema import EVENT_FIELDS, Article, Event, FatalityClaim

JSON_FIELDS: frozenset[str] = frozenset({"parties", "fatality_claims", "sources"})
"""Event fields that hold lists; stored as JSON text (SQLite) or jsonb (PostGIS)."""

INT_FIELDS: frozenset[str] = frozenset({
    "date_precision", "fatalities", "fatalities_low", "fatalities_high", "geo_precision",
    "where_prec", "char_start", "char_end", "place_start", "place_end",
})
NULLABLE_INT_FIELDS: frozenset[str] = frozenset({"fatalities", "fatalities_low",
                                                 "fatalities_high"})
FLOAT_FIELDS: frozenset[str] = frozenset({"confidence"})
STORED_FIELDS: tuple[str, ...] = tuple(f for f in EVENT_FIELDS if f != "geometry")
"""Event fields stored as plain columns; geometry is stored separately (GeoJSON + bbox)."""


CORE_SHARE = 0.96  # core_extent: 2% of the events may lie beyond each side
CORE_MIN = 50  # fewer events than this: every one counts


def core_rank(n: int, share: float) -> int:
    """How many of ``n`` sorted edges :meth:`Store.core_extent` skips on each side."""
    return 0 if n < CORE_MIN else int(n * (1.0 - share) / 2)


def core_of(gdf: gpd.GeoDataFrame, share: float = CORE_SHARE
            ) -> tuple[float, float, float, float]:
    """:meth:`Store.core_extent` of a frame of events that all have a geometry."""
    b = gdf.geometry.bounds
    k = core_rank(len(b), share)
    return (float(np.sort(b.minx.to_numpy())[k]), float(np.sort(b.miny.to_numpy())[k]),
            float(np.sort(b.maxx.to_numpy())[::-1][k]),
            float(np.sort(b.maxy.to_numpy())[::-1][k]))


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What to select. Empty sequences and ``None`` mean "no restriction".

    Dates are ISO ``yyyy-mm-dd``; an event matches a date range when its own span
    (``event_date``..``event_date_end``) overlaps it. ``bbox`` is (west, south, east, north)
    in degrees and matches every geometry that intersects it. ``text`` is a case-insensitive
    substring of the sentence or summary.
    """

    since: str | None = None
    until: str | None = None
    parties: Sequence[str] = ()
    event_types: Sequence[str] = ()
    countries: Sequence[str] = ()
    admin1: Sequence[str] = ()
    max_geo_precision: int | None = None
    max_where_prec: int | None = None  # UCDP where_prec: 6 = only the country is known
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None

    def __post_init__(self) -> None:
        if self.bbox is not None:
            west, south, east, north = (float(v) for v in self.bbox)
            if not all(math.isfinite(v) for v in (west, south, east, north)):
                raise ValueError("bbox values must be finite numbers")
            if west > east or south > north:
                raise ValueError("bbox must be west,south,east,north with west <= east "
                                 "and south <= north")
            object.__setattr__(self, "bbox", (west, south, east, north))


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What one :meth:`Store.save_article` call changed."""

    article_new: bool
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class Facets:
    """The values present in the store, for filter widgets."""

    parties: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    min_date: str | None = None
    max_date: str | None = None
    events: int = 0
    articles: int = 0


class Store(ABC):
    """The store interface both backends implement. Writers are serialised per store."""

    url: str

    @abstractmethod
    def save_article(self, article: Article, events: Sequence[Event]) -> SaveResult:
        """Save an article and its events in one transaction (UPSERT by ``event_id``)."""

    @abstractmethod
    def has_article(self, article_id: str) -> bool:
        """Whether the ingest ledger already holds this article."""

    @abstractmethod
    def article(self, article_id: str) -> Article | None:
        """The stored article (text, title, boilerplate …), or None."""

    @abstractmethod
    def query(self, flt: EventFilter | None = None, *, limit: int | None = None
              ) -> gpd.GeoDataFrame:
        """Events matching ``flt``: columns EVENT_FIELDS, shapely geometry, EPSG:4326."""

    def columns(self, flt: EventFilter | None, fields: Sequence[str], *,
                limit: int | None = None) -> dict[str, list[Any]]:
        """Some fields of the (first ``limit``) events matching ``flt``, as plain lists in
        :meth:`query` order.

        For callers that need a few columns of many events (the map): no GeoDataFrame, no
        pandas string conversion. List fields come parsed. ``geometry`` holds GeoJSON text
        for lines and areas and None for points, whose coordinates are in ``x`` and ``y``
        (None for shapes). Backends may override this with a faster query.
        """
        gdf = self.query(flt, limit=limit)
        out: dict[str, list[Any]] = {
            f: [None if v is pd.NA else v for v in gdf[f].tolist()] for f in fields}
        geoms = np.asarray(gdf.geometry.values)
        points = shapely.get_type_id(geoms) == 0
        out["x"] = np.where(points, shapely.get_x(geoms), np.nan).tolist()
        out["y"] = np.where(points, shapely.get_y(geoms), np.nan).tolist()
        out["x"] = [None if p is None or p != p else p for p in out["x"]]
        out["y"] = [None if p is None or p != p else p for p in out["y"]]
        out["geometry"] = [None if pt or g is None else shapely.to_geojson(g)
                           for pt, g in zip(points.tolist(), geoms, strict=True)]
        return out

    def core_extent(self, flt: EventFilter | None = None, *, share: float = CORE_SHARE
                    ) -> tuple[float, float, float, float] | None:
        """Where most matching events are, or None: the extent with each side moved in past
        the ``(1 - share) / 2`` of the events whose edges lie furthest out on that side (the
        whole extent for fewer than ``CORE_MIN`` events). A few far-away events (talks in a
        distant capital) do not stretch it."""
        gdf = self.query(flt)
        gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
        if not len(gdf):
            return None
        return core_of(gdf, share)

    def extent(self, flt: EventFilter | None = None
               ) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of the matching events' geometries, or None."""
        gdf = self.query(flt)
        gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
        if not len(gdf):
            return None
        west, south, east, north = (float(v) for v in gdf.total_bounds)
        return west, south, east, north

    @abstractmethod
    def count(self, flt: EventFilter | None = None) -> int:
        """How many events match ``flt``."""

    @abstractmethod
    def facets(self) -> Facets:
        """Distinct filter values and the date range of the whole store."""

    @abstractmethod
    def integrity_check(self) -> str:
        """``"ok"`` when the database passes its own consistency check."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building hundreds of thousands of small objects (rows,
    dicts, lists): it would otherwise run hundreds of times over objects that cannot be
    garbage, which measured as more than half of a 100k-event export."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def open_store(url_or_path: str | Path, *, lock_timeout: float = 10.0) -> Store:
    """Open (creating if needed) the store at a SQLite path or a ``postgresql://`` URL."""
    text = str(url_or_path)
    if text.startswith(("postgresql://", "postgres://")):
        from mapapp._postgis_store import PostGISStore

        return PostGISStore(text, lock_timeout=lock_timeout)
    from mapapp._sqlite_store import SQLiteStore

    return SQLiteStore(Path(text), lock_timeout=lock_timeout)


# ---- row codec shared by the backends -------------------------------------------------------


def _bounds(coords: Any) -> tuple[float, float, float, float]:
    """Envelope of nested GeoJSON coordinates (cheaper than building a shapely geometry)."""
    xs: list[float] = []
    ys: list[float] = []
    stack = [coords]
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], int | float):
            xs.append(float(item[0]))
            ys.append(float(item[1]))
        else:
            stack.extend(item)
    if not xs:
        raise ValueError("geometry has no coordinates")
    return min(xs), min(ys), max(xs), max(ys)


_GEOMETRY_TYPES = frozenset({"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                             "MultiPolygon"})


def _geometry_bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    if geometry.get("type") not in _GEOMETRY_TYPES | {"GeometryCollection"}:
        raise ValueError(f"unknown geometry type {geometry.get('type')!r}")
    if geometry.get("type") == "GeometryCollection":
        parts = [_geometry_bounds(g) for g in geometry.get("geometries", [])]
        if not parts:
            raise ValueError("empty GeometryCollection")
        return (min(p[0] for p in parts), min(p[1] for p in parts),
                max(p[2] for p in parts), max(p[3] for p in parts))
    return _bounds(geometry["coordinates"])


# Envelopes of recently stored geometries, keyed by their GeoJSON text: an event placed on a
# region or border carries that feature's whole outline (thousands of points), and walking
# it in Python took longer than extracting the article; most articles reuse a few features.
_BOUNDS: dict[bytes, tuple[float, float, float, float]] = {}
_BOUNDS_KEPT = 64  # keys are whole outlines (a country: ~0.5 MB): keep few


def event_row(event: Event) -> dict[str, Any]:
    """An event as a flat row: list fields as JSON, geometry as GeoJSON text plus its bbox.

    ``row_hash`` fingerprints the content so an UPSERT can tell "updated" from "unchanged".
    """
    row: dict[str, Any] = {}
    for name in STORED_FIELDS:
        value = getattr(event, name)
        if name in JSON_FIELDS:
            value = orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        elif name in FLOAT_FIELDS:
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f"event {event.event_id}: {name} is not a finite number")
        row[name] = value
    geometry = event.geometry or None
    row.update(minx=None, miny=None, maxx=None, maxy=None, geometry=None)
    if geometry:
        try:
            text = orjson.dumps(geometry)
            bounds = _BOUNDS.get(text) or _geometry_bounds(geometry)
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise ValueError(f"event {event.event_id}: bad geometry ({exc})") from None
        if not all(math.isfinite(v) for v in bounds):
            raise ValueError(f"event {event.event_id}: geometry has non-finite coordinates")
        if text not in _BOUNDS:
            if len(_BOUNDS) >= _BOUNDS_KEPT:
                _BOUNDS.clear()
            _BOUNDS[text] = bounds
        minx, miny, maxx, maxy = bounds
        row.update(minx=minx, miny=miny, maxx=maxx, maxy=maxy, geometry=text.decode())
    row["search_text"] = f"{event.sentence}\n{event.summary}".casefold()
    digest = hashlib.sha256(orjson.dumps([row[k] for k in (*STORED_FIELDS, "geometry")]))
    row["row_hash"] = digest.hexdigest()
    return row


SHAPE_MIN_CHARS = 200
"""A line or area whose GeoJSON text is at least this long is kept once per store (in a
``shapes`` table) rather than in each event's row: a region's outline runs to kilobytes,
a country's to half a megabyte, and many events share one."""


def shape_key(geometry: str | None) -> str | None:
    """The key of a stored geometry (GeoJSON text) in ``shapes``, None when it stays in the
    event's row (a point, a short line)."""
    if (geometry is None or len(geometry) < SHAPE_MIN_CHARS
            or geometry.startswith('{"type":"Point",')):
        return None
    return hashlib.sha256(geometry.encode()).hexdigest()[:32]


ROW_COLUMNS: tuple[str, ...] = (*STORED_FIELDS, "geometry", "minx", "miny", "maxx", "maxy",
                                "search_text", "row_hash")
"""Column order of the events table in both backends."""


def json_lists(values: Sequence[Any]) -> list[list[Any]]:
    """A column of JSON list texts (SQLite) or parsed lists (PostGIS) as lists, parsed in
    one ``json.loads`` call — per-cell calls cost more than the query itself."""
    if all(isinstance(v, str) for v in values):
        return list(orjson.loads("[" + ",".join(values) + "]"))
    return [[] if v is None or v == "" else json.loads(v) if isinstance(v, str) else list(v)
            for v in values]


SHAPE_REF = "shape:"
"""A row's geometry given as ``SHAPE_REF + shape_id``: the outline is in the ``shapes`` table."""


def rows_to_frame(rows: Iterable[Sequence[Any]], *, point_xy: bool = False,
                  shapes: Mapping[str, str] | None = None) -> gpd.GeoDataFrame:
    """Rows in the order ``(*STORED_FIELDS, geometry_geojson)`` as a GeoDataFrame (EPSG:4326).

    With ``point_xy`` rows end ``(geometry_geojson, x, y)`` and points come as x/y with no
    GeoJSON: building points from two float columns is ~20x cheaper than parsing text.
    Each distinct geometry is parsed once (thousands of events may share a region's outline),
    and a ``SHAPE_REF`` geometry is looked up in ``shapes`` (shape_id -> GeoJSON).
    """
    columns = [*STORED_FIELDS, "geometry", *(("x", "y") if point_xy else ())]
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    for name in JSON_FIELDS:
        frame[name] = json_lists(frame[name].tolist())
    for name in INT_FIELDS - NULLABLE_INT_FIELDS:
        frame[name] = frame[name].astype("int64")
    for name in NULLABLE_INT_FIELDS:
        frame[name] = frame[name].astype("Int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    # events without a place have no geometry (code -1)
    codes, distinct = pd.factorize(np.array(
        [g if isinstance(g, str) else None for g in frame["geometry"]], dtype=object))
    texts = [shapes[g[len(SHAPE_REF):]] if shapes is not None and g.startswith(SHAPE_REF)
             else g for g in distinct]
    parsed = shapely.from_geojson(np.array(texts, dtype=object)) if texts else np.array([])
    geoms = np.full(len(codes), None, dtype=object)
    geoms[codes >= 0] = parsed[codes[codes >= 0]]
    if point_xy and len(frame):
        xs = frame["x"].to_numpy(dtype=float, na_value=np.nan)
        ys = frame["y"].to_numpy(dtype=float, na_value=np.nan)
        is_point = ~np.isnan(xs)
        geoms[is_point] = shapely.points(xs[is_point], ys[is_point])
    frame = frame.drop(columns=["geometry", *(("x", "y") if point_xy else ())])
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index),
                           crs="EPSG:4326")
    return gdf[list(EVENT_FIELDS)]


def frame_to_events(gdf: gpd.GeoDataFrame) -> list[Event]:
    """The inverse of :func:`rows_to_frame`, for round-trip checks and re-saving."""
    events: list[Event] = []
    for rec in gdf.to_dict("records"):
        values: dict[str, Any] = {}
        for name in EVENT_FIELDS:
            value = rec[name]
            if name == "geometry":
                value = shapely.geometry.mapping(value) if value is not None else {}
            elif name == "fatality_claims":
                value = [c if isinstance(c, FatalityClaim) else FatalityClaim(**c)
                         for c in value]
            elif name in NULLABLE_INT_FIELDS:
                value = None if pd.isna(value) else int(value)
            elif name in INT_FIELDS:
                value = int(value)
            values[name] = value
        events.append(Event(**values))
    return events


def article_row(article: Article) -> dict[str, Any]:
    """An article as a ledger row (boilerplate ranges as JSON)."""
    return {
        "article_id": article.article_id, "text": article.text, "title": article.title,
        "report_date": article.report_date, "language": article.language,
        "source": article.source, "url": article.url, "path": article.path,
        "dateline_place": article.dateline_place,
        "boilerplate": json.dumps([list(r) for r in article.boilerplate]),
    }


ARTICLE_COLUMNS: tuple[str, ...] = ("article_id", "text", "title", "report_date", "language",
                                    "source", "url", "path", "dateline_place", "boilerplate")


def row_to_article(row: Sequence[Any]) -> Article:
    """A ledger row in ARTICLE_COLUMNS order back into an :class:`Article`."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    ranges = values.pop("boilerplate")
    spans = json.loads(ranges) if isinstance(ranges, str) else (ranges or [])
    return Article(**values, boilerplate=tuple((int(a), int(b)) for a, b in spans))


def chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    """Slices of at most ``size`` items (SQL parameter lists stay short)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
