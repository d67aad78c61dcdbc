"""Opt-in online fallback: ask a Nominatim-compatible geocoder for villages the local index
does not know ("the village of X" where X is in no source).

Off unless the caller passes an ``OnlineGeocoder``; at most one request per second
(geopy's ``RateLimiter``, errors not swallowed); every answer, including "not found", is
cached in a SQLite file with the service it came from, so a name is asked once.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from gazetteer.errors import GazetteerError
from gazetteer.model import Place, PlaceKind, PlaceName

PUBLIC_NOMINATIM = "https://nominatim.openstreetmap.org"


class OnlineGeocoder:
    """A rate-limited, cached Nominatim client."""

    def __init__(self, cache: str | Path, *, url: str = "", user_agent: str,
                 min_delay_seconds: float = 1.0, timeout: float = 10.0) -> None:
        self.url = url or PUBLIC_NOMINATIM
        parts = urlsplit(self.url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise GazetteerError(f"geocoder URL {self.url!r}: want http(s)://host[:port]")
        self._client = Nominatim(user_agent=user_agent, scheme=parts.scheme, timeout=timeout,
                                 domain=parts.netloc + parts.path.rstrip("/"))
        self.min_delay_seconds = min_delay_seconds
        self._geocode = RateLimiter(self._client.geocode, min_delay_seconds=min_delay_seconds,
                                    max_retries=0, swallow_exceptions=False)
        self._con = sqlite3.connect(cache, check_same_thread=False)
        self._con.execute("CREATE TABLE IF NOT EXISTS answers (query TEXT PRIMARY KEY, "
                          "found INTEGER NOT NULL, place_id TEXT, name TEXT, lat REAL, "
                          "lon REAL, country TEXT, source TEXT NOT NULL, fetched TEXT NOT NULL)")
        self.requests = 0

    def lookup(self, name: str, countries: list[str]) -> Place | None:
        """The place a name denotes (restricted to the article's countries), or None."""
        query = f"{name}|{','.join(sorted(countries))}"
        row = self._con.execute("SELECT found, place_id, name, lat, lon, country FROM answers "
                                "WHERE query = ?", (query,)).fetchone()
        if row is None:
            row = self._ask(query, name, countries)
        found, place_id, pname, lat, lon, country = row
        if not found:
            return None
        return Place(id=place_id, name=pname, kind=PlaceKind.POPULATED_PLACE, lat=lat, lon=lon,
                     country=country, names=(PlaceName(name),))

    def _ask(self, query: str, name: str, countries: list[str]) -> tuple[object, ...]:
        try:
            self.requests += 1
            loc = self._geocode(name, exactly_one=True, addressdetails=True, language="en",
                                country_codes=[c.lower() for c in countries] or None)
        except GeopyError as exc:
            raise GazetteerError(f"online geocoder {self.url}: {exc}") from None
        if loc is None:
            row: tuple[object, ...] = (0, None, None, None, None, None)
        else:
            raw = loc.raw
            address = raw.get("address") or {}
            pid = f"osm:{raw.get('osm_type', 'x')}/{raw.get('osm_id', raw.get('place_id', ''))}"
            row = (1, pid, name, float(loc.latitude), float(loc.longitude),
                   str(address.get("country_code", "")).upper())
        with self._con:
            self._con.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?,?,?,?,?,?)",
                              (query, *row, self.url, datetime.now(UTC).isoformat()))
        return row

    def close(self) -> None:
        """Close the cache."""
        self._con.close()
