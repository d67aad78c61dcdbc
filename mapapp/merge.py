"""One event reported by several articles becomes one event with every source and the range
of claims (Barda: one outlet says 19 killed, another 21 → low 19, high 21).

Two events are the same when they have the same event type, come from different articles,
start within ``max_days`` of each other and lie within ``max_km`` (geodesic, between
representative points; lines and regions compare by their feature id). Groups are closed
transitively, and the result does not depend on input order.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from typing import Any

from mapapp._geo import km
from mapapp.schema import Event

MAX_KM = 5.0
MAX_DAYS = 1


def _anchor(geometry: dict[str, Any]) -> tuple[float, float] | None:
    """(lat, lon) of a point; None for lines, regions and missing geometry."""
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lat), float(lon)
    return None


def _days(a: Event, b: Event) -> int:
    return abs((date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)).days)


def _same(a: Event, b: Event, max_km: float, max_days: int) -> bool:
    if a.article_id == b.article_id or a.event_type != b.event_type:
        return False
    if not a.event_date or not b.event_date:
        return False
    if _days(a, b) > max_days:
        return False
    pa, pb = _anchor(a.geometry), _anchor(b.geometry)
    if pa and pb:
        return km(pa, pb) <= max_km
    return bool(a.place_id) and a.place_id == b.place_id


def merge_events(events: list[Event], *, max_km: float = MAX_KM,
                 max_days: int = MAX_DAYS) -> list[Event]:
    """Merge events that several articles report; unmatched events pass through unchanged."""
    ordered = sorted(events, key=lambda e: (e.event_date, e.event_id))
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if b.event_date and a.event_date and _days(a, b) > max_days:
                break
            if _same(a, b, max_km, max_days):
                parent[root(j)] = root(i)
    groups: dict[int, list[Event]] = {}
    for i, e in enumerate(ordered):
        groups.setdefault(root(i), []).append(e)
    return [_combine(g) if len(g) > 1 else g[0] for g in groups.values()]


def _combine(group: list[Event]) -> Event:
    """The most precise report as the base, with all sources and the spread of the claims."""
    base = min(group, key=lambda e: (e.geo_precision, e.date_precision, -e.confidence, e.event_id))
    claims = [c for e in group for c in e.fatality_claims]
    numbers = [c.number for c in claims]
    lows = [c.low if c.low is not None else c.number for c in claims]
    highs = [c.high if c.high is not None else c.number for c in claims]
    sources = sorted({s for e in group for s in (e.sources or [e.source or e.url or e.article_id])})
    parties = list(dict.fromkeys(p for e in group for p in e.parties))
    claimants = list(dict.fromkeys(e.claimed_by for e in group if e.claimed_by))
    merged_id = hashlib.sha256("|".join(sorted(e.event_id for e in group)).encode()).hexdigest()
    return replace(
        base,
        event_id=merged_id[:32],
        event_date=min(e.event_date for e in group),
        event_date_end=max(e.event_date_end or e.event_date for e in group),
        parties=parties,
        claimed_by="; ".join(claimants),
        fatality_claims=claims,
        fatalities=min(numbers) if numbers else None,
        fatalities_low=min(lows) if lows else None,
        fatalities_high=max(highs) if highs else None,
        sources=sources,
        confidence=round(min(1.0, max(e.confidence for e in group) + 0.1), 2),
    )
