"""Speed work must not change results: the events (and article metadata) of the speed
benchmark's corpus, the sample corpus and the seed are compared field by field with a snapshot
taken from the code before it was optimised (tests/fixtures/extract_snapshot.json).

Regenerate only for a deliberate change of results, and say which in the commit message:
``.venv/bin/python tests/mapapp/test_extract_snapshot.py --write``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from mapapp.articles import read_article
from mapapp.extract import extract_events
from mapapp.schema import Article, Event

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "tests" / "fixtures" / "extract_snapshot.json"
CORPUS_SIZE = 60  # of the speed benchmark's synthetic ~3 KB articles
LIMIT = 5_000_000
_FILES = (*sorted((REPO / "mapapp" / "samples").glob("*")),
          *sorted((REPO / "benchmarks" / "data" / "extract_articles").glob("*.txt")),
          *sorted((REPO.parent / "shared" / "seeds").glob("*.txt")))


def _benchmark() -> Any:
    spec = importlib.util.spec_from_file_location("extract_speed",
                                                  REPO / "benchmarks" / "extract_speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _article_record(a: Article) -> dict[str, Any]:
    return {"article_id": a.article_id, "title": a.title, "report_date": a.report_date,
            "language": a.language, "source": a.source, "dateline_place": a.dateline_place,
            "boilerplate": [list(r) for r in a.boilerplate], "text_len": len(a.text),
            "url": a.url}


# Every event field but the article-level and bulky ones, in this order (a list per event
# keeps the file small); the geometry as a digest of its JSON.
FIELDS = ("event_id", "event_date", "event_date_end", "date_precision", "date_basis",
          "event_type", "sub_event_type", "summary", "actor1", "actor2", "parties",
          "claimed_by", "fatalities", "fatalities_low", "fatalities_high", "fatality_claims",
          "place_name", "place_names", "place_id", "geometry", "geo_precision", "where_prec",
          "country", "admin1", "disputed_area", "char_start", "char_end", "confidence",
          "sources")


def _event_record(e: Event) -> list[Any]:
    record = e.to_dict()
    record["geometry"] = hashlib.sha256(
        json.dumps(e.geometry, sort_keys=True).encode()).hexdigest()[:12]
    record["fatality_claims"] = [[c.number, c.low, c.high, c.who_died, c.side_of_dead,
                                  c.claimed_by] for c in e.fatality_claims]
    return [record[f] for f in FIELDS]


def _inputs() -> list[tuple[str, Article]]:
    """(label, article) for every snapshot input, read through read_article."""
    out = [(f"corpus:{i}", read_article(raw, name="a.txt", max_bytes=LIMIT))
           for i, raw in enumerate(_benchmark().corpus(CORPUS_SIZE))]
    out += [(f"file:{p.name}", read_article(p, max_bytes=LIMIT)) for p in _FILES]
    return out


def current(gaz: Any) -> dict[str, Any]:
    """The snapshot as the code yields it now."""
    snap: dict[str, Any] = {"fields": list(FIELDS)}
    snap.update({label: {"article": _article_record(a),
                         "events": [_event_record(e) for e in extract_events(a, gaz)]}
                 for label, a in _inputs()})
    return snap


def test_events_match_the_snapshot(gazetteer: Any) -> None:
    if not SNAPSHOT.exists():
        pytest.fail(f"no snapshot at {SNAPSHOT}")
    want = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(current(gazetteer)))
    missing_seed = [k for k in want if k.startswith("file:000_") and k not in got]
    if missing_seed and not (REPO.parent / "shared" / "seeds").exists():
        for k in missing_seed:
            want.pop(k)
    assert want.pop("fields") == got.pop("fields") == list(FIELDS)
    assert sorted(got) == sorted(want)
    assert sum(len(v["events"]) for v in want.values()) > 500  # the snapshot is not empty
    for label in want:
        assert got[label]["article"] == want[label]["article"], label
        assert len(got[label]["events"]) == len(want[label]["events"]), label
        for g, w in zip(got[label]["events"], want[label]["events"], strict=True):
            assert dict(zip(FIELDS, g, strict=True)) == dict(zip(FIELDS, w, strict=True)), label


if __name__ == "__main__" and "--write" in sys.argv:
    from gazetteer import Gazetteer
    from mapapp.settings import Settings

    snap = current(Gazetteer.open(Path(Settings().gazetteer_index)))
    lines = [f"{json.dumps(k, ensure_ascii=False)}:{json.dumps(v, ensure_ascii=False)}"
             for k, v in snap.items()]  # a line per article keeps diffs readable
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"{SNAPSHOT}: {len(snap) - 1} articles, "
          f"{sum(len(v['events']) for k, v in snap.items() if k != 'fields')} events")
