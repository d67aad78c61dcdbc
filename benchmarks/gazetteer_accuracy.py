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


def main() -> int:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    places = data["places"]
    index = Path(Settings().gazetteer_index)
    build_index(index)
    gz = Gazetteer.open(index)
    n_gold = n_pred = tp = ok5 = ok161 = 0
    langs: set[str] = set()
    failures: list[str] = []
    for item in data["texts"]:
        langs.add(item["language"])
        text = item["text"]
        mentions = [m for m in gz.find(text, language=item["language"],
                                       report_date=date.fromisoformat(item["report_date"]))
                    if m.resolved]
        gold = item["gold"]
        gold_spans = _spans(text, [g[0] for g in gold])
        ignored = _spans(text, item.get("not_scored", []))
        scored = [m for m in mentions if not any(_overlap(s, m) for s in ignored)]
        n_gold += len(gold)
        n_pred += len(scored)
        for (surface, key), span in zip(gold, gold_spans, strict=True):
            hit = next((m for m in scored if _overlap(span, m)), None)
            if hit is None or hit.place is None:
                failures.append(f"{item['id']}: missed {surface!r}")
                continue
            tp += 1
            want = places[key]
            if "country" in want:
                good = hit.place.kind is PlaceKind.COUNTRY and hit.place.country == want["country"]
                km = 0.0 if good else float("inf")
            else:
                km = geodesic((want["lat"], want["lon"]), (hit.place.lat, hit.place.lon)).km
            ok5 += km <= 5
            ok161 += km <= 161
            if km > 5:
                failures.append(f"{item['id']}: {surface!r} -> {hit.place.name} "
                                f"({hit.place.id}) {km:.0f} km off")
        for m in scored:
            if not any(_overlap(s, m) for s in gold_spans):
                failures.append(f"{item['id']}: spurious {m.surface!r} -> {m.place.name}"
                                if m.place else "")
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    print(f"texts: {len(data['texts'])} in {len(langs)} languages ({', '.join(sorted(langs))}); "
          f"gold mentions: {n_gold}")
    print(f"spotting precision: {precision:.3f}  recall: {recall:.3f}")
    print(f"resolution accuracy within 5 km: {ok5 / n_gold:.3f} of gold "
          f"({ok5 / tp if tp else 0:.3f} of spotted)")
    print(f"resolution accuracy within 161 km: {ok161 / n_gold:.3f} of gold "
          f"({ok161 / tp if tp else 0:.3f} of spotted)")
    for line in failures:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
