"""The team store: PostgreSQL + PostGIS behind the same interface as the SQLite file.

Geometry lives in a ``geometry(Geometry, 4326)`` column with a GiST index; bbox filters use
``&&`` (index) and ``ST_Intersects`` (exact). A long outline shared by events is kept once in
``shapes``; such an event's ``geom`` holds the outline's envelope, for the index. Writers
take a transaction-scoped advisory lock so that, as with SQLite, one writer at a time
classifies added/updated rows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import geopandas as gpd
import psycopg
from psycopg.types.json import Jsonb

from mapapp.errors import StoreBusyError, StoreCorruptError
from mapapp.schema import Article, Event
from mapapp.store import (
    ARTICLE_COLUMNS,
    CORE_SHARE,
    INT_FIELDS,
    JSON_FIELDS,
    ROW_COLUMNS,
    SHAPE_MIN_CHARS,
    STORED_FIELDS,
    EventFilter,
    Facets,
    SaveResult,
    Store,
    article_row,
    chunks,
    core_rank,
    event_row,
    no_gc,
    row_to_article,
    rows_to_frame,
    shape_key,
)

_WRITE_LOCK = 0x434D4150  # advisory lock key shared by every conflictmap writer


_ADDED_IN_2 = ("place_start", "place_end")


def _events_ddl() -> str:
    """The events table of schema version 1 (later columns come from their migrations)."""
    types = {**{c: "integer" for c in INT_FIELDS}, **{c: "jsonb" for c in JSON_FIELDS},
             "confidence": "double precision"}
    cols = [f"{c} {types.get(c, 'text')}" + ("" if c.startswith("fatalities") else " NOT NULL")
            for c in STORED_FIELDS if c != "event_id" and c not in _ADDED_IN_2]
    return ("CREATE TABLE events (event_id text PRIMARY KEY, " + ", ".join(cols)
            + ", geom geometry(Geometry, 4326), search_text text NOT NULL, "
            "row_hash text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())")


# What the Python side keeps once: a line or area whose GeoJSON runs past SHAPE_MIN_CHARS
# (about 10 coordinate pairs; PostGIS counts points, not characters).
_LONG_OUTLINE = f"GeometryType(geom) <> 'POINT' AND ST_NPoints(geom) > {SHAPE_MIN_CHARS // 20}"
_GEOM = "coalesce((SELECT shapes.geom FROM shapes WHERE shapes.shape_id = events.shape_id), geom)"
"""An event's geometry, wherever it is kept."""

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE EXTENSION IF NOT EXISTS postgis",
        "CREATE TABLE articles (article_id text PRIMARY KEY, text text NOT NULL, "
        "title text NOT NULL, report_date text NOT NULL, language text NOT NULL, "
        "source text NOT NULL, url text NOT NULL, path text NOT NULL, "
        "dateline_place text NOT NULL, boilerplate jsonb NOT NULL, n_events integer NOT NULL, "
        "ingested_at timestamptz NOT NULL DEFAULT now())",
        _events_ddl(),
        "CREATE INDEX events_geom ON events USING gist (geom)",
        "CREATE INDEX events_date ON events (event_date)",
        "CREATE INDEX events_article ON events (article_id)",
        "CREATE INDEX events_country ON events (country, admin1)",
        "CREATE INDEX events_parties ON events USING gin (parties)",
    ),
    tuple(f"ALTER TABLE events ADD COLUMN {name} integer NOT NULL DEFAULT -1"
          for name in _ADDED_IN_2),
    # Outlines kept once (as in the SQLite store). An event on a shared outline keeps the
    # outline's envelope in ``geom``, so the GiST index still answers ``&&``; outlines moved
    # from older rows are keyed by their WKB digest.
    ("CREATE TABLE shapes (shape_id text PRIMARY KEY, geom geometry(Geometry, 4326) NOT NULL)",
     "ALTER TABLE events ADD COLUMN shape_id text",
     f"UPDATE events SET shape_id = 'wkb:' || md5(ST_AsBinary(geom)) WHERE {_LONG_OUTLINE}",
     "INSERT INTO shapes SELECT DISTINCT ON (shape_id) shape_id, geom FROM events "
     "WHERE shape_id IS NOT NULL ON CONFLICT DO NOTHING",
     "UPDATE events SET geom = ST_Envelope(geom) WHERE shape_id IS NOT NULL"),
)
"""MIGRATIONS[i] takes the schema from version i to i + 1; append, never edit."""
SCHEMA_VERSION = len(MIGRATIONS)


class PostGISStore(Store):
    """A conflictmap store in a PostgreSQL database with PostGIS."""

    def __init__(self, url: str, *, lock_timeout: float = 10.0) -> None:
        self.url = url
        self.lock_timeout = lock_timeout
        self._lock = threading.RLock()
        with self._guard():
            self._con = psycopg.connect(url, autocommit=True, connect_timeout=max(
                1, int(lock_timeout)))
        try:
            self._migrate()
        except BaseException:
            self._con.close()
            raise

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except psycopg.errors.LockNotAvailable:
            raise StoreBusyError(f"store {self._safe_url()} is locked by another writer "
                                 f"(waited {self.lock_timeout:g} s)") from None
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreBusyError(f"store {self._safe_url()} is unavailable: {first}") from None

    def _safe_url(self) -> str:
        """The URL without a password, for messages."""
        info = psycopg.conninfo.conninfo_to_dict(self.url)
        host, port, name = (info.get(k, "") for k in ("host", "port", "dbname"))
        return f"postgresql://{host}:{port}/{name}"

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection[Any]]:
        with self._lock, self._guard(), self._con.transaction():
            self._con.execute(f"SET LOCAL lock_timeout = '{int(self.lock_timeout * 1000)}ms'")
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield self._con

    def _migrate(self) -> None:
        with self._write() as con:
            con.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
                        "applied_at timestamptz NOT NULL DEFAULT now())")
            row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreCorruptError(f"store {self._safe_url()} has schema version "
                                        f"{version}, newer than this conflictmap "
                                        f"({SCHEMA_VERSION}); upgrade")
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    con.execute(statement)  # type: ignore[arg-type]
                con.execute("INSERT INTO schema_version (version) VALUES (%s)", (step + 1,))

    def save_article(self, article: Article, events: Sequence[Event]) -> SaveResult:
        rows = {r["event_id"]: r for r in (event_row(e) for e in events)}
        ledger = article_row(article)
        ledger["boilerplate"] = Jsonb([list(r) for r in article.boilerplate])
        ledger["n_events"] = len(rows)
        cols = [c for c in ROW_COLUMNS if c not in ("minx", "miny", "maxx", "maxy")]
        geom = "ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326)"

        def upsert(geom_sql: str) -> str:
            values = ", ".join(geom_sql if c == "geometry" else "%s::jsonb"
                               if c in JSON_FIELDS else "%s" for c in cols)
            names = ", ".join("geom" if c == "geometry" else c for c in cols)
            updates = ", ".join(f"{n} = excluded.{n}" for n in [*names.split(", ")[1:],
                                                                   "shape_id"])
            return (f"INSERT INTO events ({names}, shape_id) VALUES ({values}, %s) "
                    f"ON CONFLICT (event_id) DO UPDATE SET {updates}, updated_at = now()")
        with self._write() as con:
            inserted = con.execute(
                f"INSERT INTO articles ({', '.join(ledger)}) VALUES "
                f"({', '.join(['%s'] * len(ledger))}) ON CONFLICT (article_id) DO NOTHING "
                "RETURNING 1", tuple(ledger.values())).fetchone()
            existing: dict[str, str] = {}
            for part in chunks(list(rows)):
                existing.update(con.execute(
                    "SELECT event_id, row_hash FROM events WHERE event_id = ANY(%s)",
                    (list(part),)).fetchall())
            changed = [r for r in rows.values() if existing.get(r["event_id"]) != r["row_hash"]]
            keys = {r["event_id"]: shape_key(r["geometry"]) for r in changed}
            shared = [r for r in changed if keys[r["event_id"]]]
            inline = [r for r in changed if not keys[r["event_id"]]]
            with con.cursor() as cur:
                if shared:  # the outline once; the row keeps its envelope for the index
                    cur.executemany(f"INSERT INTO shapes VALUES (%s, {geom}) "
                                    "ON CONFLICT DO NOTHING",
                                    list({keys[r["event_id"]]: r["geometry"]
                                          for r in shared}.items()))
                    cur.executemany(upsert(f"ST_Envelope({geom})"),
                                    [(*(r[c] for c in cols), keys[r["event_id"]])
                                     for r in shared])
                if inline:
                    cur.executemany(upsert(geom), [(*(r[c] for c in cols), None)
                                                   for r in inline])
        added = sum(1 for r in changed if r["event_id"] not in existing)
        return SaveResult(article_new=inserted is not None, added=added,
                          updated=len(changed) - added, unchanged=len(rows) - len(changed))

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._guard():
            return self._con.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def has_article(self, article_id: str) -> bool:
        return bool(self._fetch("SELECT 1 FROM articles WHERE article_id = %s", (article_id,)))

    def article(self, article_id: str) -> Article | None:
        rows = self._fetch(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles "
                           "WHERE article_id = %s", (article_id,))
        return row_to_article(rows[0]) if rows else None

    def query(self, flt: EventFilter | None = None, *, limit: int | None = None
              ) -> gpd.GeoDataFrame:
        where, params = _where(flt or EventFilter())
        sql = (f"SELECT {', '.join(STORED_FIELDS)}, ST_AsGeoJSON({_GEOM}, 15) "
               f"FROM events{where} ORDER BY event_date, event_id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with no_gc():
            return rows_to_frame(self._fetch(sql, params))

    def core_extent(self, flt: EventFilter | None = None, *, share: float = CORE_SHARE
                    ) -> tuple[float, float, float, float] | None:
        where, params = _where(flt or EventFilter())
        where = f"{where} AND geom IS NOT NULL" if where else " WHERE geom IS NOT NULL"
        n = int(self._fetch(f"SELECT count(*) FROM events{where}", params)[0][0])
        if n == 0:
            return None
        k = core_rank(n, share)
        # the k-th edge from each side; geom is the envelope for an event on a shared
        # outline, so its edges are the outline's
        sides = [float(self._fetch(f"SELECT {fn}(geom) AS edge FROM events{where} ORDER BY "
                                   f"edge {order} LIMIT 1 OFFSET %s", [*params, k])[0][0])
                 for fn, order in (("ST_XMin", "ASC"), ("ST_YMin", "ASC"),
                                   ("ST_XMax", "DESC"), ("ST_YMax", "DESC"))]
        return sides[0], sides[1], sides[2], sides[3]

    def count(self, flt: EventFilter | None = None) -> int:
        where, params = _where(flt or EventFilter())
        return int(self._fetch(f"SELECT count(*) FROM events{where}", params)[0][0])

    def facets(self) -> Facets:
        def distinct(col: str) -> list[str]:
            return [r[0] for r in self._fetch(
                f"SELECT DISTINCT {col} FROM events WHERE {col} <> '' ORDER BY 1")]

        parties = [r[0] for r in self._fetch(
            "SELECT DISTINCT p FROM events, jsonb_array_elements_text(parties) AS p "
            "WHERE p <> '' ORDER BY 1")]
        lo, hi = self._fetch("SELECT min(event_date), max(greatest(event_date, event_date_end)) "
                             "FROM events WHERE event_date <> ''")[0]
        total = self._fetch("SELECT count(*) FROM events")[0][0]
        articles = self._fetch("SELECT count(*) FROM articles")[0][0]
        return Facets(parties=parties, event_types=distinct("event_type"),
                      countries=distinct("country"), admin1=distinct("admin1"),
                      min_date=lo, max_date=hi, events=int(total), articles=int(articles))

    def integrity_check(self) -> str:
        bad = self._fetch("SELECT count(*) FROM events WHERE NOT EXISTS "
                          "(SELECT 1 FROM articles a WHERE a.article_id = events.article_id) "
                          f"OR (geom IS NOT NULL AND NOT ST_IsValid({_GEOM}))")[0][0]
        return "ok" if bad == 0 else f"{bad} events without article or with invalid geometry"

    def close(self) -> None:
        with self._lock:
            self._con.close()


def _where(flt: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause for a filter; every restriction runs inside PostgreSQL."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.since:
        clauses.append("greatest(event_date, event_date_end) >= %s")
        params.append(flt.since)
    if flt.until:
        clauses.append("event_date <= %s")
        params.append(flt.until)
    for col, values in (("event_type", flt.event_types), ("country", flt.countries),
                        ("admin1", flt.admin1)):
        if values:
            clauses.append(f"{col} = ANY(%s)")
            params.append(list(values))
    if flt.parties:
        clauses.append("parties ?| %s")
        params.append(list(flt.parties))
    if flt.max_geo_precision is not None:
        clauses.append("geo_precision <= %s")
        params.append(int(flt.max_geo_precision))
    if flt.max_where_prec is not None:
        clauses.append("where_prec <= %s")
        params.append(int(flt.max_where_prec))
    if flt.bbox is not None:
        clauses.append("geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) AND "
                       f"ST_Intersects({_GEOM}, ST_MakeEnvelope(%s, %s, %s, %s, 4326))")
        params.extend([*flt.bbox, *flt.bbox])
    if flt.text:
        clauses.append("strpos(search_text, %s) > 0")
        params.append(flt.text.casefold())
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
