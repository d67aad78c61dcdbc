"""Loading the committed region pack and the spatial index over it (both cached per process)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata._grid import load_grid
from geodata.errors import GeodataError

PACK_PATH = Path(__file__).resolve().parent / "data" / "regions.parquet"
REQUIRED_COLUMNS = frozenset({
    "feature_id", "kind", "name", "name_en", "names", "iso_3166_2", "adm0_a3", "iso_a2",
    "wikidataid", "geometry",
})
NKAO_ID = "area:nkao"
NKAO_LABEL = "Former NKAO"


@lru_cache(maxsize=4)
def _read(path: Path) -> gpd.GeoDataFrame:
    try:
        pack = gpd.read_parquet(path)
    except FileNotFoundError:
        raise GeodataError(f"region pack not found: {path} (run `conflictmap geodata build`)") \
            from None
    except (OSError, ValueError) as exc:
        raise GeodataError(f"region pack {path} is unreadable: {exc}") from None
    missing = REQUIRED_COLUMNS - set(pack.columns)
    if missing:
        raise GeodataError(f"region pack {path} lacks columns {sorted(missing)}")
    return pack


def load_pack(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The region pack as a GeoDataFrame (EPSG:4326), read once per process.

    Callers get the cached frame itself; copy it before changing it.
    """
    return _read(Path(path).resolve() if path is not None else PACK_PATH)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, int]:
    return {fid: i for i, fid in enumerate(load_pack()["feature_id"])}


def feature(feature_id: str) -> shapely.Geometry:
    """The geometry of one pack feature, e.g. ``adm1:AZE-1738``, ``line:AZE-IRN``."""
    i = _by_id().get(feature_id)
    if i is None:
        raise GeodataError(f"no feature {feature_id!r} in the region pack")
    return load_pack().geometry.iloc[i]


def feature_names(feature_id: str) -> dict[str, str]:
    """All names of a feature keyed by language code (``en``, ``ru``, ``az`` …)."""
    i = _by_id().get(feature_id)
    if i is None:
        raise GeodataError(f"no feature {feature_id!r} in the region pack")
    names: dict[str, str] = json.loads(load_pack()["names"].iloc[i])
    return names


@dataclass(frozen=True, slots=True)
class Admin1Index:
    """Admin-1 polygons sorted by feature id (so "lowest index" is a stable tie-break)."""

    feature_id: np.ndarray
    name: np.ndarray
    code: np.ndarray
    adm0_a3: np.ndarray
    country: np.ndarray
    iso2: np.ndarray
    geometry: np.ndarray
    tree: shapely.STRtree
    nkao: shapely.Geometry
    grid: np.ndarray | None = None
    grid_res: float = 0.0


def file_digest(path: Path) -> str:
    """sha256 of a file: ties the lookup grid to the exact pack it was built from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_admin1_index(pack: gpd.GeoDataFrame,
                      grid: tuple[np.ndarray, float] | None = None) -> Admin1Index:
    """STRtree over the admin-1 polygons plus the attributes a join needs."""
    countries = pack[pack["kind"] == "country"].set_index("adm0_a3")["name"]
    admin1 = pack[pack["kind"] == "admin1"].sort_values("feature_id", kind="stable")
    geoms = np.asarray(admin1.geometry.values, dtype=object)
    shapely.prepare(geoms)
    nkao = pack.loc[pack["feature_id"] == NKAO_ID].geometry.iloc[0]
    shapely.prepare(nkao)
    a3 = admin1["adm0_a3"].to_numpy(dtype=object)
    return Admin1Index(
        feature_id=admin1["feature_id"].to_numpy(dtype=object),
        name=admin1["name"].to_numpy(dtype=object),
        code=admin1["iso_3166_2"].to_numpy(dtype=object),
        adm0_a3=a3,
        country=np.array([countries.get(x, "") for x in a3], dtype=object),
        iso2=admin1["iso_a2"].to_numpy(dtype=object),
        geometry=geoms,
        tree=shapely.STRtree(geoms),
        nkao=nkao,
        grid=grid[0] if grid else None,
        grid_res=grid[1] if grid else 0.0,
    )


@lru_cache(maxsize=1)
def admin1_index() -> Admin1Index:
    """The index over the committed pack, with its lookup grid when one matches; built once."""
    return make_admin1_index(load_pack(), load_grid(file_digest(PACK_PATH)))
