"""The opt-in geocoder fallback against a stand-in Nominatim on 127.0.0.1 (never the web)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer import Gazetteer, GazetteerError, OnlineGeocoder

# A made-up village that is in no source: only the stand-in server knows it.
ANSWER = [{"place_id": 1, "osm_type": "node", "osm_id": 4242, "lat": "40.30", "lon": "46.80",
           "display_name": "Dumanlıqaya-Test, Tərtər, Azerbaijan",
           "address": {"country_code": "az"}}]


class _Handler(BaseHTTPRequestHandler):
    calls: list[tuple[float, dict[str, list[str]]]] = []
    fail = False

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        query = parse_qs(urlsplit(self.path).query)
        type(self).calls.append((time.monotonic(), query))
        if type(self).fail:
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps(ANSWER if query.get("q") == ["Dumanlıqaya"] else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.calls = []
    _Handler.fail = False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


TEXT = "Azerbaijani forces entered the village of Dumanlıqaya north of Tartar."


def test_unknown_village_is_asked_once_and_cached(index_path: Path, tmp_path: Path,
                                                  server: str) -> None:
    geo = OnlineGeocoder(tmp_path / "cache.sqlite", url=server, user_agent="conflictmap-test")
    gz = Gazetteer.open(index_path, geocoder=geo)
    for _ in range(2):
        m = next(m for m in gz.find(TEXT, language="en") if m.surface == "Dumanlıqaya")
        assert m.place is not None and m.place.id == "osm:node/4242"
        assert (m.place.lat, m.place.lon, m.place.country) == (40.30, 46.80, "AZ")
        assert m.reason == f"online geocoder ({server})"
    assert len(_Handler.calls) == 1  # the second find used the cache
    params = _Handler.calls[0][1]
    assert params["q"] == ["Dumanlıqaya"] and params["countrycodes"] == ["az"]
    assert geo.min_delay_seconds == 1.0


def test_requests_are_spaced_by_the_rate_limit(tmp_path: Path, server: str) -> None:
    geo = OnlineGeocoder(tmp_path / "c.sqlite", url=server, user_agent="t",
                         min_delay_seconds=0.5)
    assert geo.lookup("Dumanlıqaya", ["AZ"]) is not None
    assert geo.lookup("Nowhere-at-all", ["AZ"]) is None
    assert geo.lookup("Nowhere-at-all", ["AZ"]) is None  # the miss is cached too
    (t1, _), (t2, _) = _Handler.calls
    assert t2 - t1 >= 0.45


def test_the_fallback_is_off_by_default(gz: Gazetteer) -> None:
    m = [m for m in gz.find(TEXT, language="en") if m.surface == "Dumanlıqaya"]
    assert m == []


def test_service_errors_are_reported_not_swallowed(index_path: Path, tmp_path: Path,
                                                   server: str) -> None:
    _Handler.fail = True
    geo = OnlineGeocoder(tmp_path / "c.sqlite", url=server, user_agent="t")
    with pytest.raises(GazetteerError, match="online geocoder"):
        geo.lookup("Dumanlıqaya", ["AZ"])
    gz = Gazetteer.open(index_path, geocoder=geo)
    m = next(m for m in gz.find(TEXT, language="en") if m.surface == "Dumanlıqaya")
    assert m.place is None and "online geocoder" in m.reason
    with pytest.raises(GazetteerError, match="want http"):
        OnlineGeocoder(tmp_path / "d.sqlite", url="ftp://x", user_agent="t")
