"""Loading the pack and looking features up."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

import geodata
from geodata import GeodataError


def test_pack_is_cached_and_has_the_contract_columns() -> None:
    pack = geodata.load_pack()
    assert pack is geodata.load_pack()
    assert {"feature_id", "kind", "name", "name_en", "names", "iso_3166_2", "adm0_a3",
            "iso_a2", "wikidataid", "geometry"} <= set(pack.columns)
    assert pack.crs.to_epsg() == 4326
    assert pack["feature_id"].is_unique
    counts = pack["kind"].value_counts().to_dict()
    assert counts["admin1"] == 4596 and counts["country"] == 251 and counts["area"] == 1


def test_feature_ids_follow_the_contract() -> None:
    pack = geodata.load_pack()
    prefixes = {"admin1": "adm1:", "country": "adm0:", "line": "line:", "area": "area:"}
    for kind, prefix in prefixes.items():
        assert pack.loc[pack["kind"] == kind, "feature_id"].str.startswith(prefix).all()


def test_feature_returns_geometry() -> None:
    geom = geodata.feature("adm0:AZE")
    assert geom.geom_type == "MultiPolygon"  # Nakhchivan is an exclave
    assert geom.contains(shapely.Point(49.8671, 40.4093))  # Baku


def test_feature_names_by_language() -> None:
    names = geodata.feature_names("adm1:AZE-1738")
    assert names["en"] == "Tartar"


def test_unknown_feature_is_a_clear_error() -> None:
    with pytest.raises(GeodataError, match="no feature 'adm1:NOPE'"):
        geodata.feature("adm1:NOPE")
    with pytest.raises(GeodataError, match="no feature"):
        geodata.feature_names("adm1:NOPE")


def test_missing_or_corrupt_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GeodataError, match="not found"):
        geodata.load_pack(tmp_path / "absent.parquet")
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(GeodataError, match="unreadable"):
        geodata.load_pack(broken)
