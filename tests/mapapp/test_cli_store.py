"""The store commands end to end: the issue's must-show (seed ingested twice, GeoJSON valid,
GeoPackage equal), two `ingest` processes at once, kill -9 mid-ingest, and bad inputs that
each get one line, a non-zero exit and leave the store untouched."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner

from mapapp.cli import main
from mapapp.store import open_store
from tests.conftest import REPO
from tests.mapapp.test_export import rfc7946_problems

FIXTURES = REPO / "tests" / "fixtures"
CLI = [sys.executable, "-m", "mapapp"]


@pytest.fixture
def env(tmp_path: Path, gazetteer_index: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CONFLICTMAP_")}
    return {**base, "CONFLICTMAP_DATA_DIR": str(tmp_path / "data"),
            "CONFLICTMAP_GAZETTEER_INDEX": str(gazetteer_index),
            "CONFLICTMAP_LOCK_TIMEOUT": "20"}


def run(env: dict[str, str], *args: str) -> Any:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def snapshot(db: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Everything a user could lose: every event row and every ledger row."""
    with sqlite3.connect(db) as con:
        return (con.execute("SELECT * FROM events ORDER BY event_id").fetchall(),
                con.execute("SELECT article_id, text, n_events FROM articles ORDER BY 1")
                .fetchall())


def test_must_show_seed_ingest_export(tmp_path: Path, env: dict[str, str],
                                      seed_paths: list[Path]) -> None:
    db = tmp_path / "x.sqlite"
    # the exact form: --db after the command; the global form is used below
    first = run(env, "ingest", *map(str, seed_paths), "--db", str(db))
    assert first.exit_code == 0, first.output
    assert f"articles: {len(seed_paths)} new, 0 unchanged, 0 failed" in first.stdout
    out = tmp_path / "out.geojson"
    assert run(env, "export", "--db", str(db), "--format", "geojson", "-o", str(out)
               ).exit_code == 0
    doc = json.loads(out.read_bytes())
    ids = sorted(f["properties"]["event_id"] for f in doc["features"])
    assert len(ids) >= 5 and rfc7946_problems(out.read_bytes()) == []
    sugovushan = [f for f in doc["features"] if "Sugovushan" in f["properties"]["place_names"]]
    assert sugovushan and sugovushan[0]["geometry"]["type"] == "Point"
    lon, lat = sugovushan[0]["geometry"]["coordinates"]
    assert 46.0 < lon < 47.2 and 39.9 < lat < 40.5  # lon/lat order, near Tartar district

    again = run(env, "--db", str(db), "ingest", *map(str, seed_paths))
    assert again.exit_code == 0
    assert (f"articles: 0 new, {len(seed_paths)} unchanged, 0 failed; events: 0 added, "
            "0 updated") in again.stdout
    run(env, "--db", str(db), "export", "--format", "geojson", "-o", str(out))
    assert sorted(f["properties"]["event_id"] for f in json.loads(out.read_bytes())[
        "features"]) == ids

    gpkg = tmp_path / "out.gpkg"
    assert run(env, "--db", str(db), "export", "--format", "gpkg", "-o", str(gpkg)
               ).exit_code == 0
    back = pd.concat([gpd.read_file(gpkg, layer=name) for name, _ in
                      pyogrio.list_layers(gpkg)], ignore_index=True)
    assert sorted(back["event_id"]) == ids
    by_id = {f["properties"]["event_id"]: f["properties"] for f in doc["features"]}
    for rec in back.to_dict("records"):
        props = by_id[rec["event_id"]]
        for name in ("event_date", "event_type", "place_name", "country", "admin1",
                     "geo_precision", "sentence", "char_start", "char_end"):
            assert rec[name] == props[name], name
        assert json.loads(rec["parties"]) == props["parties"]

    csv_out = tmp_path / "out.csv"
    assert run(env, "--db", str(db), "export", "--format", "csv", "--country", "Azerbaijan",
               "-o", str(csv_out)).exit_code == 0
    table = pd.read_csv(csv_out, encoding="utf-8-sig", keep_default_na=False)
    assert set(table["country"]) == {"Azerbaijan"}
    assert len(table) == sum(1 for p in by_id.values() if p["country"] == "Azerbaijan")


def test_events_table_and_filters(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "x.sqlite"
    assert run(env, "--db", str(db), "import-acled", str(FIXTURES / "acled_sample.csv")
               ).exit_code == 0
    everything = run(env, "--db", str(db), "events")
    assert everything.stdout.strip().splitlines()[-1] == "3 of 3 events shown"
    some = run(env, "--db", str(db), "events", "--type", "Battles", "--bbox", "46,40,47,41")
    lines = some.stdout.strip().splitlines()
    assert lines[-1] == "1 of 1 events shown" and "acled:TST10" in lines[1]
    bad = run(env, "--db", str(db), "events", "--bbox", "47,40,46,41")
    assert bad.exit_code == 2 and "west <= east" in bad.output


def test_import_commands_and_reimport(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "x.sqlite"
    first = run(env, "--db", str(db), "import-ucdp", str(FIXTURES / "ucdp_sample.csv"))
    assert first.stdout.strip() == ("UCDP GED: 2 rows read; events: 2 added, 0 updated, "
                                    "0 unchanged")
    again = run(env, "--db", str(db), "import-ucdp", str(FIXTURES / "ucdp_sample.csv"))
    assert again.stdout.strip().endswith("0 added, 0 updated, 2 unchanged")


def _one_error_line(result: Any) -> str:
    assert result.exit_code != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip() and ln.strip() != "ingesting"]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_bad_inputs_one_line_each_store_untouched(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "x.sqlite"
    assert run(env, "--db", str(db), "import-acled", str(FIXTURES / "acled_sample.csv")
               ).exit_code == 0
    before = snapshot(db)

    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    dangling = tmp_path / "unreadable.txt"
    dangling.symlink_to(tmp_path / "missing-target.txt")
    for path, needle in ((binary, "binary"), (huge, "over the 5,000,000-byte limit"),
                         (dangling, "cannot read")):
        result = run(env, "--db", str(db), "ingest", str(path))
        line = _one_error_line(result)
        assert line.startswith(f"failed: {path}: ") and needle in line.lower()
        assert "articles: 0 new, 0 unchanged, 1 failed" in result.stdout
        assert snapshot(db) == before

    wrong = run(env, "--db", str(db), "import-acled", str(FIXTURES / "acled_wrong_columns.csv"))
    assert "missing column(s) event_id_cnty" in _one_error_line(wrong)
    assert snapshot(db) == before

    missing_dir = tmp_path / "no" / "such" / "out.geojson"
    export = run(env, "--db", str(db), "export", "--format", "geojson", "-o", str(missing_dir))
    assert "does not exist" in _one_error_line(export)
    assert not (tmp_path / "no").exists() and snapshot(db) == before

    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        locked = run({**env, "CONFLICTMAP_LOCK_TIMEOUT": "0.3"}, "--db", str(db),
                     "import-ucdp", str(FIXTURES / "ucdp_sample.csv"))
        assert "is locked by another writer" in _one_error_line(locked)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert snapshot(db) == before

    corrupt = tmp_path / "corrupt.sqlite"
    garbage = b"not a database at all\n" * 100
    corrupt.write_bytes(garbage)
    for args in (["ingest", str(FIXTURES / "acled_sample.csv")], ["events"],
                 ["export", "--format", "csv", "-o", str(tmp_path / "c.csv")]):
        result = run(env, "--db", str(corrupt), *args)
        assert "not a SQLite database" in _one_error_line(result)
        assert corrupt.read_bytes() == garbage
    assert not (tmp_path / "c.csv").exists()


def _corpus(folder: Path, count: int) -> list[Path]:
    """Short English reports written for this test, each different (ids differ)."""
    folder.mkdir()
    places = ("Tartar", "Barda", "Fuzuli", "Goris", "Ganja")
    paths = []
    for n in range(count):
        day = 1 + n % 27
        place = places[n % len(places)]
        text = (f"Test report {n}\n\nBAKU, {day} October 2020. The defence ministry said its "
                f"forces shelled positions near {place} on {day} October. Officials said "
                f"{2 + n % 9} soldiers were killed in the fighting near {place}.\n")
        path = folder / f"report_{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_two_ingest_processes_at_once(tmp_path: Path, env: dict[str, str],
                                      seed_paths: list[Path]) -> None:
    db = tmp_path / "x.sqlite"
    corpus = _corpus(tmp_path / "corpus", 30)
    args = [*CLI, "--db", str(db), "ingest", *map(str, seed_paths), str(tmp_path / "corpus")]
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, cwd=REPO) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert ", 0 failed;" in out
    total = len(corpus) + len(seed_paths)
    news = [int(out.split("articles: ")[1].split(" new")[0]) for out, _ in outs]
    assert sum(news) == total  # each article stored once, by one of the two
    with open_store(db) as store:
        assert store.facets().articles == total
        assert store.integrity_check() == "ok"
        ids = store.query()["event_id"]
        assert ids.is_unique and len(ids) > 0


def test_kill_9_during_large_ingest(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "x.sqlite"
    _corpus(tmp_path / "corpus", 800)
    proc = subprocess.Popen([*CLI, "--db", str(db), "ingest", str(tmp_path / "corpus")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=REPO)
    deadline = time.monotonic() + 240
    committed = 0
    while time.monotonic() < deadline and committed < 40:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as con:
                    committed = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                committed = 0  # schema not created yet
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert committed >= 40
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ledger = dict(con.execute("SELECT article_id, n_events FROM articles"))
        stored = dict(con.execute("SELECT article_id, count(*) FROM events GROUP BY 1"))
    assert len(ledger) < 800  # it really was killed mid-way
    assert {a: n for a, n in ledger.items() if n} == stored  # whole articles, no orphans
    resumed = run(env, "--db", str(db), "ingest", str(tmp_path / "corpus"))
    assert resumed.exit_code == 0
    assert f"{800 - len(ledger)} new, {len(ledger)} unchanged, 0 failed" in resumed.stdout
