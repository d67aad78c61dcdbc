"""The event record (DESIGN.md §3): one row per event, ACLED/UCDP-compatible where they overlap."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class FatalityClaim:
    """One casualty figure as one side tells it."""

    number: int
    low: int | None
    high: int | None
    who_died: str  # "soldiers" | "civilians" | "people" | "militants" ...
    side_of_dead: str  # party the dead belong to, "" if not stated
    claimed_by: str  # party (or outlet) that states the figure
    sentence: str


@dataclass(slots=True)
class Event:
    """One event; ``geometry`` is a GeoJSON-like mapping, e.g.
    ``{"type": "Point", "coordinates": [lon, lat]}``."""

    event_id: str
    article_id: str
    source: str
    url: str
    language: str
    event_date: str  # ISO yyyy-mm-dd
    event_date_end: str
    date_precision: int  # UCDP date_prec 1 (day) .. 5 (more than a year)
    report_date: str
    date_basis: str  # explicit | relative | dateline
    event_type: str  # ACLED event type
    sub_event_type: str
    summary: str
    actor1: str
    actor2: str
    parties: list[str]
    claimed_by: str
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    fatality_claims: list[FatalityClaim]
    place_name: str
    place_names: str  # "Sugovushan (Madagiz)"
    place_id: str
    geometry: dict[str, Any]
    geo_precision: int  # ACLED 1-3
    where_prec: int  # UCDP 1-7
    country: str
    admin1: str
    disputed_area: str
    sentence: str
    char_start: int
    char_end: int
    confidence: float
    title: str = ""
    sources: list[str] = field(default_factory=list)
    place_start: int = -1  # the words that named the place, as offsets into the article
    place_end: int = -1  # text (-1: none, e.g. imported ACLED/UCDP rows)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


EVENT_FIELDS: tuple[str, ...] = tuple(Event.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: ``text`` is exactly what offsets (``char_start`` etc.) index into.

    ``boilerplate`` lists (start, end) ranges of ``text`` that are not article body (share
    bars, "Read Previous/Next", related links); extraction skips them, offsets stay valid.
    """

    article_id: str  # sha256 hex of the normalised text
    text: str
    title: str
    report_date: str  # ISO yyyy-mm-dd, "" when unknown
    language: str  # ISO 639-1
    source: str  # outlet / site name, "" when unknown
    url: str
    path: str = ""  # file it was read from, "" for pasted text
    dateline_place: str = ""  # e.g. "Jakarta": where it was filed, not where events happened
    boilerplate: tuple[tuple[int, int], ...] = ()
