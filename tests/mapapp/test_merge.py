"""Merging one event reported by several articles: sources, range of claims, what stays apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from mapapp.articles import read_article
from mapapp.extract import extract_events
from mapapp.merge import merge_events
from mapapp.schema import Event, FatalityClaim
from tests.mapapp.test_extract import gaz  # noqa: F401 - the real compiled index

SAMPLES = Path(__file__).resolve().parents[2] / "mapapp" / "samples"


def _claim(n: int, by: str) -> FatalityClaim:
    return FatalityClaim(n, None, None, "civilians", "", by, f"{n} killed")


@pytest.fixture
def barda(event_factory: Callable[..., Event]) -> tuple[Event, Event]:
    base = dict(event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack", event_date="2020-10-28",
                event_date_end="2020-10-28", place_id="gn:587378", place_name="Barda")
    a = event_factory(1, **base, article_id="a" * 64, sources=["Wire A"],
                      geometry={"type": "Point", "coordinates": [47.1189, 40.3744]},
                      fatality_claims=[_claim(21, "Azerbaijan")], fatalities=21,
                      claimed_by="Azerbaijan", event_id="e1")
    b = event_factory(2, **base, article_id="b" * 64, sources=["Wire B"],
                      geometry={"type": "Point", "coordinates": [47.1300, 40.3800]},
                      fatality_claims=[_claim(19, "Azerbaijan")], fatalities=19,
                      claimed_by="Azerbaijan", event_id="e2")
    return a, b


def test_two_reports_of_barda_become_one_event_with_the_range(barda: tuple[Event, Event]) -> None:
    [m] = merge_events(list(barda))
    assert (m.fatalities_low, m.fatalities_high, m.fatalities) == (19, 21, 19)
    assert sorted(c.number for c in m.fatality_claims) == [19, 21]
    assert m.sources == ["Wire A", "Wire B"]
    assert m.event_date == "2020-10-28"
    assert merge_events(list(reversed(barda)))[0].event_id == m.event_id  # order-free


@pytest.mark.parametrize(("change", "why"), [
    ({"event_type": "Battles", "sub_event_type": "Armed clash"}, "other type"),
    ({"event_date": "2020-10-30"}, "two days apart"),
    ({"geometry": {"type": "Point", "coordinates": [47.25, 40.38]}}, "11 km away"),
    ({"article_id": "a" * 64}, "same article"),
])
def test_events_that_stay_apart(barda: tuple[Event, Event], change: dict, why: str) -> None:
    a, b = barda
    merged = merge_events([a, replace(b, **change)])
    assert len(merged) == 2, why
    assert {e.event_id for e in merged} == {"e1", "e2"}


def test_border_events_merge_by_feature(barda: tuple[Event, Event]) -> None:
    line = {"type": "LineString", "coordinates": [[46.5, 38.9], [47.0, 39.2]]}
    a, b = (replace(e, geometry=line, place_id="line:AZE-IRN") for e in barda)
    assert len(merge_events([a, b])) == 1
    assert len(merge_events([a, replace(b, place_id="line:ARM-IRN")])) == 2


def test_merge_is_transitive_and_keeps_unmatched(barda: tuple[Event, Event],
                                                 event_factory: Callable[..., Event]) -> None:
    a, b = barda
    c = replace(b, article_id="c" * 64, event_id="e3", event_date="2020-10-29",
                event_date_end="2020-10-29",
                sources=["Wire C"], fatality_claims=[_claim(25, "Azerbaijan")])
    lone = event_factory(9, event_id="e9", event_date="2020-11-05")
    merged = merge_events([lone, c, a, b])
    assert len(merged) == 2
    big = next(e for e in merged if len(e.sources) == 3)
    assert (big.fatalities_low, big.fatalities_high) == (19, 25)
    assert big.event_date_end == "2020-10-29"
    assert any(e.event_id == "e9" for e in merged)


def test_sample_barda_articles_merge(gaz) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    events = []
    for name in ("en_barda_2020-10-28.txt", "ru_barda_2020-10-28.txt"):
        events += extract_events(read_article(SAMPLES / name, max_bytes=5_000_000), gaz)
    [m] = [e for e in merge_events(events) if e.place_name == "Barda"]
    assert (m.fatalities_low, m.fatalities_high) == (19, 21)
    assert len(m.sources) == 2 and {c.claimed_by for c in m.fatality_claims} == {"Azerbaijan"}
