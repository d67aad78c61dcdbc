"""Data model shared by every gazetteer source: places, their names, and mentions in text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class PlaceKind(StrEnum):
    """What sort of thing a place is; decides how it may be drawn (pin, outline, line)."""

    POPULATED_PLACE = "populated_place"
    ADMIN_REGION = "admin_region"
    COUNTRY = "country"
    RIVER = "river"
    BORDER = "border"
    MOUNTAIN = "mountain"
    AREA = "area"


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One name of a place, with the language it is used in and when it was valid."""

    name: str
    language: str = ""
    is_historic: bool = False
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place the gazetteer knows.

    ``id`` is namespaced by source: ``gn:<geonameid>`` (GeoNames), ``ne1:<adm1_code>`` and
    ``ne0:<adm0_a3>`` (Natural Earth), ``nel:<A3>-<A3>`` (a border line of the geodata pack),
    ``sup:<slug>`` (curated supplement), ``osm:<type>/<id>`` (opt-in online geocoder).
    ``geometry_ref`` names a feature of the geodata region pack (``adm1:AZE-1735``,
    ``adm0:AZE``, ``line:AZE-IRN``, ``area:nkao``) for places that are not points.
    """

    id: str
    name: str
    kind: PlaceKind
    lat: float
    lon: float
    country: str = ""  # ISO 3166-1 alpha-2, "" when none (rivers crossing borders)
    admin1_code: str = ""
    population: int = 0
    names: tuple[PlaceName, ...] = ()
    geometry_ref: str | None = None

    def all_names(self) -> list[str]:
        """Distinct names, preferred name first."""
        seen = [self.name]
        for n in self.names:
            if n.name not in seen:
                seen.append(n.name)
        return seen


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names (or looks like it names) a place.

    Resolved mentions carry ``place``; rejected spans carry ``place=None`` and a ``reason``
    ("common word", "organisation: OSCE Minsk Group", "dateline", "footer", ...).
    ``precision`` is ACLED geo_precision: 1 exact town/village, 2 near / part of a region,
    3 a region, country or line.
    """

    surface: str
    start: int
    end: int
    place: Place | None
    score: float = 0.0
    precision: int = 3
    alternatives: tuple[Place, ...] = field(default=())
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.place is not None
