"""Ingest orchestration on the real pipeline (reader, gazetteer, extraction, geodata joins):
path expansion, the seed ingested twice, failures listed while the rest is committed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp.ingest import expand_paths, ingest_paths
from mapapp.settings import Settings
from mapapp.store import EventFilter, open_store
from tests.conftest import REPO

SAMPLES = REPO / "mapapp" / "samples"


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings({"data_dir": str(tmp_path), **overrides}, environ={})


def test_expand_paths_files_folders_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "two.html").write_text("x")
    (tmp_path / "a" / "skip.pdf").write_text("x")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "three.txt").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    files, missing = expand_paths([tmp_path / "a", str(tmp_path / "*.txt"),
                                   tmp_path / "b.txt", tmp_path / "absent.txt",
                                   str(tmp_path / "none*.txt")])
    assert [p.name for p in files] == ["one.txt", "two.html", "b.txt"]
    assert missing == [(str(tmp_path / "absent.txt"), "no such file or folder"),
                       (str(tmp_path / "none*.txt"), "no file matches this pattern")]


def test_devices_and_pipes_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with open_store(tmp_path / "events.sqlite") as store:
        summary = ingest_paths([fifo, "/dev/zero"], store, None, _settings(tmp_path))
    assert summary.failures == [(str(fifo), "not a regular file"),
                                ("/dev/zero", "not a regular file")]


def test_seed_twice_same_ids(tmp_path: Path, seed_paths: list[Path], gazetteer: Any) -> None:
    cfg = _settings(tmp_path)
    with open_store(tmp_path / "events.sqlite") as store:
        first = ingest_paths(seed_paths, store, gazetteer, cfg)
        ids = sorted(store.query()["event_id"])
        assert (first.new, first.unchanged, first.failed) == (len(seed_paths), 0, 0)
        assert first.events_added == len(ids) > 0
        second = ingest_paths(seed_paths, store, gazetteer, cfg)
        assert (second.new, second.unchanged, second.events_added, second.events_updated) == (
            0, len(seed_paths), 0, 0)
        assert sorted(store.query()["event_id"]) == ids
        seed = store.query(EventFilter(text="sugovushan"))
        assert len(seed) >= 1
        assert {"Azerbaijan", "Armenia"} <= {p for ps in store.query()["parties"] for p in ps}
        article = store.article(seed["article_id"].iloc[0])
        assert article is not None and "Sugovushan" in article.text
        for rec in store.query().itertuples():
            assert article.text[rec.char_start:rec.char_end] in rec.sentence or \
                rec.sentence in article.text


def test_failures_are_listed_and_the_rest_committed(tmp_path: Path, gazetteer: Any) -> None:
    work = tmp_path / "in"
    shutil.copytree(SAMPLES, work)
    samples = len(list(work.iterdir()))
    (work / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 300)
    with (work / "huge.txt").open("wb") as fh:  # 50 MB, sparse: the size check never reads it
        fh.truncate(50 * 1024 * 1024)
    (work / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    seen: list[Path] = []
    with open_store(tmp_path / "events.sqlite") as store:
        summary = ingest_paths([work], store, gazetteer, _settings(tmp_path),
                               progress=seen.append)
        reasons = dict(summary.failures)
        assert store.facets().articles == samples
    assert set(reasons) == {str(work / n) for n in ("broken.txt", "huge.txt", "gone.txt")}
    assert "over the 5,000,000-byte limit" in reasons[str(work / "huge.txt")]
    assert "cannot read" in reasons[str(work / "gone.txt")]
    assert "binary" in reasons[str(work / "broken.txt")].lower()
    assert all("\n" not in r and r for r in reasons.values())
    assert len(seen) == samples + 3
    assert (summary.new, summary.failed) == (samples, 3)


def test_samples_ingest_all_new_then_unchanged(tmp_path: Path, gazetteer: Any) -> None:
    cfg = _settings(tmp_path)
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    with open_store(tmp_path / "events.sqlite") as store:
        first = ingest_paths([SAMPLES], store, gazetteer, cfg)
        assert (first.new, first.failed) == (len(samples), 0), first.failures
        count = store.count()
        again = ingest_paths([str(SAMPLES / "*")], store, gazetteer, cfg)
        assert (again.new, again.unchanged, again.events_added) == (0, len(samples), 0)
        assert store.count() == count == first.events_added
        assert store.facets().articles == len(samples)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(p.name for p in SAMPLES.iterdir())), unique=True,
                max_size=6))
def test_property_ingest_order_and_repeats_do_not_matter(tmp_path_factory: pytest.TempPathFactory,
                                                         gazetteer: Any, first: list[str]) -> None:
    """Ingesting any subset first and then everything equals ingesting everything once."""
    tmp = tmp_path_factory.mktemp("prop")
    cfg = _settings(tmp)
    with open_store(tmp / "a.sqlite") as a, open_store(tmp / "b.sqlite") as b:
        ingest_paths([SAMPLES / n for n in first], a, gazetteer, cfg)
        ingest_paths([SAMPLES], a, gazetteer, cfg)
        ingest_paths([SAMPLES], b, gazetteer, cfg)
        qa, qb = a.query(), b.query()
    assert sorted(qa["event_id"]) == sorted(qb["event_id"])
    assert qa.drop(columns="geometry").sort_values("event_id").reset_index(drop=True).equals(
        qb.drop(columns="geometry").sort_values("event_id").reset_index(drop=True))


def test_online_geocoder_is_attached_only_when_the_setting_is_on(gazetteer_index: Path,
                                                                 tmp_path: Path) -> None:
    from mapapp.ingest import open_gazetteer

    env = {"CONFLICTMAP_GAZETTEER_INDEX": str(gazetteer_index),
           "CONFLICTMAP_DATA_DIR": str(tmp_path)}
    assert open_gazetteer(Settings(environ=env)).geocoder is None
    on = Settings(environ={**env, "CONFLICTMAP_ONLINE_GEOCODER": "1",
                           "CONFLICTMAP_GEOCODER_URL": "http://127.0.0.1:9"})
    geocoder = open_gazetteer(on).geocoder
    assert geocoder is not None and geocoder.url == "http://127.0.0.1:9"
