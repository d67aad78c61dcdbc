"""The region join extraction makes per place: joined an article at a time, each place gets
exactly what joining it alone gives (real geodata pack; the join places rows independently)."""

from __future__ import annotations

from typing import Any

import geodata
import mapapp._geo as geo


def _inside(feature_id: str) -> dict[str, Any]:
    """A point inside a pack feature (its representative point), as GeoJSON."""
    point = geodata.feature(feature_id).representative_point()
    return {"type": "Point", "coordinates": [point.x, point.y]}


def _places() -> list[tuple[str, dict[str, Any]]]:
    return [("test:nkao", _inside("area:nkao")), ("test:aze", _inside("adm1:AZE-1735")),
            ("test:irn", _inside("adm0:IRN")),
            ("test:null-island", {"type": "Point", "coordinates": [0.0, 0.0]}),  # no region
            ("test:border", geo.feature_geojson("line:AZE-IRN") or {})]


def test_batched_regions_equal_one_by_one() -> None:
    places = _places()
    alone = [geo._regions(g) for _, g in places]
    geo._REGIONS.clear()
    geo.prefetch_regions(places)
    assert [geo.regions_of(key, g) for key, g in places] == alone
    assert alone[0][0] == alone[1][0] == "Azerbaijan"
    assert alone[0][2] == "Former NKAO"
    assert alone[2][0] == "Iran"
    assert alone[3] == ("", "", "")
    assert alone[4][0] == ""  # a border line lies in two countries


def test_prefetch_keeps_known_places_and_the_first_geometry() -> None:
    places = dict(_places())
    geo._REGIONS.clear()
    geo._REGIONS["test:kept"] = ("X", "Y", "")
    geo.prefetch_regions([("test:kept", places["test:nkao"]), ("test:dup", places["test:nkao"]),
                          ("test:dup", places["test:irn"])])
    assert geo.regions_of("test:kept", places["test:nkao"]) == ("X", "Y", "")
    assert geo.regions_of("test:dup", places["test:irn"]) == geo._regions(places["test:nkao"])
