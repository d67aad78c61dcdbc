"""Store and export speed on synthetic events: ingest 10k events (1,000 articles, one
transaction each), filtered queries on 10k and 100k events, exports of 100k events.
Goal from the issue: 100k events as GeoJSON in at most 1 s. Prints a table."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapapp import export, mapview  # noqa: E402
from mapapp.store import EventFilter, Store, open_store  # noqa: E402
from tests.conftest import make_article, make_event  # noqa: E402

ROWS: list[tuple[str, str, str, str]] = []


def timed(label: str, func: Callable[[], Any], note: Callable[[Any], str] = lambda _: "") -> Any:
    """Run ``func``; record wall time and this process's CPU time (the machine is shared, so
    CPU time is the steadier number when other jobs compete for the two cores)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    ROWS.append((label, f"{time.perf_counter() - start:7.3f} s",
                 f"{time.process_time() - cpu:7.3f} s", note(result)))
    return result


def batches(articles: int, per: int, offset: int = 0) -> list[tuple[Any, list[Any]]]:
    """Synthetic articles with their events, built before timing starts."""
    out = []
    for n in range(offset, offset + articles):
        art = make_article(n)
        out.append((art, [make_event(n * per + i, article=art) for i in range(per)]))
    return out


def save(store: Store, work: list[tuple[Any, list[Any]]]) -> None:
    for art, events in work:
        store.save_article(art, events)


FILTERS = {
    "date range (7 days)": EventFilter(since="2020-10-05", until="2020-10-11"),
    "party + type": EventFilter(parties=["Armenia"], event_types=["Battles"]),
    "country + admin1": EventFilter(countries=["Azerbaijan"], admin1=["Tartar"]),
    "bbox": EventFilter(bbox=(46.5, 39.6, 47.0, 40.0)),
    "text": EventFilter(text="near charlie"),
    "all filters": EventFilter(since="2020-10-01", until="2020-10-20", parties=["Armenia"],
                               countries=["Azerbaijan"], max_geo_precision=2,
                               bbox=(46.0, 39.0, 48.0, 41.0)),
}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        store = open_store(Path(tmp) / "events.sqlite")
        small = batches(1000, 10)
        timed("save 10k events (1,000 articles × 10, 1 txn each)", lambda: save(store, small))
        timed("re-save same 1,000 articles (all unchanged)", lambda: save(store, small))
        for label, flt in FILTERS.items():
            timed(f"query 10k: {label}", lambda flt=flt: store.query(flt),
                  lambda gdf: f"{len(gdf)} rows")
        big = batches(90, 1000, 10_000)
        timed("save 90k more (90 articles × 1,000)", lambda: save(store, big))
        for label in ("all filters", "party + type"):
            timed(f"count 100k: {label}", lambda label=label: store.count(FILTERS[label]),
                  lambda n: f"{n} rows")
        timed("query 100k: date range", lambda: store.query(FILTERS["date range (7 days)"]),
              lambda gdf: f"{len(gdf)} rows")
        gdf = timed("query 100k: everything", store.query, lambda g: f"{len(g)} rows")
        timed("columns 100k: the map's fields (page payload)",
              lambda: store.columns(None, mapview.PAYLOAD_FIELDS),
              lambda c: f"{len(c['event_id'])} rows")
        timed("extent 100k (page bounds)", store.extent, lambda e: str(e and len(e)))
        timed("facets 100k", store.facets, lambda f: f"{len(f.parties)} parties")
        out = Path(tmp)
        timed("export 100k GeoJSON (goal ≤ 1 s)", lambda: export.to_geojson(gdf, out / "a.geojson"),
              lambda p: f"{p.stat().st_size / 1e6:.1f} MB")
        timed("export 100k CSV", lambda: export.to_csv(gdf, out / "a.csv"),
              lambda p: f"{p.stat().st_size / 1e6:.1f} MB")
        timed("export 100k GeoPackage", lambda: export.to_gpkg(gdf, out / "a.gpkg"),
              lambda p: f"{p.stat().st_size / 1e6:.1f} MB")
        store.close()
    width = max(len(r[0]) for r in ROWS)
    load = os.getloadavg()[0]
    print(f"{'step'.ljust(width)}  {'wall':>9}  {'cpu':>9}  result   (load average {load:.1f})")
    for label, wall, cpu, note in ROWS:
        print(f"{label.ljust(width)}  {wall:>9}  {cpu:>9}  {note}")


if __name__ == "__main__":
    main()
