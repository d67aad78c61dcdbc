"""Geoparsing accuracy of the gazetteer on the team's labelled multilingual set.

Prints spotting precision/recall and resolution accuracy within 5 km and 161 km (the
usual geoparsing thresholds; 161 km = 100 miles). Countries count as correct when the
resolved place is that country. Run: ``.venv/bin/python benchmarks/gazetteer_accuracy.py``.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from geopy.distance import geodesic

from gazetteer import Gazetteer, Mention, PlaceKind, build_index
from mapapp.settings import Settings

GOLD = Path(__file__).parent / "data" / "gazetteer_gold.json"


def _spans(text: str, surfaces: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for surface in surfaces:
        start = text.find(surface, pos)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            raise SystemExit(f"gold surface {surface!r} not in text")
        out.append((start, start + len(surface)))
        pos = start + 1
    return out


def _overlap(a: tuple[int, int], m: Mention) -> bool:
    return a[0] < m.end and m.start < a[1]


def evaluate(gz: Gazetteer, texts: list[dict], places: dict) -> tuple[dict, list[str]]:
    """Counts for one set of texts, and a line per miss, spurious or far-off mention."""
    c = {"texts": len(texts), "gold": 0, "pred": 0, "tp": 0, "ok5": 0, "ok161": 0}
    failures: list[str] = []
    for item in texts:
        text = item["text"]
        mentions = [m for m in gz.find(text, language=item["language"],
                                       report_date=date.fromisoformat(item["report_date"]))
                    if m.resolved]
        gold = item["gold"]
        gold_spans = _spans(text, [g[0] for g in gold])
        ignored = _spans(text, item.get("not_scored", []))
        scored = [m for m in mentions if not any(_overlap(s, m) for s in ignored)]
        c["gold"] += len(gold)
        c["pred"] += len(scored)
        for (surface, key), span in zip(gold, gold_spans, strict=True):
            hit = next((m for m in scored if _overlap(span, m)), None)
            if hit is None or hit.place is None:
                failures.append(f"{item['id']}: missed {surface!r}")
                continue
            c["tp"] += 1
            want = places[key]
            if "country" in want:
                good = hit.place.kind is PlaceKind.COUNTRY and hit.place.country == want["country"]
                km = 0.0 if good else float("inf")
            else:
                km = geodesic((want["lat"], want["lon"]), (hit.place.lat, hit.place.lon)).km
            c["ok5"] += km <= 5
            c["ok161"] += km <= 161
            if km > 5:
                failures.append(f"{item['id']}: {surface!r} -> {hit.place.name} "
                                f"({hit.place.id}) {km:.0f} km off")
        for m in scored:
            if m.place and not any(_overlap(s, m) for s in gold_spans):
                failures.append(f"{item['id']}: spurious {m.surface!r} -> {m.place.name}")
    return c, failures


def _report(name: str, c: dict) -> None:
    p = c["tp"] / c["pred"] if c["pred"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    print(f"[{name}] texts {c['texts']}, gold mentions {c['gold']}: spotting precision "
          f"{p:.3f} recall {r:.3f}; resolved within 5 km {c['ok5'] / c['gold']:.3f}, "
          f"within 161 km {c['ok161'] / c['gold']:.3f} (of gold mentions)")


def main() -> int:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    index = Path(Settings().gazetteer_index)
    build_index(index)
    gz = Gazetteer.open(index)
    langs = sorted({t["language"] for t in data["texts"]})
    print(f"labelled set: {len(data['texts'])} texts in {len(langs)} languages "
          f"({', '.join(langs)})")
    total = {"texts": 0, "gold": 0, "pred": 0, "tp": 0, "ok5": 0, "ok161": 0}
    all_failures: list[str] = []
    for split in ("dev", "heldout"):
        texts = [t for t in data["texts"] if t.get("split", "dev") == split]
        if not texts:
            continue
        c, failures = evaluate(gz, texts, data["places"])
        _report(split, c)
        for k in total:
            total[k] += c[k]
        all_failures += failures
    _report("all", total)
    for line in all_failures:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
