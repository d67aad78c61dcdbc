from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mapapp.cli import main


@pytest.fixture()
def runner(index_path: Path) -> CliRunner:
    return CliRunner(env={"CONFLICTMAP_GAZETTEER_INDEX": str(index_path)})


def test_places_json_has_the_documented_shape(runner: CliRunner, seed_text: str,
                                              tmp_path: Path) -> None:
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    result = runner.invoke(main, ["places", str(article), "--format", "json",
                                  "--language", "id", "--report-date", "2020-10-04"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == {"mentions", "rejected"}
    m = next(x for x in payload["mentions"] if x["surface"] == "Madagaskar")
    assert set(m) == {"surface", "start", "end", "score", "precision", "place"}
    assert set(m["place"]) == {"id", "name", "names", "kind", "country", "lat", "lon"}
    assert seed_text[m["start"]:m["end"]] == "Madagaskar"
    assert m["place"]["id"] == "sup:sugovushan" and "Madagiz" in m["place"]["names"]
    assert m["precision"] == 1
    rejected = {r["surface"]: r for r in payload["rejected"]}
    assert set(rejected["Jakarta"]) == {"surface", "start", "end", "reason"}
    assert rejected["Jakarta"]["reason"] == "dateline"


def test_places_table_is_for_people(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Shelling hit Tartar and Ganja, officials in Baku said.",
                       encoding="utf-8")
    result = runner.invoke(main, ["places", str(article)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["span", "surface", "place"]
    assert any("Ganja" in line and "AZ" in line for line in lines[1:])


def test_places_refuses_binary_files_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    blob = tmp_path / "x.bin"
    blob.write_bytes(b"\x89PNG\x00\x00\x01" * 50)
    result = runner.invoke(main, ["places", str(blob)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "binary" in result.output


def test_places_without_an_index_says_how_to_build_it(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Baku", encoding="utf-8")
    runner = CliRunner(env={"CONFLICTMAP_GAZETTEER_INDEX": str(tmp_path / "none.sqlite")})
    result = runner.invoke(main, ["places", str(article)])
    assert result.exit_code == 1 and "gazetteer build" in result.output


def test_gazetteer_build_is_a_noop_when_current(runner: CliRunner) -> None:
    result = runner.invoke(main, ["gazetteer", "build"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("up to date")


def test_gazetteer_import_reports_counts(tmp_path: Path) -> None:
    from gazetteer._index import connect
    from tests.gazetteer.test_importer import MAIN_ROWS, _tsv

    index = tmp_path / "g.sqlite"
    connect(index).close()
    dump = tmp_path / "AZ.txt"
    dump.write_text(_tsv(MAIN_ROWS), encoding="utf-8")
    runner = CliRunner(env={"CONFLICTMAP_GAZETTEER_INDEX": str(index)})
    result = runner.invoke(main, ["gazetteer", "import", str(dump)])
    assert result.exit_code == 0, result.output
    assert "places=2" in result.output and "skipped_features=1" in result.output
