"""What the map page shows, computed once per server process and shared by every session.

The caches live here rather than in Streamlit's ``st.cache_*`` so that ``conflictmap serve``
can fill them *before* the server takes requests (:func:`warm`): the first visitor then
gets the unfiltered view of a 100k-event store as fast as a reload, instead of waiting for
imports, queries and the map payload. Cached values are shared objects; callers treat
frames and payloads as read-only.

Keys include the store's revision (file modification times), so a cached view is never
served after an ingest changed the store.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapapp import mapview
from mapapp.errors import GeodataError
from mapapp.store import EventFilter, Facets, open_store

Revision = tuple[int, ...]
T = TypeVar("T")


@dataclass
class _LRU:
    """A small thread-safe LRU; two sessions missing the same key at once both compute."""

    size: int
    entries: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]  # type: ignore[no-any-return]
        return self.put(key, compute())

    def put(self, key: Hashable, value: T) -> T:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


class PageData:
    """Cached reads of one store for the page (get one with :func:`for_store`)."""

    def __init__(self, db: str, lock_timeout: float, table_rows: int) -> None:
        self.db, self.lock_timeout, self.table_rows = db, lock_timeout, table_rows
        self._small, self._frames = _LRU(64), _LRU(16)

    def revision(self) -> Revision:
        """Changes whenever the store does (SQLite: file times; PostGIS: counts)."""
        stats = [os.stat(p).st_mtime_ns for p in (self.db, self.db + "-wal")
                 if os.path.exists(p)]
        if stats or not self.db.startswith(("postgresql://", "postgres://")):
            return tuple(stats)
        f = self._read(lambda store: store.facets())
        return (f.events, f.articles)

    def _read(self, fetch: Callable[[Any], T]) -> T:
        with open_store(self.db, lock_timeout=self.lock_timeout) as store:
            return fetch(store)

    def facets(self, rev: Revision) -> Facets:
        return self._small.get(("facets", rev), lambda: self._read(lambda s: s.facets()))

    def colors(self, rev: Revision) -> dict[str, str]:
        """One colour per party of the store (and "Unknown"), stable for a revision."""
        parties = list(self.facets(rev).parties) + ["Unknown"]
        return self._small.get(("colors", rev), lambda: mapview.party_colors(parties))

    def count(self, rev: Revision, flt: EventFilter) -> int:
        return self._small.get(("count", rev, flt), lambda: self._read(lambda s: s.count(flt)))

    def bounds(self, rev: Revision) -> tuple[tuple[float, float], tuple[float, float]]:
        """The base map's first view, from the bbox columns: where most of the events placed
        more precisely than a whole country are (a few "Russia said" events, or talks in a
        distant capital, must not zoom the map out), else where most events are."""
        def compute() -> tuple[tuple[float, float], tuple[float, float]]:
            ext = self._read(lambda s: s.core_extent(
                EventFilter(max_where_prec=mapview.PRECISE)) or s.core_extent())
            if ext is None:
                return mapview.DEFAULT_BOUNDS
            west, south, east, north = ext
            return (south, west), (north, east)
        return self._small.get(("bounds", rev), compute)

    def filtered(self, rev: Revision, flt: EventFilter) -> gpd.GeoDataFrame:
        """Every event of the view as a frame: only built for exports, heat, choropleth,
        the time slider, or a selection beyond the table's rows."""
        return self._frames.get(("all", rev, flt), lambda: self._read(lambda s: s.query(flt)))

    def first_rows(self, rev: Revision, flt: EventFilter) -> gpd.GeoDataFrame:
        """The table's rows: the first ``table_rows`` events of the view, holding the columns
        the table and the map's focus need (read as plain columns, ~3x faster than a full
        query of 10k events)."""
        return self._frames.get(("first", rev, flt), lambda: _rows_frame(self._read(
            lambda s: s.columns(flt, _ROW_FIELDS, limit=self.table_rows))))

    def _all_events_payload(self, rev: Revision) -> dict[str, Any]:
        """The map payload of every event in the store, built once per revision from the
        few columns the map needs (no frame); filtered views are subsets of it."""
        colors = self.colors(rev)

        def compute() -> dict[str, Any]:
            cols = self._read(lambda s: s.columns(None, mapview.PAYLOAD_FIELDS))
            return mapview.event_payload(cols, colors)
        return self._frames.get(("payload", rev), compute)

    def payload_url(self, rev: Revision, flt: EventFilter) -> str:
        """The map's event data, published as static files the browser fetches (megabytes
        through Streamlit's component messages take seconds more). A filtered view is the
        store-wide payload cut to the view's event ids: popup fragments are built once per
        revision, and every view shares their files."""
        def compute() -> str:
            payload = self._all_events_payload(rev)
            if flt != EventFilter():
                cols = self._read(lambda s: s.columns(flt, ["event_id"]))
                payload = mapview.payload_subset(payload, set(cols["event_id"]))
            return mapview.publish_payload(payload)
        url = self._small.get(("payload", rev, flt), compute)
        if not all(p.exists() for p in mapview.published_files(url)):  # pruned: publish again
            url = self._small.put(("payload", rev, flt), compute())
        return url


_ROW_FIELDS = (*mapview.TABLE_COLUMNS, "parties")
_INT_FIELDS = {"fatalities": "Int64", "geo_precision": "int64", "date_precision": "int64"}


def _rows_frame(cols: dict[str, list[Any]]) -> gpd.GeoDataFrame:
    """A frame like :meth:`Store.query`'s (for these fields) from :meth:`Store.columns`:
    points from their coordinates, other shapes from their GeoJSON."""
    x = np.array(cols.pop("x"), dtype=float)
    y = np.array(cols.pop("y"), dtype=float)
    shapes = shapely.from_geojson(np.array(cols.pop("geometry"), dtype=object))
    geometry = np.where(np.isnan(x), shapes, shapely.points(x, y))
    frame = pd.DataFrame(cols).astype(_INT_FIELDS)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


@lru_cache(maxsize=8)
def for_store(db: str, lock_timeout: float, table_rows: int) -> PageData:
    """The shared cache of one store (every session of the server gets the same one)."""
    return PageData(db, lock_timeout, table_rows)


@lru_cache(maxsize=1)
def region_pack() -> gpd.GeoDataFrame | str:
    """The vector basemap, or the one-line reason it is missing (the map still works)."""
    try:
        import geodata

        return geodata.load_pack()
    except (ImportError, AttributeError, GeodataError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


def warm(db: str, lock_timeout: float, table_rows: int) -> int:
    """Import what the page imports and compute its first, unfiltered view, so the first
    visitor does not wait for it. Returns the number of events in that view."""
    # not streamlit_folium: a component declared before Streamlit's runtime exists is
    # registered where the server never looks (the map then fails to load)
    from mapapp import articles, export, extract, ingest  # noqa: F401 - the page's other parts

    data = for_store(db, lock_timeout, table_rows)
    rev = data.revision()
    flt = EventFilter()
    data.bounds(rev)
    data.first_rows(rev, flt)
    data.payload_url(rev, flt)
    pack = region_pack()
    if not isinstance(pack, str):  # the basemap's clipped features are cached on first use
        mapview.base_map(bounds=data.bounds(rev), basemap=pack, colors=data.colors(rev),
                         event_types=data.facets(rev).event_types, fetch_basemap=True)
    return data.count(rev, flt)
