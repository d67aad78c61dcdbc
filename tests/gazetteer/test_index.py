from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from gazetteer import Gazetteer, GazetteerError, PlaceKind, _index, build_index, is_current


def test_build_is_a_noop_when_sources_are_unchanged(index_path: Path) -> None:
    assert build_index(index_path) == {"up_to_date": 1}
    assert is_current(index_path)


def test_a_changed_supplement_makes_the_index_stale(index_path: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    changed = tmp_path / "supplement.csv"
    shutil.copy(_index.SUPPLEMENT, changed)
    with open(changed, "a", encoding="utf-8") as f:
        f.write("sup:x,,X,populated_place,1,1,AZ,,0,,X:en:0::,https://example.org/x,\n")
    monkeypatch.setattr(_index, "SUPPLEMENT", changed)
    assert not is_current(index_path)


def test_supplement_rows_must_cite_a_source(tmp_path: Path) -> None:
    bad = tmp_path / "s.csv"
    header = _index.SUPPLEMENT.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(header + "\nsup:x,,X,populated_place,1,1,AZ,,0,,X:en:0::,,from memory\n",
                   encoding="utf-8")
    with pytest.raises(GazetteerError, match="source URL"):
        _index.read_supplement(bad)


def test_every_supplement_row_has_a_public_source() -> None:
    rows = _index.read_supplement()
    assert len(rows) >= 9
    ids = {row[0] for row, _, _ in rows}
    assert {"sup:sugovushan", "sup:talish", "sup:hadrut", "sup:aghdara", "sup:aras",
            "sup:border-aze-irn", "sup:border-arm-aze", "sup:nkao",
            "sup:lachin-corridor"} <= ids


def test_sugovushan_carries_its_former_name_with_validity(gz: Gazetteer) -> None:
    place = gz.place("sup:sugovushan")
    assert abs(place.lat - 40.331) < 0.03 and abs(place.lon - 46.729) < 0.03
    madagiz = [n for n in place.names if n.name == "Madagiz"]
    assert madagiz and all(n.is_historic and n.valid_to == date(2020, 10, 3) for n in madagiz)
    current = [n for n in place.names if n.name == "Suqovuşan"]
    assert current[0].valid_from == date(2020, 10, 3)
    assert {"Мадагиз", "Մատաղիս"} <= set(place.all_names())


def test_borders_and_the_former_nkao_point_at_geodata_features(gz: Gazetteer) -> None:
    assert gz.place("sup:border-aze-irn").geometry_ref == "line:AZE-IRN"
    assert gz.place("sup:border-aze-irn").kind is PlaceKind.BORDER
    assert gz.place("sup:border-arm-aze").geometry_ref == "line:ARM-AZE"
    nkao = gz.place("sup:nkao")
    assert nkao.kind is PlaceKind.AREA and nkao.geometry_ref == "area:nkao"


def test_lookup_finds_countries_in_other_languages(gz: Gazetteer) -> None:
    # CLDR names: Indonesian "Rusia", Turkish "Rusya", Armenian "Ռուսաստան"
    for name in ("Rusia", "Rusya", "Ռուսաստան", "Россия"):
        found = [p for p in gz.lookup(name) if p.kind is PlaceKind.COUNTRY]
        assert found and found[0].country == "RU", name


def test_geonames_places_are_in_the_index(gz: Gazetteer) -> None:
    baku = [p for p in gz.lookup("Baku")
            if p.country == "AZ" and p.kind is PlaceKind.POPULATED_PLACE][0]
    assert baku.id.startswith("gn:") and baku.population > 1_000_000
    assert abs(baku.lat - 40.38) < 0.1 and abs(baku.lon - 49.89) < 0.1


def test_open_refuses_a_missing_or_corrupt_index(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="not found"):
        Gazetteer.open(tmp_path / "nothing.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    _index.automaton_path(bad).write_bytes(b"junk")
    _index.hashes_path(bad).write_bytes(b"junk")
    with pytest.raises(GazetteerError):
        Gazetteer.open(bad)


def test_index_has_a_name_index_for_lookups(index_path: Path) -> None:
    con = sqlite3.connect(index_path)
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT place_id FROM names WHERE norm = 'baku'"))
    con.close()
    assert "names_norm" in plan


def test_a_rebuild_never_changes_the_file_a_reader_has_open(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """Readers open the index as immutable: a rebuild writes a copy (keeping imported rows)
    and moves it into place, so an open reader keeps its consistent old file."""
    version = iter(range(1, 10))

    def tiny_defaults(con: sqlite3.Connection, progress: object) -> dict[str, int]:
        n = next(version)
        rows = [(("sup:test", f"Testplace{n}", "populated_place", 40.0, 46.0, "AZ", "", 1000,
                  None), [(f"Testplace{n}", "en", 0, None, None)])]
        return {"places": _index._insert(con, rows, "supplement")}

    monkeypatch.setattr(_index, "_load_defaults", tiny_defaults)
    path = tmp_path / "g.sqlite"
    build_index(path, force=True)
    with sqlite3.connect(path) as con:
        con.execute("INSERT INTO places VALUES ('gn:1', 'Imported', 'populated_place', 1, 1, "
                    "'AZ', '', 5, NULL, 'import')")
    old_inode = path.stat().st_ino
    reader = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    build_index(path, force=True)
    assert path.stat().st_ino != old_inode  # a new file, moved into place
    assert reader.execute("SELECT name FROM places WHERE id='sup:test'").fetchone() == (
        "Testplace1",)
    reader.close()
    with sqlite3.connect(path) as con:
        names = dict(con.execute("SELECT id, name FROM places").fetchall())
    assert names == {"sup:test": "Testplace2", "gn:1": "Imported"}
    assert not list(tmp_path.glob("*.tmp"))
