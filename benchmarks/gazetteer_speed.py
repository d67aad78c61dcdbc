"""Gazetteer speed: index load time and ``find`` throughput on ~3 KB articles, one core.

Articles are cut from the seed and the labelled benchmark texts (several languages) into
~3 KB pieces; throughput is measured cold (first pass, empty caches) and warm (three runs
of 10 passes, median).
Run: ``.venv/bin/python benchmarks/gazetteer_speed.py``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from gazetteer import Gazetteer, build_index
from mapapp.settings import Settings

HERE = Path(__file__).parent
SEED = HERE.parent.parent / "shared" / "seeds" / "000_c9256a6db4ad9ab8.txt"
ARTICLE_CHARS = 3000


def articles() -> list[str]:
    """~3 KB articles: seed paragraphs and gold texts, packed in turn."""
    paragraphs: list[str] = []
    if SEED.exists():
        paragraphs += [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    gold = json.loads((HERE / "data" / "gazetteer_gold.json").read_text(encoding="utf-8"))
    paragraphs += [t["text"] for t in gold["texts"]]
    out: list[str] = []
    for shift in range(len(paragraphs)):
        ring = paragraphs[shift:] + paragraphs[:shift]
        text = ""
        for p in ring:
            if len(text) >= ARTICLE_CHARS:
                break
            text += p + "\n\n"
        out.append(text[: ARTICLE_CHARS + 400])
    return out


def _open_time(index: Path) -> float:
    """Seconds to open the index in a fresh interpreter (imports excluded)."""
    code = ("import time; from gazetteer import Gazetteer; t = time.perf_counter(); "
            f"Gazetteer.open({str(index)!r}); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip())


def main() -> int:
    index = Path(Settings().gazetteer_index)
    build_index(index)
    loads = [_open_time(index) for _ in range(5)]
    print(f"index load (fresh process, 5 runs): median {statistics.median(loads) * 1000:.0f} ms, "
          f"max {max(loads) * 1000:.0f} ms")
    gz = Gazetteer.open(index)
    docs = articles()
    size = statistics.mean(len(d.encode()) for d in docs)
    rd = date(2020, 10, 4)
    t = time.process_time()
    for d in docs:
        gz.find(d, report_date=rd)
    cold = time.process_time() - t
    print(f"articles: {len(docs)} of {size / 1000:.1f} KB on average")
    print(f"find cold (first pass, CPU time): {len(docs) / cold:.0f} articles/s")
    # CPU time of this one process, three runs of 10 rounds, median reported: the machine
    # is shared, so wall time also counts other people's work (printed for reference).
    rounds, n = 10, 10 * len(docs)
    runs: list[tuple[float, float]] = []
    for _ in range(3):
        t, wall = time.process_time(), time.perf_counter()
        for _ in range(rounds):
            for d in docs:
                gz.find(d, report_date=rd)
        runs.append((time.process_time() - t, time.perf_counter() - wall))
    print("find warm runs (CPU ms per article): "
          + ", ".join(f"{cpu / n * 1000:.2f}" for cpu, _ in runs))
    warm = statistics.median(cpu for cpu, _ in runs)
    wall = statistics.median(w for _, w in runs)
    print(f"find warm, one core (CPU time, median of 3): {n / warm:.0f} articles/s "
          f"({warm / n * 1000:.2f} ms per article); wall clock: {n / wall:.0f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
