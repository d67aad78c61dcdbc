"""Stores for the page tests and the page benchmark, built from synthetic events.

Coordinates here are invented points in a lon/lat box (the shared fixtures' convention), not
real places — except where a test needs a named place: those rows reuse only names, and the
geometry stays synthetic. Swap in the real seed ingest when the pipeline serves it.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from mapapp.schema import Article, Event, FatalityClaim
from mapapp.store import open_store
from tests.conftest import make_article, make_event

PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>", "${alert(1)}", "{{ 7*7 }}", "{% for x in y %}loop{% endfor %}",
    "`backtick`", "\"double\" 'single'", "<img src=x onerror=alert(1)>",
)
PAYLOAD_TEXT = " ".join(PAYLOADS)

SUGOVUSHAN_SENTENCE = ("Shelling hit Sugovushan, the village called Madagiz until it was "
                       "renamed, on Saturday according to the defence ministry.")


def _article(key: str, title: str, text: str) -> Article:
    return Article(article_id=hashlib.sha256(text.encode()).hexdigest(), text=text,
                   title=title, report_date="2020-10-04", language="en", source="test-wire",
                   url=f"https://example.invalid/{key}", path="")


def sugovushan_event() -> tuple[Article, Event]:
    """One event like the seed's: a village with an old and a new name."""
    art = _article("sugovushan", "Fighting around Sugovushan", SUGOVUSHAN_SENTENCE)
    ev = make_event(900_001, article=art, event_date="2020-10-03", actor1="Azerbaijan",
                    actor2="Armenia", parties=["Azerbaijan", "Armenia"],
                    place_name="Sugovushan", place_names="Sugovushan (Madagiz)",
                    place_id="sup:sugovushan", sentence=SUGOVUSHAN_SENTENCE,
                    event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", title=art.title,
                    geometry={"type": "Point", "coordinates": [46.55, 40.3]})
    return art, ev


def payload_events() -> tuple[Article, list[Event]]:
    """Events whose every text field carries the payload corpus."""
    text = f"Report {PAYLOAD_TEXT}. Fighting near {PAYLOADS[2]} village."
    art = _article("payload", f"Title {PAYLOAD_TEXT}", text)
    claim = FatalityClaim(number=3, low=None, high=None, who_died=PAYLOADS[1],
                          side_of_dead=PAYLOADS[4], claimed_by=PAYLOADS[0], sentence=text)
    ev = make_event(900_002, article=art, event_date="2020-10-05", actor1=PAYLOADS[5],
                    actor2=PAYLOADS[6], parties=["Azerbaijan", "Armenia"],
                    place_name=PAYLOADS[2], place_names=f"{PAYLOADS[2]} ({PAYLOADS[3]})",
                    sentence=text, title=art.title, summary=PAYLOAD_TEXT,
                    fatality_claims=[claim], fatalities=3,
                    geometry={"type": "Point", "coordinates": [46.2, 39.9]})
    return art, [ev]


def region_and_border_events() -> tuple[Article, list[Event]]:
    """A region-precision event (outline) and a border event (line)."""
    art = _article("uncertain", "Shelling in the region and along the border",
                   "Shelling was reported across the region and along the border.")
    region = make_event(900_003, article=art, geo_precision=3, place_name="Region X",
                        place_names="Region X", parties=["Armenia"], actor1="Armenia",
                        geometry={"type": "Polygon", "coordinates": [[[46.0, 39.5],
                                  [46.8, 39.5], [46.8, 40.0], [46.0, 40.0], [46.0, 39.5]]]})
    border = make_event(900_004, article=art, geo_precision=3, place_name="Border Y",
                        place_names="Border Y", parties=["Azerbaijan"],
                        geometry={"type": "LineString", "coordinates": [[46.0, 38.9],
                                                                        [47.5, 39.3]]})
    return art, [region, border]


def build_store(path: Path, n_synthetic: int = 40, *, seed: int = 7) -> Path:
    """A SQLite store: ``n_synthetic`` mixed events plus the named and payload events.

    Half the synthetic events are acted by Armenia, half by Azerbaijan, so a party filter
    changes the count by a known amount.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    with open_store(path) as store:
        batch: list[Event] = []
        art = make_article(0)
        for i in range(n_synthetic):
            if i and i % 500 == 0:
                store.save_article(art, batch)
                art, batch = make_article(i), []
            acting = "Armenia" if i % 2 else "Azerbaijan"
            other = "Azerbaijan" if i % 2 else "Armenia"
            batch.append(make_event(i, article=art, rng=rng, parties=[acting],
                                    actor1=acting, actor2=other))
        if batch:
            store.save_article(art, batch)
        for article, events in (sugovushan_event(), payload_events(),
                                region_and_border_events()):
            if isinstance(events, Event):
                events = [events]
            store.save_article(article, events)
    return path
