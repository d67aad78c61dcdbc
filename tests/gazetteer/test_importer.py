"""GeoNames dump import on small fixtures written in the exact dump format."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest

from gazetteer import Gazetteer, GazetteerError, PlaceKind, import_geonames
from gazetteer._index import connect

# 19 tab-separated columns: geonameid, name, asciiname, alternatenames, latitude, longitude,
# feature class, feature code, country code, cc2, admin1-4, population, elevation, dem,
# timezone, modification date.
MAIN_ROWS = [
    ["9000001", "Qaradağlı", "Qaradagli", "Garadagly,Karadagly,Гарадаглы", "40.16667",
     "46.93333", "P", "PPL", "AZ", "", "57", "", "", "", "0", "", "350", "Asia/Baku",
     "2020-10-20"],
    ["9000002", "Hotel Qaradağlı", "Hotel Qaradagli", "", "40.1667", "46.9334", "S", "HTL",
     "AZ", "", "57", "", "", "", "0", "", "350", "Asia/Baku", "2020-10-20"],
    ["9000003", "Okahandja Test", "Okahandja Test", "", "-21.98333", "16.91667", "P", "PPLA",
     "NA", "", "07", "", "", "", "24100", "", "1307", "Africa/Windhoek", "2019-01-01"],
]
# 10 columns: alternateNameId, geonameid, isolanguage, name, isPreferredName, isShortName,
# isColloquial, isHistoric, from, to.
ALT_ROWS = [
    ["1", "9000001", "ru", "Гарадаглы", "1", "", "", "", "", ""],
    ["2", "9000001", "hy", "Ղարադաղլու", "", "", "", "1", "1920", "2020-11-20"],
    ["3", "9000001", "link", "https://en.wikipedia.org/wiki/Qarada%C4%9Fl%C4%B1", "", "", "",
     "", "", ""],
    ["4", "9000001", "wkdt", "Q99999999", "", "", "", "", "", ""],
    ["5", "9999999", "en", "Nowhere", "", "", "", "", "", ""],
]


def _tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


@pytest.fixture()
def tiny_index(tmp_path: Path) -> Path:
    """An index with one default place, so imports can be checked without a full build."""
    path = tmp_path / "tiny.sqlite"
    con = connect(path)
    with con:
        con.execute("INSERT INTO meta VALUES ('schema', '4')")
        con.execute("INSERT INTO places VALUES ('gn:9000001','Old name','populated_place',"
                    "40.0,46.0,'AZ','',0,NULL,'geonames')")
        con.execute("INSERT INTO names VALUES ('gn:9000001','Old name','old name','',0,NULL,"
                    "NULL,'geonames')")
    con.close()
    return path


@pytest.fixture()
def dumps(tmp_path: Path) -> tuple[Path, Path]:
    country = tmp_path / "AZ.zip"
    with zipfile.ZipFile(country, "w") as zf:
        zf.writestr("readme.txt", "GeoNames readme\tnot\tdata\n")
        zf.writestr("AZ.txt", _tsv(MAIN_ROWS))
    alternates = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alternates, "w") as zf:
        zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\tISO 639-1\tName\n")
        zf.writestr("alternateNamesV2.txt", _tsv(ALT_ROWS))
    return country, alternates


def test_import_upserts_places_and_names(tiny_index: Path, dumps: tuple[Path, Path]) -> None:
    counts = import_geonames(tiny_index, *reversed(dumps))  # order does not matter
    assert counts == {"places": 2, "names": 2, "skipped_features": 1, "pseudo_names": 2}
    gz = Gazetteer.open(tiny_index)
    village = gz.place("gn:9000001")
    assert village.name == "Qaradağlı"  # the import replaced the default row
    assert (village.lat, village.lon) == (40.16667, 46.93333)
    assert "Old name" not in village.all_names()
    hy = [n for n in village.names if n.language == "hy"][0]
    assert hy.is_historic and hy.valid_from == date(1920, 1, 1)
    assert hy.valid_to == date(2020, 11, 20)
    assert not [n for n in village.names if n.name.startswith("http") or n.name == "Q99999999"]
    namibia = gz.place("gn:9000003")
    assert namibia.country == "NA"  # never read as a missing value
    assert namibia.kind is PlaceKind.POPULATED_PLACE and namibia.population == 24100
    with pytest.raises(KeyError):
        gz.place("gn:9000002")  # hotels are not places
    ms = gz.find("Shelling was reported in Qaradağlı and in Гарадаглы.")
    assert [m.place.id for m in ms if m.place] == ["gn:9000001", "gn:9000001"]
    gz.close()


def test_imported_rows_are_marked_to_survive_rebuilds(tiny_index: Path,
                                                      dumps: tuple[Path, Path]) -> None:
    import_geonames(tiny_index, *dumps)
    con = sqlite3.connect(tiny_index)
    sources = dict(con.execute("SELECT id, source FROM places").fetchall())
    name_sources = {r[0] for r in con.execute("SELECT DISTINCT source FROM names")}
    con.close()
    assert sources == {"gn:9000001": "import", "gn:9000003": "import"}
    assert name_sources == {"import", "import-alt"}


def test_plain_txt_dump_and_bad_rows(tiny_index: Path, tmp_path: Path) -> None:
    plain = tmp_path / "AZ.txt"
    plain.write_text(_tsv(MAIN_ROWS[:1]), encoding="utf-8")
    assert import_geonames(tiny_index, plain)["places"] == 1
    broken = tmp_path / "XX.txt"
    broken.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="3 columns, expected 19"):
        import_geonames(tiny_index, broken)
    with pytest.raises(GazetteerError, match="no such file"):
        import_geonames(tiny_index, tmp_path / "missing.zip")
    with pytest.raises(GazetteerError, match="build the index first"):
        import_geonames(tmp_path / "none.sqlite", plain)
