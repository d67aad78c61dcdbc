"""Articles per second through ``conflictmap ingest`` (files → read → extract → SQLite store),
and how many bytes of store each article costs.

Run: .venv/bin/python benchmarks/ingest_speed.py [N]   (needs `conflictmap gazetteer build`)

The articles are extract_speed.py's ~3 KB shuffles of the sample corpus, written to a
temporary folder; the store is a fresh SQLite file next to them. The first 100 articles warm
the process the way a long ingest does and are not timed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from extract_speed import corpus

from mapapp.ingest import ingest_paths, open_gazetteer
from mapapp.settings import Settings
from mapapp.store import open_store

WARM = 100


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    settings = Settings()
    if not Path(settings.gazetteer_index).exists():
        print(f"no gazetteer index at {settings.gazetteer_index}; run "
              "`conflictmap gazetteer build` first")
        return 1
    gaz = open_gazetteer(settings)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, raw in enumerate(corpus(WARM + n, seed=3)):
            path = Path(tmp) / f"{i:06d}.txt"
            path.write_bytes(raw)
            files.append(path)
        db = Path(tmp) / "events.sqlite"
        store = open_store(db)
        ingest_paths(files[:WARM], store, gaz, settings)
        size0 = sum(p.stat().st_size for p in Path(tmp).glob("events.sqlite*"))
        wall, cpu = time.perf_counter(), time.process_time()
        summary = ingest_paths(files[WARM:], store, gaz, settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        store.close()
        size = sum(p.stat().st_size for p in Path(tmp).glob("events.sqlite*")) - size0
    print(summary.line())
    print(f"ingest: {n / wall:,.0f} articles/s wall ({1000 * wall / n:.2f} ms/article), "
          f"{1000 * cpu / n:.2f} ms CPU/article, one process")
    print(f"store growth: {size / n / 1000:,.1f} KB/article, "
          f"{size / max(summary.events_added, 1) / 1000:,.2f} KB/event")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
