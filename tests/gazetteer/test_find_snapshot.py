"""``find`` gives the same mentions as the committed snapshot on the speed benchmark's texts.

The snapshot (``data/find_snapshot.json``) was written by the code before the speed work,
so an optimisation that changes any surface, span, place, reason, score, precision or
alternative fails here. Regenerate deliberately only when a change of behaviour is meant:
``.venv/bin/python tests/gazetteer/test_find_snapshot.py``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gazetteer import Gazetteer, Mention

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("data") / "find_snapshot.json"
SEED = ROOT.parent / "shared" / "seeds" / "000_c9256a6db4ad9ab8.txt"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gazetteer_speed", ROOT / "benchmarks" / "gazetteer_speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cases() -> list[tuple[str, str | None, date | None]]:
    """(text, language, report date): the benchmark articles as the benchmark calls find,
    a few of them lower-cased (the case-blind inflected pass) and with a language."""
    docs = _benchmark().articles()
    rd = date(2020, 10, 4)
    cases: list[tuple[str, str | None, date | None]] = [(d, None, rd) for d in docs]
    cases += [(d.lower(), None, rd) for d in docs[:8]]
    cases += [(d, lang, None) for d, lang in zip(docs[:6], ["id", "en", "ru", "tr", "az", "hy"],
                                                 strict=True)]
    return cases


def _record(m: Mention) -> list[Any]:
    return [m.surface, m.start, m.end, m.place.id if m.place else None, m.reason, m.score,
            m.precision, [a.id for a in m.alternatives]]


def _snapshot(gz: Gazetteer) -> list[list[list[Any]]]:
    return [[_record(m) for m in gz.find(text, language=lang, report_date=rd)]
            for text, lang, rd in _cases()]


def test_find_matches_the_snapshot_on_the_benchmark_texts(gz: Gazetteer) -> None:
    if not SEED.exists():
        pytest.skip("../shared/seeds is not present")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    got = json.loads(json.dumps(_snapshot(gz)))
    assert len(got) == len(expected) == 72
    assert sum(len(doc) for doc in expected) > 1000
    for k, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"case {k} differs"


if __name__ == "__main__":
    from mapapp.settings import Settings

    data = _snapshot(Gazetteer.open(Settings().gazetteer_index))
    SNAPSHOT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n",
                        encoding="utf-8")
    print(f"{SNAPSHOT}: {len(data)} cases, {sum(len(d) for d in data)} mentions")
    sys.exit(0)
