"""The default store: one SQLite file in WAL mode, written in ``BEGIN IMMEDIATE`` transactions.

Why IMMEDIATE: a deferred transaction that reads and then writes fails at once with
"database is locked" when another writer holds the lock, whatever the busy timeout; taking
the write lock up front makes a second writer wait (up to ``lock_timeout``) instead.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely

from mapapp.errors import StoreBusyError, StoreCorruptError
from mapapp.schema import Article, Event
from mapapp.store import (
    ARTICLE_COLUMNS,
    CORE_SHARE,
    JSON_FIELDS,
    ROW_COLUMNS,
    SHAPE_MIN_CHARS,
    SHAPE_REF,
    STORED_FIELDS,
    EventFilter,
    Facets,
    SaveResult,
    Store,
    article_row,
    chunks,
    core_rank,
    event_row,
    json_lists,
    no_gc,
    row_to_article,
    rows_to_frame,
    shape_key,
)

_IS_POINT = "substr(geometry, 1, 16) = '{\"type\":\"Point\",'"
"""A stored GeoJSON Point (compact orjson text, type first): its x/y are the bbox columns'
minx/miny. Anything else, e.g. a GeometryCollection holding a point, is parsed as GeoJSON."""
APPLICATION_ID = 0x434D4150  # "CMAP": marks the file as a conflictmap store
_SQLITE_MAGIC = b"SQLite format 3\x00"

_COLUMN_TYPES: dict[str, str] = {
    "date_precision": "INTEGER NOT NULL", "fatalities": "INTEGER",
    "fatalities_low": "INTEGER", "fatalities_high": "INTEGER",
    "geo_precision": "INTEGER NOT NULL", "where_prec": "INTEGER NOT NULL",
    "char_start": "INTEGER NOT NULL", "char_end": "INTEGER NOT NULL",
    "place_start": "INTEGER NOT NULL DEFAULT -1", "place_end": "INTEGER NOT NULL DEFAULT -1",
    "confidence": "REAL NOT NULL", "geometry": "TEXT", "minx": "REAL", "miny": "REAL",
    "maxx": "REAL", "maxy": "REAL",
}


_ADDED_IN_2 = ("place_start", "place_end")


def _events_ddl() -> str:
    """The events table of schema version 1 (later columns come from their migrations)."""
    cols = [f"{c} {_COLUMN_TYPES.get(c, 'TEXT NOT NULL')}" for c in ROW_COLUMNS
            if c != "event_id" and c not in _ADDED_IN_2]
    return ("CREATE TABLE events (event_id TEXT PRIMARY KEY, " + ", ".join(cols)
            + ", updated_at TEXT NOT NULL)")


def _migrate_to_1(con: sqlite3.Connection) -> None:
    """The first schema: ledger, events with bbox columns, filter indexes."""
    con.execute("CREATE TABLE articles (article_id TEXT PRIMARY KEY, text TEXT NOT NULL, "
                "title TEXT NOT NULL, report_date TEXT NOT NULL, language TEXT NOT NULL, "
                "source TEXT NOT NULL, url TEXT NOT NULL, path TEXT NOT NULL, "
                "dateline_place TEXT NOT NULL, boilerplate TEXT NOT NULL, "
                "n_events INTEGER NOT NULL, ingested_at TEXT NOT NULL)")
    con.execute(_events_ddl())
    for name, cols in (("date", "event_date"), ("article", "article_id"),
                       ("country", "country, admin1"), ("type", "event_type"),
                       ("bbox", "minx, maxx, miny, maxy")):
        con.execute(f"CREATE INDEX events_{name} ON events ({cols})")


def _migrate_to_2(con: sqlite3.Connection) -> None:
    """Where in the article the place was named (the popup marks exactly those words)."""
    for name in _ADDED_IN_2:
        con.execute(f"ALTER TABLE events ADD COLUMN {name} {_COLUMN_TYPES[name]}")


_SHAPE_OF = "(SELECT shapes.geometry FROM shapes WHERE shapes.shape_id = events.shape_id)"
_GEOMETRY = f"coalesce(geometry, {_SHAPE_OF})"
"""An event's GeoJSON text, wherever it is kept."""


def _migrate_to_3(con: sqlite3.Connection) -> None:
    """Region and border outlines stored once: an event placed on a region carried the whole
    outline (9 KB an event on average, 0.47 MB for a country), repeated in every such row."""
    con.execute("CREATE TABLE shapes (shape_id TEXT PRIMARY KEY, geometry TEXT NOT NULL)")
    con.execute("ALTER TABLE events ADD COLUMN shape_id TEXT")
    big = f"length(geometry) >= {SHAPE_MIN_CHARS} AND NOT {_IS_POINT}"
    last = ""
    while True:  # in slices: a store's outlines may not fit in memory at once
        rows = con.execute(f"SELECT event_id, geometry FROM events WHERE {big} AND "
                           "event_id > ? ORDER BY event_id LIMIT 1000", (last,)).fetchall()
        if not rows:
            break
        keyed = [(event_id, geometry, shape_key(geometry)) for event_id, geometry in rows]
        con.executemany("INSERT OR IGNORE INTO shapes VALUES (?, ?)",
                        [(key, geometry) for _, geometry, key in keyed])
        con.executemany("UPDATE events SET geometry = NULL, shape_id = ? WHERE event_id = ?",
                        [(key, event_id) for event_id, _, key in keyed])
        last = rows[-1][0]


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_to_1, _migrate_to_2,
                                                                _migrate_to_3)
"""MIGRATIONS[i] takes a store from schema version i to i + 1; append, never edit."""
SCHEMA_VERSION = len(MIGRATIONS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore(Store):
    """A conflictmap store in one SQLite file; safe for several processes at once."""

    def __init__(self, path: Path, *, lock_timeout: float = 10.0) -> None:
        self.path = path
        self.url = str(path)
        self.lock_timeout = lock_timeout
        self._lock = threading.RLock()
        self._check_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._guard():
            self._con = sqlite3.connect(path, timeout=lock_timeout, isolation_level=None,
                                        check_same_thread=False)
        try:
            with self._guard():
                self._con.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")
                self._prepare()
        except BaseException:
            self._con.close()
            raise

    # -- opening ------------------------------------------------------------------------

    def _check_file(self) -> None:
        """Refuse anything that is not an SQLite file before SQLite may touch it."""
        if self.path.is_dir():
            raise StoreCorruptError(f"store {self.path} is a directory, not a database file")
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        with self.path.open("rb") as fh:
            if fh.read(16) != _SQLITE_MAGIC:
                raise StoreCorruptError(f"store {self.path} is not a SQLite database; "
                                        "left untouched")

    def _prepare(self) -> None:
        con = self._con
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID and tables:
            raise StoreCorruptError(f"store {self.path} is a SQLite database of another "
                                    "application; left untouched")
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        if self._version() < SCHEMA_VERSION:
            self._migrate()
        elif self._version() > SCHEMA_VERSION:
            raise StoreCorruptError(f"store {self.path} has schema version {self._version()}, "
                                    f"newer than this conflictmap ({SCHEMA_VERSION}); upgrade")

    def _version(self) -> int:
        con = self._con
        has = con.execute("SELECT 1 FROM sqlite_master WHERE name='schema_version'").fetchone()
        if not has:
            return 0
        return int(con.execute("SELECT coalesce(max(version), 0) FROM schema_version")
                   .fetchone()[0])

    def _migrate(self) -> None:
        """Apply pending migrations in one IMMEDIATE transaction (another process may race)."""
        with self._write() as con:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                        "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            for version in range(self._version(), SCHEMA_VERSION):
                MIGRATIONS[version](con)
                con.execute("INSERT INTO schema_version VALUES (?, ?)", (version + 1, _now()))
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    # -- plumbing -----------------------------------------------------------------------

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn SQLite's errors about locks and damage into the two one-line store errors."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise StoreBusyError(f"store {self.path} is locked by another writer "
                                     f"(waited {self.lock_timeout:g} s)") from None
            if "unable to open" in text:
                raise StoreCorruptError(f"store {self.path} cannot be opened: {exc}") from None
            if "malformed" in text or "not a database" in text:
                raise StoreCorruptError(f"store {self.path} is damaged ({exc}); "
                                        "left untouched") from None
            raise
        except sqlite3.DatabaseError as exc:
            raise StoreCorruptError(f"store {self.path} is damaged or not a database ({exc}); "
                                    "left untouched") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard():
            self._con.execute("BEGIN IMMEDIATE")
            try:
                yield self._con
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard():
            yield self._con

    # -- API ----------------------------------------------------------------------------

    def save_article(self, article: Article, events: Sequence[Event]) -> SaveResult:
        rows = {r["event_id"]: r for r in (event_row(e) for e in events)}  # last one wins
        ledger = article_row(article)
        ledger.update(n_events=len(rows), ingested_at=_now())
        cols = ", ".join((*ROW_COLUMNS, "shape_id"))
        marks = ", ".join("?" * (len(ROW_COLUMNS) + 2))
        updates = ", ".join(f"{c} = excluded.{c}"
                            for c in (*ROW_COLUMNS[1:], "shape_id", "updated_at"))
        upsert = (f"INSERT INTO events ({cols}, updated_at) VALUES ({marks}) "
                  f"ON CONFLICT(event_id) DO UPDATE SET {updates}")
        with self._write() as con:
            article_new = con.execute("SELECT 1 FROM articles WHERE article_id = ?",
                                      (article.article_id,)).fetchone() is None
            if article_new:
                names, marks = ", ".join(ledger), ", ".join("?" * len(ledger))
                con.execute(f"INSERT INTO articles ({names}) VALUES ({marks})",
                            tuple(ledger.values()))
            existing: dict[str, str] = {}
            for part in chunks(list(rows)):
                existing.update(con.execute(
                    f"SELECT event_id, row_hash FROM events WHERE event_id IN "
                    f"({', '.join('?' * len(part))})", tuple(part)).fetchall())
            changed = [r for r in rows.values() if existing.get(r["event_id"]) != r["row_hash"]]
            now = _now()
            shapes = _shared_shapes(changed)
            if shapes:
                con.executemany("INSERT OR IGNORE INTO shapes VALUES (?, ?)", shapes.items())
            con.executemany(upsert, [(*(r[c] for c in ROW_COLUMNS), r["shape_id"], now)
                                     for r in changed])
        added = sum(1 for r in changed if r["event_id"] not in existing)
        return SaveResult(article_new=article_new, added=added, updated=len(changed) - added,
                          unchanged=len(rows) - len(changed))

    def has_article(self, article_id: str) -> bool:
        with self._read() as con:
            return con.execute("SELECT 1 FROM articles WHERE article_id = ?",
                               (article_id,)).fetchone() is not None

    def article(self, article_id: str) -> Article | None:
        with self._read() as con:
            row = con.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles "
                              "WHERE article_id = ?", (article_id,)).fetchone()
        return row_to_article(row) if row else None

    def query(self, flt: EventFilter | None = None, *, limit: int | None = None
              ) -> gpd.GeoDataFrame:
        flt = flt or EventFilter()
        where, params = _where(flt)
        # an outline comes once from shapes, each of its events naming it (SHAPE_REF + id)
        sql = (f"SELECT {', '.join(STORED_FIELDS)}, CASE WHEN {_IS_POINT} THEN NULL "
               f"WHEN shape_id IS NOT NULL THEN '{SHAPE_REF}' || shape_id ELSE geometry END, "
               f"CASE WHEN {_IS_POINT} THEN minx END, "
               f"CASE WHEN {_IS_POINT} THEN miny END FROM events{where} "
               "ORDER BY event_date, event_id")
        if limit is not None and flt.bbox is None:
            sql += f" LIMIT {int(limit)}"
        with self._read() as con, no_gc():
            rows = con.execute(sql, params).fetchall()
            at = len(STORED_FIELDS)
            keys = list({r[at][len(SHAPE_REF):] for r in rows
                         if r[at] is not None and r[at].startswith(SHAPE_REF)})
            shapes: dict[str, str] = {}
            for part in chunks(keys):
                shapes.update(con.execute(
                    f"SELECT shape_id, geometry FROM shapes WHERE shape_id IN "
                    f"({', '.join('?' * len(part))})", tuple(part)).fetchall())
            gdf = rows_to_frame(rows, point_xy=True, shapes=shapes)
        if flt.bbox is not None:  # the SQL bbox test is on envelopes; refine on shapes
            gdf = gdf[gdf.geometry.intersects(shapely.box(*flt.bbox))]
            if limit is not None:
                gdf = gdf.iloc[:limit]
        return gdf.reset_index(drop=True)

    def columns(self, flt: EventFilter | None, fields: Sequence[str], *,
                limit: int | None = None) -> dict[str, list[Any]]:
        flt = flt or EventFilter()
        if flt.bbox is not None:  # needs the exact shape test of query()
            return super().columns(flt, fields, limit=limit)
        where, params = _where(flt)
        names = list(dict.fromkeys(["event_date", "event_id", *fields]))
        sql = (f"SELECT {', '.join(names)}, CASE WHEN {_IS_POINT} THEN NULL ELSE {_GEOMETRY} "
               "END, "
               f"CASE WHEN {_IS_POINT} THEN minx END, CASE WHEN {_IS_POINT} THEN miny END "
               f"FROM events{where} ORDER BY event_date, event_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._read() as con, no_gc():
            rows = con.execute(sql, params).fetchall()
            cols = list(zip(*rows, strict=True)) if rows else [()] * (len(names) + 3)
            out = {name: list(col) for name, col in zip(
                [*names, "geometry", "x", "y"], cols, strict=True)}
            for name in JSON_FIELDS.intersection(out):
                out[name] = json_lists(out[name])
        return out

    def extent(self, flt: EventFilter | None = None
               ) -> tuple[float, float, float, float] | None:
        flt = flt or EventFilter()
        if flt.bbox is not None:
            return super().extent(flt)
        where, params = _where(flt)
        with self._read() as con:
            row = con.execute(f"SELECT min(minx), min(miny), max(maxx), max(maxy) "
                              f"FROM events{where}", params).fetchone()
        if row is None or row[0] is None:
            return None
        return float(row[0]), float(row[1]), float(row[2]), float(row[3])

    def core_extent(self, flt: EventFilter | None = None, *, share: float = CORE_SHARE
                    ) -> tuple[float, float, float, float] | None:
        flt = flt or EventFilter()
        if flt.bbox is not None:
            return super().core_extent(flt, share=share)
        where, params = _where(flt)
        where = f"{where} AND minx IS NOT NULL" if where else " WHERE minx IS NOT NULL"
        with self._read() as con:
            n = int(con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0])
            if n == 0:
                return None
            k = core_rank(n, share)
            # the k-th edge from each side (a sort of n numbers per side: ~10 ms at 100k)
            sides = [float(con.execute(f"SELECT {col} FROM events{where} ORDER BY {col} "
                                       f"{order} LIMIT 1 OFFSET ?", [*params, k]).fetchone()[0])
                     for col, order in (("minx", "ASC"), ("miny", "ASC"), ("maxx", "DESC"),
                                        ("maxy", "DESC"))]
        return sides[0], sides[1], sides[2], sides[3]

    def count(self, flt: EventFilter | None = None) -> int:
        flt = flt or EventFilter()
        where, params = _where(flt)
        if flt.bbox is None:
            with self._read() as con:
                return int(con.execute(f"SELECT count(*) FROM events{where}", params)
                           .fetchone()[0])
        # a point's envelope is the point: only lines and areas need the exact shape test
        with self._read() as con:
            points = int(con.execute(f"SELECT count(*) FROM events{where} AND minx = maxx "
                                     "AND miny = maxy", params).fetchone()[0])
            shapes = [r[0] for r in con.execute(
                f"SELECT {_GEOMETRY} FROM events{where} AND NOT (minx = maxx AND miny = maxy)",
                params)]
        box = shapely.box(*flt.bbox)
        return points + int(shapely.intersects(shapely.from_geojson(shapes), box).sum()) \
            if shapes else points

    def facets(self) -> Facets:
        with self._read() as con:
            def distinct(col: str) -> list[str]:
                return [r[0] for r in con.execute(
                    f"SELECT DISTINCT {col} FROM events WHERE {col} != '' ORDER BY {col}")]

            parties = [r[0] for r in con.execute(
                "SELECT DISTINCT j.value FROM events, json_each(events.parties) AS j "
                "WHERE j.value != '' ORDER BY 1")]
            lo, hi, n = con.execute(
                "SELECT min(event_date), max(max(event_date, event_date_end)), count(*) "
                "FROM events WHERE event_date != ''").fetchone()
            total = con.execute("SELECT count(*) FROM events").fetchone()[0]
            articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            return Facets(parties=parties, event_types=distinct("event_type"),
                          countries=distinct("country"), admin1=distinct("admin1"),
                          min_date=lo, max_date=hi, events=int(total), articles=int(articles))

    def integrity_check(self) -> str:
        with self._read() as con:
            return "\n".join(r[0] for r in con.execute("PRAGMA integrity_check"))

    def close(self) -> None:
        with self._lock:
            self._con.close()


def _shared_shapes(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Move the long outlines out of ``rows`` (their ``geometry`` becomes None and
    ``shape_id`` its key; None for the rest) and return them by key, for ``shapes``."""
    shapes: dict[str, str] = {}
    for r in rows:
        r["shape_id"] = key = shape_key(r["geometry"])
        if key is not None:
            shapes[key] = r["geometry"]
            r["geometry"] = None
    return shapes


def _where(flt: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause for a filter; every restriction runs inside SQLite."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.since:
        clauses.append("max(event_date, event_date_end) >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append("event_date <= ?")
        params.append(flt.until)
    for col, values in (("event_type", flt.event_types), ("country", flt.countries),
                        ("admin1", flt.admin1)):
        if values:
            clauses.append(f"{col} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if flt.parties:
        clauses.append("EXISTS (SELECT 1 FROM json_each(events.parties) AS j WHERE j.value IN "
                       f"({', '.join('?' * len(flt.parties))}))")
        params.extend(flt.parties)
    if flt.max_geo_precision is not None:
        clauses.append("geo_precision <= ?")
        params.append(int(flt.max_geo_precision))
    if flt.max_where_prec is not None:
        clauses.append("where_prec <= ?")
        params.append(int(flt.max_where_prec))
    if flt.bbox is not None:
        west, south, east, north = flt.bbox
        clauses.append("minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?")
        params.extend((east, west, north, south))
    if flt.text:
        clauses.append("instr(search_text, ?) > 0")
        params.append(flt.text.casefold())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
